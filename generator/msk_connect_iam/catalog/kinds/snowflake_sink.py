"""Snowflake sink (``com.snowflake.kafka.connector.SnowflakeSinkConnector``).

Source: Snowflake, "Installing and configuring the Kafka connector"
(https://docs.snowflake.com/en/user-guide/kafka-connector-install): it reads ``topics`` and writes
to Snowflake over HTTPS with key-pair authentication; it touches no AWS resource of the account
(credentials held in Secrets Manager are granted by the generic config-provider rule).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context

DOC = "https://docs.snowflake.com/en/user-guide/kafka-connector-install"


def analyze(ctx: Context) -> Analysis:
    """Kafka access only: nothing beyond the generic sink rules."""
    return Analysis()


KIND = ConnectorKind(
    id="snowflake_sink",
    title="Snowflake sink",
    classes=("com.snowflake.kafka.connector.SnowflakeSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
