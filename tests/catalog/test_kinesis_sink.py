"""Amazon Kinesis Data Streams sink (awslabs kinesis-kafka-connector): describe and put records on
the stream, list streams, CloudWatch metrics from the Kinesis Producer Library.

Expected pairs written from https://github.com/awslabs/kinesis-kafka-connector (README: "permission to
list streams, describe streams and put records"; metricsLevel uploads metrics to CloudWatch).
"""

from kindtest import baseline, generate, pairs, reads

DOC = "https://github.com/awslabs/kinesis-kafka-connector"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream-events"

CONFIG = {
    "connector.class": "com.amazon.kinesis.kafka.AmazonKinesisSinkConnector",
    "tasks.max": "2",
    "topics": "clickstream",
    "region": "us-east-1",
    "streamName": "clickstream-events",
    "usePartitionAsHashKey": "false",
    "flushSync": "true",
    "singleKinesisProducerPerPartition": "true",
    "pauseConsumption": "true",
    "outstandingRecordsThreshold": "500000",
    "sleepPeriod": "1000",
    "sleepCycles": "10",
    "maxBufferedTime": "1500",
    "maxConnections": "1",
    "rateLimit": "100",
    "ttl": "60000",
    "metricsLevel": "detailed",
    "metricsGranuality": "shard",
    "metricsNameSpace": "KafkaKinesisStreamsConnector",
    "aggregration": "true",
}


def test_kinesis_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "clickstream-to-kinesis", "connector_configuration": CONFIG})
    stream = pairs(("kinesis:DescribeStream", "kinesis:PutRecord", "kinesis:PutRecords", "kinesis:ListShards"), STREAM)
    listing = pairs("kinesis:ListStreams", "*")
    metrics = pairs("cloudwatch:PutMetricData", "*")
    assert role.pairs == baseline("clickstream-to-kinesis", "sink") | reads("clickstream") | stream | listing | metrics
    assert role.conditions[("cloudwatch:PutMetricData", "*")] == {
        ("StringEquals", "cloudwatch:namespace", ("KafkaKinesisStreamsConnector",))}
    role.assert_source(stream, "streamName", DOC)
    role.assert_source(metrics, "metricsLevel", DOC)


def test_kinesis_sink_without_metrics(tmp_path):
    config = {k: v for k, v in CONFIG.items() if not k.startswith("metrics")}
    role = generate(tmp_path, {"name": "clickstream-to-kinesis", "connector_configuration": config})
    assert not any(a.startswith("cloudwatch:") for a, _ in role.pairs)
