"""Camel AWS DynamoDB sink: DescribeTable on start, the configured operation per record.

Expected pairs from kamelets/aws-ddb-sink.kamelet.yaml and apache/camel Ddb2Endpoint.doStart (case aws-camel-ddb-sink-msk-terraform)."""

from kindtest import ACCOUNT, baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "org.apache.camel.kafkaconnector.awsddbsink.CamelAwsddbsinkSinkConnector",
    "topics": "order",
    "camel.kamelet.aws-ddb-sink.table": "connect-for-aws-orders",
    "camel.kamelet.aws-ddb-sink.region": "us-east-1",
    "camel.kamelet.aws-ddb-sink.operation": "PutItem",
    "camel.kamelet.aws-ddb-sink.useDefaultCredentialsProvider": "true",
}


def test_camel_aws_ddb_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "order-sink", "connector_configuration": CONFIG})
    t = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/connect-for-aws-orders"
    assert role.pairs == baseline("order-sink", "sink") | reads("order") | pairs(("dynamodb:DescribeTable", "dynamodb:PutItem"), t)
    role.assert_source(pairs("dynamodb:PutItem", t), "operation", "https://camel.apache.org/camel-kamelets/next/aws-ddb-sink.html")


def test_camel_aws_ddb_sink_delete_operation(tmp_path):
    config = dict(CONFIG, **{"camel.kamelet.aws-ddb-sink.operation": "DeleteItem"})
    role = generate(tmp_path, {"name": "order-sink", "connector_configuration": config})
    t = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/connect-for-aws-orders"
    assert role.pairs == baseline("order-sink", "sink") | reads("order") | pairs(("dynamodb:DescribeTable", "dynamodb:DeleteItem"), t)
