"""Couchbase sink: Kafka access only.

Expected pairs from couchbase/kafka-connect-couchbase config/quickstart-couchbase-sink.json."""

from kindtest import baseline, generate, reads

def test_couchbase_sink_needs_only_kafka_access(tmp_path):
    config = {"connector.class": "com.couchbase.connect.kafka.CouchbaseSinkConnector", "topics": "couchbase-sink-example",
              "couchbase.seed.nodes": "127.0.0.1", "couchbase.bucket": "receiver", "couchbase.username": "Administrator",
              "couchbase.password": "password"}
    role = generate(tmp_path, {"name": "test-couchbase-sink", "connector_configuration": config})
    assert role.pairs == baseline("test-couchbase-sink", "sink") | reads("couchbase-sink-example")
