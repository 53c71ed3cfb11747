"""Confluent Amazon DynamoDB sink (``io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector``).

Source: Confluent, "Amazon DynamoDB Sink Connector"
(https://docs.confluent.io/kafka-connectors/aws-dynamodb/current/overview.html): "The data from
each Kafka topic is batched and sent to DynamoDB ... When a table doesn't exist, the DynamoDB Sink
connector creates the table"; configuration reference: ``table.name.format`` (default
``${topic}``), ``aws.dynamodb.region``. Grants ``dynamodb:BatchWriteItem``,
``dynamodb:DescribeTable`` and ``dynamodb:CreateTable`` on each table the topics map to; the
exact action list is *unconfirmed* (the stored pages give no policy). A ``topics.regex`` prefix
maps to a table-name prefix. It is a commercial connector and uses the license topic.
"""

from __future__ import annotations

from ..arnbuild import widened
from ..base import ANY, Analysis, ConnectorKind, Context, Grant
from ._shared import confluent_license, region
from ..generic import regex_prefix

DOC = "https://docs.confluent.io/kafka-connectors/aws-dynamodb/current/overview.html"
TITLE = "Confluent DynamoDB sink"


def analyze(ctx: Context) -> Analysis:
    """One table grant per topic, and the license topic (see the module docstring)."""
    fmt = ctx.get("table.name.format", "${topic}")
    names = list(ctx.list("topics"))
    regex = ctx.get("topics.regex")
    if regex:
        prefix = regex_prefix(regex)
        if prefix and prefix[0]:
            names.append((prefix[0], ANY))
        else:
            names.append((widened(ctx, "topics.regex", f"every DynamoDB table named "
                                                    f"'{fmt.replace('${topic}', '*')}' (topics.regex is not a prefix "
                                                    "regex)"),))
    chunks = fmt.split("${topic}")
    if len(chunks) == 1:
        tables = [(fmt,)]
    else:
        tables = []
        for n in names:
            parts: list = []
            for i, chunk in enumerate(chunks):
                if i:
                    parts += list(n) if isinstance(n, tuple) else [n]
                if chunk:
                    parts.append(chunk)
            tables.append(tuple(parts))
    reg = region(ctx, "aws.dynamodb.region")
    cause = f"{ctx.cause('table.name.format', fmt)}; {ctx.cause('topics')}"
    aws = []
    if tables:
        aws.append(Grant("DynamoDbTables", ("dynamodb:BatchWriteItem", "dynamodb:CreateTable", "dynamodb:DescribeTable"),
                         tuple(sorted({ctx.arn("dynamodb", "table/", *t, region=reg) for t in tables})), cause,
                         f"{TITLE}: writes record batches to the table of each topic, creating it when missing", DOC))
    return Analysis(aws=tuple(aws), kafka=tuple(confluent_license(ctx, TITLE)))


KIND = ConnectorKind(
    id="dynamodb_sink",
    title=TITLE,
    classes=("io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
