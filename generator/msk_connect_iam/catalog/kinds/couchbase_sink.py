"""Couchbase sink (``com.couchbase.connect.kafka.CouchbaseSinkConnector``).

Source: Couchbase, "Kafka Connector" (https://docs.couchbase.com/kafka-connector/current/index.html);
couchbase/kafka-connect-couchbase@5ac6a60f ``config/quickstart-couchbase-sink.json``: it reads
``topics`` and writes to Couchbase with ``couchbase.username``/``couchbase.password``

Kafka access only: no AWS API call (credentials held in Secrets Manager or SSM are granted by the generic
config-provider rules; a dead letter queue by the generic sink rule).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context

DOC = "https://docs.couchbase.com/kafka-connector/current/index.html"


def analyze(ctx: Context) -> Analysis:
    """Kafka access only: nothing beyond the generic rules."""
    return Analysis()


KIND = ConnectorKind(
    id="couchbase_sink",
    title="Couchbase sink",
    classes=("com.couchbase.connect.kafka.CouchbaseSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
