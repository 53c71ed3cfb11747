"""Camel AWS SNS sink: Publish, ListTopics for a named topic.

Expected pairs from kamelets/aws-sns-sink.kamelet.yaml and apache/camel Sns2Endpoint.doInit."""

from kindtest import ACCOUNT, baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awssnssink.CamelAwssnssinkSinkConnector",
    "topics": "notifications",
    "camel.kamelet.aws-sns-sink.topicNameOrArn": "user-notifications",
    "camel.kamelet.aws-sns-sink.region": "us-east-1",
    "camel.kamelet.aws-sns-sink.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_sns_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "notify", "connector_configuration": CONFIG})
    t = f"arn:aws:sns:us-east-1:{ACCOUNT}:user-notifications"
    assert role.pairs == baseline("notify", "sink") | reads("notifications") | pairs("sns:Publish", t) | pairs("sns:ListTopics", "*")
    role.assert_source(pairs("sns:Publish", t), "topicNameOrArn", "https://camel.apache.org/camel-kamelets/next/aws-sns-sink.html")
