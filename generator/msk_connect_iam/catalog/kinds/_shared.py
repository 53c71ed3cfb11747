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


#: Host names of AWS service endpoints (public, FIPS, dual-stack, China, PrivateLink ``vpce``).
_AWS_HOST_RE = re.compile(r"(^|\.)(amazonaws\.com|amazonaws\.com\.cn|api\.aws|on\.aws)\.?$", re.IGNORECASE)
_HOST_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)", re.IGNORECASE)


def endpoint_host(url: str) -> str:
    """The host of an endpoint URL or ``host[:port]`` text (lower case)."""
    m = _HOST_RE.match(url.strip())
    return (m.group(1) if m else "").lower()


def is_aws_endpoint(url: str) -> bool:
    """True when ``url`` names an AWS service endpoint (``*.amazonaws.com``, ``.com.cn``,
    ``*.api.aws``): a VPC endpoint or a regional endpoint is still AWS, and still the role."""
    return bool(_AWS_HOST_RE.search(endpoint_host(url)))


def not_the_role(ctx: Context, title: str, service: str, *, keys: tuple = (),
                 endpoints: tuple[str, ...] = (), other: tuple[tuple[str, str], ...] = ()) -> bool:
    """True (with a warning saying why) when the plugin does not call ``service`` with the
    execution role, so that no permission is granted for it (issue 12, "Credentials that are
    not the role"):

    - the properties ``keys`` (an access key id and its secret; or a tuple of such groups, any
      of which counts) are all set: the AWS SDK client is built with those credentials instead of the default provider chain, which is what
      resolves to the execution role on MSK Connect (MSK Developer Guide, "Service execution role");
    - one of ``endpoints`` is set to an endpoint that is not AWS (MinIO, LocalStack, ...): the calls
      go elsewhere (an AWS endpoint, such as a VPC endpoint, still uses the role);
    - ``other``: (property, reason) pairs a kind has found itself (a profile credentials provider...).

    Placeholder values count: a key property set to ``xxxx`` still replaces the role.
    """
    groups = (keys,) if keys and isinstance(keys[0], str) else keys
    reasons = [f"{' and '.join(g)} set static credentials" for g in groups if g and all(ctx.get(k) for k in g)]
    for k in endpoints:
        url = ctx.get(k)
        if url and not is_aws_endpoint(url):
            reasons.append(f"{k}={url} is not an AWS endpoint (MinIO, LocalStack, ...)")
    reasons += [f"{k}: {why}" for k, why in other]
    if not reasons:
        return False
    ctx.warn(f"{title}: {'; '.join(reasons)}, so the plugin does not use the execution role for {service}: no "
             f"{service} permission is granted (whatever those credentials or that endpoint belong to needs them)")
    return True


#: Where each S3 connector family takes static keys and a custom endpoint from (source lines in
#: docs/catalog.md, "Credentials that are not the role"):
#: Confluent: kafka-connect-storage-cloud S3SinkConnectorConfig.java L132-135 (aws.access.key.id,
#: aws.secret.access.key; a StaticCredentialsProvider only when both are non-blank, L1029-1034),
#: S3SinkTask.java L92-104 / S3Storage.java L115-125 (store.url -> endpointOverride);
#: Aiven: cloud-storage-connectors S3ConfigFragment.java L86-113 (aws.access.key.id /
#: aws.secret.access.key, deprecated aws_access_key_id / aws_secret_access_key; aws.s3.endpoint,
#: deprecated aws_s3_endpoint), L501-505 (AwsBasicCredentials from them);
#: Lenses: stream-reactor S3ConfigSettings.scala L24-28 (connect.s3.aws.auth.mode, access/secret
#: key, connect.s3.custom.endpoint), AwsS3ClientCreator.scala L134-135 (Credentials mode: the keys;
#: Default: the default chain), DeprecationConfigDefProcessor.scala L43-46 (older aws.* names).
S3_CREDENTIALS = {
    "confluent": {"keys": ("aws.access.key.id", "aws.secret.access.key"), "endpoints": ("store.url",)},
    "aiven": {"keys": (("aws.access.key.id", "aws.secret.access.key"), ("aws_access_key_id", "aws_secret_access_key")),
              "endpoints": ("aws.s3.endpoint", "aws_s3_endpoint")},
    "lenses": {"keys": (), "endpoints": ("connect.s3.custom.endpoint", "aws.custom.endpoint")},
}


def s3_not_the_role(ctx: Context, title: str, family: str) -> bool:
    """:func:`not_the_role` for S3 with the properties of ``family`` (:data:`S3_CREDENTIALS`);
    Lenses' ``connect.s3.aws.auth.mode=Credentials`` (or the older ``aws.auth.mode``) counts as keys."""
    spec = S3_CREDENTIALS[family]
    other = []
    if family == "lenses":
        for k in ("connect.s3.aws.auth.mode", "aws.auth.mode"):
            if (ctx.get(k) or "").lower() == "credentials":
                other.append((k, "Credentials mode uses the configured access key and secret key"))
    return not_the_role(ctx, title, "S3", keys=spec["keys"], endpoints=spec["endpoints"], other=tuple(other))
