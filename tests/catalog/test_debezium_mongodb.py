"""Debezium MongoDB source: topic prefix and heartbeat topic; no schema history, no schema change topic.

Expected pairs written from https://debezium.io/documentation/reference/stable/connectors/mongodb.html.
"""

from kindtest import G, T, baseline, generate, kc, pairs, writes

DOC = "https://debezium.io/documentation/reference/stable/connectors/mongodb.html"

CONFIG = {
    "connector.class": "io.debezium.connector.mongodb.MongoDbConnector",
    "tasks.max": "1",
    "mongodb.connection.string": "mongodb://catalog-docdb.cluster-c1a2b3c4d5e6.us-east-1.docdb.amazonaws.com:27017/?replicaSet=rs0",
    "mongodb.user": "debezium",
    "mongodb.password": "${secretsmanager:catalog-cdc:password}",
    "topic.prefix": "catalog",
    "collection.include.list": "catalog.products,catalog.prices",
    "capture.mode": "change_streams_update_full",
    "heartbeat.interval.ms": "60000",
    "signal.enabled.channels": "kafka",
    "signal.kafka.groupId": "catalog-cdc-signals",
}


def test_debezium_mongodb_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "catalog-cdc", "connector_configuration": CONFIG})
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:catalog-cdc-??????")
    # signal.kafka.topic defaults to <topic.prefix>-signal
    signal = pairs(kc("ReadData", "DescribeTopic"), T("catalog-signal")) | pairs(
        kc("DescribeGroup", "AlterGroup"), G("catalog-cdc-signals"))
    # collection.include.list names two collections (matched on <db>.<collection>): their topics only
    data = writes("catalog.catalog.products", "catalog.catalog.prices")
    assert role.pairs == (baseline("catalog-cdc", "source") | data | writes("__debezium-heartbeat.catalog")
                          | signal | secret)
    role.assert_source(data, "collection.include.list", DOC)
    role.assert_source(data, "topic.prefix", DOC)
    role.assert_source(writes("__debezium-heartbeat.catalog"), "heartbeat.interval.ms", DOC)
