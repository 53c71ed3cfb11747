"""Helpers several catalog kinds share (not a kind: no ``KIND``)."""

from __future__ import annotations

import re

from ..arnbuild import is_region
from ..base import Context, KafkaGrant, kafka

#: Confluent's license topic documentation: commercial (Enterprise/Premium) Confluent connectors
#: create, read and write the license topic ``confluent.topic`` (default ``_confluent-command``)
#: on the cluster ``confluent.topic.bootstrap.servers`` names (the Kafka cluster they run on).
DOC_CONFLUENT_LICENSE = "https://docs.confluent.io/platform/current/connect/license.html"

_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


def confluent_license(ctx: Context, title: str) -> list[KafkaGrant]:
    """The license topic grant of a commercial Confluent connector (CreateTopic, DescribeTopic,
    ReadData, WriteData on ``confluent.topic``, default ``_confluent-command``; Confluent,
    "License topic configuration": the connector creates the topic when missing, then reads and
    writes its license records)."""
    topic = ctx.get("confluent.topic", "_confluent-command")
    return [KafkaGrant("ConfluentLicenseTopic", kafka("CreateTopic", "DescribeTopic", "ReadData", "WriteData"),
                       "topic", (ctx.kafka_name(topic, key="confluent.topic"),), ctx.cause("confluent.topic", topic),
                       f"{title}: Confluent commercial connectors keep their license in the license topic",
                       DOC_CONFLUENT_LICENSE)]


def region(ctx: Context, key: str) -> str:
    """The AWS region property ``key`` normalised (``US_WEST_2`` -> ``us-west-2``), else the
    connector's region. A value that is not a region name is reported at ``key``."""
    value = ctx.get(key)
    if not value:
        return ctx.region
    norm = value.strip().lower().replace("_", "-")
    if not _REGION_RE.match(norm):
        ctx.error(key, f"found '{value}'; expected an AWS region such as us-east-1")
        return ctx.region
    if norm != ctx.region and not is_region(ctx.partition, norm):
        ctx.error(key, f"found '{value}', which is not a region of the partition {ctx.partition} (region table: "
                       "botocore's endpoint data)")
        return ctx.region
    return norm


_LITERAL_RE = re.compile(r"^(?:[A-Za-z0-9_-]|\\\.)+$")
_PREFIX_RE = re.compile(r"^\^?((?:[A-Za-z0-9_-]|\\\.)*)\.\*\$?$")


def regex_names(regex: str) -> str | None:
    """An IAM-expressible form of one Kafka topic/group regex (Java ``Pattern.matches``, whole name):
    a literal (``orders``, ``orders\\.v1``) is that name, ``<literal>.*`` a prefix ``<literal>*``,
    ``.*`` everything (``*``). An unescaped '.' inside a literal is accepted as '.' only when it is
    the sole such wildcard character class a user would write for a dot (``orders.v1``); any other
    regex gives None."""
    r = regex.strip()
    if r in (".*", "^.*$", ".+"):
        return "*"
    m = _PREFIX_RE.match(r)
    if m:
        return m.group(1).replace("\\.", ".") + "*"
    if _LITERAL_RE.match(r):
        return r.replace("\\.", ".")
    if re.fullmatch(r"[A-Za-z0-9_.-]+", r):
        # an unescaped '.' matches any character; reading it as a dot grants a subset of the
        # names the regex matches (the usual intent: 'orders.v1')
        return r
    return None
