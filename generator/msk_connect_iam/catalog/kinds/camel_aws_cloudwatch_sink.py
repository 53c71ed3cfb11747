"""Apache Camel AWS CloudWatch sink (``org.apache.camel.kafkaconnector.awscloudwatchsink.CamelAwscloudwatchsinkSinkConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2cw.CamelAws2cwSinkConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-cloudwatch-sink`` (apache/camel-kamelets
``kamelets/aws-cloudwatch-sink.kamelet.yaml`` L35-37 required ``cwNamespace``, ``region``; L178-184
``to: aws2-cw:{{cwNamespace}}``; 0.x path ``camel.sink.path.namespace``) and the Camel ``aws2-cw``
producer (apache/camel ``Cw2Producer``: ``putMetricData``). Grant, with the execution role only:
``cloudwatch:PutMetricData``, which has no resource type (Service Authorization Reference,
CloudWatch), so ``*`` narrowed with the condition ``cloudwatch:namespace`` = ``cwNamespace``.
"""

from __future__ import annotations

from ..base import Analysis, Condition, ConnectorKind, Context, Grant, everything
from ._camel import Camel

DOC = "https://camel.apache.org/camel-kamelets/next/aws-cloudwatch-sink.html"
DOC_KEYS = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html"
TITLE = "Camel AWS CloudWatch sink"


def analyze(ctx: Context) -> Analysis:
    """The metrics grant (see the module docstring)."""
    camel = Camel(ctx, "aws-cloudwatch-sink", "aws2-cw", "sink", ("cwNamespace", "namespace"), TITLE, "CloudWatch")
    ns = camel.require_path("the Camel CloudWatch sink puts metrics into this namespace")
    if not ns:
        return Analysis()
    role = camel.uses_role()
    camel.region(role)
    if not role:
        return Analysis()
    return Analysis(aws=(Grant("CamelCloudWatchMetrics", ("cloudwatch:PutMetricData",),
                               (everything("PutMetricData has no resource type"),), camel.cause("path"),
                               f"{TITLE}: puts one metric datum per record (PutMetricData has no resource type; "
                               "narrowed to the namespace)", DOC,
                               (Condition("StringEquals", "cloudwatch:namespace", (ns,)),)),))


KIND = ConnectorKind(
    id="camel_aws_cloudwatch_sink",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awscloudwatchsink.CamelAwscloudwatchsinkSinkConnector",
             "org.apache.camel.kafkaconnector.aws2cw.CamelAws2cwSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
