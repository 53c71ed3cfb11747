"""Confluent DynamoDB sink: one table per topic (table.name.format), written in batches and created
when missing; plus the Confluent license topic.

Expected pairs written from https://docs.confluent.io/kafka-connectors/aws-dynamodb/current/overview.html
("When a table doesn't exist, the connector creates the table") and its configuration reference; the
exact action list is unconfirmed (docs/catalog.md).
"""

from kindtest import T, baseline, generate, kc, pairs, reads

DOC = "https://docs.confluent.io/kafka-connectors/aws-dynamodb/"

CONFIG = {
    "connector.class": "io.confluent.connect.aws.dynamodb.DynamoDbSinkConnector",
    "tasks.max": "2",
    "topics": "orders,customers",
    "aws.dynamodb.region": "eu-west-1",
    "aws.dynamodb.endpoint": "https://dynamodb.eu-west-1.amazonaws.com",
    "aws.dynamodb.pk.hash": "value.id",
    "aws.dynamodb.pk.sort": "",
    "table.name.format": "prod-${topic}",
    "confluent.topic.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}


def test_dynamodb_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-to-dynamodb", "connector_configuration": CONFIG})
    tables = pairs(("dynamodb:BatchWriteItem", "dynamodb:DescribeTable", "dynamodb:CreateTable"),
                   ["arn:aws:dynamodb:eu-west-1:123456789012:table/prod-orders",
                    "arn:aws:dynamodb:eu-west-1:123456789012:table/prod-customers"])
    license_topic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    assert role.pairs == baseline("orders-to-dynamodb", "sink") | reads("orders", "customers") | tables | license_topic
    role.assert_source(tables, "table.name.format", DOC)
