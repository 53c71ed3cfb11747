"""Confluent Amazon SQS source (``io.confluent.connect.sqs.source.SqsSourceConnector``).

Sources: Confluent, "Configuration Reference for Amazon SQS Source Connector"
(https://docs.confluent.io/kafka-connectors/sqs/current/configuration.html): ``kafka.topic`` (the one
topic written), ``sqs.url`` ("Fully qualified AWS SQS URL ... https://sqs.us-east-1.amazonaws.com/<account>/<queue>"),
``sqs.credentials.provider.class`` (default ``DefaultAWSCredentialsProviderChain``: the execution
role). Overview (https://docs.confluent.io/kafka-connect-sqs/current/overview.html): it polls the
queue and moves each message into Kafka. Grants ``sqs:ReceiveMessage`` and ``sqs:DeleteMessage``
on the queue; the action list is *unconfirmed* (the stored pages give no policy; a mover must
receive and then delete). Commercial: the license topic. Another credentials provider class: not
the role (nothing granted for SQS, warned).
"""

from __future__ import annotations

import re

from ..base import Analysis, ConnectorKind, Context, Grant, TopicUse
from ._shared import confluent_license, not_the_role

DOC = "https://docs.confluent.io/kafka-connectors/sqs/current/configuration.html"
DOC_OVERVIEW = "https://docs.confluent.io/kafka-connect-sqs/current/overview.html"
TITLE = "Confluent SQS source"
_URL_RE = re.compile(r"^https?://(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?/(\d{12})/([^/?#]+)/?$")


def queue_arn(ctx: Context, url: str, key: str):
    """``https://sqs.<region>.amazonaws.com/<account>/<queue>`` -> the queue's ARN (else a located error)."""
    m = _URL_RE.match(url.strip())
    if not m:
        ctx.error(key, f"found '{url}'; expected an SQS queue URL https://sqs.<region>.amazonaws.com/<account>/<queue>")
        return None
    region, account, name = m.groups()
    return ctx.arn("sqs", name, region=region, account=account, key=key)


def analyze(ctx: Context) -> Analysis:
    """Queue, topic and license grants (see the module docstring)."""
    topic = ctx.require("kafka.topic", "the SQS source writes every message to this topic")
    url = ctx.require("sqs.url", "the SQS source polls this queue")
    topics = (TopicUse(ctx.kafka_name(topic, key="kafka.topic"), ctx.cause("kafka.topic"),
                       f"{TITLE}: writes every message to kafka.topic", DOC),) if topic else ()
    lic = tuple(confluent_license(ctx, TITLE))
    provider = ctx.get("sqs.credentials.provider.class") or ""
    other = () if provider.split(".")[-1] in ("", "DefaultAWSCredentialsProviderChain") else (
        ("sqs.credentials.provider.class", f"credentials come from {provider}"),)
    if not url or not_the_role(ctx, TITLE, "SQS", other=other):
        return Analysis(topics=topics, kafka=lic)
    arn = queue_arn(ctx, url, "sqs.url")
    if arn is None:
        return Analysis(topics=topics, kafka=lic)
    return Analysis(topics=topics, kafka=lic, aws=(
        Grant("SqsSourceQueue", ("sqs:DeleteMessage", "sqs:ReceiveMessage"), (arn,), ctx.cause("sqs.url"),
              f"{TITLE}: receives messages and deletes each once it is in Kafka", DOC_OVERVIEW),))


KIND = ConnectorKind(
    id="confluent_sqs_source",
    title=TITLE,
    classes=("io.confluent.connect.sqs.source.SqsSourceConnector",),
    type="source",
    doc=DOC,
    analyze=analyze,
)
