"""Amazon Data Firehose sink (``com.amazon.kinesis.kafka.FirehoseSinkConnector``, awslabs
kinesis-kafka-connector).

Source: the connector's README (https://github.com/awslabs/kinesis-kafka-connector) - properties
``deliveryStream`` and ``region``, "permission to ... describe streams/delivery stream and put
records" - and ``FirehoseSinkTask``: ``DescribeDeliveryStream`` on start (the stream must be
ACTIVE), then ``PutRecordBatch`` (``batch=true``, the default in the sample configuration) or
``PutRecord``. Grants ``firehose:DescribeDeliveryStream``, ``firehose:PutRecordBatch`` and
``firehose:PutRecord`` on ``arn:<p>:firehose:<region>:<account>:deliverystream/<name>``. The README
also mentions listing delivery streams, which the task never calls: not granted.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._shared import region

DOC = "https://github.com/awslabs/kinesis-kafka-connector"
TITLE = "Amazon Data Firehose sink"


def analyze(ctx: Context) -> Analysis:
    """Describe and put records on the delivery stream (see the module docstring)."""
    stream = ctx.require("deliveryStream", "the Firehose sink puts records on this delivery stream")
    if not stream:
        return Analysis()
    arn = ctx.arn("firehose", "deliverystream/", stream, region=region(ctx, "region"))
    return Analysis(aws=(Grant("FirehoseDeliveryStream", ("firehose:DescribeDeliveryStream", "firehose:PutRecord",
                                                          "firehose:PutRecordBatch"), (arn,),
                               ctx.cause("deliveryStream"),
                               f"{TITLE}: checks the delivery stream is active and puts records (in batches)", DOC),))


KIND = ConnectorKind(
    id="firehose_sink",
    title=TITLE,
    classes=("com.amazon.kinesis.kafka.FirehoseSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
