"""Confluent JDBC source (``io.confluent.connect.jdbc.JdbcSourceConnector``).

Source: Confluent, "JDBC Source Connector Configuration Properties"
(https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/source_config_options.html):
``topic.prefix`` - "Prefix to prepend to table names to generate the name of the Apache Kafka topic
to publish data to, or in the case of a custom query, the full name of the topic to publish to".
So the topics are ``<topic.prefix>*``, or exactly ``topic.prefix`` with ``query``. No AWS access
(database credentials through config providers are granted by the generic rules).

``table.whitelist`` closes the set: its entries are exact names, not regexes, compared
case-sensitively with each table's unqualified name and its qualified names, unquoted and quoted
(confluentinc/kafka-connect-jdbc@f12bc044 ``TableMonitorThread.updateTables``:
``whitelist.contains(fqn1) || whitelist.contains(fqn2) || whitelist.contains(table.tableName())``),
and the topic is ``topic.prefix`` + the unqualified table name (``TimestampIncrementingTableQuerier``
/ ``BulkTableQuerier``: ``topic = topicPrefix + tableName``). So each entry gives the topic
``<topic.prefix><last part after '.'>``; an entry with quotes or brackets, or characters Kafka
topic names cannot hold, keeps ``<topic.prefix>*`` (docs/catalog.md: a table name containing '.'
is not supported).
"""

from __future__ import annotations

import re

from ..base import ANY, Analysis, ConnectorKind, Context, TopicUse

DOC = "https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/source_config_options.html"
TITLE = "Confluent JDBC source"
_TABLE = re.compile(r"[A-Za-z0-9._-]+")


def analyze(ctx: Context) -> Analysis:
    """The topics ``topic.prefix`` names (see the module docstring)."""
    prefix = ctx.require("topic.prefix", "the JDBC source names its topics after it")
    if prefix is None:
        return Analysis()
    if ctx.get("query"):
        return Analysis(topics=(TopicUse(ctx.kafka_name(prefix, key="topic.prefix"), f"{ctx.cause('topic.prefix')}; connector_configuration: query",
                                         f"{TITLE}: with a custom query, topic.prefix is the full topic name", DOC),))
    tables = [t.rsplit(".", 1)[-1] for t in ctx.list("table.whitelist")]
    if tables and all(_TABLE.fullmatch(t) for t in tables):
        return Analysis(topics=tuple(
            TopicUse(ctx.kafka_name(prefix, table, key="table.whitelist"),
                     f"{ctx.cause('topic.prefix')}; {ctx.cause('table.whitelist')}",
                     f"{TITLE}: one topic per table of table.whitelist, named <topic.prefix><table> (the "
                     "unqualified table name; TableMonitorThread.updateTables matches the entries exactly)", DOC)
            for table in sorted(set(tables))))
    return Analysis(topics=(TopicUse(ctx.kafka_name(prefix, ANY, key="topic.prefix"), ctx.cause("topic.prefix"),
                                     f"{TITLE}: one topic per table, named <topic.prefix><table>", DOC),))


KIND = ConnectorKind(
    id="jdbc_source",
    title=TITLE,
    classes=("io.confluent.connect.jdbc.JdbcSourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
