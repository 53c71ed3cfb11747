"""Camel AWS S3 sink: HeadBucket (ListBucket) and PutObject with the role; nothing with static keys or MinIO.

Expected pairs from apache/camel-kamelets kamelets/aws-s3-sink.kamelet.yaml and apache/camel AWS2S3Endpoint.doStart."""

from kindtest import baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awss3sink.CamelAwss3sinkSinkConnector",
    "topics": "orders",
    "camel.kamelet.aws-s3-sink.bucketNameOrArn": "acme-orders-raw",
    "camel.kamelet.aws-s3-sink.region": "us-east-1",
    "camel.kamelet.aws-s3-sink.useDefaultCredentialsProvider": "true",
    "camel.kamelet.aws-s3-sink.autoCreateBucket": "true",
}


def test_camel_aws_s3_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-s3", "connector_configuration": CONFIG})
    s3 = pairs(("s3:ListBucket", "s3:CreateBucket"), "arn:aws:s3:::acme-orders-raw") | pairs("s3:PutObject", "arn:aws:s3:::acme-orders-raw/*")
    assert role.pairs == baseline("orders-s3", "sink") | reads("orders") | s3
    role.assert_source(pairs("s3:PutObject", "arn:aws:s3:::acme-orders-raw/*"), "bucketNameOrArn",
                       "https://camel.apache.org/camel-kamelets/next/aws-s3-sink.html")
    assert role.role.connector.kind == "camel_aws_s3_sink"


def test_camel_aws_s3_sink_0x_class_with_static_keys_grants_no_s3(tmp_path):
    config = {"connector.class": "org.apache.camel.kafkaconnector.aws2s3.CamelAws2s3SinkConnector", "topics": "mytopic",
              "camel.sink.path.bucketNameOrArn": "camel-kafka-connector", "camel.component.aws2-s3.accessKey": "xxxx",
              "camel.component.aws2-s3.secretKey": "yyyy", "camel.component.aws2-s3.region": "eu-west-1"}
    role = generate(tmp_path, {"name": "camel-s3", "connector_configuration": config})
    assert role.pairs == baseline("camel-s3", "sink") | reads("mytopic")
    assert any("static credentials" in w and "no S3 permission" in w for w in role.warnings)


def test_camel_aws_s3_sink_without_credentials_setting_warns(tmp_path):
    config = {k: v for k, v in CONFIG.items() if "useDefault" not in k}
    role = generate(tmp_path, {"name": "orders-s3", "connector_configuration": config})
    assert role.pairs == baseline("orders-s3", "sink") | reads("orders")
    assert any("useDefaultCredentialsProvider is not true" in w for w in role.warnings)
