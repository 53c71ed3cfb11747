"""Checks that need the permission model: IAM lint of the manifest's own statements and the
quota budget of every role. Run by :func:`msk_connect_iam.manifest.checks.validate` after the schema
and field checks, so their problems are located and reported like any other, before anything
is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from msk_connect_iam.model import Connector


def connector_problems(connectors: tuple[Connector, ...], indexes: tuple[int, ...] | None = None
                       ) -> Iterator[tuple[tuple, str]]:
    """Yield ``(key path, message)`` for every problem of the validated ``connectors``, located
    at ``connectors[k]`` where ``k`` is the connector's index in the manifest: ``indexes[n]`` for
    the n-th connector given (default: n, every connector of the manifest in order).

    - each ``aws_permissions`` statement through :func:`msk_connect_iam.policy.lint.lint_statement`
      (located at the action, resource or condition at fault; policy_sentry is imported only
      when some connector has such statements);
    - the role's policies through :func:`msk_connect_iam.policy.split.layout` (sizes, limits, counts);
    - the size of each cross-account cluster-policy document (:func:`_cluster_policy_problems`).

    The roles and layouts are memoised (:mod:`msk_connect_iam.memo`) for rendering.
    """
    from msk_connect_iam.memo import execution_role, role_layout  # computed once: rendering reuses them
    from msk_connect_iam.policy.split import BudgetError

    for n, connector in enumerate(connectors):
        base = ("connectors", n if indexes is None else indexes[n])
        if connector.aws_permissions:
            from msk_connect_iam.policy.lint import lint_statement

            for j, perm in enumerate(connector.aws_permissions):
                for finding in lint_statement(perm.actions, perm.resources, perm.conditions,
                                              partition=connector.partition, wildcard_reason=perm.wildcard_reason):
                    where = finding.where
                    if where[:1] == ("conditions",):
                        where = where[:1]  # conditions are merged per (test, variable): locate the list
                    yield base + ("aws_permissions", j) + where, finding.message
        role = execution_role(connector)
        try:
            role_layout(role)
        except BudgetError as exc:
            yield base, f"connector '{connector.name}': {exc}"
        yield from _cluster_policy_problems(base, connector, role)


def _cluster_policy_problems(base: tuple, connector: Connector, role) -> Iterator[tuple[tuple, str]]:
    """A cross-account cluster's policy document larger than an MSK cluster policy may be
    (:data:`~msk_connect_iam.policy.size.CLUSTER_POLICY_MAX`), located at ``cross_account``."""
    from msk_connect_iam.policy.permissions import cluster_policies, role_arn
    from msk_connect_iam.policy.size import CLUSTER_POLICY_MAX, render_resource_policy

    for policy in cluster_policies(role):
        size = len(render_resource_policy(policy.statements, ("AWS", (role_arn(connector),))))
        if size > CLUSTER_POLICY_MAX:
            yield base + ("cross_account",), (
                f"the cluster policy statements this role needs on {policy.key} {policy.cluster.arn.arn} are "
                f"{size:,} characters; an MSK cluster policy holds at most {CLUSTER_POLICY_MAX:,} (20 KB), shared "
                "by every principal of the cluster; grant fewer or broader topic names (prefixes) on that cluster")
