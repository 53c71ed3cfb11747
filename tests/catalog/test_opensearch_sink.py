"""Aiven OpenSearch sink: no AWS permission (HTTP basic auth, no SigV4), its credentials from Secrets
Manager through the config provider, and a warning about an Amazon OpenSearch Service endpoint.

Expected pairs written from https://github.com/Aiven-Open/opensearch-connector-for-apache-kafka
(connection.url / connection.username / connection.password) and the MSK config provider guide.
"""

from kindtest import baseline, generate, pairs, reads

CONFIG = {
    "connector.class": "io.aiven.kafka.connect.opensearch.OpensearchSinkConnector",
    "tasks.max": "2",
    "topics": "orders",
    "connection.url": "https://search-orders-abc123xyz.us-east-1.es.amazonaws.com:443",
    "connection.username": "${secretsmanager:opensearch-writer:username}",
    "connection.password": "${secretsmanager:opensearch-writer:password}",
    "key.ignore": "true",
    "schema.ignore": "true",
    "behavior.on.malformed.documents": "warn",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}
WORKER = {
    "config.providers": "secretsmanager",
    "config.providers.secretsmanager.class": "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider",
    "config.providers.secretsmanager.param.region": "us-east-1",
}


def test_opensearch_sink_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "orders-to-search", "connector_configuration": CONFIG,
                               "worker_configuration": WORKER})
    secret = pairs("secretsmanager:GetSecretValue",
                   "arn:aws:secretsmanager:us-east-1:123456789012:secret:opensearch-writer-??????")
    assert role.pairs == baseline("orders-to-search", "sink") | reads("orders") | secret
    assert any("es.amazonaws.com" in w and "SigV4" in w for w in role.warnings)
