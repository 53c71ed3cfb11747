"""Confluent Amazon S3 Source connector (``io.confluent.connect.s3.source.S3SourceConnector``).

Source: Confluent, "Amazon S3 Source Connector for Confluent Platform"
(https://docs.confluent.io/kafka-connectors/s3-source/current/overview.html) and its configuration
reference: it reads ``s3.bucket.name`` under ``topics.dir`` (default ``topics``); in generic mode
(``mode=GENERIC``) ``topic.regex.list`` (``<topic>:<regex>,...``) names the topics written, in
backup-and-restore mode the topics are the directory names under ``topics.dir`` (they must be
declared). The stored Confluent pages do not list the source's IAM policy: ``s3:ListBucket`` on the
bucket and ``s3:GetObject`` on ``<bucket>/<topics.dir>/*`` are what listing and reading objects
require - *unconfirmed*. It is a commercial connector and uses the license topic
(:func:`._shared.confluent_license`).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse
from ._shared import confluent_license, s3_not_the_role

DOC = "https://docs.confluent.io/kafka-connectors/s3-source/current/overview.html"
TITLE = "Confluent S3 source"


def analyze(ctx: Context) -> Analysis:
    """S3 grants, written topics and the license topic (see the module docstring)."""
    bucket = ctx.require("s3.bucket.name", "the Confluent S3 source reads from this bucket")
    topics = []
    for item in ctx.list("topic.regex.list"):
        topic, sep, _regex = item.partition(":")
        if not sep or not topic.strip():
            ctx.error("topic.regex.list", f"found '{item}'; expected <topic>:<regex>")
            continue
        topics.append(TopicUse(ctx.kafka_name(topic.strip(), key="topic.regex.list"), ctx.cause("topic.regex.list"),
                               f"{TITLE}: writes the topics named in topic.regex.list", DOC))
    if not topics:
        ctx.warn(f"{TITLE}: no topic.regex.list: the topics written are the directory names under topics.dir in "
                 "the bucket; declare them in 'topics'")
    aws = []
    if bucket and not s3_not_the_role(ctx, TITLE, "confluent"):
        tdir = ctx.get("topics.dir", "topics").strip("/")
        cause = f"{ctx.cause('s3.bucket.name')}; {ctx.cause('topics.dir', tdir)}"
        aws = [Grant("S3SourceObjects", ("s3:GetObject",), (ctx.s3_objects(bucket, tdir, key="topics.dir"),), cause,
                     f"{TITLE}: reads the objects under topics.dir", DOC),
               Grant("S3SourceBucket", ("s3:ListBucket",), (ctx.s3_bucket(bucket, key="s3.bucket.name"),), ctx.cause("s3.bucket.name"),
                     f"{TITLE}: lists the objects under topics.dir", DOC)]
    return Analysis(topics=tuple(topics), aws=tuple(aws), kafka=tuple(confluent_license(ctx, TITLE)))


KIND = ConnectorKind(
    id="confluent_s3_source",
    title=TITLE,
    classes=("io.confluent.connect.s3.source.S3SourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
