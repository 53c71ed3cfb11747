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
    objects = pairs(("s3:PutObject", "s3:GetObject", "s3:DeleteObject"),
                    [s3_objects("acme-lake"), s3_objects("acme-audit")])
    buckets = pairs("s3:ListBucket", [s3_bucket("acme-lake"), s3_bucket("acme-audit")])
    assert role.pairs == baseline("lake-writer", "sink") | reads("orders", "refunds") | objects | buckets
    role.assert_source(objects | buckets, "connect.s3.kcql", DOC)


def test_lenses_s3_sink_rejects_kcql_without_a_bucket(tmp_path):
    from kindtest import load_errors
    config = dict(CONFIG, **{"connect.s3.kcql": "SELECT * FROM orders"})
    assert "connect.s3.kcql" in load_errors(tmp_path, {"name": "lake-writer", "connector_configuration": config})
