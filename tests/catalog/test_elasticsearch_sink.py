"""Confluent Elasticsearch sink: Kafka access only; an Amazon OpenSearch endpoint is warned about.

Expected pairs from https://docs.confluent.io/kafka-connectors/elasticsearch/current/overview.html."""

from kindtest import baseline, generate, reads

def test_elasticsearch_sink_against_amazon_opensearch_gets_no_es_permission(tmp_path):
    config = {"connector.class": "ElasticsearchSink", "topics": "logs", "type.name": "_doc",
              "connection.url": "https://search-logs-abc123.us-east-1.es.amazonaws.com:443",
              "connection.username": "kafka", "connection.password": "not-a-real-secret", "key.ignore": "true"}
    role = generate(tmp_path, {"name": "logs-es", "connector_configuration": config})
    assert role.pairs == baseline("logs-es", "sink") | reads("logs")
    assert role.role.connector.kind == "elasticsearch_sink"
    assert any("fine-grained access control" in w for w in role.warnings)
