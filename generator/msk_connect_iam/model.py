"""The validated model of a manifest: clusters, connectors, role settings and IAM statements.

Everything here is immutable and already validated; the permission model
(:mod:`msk_connect_iam.policy.permissions`) turns a :class:`Connector` into an :class:`ExecutionRole`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from msk_connect_iam.policy.arns import ClusterArn

if TYPE_CHECKING:
    from msk_connect_iam.policy.permissions import ClusterPolicy
    from msk_connect_iam.policy.split import PolicyLayout


@dataclass(frozen=True)
class Cluster:
    """An MSK cluster: its parsed ARN, client authentication (``iam``/``none``) and kind
    (``provisioned``/``serverless``)."""

    arn: ClusterArn
    authentication: str = "iam"
    kind: str = "provisioned"

    @property
    def uses_iam(self) -> bool:
        return self.authentication == "iam"


@dataclass(frozen=True)
class Condition:
    """One IAM condition block: operator ``test``, key ``variable``, and its ``values`` (sorted)."""

    test: str
    variable: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Origin:
    """Why a statement grants some (action, resource) pairs: provenance for ``explain`` and the README.

    ``cause`` is the manifest key or configuration property that triggered the rule (for example
    ``connector_configuration: s3.bucket.name=acme``), ``rule`` names the rule (catalog kind or
    generic Kafka Connect rule) and ``doc`` is the documentation URL behind it. ``actions`` and
    ``resources`` are the pairs (their cross product) this origin accounts for.
    """

    cause: str
    rule: str
    doc: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]


class _BuiltText(str):
    """Text made by the catalog's builder (:mod:`msk_connect_iam.catalog.arnbuild`) only
    (``_built=True``); copies and pickles stay built."""

    __slots__ = ()

    def __new__(cls, text: str, *, _built: bool = False):
        if not _built:
            raise TypeError(f"a {cls.__name__} is made by msk_connect_iam.catalog.arnbuild only")
        return super().__new__(cls, text)

    def __reduce__(self):  # copies and pickles (dataclasses.asdict deep-copies) stay built
        return (_rebuild, (type(self), str(self)))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class BuiltArn(_BuiltText):
    """A resource ARN (or ``*``) produced by the catalog's ARN builder
    (:mod:`msk_connect_iam.catalog.arnbuild`), which checked every part taken from a configuration.
    Constructed only there (``_built=True``); :class:`Grant` refuses any other string, so a rule that
    formats an ARN itself fails every test at once."""

    __slots__ = ()


class BuiltName(_BuiltText):
    """A Kafka topic / group / transactional-id name (or prefix ending in ``*``) produced by the
    catalog's name builder (:mod:`msk_connect_iam.catalog.arnbuild`); see :class:`BuiltArn`."""

    __slots__ = ()


def _rebuild(cls: type, text: str):
    return cls(text, _built=True)


def _require_built(owner: str, what: str, values, kind: type) -> None:
    for v in values:
        if not isinstance(v, kind):
            raise TypeError(f"{owner}: {what} {v!r} was not produced by the catalog's builder "
                            "(msk_connect_iam.catalog.arnbuild; CONTRIBUTING.md, 'How to write a catalog rule')")


@dataclass(frozen=True)
class Grant:
    """An AWS permission a catalog kind or a generic rule derives from the configuration.

    ``sid`` is the statement it joins (grants with the same sid, actions and conditions are merged
    into one statement); ``actions``/``resources`` are IAM actions and ARNs (patterns allowed);
    ``cause``/``rule``/``doc`` are the provenance (see :class:`Origin`).
    """

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    cause: str
    rule: str
    doc: str
    conditions: tuple["Condition", ...] = ()
    #: Why the rule grants ``*`` on an action that takes resources (the statement's README note), or "".
    wildcard_reason: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.resources, str):
            raise TypeError(f"Grant {self.sid}: resources must be a tuple")
        _require_built(f"Grant {self.sid}", "resource", self.resources, BuiltArn)


#: The Kafka resource types of kafka-cluster ARNs (MSK Developer Guide, IAM access control).
KAFKA_RESOURCE_KINDS = ("cluster", "topic", "group", "transactional-id")


