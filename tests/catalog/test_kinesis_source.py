"""Confluent Kinesis source: reads the stream's shards, writes kafka.topic; Confluent license topic.

Expected pairs written from https://docs.confluent.io/kafka-connectors/kinesis/current/overview.html
(kinesis.stream, kinesis.region, kafka.topic); the Kinesis read actions are the APIs a shard reader
calls (unconfirmed by Confluent's stored pages: docs/catalog.md).
"""

from kindtest import T, baseline, generate, kc, pairs, writes

DOC = "https://docs.confluent.io/kafka-connectors/kinesis/"

CONFIG = {
    "connector.class": "io.confluent.connect.kinesis.KinesisSourceConnector",
    "tasks.max": "1",
    "kafka.topic": "device-telemetry",
    "kinesis.stream": "device-telemetry-stream",
    "kinesis.region": "US_WEST_2",
    "kinesis.position": "TRIM_HORIZON",
    "confluent.topic.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "confluent.topic.replication.factor": "3",
}


def test_kinesis_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "telemetry-from-kinesis", "connector_configuration": CONFIG})
    stream = pairs(("kinesis:DescribeStream", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"),
                   "arn:aws:kinesis:us-west-2:123456789012:stream/device-telemetry-stream")
    license_topic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    assert role.pairs == (baseline("telemetry-from-kinesis", "source") | writes("device-telemetry") | stream
                          | license_topic)
    role.assert_source(stream, "kinesis.stream", DOC)
    role.assert_source(writes("device-telemetry"), "kafka.topic", DOC)
