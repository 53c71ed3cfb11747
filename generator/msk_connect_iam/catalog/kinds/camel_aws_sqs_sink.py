"""Apache Camel AWS SQS sink (``org.apache.camel.kafkaconnector.awssqssink.CamelAwssqssinkSinkConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2sqs.CamelAws2sqsSinkConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-sqs-sink`` (apache/camel-kamelets
``kamelets/aws-sqs-sink.kamelet.yaml`` L36-38 required ``queueNameOrArn``, ``region``; L64-68
``autoCreateQueue`` default false; L122-131 ``to: aws2-sqs:{{queueNameOrArn}}``) and the Camel
``aws2-sqs`` component (apache/camel ``Sqs2Endpoint.java`` ``doInit``: queue URL lookup;
``Sqs2Producer``: ``sendMessage``, the default operation). Grants, with the execution role only:
``sqs:SendMessage`` on the queue; ``sqs:ListQueues`` (``*``) when the queue is named, not given by
ARN; ``autoCreateQueue=true``: ``sqs:CreateQueue``, ``sqs:GetQueueUrl``. A queue encrypted with a
customer managed KMS key also needs ``kms:GenerateDataKey``/``kms:Decrypt`` on it - not derivable
from the configuration (declare it in aws_permissions).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel, sqs_queue

DOC = "https://camel.apache.org/camel-kamelets/next/aws-sqs-sink.html"
TITLE = "Camel AWS SQS sink"


def analyze(ctx: Context) -> Analysis:
    """Queue grants (see the module docstring)."""
    camel = Camel(ctx, "aws-sqs-sink", "aws2-sqs", "sink", ("queueNameOrArn", "queueNameOrArn"), TITLE, "SQS")
    if not camel.require_path("the Camel SQS sink sends to this queue"):
        return Analysis()
    role = camel.uses_role()
    reg = camel.region(role)
    if not role:
        return Analysis()
    arn, grants = sqs_queue(camel, reg)
    if arn is None:
        return Analysis()
    return Analysis(aws=(Grant("CamelSqsSend", ("sqs:SendMessage",), (arn,), camel.cause("path"),
                               f"{TITLE}: sends one message per record", DOC), *grants))


KIND = ConnectorKind(
    id="camel_aws_sqs_sink",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awssqssink.CamelAwssqssinkSinkConnector",
             "org.apache.camel.kafkaconnector.aws2sqs.CamelAws2sqsSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
