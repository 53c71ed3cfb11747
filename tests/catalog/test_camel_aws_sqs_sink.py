"""Camel AWS SQS sink: SendMessage, and ListQueues for a queue named without ARN.

Expected pairs from kamelets/aws-sqs-sink.kamelet.yaml and apache/camel Sqs2Endpoint.doInit/initQueueUrl."""

from kindtest import ACCOUNT, baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awssqssink.CamelAwssqssinkSinkConnector",
    "topics": "alerts",
    "camel.kamelet.aws-sqs-sink.queueNameOrArn": "alerts-queue",
    "camel.kamelet.aws-sqs-sink.region": "us-east-1",
    "camel.kamelet.aws-sqs-sink.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_sqs_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "alerts-sqs", "connector_configuration": CONFIG})
    q = f"arn:aws:sqs:us-east-1:{ACCOUNT}:alerts-queue"
    assert role.pairs == baseline("alerts-sqs", "sink") | reads("alerts") | pairs("sqs:SendMessage", q) | pairs("sqs:ListQueues", "*")
    role.assert_source(pairs("sqs:SendMessage", q), "queueNameOrArn", "https://camel.apache.org/camel-kamelets/next/aws-sqs-sink.html")


def test_camel_aws_sqs_sink_queue_arn_needs_no_listing(tmp_path):
    config = dict(CONFIG, **{"camel.kamelet.aws-sqs-sink.queueNameOrArn": "arn:aws:sqs:eu-west-1:123456789012:alerts-queue"})
    role = generate(tmp_path, {"name": "alerts-sqs", "connector_configuration": config})
    assert role.pairs == baseline("alerts-sqs", "sink") | reads("alerts") | pairs("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:alerts-queue")
