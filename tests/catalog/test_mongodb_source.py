"""MongoDB source: topics [prefix.]db.coll[.suffix], heartbeats, source DLQ.

Expected pairs from mongodb/mongo-kafka MongoSourceConfig.java and DefaultTopicMapper.java."""

from kindtest import baseline, generate, writes

def test_mongodb_source_topic_from_prefix_database_collection(tmp_path):
    config = {"connector.class": "com.mongodb.kafka.connect.MongoSourceConnector", "connection.uri": "mongodb://mongo1:27017",
              "topic.prefix": "cdc", "database": "shop", "collection": "orders", "heartbeat.interval.ms": "10000",
              "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "mongo-dlq"}
    role = generate(tmp_path, {"name": "mongo-src", "connector_configuration": config})
    assert role.pairs == baseline("mongo-src", "source") | writes("cdc.shop.orders", "__mongodb_heartbeats", "mongo-dlq")


def test_mongodb_source_database_only_is_a_prefix_without_the_suffix(tmp_path):
    config = {"connector.class": "com.mongodb.kafka.connect.MongoSourceConnector", "connection.uri": "mongodb://mongo1:27017",
              "database": "test", "topic.suffix": "v1"}
    role = generate(tmp_path, {"name": "mongo-src", "connector_configuration": config})
    assert role.pairs == baseline("mongo-src", "source") | writes("test.*")
