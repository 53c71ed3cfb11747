"""What every Debezium source connector touches in Kafka (shared by the five Debezium kinds).

Sources (the connector documentation pages, https://debezium.io/documentation/reference/stable/):

- topic names: ``topic.prefix`` (Debezium 1.x ``database.server.name``; MongoDB 1.x
  ``mongodb.name``) + ``topic.delimiter`` (default ``.``) + database/schema/table, narrowed by
  literal include lists (:func:`data_topics`, :data:`NAMING`; source lines in docs/catalog.md,
  "Include lists");
- schema change topic (MySQL, SQL Server, Oracle): named exactly ``topic.prefix``, written when
  ``include.schema.changes`` (default true);
- transaction metadata: ``<prefix><delimiter><topic.transaction>`` (default ``transaction``) when
  ``provide.transaction.metadata=true``;
- heartbeats: ``<topic.heartbeat.prefix><delimiter><prefix>`` (default ``__debezium-heartbeat``;
  1.x ``heartbeat.topics.prefix``) when ``heartbeat.interval.ms`` > 0 (default 0), and
  ``topic.heartbeat.name`` when set (Debezium 3.6+; AbstractTopicNamingStrategy L67-75, L142-146);
- schema history (MySQL, SQL Server, Oracle; ``KafkaSchemaHistory``):
  ``schema.history.internal.kafka.topic`` (1.x ``database.history.kafka.topic``) - created when
  missing, written on every DDL, read back on start; its consumer group is
  ``schema.history.internal.consumer.group.id``, else the history name
  (``schema.history.internal.name``, default ``<prefix>-schemahistory``; 1.x ``<prefix>-dbhistory``):
  debezium-storage-kafka ``KafkaSchemaHistory.configure`` and
  ``HistorizedRelationalDatabaseConnectorConfig``. ``checkTopicSettings`` describes the topic's
  configuration on start (DescribeTopicDynamicConfiguration; from the source code, the docs do not
  list it). ``describeCluster``/broker ``describeConfigs`` run only against brokers older than
  Kafka 2.4, which MSK does not offer, so they are not granted;
- Kafka signalling channel (``signal.enabled.channels`` contains ``kafka``):
  ``signal.kafka.topic`` (default ``<prefix>-signal``) read by a consumer in group
  ``signal.kafka.groupId`` (default ``kafka-signal``) - "Sending signals to a Debezium connector";
- notifications (``notification.enabled.channels`` contains ``sink``):
  ``notification.sink.topic.name`` - "Debezium notifications".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base import ANY, ONE, Analysis, Context, KafkaGrant, TopicUse, kafka
from ..regexcover import RegexError, cover

DOCS = "https://debezium.io/documentation/reference/stable/connectors/{}.html"
DOC_SIGNAL = "https://debezium.io/documentation/reference/stable/configuration/signalling.html"
DOC_NOTIFY = "https://debezium.io/documentation/reference/stable/configuration/notification.html"
DOC_HISTORY_SRC = ("https://github.com/debezium/debezium/blob/main/debezium-storage/debezium-storage-kafka/"
                   "src/main/java/io/debezium/storage/kafka/history/KafkaSchemaHistory.java")
KAFKA_HISTORY = ("io.debezium.storage.kafka.history.KafkaSchemaHistory",
                 "io.debezium.relational.history.KafkaDatabaseHistory")


def analyze(ctx: Context, *, page: str, title: str, history: bool, schema_changes: bool,
            legacy_name: str = "database.server.name") -> Analysis:
    """The Kafka side of a Debezium source (see the module docstring).

    ``page``: the connector's documentation page name (``mysql``, ``postgresql``...); ``history``:
    whether it keeps a schema history; ``schema_changes``: whether it has a schema change topic;
    ``legacy_name``: the 1.x logical-name property.
    """
    doc = DOCS.format(page)
    key = "topic.prefix" if ctx.get("topic.prefix") else legacy_name if ctx.get(legacy_name) else None
    if key is None:
        ctx.error("topic.prefix", f"missing: {title} names every topic it writes after topic.prefix "
                                  f"(Debezium 1.x: {legacy_name})")
        return Analysis()
    prefix = ctx.get(key)
    legacy = key != "topic.prefix"
    delim = ctx.get("topic.delimiter", ".")
    if not legacy and ctx.get(legacy_name) and ctx.get(legacy_name) != prefix:
        ctx.warn(f"both topic.prefix={prefix} and {legacy_name}={ctx.get(legacy_name)} are set: {legacy_name} is the "
                 f"Debezium 1.x name of topic.prefix; Debezium 2.x ignores it and names every topic after topic.prefix "
                 f"(Debezium 1.x would ignore topic.prefix and use {ctx.get(legacy_name)}); the grants follow "
                 f"topic.prefix: remove {legacy_name}")
    topics = data_topics(ctx, page=page, title=title, key=key, prefix=prefix, delim=delim, legacy=legacy, doc=doc)
    _warn_filter_names(ctx)
    if schema_changes and ctx.flag("include.schema.changes", True):
        topics.append(TopicUse(ctx.kafka_name(prefix, key=key), f"{ctx.cause(key)}; {ctx.cause('include.schema.changes', ctx.get('include.schema.changes', 'true'))}",
                               f"{title}: schema change events go to the topic named after {key}", doc))
    if ctx.flag("provide.transaction.metadata"):
        suffix = ctx.get("topic.transaction", "transaction")
        topics.append(TopicUse(ctx.kafka_name(prefix, delim, suffix),
                               f"{ctx.cause('provide.transaction.metadata')}; {ctx.cause('topic.transaction', suffix)}",
                               f"{title}: transaction metadata events go to <prefix>{delim}{suffix}", doc))
    interval = ctx.get("heartbeat.interval.ms", "0")
    try:
        beats = int(interval) > 0
    except ValueError:
        ctx.error("heartbeat.interval.ms", f"found '{interval}'; expected a number of milliseconds")
        beats = False
    if beats and not legacy and ctx.get("topic.heartbeat.name"):
        topics.append(TopicUse(ctx.kafka_name(ctx.get("topic.heartbeat.name"), key="topic.heartbeat.name"),
                               f"{ctx.cause('heartbeat.interval.ms')}; {ctx.cause('topic.heartbeat.name')}",
                               f"{title}: heartbeat messages go to topic.heartbeat.name, which overrides "
                               "<topic.heartbeat.prefix>.<topic.prefix> (Debezium 3.6+, AbstractTopicNamingStrategy "
                               "heartbeatTopic; earlier versions ignore it and use the prefixed name, granted too)", doc))
    if beats:
        hb_key = "heartbeat.topics.prefix" if legacy and ctx.get("heartbeat.topics.prefix") else "topic.heartbeat.prefix"
        hb = ctx.get(hb_key, "__debezium-heartbeat")
        topics.append(TopicUse(ctx.kafka_name(hb, delim if not legacy else '.', prefix),
                               f"{ctx.cause('heartbeat.interval.ms')}; {ctx.cause(hb_key, hb)}",
                               f"{title}: heartbeat messages go to <{hb_key}>.<{key}>", doc))
    channels = ctx.list("notification.enabled.channels")
    if "sink" in channels:
        name = ctx.require("notification.sink.topic.name", "the sink notification channel writes to this topic")
        if name:
            topics.append(TopicUse(ctx.kafka_name(name, key="notification.sink.topic.name"), f"{ctx.cause('notification.enabled.channels')}; "
                                         f"{ctx.cause('notification.sink.topic.name')}",
                                   f"{title}: notifications are written to notification.sink.topic.name", DOC_NOTIFY))

    grants: list[KafkaGrant] = []
    if history:
        grants += _history(ctx, title, doc, prefix, legacy)
    if "kafka" in ctx.list("signal.enabled.channels"):
        topic = ctx.get("signal.kafka.topic", f"{prefix}-signal")
        group = ctx.get("signal.kafka.groupId", "kafka-signal")
        cause = (f"{ctx.cause('signal.enabled.channels')}; {ctx.cause('signal.kafka.topic', topic)}; "
                 f"{ctx.cause('signal.kafka.groupId', group)}")
        rule = f"{title}: the Kafka signalling channel consumes signal.kafka.topic in group signal.kafka.groupId"
        grants.append(KafkaGrant("DebeziumSignalTopic", kafka("DescribeTopic", "ReadData"), "topic", (ctx.kafka_name(topic),), cause,
                                 rule, DOC_SIGNAL))
        grants.append(KafkaGrant("DebeziumSignalGroup", kafka("AlterGroup", "DescribeGroup"), "group", (ctx.kafka_name(group, kind="group"),), cause,
                                 rule, DOC_SIGNAL))
        if ctx.cluster.uses_iam and (ctx.get("signal.consumer.sasl.mechanism") or "").upper() != "AWS_MSK_IAM":
            ctx.warn("the cluster uses IAM authentication, but signal.consumer.sasl.mechanism is "
                     f"{ctx.get('signal.consumer.sasl.mechanism') or 'not set'}: the Kafka signal consumer does not "
                     "inherit the worker's client settings; set signal.consumer.security.protocol=SASL_SSL, "
                     "signal.consumer.sasl.mechanism=AWS_MSK_IAM and the IAM JAAS/callback properties")
    _warn_routing(ctx)
    return Analysis(topics=tuple(topics), kafka=tuple(grants))



@dataclass(frozen=True)
class Naming:
    """How one Debezium connector names its data change topics and which include lists pick them.

    ``outer``: the include list of the first identifier part (database: MySQL, MongoDB; schema:
    PostgreSQL, Oracle, SQL Server) and its Debezium 1.x name; ``inner``: the table (collection)
    include list, matched on ``<outer>.<name>``, and its 1.x name; ``databases``: SQL Server's
    ``database.names`` is a topic part too; ``signal_drop``: leading parts of
    ``signal.data.collection`` that are not in the topic name (Oracle's database name).
    """

    outer: tuple[str, str]
    inner: tuple[str, str]
    databases: bool = False
    signal_drop: int = 0


#: Per documentation page (sources in docs/catalog.md, "Include lists"):
#: MySQL DefaultTopicNamingStrategy (BinlogConnectorConfig L462) over TableId.databaseParts
#: (catalog = database, table): <prefix>.<db>.<table>, table.include.list on TableId's identifier
#: <db>.<table> (TableId.java L300-311); PostgreSQL, Oracle: SchemaTopicNamingStrategy
#: (CommonConnectorConfig L1031) over schemaParts: <prefix>.<schema>.<table>, table.include.list on
#: <schema>.<table> (PostgresConnectorConfig L1394, OracleConnectorConfig L1074); SQL Server: the
#: same strategy in multi-partition mode (SqlServerConnectorTask L93) over parts():
#: <prefix>.<db>.<schema>.<table>, table.include.list on <schema>.<table> (SqlServerConnectorConfig
#: L567); MongoDB: DefaultTopicNamingStrategy (MongoDbConnectorConfig L1092) over (db, collection),
#: collection.include.list on <db>.<collection> (Filters.java L54-60).
NAMING = {
    "mysql": Naming(("database.include.list", "database.whitelist"), ("table.include.list", "table.whitelist")),
    "postgresql": Naming(("schema.include.list", "schema.whitelist"), ("table.include.list", "table.whitelist")),
    "oracle": Naming(("schema.include.list", "schema.whitelist"), ("table.include.list", "table.whitelist"),
                     signal_drop=1),
    "sqlserver": Naming(("schema.include.list", "schema.whitelist"), ("table.include.list", "table.whitelist"),
                        databases=True),
    "mongodb": Naming(("database.include.list", "database.whitelist"),
                      ("collection.include.list", "collection.whitelist")),
}

#: Characters Debezium keeps in a topic name (AbstractTopicNamingStrategy.isValidCharacter; any
#: other character is replaced by '_', sanitizedTopicName): a literal made of them is the topic text.
_TOPIC_TEXT = re.compile(r"[A-Za-z0-9._-]+")
_LITERAL_DOT = re.compile(r"(\\.)|\.(?![*+?{])")


def _read_dots(entry: str) -> str:
    """``entry`` with every unescaped ``.`` that no quantifier follows written ``\\.``: such a dot is read
    as the separator of ``<db>.<table>`` (or a dot in a name), not as any character (docs/catalog.md)."""
    return _LITERAL_DOT.sub(lambda m: m.group(1) or "\\.", entry)


def include_patterns(value: str | None, *, qualified: bool) -> list[tuple[str, bool]] | None:
    """The IAM name patterns one Debezium include list selects, or None when it cannot narrow.

    ``value`` is the list as configured (comma-separated Java regexes, each matched against the whole
    identifier: debezium-util Predicates.java L229-235, L265; a ``\\,`` keeps a comma inside an entry,
    Strings.setOfRegex). Each entry goes through :func:`regexcover.cover` after :func:`_read_dots`;
    the result is a list of ``(literal, is_prefix)``: the names the entries match are ``literal`` or
    start with it. None (keep the wider grant) when the list is unset or empty, an entry is outside
    the supported regex subset, a pattern has a one-character wildcard or no literal start, or a literal
    has characters Debezium would replace in the topic name. ``qualified``: the list is matched on
    ``<outer>.<name>``, so an exact literal without '.' matches nothing and is dropped.
    Debezium compiles the entries case-insensitively; the patterns keep the case as written (the
    entries are taken to name the tables as the database spells them: docs/catalog.md).
    """
    if value is None or not value.strip() or "\\," in value or "\\Q" in value:
        return None
    out: list[tuple[str, bool]] = []
    for entry in (e.strip() for e in value.split(",")):
        if not entry:
            continue
        try:
            pats, _ = cover(_read_dots(entry))
        except RegexError:
            return None
        for pat in pats:
            if not isinstance(pat[0], str) or any(part is ONE for part in pat) or not _TOPIC_TEXT.fullmatch(pat[0]):
                return None
            is_prefix = len(pat) == 2
            if qualified and not is_prefix and "." not in pat[0]:
                continue
            out.append((pat[0], is_prefix))
    return sorted(set(out)) or None


def _list_key(ctx: Context, names: tuple[str, str], legacy: bool) -> str | None:
    """The include list property in force: the 2.x name, else (Debezium 1.x only) the 1.x name
    (1.x reads the new name first: RelationalTableFilters.java L40-75 at v1.9.8.Final,
    getFallbackStringProperty; MongoDB Filters.java L35-53)."""
    if ctx.get(names[0]):
        return names[0]
    if ctx.get(names[1]):
        if legacy:
            return names[1]
        ctx.warn(f"{names[1]} is the Debezium 1.x name of {names[0]}, removed in Debezium 2.0, which ignores it and "
                 f"captures every {'table' if 'table' in names[0] else names[0].split('.')[0]}: the grants are not "
                 f"narrowed by it; rename it {names[0]}")
    return None


def data_topics(ctx: Context, *, page: str, title: str, key: str, prefix: str, delim: str, legacy: bool,
                doc: str) -> list[TopicUse]:
    """The data change topics of a Debezium source as :class:`TopicUse` patterns (the topic set
    catalog/transforms.py post-processes).

    ``<prefix><delim>*`` unless the configuration closes the set (see :data:`NAMING`): the table
    (collection) include list, else the database/schema include list, narrow it to the captured
    names through :func:`include_patterns`; SQL Server's ``database.names`` (Debezium 2.x, or 1.x in
    multi-partition mode: SqlServerTopicSelector.java L22-26 at v1.9.8.Final) puts each database
    in the name. A narrowed set also gets the topic of every ``signal.data.collection`` (Debezium
    adds the signal table to the captured tables and emits its rows like any other:
    RelationalTableFilters.java L68-79, MongoDB Filters.java L64-71, EventDispatcher.java L313-329).
    Narrowing needs the default delimiter '.' (the lists are matched on identifiers joined by '.').
    Exclude lists never narrow.
    """
    wide = [TopicUse(ctx.kafka_name(prefix, delim, ANY, key=key), ctx.cause(key),
                     f"{title}: change event topics are <{key}>{delim}<database/schema>{delim}<table>", doc)]
    naming = NAMING.get(page)
    if naming is None or delim != ".":
        return wide
    causes = [ctx.cause(key)]
    dbs: list[str] = []
    if naming.databases and (not legacy or ctx.get("database.names")):
        dbs = ctx.list("database.names")
        if not dbs or not all(_TOPIC_TEXT.fullmatch(d) for d in dbs):
            return wide
        causes.append(ctx.cause("database.names"))
    inner, outer = _list_key(ctx, naming.inner, legacy), _list_key(ctx, naming.outer, legacy)
    pats = include_patterns(ctx.get(inner), qualified=True) if inner else None
    used = inner
    if pats is None and outer:
        outer_pats = include_patterns(ctx.get(outer), qualified=False)
        pats = None if outer_pats is None else [(lit if pre else f"{lit}.", True) for lit, pre in outer_pats]
        used = outer
    if pats is None and not dbs:
        return wide
    signals = []
    for sdc in ctx.list("signal.data.collection"):
        name = ".".join(sdc.split(".")[naming.signal_drop:])
        if not _TOPIC_TEXT.fullmatch(name):
            if any(t in name for t in ("*", "?", "${", "&{")):
                # a wildcard or policy variable must not make the rule fall back to the wider
                # grant: the builder reports it, located at the property
                ctx.kafka_name(prefix, ".", name, key="signal.data.collection")
                continue
            return wide
        signals.append(name)
    if pats is not None:
        causes.append(ctx.cause(used))
    rule = (f"{title}: change event topics are <{key}>.{'<database>.' if dbs else ''}<captured identifier>; the "
            f"{used or 'database.names'} entries are read as the names written in the database (Debezium matches "
            "them case-insensitively; an unescaped '.' is read as a dot)")
    # each topic pattern as its parts (every text part a checked configuration value) and whether it is a prefix
    shapes = [(((db, ".") if db else ()) + ((lit,) if lit else ()), pre)
              for db in (dbs or [""]) for lit, pre in (pats or [("", True)])]
    out = [TopicUse(ctx.kafka_name(prefix, ".", *parts, *((ANY,) if pre else ()), key=key), "; ".join(causes), rule,
                    doc) for parts, pre in shapes]
    for name in signals:
        if any(name == "".join(parts) or (pre and name.startswith("".join(parts))) for parts, pre in shapes):
            continue
        out.append(TopicUse(ctx.kafka_name(prefix, ".", name, key="signal.data.collection"),
                            f"{ctx.cause(key)}; {ctx.cause('signal.data.collection')}",
                            f"{title}: the signal table signal.data.collection is captured like the included tables",
                            doc))
    return out

_FILTER_LISTS = tuple(f"{what}.{how}.list" for what in ("database", "schema", "table", "collection", "column")
                      for how in ("include", "exclude"))


def _warn_filter_names(ctx: Context) -> None:
    """Warn about ``<what>.include``/``<what>.exclude`` without ``.list``: not Debezium properties,
    so Debezium ignores them and captures more than they seem to say (no grant is narrowed by them)."""
    for prop in sorted(ctx.config):
        if prop + ".list" in _FILTER_LISTS and not ctx.get(prop + ".list"):
            ctx.warn(f"connector_configuration.{prop} is not a Debezium property (did you mean {prop}.list?): Debezium "
                     "ignores it, so it neither filters what is captured nor narrows the grants")

def _history(ctx: Context, title: str, doc: str, prefix: str, legacy: bool) -> list[KafkaGrant]:
    base = "database.history" if legacy else "schema.history.internal"
    impl = ctx.get(base, KAFKA_HISTORY[1] if legacy else KAFKA_HISTORY[0])
    if impl not in KAFKA_HISTORY:
        ctx.warn(f"{base}={impl} keeps the schema history outside Kafka: no history topic is granted; declare "
                 "that store's AWS access (for example S3) in aws_permissions")
        return []
    topic_key = f"{base}.kafka.topic"
    topic = ctx.require(topic_key, f"{title} stores its schema history in this Kafka topic")
    if not topic:
        return []
    name = ctx.get(f"{base}.name") or f"{prefix}-{'dbhistory' if legacy else 'schemahistory'}"
    group_key = f"{base}.consumer.group.id"
    group = ctx.get(group_key) or name
    cause = ctx.cause(topic_key)
    out = [
        KafkaGrant("DebeziumSchemaHistoryTopic", kafka("CreateTopic", "DescribeTopic", "ReadData", "WriteData"),
                   "topic", (ctx.kafka_name(topic, key=topic_key),), cause,
                   f"{title}: creates the schema history topic when missing, writes every DDL to it and reads it "
                   "back on start", doc),
        KafkaGrant("DebeziumSchemaHistoryConfig", kafka("DescribeTopicDynamicConfiguration"), "topic",
                   (ctx.kafka_name(topic, key=topic_key),), cause,
                   f"{title}: checks the schema history topic's retention and cleanup settings on start "
                   f"(KafkaSchemaHistory.checkTopicSettings, {DOC_HISTORY_SRC})", doc),
        KafkaGrant("DebeziumSchemaHistoryGroup", kafka("AlterGroup", "DescribeGroup"), "group", (ctx.kafka_name(group, kind="group"),),
                   ctx.cause(group_key) if ctx.get(group_key) else
                   f"{ctx.cause('topic.prefix' if not legacy else 'database.server.name')} (history consumer group "
                   f"{group})",
                   f"{title}: the schema history consumer subscribes to the history topic with group.id "
                   f"{group_key}, by default the history name <prefix>-{'dbhistory' if legacy else 'schemahistory'} "
                   f"(KafkaSchemaHistory.configure, {DOC_HISTORY_SRC})", doc),
    ]
    if ctx.cluster.uses_iam:
        for client in ("producer", "consumer"):
            mech = ctx.get(f"{base}.{client}.sasl.mechanism")
            if (mech or "").upper() != "AWS_MSK_IAM":
                ctx.warn(f"the cluster uses IAM authentication, but {base}.{client}.sasl.mechanism is "
                         f"{mech or 'not set'}: the schema history {client} does not inherit the worker's client "
                         f"settings; set {base}.{client}.security.protocol=SASL_SSL, "
                         f"{base}.{client}.sasl.mechanism=AWS_MSK_IAM and the IAM JAAS/callback properties")
    return out


def _warn_routing(ctx: Context) -> None:
    if ctx.get("topic.naming.strategy"):
        ctx.warn(f"topic.naming.strategy={ctx.get('topic.naming.strategy')} may name topics differently from "
                 "<topic.prefix>.<...>: declare the topics the connector writes in 'topics'")
    # routing transforms (RegexRouter, ByLogicalTableRouter, EventRouter, ...) are applied to the
    # derived topics by catalog/transforms.py
