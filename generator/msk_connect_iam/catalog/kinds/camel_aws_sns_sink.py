"""Apache Camel AWS SNS sink (``org.apache.camel.kafkaconnector.awssnssink.CamelAwssnssinkSinkConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2sns.CamelAws2snsSinkConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-sns-sink`` (apache/camel-kamelets
``kamelets/aws-sns-sink.kamelet.yaml`` L36-38 required ``topicNameOrArn``, ``region``; L64-68
``autoCreateTopic`` default false; L124-131 ``to: aws2-sns:{{topicNameOrArn}}``) and the Camel
``aws2-sns`` component (apache/camel ``Sns2Endpoint.java`` ``doInit``: a topic given by name is
found by paging through ``listTopics``, created with ``createTopic`` when ``autoCreateTopic``; a
topic ARN is used as given; ``Sns2Producer``: ``publish``). Grants, with the execution role only:
``sns:Publish`` on the topic; ``sns:ListTopics`` (``*``: no resource type) for a named topic;
``autoCreateTopic=true``: ``sns:CreateTopic`` on it. The ListTopics lookup is taken from the
corpus case aws-camel-aws2-sns-sink-static-keys (its notes cite ``Sns2Endpoint.doInit``), not
re-read here: *unconfirmed in this session*.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, everything
from ._camel import Camel

DOC = "https://camel.apache.org/camel-kamelets/next/aws-sns-sink.html"
DOC_ENDPOINT = ("https://github.com/apache/camel/blob/main/components/camel-aws/camel-aws2-sns/src/main/java/org/"
                "apache/camel/component/aws2/sns/Sns2Endpoint.java")
TITLE = "Camel AWS SNS sink"


def analyze(ctx: Context) -> Analysis:
    """Topic grants (see the module docstring)."""
    camel = Camel(ctx, "aws-sns-sink", "aws2-sns", "sink", ("topicNameOrArn", "topicNameOrArn"), TITLE, "SNS")
    value = camel.require_path("the Camel SNS sink publishes to this topic")
    if not value:
        return Analysis()
    role = camel.uses_role()
    reg = camel.region(role)
    if not role:
        return Analysis()
    key = camel.path_key()
    aws = []
    if value.startswith("arn:"):
        arn = ctx.parse_arn(value, service="sns", resource="", key=key)
    else:
        arn = ctx.arn("sns", value, region=reg, key=key)
        aws.append(Grant("CamelSnsListTopics", ("sns:ListTopics",), (everything("ListTopics has no resource type"),),
                         ctx.cause(key), f"{TITLE}: finds the topic's ARN by listing topics (ListTopics has no "
                         "resource type)", DOC_ENDPOINT))
    if arn is None:
        return Analysis()
    aws.insert(0, Grant("CamelSnsPublish", ("sns:Publish",), (arn,), ctx.cause(key),
                        f"{TITLE}: publishes one message per record", DOC))
    if camel.flag("autoCreateTopic"):
        aws.append(Grant("CamelSnsCreateTopic", ("sns:CreateTopic",), (arn,), camel.cause("autoCreateTopic"),
                         f"{TITLE}: creates the topic when it is missing", DOC_ENDPOINT))
    return Analysis(aws=tuple(aws))


KIND = ConnectorKind(
    id="camel_aws_sns_sink",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awssnssink.CamelAwssnssinkSinkConnector",
             "org.apache.camel.kafkaconnector.aws2sns.CamelAws2snsSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
