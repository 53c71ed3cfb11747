"""Every connector of a checked manifest built into a :class:`~msk_connect_iam.model.Connector`.

For each connector (those the schema pass left in scope): its defaults and cluster references
resolved (:mod:`msk_connect_iam.manifest.resolve`), each field checked
(:class:`~msk_connect_iam.manifest.checks.Checker`), its configuration analysed by the catalog
(:func:`msk_connect_iam.catalog.derive.derive`: type, topics, consumer group, derived grants),
then the names that must be unique across the manifest (connector names, role names). A
connector with a problem that leaves it without a cluster, an account or a type is not built;
its problems are recorded and the others are still built, so one run reports everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Mapping

from msk_connect_iam.errors import show
from msk_connect_iam.manifest import rules
from msk_connect_iam.manifest.checks import Checker
from msk_connect_iam.manifest.loader import format_path
from msk_connect_iam.manifest.resolve import Defaults, ResolvedConnector, resolve_connector, resolve_defaults
from msk_connect_iam.model import Cluster, Connector, ModuleLicense, RoleSettings
from msk_connect_iam.policy import arns

#: MSK Developer Guide, "Amazon MSK multi-VPC private connectivity in a single Region",
#: requirements: cross-Region multi-VPC private connectivity is not supported.
DOC_MVPC = "https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html"


def _slash_warnings(permissions) -> tuple[str, ...]:
    """A warning for each ``aws_permissions`` resource whose ``*`` comes before a later ``/``
    (:func:`msk_connect_iam.policy.lint.slash_spanning_star`: IAM's ``*`` matches ``/``)."""
    if not permissions:
        return ()
    from msk_connect_iam.policy.lint import slash_spanning_star

    return tuple(f"aws_permissions[{i}].resources[{j}]: the '*' in '{r}' also matches '/', so it spans every path "
                 f"level below it (IAM wildcards match any characters, the slash included); name each level if "
                 f"that is wider than meant" for i, p in enumerate(permissions) for j, r in enumerate(p.resources)
                 if slash_spanning_star(r))


def cross_region_warnings(account: str, region: str, cluster: Cluster, source_cluster: Cluster | None) -> tuple[str, ...]:
    """Warnings for a cluster that is both in another account and in another Region than the
    connector (``account``/``region``): AWS documents cross-account access to an MSK cluster
    (cluster policy + multi-VPC private connectivity) within one Region only (:data:`DOC_MVPC`),
    so such a cluster needs a network path of the user's own, and cluster-policy authorisation
    over it is not documented. Returns one message per such cluster (empty tuple: none)."""
    out = []
    seen = set()
    for label, c in (("cluster", cluster), ("source_cluster", source_cluster)):
        if c is None or c.arn.arn in seen or c.arn.account == account or c.arn.region == region:
            continue
        seen.add(c.arn.arn)
        out.append(f"{label} {c.arn.arn} belongs to another account ({c.arn.account}) and another Region "
                   f"({c.arn.region}) than the connector ({account}, {region}): AWS documents cross-account MSK "
                   f"access (cluster policy, multi-VPC private connectivity) within one Region only ({DOC_MVPC}); "
                   "the connector needs a network path of your own to it (VPC peering, Transit Gateway), and AWS does "
                   "not document cluster-policy authorisation over such a path")
    return tuple(out)


@dataclass
class _Fields:
    """What the field checks of one connector gave, before the catalog analyses it."""

    rc: ResolvedConnector
    name: str
    cluster: Cluster
    source_cluster: Cluster | None
    config: dict[str, str]
    worker: dict[str, str]
    role: RoleSettings
    permissions: tuple
    license: ModuleLicense | None
    account: str = ""
    region: str = ""


def _allowed_properties(raw: Mapping) -> set[str]:
    """The properties the connector's ``allow_wildcards`` names."""
    return {str(i.get("property")) for i in raw.get("allow_wildcards") or () if isinstance(i, Mapping)}


def _cause_properties(cause: str) -> set[str]:
    """The configuration properties a derived grant's ``cause`` names (``connector_configuration:
    key=value; ...``)."""
    return set(re.findall(r"(?:connector_configuration|worker_configuration): ([^=;]+?)(?:=| \(default\))", cause))


class ConnectorBuilder:
    """Builds the connectors of ``checker``'s document; problems go to ``checker``."""

    def __init__(self, checker: Checker):
        self.checker = checker
        self.role_names: dict[str, tuple[str, int]] = {}
        self.connector_names: dict[str, int] = {}

    def build(self) -> tuple[Connector, ...]:
        """Every connector that could be built, in manifest order; ``checker.built_at`` receives
        the manifest index of each."""
        ck = self.checker
        data = ck.doc.data
        defaults = resolve_defaults(data, ck.add)
        self._check_defaults(defaults)
        default_license = (ck.license(defaults.values["license"], ("defaults", "license"))
                           if "license" in defaults.values else None)
        connectors = []
        for i, raw in enumerate(data["connectors"]):
            if i in ck.skip:
                continue
            connector = self._connector(resolve_connector(i, raw, defaults, ck.add), defaults, default_license)
            if connector is not None:
                ck.built_at.append(i)
                connectors.append(connector)
        return tuple(connectors)

    def _check_defaults(self, defaults: Defaults) -> None:
        ck = self.checker
        if "name" in defaults.role:
            ck.add(("defaults", "role", "name"), "a role name belongs to one connector; set connectors[].role.name, "
                                                 "or defaults.role.name_prefix to prefix every derived name", key=True)
        for key in ("account", "region"):
            if key in defaults.values:
                (ck.account if key == "account" else ck.region)(defaults.values[key], ("defaults", key))

    def _unique_name(self, rc: ResolvedConnector) -> bool:
        """The connector name's rules and its uniqueness (case-insensitive: names become folders)."""
        ck, name, cpath = self.checker, rc.raw["name"], rc.path
        ok = ck.rule(rules.connector_name_problem(name), cpath + ("name",))
        if ok and name.lower() in self.connector_names:
            ck.add(cpath + ("name",), f"connector name {show(name)} is already used by "
                                      f"connectors[{self.connector_names[name.lower()]}] (names are compared "
                                      "case-insensitively: they become folders); expected a unique name")
            ok = False
        self.connector_names.setdefault(name.lower(), rc.index)
        return ok

    def _unique_role(self, rc: ResolvedConnector, role: RoleSettings) -> None:
        """IAM role names are case-insensitive: a second connector with the same one is refused."""
        key = role.name.lower()
        if key not in self.role_names:
            self.role_names[key] = (role.name, rc.index)
            return
        other, j = self.role_names[key]
        explicit = "name" in rc.raw.get("role", {})
        self.checker.add(rc.path + (("role", "name") if explicit else ("name",)),
                         f"{'role name' if explicit else 'derived role name'} {show(role.name)} collides with the "
                         f"role of connectors[{j}] ({show(other)}); IAM role names are case-insensitive; expected a "
                         "unique role name" + ("" if explicit else " (set role.name)"))

    def _source_cluster(self, rc: ResolvedConnector, cluster: Cluster | None) -> Cluster | None:
        if rc.source_cluster is None:
            return None
        source = self.checker.cluster(rc.source_cluster)
        if source and cluster and source.arn.partition != cluster.arn.partition:
            self.checker.add(rc.source_cluster.path,
                             f"source cluster is in partition {source.arn.partition}, the "
                             f"connector's cluster in {cluster.arn.partition}; one role cannot span both "
                             "(an IAM role and its grants live in one partition, cross_account or not); "
                             f"expected a source cluster in {cluster.arn.partition}")
        return source

    def _fields(self, rc: ResolvedConnector, defaults: Defaults, default_license) -> _Fields | None:
        """Check every field of the connector; None when it cannot be built further."""
        ck, raw, cpath = self.checker, rc.raw, rc.path
        ok = self._unique_name(rc)
        if "description" in raw:
            ck.rule(rules.connector_description_problem(raw["description"]), cpath + ("description",))
        cluster = ck.cluster(rc.cluster) if rc.cluster else None
        source_cluster = self._source_cluster(rc, cluster)
        config = ck.properties(raw.get("connector_configuration"), cpath + ("connector_configuration",))
        worker = ck.properties(raw.get("worker_configuration"), cpath + ("worker_configuration",))
        for j, topic in enumerate(raw.get("topics", [])):
            ck.topic(topic, cpath + ("topics", j))
        role = ck.role(raw.get("role", {}), cpath + ("role",), raw["name"], defaults.role, ok)
        if ok:
            self._unique_role(rc, role)
        permissions = ck.aws_permissions(raw.get("aws_permissions", []), cpath + ("aws_permissions",))
        module_license = ck.license(raw["license"], cpath + ("license",)) if "license" in raw else default_license
        account_ok = "account" not in raw or ck.account(raw["account"], rc.account_path)
        region_ok = "region" not in raw or ck.region(raw["region"], rc.region_path)
        if cluster is None or (rc.has_source_cluster and source_cluster is None) or not (account_ok and region_ok):
            return None
        return _Fields(rc, raw["name"], cluster, source_cluster, config, worker, role, permissions, module_license)

    def _place(self, f: _Fields, defaults: Defaults) -> bool:
        """The connector's account and region (its own, the defaults', or its cluster's), and the
        cross-account rules; False when it cannot be built further."""
        raw, cluster, source = f.rc.raw, f.cluster, f.source_cluster
        f.account = raw.get("account", defaults.values.get("account", cluster.arn.account))
        f.region = raw.get("region", defaults.values.get("region", cluster.arn.region))
        if not (arns.ACCOUNT_RE.fullmatch(f.account) and arns.REGION_RE.fullmatch(f.region)):
            return False  # a bad defaults.account/region is reported once, in _check_defaults
        crossing = raw.get("cross_account", False)
        if f.account != cluster.arn.account and not crossing:
            self.checker.add(f.rc.account_path, f"connector account {f.account} differs from the cluster's account "
                                                f"{cluster.arn.account}; set cross_account: true on the connector if "
                                                "the cluster really belongs to another account (its owner must then "
                                                "add a cluster policy)")
        if source is not None and f.account != source.arn.account and not crossing:
            self.checker.add(f.rc.path + ("source_cluster",),
                             f"source cluster account {source.arn.account} differs from the connector's account "
                             f"{f.account}; set cross_account: true on the connector if the source cluster really "
                             "belongs to another account (its owner must then add a cluster policy)")
        return crossing or all(c.arn.account == f.account for c in (cluster, source) if c is not None)

    def _connector(self, rc: ResolvedConnector, defaults: Defaults, default_license) -> Connector | None:
        from msk_connect_iam.catalog.derive import derive

        f = self._fields(rc, defaults, default_license)
        if f is None or not self._place(f, defaults):
            return None
        ck, cpath = self.checker, rc.path
        n_problems = len(ck.problems)
        derived = derive(rc.raw, f.config, f.worker, name=f.name, cluster=f.cluster, source_cluster=f.source_cluster,
                         partition=f.cluster.arn.partition, region=f.region, account=f.account,
                         report=lambda tail, msg: ck.derived_problem(cpath, tail, msg))
        if derived.type is None:
            return None
        topic_causes = self._topics(rc, derived, n_problems)
        self._usage(rc, derived)
        self._derived_values(cpath, derived.analysis, rc.raw)
        return self._model(f, derived, topic_causes)

    def _topics(self, rc: ResolvedConnector, derived: Any, n_problems: int) -> list[tuple[str, str]]:
        """(topic, cause) for the declared topics then those the configuration adds; a connector
        with none (and no other problem) is reported."""
        ck, cpath = self.checker, rc.path
        topic_causes = [(t, f"topics[{j}]") for j, t in enumerate(rc.raw.get("topics", []))]
        allowed = _allowed_properties(rc.raw)
        for use in derived.topics:
            if use.name not in dict(topic_causes):
                ck.derived_topic(use.name, cpath + ("connector_configuration",),
                                 every_allowed=bool(_cause_properties(use.cause) & allowed))
                topic_causes.append((use.name, use.cause))
        if not topic_causes and len(ck.problems) == n_problems:
            ck.add(cpath, "missing 'topics': a connector needs at least one topic to read or write "
                          "(in 'topics' or in connector_configuration)")
        return topic_causes

    def _usage(self, rc: ResolvedConnector, derived: Any) -> None:
        """``create_topics`` is for sources, ``consumer_group`` for sinks (and a valid group id)."""
        ck, raw, cpath, ctype = self.checker, rc.raw, rc.path, derived.type
        if raw.get("create_topics") and ctype != "source":
            ck.add(cpath + ("create_topics",), f"found create_topics on a {ctype or 'non-source'} connector; "
                                               "create_topics applies to source connectors only", key=True)
        group = derived.consumer_group
        if raw.get("consumer_group") is not None and ctype != "sink":
            ck.add(cpath + ("consumer_group",), f"found consumer_group on a {ctype or 'non-sink'} connector; "
                                                "consumer_group applies to sink connectors only", key=True)
        elif group is not None:
            gpath = cpath + (("consumer_group",) if "consumer_group" in raw
                             else ("connector_configuration", "consumer.override.group.id"))
            ck.rule(rules.consumer_group_problem(group), gpath)

    def _derived_values(self, cpath: tuple, analysis: Any, raw: Mapping) -> None:
        """Topic names and policy text the catalog derived, checked like the manifest's own: a name
        made of wildcards only (every topic) passes only when ``allow_wildcards`` names the
        property the grant comes from (the rule then reported it through arnbuild.widened)."""
        ck = self.checker
        allowed = _allowed_properties(raw)
        for grant in analysis.kafka:
            for gname in grant.names:
                if grant.resource_kind == "topic":
                    ck.derived_topic(gname, ck.cause_path(cpath, grant.cause),
                                     every_allowed=bool(_cause_properties(grant.cause) & allowed))
        for grant in analysis.aws:
            for value in list(grant.resources) + [v for c in grant.conditions for v in c.values]:
                ck.policy_text(value, ck.cause_path(cpath, grant.cause))

    @staticmethod
    def _model(f: _Fields, derived: Any, topic_causes: list[tuple[str, str]]) -> Connector:
        raw, kind, analysis = f.rc.raw, derived.kind, derived.analysis
        xwarn = cross_region_warnings(f.account, f.region, f.cluster, f.source_cluster) + _slash_warnings(f.permissions)
        if xwarn:
            analysis = replace(analysis, warnings=analysis.warnings + xwarn)
        assert f.rc.cluster is not None  # a built connector has a resolved cluster
        return Connector(
            name=f.name, type=derived.type, cluster=f.cluster, account=f.account, region=f.region,
            partition=f.cluster.arn.partition, role=f.role, topics=tuple(t for t, _ in topic_causes),
            create_topics=bool(raw.get("create_topics", False)) or derived.create_topics_cause is not None,
            consumer_group=derived.consumer_group,
            description=raw.get("description", ""), aws_permissions=f.permissions,
            source_cluster=f.source_cluster, kind=kind.id if kind else None,
            kind_title=kind.title if kind else None, kind_doc=kind.doc if kind else None,
            configuration=tuple(sorted(f.config.items())), worker_configuration=tuple(sorted(f.worker.items())),
            analysis=analysis, topic_causes=tuple(topic_causes), group_cause=derived.group_cause,
            create_topics_cause=("create_topics" if raw.get("create_topics") else derived.create_topics_cause),
            cross_account=any(c.arn.account != f.account for c in (f.cluster, f.source_cluster) if c is not None),
            cluster_cause=format_path(f.rc.cluster.arn_path), license=f.license)
