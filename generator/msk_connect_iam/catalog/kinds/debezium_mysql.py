"""Debezium MySQL connector (``io.debezium.connector.mysql.MySqlConnector``).

Source: Debezium, "Debezium MySQL connector" (https://debezium.io/documentation/reference/stable/connectors/mysql.html):
topic names, the schema change topic, transaction metadata and heartbeat topics, the schema history topic and its consumer group,
plus the Kafka signalling channel and sink notifications. The rules and their exact sources are in
:mod:`._debezium`. The connector needs no AWS permission of its own (database credentials come
through config providers, granted by the generic rules).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from . import _debezium

DOC = _debezium.DOCS.format("mysql")


def analyze(ctx: Context) -> Analysis:
    """Topics, schema history and signalling of the Debezium MySQL connector (see :mod:`._debezium`)."""
    return _debezium.analyze(ctx, page="mysql", title="Debezium MySQL connector", history=True, schema_changes=True,
                             legacy_name="database.server.name")


KIND = ConnectorKind(
    id="debezium_mysql",
    title="Debezium MySQL connector",
    classes=("io.debezium.connector.mysql.MySqlConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
