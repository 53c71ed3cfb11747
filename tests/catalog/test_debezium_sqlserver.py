"""Debezium SQL Server source: schema history with an explicit consumer group, schema change topic,
notifications to a Kafka topic.

Expected pairs written from https://debezium.io/documentation/reference/stable/connectors/sqlserver.html
and https://debezium.io/documentation/reference/stable/configuration/notification.html.
"""

from kindtest import G, T, baseline, generate, kc, pairs, writes

DOC = "https://debezium.io/documentation/reference/stable/connectors/sqlserver.html"

CONFIG = {
    "connector.class": "io.debezium.connector.sqlserver.SqlServerConnector",
    "tasks.max": "1",
    "database.hostname": "erp.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com",
    "database.port": "1433",
    "database.user": "cdc_reader",
    "database.password": "${secretsmanager:erp-cdc:password}",
    "database.names": "ERP",
    "database.encrypt": "true",
    "topic.prefix": "erp",
    "table.include.list": "dbo.Orders,dbo.Customers",
    "schema.history.internal.kafka.topic": "schemahistory.erp",
    "schema.history.internal.kafka.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "schema.history.internal.consumer.group.id": "erp-cdc-history",
    "schema.history.internal.consumer.security.protocol": "SASL_SSL",
    "schema.history.internal.consumer.sasl.mechanism": "AWS_MSK_IAM",
    "schema.history.internal.producer.security.protocol": "SASL_SSL",
    "schema.history.internal.producer.sasl.mechanism": "AWS_MSK_IAM",
    "notification.enabled.channels": "sink",
    "notification.sink.topic.name": "erp-cdc-notifications",
}

WORKER = {
    "config.providers": "secretsmanager",
    "config.providers.secretsmanager.class": "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider",
}


def test_debezium_sqlserver_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "erp-cdc", "connector_configuration": CONFIG, "worker_configuration": WORKER})
    history = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData", "DescribeTopicDynamicConfiguration"),
                    T("schemahistory.erp"))
    group = pairs(kc("DescribeGroup", "AlterGroup"), G("erp-cdc-history"))
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:erp-cdc-??????")
    # Debezium 2.x SQL Server topics are <prefix>.<database>.<schema>.<table>: database.names x table.include.list
    data = writes("erp.ERP.dbo.Orders", "erp.ERP.dbo.Customers")
    role.assert_source(data, "database.names", DOC)
    role.assert_source(data, "table.include.list", DOC)
    assert role.pairs == (baseline("erp-cdc", "source") | data | writes("erp", "erp-cdc-notifications")
                          | history | group | secret)
    role.assert_source(group, "schema.history.internal.consumer.group.id", "https://debezium.io/")
    role.assert_source(writes("erp-cdc-notifications"), "notification.sink.topic.name", "https://debezium.io/")
    role.assert_source(writes("erp"), "include.schema.changes", DOC)
