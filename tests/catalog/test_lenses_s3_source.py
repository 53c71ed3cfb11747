"""Lenses (Stream Reactor) S3 source: KCQL names the bucket and prefix it reads and the topic it writes.

Expected pairs written from https://docs.lenses.io/latest/connectors/kafka-connectors/sources/aws-s3;
the S3 actions (list and read) are unconfirmed by Lenses' documentation (docs/catalog.md).
"""

from kindtest import baseline, generate, pairs, s3_bucket, s3_objects, writes

DOC = "https://docs.lenses.io/"

CONFIG = {
    "connector.class": "io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector",
    "tasks.max": "1",
    "connect.s3.kcql": "INSERT INTO orders-restored SELECT * FROM acme-lake:orders STOREAS `PARQUET` LIMIT 1000",
    "connect.s3.aws.region": "us-east-1",
    "connect.s3.aws.auth.mode": "Default",
    "connect.s3.source.partition.search.recurse.levels": "0",
}


def test_lenses_s3_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "lake-restore", "connector_configuration": CONFIG})
    s3 = pairs("s3:GetObject", s3_objects("acme-lake", "orders/")) | pairs("s3:ListBucket", s3_bucket("acme-lake"))
    assert role.pairs == baseline("lake-restore", "source") | writes("orders-restored") | s3
    role.assert_source(s3 | writes("orders-restored"), "connect.s3.kcql", DOC)
