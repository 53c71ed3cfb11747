"""The catalog of connector kinds: what a connector plugin touches, derived from its configuration.

The registry is explicit: :data:`KINDS` lists every kind (one module per kind in
``catalog/kinds/<kind>.py``, each exporting ``KIND``), and :data:`EVERY_CONNECTOR` lists analysers
that run for every connector whatever its class (converters such as the AWS Glue Schema Registry's).
:func:`resolve` / :func:`lookup` find the kind of a ``connector.class`` (full class name or Kafka
Connect alias). The generic Kafka Connect rules live in
:mod:`.generic`. How to add a kind: CONTRIBUTING.md, section "Catalog".
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import Callable

from .base import Analysis, ConnectorKind, Context
from . import glue_schema_registry
from .kinds import (
    aiven_http_sink,
    aiven_s3_sink,
    aiven_s3_source,
    camel_aws_cloudwatch_sink,
    camel_aws_ddb_sink,
    camel_aws_kinesis_sink,
    camel_aws_kinesis_source,
    camel_aws_s3_sink,
    camel_aws_s3_source,
    camel_aws_sns_sink,
    camel_aws_sqs_sink,
    camel_aws_sqs_source,
    clickhouse_sink,
    confluent_http_sink,
    confluent_s3_sink,
    confluent_s3_source,
    confluent_sqs_source,
    couchbase_sink,
    couchbase_source,
    datagen,
    debezium_mongodb,
    debezium_mysql,
    debezium_oracle,
    debezium_postgres,
    debezium_sqlserver,
    dynamodb_sink,
    elasticsearch_sink,
    eventbridge_sink,
    firehose_sink,
    iceberg_sink,
    jdbc_sink,
    jdbc_source,
    kinesis_sink,
    kinesis_source,
    lambda_sink,
    lambda_sink_nordstrom,
    lenses_mqtt_source,
    lenses_s3_sink,
    lenses_s3_source,
    mirrormaker2_checkpoint,
    mirrormaker2_heartbeat,
    mirrormaker2_source,
    mongodb_sink,
    mongodb_source,
    msk_datagen,
    opensearch_sink,
    redshift_sink,
    snowflake_sink,
    timestream_sink,
)

#: Every connector kind, in the order ``msk-connect-iam kinds`` lists them.
KINDS: tuple[ConnectorKind, ...] = (
    aiven_http_sink.KIND,
    aiven_s3_sink.KIND,
    aiven_s3_source.KIND,
    camel_aws_cloudwatch_sink.KIND,
    camel_aws_ddb_sink.KIND,
    camel_aws_kinesis_sink.KIND,
    camel_aws_kinesis_source.KIND,
    camel_aws_s3_sink.KIND,
    camel_aws_s3_source.KIND,
    camel_aws_sns_sink.KIND,
    camel_aws_sqs_sink.KIND,
    camel_aws_sqs_source.KIND,
    clickhouse_sink.KIND,
    confluent_http_sink.KIND,
    confluent_s3_sink.KIND,
    confluent_s3_source.KIND,
    confluent_sqs_source.KIND,
    couchbase_sink.KIND,
    couchbase_source.KIND,
    datagen.KIND,
    debezium_mongodb.KIND,
    debezium_mysql.KIND,
    debezium_oracle.KIND,
    debezium_postgres.KIND,
    debezium_sqlserver.KIND,
    dynamodb_sink.KIND,
    elasticsearch_sink.KIND,
    eventbridge_sink.KIND,
    firehose_sink.KIND,
    iceberg_sink.KIND,
    jdbc_sink.KIND,
    jdbc_source.KIND,
    kinesis_sink.KIND,
    kinesis_source.KIND,
    lambda_sink.KIND,
    lambda_sink_nordstrom.KIND,
    lenses_mqtt_source.KIND,
    lenses_s3_sink.KIND,
    lenses_s3_source.KIND,
    mirrormaker2_checkpoint.KIND,
    mirrormaker2_heartbeat.KIND,
    mirrormaker2_source.KIND,
    mongodb_sink.KIND,
    mongodb_source.KIND,
    msk_datagen.KIND,
    opensearch_sink.KIND,
    redshift_sink.KIND,
    snowflake_sink.KIND,
    timestream_sink.KIND,
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


def simple_name(cls: str) -> str:
    """The simple class name of a fully qualified one (``a.b.FooSinkConnector`` -> ``FooSinkConnector``;
    a nested class ``a.B$C`` -> ``C``, as ``Class.getSimpleName`` gives)."""
    return cls.rsplit(".", 1)[-1].rsplit("$", 1)[-1]


def pruned_name(cls: str) -> str:
    """The simple name cut before its last ``Connector`` (kept whole when it starts with it):
    Kafka Connect's ``PluginUtils.prunedName`` for sink and source connectors."""
    simple = simple_name(cls)
    pos = simple.rfind("Connector")
    return simple[:pos] if pos > 0 else simple


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    """alias -> the catalog classes it names (Kafka Connect ``PluginUtils.computeAliases``: the
    simple class name and the pruned name of every connector class; an alias naming several
    classes is ambiguous)."""
    table: dict[str, set[str]] = {}
    for cls in _by_class():
        for alias in (simple_name(cls), pruned_name(cls)):
            table.setdefault(alias, set()).add(cls)
    return {alias: tuple(sorted(classes)) for alias, classes in table.items()}


