"""Couchbase source (``com.couchbase.connect.kafka.CouchbaseSourceConnector``).

Sources: Couchbase, "Kafka Connector" (https://docs.couchbase.com/kafka-connector/current/index.html);
couchbase/kafka-connect-couchbase@5ac6a60f
``src/main/java/com/couchbase/connect/kafka/config/source/SourceBehaviorConfig.java`` L36-52
(``couchbase.topic``, default ``${bucket}.${scope}.${collection}``, with contextual overrides
``couchbase.topic[<scope>.<collection>]``), L55-73 (deprecated ``couchbase.collection.to.topic``),
L160-182 (``couchbase.black.hole.topic``), L184-208 (``couchbase.initial.offset.topic``), L256-270
(``couchbase.scope``, ``couchbase.collections``); ``config/common/ConnectionConfig.java`` L64
(``couchbase.bucket``). Writes those topics; no AWS access.
"""

from __future__ import annotations

from ..base import ANY, Analysis, ConnectorKind, Context, TopicUse

DOC = "https://docs.couchbase.com/kafka-connector/current/source-configuration-options.html"
DOC_SRC = ("https://github.com/couchbase/kafka-connect-couchbase/blob/master/src/main/java/com/couchbase/connect/"
           "kafka/config/source/SourceBehaviorConfig.java")
TITLE = "Couchbase source"


def _expand(template: str, bucket: str, scope: str | None, coll: str | None) -> list:
    parts: list = []
    rest = template
    while rest:
        idx = [(rest.find(t), t) for t in ("${bucket}", "${scope}", "${collection}") if rest.find(t) >= 0]
        if not idx:
            parts.append(rest)
            break
        pos, tok = min(idx)
        if pos:
            parts.append(rest[:pos])
        value = {"${bucket}": bucket, "${scope}": scope, "${collection}": coll}[tok]
        parts.append(value if value else ANY)
        rest = rest[pos + len(tok):]
    return parts


def analyze(ctx: Context) -> Analysis:
    """The topics the documents go to (see the module docstring)."""
    bucket = ctx.require("couchbase.bucket", "the Couchbase source streams this bucket") or ""
    template = ctx.get("couchbase.topic") or "${bucket}.${scope}.${collection}"
    scope = ctx.get("couchbase.scope")
    names: list = []
    colls = ctx.list("couchbase.collections")
    if colls and ("${scope}" in template or "${collection}" in template):
        for c in colls:
            s, _, n = c.partition(".")
            names.append(_expand(template, bucket, s or None, n or None))
    else:
        names.append(_expand(template, bucket, scope, None))
    cause = ctx.cause("couchbase.topic", template)
    topics = [TopicUse(ctx.kafka_name(*p, key="couchbase.topic"), cause,
                       f"{TITLE}: writes each document change to couchbase.topic", DOC_SRC) for p in names]
    for key in sorted(k for k in ctx.config if k.startswith("couchbase.topic[")):
        topics.append(TopicUse(ctx.kafka_name(ctx.get(key), key=key), ctx.cause(key),
                               f"{TITLE}: writes the collection's changes to its contextual couchbase.topic", DOC_SRC))
    for item in ctx.list("couchbase.collection.to.topic"):
        _, _, topic = item.partition("=")
        if topic.strip():
            topics.append(TopicUse(ctx.kafka_name(topic.strip(), key="couchbase.collection.to.topic"),
                                   ctx.cause("couchbase.collection.to.topic"),
                                   f"{TITLE}: writes the mapped collection's changes to its topic", DOC_SRC))
    for key, why in (("couchbase.black.hole.topic", "writes ignored events' offsets"),
                     ("couchbase.initial.offset.topic", "writes the synthetic initial-offset records")):
        if ctx.get(key):
            topics.append(TopicUse(ctx.kafka_name(ctx.get(key), key=key), ctx.cause(key), f"{TITLE}: {why}", DOC_SRC))
    return Analysis(topics=tuple(topics))


KIND = ConnectorKind(
    id="couchbase_source",
    title=TITLE,
    classes=("com.couchbase.connect.kafka.CouchbaseSourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