@dataclass(frozen=True)
class KafkaGrant:
    """A ``kafka-cluster`` permission derived from the configuration, resolved to ARNs later.

    ``cluster`` says which of the connector's clusters: ``cluster`` (the one MSK Connect attaches
    to) or ``source_cluster`` (the second cluster, MirrorMaker 2's replication source).
    ``resource_kind`` is one of :data:`KAFKA_RESOURCE_KINDS`; ``names`` are topic / group /
    transactional-id names (a trailing ``*`` is a prefix), ignored for ``cluster``. Actions are
    given without the ``kafka-cluster:`` prefix or with it.
    """

    sid: str
    actions: tuple[str, ...]
    resource_kind: str
    names: tuple[str, ...]
    cause: str
    rule: str
    doc: str
    cluster: str = "cluster"

    def __post_init__(self) -> None:
        if isinstance(self.names, str):
            raise TypeError(f"KafkaGrant {self.sid}: names must be a tuple")
        _require_built(f"KafkaGrant {self.sid}", "name", self.names, BuiltName)


@dataclass(frozen=True)
class TopicUse:
    """A topic the connector reads (sink) or writes (source) on its cluster, derived from the
    configuration; it joins the manifest's ``topics`` and is granted by the AWS page's topic
    statement. ``name`` is an exact name or a prefix ending in ``*``."""

    name: str
    cause: str
    rule: str
    doc: str

    def __post_init__(self) -> None:
        _require_built("TopicUse", "name", (self.name,), BuiltName)


@dataclass(frozen=True)
class Analysis:
    """What the configuration implies beyond the manifest's explicit keys.

    ``topics``: topics read (sink) / written (source); ``kafka``/``aws``: extra grants;
    ``warnings``: messages printed by ``generate`` and written into the module README;
    ``create_topics``: the cause, when the configuration makes the connector create its topics.
    """

    topics: tuple[TopicUse, ...] = ()
    kafka: tuple[KafkaGrant, ...] = ()
    aws: tuple[Grant, ...] = ()
    warnings: tuple[str, ...] = ()
    create_topics: str | None = None

    def __add__(self, other: "Analysis") -> "Analysis":
        return Analysis(self.topics + other.topics, self.kafka + other.kafka, self.aws + other.aws,
                        self.warnings + other.warnings, self.create_topics or other.create_topics)


@dataclass(frozen=True)
class Statement:
    """One Allow statement of a policy document.

    ``actions`` and ``resources`` are sorted tuples; ``conditions`` are sorted by (test, variable),
    one per pair. ``source`` says which rule and documentation clause produced the statement
    (used in the module README).
    """

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    source: str = ""
    effect: str = "Allow"
    origins: tuple[Origin, ...] = ()
    #: The manifest's reason for a "*" action/resource or service:* action (README), or "".
    wildcard_reason: str = ""


@dataclass(frozen=True)
class TrustPolicy:
    """The role's trust policy: MSK Connect may assume the role only for this connector.

    ``principal`` is the service principal, ``source_account`` the connector's account and
    ``source_arn`` the ``connector/<name>/*`` ARN pattern.
    """

    principal: str
    source_account: str
    source_arn: str


@dataclass(frozen=True)
class RoleSettings:
    """Role-level settings, emitted as module variables with these values as defaults.

    ``tags`` is a sorted tuple of (key, value) pairs; ``max_session_duration`` is in seconds.
    """

    name: str
    path: str = "/"
    permissions_boundary: str | None = None
    description: str = ""
    max_session_duration: int = 3600
    tags: tuple[tuple[str, str], ...] = ()
    #: ``auto`` (inline when it fits, else managed), ``inline`` or ``managed`` (see split.py).
    policy_type: str = "auto"
    #: Managed policies the role may have (IAM quota; default 10, adjustable per account).
    max_managed_policies: int = 10


