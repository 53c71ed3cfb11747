"""Lenses (Stream Reactor) AWS S3 sink (``io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector``).

Source: Lenses, "AWS S3 sink" (https://docs.lenses.io/latest/connectors/kafka-connectors/sinks/aws-s3):
``connect.s3.kcql`` statements ``INSERT INTO <bucket>[:<prefix>] SELECT * FROM <topic>`` name the
buckets and the topics read. The connector keeps exactly-once *index files* in the same bucket
(``connect.s3.indexes.name``, default ``.indexes``), which it writes, reads and deletes, so the
object grant covers the whole bucket, not only the prefix. Lenses documents no IAM policy: the
actions (``s3:PutObject``, ``s3:GetObject``, ``s3:DeleteObject`` on objects, ``s3:ListBucket`` on
the bucket) are those the data and index writes need - *unconfirmed by the connector's documentation*.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse
from . import _kcql
from ._shared import s3_not_the_role

DOC = "https://docs.lenses.io/latest/connectors/kafka-connectors/sinks/aws-s3"
TITLE = "Lenses S3 sink"


def analyze(ctx: Context) -> Analysis:
    """Buckets and topics from the KCQL (see the module docstring)."""
    kcql = ctx.require("connect.s3.kcql", "the Lenses S3 sink's KCQL names its buckets and topics")
    if not kcql:
        return Analysis()
    parsed = _kcql.statements(kcql)
    if parsed is None:
        ctx.error("connect.s3.kcql", "expected ';'-separated statements 'INSERT INTO <bucket>[:<prefix>] SELECT ... "
                                     "FROM <topic>'")
        return Analysis()
    cause = ctx.cause("connect.s3.kcql")
    buckets = sorted({_kcql.location(into)[0] for into, _ in parsed})
    topics = tuple(TopicUse(ctx.kafka_name(_kcql.name(src), key="connect.s3.kcql"), cause, f"{TITLE}: reads the topic in the KCQL FROM clause", DOC)
                   for _, src in parsed if _kcql.name(src) != "*")
    if s3_not_the_role(ctx, TITLE, "lenses"):
        return Analysis(topics=topics)
    return Analysis(topics=topics, aws=(
        Grant("S3SinkObjects", ("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
              tuple(ctx.s3_objects(b, key="connect.s3.kcql") for b in buckets), cause,
              f"{TITLE}: writes data objects and writes, reads and deletes its index files in the bucket", DOC),
        Grant("S3SinkBucket", ("s3:ListBucket",), tuple(ctx.s3_bucket(b, key="connect.s3.kcql") for b in buckets), cause,
              f"{TITLE}: lists its index files", DOC),
    ))


KIND = ConnectorKind(
    id="lenses_s3_sink",
    title=TITLE,
    classes=("io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
