"""Snowflake sink: Kafka access only (reads its topics); its private key through the config provider.

Expected pairs written from https://docs.snowflake.com/en/user-guide/kafka-connector-install.
"""

from kindtest import baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "com.snowflake.kafka.connector.SnowflakeSinkConnector",
    "tasks.max": "4",
    "topics": "orders,customers",
    "snowflake.topic2table.map": "orders:ORDERS,customers:CUSTOMERS",
    "snowflake.url.name": "acme-analytics.snowflakecomputing.com:443",
    "snowflake.user.name": "KAFKA_CONNECTOR",
    "snowflake.private.key": "${secretsmanager:snowflake-kafka:private_key}",
    "snowflake.database.name": "RAW",
    "snowflake.schema.name": "KAFKA",
    "snowflake.ingestion.method": "SNOWPIPE_STREAMING",
    "snowflake.role.name": "KAFKA_CONNECTOR_ROLE",
    "buffer.count.records": "10000",
    "buffer.flush.time": "60",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}


def test_snowflake_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-to-snowflake", "connector_configuration": CONFIG})
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:snowflake-kafka-??????")
    assert role.pairs == baseline("orders-to-snowflake", "sink") | reads("orders", "customers") | secret
    assert role.role.connector.kind == "snowflake_sink"
