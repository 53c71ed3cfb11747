"""Debezium PostgreSQL source: topic prefix, heartbeat with a custom prefix, transaction metadata,
no schema history; values serialised with the AWS Glue Schema Registry Avro converter.

Expected pairs written from https://debezium.io/documentation/reference/stable/connectors/postgresql.html
and https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html (code examples 13 and 14).
"""

from kindtest import baseline, generate, pairs, writes

DOC = "https://debezium.io/documentation/reference/stable/connectors/postgresql.html"
GLUE_DOC = "https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html"

CONFIG = {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "tasks.max": "1",
    "plugin.name": "pgoutput",
    "publication.autocreate.mode": "filtered",
    "slot.name": "debezium_payments",
    "database.hostname": "payments.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com",
    "database.port": "5432",
    "database.user": "debezium",
    "database.password": "${secretsmanager:payments-db-cdc:password}",
    "database.dbname": "payments",
    "topic.prefix": "pg",
    "table.include.list": "public.payments,public.refunds",
    "heartbeat.interval.ms": "30000",
    "topic.heartbeat.prefix": "hb",
    "provide.transaction.metadata": "true",
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "false",
    "value.converter": "com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter",
    "value.converter.region": "us-east-1",
    "value.converter.registry.name": "cdc",
    "value.converter.schemaAutoRegistrationEnabled": "true",
    "value.converter.avroRecordType": "GENERIC_RECORD",
}

WORKER = {
    "config.providers": "secretsmanager",
    "config.providers.secretsmanager.class": "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider",
    "config.providers.secretsmanager.param.region": "us-east-1",
}


def test_debezium_postgres_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "payments-cdc", "connector_configuration": CONFIG,
                               "worker_configuration": WORKER})
    # table.include.list names two tables of schema public: <prefix>.<schema>.<table>
    topics = ["pg.public.payments", "pg.public.refunds", "pg.transaction", "hb.pg"]
    # GetSchemaVersion: the serializer polls a version it registered until the compatibility check
    # completes (awslabs/aws-glue-schema-registry AWSSchemaRegistryClient.java L306-312, L373-383)
    glue = pairs(("glue:GetSchemaByDefinition", "glue:CreateSchema", "glue:RegisterSchemaVersion",
                  "glue:PutSchemaVersionMetadata", "glue:GetSchemaVersion"),
                 ["arn:aws:glue:us-east-1:123456789012:registry/cdc"]
                 + [f"arn:aws:glue:us-east-1:123456789012:schema/cdc/{t}" for t in topics])
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:payments-db-cdc-??????")

    # PostgreSQL has no schema history and no schema change topic: nothing on 'pg' itself.
    assert role.pairs == baseline("payments-cdc", "source") | writes(*topics) | glue | secret

    role.assert_source(writes("hb.pg"), "topic.heartbeat.prefix", DOC)
    role.assert_source(writes("pg.public.payments", "pg.public.refunds"), "table.include.list", DOC)
    polled = {p for p in glue if p[0] == "glue:GetSchemaVersion"}
    role.assert_source(glue - polled, "value.converter", GLUE_DOC)
    role.assert_source(polled, "schemaAutoRegistrationEnabled", "https://github.com/awslabs/aws-glue-schema-registry/")
