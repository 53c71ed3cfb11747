"""The catalog of connector kinds: what a connector plugin touches, derived from its configuration.

The registry is explicit: :data:`KINDS` lists every kind (one module per kind in
``catalog/kinds/<kind>.py``, each exporting ``KIND``), and :data:`EVERY_CONNECTOR` lists analysers
that run for every connector whatever its class (converters such as the AWS Glue Schema Registry's).
:func:`lookup` finds the kind of a ``connector.class``. The generic Kafka Connect rules live in
:mod:`.generic`. How to add a kind: CONTRIBUTING.md, section "Catalog".
"""

from __future__ import annotations

import functools
from typing import Callable

from .base import Analysis, ConnectorKind, Context
from . import glue_schema_registry
from .kinds import (
    aiven_s3_sink,
    aiven_s3_source,
    confluent_s3_sink,
    confluent_s3_source,
    datagen,
    debezium_mongodb,
    debezium_mysql,
    debezium_oracle,
    debezium_postgres,
    debezium_sqlserver,
    dynamodb_sink,
    eventbridge_sink,
    firehose_sink,
    iceberg_sink,
    jdbc_sink,
    jdbc_source,
    kinesis_sink,
    kinesis_source,
    lambda_sink,
    lambda_sink_nordstrom,
    lenses_s3_sink,
    lenses_s3_source,
    mirrormaker2_checkpoint,
    mirrormaker2_heartbeat,
    mirrormaker2_source,
    msk_datagen,
    opensearch_sink,
    snowflake_sink,
)

#: Every connector kind, in the order ``msk-connect-iam kinds`` lists them.
KINDS: tuple[ConnectorKind, ...] = (
    aiven_s3_sink.KIND,
    aiven_s3_source.KIND,
    confluent_s3_sink.KIND,
    confluent_s3_source.KIND,
    datagen.KIND,
    debezium_mongodb.KIND,
    debezium_mysql.KIND,
    debezium_oracle.KIND,
    debezium_postgres.KIND,
    debezium_sqlserver.KIND,
    dynamodb_sink.KIND,
    eventbridge_sink.KIND,
    firehose_sink.KIND,
    iceberg_sink.KIND,
    jdbc_sink.KIND,
    jdbc_source.KIND,
    kinesis_sink.KIND,
    kinesis_source.KIND,
    lambda_sink.KIND,
    lambda_sink_nordstrom.KIND,
    lenses_s3_sink.KIND,
    lenses_s3_source.KIND,
    mirrormaker2_checkpoint.KIND,
    mirrormaker2_heartbeat.KIND,
    mirrormaker2_source.KIND,
    msk_datagen.KIND,
    opensearch_sink.KIND,
    snowflake_sink.KIND,
)

#: Analysers applied to every connector after its kind's (for plugins that are not connectors,
#: such as converters and config providers named in the configuration).
EVERY_CONNECTOR: tuple[Callable[[Context], Analysis], ...] = (
    glue_schema_registry.analyze,
)


@functools.lru_cache(maxsize=1)
def _by_class() -> dict[str, ConnectorKind]:
    table: dict[str, ConnectorKind] = {}
    for kind in KINDS:
        for cls in kind.classes:
            if cls in table:
                raise RuntimeError(f"connector.class {cls} is claimed by both {table[cls].id} and {kind.id}")
            table[cls] = kind
    return table


def lookup(connector_class: str | None) -> ConnectorKind | None:
    """The kind whose ``classes`` include ``connector_class`` (exact, surrounding blanks ignored),
    or None for an unknown or absent class."""
    if not connector_class:
        return None
    return _by_class().get(connector_class.strip())


def kind_by_id(kind_id: str) -> ConnectorKind | None:
    """The kind with this ``id``, or None."""
    return next((k for k in KINDS if k.id == kind_id), None)
