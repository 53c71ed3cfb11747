"""MongoDB Kafka source (``com.mongodb.kafka.connect.MongoSourceConnector``).

Sources: MongoDB, "Source Connector" (https://www.mongodb.com/docs/kafka-connector/current/source-connector/);
mongodb/mongo-kafka@f0577a39 ``src/main/java/com/mongodb/kafka/connect/source/MongoSourceConfig.java``
L166-187 (``topic.separator`` default ``.``, ``topic.prefix``/``topic.suffix`` default empty,
``topic.namespace.map``), L362-373 (``database``/``collection``, empty = all), L563-575 (source-side
dead letter queue ``errors.deadletterqueue.topic.name``, overridden by
``mongo.errors.deadletterqueue.topic.name``, with ``errors.tolerance=all``), L579-589 (heartbeats:
``heartbeat.interval.ms`` > 0 writes ``heartbeat.topic.name``, default ``__mongodb_heartbeats``);
``source/topic/mapping/DefaultTopicMapper.java`` L78-83, L134-199: the topic of a change event is
``[<prefix><sep>]<database>[<sep><collection>][<sep><suffix>]``. No AWS access (DocumentDB change
streams work the same way, authenticated by the URI).
"""

from __future__ import annotations

from ..base import ANY, Analysis, ConnectorKind, Context, TopicUse

DOC = "https://www.mongodb.com/docs/kafka-connector/current/source-connector/"
DOC_SRC = ("https://github.com/mongodb/mongo-kafka/blob/master/src/main/java/com/mongodb/kafka/connect/source/"
           "MongoSourceConfig.java")
TITLE = "MongoDB source"


def analyze(ctx: Context) -> Analysis:
    """The topics the change events, heartbeats and dead letters go to (see the module docstring)."""
    sep = ctx.get("topic.separator") or "."
    prefix, suffix = ctx.get("topic.prefix") or "", ctx.get("topic.suffix") or ""
    db, coll = ctx.get("database") or "", ctx.get("collection") or ""
    keys = [k for k in ("topic.prefix", "database", "collection", "topic.suffix") if ctx.get(k)]
    cause = "; ".join(ctx.cause(k) for k in keys) or ctx.cause("database")
    topics = []
    if ctx.get("topic.namespace.map") or (ctx.get("topic.mapper") or "").split(".")[-1] not in ("", "DefaultTopicMapper"):
        ctx.warn(f"{TITLE}: topic.namespace.map / topic.mapper rename the topics: the derived names may not be the "
                 "ones written; declare the topics in 'topics'")
    parts: list = [prefix, sep] if prefix else []
    if db:
        parts += [db, sep, coll] if coll else [db, sep, ANY]
    elif prefix:
        parts += [ANY]
    if suffix and parts and parts[-1] is not ANY:
        parts += [sep, suffix]  # after a wildcard the suffix is dropped (a name may hold one '*', at the end)
    if parts and not (len(parts) == 1 and parts[0] is ANY):
        topics.append(TopicUse(ctx.kafka_name(*parts, key=keys[0] if keys else None), cause,
                               f"{TITLE}: writes each change event to [topic.prefix.]<database>.<collection>"
                               "[.topic.suffix]", DOC_SRC))
    else:
        ctx.warn(f"{TITLE}: neither database nor topic.prefix is set, so the connector writes a topic per database "
                 "and collection of the whole deployment: declare them in 'topics'")
    interval = ctx.get("heartbeat.interval.ms") or "0"
    if not interval.lstrip("-").isdigit():
        ctx.error("heartbeat.interval.ms", f"found '{interval}'; expected a number of milliseconds")
    elif int(interval) > 0:
        hb = ctx.get("heartbeat.topic.name") or "__mongodb_heartbeats"
        topics.append(TopicUse(ctx.kafka_name(hb, key="heartbeat.topic.name"), ctx.cause("heartbeat.interval.ms"),
                               f"{TITLE}: writes heartbeats (heartbeat.interval.ms > 0)", DOC_SRC))
    tolerance = ctx.get("mongo.errors.tolerance") or ctx.get("errors.tolerance") or "none"
    dlq_key = "mongo.errors.deadletterqueue.topic.name" if ctx.get("mongo.errors.deadletterqueue.topic.name") \
        else "errors.deadletterqueue.topic.name"
    dlq = ctx.get(dlq_key)
    if dlq and tolerance.lower() == "all":
        topics.append(TopicUse(ctx.kafka_name(dlq, key=dlq_key), ctx.cause(dlq_key),
                               f"{TITLE}: writes documents it cannot convert to the dead letter queue", DOC_SRC))
    return Analysis(topics=tuple(topics))


KIND = ConnectorKind(
    id="mongodb_source",
    title=TITLE,
    classes=("com.mongodb.kafka.connect.MongoSourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
