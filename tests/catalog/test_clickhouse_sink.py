"""ClickHouse sink: Kafka access only.

Expected pairs from ClickHouse/clickhouse-kafka-connect ClickHouseSinkConfig.java."""

from kindtest import baseline, generate, reads

def test_clickhouse_sink_needs_only_kafka_access(tmp_path):
    config = {"connector.class": "com.clickhouse.kafka.connect.ClickHouseSinkConnector", "topics": "events",
              "hostname": "abc.clickhouse.cloud", "port": "8443", "database": "default", "ssl": "true",
              "exactlyOnce": "true"}
    role = generate(tmp_path, {"name": "ch", "connector_configuration": config})
    assert role.pairs == baseline("ch", "sink") | reads("events")
