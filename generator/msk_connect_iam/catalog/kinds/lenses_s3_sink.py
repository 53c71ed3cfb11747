"""Lenses (Stream Reactor) AWS S3 sink (``io.lenses.streamreactor.connect.aws.s3.sink.S3SinkConnector``).

Source: Lenses, "AWS S3 sink" (https://docs.lenses.io/latest/connectors/kafka-connectors/sinks/aws-s3):
``connect.s3.kcql`` statements ``INSERT INTO <bucket>[:<prefix>] SELECT * FROM <topic>`` name the
buckets and the topics read. The calls, from lensesio/stream-reactor@c7218e6e
(``java-connectors/.../aws/s3/storage/AwsS3StorageInterface.scala``, ``AwsS3Uploader.scala``):

- data objects under ``<prefix>/`` (the whole bucket without a prefix): PutObject
  (``AwsS3Uploader.scala`` L37, L56), GetObject and DeleteObject (``AwsS3StorageInterface.scala``
  L157, L179, L488-492: copy then delete) -> ``s3:PutObject``, ``s3:GetObject``, ``s3:DeleteObject``
  on ``<bucket>/<prefix>/*``;
- the exactly-once *index files* under ``connect.s3.indexes.name`` (default ``.indexes``,
  ``IndexSettings.scala`` L33-40) in each bucket: the same actions on ``<bucket>/<indexes>/*``;
- ``listObjectsV2`` (``AwsS3StorageInterface.scala`` L85, L133) -> ``s3:ListBucket`` on the bucket.

A custom endpoint that is still AWS (``aws.custom.endpoint=https://s3.<region>.amazonaws.com/``)
keeps the grants; a non-AWS one (MinIO, LocalStack) or static keys drop them (``_shared``).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse
from . import _kcql
from ._shared import s3_not_the_role

DOC = "https://docs.lenses.io/latest/connectors/kafka-connectors/sinks/aws-s3"
TITLE = "Lenses S3 sink"
DOC_SOURCE = "https://github.com/lensesio/stream-reactor/tree/c7218e6e"


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
    indexes = ctx.get("connect.s3.indexes.name", ".indexes").strip("/")
    objects = set()
    for into, _ in parsed:
        bucket, prefix = _kcql.location(into)
        objects.add(ctx.s3_objects(bucket, prefix, key="connect.s3.kcql") if prefix else
                    ctx.s3_objects(bucket, key="connect.s3.kcql"))
        objects.add(ctx.s3_objects(bucket, indexes, key="connect.s3.indexes.name"))
    return Analysis(topics=topics, aws=(
        Grant("S3SinkObjects", ("s3:DeleteObject", "s3:GetObject", "s3:PutObject"), tuple(sorted(objects)),
              f"{cause}; {ctx.cause('connect.s3.indexes.name', indexes)}",
              f"{TITLE}: writes data objects under the KCQL prefix, and writes, reads and deletes its index files "
              "under connect.s3.indexes.name", DOC_SOURCE),
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
