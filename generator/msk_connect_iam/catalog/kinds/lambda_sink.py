"""Confluent AWS Lambda sink (``io.confluent.connect.aws.lambda.AwsLambdaSinkConnector``).

Source: Confluent, "Configuration Reference for AWS Lambda Sink Connector for Confluent Platform"
(https://docs.confluent.io/kafka-connectors/aws-lambda/current/lambda_sink_connector_config.html):
``aws.lambda.function.name`` is the function, optionally ``<name>:<version or alias>``;
``aws.lambda.region`` its region (default: the connector's). Invoking a function needs
``lambda:InvokeFunction`` on the ARN of what is invoked: the qualified ARN
``...:function:<name>:<qualifier>`` for a version or alias, the unqualified one otherwise (AWS
Lambda Developer Guide, "Resources and conditions for Lambda actions",
https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html). Whether the
connector also calls ``lambda:GetFunction`` on start is *unconfirmed* (not granted). With sync
invocation and response handling (``reporter.result.topic.name`` / ``reporter.error.topic.name``,
*unconfirmed property names*) it writes those topics. It is a commercial connector and uses the
license topic (:func:`._shared.confluent_license`).
"""

from __future__ import annotations

import re

from ..base import Analysis, ConnectorKind, Context, Grant, KafkaGrant, kafka
from ._shared import confluent_license, region

DOC = "https://docs.confluent.io/kafka-connectors/aws-lambda/current/lambda_sink_connector_config.html"
DOC_LAMBDA = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html"
TITLE = "Confluent AWS Lambda sink"
_ARN_RE = re.compile(r"^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$")


def analyze(ctx: Context) -> Analysis:
    """InvokeFunction on the function, response topics and the license topic (see the module docstring)."""
    fn = ctx.require("aws.lambda.function.name", "the Lambda sink invokes this function")
    aws = []
    if fn:
        if fn.startswith("arn:"):
            if not _ARN_RE.match(fn):
                ctx.error("aws.lambda.function.name", f"found '{fn}'; expected a function name or ARN")
            # a function of another account is invoked through its resource policy
            arn = ctx.parse_arn(fn, service="lambda", resource="function:", key="aws.lambda.function.name",
                                other_account=True)
        else:
            arn = ctx.arn("lambda", "function:", fn, region=region(ctx, "aws.lambda.region"))
        cause = ctx.cause("aws.lambda.function.name") + (
            f"; {ctx.cause('aws.lambda.region')}" if ctx.get("aws.lambda.region") else "")
        aws += [] if arn is None else [Grant("LambdaInvoke", ("lambda:InvokeFunction",), (arn,), cause,
                         f"{TITLE}: invokes the function (the qualified ARN when a version or alias is given)", DOC)]
    kafka_grants = confluent_license(ctx, TITLE)
    for key in ("reporter.result.topic.name", "reporter.error.topic.name"):
        topic = ctx.get(key)
        if topic:
            kafka_grants.append(KafkaGrant("LambdaResponseTopics", kafka("CreateTopic", "DescribeTopic", "WriteData"),
                                           "topic", (ctx.kafka_name(topic, key=key),), ctx.cause(key),
                                           f"{TITLE}: writes function responses/errors to the reporter topic", DOC))
    return Analysis(aws=tuple(aws), kafka=tuple(kafka_grants))


KIND = ConnectorKind(
    id="lambda_sink",
    title=TITLE,
    classes=("io.confluent.connect.aws.lambda.AwsLambdaSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
