"""Confluent S3 source (generic mode): lists and reads objects under topics.dir, writes the topics of
topic.regex.list, and uses Confluent's license topic.

Expected pairs written from https://docs.confluent.io/kafka-connectors/s3-source/current/overview.html
and the license topic requirements (https://docs.confluent.io/platform/current/connect/license.html);
the S3 action list is unconfirmed (docs/catalog.md).
"""

from kindtest import T, baseline, generate, kc, pairs, s3_bucket, s3_objects, writes

CONFIG = {
    "connector.class": "io.confluent.connect.s3.source.S3SourceConnector",
    "tasks.max": "1",
    "s3.bucket.name": "acme-orders-archive",
    "s3.region": "us-east-1",
    "mode": "GENERIC",
    "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
    "topics.dir": "exports",
    "topic.regex.list": "orders-restored:.*\\.json",
    "confluent.topic.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "confluent.topic.replication.factor": "3",
    "confluent.license": "",
}


def test_confluent_s3_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-restore", "connector_configuration": CONFIG})
    s3 = (pairs("s3:GetObject", s3_objects("acme-orders-archive", "exports/"))
          | pairs("s3:ListBucket", s3_bucket("acme-orders-archive")))
    license_topic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    assert role.pairs == baseline("orders-restore", "source") | writes("orders-restored") | s3 | license_topic
    role.assert_source(s3, "s3.bucket.name", "https://docs.confluent.io/kafka-connectors/s3-source/")
    role.assert_source(writes("orders-restored"), "topic.regex.list", "https://docs.confluent.io/kafka-connectors/s3-source/")
    role.assert_source(license_topic, "confluent.topic", "https://docs.confluent.io/platform/current/connect/license.html")
