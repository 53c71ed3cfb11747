"""Camel AWS Kinesis sink: PutRecord(s) on the stream.

Expected pairs from kamelets/aws-kinesis-sink.kamelet.yaml and apache/camel Kinesis2Producer."""

from kindtest import ACCOUNT, baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awskinesissink.CamelAwskinesissinkSinkConnector",
    "topics": "clicks",
    "camel.kamelet.aws-kinesis-sink.stream": "clickstream",
    "camel.kamelet.aws-kinesis-sink.region": "eu-west-1",
    "camel.kamelet.aws-kinesis-sink.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_kinesis_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "clicks-out", "connector_configuration": CONFIG})
    s = f"arn:aws:kinesis:eu-west-1:{ACCOUNT}:stream/clickstream"
    assert role.pairs == baseline("clicks-out", "sink") | reads("clicks") | pairs(("kinesis:PutRecord", "kinesis:PutRecords"), s)
    role.assert_source(pairs("kinesis:PutRecord", s), "stream", "https://camel.apache.org/camel-kamelets/next/aws-kinesis-sink.html")
