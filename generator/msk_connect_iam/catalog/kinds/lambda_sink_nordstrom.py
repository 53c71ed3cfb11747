"""Nordstrom kafka-connect-lambda sink (``com.nordstrom.kafka.connect.lambda.LambdaSinkConnector``).

Source: https://github.com/Nordstrom/kafka-connect-lambda (README and ``LambdaSinkConnectorConfig``):
``aws.lambda.function.arn`` is the "full ARN of the function to be called" (invoked synchronously or
as an event per ``aws.lambda.invocation.mode``), ``aws.region`` the Lambda client's region. Invoking
needs ``lambda:InvokeFunction`` on that ARN (AWS Lambda Developer Guide, "Resources and conditions
for Lambda actions"). With ``lambda.credentials.provider.role.arn`` (cross-account role assumption)
the connector assumes that role: this role then needs only ``sts:AssumeRole`` on it.
"""

from __future__ import annotations

import re

from ..base import Analysis, ConnectorKind, Context, Grant

DOC = "https://github.com/Nordstrom/kafka-connect-lambda"
TITLE = "Nordstrom Lambda sink"
_ARN_RE = re.compile(r"^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$")


def analyze(ctx: Context) -> Analysis:
    """InvokeFunction on the function ARN, or AssumeRole (see the module docstring)."""
    role = ctx.get("lambda.credentials.provider.role.arn")
    if role:
        return Analysis(aws=(*ctx.assume_role(role, "lambda.credentials.provider.role.arn", lambda arn: Grant("AssumeRole", ("sts:AssumeRole",), (arn,),
                                   ctx.cause("lambda.credentials.provider.role.arn"),
                                   f"{TITLE}: assumes the cross-account role to invoke the function (InvokeFunction "
                                   "belongs to that role)", DOC)),))
    fn = ctx.require("aws.lambda.function.arn", "the Lambda sink invokes this function")
    if not fn:
        return Analysis()
    text = fn if fn.startswith("arn:") else f"arn:{ctx.partition}:lambda:{ctx.region}:{ctx.account}:function:{fn}"
    if not _ARN_RE.match(text):
        ctx.error("aws.lambda.function.arn", f"found '{fn}'; expected a function ARN "
                                             f"arn:{ctx.partition}:lambda:<region>:<account>:function:<name>")
        return Analysis()
    # a function of another account is invoked through its resource policy (or the role above)
    arn = (ctx.parse_arn(fn, service="lambda", resource="function:", key="aws.lambda.function.arn", other_account=True)
           if fn.startswith("arn:") else ctx.arn("lambda", "function:", fn, key="aws.lambda.function.arn"))
    if arn is None:
        return Analysis()
    return Analysis(aws=(Grant("LambdaInvoke", ("lambda:InvokeFunction",), (arn,), ctx.cause("aws.lambda.function.arn"),
                               f"{TITLE}: invokes the function for each batch of records", DOC),))


KIND = ConnectorKind(
    id="lambda_sink_nordstrom",
    title=TITLE,
    classes=("com.nordstrom.kafka.connect.lambda.LambdaSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
