"""Debezium MySQL source: topic prefix, schema change topic, heartbeat and transaction topics,
schema history topic and its consumer group, Kafka signal channel.

Expected pairs written from the Debezium MySQL connector documentation
(https://debezium.io/documentation/reference/stable/connectors/mysql.html) and the signalling page
(https://debezium.io/documentation/reference/stable/configuration/signalling.html); see docs/catalog.md.
"""

from kindtest import G, T, baseline, generate, kc, pairs, writes

DOC = "https://debezium.io/documentation/reference/stable/connectors/mysql.html"
SIGNAL_DOC = "https://debezium.io/documentation/reference/stable/configuration/signalling.html"

WORKER = {
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "config.providers": "secretManager",
    "config.providers.secretManager.class": "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider",
    "config.providers.secretManager.param.region": "us-east-1",
}

IAM_CLIENT = {
    f"{c}.{k}": v
    for c in ("schema.history.internal.producer", "schema.history.internal.consumer", "signal.consumer")
    for k, v in {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "AWS_MSK_IAM",
        "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
        "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
    }.items()
}

CONFIG = {
    "connector.class": "io.debezium.connector.mysql.MySqlConnector",
    "tasks.max": "1",
    "database.hostname": "shop-db.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com",
    "database.port": "3306",
    "database.user": "${secretManager:shop-db-cdc:username}",
    "database.password": "${secretManager:shop-db-cdc:password}",
    "database.server.id": "184054",
    "database.include.list": "shop",
    "topic.prefix": "shop",
    "include.schema.changes": "true",
    "heartbeat.interval.ms": "10000",
    "provide.transaction.metadata": "true",
    "schema.history.internal.kafka.topic": "schema-changes.shop",
    "schema.history.internal.kafka.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "signal.enabled.channels": "source,kafka",
    "signal.data.collection": "shop.debezium_signal",
    "signal.kafka.topic": "shop-signals",
    "signal.kafka.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "topic.creation.default.replication.factor": "3",
    "topic.creation.default.partitions": "6",
    **IAM_CLIENT,
}


def test_debezium_mysql_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "shop-cdc", "connector_configuration": CONFIG, "worker_configuration": WORKER})

    # database.include.list=shop: the tables of database shop (<prefix>.<db>.<table>); the signal table
    # shop.debezium_signal is one of them, so it adds no topic
    data = writes("shop.shop.*", "shop", "shop.transaction", "__debezium-heartbeat.shop", create=True)
    history = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData", "DescribeTopicDynamicConfiguration"),
                    T("schema-changes.shop"))
    history_group = pairs(kc("DescribeGroup", "AlterGroup"), G("shop-schemahistory"))
    signal = pairs(kc("ReadData", "DescribeTopic"), T("shop-signals"))
    signal_group = pairs(kc("DescribeGroup", "AlterGroup"), G("kafka-signal"))
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db-cdc-??????")

    assert role.pairs == (baseline("shop-cdc", "source") | data | history | history_group | signal | signal_group
                          | secret)

    role.assert_source(history, "schema.history.internal.kafka.topic", "https://debezium.io/")
    role.assert_source(history_group, "topic.prefix", "https://debezium.io/")
    role.assert_source(signal | signal_group, "signal.enabled.channels", SIGNAL_DOC)
    role.assert_source(writes("__debezium-heartbeat.shop"), "heartbeat.interval.ms", DOC)
    role.assert_source(writes("shop.transaction"), "provide.transaction.metadata", DOC)
    role.assert_source(writes("shop.shop.*", "shop"), "topic.prefix", DOC)
    role.assert_source(writes("shop.shop.*"), "database.include.list", DOC)
    assert not any("AWS_MSK_IAM" in w for w in role.warnings)


def test_debezium_mysql_1x_properties(tmp_path):
    """Debezium 1.x names: database.server.name, database.history.kafka.topic, group <server>-dbhistory;
    no heartbeat (interval 0 by default), no transaction topic, schema changes off."""
    config = {
        "connector.class": "io.debezium.connector.mysql.MySqlConnector",
        "database.hostname": "legacy-db.internal",
        "database.port": "3306",
        "database.user": "cdc",
        "database.password": "plain-for-test",
        "database.server.id": "5501",
        "database.server.name": "legacy",
        "database.include.list": "billing",
        "include.schema.changes": "false",
        "database.history.kafka.topic": "dbhistory.legacy",
        "database.history.kafka.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
        "database.history.consumer.sasl.mechanism": "AWS_MSK_IAM",
        "database.history.producer.sasl.mechanism": "AWS_MSK_IAM",
    }
    role = generate(tmp_path, {"name": "legacy-cdc", "connector_configuration": config})
    expected = (baseline("legacy-cdc", "source") | writes("legacy.billing.*")
                | pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData",
                           "DescribeTopicDynamicConfiguration"), T("dbhistory.legacy"))
                | pairs(kc("DescribeGroup", "AlterGroup"), G("legacy-dbhistory")))
    assert role.pairs == expected


def test_debezium_mysql_warns_when_history_clients_lack_iam_auth(tmp_path):
    config = {k: v for k, v in CONFIG.items() if not k.startswith("schema.history.internal.producer.")}
    role = generate(tmp_path, {"name": "shop-cdc", "connector_configuration": config, "worker_configuration": WORKER})
    assert any("schema.history.internal.producer" in w and "AWS_MSK_IAM" in w for w in role.warnings)


def test_debezium_mysql_warns_when_the_signal_consumer_lacks_iam_auth(tmp_path):
    config = {k: v for k, v in CONFIG.items() if not k.startswith("signal.consumer.")}
    role = generate(tmp_path, {"name": "shop-cdc", "connector_configuration": config, "worker_configuration": WORKER})
    assert any("signal.consumer.sasl.mechanism" in w for w in role.warnings)
    assert not any("schema.history.internal" in w for w in role.warnings)
