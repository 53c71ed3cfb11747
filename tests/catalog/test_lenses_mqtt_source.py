"""Lenses MQTT/JMS source: the KCQL INSERT INTO topics.

Expected pairs from https://docs.lenses.io/latest/connectors/kafka-connectors/sources/mqtt."""

from kindtest import load_errors
from kindtest import baseline, generate, writes

def test_lenses_mqtt_source_writes_the_kcql_topics(tmp_path):
    config = {"connector.class": "io.lenses.streamreactor.connect.mqtt.source.MqttSourceConnector",
              "connect.mqtt.hosts": "tcp://mqtt:1883", "connect.mqtt.service.quality": "1",
              "connect.mqtt.kcql": "INSERT INTO sensors SELECT * FROM /mjson WITHCONVERTER=`io.lenses.streamreactor.connect.converters.source.JsonSimpleConverter`"}
    role = generate(tmp_path, {"name": "mqtt-in", "connector_configuration": config})
    assert role.pairs == baseline("mqtt-in", "source") | writes("sensors")


def test_lenses_mqtt_source_old_jms_class(tmp_path):
    config = {"connector.class": "com.datamountaineer.streamreactor.connect.jms.source.JMSSourceConnector",
              "connect.jms.url": "tcp://activemq:61616", "connect.jms.kcql": "INSERT INTO jms-orders SELECT * FROM orders WITHTYPE QUEUE"}
    role = generate(tmp_path, {"name": "jms-in", "connector_configuration": config})
    assert role.pairs == baseline("jms-in", "source") | writes("jms-orders")


def test_lenses_mqtt_source_confluent_cloud_properties_are_a_located_error(tmp_path):
    config = {"connector.class": "MqttSource", "mqtt.server.uri": "ssl://broker:8883", "mqtt.topics": "panel"}
    assert "mqtt.topics" in load_errors(tmp_path, {"name": "m", "connector_configuration": config})
