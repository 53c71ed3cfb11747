"""MongoDB Kafka sink (``com.mongodb.kafka.connect.MongoSinkConnector``), also used for Amazon DocumentDB.

Source: MongoDB, "Sink Connector" (https://www.mongodb.com/docs/kafka-connector/current/sink-connector/);
mongodb/mongo-kafka@f0577a39 ``src/main/java/com/mongodb/kafka/connect/sink/MongoSinkTopicConfig.java``.
It reads ``topics``/``topics.regex`` and writes over the MongoDB wire protocol to ``connection.uri``.
Amazon DocumentDB is reached the same way: the URI's user and password authenticate, no
``docdb`` IAM action is involved (tests/corpus/EVIDENCE-cdc.md, "Amazon DocumentDB")

Kafka access only: no AWS API call (credentials held in Secrets Manager or SSM are granted by the generic
config-provider rules; a dead letter queue by the generic sink rule).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context

DOC = "https://www.mongodb.com/docs/kafka-connector/current/sink-connector/"


def analyze(ctx: Context) -> Analysis:
    """Kafka access only: nothing beyond the generic rules."""
    return Analysis()


KIND = ConnectorKind(
    id="mongodb_sink",
    title="MongoDB sink",
    classes=("com.mongodb.kafka.connect.MongoSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
