"""Couchbase source: couchbase.topic (template ${bucket}.${scope}.${collection}) and the black-hole topic.

Expected pairs from couchbase/kafka-connect-couchbase SourceBehaviorConfig.java."""

from kindtest import baseline, generate, writes

def test_couchbase_source_literal_topic(tmp_path):
    config = {"connector.class": "com.couchbase.connect.kafka.CouchbaseSourceConnector", "couchbase.topic": "test-default",
              "couchbase.seed.nodes": "127.0.0.1", "couchbase.bucket": "default", "couchbase.username": "Administrator",
              "couchbase.password": "x", "couchbase.black.hole.topic": "cb-black-hole"}
    role = generate(tmp_path, {"name": "test-couchbase-source", "connector_configuration": config})
    assert role.pairs == baseline("test-couchbase-source", "source") | writes("test-default", "cb-black-hole")


def test_couchbase_source_default_template(tmp_path):
    config = {"connector.class": "com.couchbase.connect.kafka.CouchbaseSourceConnector", "couchbase.seed.nodes": "cb",
              "couchbase.bucket": "travel", "couchbase.collections": "inventory.airline,inventory.hotel"}
    role = generate(tmp_path, {"name": "cb", "connector_configuration": config})
    assert role.pairs == baseline("cb", "source") | writes("travel.inventory.airline", "travel.inventory.hotel")
