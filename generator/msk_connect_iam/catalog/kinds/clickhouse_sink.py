"""ClickHouse sink (``com.clickhouse.kafka.connect.ClickHouseSinkConnector``).

Source: ClickHouse, "ClickHouse Kafka Connect Sink"
(https://clickhouse.com/docs/integrations/kafka/clickhouse-kafka-connect-sink); ClickHouse/clickhouse-kafka-connect@483f7c4
``src/main/java/com/clickhouse/kafka/connect/sink/ClickHouseSinkConfig.java`` L25, L34, L37
(``hostname``, ``port``, ``database``, ``topic2TableMap``; ``exactlyOnce`` keeps its state in
ClickHouse KeeperMap, not in Kafka)

Kafka access only: no AWS API call (credentials held in Secrets Manager or SSM are granted by the generic
config-provider rules; a dead letter queue by the generic sink rule).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context

DOC = "https://clickhouse.com/docs/integrations/kafka/clickhouse-kafka-connect-sink"


def analyze(ctx: Context) -> Analysis:
    """Kafka access only: nothing beyond the generic rules."""
    return Analysis()


KIND = ConnectorKind(
    id="clickhouse_sink",
    title="ClickHouse sink",
    classes=("com.clickhouse.kafka.connect.ClickHouseSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
