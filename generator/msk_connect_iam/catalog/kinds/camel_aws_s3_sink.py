"""Apache Camel AWS S3 sink (``org.apache.camel.kafkaconnector.awss3sink.CamelAwss3sinkSinkConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SinkConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-s3-sink`` (apache/camel-kamelets
``kamelets/aws-s3-sink.kamelet.yaml`` L36-L38 required ``bucketNameOrArn``, ``region``; L64-68
``autoCreateBucket`` default false; L143-150 ``to: aws2-s3:{{bucketNameOrArn}}``) and the Camel
``aws2-s3`` component (apache/camel ``AWS2S3Endpoint.java`` ``doStart``: ``headBucket`` on start,
``createBucket`` when missing and ``autoCreateBucket``; ``AWS2S3Producer``: ``putObject``, the
default operation). Grants, with the execution role only (``_camel.Camel.uses_role``):

- ``s3:ListBucket`` on the bucket (HeadBucket; a 403 is tolerated when autoCreateBucket is false,
  so it is what makes the check work, not what makes the sink work);
- ``s3:PutObject`` on every object of the bucket: the key is ``keyName`` or the record's
  ``CamelAwsS3Key``/file name header, which the configuration does not fix;
- ``autoCreateBucket=true``: ``s3:CreateBucket`` on the bucket.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel

DOC = "https://camel.apache.org/camel-kamelets/next/aws-s3-sink.html"
DOC_ENDPOINT = ("https://github.com/apache/camel/blob/main/components/camel-aws/camel-aws2-s3/src/main/java/org/"
                "apache/camel/component/aws2/s3/AWS2S3Endpoint.java")
TITLE = "Camel AWS S3 sink"


def bucket_name(ctx: Context, value: str, key: str) -> str | None:
    """A bucket name, or the name in an ``arn:<p>:s3:::<bucket>`` ARN (else a located error)."""
    if value.startswith("arn:"):
        arn = ctx.parse_arn(value, service="s3", resource="", key=key, example=f"arn:{ctx.partition}:s3:::<bucket>")
        return None if arn is None else str(arn).rsplit(":", 1)[-1]
    return value


def analyze(ctx: Context) -> Analysis:
    """Bucket and object grants (see the module docstring)."""
    camel = Camel(ctx, "aws-s3-sink", "aws2-s3", "sink", ("bucketNameOrArn", "bucketNameOrArn"), TITLE, "S3")
    value = camel.require_path("the Camel S3 sink writes to this bucket")
    if not value or not camel.uses_role():
        return Analysis()
    bucket = bucket_name(ctx, value, camel.path_key())
    if not bucket:
        return Analysis()
    cause = camel.cause("path")
    aws = [Grant("CamelS3Bucket", ("s3:ListBucket",), (ctx.s3_bucket(bucket, key=camel.path_key()),), cause,
                 f"{TITLE}: checks the bucket on start (HeadBucket)", DOC_ENDPOINT),
           Grant("CamelS3Objects", ("s3:PutObject",), (ctx.s3_objects(bucket, key=camel.path_key()),), cause,
                 f"{TITLE}: puts one object per record (the key comes from keyName or the record)", DOC)]
    if camel.flag("autoCreateBucket"):
        aws.append(Grant("CamelS3CreateBucket", ("s3:CreateBucket",), (ctx.s3_bucket(bucket, key=camel.path_key()),),
                         camel.cause("autoCreateBucket"), f"{TITLE}: creates the bucket when it is missing",
                         DOC_ENDPOINT))
    return Analysis(aws=tuple(aws))


KIND = ConnectorKind(
    id="camel_aws_s3_sink",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awss3sink.CamelAwss3sinkSinkConnector",
             "org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
