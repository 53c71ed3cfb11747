"""Confluent Amazon Kinesis source (``io.confluent.connect.kinesis.KinesisSourceConnector``).

Source: Confluent, "Amazon Kinesis Source Connector"
(https://docs.confluent.io/kafka-connectors/kinesis/current/overview.html): it reads the shards of
``kinesis.stream`` in ``kinesis.region`` and writes ``kafka.topic``. The Kinesis actions a shard
reader needs (``kinesis:DescribeStream``, ``kinesis:ListShards``, ``kinesis:GetShardIterator``,
``kinesis:GetRecords`` on the stream ARN) are *unconfirmed* (the stored Confluent pages give no
policy). It is a commercial connector and uses the license topic.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse
from ._shared import confluent_license, region

DOC = "https://docs.confluent.io/kafka-connectors/kinesis/current/overview.html"
TITLE = "Confluent Kinesis source"


def analyze(ctx: Context) -> Analysis:
    """Stream read grants, the written topic and the license topic (see the module docstring)."""
    stream = ctx.require("kinesis.stream", "the Kinesis source reads this stream")
    topic = ctx.require("kafka.topic", "the Kinesis source writes the records to this topic")
    topics = (TopicUse(ctx.kafka_name(topic, key="kafka.topic"), ctx.cause("kafka.topic"), f"{TITLE}: writes the records to kafka.topic", DOC),) if topic else ()
    aws = ()
    if stream:
        arn = ctx.arn("kinesis", "stream/", stream, region=region(ctx, "kinesis.region"))
        aws = (Grant("KinesisStream", ("kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator",
                                       "kinesis:ListShards"), (arn,), ctx.cause("kinesis.stream"),
                     f"{TITLE}: reads the stream's shards", DOC),)
    return Analysis(topics=topics, aws=aws, kafka=tuple(confluent_license(ctx, TITLE)))


KIND = ConnectorKind(
    id="kinesis_source",
    title=TITLE,
    classes=("io.confluent.connect.kinesis.KinesisSourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
