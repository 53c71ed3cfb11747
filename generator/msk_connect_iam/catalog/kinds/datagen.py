"""Confluent Datagen source (``io.confluent.kafka.connect.datagen.DatagenConnector``).

Source: https://github.com/confluentinc/kafka-connect-datagen (README, configuration): it writes
generated records to ``kafka.topic``. No AWS access.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, TopicUse

DOC = "https://github.com/confluentinc/kafka-connect-datagen"
TITLE = "Confluent Datagen source"


def analyze(ctx: Context) -> Analysis:
    """The topic ``kafka.topic`` names."""
    topic = ctx.require("kafka.topic", "Datagen writes its records to this topic")
    if not topic:
        return Analysis()
    return Analysis(topics=(TopicUse(ctx.kafka_name(topic, key="kafka.topic"), ctx.cause("kafka.topic"), f"{TITLE}: writes to kafka.topic", DOC),))


KIND = ConnectorKind(
    id="datagen",
    title=TITLE,
    classes=("io.confluent.kafka.connect.datagen.DatagenConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
