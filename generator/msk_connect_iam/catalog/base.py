"""The interface every catalog kind implements, and the context it analyses.

A *kind* (:class:`ConnectorKind`) knows one connector plugin: its ``connector.class`` names, whether
it is a sink or a source, and an ``analyze(ctx)`` function that reads the connector's configuration
through :class:`Context` and returns an :class:`~msk_connect_iam.model.Analysis`: the topics it
reads or writes, extra ``kafka-cluster`` grants (:class:`~msk_connect_iam.model.KafkaGrant`), AWS
grants (:class:`~msk_connect_iam.model.Grant`) and warnings. Every grant carries its provenance:
the configuration property that caused it (``ctx.cause(key)``), the rule, and the documentation
URL. See CONTRIBUTING.md, section "Catalog".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..model import Analysis, Cluster, Condition, Grant, KafkaGrant, TopicUse

__all__ = ["Analysis", "Condition", "ConnectorKind", "Context", "Grant", "KafkaGrant", "TopicUse", "kafka"]


def kafka(*actions: str) -> tuple[str, ...]:
    """``kafka("ReadData", "DescribeTopic")`` -> ``("kafka-cluster:ReadData", "kafka-cluster:DescribeTopic")``."""
    return tuple(a if ":" in a else f"kafka-cluster:{a}" for a in actions)


@dataclass(frozen=True)
class ConnectorKind:
    """One connector plugin the catalog knows.

    ``id``: stable identifier (module name, used in rule names); ``title``: human name;
    ``classes``: every ``connector.class`` value that selects it (fully qualified; aliases too);
    ``type``: ``sink`` or ``source``; ``doc``: the plugin's documentation URL;
    ``analyze``: ``Context -> Analysis`` (must not raise on user input: report problems with
    ``ctx.error``).
    """

    id: str
    title: str
    classes: tuple[str, ...]
    type: str
    doc: str
    analyze: Callable[["Context"], Analysis]


_BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_SECRET_NAME_RE = re.compile(r"[A-Za-z0-9/_+=.@-]{1,512}")
_SECRET_ARN_RE = re.compile(r"^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+$")
_KMS_ARN_RE = re.compile(r"^arn:[^:]+:kms:[^:]+:\d{12}:(key|alias)/.+$")
_UUID_RE = re.compile(r"^(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$")


@dataclass
class Context:
    """A connector as a catalog kind sees it.

    ``config``: ``connector_configuration`` (str -> str, exactly as given to MSK Connect);
    ``worker``: ``worker_configuration``; ``name``: connector name; ``type``: ``sink``/``source``;
    ``partition``/``region``/``account``: where the connector runs; ``cluster``: the cluster MSK
    Connect attaches to; ``source_cluster``: the second cluster (MirrorMaker 2) or None.
    ``report(path_tail, message)`` records a located manifest problem (path relative to the connector).
    """

    config: Mapping[str, str]
    worker: Mapping[str, str]
    name: str
    type: str
    partition: str
    region: str
    account: str
    cluster: Cluster
    source_cluster: Cluster | None = None
    report: Callable[[tuple, str], None] = lambda path, message: None
    warnings: list[str] = field(default_factory=list)
    #: Names of the connector's topics (declared and derived), set by ``derive`` before the
    #: :data:`~msk_connect_iam.catalog.EVERY_CONNECTOR` analysers run (converters name schemas after them).
    topics: tuple[str, ...] = ()

    # -- reading the configuration ----------------------------------------------------------------
    def get(self, key: str, default: str | None = None) -> str | None:
        """The connector property ``key`` (surrounding whitespace stripped), or ``default``."""
        value = self.config.get(key)
        return default if value is None else value.strip()

    def require(self, key: str, why: str) -> str | None:
        """The property ``key``; if absent or empty, report a located error saying ``why`` it is needed."""
        value = self.get(key)
        if not value:
            self.report(("connector_configuration",), f"missing '{key}': {why}")
            return None
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean property (``true``/``false``, case-insensitive)."""
        value = self.get(key)
        return default if value is None else value.lower() == "true"

    def list(self, key: str) -> list[str]:
        """A comma-separated list property, items stripped, empties dropped (Kafka ConfigDef LIST)."""
        return [item.strip() for item in (self.get(key) or "").split(",") if item.strip()]

    def worker_get(self, key: str, default: str | None = None) -> str | None:
        """The worker property ``key``, or ``default``."""
        value = self.worker.get(key)
        return default if value is None else value.strip()

    def cause(self, key: str, value: str | None = None, *, worker: bool = False) -> str:
        """Provenance text of a property: ``connector_configuration: <key>=<value>``."""
        section = "worker_configuration" if worker else "connector_configuration"
        if value is None:
            value = self.worker_get(key) if worker else self.get(key)
        return f"{section}: {key}={value}" if value is not None else f"{section}: {key} (default)"

    def error(self, key: str, message: str, *, worker: bool = False) -> None:
        """Report a located problem at the property ``key``."""
        section = "worker_configuration" if worker else "connector_configuration"
        self.report((section, key), message)

    def warn(self, message: str) -> None:
        """Add a warning (printed by ``generate``, written into the module README)."""
        self.warnings.append(message)

    # -- ARNs ---------------------------------------------------------------------------------------
    def arn(self, service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
        """``arn:<partition>:<service>:<region>:<account>:<resource>``; region/account default to the
        connector's (pass ``""`` for global services such as S3)."""
        region = self.region if region is None else region
        account = self.account if account is None else account
        return f"arn:{self.partition}:{service}:{region}:{account}:{resource}"

    def _checked(self, kind: str, value: str, pattern: re.Pattern, expected: str) -> str:
        if not pattern.fullmatch(value):
            self.report(("connector_configuration",), f"{kind} '{value}' in the configuration is not valid; expected "
                                                      f"{expected} (a wildcard here would widen the grant)")
        return value

    def s3_bucket(self, bucket: str) -> str:
        """``arn:<p>:s3:::<bucket>``: the ARN bucket-level actions (ListBucket, ...) take (facts.md).
        A name that is not a valid bucket name (S3 User Guide, "Bucket naming rules": 3-63 of
        a-z, 0-9, '.', '-') is reported, so that ``*`` in a property never widens a grant."""
        self._checked("S3 bucket name", bucket, _BUCKET_RE, "3-63 characters of a-z, 0-9, '.' and '-'")
        return f"arn:{self.partition}:s3:::{bucket}"

    def s3_objects(self, bucket: str, prefix: str = "") -> str:
        """``arn:<p>:s3:::<bucket>/<prefix>*``: the ARN object actions take; ``prefix`` is a key
        prefix (a trailing '/' is added when missing)."""
        self._checked("S3 bucket name", bucket, _BUCKET_RE, "3-63 characters of a-z, 0-9, '.' and '-'")
        prefix = prefix.strip("/")
        if "*" in prefix or "?" in prefix:
            self.report(("connector_configuration",), f"S3 key prefix '{prefix}' contains a wildcard")
        return f"arn:{self.partition}:s3:::{bucket}/{prefix + '/' if prefix else ''}*"

    def secret(self, name_or_arn: str) -> str:
        """A Secrets Manager secret's ARN: a full ARN is kept; a name gets the 6-character random
        suffix ``-??????`` AWS appends to secret ARNs (Secrets Manager User Guide, "Secret ARN")."""
        if _SECRET_ARN_RE.match(name_or_arn):
            return name_or_arn
        self._checked("Secrets Manager secret name", name_or_arn, _SECRET_NAME_RE,
                      "1-512 characters of letters, digits and /_+=.@-")
        return self.arn("secretsmanager", f"secret:{name_or_arn}-??????")

    def ssm_parameter(self, name: str) -> str:
        """``arn:<p>:ssm:<r>:<a>:parameter/<name>`` (a leading '/' of a path name is not doubled)."""
        return self.arn("ssm", f"parameter/{name.lstrip('/')}")

    def kms_grant(self, sid: str, key: str, actions, cause: str, rule: str, doc: str) -> Grant:
        """A grant of ``actions`` on the KMS key ``key`` (key ARN, key id, ``alias/<name>`` or alias ARN).

        IAM evaluates KMS permissions against the *key* ARN, never the alias ARN, so an alias
        becomes ``key/*`` in the alias's account and region narrowed by the condition
        ``ForAnyValue:StringEquals kms:ResourceAliases = alias/<name>`` (KMS Developer Guide,
        "Use aliases to control access to KMS keys"; https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html).
        """
        actions = tuple(sorted(set(actions)))
        m = re.match(r"^arn:([^:]+):kms:([^:]+):(\d{12}):alias/(.+)$", key)
        if m or key.startswith("alias/"):
            alias = f"alias/{m.group(4)}" if m else key
            region, account = (m.group(2), m.group(3)) if m else (self.region, self.account)
            return Grant(sid, actions, (self.arn("kms", "key/*", region=region, account=account),), cause, rule, doc,
                         (Condition("ForAnyValue:StringEquals", "kms:ResourceAliases", (alias,)),))
        if _KMS_ARN_RE.match(key):
            return Grant(sid, actions, (key,), cause, rule, doc)
        return Grant(sid, actions, (self.arn("kms", f"key/{key}"),), cause, rule, doc)

    def is_kms_key_id(self, value: str) -> bool:
        """True for a KMS key ARN, alias ARN, ``alias/...`` or key id."""
        return bool(_KMS_ARN_RE.match(value) or value.startswith("alias/") or _UUID_RE.match(value.lower()))
