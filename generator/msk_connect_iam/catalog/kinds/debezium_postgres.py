"""Debezium PostgreSQL connector (``io.debezium.connector.postgresql.PostgresConnector``).

Source: Debezium, "Debezium PostgreSQL connector" (https://debezium.io/documentation/reference/stable/connectors/postgresql.html):
topic names, transaction metadata and heartbeat topics,
plus the Kafka signalling channel and sink notifications. The rules and their exact sources are in
:mod:`._debezium`. The connector needs no AWS permission of its own (database credentials come
through config providers, granted by the generic rules).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from . import _debezium

DOC = _debezium.DOCS.format("postgresql")


def analyze(ctx: Context) -> Analysis:
    """Topics, schema history and signalling of the Debezium PostgreSQL connector (see :mod:`._debezium`)."""
    return _debezium.analyze(ctx, page="postgresql", title="Debezium PostgreSQL connector", history=False, schema_changes=False,
                             legacy_name="database.server.name")


KIND = ConnectorKind(
    id="debezium_postgres",
    title="Debezium PostgreSQL connector",
    classes=("io.debezium.connector.postgresql.PostgresConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
