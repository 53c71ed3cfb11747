"""Lenses (Stream Reactor) AWS S3 source (``io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector``).

Source: Lenses, "AWS S3 source" (https://docs.lenses.io/latest/connectors/kafka-connectors/sources/aws-s3):
``connect.s3.kcql`` statements ``INSERT INTO <topic> SELECT * FROM <bucket>[:<prefix>]``. The
connector lists the objects under the prefix and reads them: ``s3:ListBucket`` on the bucket and
``s3:GetObject`` on ``<bucket>/<prefix>/*`` - *unconfirmed by the connector's documentation*
(Lenses documents no IAM policy).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse
from . import _kcql
from ._shared import s3_not_the_role

DOC = "https://docs.lenses.io/latest/connectors/kafka-connectors/sources/aws-s3"
TITLE = "Lenses S3 source"


def analyze(ctx: Context) -> Analysis:
    """Buckets and topics from the KCQL (see the module docstring)."""
    kcql = ctx.require("connect.s3.kcql", "the Lenses S3 source's KCQL names its buckets and topics")
    if not kcql:
        return Analysis()
    parsed = _kcql.statements(kcql)
    if parsed is None:
        ctx.error("connect.s3.kcql", "expected ';'-separated statements 'INSERT INTO <topic> SELECT ... FROM "
                                     "<bucket>[:<prefix>]'")
        return Analysis()
    cause = ctx.cause("connect.s3.kcql")
    objects, buckets = set(), set()
    for _, src in parsed:
        bucket, prefix = _kcql.location(src)
        buckets.add(ctx.s3_bucket(bucket, key="connect.s3.kcql"))
        objects.add(ctx.s3_objects(bucket, prefix, key="connect.s3.kcql"))
    topics = tuple(TopicUse(ctx.kafka_name(_kcql.name(into), key="connect.s3.kcql"), cause, f"{TITLE}: writes the topic in the KCQL INSERT INTO clause", DOC)
                   for into, _ in parsed)
    if s3_not_the_role(ctx, TITLE, "lenses"):
        return Analysis(topics=topics)
    return Analysis(topics=topics, aws=(
        Grant("S3SourceObjects", ("s3:GetObject",), tuple(sorted(objects)), cause,
              f"{TITLE}: reads the objects under the KCQL prefix", DOC),
        Grant("S3SourceBucket", ("s3:ListBucket",), tuple(sorted(buckets)), cause,
              f"{TITLE}: lists the objects under the KCQL prefix", DOC),
    ))


KIND = ConnectorKind(
    id="lenses_s3_source",
    title=TITLE,
    classes=("io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
