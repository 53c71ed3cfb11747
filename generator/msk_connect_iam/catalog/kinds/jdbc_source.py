"""Confluent JDBC source (``io.confluent.connect.jdbc.JdbcSourceConnector``).

Source: Confluent, "JDBC Source Connector Configuration Properties"
(https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/source_config_options.html):
``topic.prefix`` - "Prefix to prepend to table names to generate the name of the Apache Kafka topic
to publish data to, or in the case of a custom query, the full name of the topic to publish to".
So the topics are ``<topic.prefix>*``, or exactly ``topic.prefix`` with ``query``. No AWS access
(database credentials through config providers are granted by the generic rules).
"""

from __future__ import annotations

from ..base import ANY, Analysis, ConnectorKind, Context, TopicUse

DOC = "https://docs.confluent.io/kafka-connectors/jdbc/current/source-connector/source_config_options.html"
TITLE = "Confluent JDBC source"


def analyze(ctx: Context) -> Analysis:
    """The topics ``topic.prefix`` names (see the module docstring)."""
    prefix = ctx.require("topic.prefix", "the JDBC source names its topics after it")
    if prefix is None:
        return Analysis()
    if ctx.get("query"):
        return Analysis(topics=(TopicUse(ctx.kafka_name(prefix, key="topic.prefix"), f"{ctx.cause('topic.prefix')}; connector_configuration: query",
                                         f"{TITLE}: with a custom query, topic.prefix is the full topic name", DOC),))
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
