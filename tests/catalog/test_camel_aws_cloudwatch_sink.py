"""Camel AWS CloudWatch sink: PutMetricData on *, conditioned on the namespace.

Expected pairs from kamelets/aws-cloudwatch-sink.kamelet.yaml and the Service Authorization Reference (CloudWatch)."""

from kindtest import baseline, generate, pairs, reads

from kindtest import load_errors

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awscloudwatchsink.CamelAwscloudwatchsinkSinkConnector",
    "topics": "metrics",
    "camel.kamelet.aws-cloudwatch-sink.cwNamespace": "Acme/Orders",
    "camel.kamelet.aws-cloudwatch-sink.region": "us-east-1",
    "camel.kamelet.aws-cloudwatch-sink.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_cloudwatch_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "cw", "connector_configuration": CONFIG})
    assert role.pairs == baseline("cw", "sink") | reads("metrics") | pairs("cloudwatch:PutMetricData", "*")
    assert role.conditions[("cloudwatch:PutMetricData", "*")] == {("StringEquals", "cloudwatch:namespace", ("Acme/Orders",))}


def test_camel_aws_cloudwatch_sink_shipped_example_with_empty_values_is_an_error(tmp_path):
    config = {"connector.class": CONFIG["connector.class"], "topics": "metrics",
              "camel.kamelet.aws-cloudwatch-sink.cwNamespace": "", "camel.kamelet.aws-cloudwatch-sink.region": ""}
    assert "cwNamespace" in load_errors(tmp_path, {"name": "cw", "connector_configuration": config})
