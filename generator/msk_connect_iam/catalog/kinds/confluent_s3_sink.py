"""Confluent Amazon S3 Sink connector (``io.confluent.connect.s3.S3SinkConnector``).

Sources: the connector's code, confluentinc/kafka-connect-storage-cloud@87eb7d39 (line numbers
below), and its configuration reference
(https://docs.confluent.io/kafka-connectors/s3-sink/current/configuration_options.html):

- bucket (``s3.bucket.name``, required): ``s3:ListBucket`` on the bucket ARN: the task checks the
  bucket exists on start with HeadBucket (``kafka-connect-s3/.../util/S3FileUtils.java`` L43, called
  from ``S3SinkTask.java`` L117), which S3 authorises as ``s3:ListBucket`` (S3 API Reference,
  HeadBucket);
- objects: ``s3:PutObject`` (CreateMultipartUpload L249, UploadPart L327, CompleteMultipartUpload
  L370 of ``storage/S3OutputStream.java``), ``s3:AbortMultipartUpload`` (L410) and ``s3:GetObject``
  (HeadObject, ``S3FileUtils.java`` L64, on the recovery paths ``S3OutputStream.java`` L379-394 and
  ``TopicPartitionWriter.java`` L1036) on ``<bucket>/<topics.dir>/*``: every object key the
  connector writes starts with ``topics.dir`` (default ``topics``), so the grant is narrowed to it;
- ``s3.object.tagging=true``: ``s3:PutObjectTagging`` on those objects (``S3Storage.java`` L280);
- ``s3.sse.kms.key.id`` (with ``s3.ssea.name=aws:kms``): ``kms:GenerateDataKey`` and
  ``kms:Decrypt`` (multipart uploads) on that key (``S3OutputStream.java`` L229-238; AWS S3 User
  Guide, "Using server-side encryption with AWS KMS keys");
- ``s3.bucket.name`` may name a bucket in another region (``s3.region``): S3 ARNs have no region.

Not granted, although Confluent's page "IAM Policy for S3"
(https://docs.confluent.io/kafka-connectors/s3-sink/current/overview.html#iam-policy-for-s3) lists
them: ``s3:ListAllMyBuckets``, ``s3:GetBucketLocation``, ``s3:ListMultipartUploadParts`` and
``s3:ListBucketMultipartUploads``. No call in the connector needs them (SDK v2 code at 87eb7d39;
the SDK v1 code before commit 5c633117 checked the bucket with ``doesBucketExistV2``, which treats a
403 as "exists"); tests/corpus/EVIDENCE-aws.md has the reading. A connector version that does call
them would fail with AccessDenied naming the action: declare it in ``aws_permissions``.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._shared import s3_not_the_role

DOC = "https://docs.confluent.io/kafka-connectors/s3-sink/current/overview.html#iam-policy-for-s3"
_SRC = "https://github.com/confluentinc/kafka-connect-storage-cloud/blob/87eb7d39/kafka-connect-s3/src/main/java/io/confluent/connect/s3"
DOC_SOURCE = f"{_SRC}/storage/S3OutputStream.java"
DOC_BUCKET = f"{_SRC}/util/S3FileUtils.java"
DOC_CONFIG = "https://docs.confluent.io/kafka-connectors/s3-sink/current/configuration_options.html"
DOC_SSE_KMS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"


def analyze(ctx: Context) -> Analysis:
    """Bucket, object and KMS grants of the Confluent S3 sink (see the module docstring)."""
    bucket = ctx.require("s3.bucket.name", "the Confluent S3 sink writes to this bucket")
    if not bucket:
        return Analysis()
    topics_dir = ctx.get("topics.dir", "topics")
    if s3_not_the_role(ctx, "Confluent S3 sink", "confluent"):
        return Analysis()
    aws = [
        Grant("S3SinkBucket", ("s3:ListBucket",),
              (ctx.s3_bucket(bucket, key="s3.bucket.name"),), ctx.cause("s3.bucket.name"),
              "Confluent S3 sink: checks the target bucket exists on start (HeadBucket)", DOC_BUCKET),
        Grant("S3SinkObjects", ("s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"),
              (ctx.s3_objects(bucket, topics_dir, key="topics.dir"),), f"{ctx.cause('s3.bucket.name')}; {ctx.cause('topics.dir')}",
              "Confluent S3 sink: writes objects (multipart uploads) under topics.dir", DOC_SOURCE),
    ]
    if ctx.flag("s3.object.tagging"):
        aws.append(Grant("S3SinkTagging", ("s3:PutObjectTagging",), (ctx.s3_objects(bucket, topics_dir, key="topics.dir"),),
                         ctx.cause("s3.object.tagging"), "Confluent S3 sink: tags the objects it writes", DOC_CONFIG))
    key = ctx.get("s3.sse.kms.key.id")
    if key:
        if (ctx.get("s3.ssea.name") or "").lower() not in ("aws:kms", "aws:kms:dsse"):
            ctx.warn("s3.sse.kms.key.id is set but s3.ssea.name is not aws:kms; the key is granted anyway")
        kms = ctx.kms_grant("S3SinkKms", key, ("kms:Decrypt", "kms:GenerateDataKey"),
                                 ctx.cause("s3.sse.kms.key.id"),
                                 "Confluent S3 sink: SSE-KMS uploads generate data keys (and decrypt them for "
                                 "multipart uploads) with the configured key", DOC_SSE_KMS, prop="s3.sse.kms.key.id")
        if kms is not None:
            aws.append(kms)
    return Analysis(aws=tuple(aws))


KIND = ConnectorKind(
    id="confluent_s3_sink",
    title="Confluent Amazon S3 Sink",
    classes=("io.confluent.connect.s3.S3SinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
