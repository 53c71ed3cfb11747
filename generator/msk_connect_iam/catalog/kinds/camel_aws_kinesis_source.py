"""Apache Camel AWS Kinesis source (``org.apache.camel.kafkaconnector.awskinesissource.CamelAwskinesissourceSourceConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2kinesis.CamelAws2kinesisSourceConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-kinesis-source`` (apache/camel-kamelets
``kamelets/aws-kinesis-source.kamelet.yaml`` L36-38 required ``stream``, ``region``; L109-118
``useKclConsumers``, ``kclDisableCloudwatchMetricsExport``; L127-133 ``from: aws2-kinesis:{{stream}}``)
and the Camel ``aws2-kinesis`` consumer (apache/camel ``Kinesis2Consumer``: ``listShards``,
``getShardIterator`` and ``getRecords`` on the stream; ``describeStream`` only with a ``shardId``;
as read for the corpus case aws-camel-aws2-kinesis-source-static-keys). Grants, with the execution
role only: ``kinesis:ListShards``, ``kinesis:GetShardIterator``, ``kinesis:GetRecords``,
``kinesis:DescribeStream`` on the stream; writes each topic in ``topics``. With
``useKclConsumers=true`` the Kinesis Client Library also keeps a DynamoDB lease table and
publishes CloudWatch metrics: those permissions are not derived (a warning says so).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel

DOC = "https://camel.apache.org/camel-kamelets/next/aws-kinesis-source.html"
DOC_KCL = "https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html"
TITLE = "Camel AWS Kinesis source"


def analyze(ctx: Context) -> Analysis:
    """Stream and topic grants (see the module docstring)."""
    camel = Camel(ctx, "aws-kinesis-source", "aws2-kinesis", "source", ("stream", "streamName"), TITLE, "Kinesis")
    topics = camel.source_topics()
    stream = camel.require_path("the Camel Kinesis source reads this stream")
    if not stream:
        return Analysis(topics=topics)
    role = camel.uses_role()
    reg = camel.region(role)
    if not role:
        return Analysis(topics=topics)
    arn = ctx.arn("kinesis", "stream/", stream, region=reg, key=camel.path_key())
    if camel.flag("useKclConsumers"):
        ctx.warn(f"{TITLE}: {camel.key('useKclConsumers')}=true: the Kinesis Client Library also needs a DynamoDB "
                 f"lease table and CloudWatch metrics permissions, which are not derived; declare them in "
                 f"aws_permissions ({DOC_KCL})")
    return Analysis(topics=topics, aws=(
        Grant("CamelKinesisRead", ("kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator",
                                   "kinesis:ListShards"), (arn,), camel.cause("path"),
              f"{TITLE}: lists the stream's shards and reads them", DOC),))


KIND = ConnectorKind(
    id="camel_aws_kinesis_source",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awskinesissource.CamelAwskinesissourceSourceConnector",
             "org.apache.camel.kafkaconnector.aws2kinesis.CamelAws2kinesisSourceConnector"),
    type="source",
    doc=DOC,
    analyze=analyze,
)
