"""Confluent Elasticsearch sink (``io.confluent.connect.elasticsearch.ElasticsearchSinkConnector``),
also used with Amazon OpenSearch Service.

Sources: Confluent, "Elasticsearch Service Sink Connector"
(https://docs.confluent.io/kafka-connectors/elasticsearch/current/overview.html);
confluentinc/kafka-connect-elasticsearch@19306d4
``src/main/java/io/confluent/connect/elasticsearch/ElasticsearchSinkConnectorConfig.java`` L51, L59
(``connection.url``, ``connection.username``/``connection.password``: HTTP basic auth; no SigV4 code
under src/main), ``ElasticsearchSinkTask.java`` L83-89 (errant records only through Connect's DLQ).
It is not a commercial connector (Confluent Community License): no license topic. Against an
Amazon OpenSearch Service endpoint the role gets nothing: the domain must admit the user through
fine-grained access control (a warning says so).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from .opensearch_sink import _AWS_ENDPOINT, DOC_FGAC

DOC = "https://docs.confluent.io/kafka-connectors/elasticsearch/current/overview.html"
TITLE = "Confluent Elasticsearch sink"


def analyze(ctx: Context) -> Analysis:
    """No AWS grant; a warning for Amazon OpenSearch Service endpoints (see the module docstring)."""
    url = ctx.require("connection.url", "the Elasticsearch sink writes to this endpoint")
    if url and any(_AWS_ENDPOINT.search(u.strip()) for u in url.split(",")):
        ctx.warn(f"{TITLE}: connection.url is an Amazon OpenSearch Service endpoint ({url}); the connector uses HTTP "
                 "basic auth, not SigV4-signed IAM requests, so the execution role gets no es:* permission: allow "
                 f"connection.username through the domain's fine-grained access control ({DOC_FGAC})")
    return Analysis()


KIND = ConnectorKind(
    id="elasticsearch_sink",
    title=TITLE,
    classes=("io.confluent.connect.elasticsearch.ElasticsearchSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
