"""Debezium MongoDB connector (``io.debezium.connector.mongodb.MongoDbConnector``).

Source: Debezium, "Debezium MongoDB connector" (https://debezium.io/documentation/reference/stable/connectors/mongodb.html):
topic names, transaction metadata and heartbeat topics,
plus the Kafka signalling channel and sink notifications. The rules and their exact sources are in
:mod:`._debezium`. The connector needs no AWS permission of its own (database credentials come
through config providers, granted by the generic rules).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context
from . import _debezium

DOC = _debezium.DOCS.format("mongodb")


def analyze(ctx: Context) -> Analysis:
    """Topics, schema history and signalling of the Debezium MongoDB connector (see :mod:`._debezium`)."""
    return _debezium.analyze(ctx, page="mongodb", title="Debezium MongoDB connector", history=False, schema_changes=False,
                             legacy_name="mongodb.name")


KIND = ConnectorKind(
    id="debezium_mongodb",
    title="Debezium MongoDB connector",
    classes=("io.debezium.connector.mongodb.MongoDbConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
