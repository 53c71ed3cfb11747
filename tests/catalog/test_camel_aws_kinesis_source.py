"""Camel AWS Kinesis source: shard listing and reading; a placeholder region with static keys is only a warning.

Expected pairs from kamelets/aws-kinesis-source.kamelet.yaml and apache/camel Kinesis2Consumer."""

from kindtest import ACCOUNT, baseline, generate, pairs, writes

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awskinesissource.CamelAwskinesissourceSourceConnector",
    "topics": "telemetry",
    "camel.kamelet.aws-kinesis-source.stream": "device-stream",
    "camel.kamelet.aws-kinesis-source.region": "us-east-1",
    "camel.kamelet.aws-kinesis-source.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_kinesis_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "telemetry-in", "connector_configuration": CONFIG})
    s = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/device-stream"
    kin = pairs(("kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"), s)
    assert role.pairs == baseline("telemetry-in", "source") | writes("telemetry") | kin
    role.assert_source(kin, "stream", "https://camel.apache.org/camel-kamelets/next/aws-kinesis-source.html")


def test_camel_aws_kinesis_source_static_keys_and_placeholder_region(tmp_path):
    config = {"connector.class": "org.apache.camel.kafkaconnector.aws2kinesis.CamelAws2kinesisSourceConnector",
              "topics": "mytopic", "camel.source.path.streamName": "streamTest",
              "camel.source.endpoint.accessKey": "xxxx", "camel.source.endpoint.secretKey": "yyyy",
              "camel.source.endpoint.region": "region"}
    role = generate(tmp_path, {"name": "kin", "connector_configuration": config})
    assert role.pairs == baseline("kin", "source") | writes("mytopic")
    assert any("static credentials" in w for w in role.warnings)
    assert any("'region' is not an AWS region" in w for w in role.warnings)
