"""Apache Camel AWS SQS source (``org.apache.camel.kafkaconnector.awssqssource.CamelAwssqssourceSourceConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2sqs.CamelAws2sqsSourceConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-sqs-source`` (apache/camel-kamelets
``kamelets/aws-sqs-source.kamelet.yaml`` L45-49 ``deleteAfterRead`` default true (0.x: the same,
``CamelAws2sqsSourceConnectorConfig.java`` L82), L85 ``queueURL``, L211-221
``from: aws2-sqs:{{queueNameOrArn}}``) and the Camel ``aws2-sqs`` consumer (apache/camel
``Sqs2Consumer``: ``receiveMessage``, ``deleteMessage`` after processing when deleteAfterRead;
``Sqs2Endpoint.java`` ``doInit``: queue URL lookup). Grants, with the execution role only:
``sqs:ReceiveMessage`` (+ ``sqs:DeleteMessage`` unless ``deleteAfterRead=false``) on the queue;
``sqs:ListQueues`` (``*``) for a named queue without ``queueURL``; ``autoCreateQueue=true``:
``sqs:CreateQueue``, ``sqs:GetQueueUrl``; writes each topic in ``topics``.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel, sqs_queue

DOC = "https://camel.apache.org/camel-kamelets/next/aws-sqs-source.html"
TITLE = "Camel AWS SQS source"


def analyze(ctx: Context) -> Analysis:
    """Queue and topic grants (see the module docstring)."""
    camel = Camel(ctx, "aws-sqs-source", "aws2-sqs", "source", ("queueNameOrArn", "queueNameOrArn"), TITLE, "SQS")
    topics = camel.source_topics()
    if not camel.require_path("the Camel SQS source receives from this queue"):
        return Analysis(topics=topics)
    role = camel.uses_role()
    reg = camel.region(role)
    if not role:
        return Analysis(topics=topics)
    arn, grants = sqs_queue(camel, reg)
    if arn is None:
        return Analysis(topics=topics)
    delete = camel.flag("deleteAfterRead", True)
    actions = ("sqs:ReceiveMessage",) + (("sqs:DeleteMessage",) if delete else ())
    return Analysis(topics=topics, aws=(
        Grant("CamelSqsReceive", actions, (arn,), f"{camel.cause('path')}; {camel.cause('deleteAfterRead')}",
              f"{TITLE}: receives messages" + (" and deletes each after it is written (deleteAfterRead, default "
                                               "true)" if delete else ""), DOC), *grants))


KIND = ConnectorKind(
    id="camel_aws_sqs_source",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awssqssource.CamelAwssqssourceSourceConnector",
             "org.apache.camel.kafkaconnector.aws2sqs.CamelAws2sqsSourceConnector"),
    type="source",
    doc=DOC,
    analyze=analyze,
)
