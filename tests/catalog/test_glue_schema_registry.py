"""AWS Glue Schema Registry converters wherever they appear: a source serialises (GetSchemaByDefinition,
plus schema registration when auto-registration is on) on its registry and one schema per topic; a sink
deserialises (GetSchemaVersion on '*', as AWS's example); a converter set in the worker configuration
applies too.

Expected pairs written from https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html (code
examples 13, 14, 15) and the serde property names (registry.name, default 'default-registry';
schemaName; schemaAutoRegistrationEnabled).
"""

from kindtest import baseline, generate, pairs, reads, writes

DOC = "https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html"
AVRO = "com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter"


def test_glue_schema_registry_serializer_on_a_source(tmp_path):
    config = {
        "connector.class": "io.confluent.kafka.connect.datagen.DatagenConnector",
        "kafka.topic": "pageviews",
        "quickstart": "pageviews",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": AVRO,
        "value.converter.region": "eu-west-1",
        "value.converter.registry.name": "analytics",
        "value.converter.schemaAutoRegistrationEnabled": "true",
        "value.converter.avroRecordType": "GENERIC_RECORD",
    }
    role = generate(tmp_path, {"name": "pageviews-datagen", "connector_configuration": config})
    glue = pairs(("glue:GetSchemaByDefinition", "glue:CreateSchema", "glue:RegisterSchemaVersion",
                  "glue:PutSchemaVersionMetadata"),
                 ["arn:aws:glue:eu-west-1:123456789012:registry/analytics",
                  "arn:aws:glue:eu-west-1:123456789012:schema/analytics/pageviews"])
    # awslabs/aws-glue-schema-registry AWSSchemaRegistryClient.java L306-312, L373-383: a version that is
    # not yet AVAILABLE is polled by its version id (GetSchemaVersion, on the connector's own schemas)
    check = pairs("glue:GetSchemaVersion", ["arn:aws:glue:eu-west-1:123456789012:registry/analytics",
                                            "arn:aws:glue:eu-west-1:123456789012:schema/analytics/pageviews"])
    assert role.pairs == baseline("pageviews-datagen", "source") | writes("pageviews") | glue | check
    role.assert_source(glue, "value.converter", DOC)


def test_glue_schema_registry_fixed_schema_name_without_registration(tmp_path):
    config = {
        "connector.class": "io.confluent.kafka.connect.datagen.DatagenConnector",
        "kafka.topic": "pageviews",
        "quickstart": "pageviews",
        "value.converter": AVRO,
        "value.converter.schemaName": "PageView",
    }
    role = generate(tmp_path, {"name": "pageviews-datagen", "connector_configuration": config})
    glue = pairs("glue:GetSchemaByDefinition",
                 ["arn:aws:glue:us-east-1:123456789012:registry/default-registry",
                  "arn:aws:glue:us-east-1:123456789012:schema/default-registry/PageView"])
    assert role.pairs == baseline("pageviews-datagen", "source") | writes("pageviews") | glue


def test_glue_schema_registry_deserializer_on_a_sink_from_the_worker_configuration(tmp_path):
    config = {
        "connector.class": "software.amazon.event.kafkaconnector.EventBridgeSinkConnector",
        "topics": "avro-orders",
        "aws.eventbridge.connector.id": "avro-orders",
        "aws.eventbridge.eventbus.arn": "arn:aws:events:us-east-1:123456789012:event-bus/orders-bus",
        "aws.eventbridge.region": "us-east-1",
    }
    worker = {"key.converter": "org.apache.kafka.connect.storage.StringConverter",
              "value.converter": AVRO, "value.converter.region": "us-east-1",
              "value.converter.registry.name": "orders"}
    role = generate(tmp_path, {"name": "avro-orders", "connector_configuration": config,
                               "worker_configuration": worker})
    expected = (baseline("avro-orders", "sink") | reads("avro-orders")
                | pairs("events:PutEvents", "arn:aws:events:us-east-1:123456789012:event-bus/orders-bus")
                | pairs("glue:GetSchemaVersion", "*"))
    assert role.pairs == expected
    role.assert_source(pairs("glue:GetSchemaVersion", "*"), "value.converter", DOC)
