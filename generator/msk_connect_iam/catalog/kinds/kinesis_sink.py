"""Amazon Kinesis Data Streams sink (``com.amazon.kinesis.kafka.AmazonKinesisSinkConnector``,
awslabs kinesis-kafka-connector).

Source: the connector's README (https://github.com/awslabs/kinesis-kafka-connector): "Make sure
user has at least permission to list streams, describe streams and put records for stream"
(``kinesis:ListStreams`` - no resource type, so ``*`` - ``kinesis:DescribeStream``,
``kinesis:PutRecord``/``kinesis:PutRecords`` on ``streamName`` in ``region``); ``metricsLevel``
(other than ``none``) uploads Kinesis Producer Library metrics to CloudWatch under
``metricsNameSpace`` (default ``KinesisProducer``): ``cloudwatch:PutMetricData`` (no resource type)
conditioned on ``cloudwatch:namespace``. ``kinesis:ListShards`` on the stream is what the KPL calls
to map hash keys to shards - *unconfirmed by the README*. ``roleARN`` makes the connector assume
that role (``IAMUtility``) - *unconfirmed by the README*: this role then needs ``sts:AssumeRole``.
"""

from __future__ import annotations

from ..base import Analysis, Condition, ConnectorKind, Context, Grant, everything
from ._shared import region

DOC = "https://github.com/awslabs/kinesis-kafka-connector"
TITLE = "Amazon Kinesis Data Streams sink"


def analyze(ctx: Context) -> Analysis:
    """Stream, listing, metrics and assume-role grants (see the module docstring)."""
    stream = ctx.require("streamName", "the Kinesis sink puts records on this stream")
    role = ctx.get("roleARN")
    if role:
        return Analysis(aws=(*ctx.assume_role(role, "roleARN", lambda arn: Grant("AssumeRole", ("sts:AssumeRole",), (arn,), ctx.cause("roleARN"),
                                   f"{TITLE}: assumes roleARN for its Kinesis calls", DOC)),))
    aws = []
    if stream:
        arn = ctx.arn("kinesis", "stream/", stream, region=region(ctx, "region"))
        aws.append(Grant("KinesisStream", ("kinesis:DescribeStream", "kinesis:ListShards", "kinesis:PutRecord",
                                           "kinesis:PutRecords"), (arn,), ctx.cause("streamName"),
                         f"{TITLE}: describes the stream and puts records on it (Kinesis Producer Library)", DOC))
        aws.append(Grant("KinesisList", ("kinesis:ListStreams",), (everything("ListStreams has no resource type"),), ctx.cause("streamName"),
                         f"{TITLE}: lists streams (ListStreams has no resource type)", DOC))
    level = (ctx.get("metricsLevel") or "none").lower()
    if level != "none":
        ns = ctx.get("metricsNameSpace", "KinesisProducer")
        aws.append(Grant("KinesisProducerMetrics", ("cloudwatch:PutMetricData",), (everything("PutMetricData has no resource type"),),
                         f"{ctx.cause('metricsLevel')}; {ctx.cause('metricsNameSpace', ns)}",
                         f"{TITLE}: the Kinesis Producer Library uploads metrics to CloudWatch (PutMetricData has no "
                         "resource type; narrowed to the namespace)", DOC,
                         (Condition("StringEquals", "cloudwatch:namespace", (ns,)),)))
    return Analysis(aws=tuple(aws))


KIND = ConnectorKind(
    id="kinesis_sink",
    title=TITLE,
    classes=("com.amazon.kinesis.kafka.AmazonKinesisSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
