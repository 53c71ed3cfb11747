"""Apache Camel AWS Kinesis sink (``org.apache.camel.kafkaconnector.awskinesissink.CamelAwskinesissinkSinkConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2kinesis.CamelAws2kinesisSinkConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-kinesis-sink`` (apache/camel-kamelets
``kamelets/aws-kinesis-sink.kamelet.yaml`` L36-38 required ``stream``, ``region``; L139-145
``to: aws2-kinesis:{{stream}}``; 0.x path ``camel.sink.path.streamName``) and the Camel
``aws2-kinesis`` producer (apache/camel ``Kinesis2Producer``: ``putRecord`` per exchange).
Grant, with the execution role only: ``kinesis:PutRecord`` on the stream (``PutRecords`` too: the
producer batches a list body with putRecords - *unconfirmed*, granted on the same stream).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel

DOC = "https://camel.apache.org/camel-kamelets/next/aws-kinesis-sink.html"
TITLE = "Camel AWS Kinesis sink"


def analyze(ctx: Context) -> Analysis:
    """Stream grant (see the module docstring)."""
    camel = Camel(ctx, "aws-kinesis-sink", "aws2-kinesis", "sink", ("stream", "streamName"), TITLE, "Kinesis")
    stream = camel.require_path("the Camel Kinesis sink puts records on this stream")
    if not stream:
        return Analysis()
    role = camel.uses_role()
    reg = camel.region(role)
    if not role:
        return Analysis()
    arn = ctx.arn("kinesis", "stream/", stream, region=reg, key=camel.path_key())
    return Analysis(aws=(Grant("CamelKinesisPut", ("kinesis:PutRecord", "kinesis:PutRecords"), (arn,),
                               camel.cause("path"), f"{TITLE}: puts each record on the stream", DOC),))


KIND = ConnectorKind(
    id="camel_aws_kinesis_sink",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awskinesissink.CamelAwskinesissinkSinkConnector",
             "org.apache.camel.kafkaconnector.aws2kinesis.CamelAws2kinesisSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
