"""Aiven HTTP sink: Kafka access only.

Expected pairs from Aiven-Open/http-connector-for-apache-kafka HttpSinkConfig.java."""

from kindtest import baseline, generate, reads

def test_aiven_http_sink_needs_only_kafka_access(tmp_path):
    config = {"connector.class": "io.aiven.kafka.connect.http.HttpSinkConnector", "topics": "quotes",
              "http.url": "https://hasura.example.com/api/rest/quotes", "http.authorization.type": "none"}
    role = generate(tmp_path, {"name": "quotes-http", "connector_configuration": config})
    assert role.pairs == baseline("quotes-http", "sink") | reads("quotes")
