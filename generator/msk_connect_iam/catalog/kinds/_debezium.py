"""What every Debezium source connector touches in Kafka (shared by the five Debezium kinds).

Sources (the connector documentation pages, https://debezium.io/documentation/reference/stable/):

- topic names: ``topic.prefix`` (Debezium 1.x ``database.server.name``; MongoDB 1.x
  ``mongodb.name``) + ``topic.delimiter`` (default ``.``) + database/schema/table;
- schema change topic (MySQL, SQL Server, Oracle): named exactly ``topic.prefix``, written when
  ``include.schema.changes`` (default true);
- transaction metadata: ``<prefix><delimiter><topic.transaction>`` (default ``transaction``) when
  ``provide.transaction.metadata=true``;
- heartbeats: ``<topic.heartbeat.prefix><delimiter><prefix>`` (default ``__debezium-heartbeat``;
  1.x ``heartbeat.topics.prefix``) when ``heartbeat.interval.ms`` > 0 (default 0);
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

from ..base import ANY, Analysis, Context, KafkaGrant, TopicUse, kafka

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
    topics = [TopicUse(ctx.kafka_name(prefix, delim, ANY, key=key), ctx.cause(key),
                       f"{title}: change event topics are <{key}>{delim}<database/schema>{delim}<table>", doc)]
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
