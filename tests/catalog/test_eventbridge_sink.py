"""EventBridge sink: events:PutEvents on the bus; s3:PutObject on the offloading bucket; or only
sts:AssumeRole when the connector assumes another role.

Expected pairs written from the connector's README (https://github.com/aws/eventbridge-kafka-connector,
"Required Connector Permissions", "Offloading large events (payloads) to S3").
"""

from kindtest import baseline, generate, pairs, reads, s3_objects

DOC = "https://github.com/aws/eventbridge-kafka-connector"
BUS = "arn:aws:events:us-east-1:123456789012:event-bus/orders-bus"

CONFIG = {
    "connector.class": "software.amazon.event.kafkaconnector.EventBridgeSinkConnector",
    "tasks.max": "2",
    "topics": "orders,order-events",
    "aws.eventbridge.connector.id": "orders-to-bus",
    "aws.eventbridge.eventbus.arn": BUS,
    "aws.eventbridge.region": "us-east-1",
    "aws.eventbridge.detail.types": "orders:com.acme.order.v1,order-events:com.acme.order-event.v1",
    "aws.eventbridge.offloading.default.s3.bucket": "acme-eventbridge-offload",
    "aws.eventbridge.offloading.default.fieldref": "$.detail.value.payload",
    "key.converter": "org.apache.kafka.connect.storage.StringConverter",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    "auto.offset.reset": "earliest",
}


def test_eventbridge_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-to-bus", "connector_configuration": CONFIG})
    put = pairs("events:PutEvents", BUS)
    offload = pairs("s3:PutObject", s3_objects("acme-eventbridge-offload"))
    assert role.pairs == baseline("orders-to-bus", "sink") | reads("orders", "order-events") | put | offload
    role.assert_source(put, "aws.eventbridge.eventbus.arn", DOC)
    role.assert_source(offload, "aws.eventbridge.offloading.default.s3.bucket", DOC)


def test_eventbridge_sink_with_assume_role(tmp_path):
    config = dict(CONFIG, **{"aws.eventbridge.iam.role.arn": "arn:aws:iam::210987654321:role/put-orders-events",
                             "aws.eventbridge.iam.external.id": "orders-to-bus"})
    role = generate(tmp_path, {"name": "orders-to-bus", "connector_configuration": config})
    assume = pairs("sts:AssumeRole", "arn:aws:iam::210987654321:role/put-orders-events")
    assert role.pairs == baseline("orders-to-bus", "sink") | reads("orders", "order-events") | assume
    role.assert_source(assume, "aws.eventbridge.iam.role.arn", DOC)


def test_eventbridge_sink_against_localstack_is_not_the_role(tmp_path):
    """EventBridgeWriter.java L92-118 (aws/eventbridge-kafka-connector@1cb4524d): the endpoint URIs are
    endpointOverride; LocalStack is not AWS, so neither PutEvents nor the offloading PutObject is granted."""
    from kindtest import generate as gen

    config = {"connector.class": "software.amazon.event.kafkaconnector.EventBridgeSinkConnector", "topics": "e2e",
              "aws.eventbridge.connector.id": "e2e", "aws.eventbridge.region": "us-east-1",
              "aws.eventbridge.eventbus.arn": "arn:aws:events:us-east-1:123456789012:event-bus/e2e",
              "aws.eventbridge.endpoint.uri": "http://localstack:4566",
              "aws.eventbridge.offloading.default.s3.endpoint.uri": "http://localstack:4566",
              "aws.eventbridge.offloading.default.s3.bucket": "test-bucket"}
    role = gen(tmp_path, {"name": "e2e", "connector_configuration": config})
    assert not {p for p in role.pairs if not p[0].startswith("kafka-cluster:")}
    assert sum("localstack:4566 is not an AWS endpoint" in w for w in role.warnings) == 2
