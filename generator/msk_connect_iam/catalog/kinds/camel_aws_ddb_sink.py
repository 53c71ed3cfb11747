"""Apache Camel AWS DynamoDB sink (``org.apache.camel.kafkaconnector.awsddbsink.CamelAwsddbsinkSinkConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2ddb.CamelAws2ddbSinkConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-ddb-sink`` (apache/camel-kamelets
``kamelets/aws-ddb-sink.kamelet.yaml`` L35-37 required ``table``, ``region``; L63-68 ``operation``
default PutItem, "Overwrites the operation given in the Json body" (L115); L150-157
``to: aws2-ddb:{{table}}`` with ``operation``; 0.x ``camel.sink.path.tableName``,
``camel.sink.endpoint.operation``) and the Camel ``aws2-ddb`` component (apache/camel
``Ddb2Endpoint.java`` ``doStart``: ``describeTable`` on start, ``createTable`` when the table is
missing; ``PutItemCommand``/``UpdateItemCommand``/``DeleteItemCommand``). Grants, with the execution
role only: ``dynamodb:DescribeTable`` and the operation's action (``dynamodb:PutItem``,
``dynamodb:UpdateItem`` or ``dynamodb:DeleteItem``) on the table. ``dynamodb:CreateTable`` is
needed only when the table does not exist yet: not granted (create the table beforehand, or
declare it in aws_permissions).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel

DOC = "https://camel.apache.org/camel-kamelets/next/aws-ddb-sink.html"
DOC_ENDPOINT = ("https://github.com/apache/camel/blob/main/components/camel-aws/camel-aws2-ddb/src/main/java/org/"
                "apache/camel/component/aws2/ddb/Ddb2Endpoint.java")
TITLE = "Camel AWS DynamoDB sink"
_OPERATIONS = {"putitem": "dynamodb:PutItem", "updateitem": "dynamodb:UpdateItem", "deleteitem": "dynamodb:DeleteItem"}


def analyze(ctx: Context) -> Analysis:
    """Table grants (see the module docstring)."""
    camel = Camel(ctx, "aws-ddb-sink", "aws2-ddb", "sink", ("table", "tableName"), TITLE, "DynamoDB")
    table = camel.require_path("the Camel DynamoDB sink writes to this table")
    if not table:
        return Analysis()
    role = camel.uses_role()
    reg = camel.region(role)
    if not role:
        return Analysis()
    op = camel.get("operation", "PutItem")
    action = _OPERATIONS.get(op.lower())
    if action is None:
        ctx.error(camel.key("operation"), f"found '{op}'; expected PutItem, UpdateItem or DeleteItem (the operations "
                                          "the aws-ddb-sink kamelet supports)")
        return Analysis()
    arn = ctx.arn("dynamodb", "table/", table, region=reg, key=camel.path_key())
    return Analysis(aws=(
        Grant("CamelDynamoDbDescribe", ("dynamodb:DescribeTable",), (arn,), camel.cause("path"),
              f"{TITLE}: describes the table on start", DOC_ENDPOINT),
        Grant("CamelDynamoDbWrite", (action,), (arn,), f"{camel.cause('path')}; {camel.cause('operation')}",
              f"{TITLE}: runs the configured operation ({op}) once per record", DOC),
    ))


KIND = ConnectorKind(
    id="camel_aws_ddb_sink",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awsddbsink.CamelAwsddbsinkSinkConnector",
             "org.apache.camel.kafkaconnector.aws2ddb.CamelAws2ddbSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
