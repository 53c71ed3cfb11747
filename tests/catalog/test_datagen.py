"""Datagen sources: Confluent's kafka-connect-datagen (kafka.topic) and the Amazon MSK Data Generator
(topics named in its genkp./genv. keys).

Expected pairs written from https://github.com/confluentinc/kafka-connect-datagen and
https://github.com/awslabs/amazon-msk-data-generator.
"""

from kindtest import baseline, generate, writes


def test_datagen_grants_exactly_what_its_documentation_implies(tmp_path):
    config = {
        "connector.class": "io.confluent.kafka.connect.datagen.DatagenConnector",
        "tasks.max": "1",
        "kafka.topic": "pageviews",
        "quickstart": "pageviews",
        "max.interval": "100",
        "iterations": "10000000",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
    }
    role = generate(tmp_path, {"name": "pageviews-datagen", "connector_configuration": config})
    assert role.pairs == baseline("pageviews-datagen", "source") | writes("pageviews")
    role.assert_source(writes("pageviews"), "kafka.topic", "https://github.com/confluentinc/kafka-connect-datagen")


def test_msk_datagen_grants_exactly_what_its_documentation_implies(tmp_path):
    config = {
        "connector.class": "com.amazonaws.mskdatagen.GeneratorSourceConnector",
        "tasks.max": "1",
        "genkp.customer.with": "#{Code.isbn10}",
        "genv.customer.name.with": "#{Name.full_name}",
        "genkp.order.with": "#{Internet.uuid}",
        "genv.order.product_id.with": "#{number.number_between '101','109'}",
        "genv.order.customer_id.matching": "customer.key",
        "global.throttle.ms": "500",
        "global.history.records.max": "1000",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
    }
    role = generate(tmp_path, {"name": "orders-datagen", "connector_configuration": config})
    assert role.pairs == baseline("orders-datagen", "source") | writes("customer", "order")
    role.assert_source(writes("order"), "genkp.order.with", "https://github.com/awslabs/amazon-msk-data-generator")
