"""JDBC sinks: Confluent (``io.confluent.connect.jdbc.JdbcSinkConnector``) and Debezium
(``io.debezium.connector.jdbc.JdbcSinkConnector``).

Sources: Confluent, "JDBC Sink Connector Configuration Properties"
(https://docs.confluent.io/kafka-connectors/jdbc/current/sink-connector/sink_config_options.html);
Debezium, "JDBC sink connector" (https://debezium.io/documentation/reference/stable/connectors/jdbc.html).
They read ``topics`` and write to a database over JDBC: no AWS access (credentials through config
providers are granted by the generic rules).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context

DOC = "https://docs.confluent.io/kafka-connectors/jdbc/current/sink-connector/sink_config_options.html"


def analyze(ctx: Context) -> Analysis:
    """Kafka access only: nothing beyond the generic sink rules."""
    return Analysis()


KIND = ConnectorKind(
    id="jdbc_sink",
    title="JDBC sink",
    classes=("io.confluent.connect.jdbc.JdbcSinkConnector", "io.debezium.connector.jdbc.JdbcSinkConnector"),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
