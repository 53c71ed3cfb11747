"""Lenses (Stream Reactor) MQTT and JMS sources (``io.lenses.streamreactor.connect.mqtt.source.MqttSourceConnector``,
``io.lenses.streamreactor.connect.jms.source.JMSSourceConnector`` and their older
``com.datamountaineer.streamreactor.connect.*`` names).

Sources: Lenses, "MQTT source" (https://docs.lenses.io/latest/connectors/kafka-connectors/sources/mqtt);
lensesio/stream-reactor@c7218e6 ``kafka-connect-mqtt/src/main/scala/io/lenses/streamreactor/connect/mqtt/source/MqttManager.scala``
L175-178 (target ``$``: the MQTT topic with the leading '/' dropped and '/' replaced by '_'),
``config/MqttConfigConstants.scala`` L25-27 (``connect.mqtt.kcql``);
``kafka-connect-jms/.../jms/config/JMSSettings.scala`` L111-136, ``JMSConfigConstants.scala`` L22
(``connect.jms.kcql``). Each KCQL statement ``INSERT INTO <kafka topic> SELECT * FROM <mqtt topic or
queue>`` names a topic written. The brokers are not AWS (an Amazon MQ broker is reached with its
own user and password): no AWS access.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, TopicUse
from . import _kcql

DOC = "https://docs.lenses.io/latest/connectors/kafka-connectors/sources/mqtt"
TITLE = "Lenses MQTT/JMS source"


def analyze(ctx: Context) -> Analysis:
    """The topics in the KCQL INSERT INTO clauses (see the module docstring)."""
    key = "connect.jms.kcql" if ".jms." in (ctx.get("connector.class") or "") or ctx.get("connect.jms.kcql") \
        else "connect.mqtt.kcql"
    if not ctx.get(key) and ctx.get("mqtt.topics"):
        ctx.error("mqtt.topics", "found mqtt.topics, a property of Confluent's MQTT source (Confluent Cloud's "
                                 f"'MqttSource'), which {TITLE} does not read; with the Lenses class, name the topics "
                                 f"in {key} ('INSERT INTO <kafka topic> SELECT * FROM <mqtt topic>')")
        return Analysis()
    kcql = ctx.require(key, "the KCQL names the Kafka topics the source writes")
    if not kcql:
        return Analysis()
    parsed = _kcql.statements(kcql)
    if parsed is None:
        ctx.error(key, "expected ';'-separated statements 'INSERT INTO <kafka topic> SELECT ... FROM <source>'")
        return Analysis()
    topics = []
    for into, _src in parsed:
        name = _kcql.name(into)
        if name == "$":
            ctx.warn(f"{TITLE}: INSERT INTO $ writes to a topic named after each MQTT topic ('/' -> '_'): declare the "
                     "topics it writes in 'topics'")
            continue
        topics.append(TopicUse(ctx.kafka_name(name, key=key), ctx.cause(key),
                               f"{TITLE}: writes the topic in the KCQL INSERT INTO clause", DOC))
    return Analysis(topics=tuple(topics))


KIND = ConnectorKind(
    id="lenses_mqtt_source",
    title=TITLE,
    classes=("io.lenses.streamreactor.connect.mqtt.source.MqttSourceConnector",
             "com.datamountaineer.streamreactor.connect.mqtt.source.MqttSourceConnector",
             "io.lenses.streamreactor.connect.jms.source.JMSSourceConnector",
             "com.datamountaineer.streamreactor.connect.jms.source.JMSSourceConnector"),
    type="source",
    doc=DOC,
    analyze=analyze,
)
