"""Aiven S3 source: lists and reads objects under aws.s3.prefix and writes the configured topic.

Expected pairs written from the Aiven S3 source documentation
(https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/tree/main/s3-source-connector);
the S3 actions are the ones ListObjectsV2 and GetObject require (S3 API reference) — Aiven documents
no permission list for the source (docs/catalog.md marks them unconfirmed).
"""

from kindtest import baseline, generate, pairs, s3_bucket, s3_objects, writes

CONFIG = {
    "connector.class": "io.aiven.kafka.connect.s3.source.S3SourceConnector",
    "tasks.max": "1",
    "aws.s3.bucket.name": "acme-replay",
    "aws.s3.region": "us-east-1",
    "aws.s3.prefix": "exports/orders/",
    "topic": "orders-replayed",
    "input.format": "jsonl",
    "file.name.template": "{{topic}}-{{partition}}-{{start_offset}}.jsonl",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
}


def test_aiven_s3_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-replay", "connector_configuration": CONFIG})
    s3 = (pairs("s3:GetObject", s3_objects("acme-replay", "exports/orders/"))
          | pairs("s3:ListBucket", s3_bucket("acme-replay")))
    assert role.pairs == baseline("orders-replay", "source") | writes("orders-replayed") | s3
    role.assert_source(s3, "aws.s3.bucket.name", "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka")
    role.assert_source(writes("orders-replayed"), "topic", "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka")


def test_aiven_s3_source_without_topic_warns(tmp_path):
    config = {k: v for k, v in CONFIG.items() if k != "topic"}
    role = generate(tmp_path, {"name": "orders-replay", "connector_configuration": config,
                               "topics": ["orders-replayed"]})
    assert any("topic" in w and "file.name.template" in w for w in role.warnings)
