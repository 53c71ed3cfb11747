"""Confluent HTTP sink: license topic and, with a reporter, its result/error topics.

Expected pairs from https://docs.confluent.io/kafka-connectors/http/current/connector_config.html and the license page."""

from kindtest import baseline, generate, kc, pairs, reads, T

LICENSE = "https://docs.confluent.io/platform/current/connect/license.html"


def test_confluent_http_sink_license_and_reporter_topics(tmp_path):
    config = {"connector.class": "io.confluent.connect.http.HttpSinkConnector", "topics": "http-messages",
              "http.api.url": "https://api.example.com/events", "confluent.topic.bootstrap.servers": "b-1:9098",
              "reporter.bootstrap.servers": "b-1:9098", "reporter.error.topic.name": ""}
    role = generate(tmp_path, {"name": "http-out", "connector_configuration": config})
    lic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    rep = pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), T("http-out-success"))
    assert role.pairs == baseline("http-out", "sink") | reads("http-messages") | lic | rep