@dataclass(frozen=True)
class Resolution:
    """How a ``connector.class`` value matched the catalog.

    ``kind``: the kind (None when unknown or ambiguous); ``cls``: the full class name it stands
    for (the value itself when it is one); ``alias``: True when the value is an alias;
    ``candidates``: the classes of different kinds an ambiguous alias names; ``suggestion``: for
    an unknown value, the closest catalog class ("did you mean"), else None.
    """

    kind: ConnectorKind | None
    cls: str | None = None
    alias: bool = False
    candidates: tuple[str, ...] = ()
    suggestion: str | None = None


def resolve(connector_class: str | None) -> Resolution:
    """Match ``connector.class`` the way Kafka Connect does (apache/kafka
    ``connect/runtime/src/main/java/org/apache/kafka/connect/runtime/isolation/PluginUtils.java``
    L398-446, ``simpleName``/``prunedName``/``computeAliases``; ``DelegatingClassLoader.java``
    L91, L107, L115 look the value up in those aliases, else use it as a class name; apache/kafka
    at 1eb7644349cb07139d6a3c1ad1986979647cac99): the fully qualified class name, the simple class name, or
    the simple name without ``Connector``. Kafka ignores an alias that several installed plugins
    share; here an alias that names classes of different catalog kinds is ambiguous
    (``candidates``), while classes of one kind (Confluent's and Debezium's JDBC sinks) are that
    kind. An unknown value gets the closest class name or alias of the catalog (difflib) as
    ``suggestion``."""
    if not connector_class or not connector_class.strip():
        return Resolution(None)
    value = connector_class.strip()
    exact = _by_class().get(value)
    if exact is not None:
        return Resolution(exact, value)
    classes = _aliases().get(value)
    if classes:
        kinds = {_by_class()[c].id for c in classes}
        if len(kinds) == 1:
            return Resolution(_by_class()[classes[0]], classes[0] if len(classes) == 1 else None, alias=True)
        return Resolution(None, None, alias=True, candidates=classes)
    return Resolution(None, suggestion=_closest(value))


def _closest(value: str) -> str | None:
    names: dict[str, str] = {c: c for c in _by_class()}
    for alias, classes in _aliases().items():
        if len(classes) == 1:
            names.setdefault(alias, classes[0])
    folded = {n.lower(): n for n in names}
    if value.lower() in folded:
        return names[folded[value.lower()]]
    for probe, pool in ((value, list(names)), (simple_name(value), [n for n in names if "." not in n])):
        match = difflib.get_close_matches(probe, pool, n=1, cutoff=0.75)
        if match:
            return names[match[0]]
    return None


def lookup(connector_class: str | None) -> ConnectorKind | None:
    """The kind of ``connector_class`` (a full class name or an unambiguous alias, see
    :func:`resolve`; surrounding blanks ignored), or None for an unknown, ambiguous or absent class."""
    return resolve(connector_class).kind


def kind_by_id(kind_id: str) -> ConnectorKind | None:
    """The kind with this ``id``, or None."""
    return next((k for k in KINDS if k.id == kind_id), None)
