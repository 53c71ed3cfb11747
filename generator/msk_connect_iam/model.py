"""The validated model of a manifest: clusters, connectors, role settings and IAM statements.

Everything here is immutable and already validated; the permission model
(:mod:`msk_connect_iam.permissions`) turns a :class:`Connector` into an :class:`ExecutionRole`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .arns import ClusterArn


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


@dataclass(frozen=True)
class AwsPermission:
    """A statement the manifest declares for the plugin's AWS access (``aws_permissions``)."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Connector:
    """One MSK Connect connector as declared in the manifest.

    ``type`` is ``sink`` or ``source``; ``topics`` are exact topic names or prefixes ending in
    ``*``; ``account``/``region``/``partition`` are where the connector runs (default: the
    cluster ARN's); ``consumer_group`` is the sink's group id (default ``connect-<name>``).
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


@dataclass(frozen=True)
class Manifest:
    """A validated manifest: its display path and connectors in manifest order."""

    path: str
    connectors: tuple[Connector, ...]
