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
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..model import Analysis, BuiltArn, BuiltName, Cluster, Condition, Grant, KafkaGrant, TopicUse
from .arnbuild import ANY, GLOBAL, ONE, build_arn, build_name, everything, parse_arn

__all__ = ["ANY", "GLOBAL", "ONE", "Analysis", "Condition", "ConnectorKind", "Context", "Grant", "KafkaGrant",
           "TopicUse", "everything", "kafka"]


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
    #: ``allow_wildcards`` of the manifest: property -> the stated reason (see catalog/arnbuild.py).
    allowed: Mapping[str, str] = field(default_factory=dict)
    #: Properties whose value ``allowed`` let through (for the "unused allow_wildcards" check).
    used_allowances: set = field(default_factory=set)
    _reads: dict = field(default_factory=lambda: {False: {}, True: {}}, repr=False, compare=False)
    _reported: set = field(default_factory=set, repr=False)

    # -- reading the configuration ----------------------------------------------------------------
    def get(self, key: str, default: str | None = None) -> str | None:
        """The connector property ``key`` (surrounding whitespace stripped), or ``default``."""
        self._reads[False][key] = None
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
        self._reads[True][key] = None
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

    # -- ARNs and names (all through the builder: catalog/arnbuild.py) ------------------------------------
    def reads(self, worker: bool = False) -> dict[str, None]:
        """The properties read so far through :meth:`get`/:meth:`worker_get` (in read order)."""
        return self._reads[worker]

    def report_once(self, path: tuple, message: str) -> None:
        """:attr:`report` a problem unless the same one was reported already."""
        if (path, message) not in self._reported:
            self._reported.add((path, message))
            self.report(path, message)

    def note_allowed(self, prop: str, message: str) -> None:
        """Record that ``allow_wildcards`` let a value of ``prop`` through (a README warning, once)."""
        self.used_allowances.add(prop)
        if message not in self.warnings:
            self.warn(message)

    def arn(self, service: str, *resource, region=None, account=None, key: str | None = None,
            worker: bool = False, other_account: bool = False) -> BuiltArn:
        """``arn:<partition>:<service>:<region>:<account>:<resource parts>`` through the builder
        (:func:`~.arnbuild.build_arn`): region/account default to the connector's (``GLOBAL`` for
        the empty fields of a global service such as S3); write wildcards as ``ANY``/``ONE``."""
        return build_arn(self, service, *resource, region=region, account=account, key=key, worker=worker,
                         other_account=other_account)

    def kafka_name(self, *parts, kind: str = "topic", key: str | None = None, worker: bool = False) -> BuiltName:
        """A Kafka topic/group/transactional-id name through the builder (:func:`~.arnbuild.build_name`);
        a prefix is written ``ctx.kafka_name(prefix, ANY)``."""
        return build_name(self, *parts, kind=kind, key=key, worker=worker)


    def parse_arn(self, value: str, *, service: str, resource, key: str, worker: bool = False,
                  other_account: bool = False, example: str = "") -> BuiltArn | None:
        """An ARN the configuration names, parsed and checked (:func:`~.arnbuild.parse_arn`)."""
        return parse_arn(self, value, service=service, resource=resource, key=key, worker=worker,
                         other_account=other_account, example=example)

    def _checked(self, kind: str, value: str, pattern: re.Pattern, expected: str, key: str | None = None) -> str:
        if not pattern.fullmatch(value):
            from .arnbuild import _locate
            prop, worker, _ = _locate(self, value, key, False)
            path = ("worker_configuration" if worker else "connector_configuration",) + ((prop,) if prop else ())
            self.report_once(path, f"{kind} '{value}' in the configuration is not valid; "
                                   f"expected {expected} (a wildcard here would widen the grant)")
        return value

    def s3_bucket(self, bucket: str, key: str | None = None) -> BuiltArn:
        """``arn:<p>:s3:::<bucket>``: the ARN bucket-level actions (ListBucket, ...) take (facts.md).
        A name that is not a valid bucket name (S3 User Guide, "Bucket naming rules": 3-63 of
        a-z, 0-9, '.', '-') is reported, so that ``*`` in a property never widens a grant."""
        self._checked("S3 bucket name", bucket, _BUCKET_RE, "3-63 characters of a-z, 0-9, '.' and '-'", key)
        return build_arn(self, "s3", bucket, region=GLOBAL, account=GLOBAL, key=key)

    def s3_objects(self, bucket: str, prefix: str = "", key: str | None = None) -> BuiltArn:
        """``arn:<p>:s3:::<bucket>/<prefix>/*``: the ARN object actions take; ``prefix`` is a key
        prefix (a trailing '/' is added when missing; empty: every object of the bucket)."""
        self._checked("S3 bucket name", bucket, _BUCKET_RE, "3-63 characters of a-z, 0-9, '.' and '-'", key)
        prefix = prefix.strip("/")
        parts = (bucket, "/") + ((prefix, "/") if prefix else self._set_but_empty(key)) + (ANY,)
        return build_arn(self, "s3", *parts, region=GLOBAL, account=GLOBAL, key=key)

    def _set_but_empty(self, key: str | None) -> tuple:
        """``("",)`` when the property ``key`` is set to an empty prefix (a bare prefix: the builder
        reports it), else ``()`` (no prefix: the rule grants the whole bucket by design)."""
        value = None if key is None else self.config.get(key)
        return ("",) if value is not None and not value.strip(" /") else ()

    def s3_keys(self, bucket: str, prefix: str = "", key: str | None = None) -> BuiltArn:
        """``arn:<p>:s3:::<bucket>/<prefix>*``: the objects whose keys start with ``prefix`` as given
        (no '/' added: a file name prefix)."""
        self._checked("S3 bucket name", bucket, _BUCKET_RE, "3-63 characters of a-z, 0-9, '.' and '-'", key)
        parts = (bucket, "/") + ((prefix,) if prefix else self._set_but_empty(key)) + (ANY,)
        return build_arn(self, "s3", *parts, region=GLOBAL, account=GLOBAL, key=key)

    def role_arn(self, value: str, key: str) -> BuiltArn | None:
        """The IAM role ARN a plugin assumes (``sts:AssumeRole``), named by the property ``key``:
        parsed and checked (another account is allowed: assuming a role there is the point)."""
        return parse_arn(self, value, service="iam", resource="role/", key=key, other_account=True,
                         example=f"arn:{self.partition}:iam::<account>:role/<name>")

    def assume_role(self, value: str, key: str, grant: Callable[[BuiltArn], Grant]) -> tuple[Grant, ...]:
        """``(grant(<the role's ARN>),)``, or ``()`` after a located error when ``value`` is not a
        role ARN (see :meth:`role_arn`)."""
        arn = self.role_arn(value, key)
        return () if arn is None else (grant(arn),)

    def s3_object(self, bucket: str, obj: str, key: str | None = None) -> BuiltArn:
        """``arn:<p>:s3:::<bucket>/<object key>``: one object."""
        self._checked("S3 bucket name", bucket, _BUCKET_RE, "3-63 characters of a-z, 0-9, '.' and '-'", key)
        return build_arn(self, "s3", bucket, "/", obj, region=GLOBAL, account=GLOBAL, key=key)

    def secret(self, name_or_arn: str, *, region: str | None = None, key: str | None = None,
               worker: bool = False) -> BuiltArn | None:
        """A Secrets Manager secret's ARN: a full ARN (percent-decoded) is parsed and checked; a name
        gets the 6-character random suffix ``-??????`` AWS appends to secret ARNs (Secrets Manager
        User Guide, "Secret ARN"), in ``region`` (default the connector's)."""
        decoded = urllib.parse.unquote(name_or_arn)
        if decoded.startswith("arn:"):
            return parse_arn(self, name_or_arn, service="secretsmanager", resource="secret:",
                             key=key or self._key_of(name_or_arn), worker=worker)
        self._checked("Secrets Manager secret name", decoded, _SECRET_NAME_RE,
                      "1-512 characters of letters, digits and /_+=.@-", key)
        return build_arn(self, "secretsmanager", "secret:", decoded, "-", *(ONE,) * 6, region=region, key=key,
                         worker=worker)

    def ssm_parameter(self, name: str, *, region: str | None = None, key: str | None = None) -> BuiltArn:
        """``arn:<p>:ssm:<r>:<a>:parameter/<name>`` (a leading '/' of a path name is not doubled)."""
        return build_arn(self, "ssm", "parameter/", name.lstrip("/"), region=region, key=key)

    def _key_of(self, text: str) -> str:
        from .arnbuild import _locate
        prop, _, _ = _locate(self, text, None, False)
        return prop or "connector_configuration"

    def kms_grant(self, sid: str, key: str, actions, cause: str, rule: str, doc: str,
                  prop: str | None = None) -> Grant | None:
        """A grant of ``actions`` on the KMS key ``key`` (key ARN, key id, ``alias/<name>`` or alias ARN)
        named by the property ``prop``.

        IAM evaluates KMS permissions against the *key* ARN, never the alias ARN, so an alias
        becomes ``key/*`` in the alias's account and region narrowed by the condition
        ``ForAnyValue:StringEquals kms:ResourceAliases = alias/<name>`` (KMS Developer Guide,
        "Use aliases to control access to KMS keys"; https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html).
        A key in another account is allowed (S3 SSE with a customer managed key of another account).
        """
        actions = tuple(sorted(set(actions)))
        prop = prop or self._key_of(key)
        if urllib.parse.unquote(key).startswith("arn:"):
            built = parse_arn(self, key, service="kms", resource=("key/", "alias/"), key=prop, other_account=True)
            if built is None:
                return None
            _, _, _, region, account, res = built.split(":", 5)
            if res.startswith("alias/"):
                return Grant(sid, actions, (build_arn(self, "kms", "key/", ANY, region=region, account=account,
                                                      key=prop, other_account=True),), cause, rule, doc,
                             (Condition("ForAnyValue:StringEquals", "kms:ResourceAliases", (res,)),))
            return Grant(sid, actions, (built,), cause, rule, doc)
        if key.startswith("alias/"):
            build_arn(self, "kms", key, key=prop)  # the alias name's text goes through the checks
            return Grant(sid, actions, (build_arn(self, "kms", "key/", ANY, key=prop),), cause, rule, doc,
                         (Condition("ForAnyValue:StringEquals", "kms:ResourceAliases", (key,)),))
        return Grant(sid, actions, (build_arn(self, "kms", "key/", key, key=prop),), cause, rule, doc)

    def is_kms_key_id(self, value: str) -> bool:
        """True for a KMS key ARN, alias ARN, ``alias/...`` or key id."""
        return bool(_KMS_ARN_RE.match(value) or value.startswith("alias/") or _UUID_RE.match(value.lower()))
