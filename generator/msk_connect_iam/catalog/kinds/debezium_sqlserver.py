"""Debezium SQL Server connector (``io.debezium.connector.sqlserver.SqlServerConnector``).

Source: Debezium, "Debezium SQL Server connector" (https://debezium.io/documentation/reference/stable/connectors/sqlserver.html):
topic names, the schema change topic, transaction metadata and heartbeat topics, the schema history topic and its consumer group,
plus the Kafka signalling channel and sink notifications. The rules and their exact sources are in
:mod:`._debezium`. The connector needs no AWS permission of its own (database credentials come
through config providers, granted by the generic rules).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from . import _debezium

DOC = _debezium.DOCS.format("sqlserver")


def analyze(ctx: Context) -> Analysis:
    """Topics, schema history and signalling of the Debezium SQL Server connector (see :mod:`._debezium`)."""
    return _debezium.analyze(ctx, page="sqlserver", title="Debezium SQL Server connector", history=True, schema_changes=True,
                             legacy_name="database.server.name")


KIND = ConnectorKind(
    id="debezium_sqlserver",
    title="Debezium SQL Server connector",
    classes=("io.debezium.connector.sqlserver.SqlServerConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