@dataclass(frozen=True)
class AwsPermission:
    """A statement the manifest declares for the plugin's AWS access (``aws_permissions``)."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    #: The manifest's stated reason for "*" or service:* in this statement (None: not allowed).
    wildcard_reason: str | None = None


@dataclass(frozen=True)
class ModuleLicense:
    """The license of a generated module (``license`` in the manifest; see :mod:`msk_connect_iam.manifest.licenses`).

    ``spdx`` is the SPDX identifier (or ``LicenseRef-...``; None for a ``file`` without one),
    ``name`` the SPDX License List's full name (None when not in the list), ``text`` the LICENSE
    file's text (ending in a newline, without the generated-file header), ``holder`` the copyright
    holder filled into it (None when the text names none or comes from ``file``).
    """

    spdx: str | None
    name: str | None
    text: str
    holder: str | None = None


@dataclass(frozen=True)
class Connector:
    """One MSK Connect connector as declared in the manifest.

    ``type`` is ``sink`` or ``source``; ``topics`` are exact topic names or prefixes ending in
    ``*``; ``account``/``region``/``partition`` are where the connector runs (default: the
    cluster ARN's; the account of ``cluster`` and of ``source_cluster`` may differ only with ``cross_account``); ``consumer_group`` is the sink's group id (default ``connect-<name>``).

    From the configuration (see :mod:`msk_connect_iam.catalog`): ``source_cluster`` is the second
    cluster of a two-cluster connector (MirrorMaker 2 reads it); ``kind``/``kind_title``/``kind_doc``
    name the catalog kind of ``connector.class`` (None when unknown or absent);
    ``configuration``/``worker_configuration`` are the sorted property pairs; ``analysis`` holds the
    derived grants; ``topic_causes`` and ``group_cause`` say which key gave each topic and the group.
    """

    name: str
    type: str
    cluster: Cluster
    account: str
    region: str
    partition: str
    role: RoleSettings
    topics: tuple[str, ...] = ()
    create_topics: bool = False
    consumer_group: str | None = None
    description: str = ""
    aws_permissions: tuple[AwsPermission, ...] = ()
    source_cluster: Cluster | None = None
    kind: str | None = None
    kind_title: str | None = None
    kind_doc: str | None = None
    configuration: tuple[tuple[str, str], ...] = ()
    worker_configuration: tuple[tuple[str, str], ...] = ()
    analysis: Analysis = field(default_factory=Analysis)
    topic_causes: tuple[tuple[str, str], ...] = ()
    group_cause: str | None = None
    create_topics_cause: str | None = None
    #: A cluster of the connector (``cluster`` or ``source_cluster``) belongs to another account
    #: than the connector's, which the manifest allows with ``cross_account: true``.
    cross_account: bool = False
    cluster_cause: str = "cluster.arn"
    #: The module's LICENSE (``license`` or ``defaults.license``); None: the module has no LICENSE.
    license: ModuleLicense | None = None

    def foreign_clusters(self) -> tuple[tuple[str, Cluster], ...]:
        """The connector's clusters owned by another account than ``account``, as (manifest key,
        cluster) pairs: ``("cluster", ...)`` first, then ``("source_cluster", ...)``; a cluster
        named by both keys appears once (under ``cluster``)."""
        out: list[tuple[str, Cluster]] = []
        for key, c in (("cluster", self.cluster), ("source_cluster", self.source_cluster)):
            if c is not None and c.arn.account != self.account and all(o.arn.arn != c.arn.arn for _, o in out):
                out.append((key, c))
        return tuple(out)

    @property
    def group_id(self) -> str | None:
        """The sink's consumer group (``connect-<name>`` unless overridden); None for sources."""
        if self.type != "sink":
            return None
        return self.consumer_group or f"connect-{self.name}"


@dataclass(frozen=True)
class ExecutionRole:
    """Everything a generated module says about one connector's service execution role."""

    connector: Connector
    trust: TrustPolicy
    statements: tuple[Statement, ...]
    notes: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Explained:
    """One granted pair with its provenance: connector, statement sid, action, resource, cause
    (manifest key or configuration property), rule, documentation URL."""

    connector: str
    sid: str
    action: str
    resource: str
    cause: str
    rule: str
    doc: str


@dataclass(frozen=True)
class ConnectorBuild:
    """One connector as every stage after validation needs it, built once per run by
    :func:`msk_connect_iam.manifest.build.build_record`: the connector, its role (trust policy and
    statements), where the statements go (``layout``: inline, compacted or split, within the IAM
    quotas) and the policy documents the owners of its cross-account clusters add
    (``cluster_policies``; empty when every cluster is in the connector's account). Checks,
    rendering, the registry layout and ``explain`` read these; nothing computes a role twice."""

    connector: Connector
    role: ExecutionRole
    layout: PolicyLayout
    cluster_policies: tuple[ClusterPolicy, ...]

    @functools.cached_property
    def provenance(self) -> tuple[Explained, ...]:
        """Every granted (action, resource) pair, in statement order, actions and resources
        sorted within each origin; a pair granted for two reasons appears once per origin.
        Computed on first use (only ``explain`` and tests ask)."""
        name = self.connector.name
        return tuple(Explained(name, s.sid, action, resource, o.cause, o.rule, o.doc)
                     for s in self.role.statements for o in s.origins
                     for action in o.actions for resource in o.resources)


@dataclass(frozen=True)
class Manifest:
    """A validated manifest: its display path and one :class:`ConnectorBuild` per connector, in
    manifest order."""

    path: str
    builds: tuple[ConnectorBuild, ...]

    @functools.cached_property
    def connectors(self) -> tuple[Connector, ...]:
        """The connectors, in manifest order."""
        return tuple(b.connector for b in self.builds)
