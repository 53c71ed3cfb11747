"""MongoDB sink (and DocumentDB): Kafka access only.

Expected pairs from https://www.mongodb.com/docs/kafka-connector/current/sink-connector/."""

from kindtest import baseline, generate, kc, pairs, reads, T

def test_mongodb_sink_documentdb_needs_only_kafka_access(tmp_path):
    config = {"connector.class": "com.mongodb.kafka.connect.MongoSinkConnector", "topics": "orders",
              "connection.uri": "mongodb://app:secret@docdb.cluster-c1a2b3.us-east-1.docdb.amazonaws.com:27017/?tls=true",
              "database": "shop", "collection": "orders", "errors.tolerance": "all",
              "errors.deadletterqueue.topic.name": "orders-dlq"}
    role = generate(tmp_path, {"name": "docdb-sink", "connector_configuration": config})
    dlq = pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), T("orders-dlq"))
    assert role.pairs == baseline("docdb-sink", "sink") | reads("orders") | dlq
    assert not any("not in the catalog" in w for w in role.warnings)
