"""Aiven S3 source connector (``io.aiven.kafka.connect.s3.source.S3SourceConnector``).

Source: the connector's documentation
(https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/tree/main/s3-source-connector):
it lists the objects of ``aws.s3.bucket.name`` under ``aws.s3.prefix`` and reads them, writing the
records to ``topic`` (or to the topic its ``file.name.template`` extracts from each key). Aiven
documents no IAM permission list for the source: ``s3:ListBucket`` (ListObjectsV2) on the bucket
and ``s3:GetObject`` on the objects are what those S3 calls require (S3 API reference) -
*unconfirmed by the connector's documentation*.
"""

from __future__ import annotations

from ._shared import s3_not_the_role
from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse

DOC = "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/tree/main/s3-source-connector"
TITLE = "Aiven S3 source"


def analyze(ctx: Context) -> Analysis:
    """S3 grants and the written topic of the Aiven S3 source (see the module docstring)."""
    bucket = ctx.require("aws.s3.bucket.name", "the Aiven S3 source reads from this bucket")
    topics = ()
    topic = ctx.get("topic")
    if topic:
        topics = (TopicUse(ctx.kafka_name(topic, key="topic"), ctx.cause("topic"), f"{TITLE}: writes the records to 'topic'", DOC),)
    else:
        ctx.warn(f"{TITLE}: 'topic' is not set, so the topic of each record comes from the object key "
                 "(file.name.template): declare the topics it writes in 'topics'")
    if not bucket:
        return Analysis(topics=topics)
    prefix = ctx.get("aws.s3.prefix") or ""
    cause = ctx.cause("aws.s3.bucket.name") + (f"; {ctx.cause('aws.s3.prefix')}" if prefix else "")
    role = ctx.get("aws.sts.role.arn")
    if role:
        return Analysis(topics=topics, aws=(*ctx.assume_role(role, "aws.sts.role.arn", lambda arn: Grant("AssumeRole", ("sts:AssumeRole",), (arn,),
                                                  ctx.cause("aws.sts.role.arn"),
                                                  f"{TITLE}: assumes aws.sts.role.arn for its S3 calls", DOC)),))
    if s3_not_the_role(ctx, TITLE, "aiven"):
        return Analysis(topics=topics)
    return Analysis(topics=topics, aws=(
        Grant("S3SourceObjects", ("s3:GetObject",), (ctx.s3_keys(bucket, prefix, key="aws.s3.prefix" if prefix else None),), cause,
              f"{TITLE}: reads the objects under aws.s3.prefix", DOC),
        Grant("S3SourceBucket", ("s3:ListBucket",), (ctx.s3_bucket(bucket, key="aws.s3.bucket.name"),), cause,
              f"{TITLE}: lists the objects under aws.s3.prefix", DOC),
    ))


KIND = ConnectorKind(
    id="aiven_s3_source",
    title=TITLE,
    classes=("io.aiven.kafka.connect.s3.source.S3SourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
