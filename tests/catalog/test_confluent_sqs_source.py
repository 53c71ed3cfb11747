"""Confluent SQS source: ReceiveMessage/DeleteMessage on the queue of sqs.url, kafka.topic, license.

Expected pairs from https://docs.confluent.io/kafka-connectors/sqs/current/configuration.html."""

from kindtest import baseline, generate, kc, pairs, writes, T

def test_confluent_sqs_source_grants_exactly_what_its_documentation_implies(tmp_path):
    config = {"connector.class": "io.confluent.connect.sqs.source.SqsSourceConnector", "kafka.topic": "sqs-events",
              "sqs.url": "https://sqs.us-west-2.amazonaws.com/123456789012/events-queue",
              "confluent.topic.bootstrap.servers": "b-1:9098"}
    role = generate(tmp_path, {"name": "sqs-in", "connector_configuration": config})
    q = "arn:aws:sqs:us-west-2:123456789012:events-queue"
    lic = pairs(kc("CreateTopic", "DescribeTopic", "ReadData", "WriteData"), T("_confluent-command"))
    assert role.pairs == baseline("sqs-in", "source") | writes("sqs-events") | lic | pairs(("sqs:ReceiveMessage", "sqs:DeleteMessage"), q)
    role.assert_source(pairs("sqs:ReceiveMessage", q), "sqs.url", "https://docs.confluent.io/kafka-connect-sqs/current/overview.html")
