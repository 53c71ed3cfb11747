"""Confluent HTTP sink (``io.confluent.connect.http.HttpSinkConnector``).

Sources: Confluent, "HTTP Sink Connector" configuration reference
(https://docs.confluent.io/kafka-connectors/http/current/connector_config.html): it reads ``topics``
and calls ``http.api.url`` (no AWS access). It is a commercial connector: the license topic
(``_shared.confluent_license``). With ``reporter.bootstrap.servers`` set, its Connect Reporter
writes results to ``reporter.result.topic.name`` (default ``${connector}-success``) and errors to
``reporter.error.topic.name`` (default ``${connector}-error``), a blank name disabling one; the
defaults are from vdesabou/kafka-docker-playground@95b2d38
``connect/connect-http-sink/config-io.confluent.connect.http.HttpSinkConnector.txt`` L668-670,
L788-790 (tests/corpus EVIDENCE-misc.md): *unconfirmed on the HTTP sink's own page*, and those
grants apply only when the reporter's clients authenticate to this cluster with IAM.
"""

from __future__ import annotations

from ..base import Analysis, ConnectorKind, Context, KafkaGrant, kafka
from ._shared import confluent_license

DOC = "https://docs.confluent.io/kafka-connectors/http/current/connector_config.html"
TITLE = "Confluent HTTP sink"


def analyze(ctx: Context) -> Analysis:
    """License and reporter topics (see the module docstring)."""
    grants = confluent_license(ctx, TITLE)
    if ctx.get("reporter.bootstrap.servers"):
        for key, default, sid in (("reporter.result.topic.name", "${connector}-success", "HttpReporterResult"),
                                  ("reporter.error.topic.name", "${connector}-error", "HttpReporterError")):
            value = ctx.config.get(key)
            name = default if value is None else value.strip()
            ctx.get(key)
            if not name:
                continue
            head, _, tail = name.partition("${connector}")
            parts = [p for p in (head, ctx.name if "${connector}" in name else None, tail) if p]
            grants.append(KafkaGrant(sid, kafka("CreateTopic", "DescribeTopic", "WriteData"), "topic",
                                     (ctx.kafka_name(*parts, key=key if value is not None else None),),
                                     f"{ctx.cause('reporter.bootstrap.servers')}; {ctx.cause(key, name)}",
                                     f"{TITLE}: the Connect Reporter writes each record's result to this topic", DOC))
    return Analysis(kafka=tuple(grants))


KIND = ConnectorKind(
    id="confluent_http_sink",
    title=TITLE,
    classes=("io.confluent.connect.http.HttpSinkConnector",),
    type="sink",
    doc=DOC,
    analyze=analyze,
)
