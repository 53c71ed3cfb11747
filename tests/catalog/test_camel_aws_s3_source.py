"""Camel AWS S3 source: list, read and delete under the prefix; MinIO endpoint grants nothing.

Expected pairs from kamelets/aws-s3-source.kamelet.yaml (deleteAfterRead default true) and AWS2S3Consumer."""

from kindtest import baseline, generate, pairs, writes

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awss3source.CamelAwss3sourceSourceConnector",
    "topics": "invoices",
    "camel.kamelet.aws-s3-source.bucketNameOrArn": "acme-inbox",
    "camel.kamelet.aws-s3-source.prefix": "invoices/",
    "camel.kamelet.aws-s3-source.region": "us-east-1",
    "camel.kamelet.aws-s3-source.useDefaultCredentialsProvider": "true",
    "camel.kamelet.aws-s3-source.moveAfterRead": "true",
    "camel.kamelet.aws-s3-source.destinationBucket": "acme-archive",
    "camel.kamelet.aws-s3-source.destinationBucketPrefix": "done/",
}


def test_camel_aws_s3_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "inbox", "connector_configuration": CONFIG})
    s3 = (pairs("s3:ListBucket", "arn:aws:s3:::acme-inbox")
          | pairs(("s3:GetObject", "s3:DeleteObject"), "arn:aws:s3:::acme-inbox/invoices/*")
          | pairs("s3:PutObject", "arn:aws:s3:::acme-archive/done/*"))
    assert role.pairs == baseline("inbox", "source") | writes("invoices") | s3
    role.assert_source(pairs("s3:GetObject", "arn:aws:s3:::acme-inbox/invoices/*"), "bucketNameOrArn",
                       "https://camel.apache.org/camel-kamelets/next/aws-s3-source.html")


def test_camel_aws_s3_source_minio_endpoint_grants_no_s3(tmp_path):
    config = {"connector.class": "org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SourceConnector", "topics": "test1",
              "camel.source.path.bucketNameOrArn": "bucket", "camel.source.endpoint.overrideEndpoint": "true",
              "camel.source.endpoint.uriEndpointOverride": "http://localhost:9000",
              "camel.source.endpoint.useDefaultCredentialsProvider": "true"}
    role = generate(tmp_path, {"name": "minio", "connector_configuration": config})
    assert role.pairs == baseline("minio", "source") | writes("test1")
    assert any("not an AWS endpoint" in w for w in role.warnings)
