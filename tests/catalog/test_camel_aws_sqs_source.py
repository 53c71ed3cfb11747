"""Camel AWS SQS source: ReceiveMessage + DeleteMessage (deleteAfterRead default true); static keys grant nothing.

Expected pairs from kamelets/aws-sqs-source.kamelet.yaml and apache/camel Sqs2Consumer / Sqs2Endpoint."""

from kindtest import ACCOUNT, baseline, generate, pairs, writes

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awssqssource.CamelAwssqssourceSourceConnector",
    "topics": "orders-in",
    "camel.kamelet.aws-sqs-source.queueNameOrArn": "orders-queue",
    "camel.kamelet.aws-sqs-source.queueURL": "https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue",
    "camel.kamelet.aws-sqs-source.region": "us-east-1",
    "camel.kamelet.aws-sqs-source.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_sqs_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-in", "connector_configuration": CONFIG})
    q = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-queue"
    assert role.pairs == baseline("orders-in", "source") | writes("orders-in") | pairs(("sqs:ReceiveMessage", "sqs:DeleteMessage"), q)
    role.assert_source(pairs("sqs:ReceiveMessage", q), "queueNameOrArn", "https://camel.apache.org/camel-kamelets/next/aws-sqs-source.html")


def test_camel_aws_sqs_source_static_keys_grant_no_sqs(tmp_path):
    config = {"connector.class": "org.apache.camel.kafkaconnector.aws2sqs.CamelAws2sqsSourceConnector", "topics": "mytopic",
              "camel.source.path.queueNameOrArn": "camel-1", "camel.source.endpoint.deleteAfterRead": "false",
              "camel.component.aws2-sqs.accessKey": "xxxx", "camel.component.aws2-sqs.secretKey": "yyyy",
              "camel.component.aws2-sqs.region": "eu-west-1"}
    role = generate(tmp_path, {"name": "sqs-src", "connector_configuration": config})
    assert role.pairs == baseline("sqs-src", "source") | writes("mytopic")
    assert any("static credentials" in w for w in role.warnings)
