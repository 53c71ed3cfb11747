"""Apache Camel AWS S3 source (``org.apache.camel.kafkaconnector.awss3source.CamelAwss3sourceSourceConnector``;
0.x ``org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SourceConnector``).

Sources (commits in docs/catalog.md): the kamelet ``aws-s3-source`` (apache/camel-kamelets
``kamelets/aws-s3-source.kamelet.yaml`` L45-49 ``deleteAfterRead`` default true, L50-66
``moveAfterRead`` default false with ``destinationBucket``/``Prefix``/``Suffix``, L91 ``prefix``,
L207-221 ``from: aws2-s3:{{bucketNameOrArn}}``) and the Camel ``aws2-s3`` consumer (apache/camel
``AWS2S3Endpoint.java`` ``doStart``: ``headBucket``; ``AWS2S3Consumer.java``: ``listObjects`` with
the prefix, ``getObject``, then ``deleteObject`` (deleteAfterRead) or ``copyObject`` to the
destination bucket and ``deleteObject`` (moveAfterRead)). Grants, with the execution role only:

- ``s3:ListBucket`` on the bucket; ``s3:GetObject`` on ``<bucket>/<prefix>*`` (all objects without
  a prefix); ``s3:DeleteObject`` there unless ``deleteAfterRead=false`` and ``moveAfterRead`` is off;
- ``moveAfterRead=true``: ``s3:PutObject`` on ``<destinationBucket>/<destinationBucketPrefix>*``;
- ``autoCreateBucket=true``: ``s3:CreateBucket``;
- writes every record to each topic in ``topics``.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, Grant
from ._camel import Camel
from .camel_aws_s3_sink import DOC_ENDPOINT, bucket_name

DOC = "https://camel.apache.org/camel-kamelets/next/aws-s3-source.html"
DOC_CONSUMER = ("https://github.com/apache/camel/blob/main/components/camel-aws/camel-aws2-s3/src/main/java/org/"
                "apache/camel/component/aws2/s3/AWS2S3Consumer.java")
TITLE = "Camel AWS S3 source"


def analyze(ctx: Context) -> Analysis:
    """Bucket, object and topic grants (see the module docstring)."""
    camel = Camel(ctx, "aws-s3-source", "aws2-s3", "source", ("bucketNameOrArn", "bucketNameOrArn"), TITLE, "S3")
    topics = camel.source_topics()
    value = camel.require_path("the Camel S3 source reads from this bucket")
    if not value or not camel.uses_role():
        return Analysis(topics=topics)
    bucket = bucket_name(ctx, value, camel.path_key())
    if not bucket:
        return Analysis(topics=topics)
    pkey = camel.key("prefix")
    prefix = ctx.get(pkey) or ""
    objects = ctx.s3_keys(bucket, prefix, key=pkey if prefix else None)
    cause = camel.cause("path") + (f"; {ctx.cause(pkey)}" if prefix else "")
    move = camel.flag("moveAfterRead")
    delete = camel.flag("deleteAfterRead", True) or move
    read = ("s3:GetObject",) + (("s3:DeleteObject",) if delete else ())
    aws = [Grant("CamelS3Bucket", ("s3:ListBucket",), (ctx.s3_bucket(bucket, key=camel.path_key()),), cause,
                 f"{TITLE}: checks the bucket on start and lists its objects", DOC_CONSUMER),
           Grant("CamelS3Objects", read, (objects,), cause + (f"; {camel.cause('deleteAfterRead')}" if delete else ""),
                 f"{TITLE}: reads each object" + (" and deletes it afterwards (deleteAfterRead, default true)"
                                                   if delete else ""), DOC)]
    if move:
        dest = camel.get("destinationBucket")
        if not dest:
            ctx.require(camel.key("destinationBucket"), "moveAfterRead=true moves each object to this bucket")
        else:
            dkey = camel.key("destinationBucketPrefix")
            dprefix = ctx.get(dkey) or ""
            aws.append(Grant("CamelS3MoveTarget", ("s3:PutObject",),
                             (ctx.s3_keys(dest, dprefix, key=dkey if dprefix else camel.key("destinationBucket")),),
                             f"{camel.cause('moveAfterRead')}; {ctx.cause(camel.key('destinationBucket'))}",
                             f"{TITLE}: copies each object to the destination bucket (moveAfterRead)", DOC_CONSUMER))
    if camel.flag("autoCreateBucket"):
        aws.append(Grant("CamelS3CreateBucket", ("s3:CreateBucket",), (ctx.s3_bucket(bucket, key=camel.path_key()),),
                         camel.cause("autoCreateBucket"), f"{TITLE}: creates the bucket when it is missing",
                         DOC_ENDPOINT))
    return Analysis(topics=topics, aws=tuple(aws))


KIND = ConnectorKind(
    id="camel_aws_s3_source",
    title=TITLE,
    classes=("org.apache.camel.kafkaconnector.awss3source.CamelAwss3sourceSourceConnector",
             "org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SourceConnector"),
    type="source",
    doc=DOC,
    analyze=analyze,
)
