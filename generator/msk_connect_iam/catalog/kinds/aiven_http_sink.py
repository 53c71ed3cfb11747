"""Aiven HTTP sink (``io.aiven.kafka.connect.http.HttpSinkConnector``).

Source: Aiven-Open/http-connector-for-apache-kafka@a054599
``src/main/java/io/aiven/kafka/connect/http/config/HttpSinkConfig.java`` L43, L58-60 (``http.url``,
``http.authorization.type`` none/static/oauth2): it reads ``topics`` and POSTs to ``http.url``;
no AWS SDK under src/main

Kafka access only: no AWS API call (credentials held in Secrets Manager or SSM are granted by the generic
config-provider rules; a dead letter queue by the generic sink rule).
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context

DOC = "https://github.com/Aiven-Open/http-connector-for-apache-kafka"


def analyze(ctx: Context) -> Analysis:
    """Kafka access only: nothing beyond the generic rules."""
    return Analysis()


KIND = ConnectorKind(
    id="aiven_http_sink",
    title="Aiven HTTP sink",
    classes=("io.aiven.kafka.connect.http.HttpSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
