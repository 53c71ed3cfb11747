"""Lenses (Stream Reactor) S3 sink: KCQL names the buckets; objects and the index files of its
exactly-once commit protocol are written, read and deleted in those buckets.

Expected pairs written from https://docs.lenses.io/latest/connectors/kafka-connectors/sinks/aws-s3
(KCQL, indexes); the S3 action list is unconfirmed by Lenses' documentation (docs/catalog.md).
"""

from kindtest import baseline, generate, pairs, reads, s3_bucket, s3_objects

DOC = "https://docs.lenses.io/"

CONFIG = {
    "connector.class": "io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector",
    "tasks.max": "2",
    "topics": "orders,refunds",
    "connect.s3.kcql": ("INSERT INTO acme-lake:orders SELECT * FROM orders STOREAS `PARQUET` "
                        "PROPERTIES('flush.count'=5000, 'flush.interval'=300); "
                        "INSERT INTO `acme-audit`:refunds/raw SELECT * FROM refunds STOREAS `JSON`"),
    "connect.s3.aws.region": "us-east-1",
    "connect.s3.aws.auth.mode": "Default",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}


def test_lenses_s3_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "lake-writer", "connector_configuration": CONFIG})
    # stream-reactor@c7218e6e: data objects under the KCQL prefix (AwsS3Uploader.scala L37, L56;
    # AwsS3StorageInterface.scala L157, L179, L488-492), index files under .indexes (IndexSettings.scala L33-40)
    objects = pairs(("s3:PutObject", "s3:GetObject", "s3:DeleteObject"),
                    [s3_objects("acme-lake", "orders/"), s3_objects("acme-lake", ".indexes/"),
                     s3_objects("acme-audit", "refunds/raw/"), s3_objects("acme-audit", ".indexes/")])
    buckets = pairs("s3:ListBucket", [s3_bucket("acme-lake"), s3_bucket("acme-audit")])
    assert role.pairs == baseline("lake-writer", "sink") | reads("orders", "refunds") | objects | buckets
    role.assert_source(objects | buckets, "connect.s3.kcql", "https://")


def test_lenses_s3_sink_without_a_prefix_writes_anywhere_in_the_bucket(tmp_path):
    config = dict(CONFIG, **{"connect.s3.kcql": "INSERT INTO acme-lake SELECT * FROM orders",
                             "connect.s3.indexes.name": "idx", "topics": "orders"})
    role = generate(tmp_path, {"name": "lake-writer", "connector_configuration": config})
    objects = {r for (a, r) in role.pairs if a == "s3:PutObject"}
    assert objects == {s3_objects("acme-lake"), s3_objects("acme-lake", "idx/")}


def test_lenses_s3_sink_rejects_kcql_without_a_bucket(tmp_path):
    from kindtest import load_errors
    config = dict(CONFIG, **{"connect.s3.kcql": "SELECT * FROM orders"})
    assert "connect.s3.kcql" in load_errors(tmp_path, {"name": "lake-writer", "connector_configuration": config})
