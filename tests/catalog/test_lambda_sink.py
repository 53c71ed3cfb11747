"""Confluent AWS Lambda sink: lambda:InvokeFunction on the (qualified) function, plus the Confluent
license topic.

Expected pairs written from https://docs.confluent.io/kafka-connectors/aws-lambda/current/lambda_sink_connector_config.html
(function name with an optional ':qualifier', region) and the Lambda Invoke API's authorisation;
license topic: https://docs.confluent.io/platform/current/connect/license.html.
"""

from kindtest import T, baseline, generate, kc, pairs, reads

DOC = "https://docs.confluent.io/kafka-connectors/aws-lambda/"

CONFIG = {
    "connector.class": "io.confluent.connect.aws.lambda.AwsLambdaSinkConnector",
    "tasks.max": "2",
    "topics": "orders",
    "aws.lambda.function.name": "order-enricher:live",
    "aws.lambda.region": "eu-west-1",
    "aws.lambda.invocation.type": "sync",
    "aws.lambda.batch.size": "50",
    "behavior.on.error": "log",
    "confluent.topic.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "confluent.topic.replication.factor": "3",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}


def test_lambda_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "order-enricher", "connector_configuration": CONFIG})
    invoke = pairs("lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:123456789012:function:order-enricher:live")
    license_topic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    assert role.pairs == baseline("order-enricher", "sink") | reads("orders") | invoke | license_topic
    role.assert_source(invoke, "aws.lambda.function.name", DOC)


def test_lambda_sink_unqualified_function_in_the_connector_region(tmp_path):
    config = {k: v for k, v in CONFIG.items() if k != "aws.lambda.region"}
    config["aws.lambda.function.name"] = "order-enricher"
    role = generate(tmp_path, {"name": "order-enricher", "connector_configuration": config})
    invoke = pairs("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:order-enricher")
    assert invoke <= role.pairs
    assert not any(a == "lambda:InvokeFunction" and r not in {i[1] for i in invoke} for a, r in role.pairs)


NORDSTROM = {
    "connector.class": "com.nordstrom.kafka.connect.lambda.LambdaSinkConnector",
    "tasks.max": "1",
    "topics": "orders",
    "aws.region": "us-east-1",
    "aws.lambda.function.arn": "arn:aws:lambda:us-east-1:123456789012:function:order-audit",
    "aws.lambda.invocation.timeout.ms": "60000",
    "aws.lambda.invocation.mode": "SYNC",
    "aws.lambda.batch.enabled": "true",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.storage.StringConverter",
}


def test_lambda_sink_nordstrom_grants_exactly_what_its_documentation_implies(tmp_path):
    """Nordstrom kafka-connect-lambda (https://github.com/Nordstrom/kafka-connect-lambda): InvokeFunction on
    aws.lambda.function.arn; with lambda.credentials.provider.role.arn only sts:AssumeRole."""
    role = generate(tmp_path, {"name": "order-audit", "connector_configuration": NORDSTROM})
    invoke = pairs("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:order-audit")
    assert role.pairs == baseline("order-audit", "sink") | reads("orders") | invoke
    role.assert_source(invoke, "aws.lambda.function.arn", "https://github.com/Nordstrom/kafka-connect-lambda")

    cross = dict(NORDSTROM, **{
        "lambda.credentials.provider.class": "com.nordstrom.kafka.connect.auth.AWSAssumeRoleCredentialsProvider",
        "lambda.credentials.provider.role.arn": "arn:aws:iam::210987654321:role/invoke-order-audit",
        "lambda.credentials.provider.session.name": "order-audit"})
    role = generate(tmp_path, {"name": "order-audit", "connector_configuration": cross})
    assert role.pairs == (baseline("order-audit", "sink") | reads("orders")
                          | pairs("sts:AssumeRole", "arn:aws:iam::210987654321:role/invoke-order-audit"))
