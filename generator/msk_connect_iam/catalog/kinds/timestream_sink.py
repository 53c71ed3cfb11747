"""Amazon Timestream sink (``software.amazon.timestream.TimestreamSinkConnector``, awslabs
amazon-timestream-tools ``integrations/kafka_connector``).

Sources (awslabs/amazon-timestream-tools@bc5ba368, ``integrations/kafka_connector/``):
``src/main/java/software/amazon/timestream/TimestreamSinkConstants.java`` L31-53 (``aws.region``,
``timestream.database.name``, ``timestream.table.name``, ``timestream.schema.s3.bucket.name``,
``timestream.schema.s3.key``, ``timestream.ingestion.endpoint``), L131-141 (targets LiveAnalytics /
InfluxDB); ``utility/AWSServiceClientObjectsValidator.java`` L46 (``headBucket`` on the schema bucket:
``s3:ListBucket``), L68 (``headObject``), L86 (``describeDatabase``), L126 (``describeTable``);
``utility/reader/TimestreamS3SchemaReader.java`` L86 (``getObjectAsBytes``: ``s3:GetObject`` on the
schema object); ``utility/TimestreamWriter.java`` L174 (``writeRecords``); README "IAM Policy with
Permissions" (``timestream:DescribeEndpoints`` on ``*``: endpoint discovery - *conditional*: the
client is built with ``endpointOverride(timestream.ingestion.endpoint)``,
``AWSServiceClientFactory.java`` L84, which normally bypasses discovery; granted, as the README does).
The start-up checks run for every target (``TimestreamSinkTask.java`` L59); InfluxDB writes use the
InfluxDB token, not IAM.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, everything
from ._shared import region

DOC = "https://github.com/awslabs/amazon-timestream-tools/tree/mainline/integrations/kafka_connector"
TITLE = "Amazon Timestream sink"


def analyze(ctx: Context) -> Analysis:
    """Schema object, database and table grants (see the module docstring)."""
    bucket = ctx.require("timestream.schema.s3.bucket.name", "the Timestream sink reads its schema mapping there")
    obj = ctx.require("timestream.schema.s3.key", "the Timestream sink reads its schema mapping from this object")
    db = ctx.require("timestream.database.name", "the Timestream sink checks this database on start")
    table = ctx.require("timestream.table.name", "the Timestream sink writes to this table")
    ctx.require("timestream.ingestion.endpoint", "the Timestream sink's client is built with this endpoint")
    reg = region(ctx, "aws.region")
    aws = []
    if bucket and obj:
        aws += [Grant("TimestreamSchemaBucket", ("s3:ListBucket",), (ctx.s3_bucket(bucket, key="timestream.schema.s3.bucket.name"),),
                      ctx.cause("timestream.schema.s3.bucket.name"), f"{TITLE}: checks the schema bucket on start", DOC),
                Grant("TimestreamSchemaObject", ("s3:GetObject",),
                      (ctx.s3_object(bucket, obj.lstrip("/"), key="timestream.schema.s3.key"),),
                      ctx.cause("timestream.schema.s3.key"), f"{TITLE}: reads the schema mapping", DOC)]
    if db:
        aws.append(Grant("TimestreamDatabase", ("timestream:DescribeDatabase",),
                         (ctx.arn("timestream", "database/", db, region=reg, key="timestream.database.name"),),
                         ctx.cause("timestream.database.name"), f"{TITLE}: checks the database on start", DOC))
        if table:
            aws.append(Grant("TimestreamTable", ("timestream:DescribeTable", "timestream:WriteRecords"),
                             (ctx.arn("timestream", "database/", db, "/table/", table, region=reg,
                                      key="timestream.table.name"),),
                             f"{ctx.cause('timestream.database.name')}; {ctx.cause('timestream.table.name')}",
                             f"{TITLE}: checks the table on start and writes the records", DOC))
        aws.append(Grant("TimestreamEndpoints", ("timestream:DescribeEndpoints",),
                         (everything("DescribeEndpoints has no resource type"),), ctx.cause("timestream.database.name"),
                         f"{TITLE}: Timestream endpoint discovery (DescribeEndpoints has no resource type)", DOC))
    return Analysis(aws=tuple(aws))


KIND = ConnectorKind(
    id="timestream_sink",
    title=TITLE,
    classes=("software.amazon.timestream.TimestreamSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
