"""Debezium Oracle source: schema history (default group), schema change topic switched off,
custom topic delimiter.

Expected pairs written from https://debezium.io/documentation/reference/stable/connectors/oracle.html.
"""

from kindtest import G, T, baseline, generate, kc, pairs, writes

DOC = "https://debezium.io/documentation/reference/stable/connectors/oracle.html"

CONFIG = {
    "connector.class": "io.debezium.connector.oracle.OracleConnector",
    "tasks.max": "1",
    "database.hostname": "ledger.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com",
    "database.port": "1521",
    "database.user": "c##dbzuser",
    "database.password": "${secretsmanager:ledger-cdc:password}",
    "database.dbname": "ORCLCDB",
    "database.pdb.name": "ORCLPDB1",
    "log.mining.strategy": "online_catalog",
    "topic.prefix": "ledger",
    "topic.delimiter": "_",
    "include.schema.changes": "false",
    "table.include.list": "LEDGER.ENTRIES",
    "schema.history.internal.kafka.topic": "ledger-history",
    "schema.history.internal.kafka.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "schema.history.internal.store.only.captured.tables.ddl": "true",
    "schema.history.internal.consumer.sasl.mechanism": "AWS_MSK_IAM",
    "schema.history.internal.producer.sasl.mechanism": "AWS_MSK_IAM",
}


def test_debezium_oracle_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "ledger-cdc", "connector_configuration": CONFIG})
    history = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData", "DescribeTopicDynamicConfiguration"),
                    T("ledger-history"))
    group = pairs(kc("DescribeGroup", "AlterGroup"), G("ledger-schemahistory"))
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:ledger-cdc-??????")
    # topic.delimiter '_' makes the data topics ledger_<schema>_<table>; no schema change topic.
    assert role.pairs == baseline("ledger-cdc", "source") | writes("ledger_*") | history | group | secret
    role.assert_source(writes("ledger_*"), "topic.prefix", DOC)
