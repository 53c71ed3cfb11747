"""Aiven S3 sink connector (``io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector``).

Sources: Aiven, "Prepare AWS for Amazon S3 sink"
(https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-sink-prereq): the connector requires
``s3:GetObject``, ``s3:PutObject``, ``s3:AbortMultipartUpload``, ``s3:ListMultipartUploadParts`` and
``s3:ListBucketMultipartUploads``. The page puts all five on both the bucket and ``bucket/*``; each
is granted here only on the resource type it applies to (object actions on objects, the bucket
action on the bucket: Service Authorization Reference for S3; facts.md), which is what the page's
policy effectively grants. Object keys all start with ``file.name.prefix`` (else the deprecated
``aws.s3.prefix``): "the prefix added to the name of each file put on S3" (configuration
reference, https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka), so the
object grant is narrowed to it.

With ``aws.sts.role.arn`` the connector assumes that role for every S3 call (Aiven, "Use AWS IAM
assume role credentials provider",
https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-iam-assume-role): this role then needs
only ``sts:AssumeRole`` on it; the S3 permissions belong to the assumed role.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._shared import s3_not_the_role

DOC = "https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-sink-prereq"
DOC_ASSUME = "https://aiven.io/docs/products/kafka/kafka-connect/howto/s3-iam-assume-role"
TITLE = "Aiven S3 sink"


def analyze(ctx: Context) -> Analysis:
    """S3 grants of the Aiven S3 sink (see the module docstring)."""
    bucket = ctx.require("aws.s3.bucket.name", "the Aiven S3 sink writes to this bucket")
    role = ctx.get("aws.sts.role.arn")
    if role:
        return Analysis(aws=(*ctx.assume_role(role, "aws.sts.role.arn", lambda arn: Grant("AssumeRole", ("sts:AssumeRole",), (arn,), ctx.cause("aws.sts.role.arn"),
                                   f"{TITLE}: assumes aws.sts.role.arn for its S3 calls (the S3 permissions belong "
                                   "to that role)", DOC_ASSUME)),))
    if not bucket or s3_not_the_role(ctx, TITLE, "aiven"):
        return Analysis()
    prefix_key = "file.name.prefix" if ctx.get("file.name.prefix") else "aws.s3.prefix"
    prefix = ctx.get(prefix_key) or ""
    cause = ctx.cause("aws.s3.bucket.name") + (f"; {ctx.cause(prefix_key)}" if prefix else "")
    objects = ctx.s3_keys(bucket, prefix, key=prefix_key if prefix else None)
    return Analysis(aws=(
        Grant("S3SinkObjects", ("s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts",
                                "s3:PutObject"), (objects,), cause,
              f"{TITLE}: writes objects (multipart uploads) under the file name prefix", DOC),
        Grant("S3SinkBucket", ("s3:ListBucketMultipartUploads",), (ctx.s3_bucket(bucket, key="aws.s3.bucket.name"),),
              ctx.cause("aws.s3.bucket.name"), f"{TITLE}: lists the bucket's multipart uploads", DOC),
    ))


KIND = ConnectorKind(
    id="aiven_s3_sink",
    title=TITLE,
    classes=("io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
