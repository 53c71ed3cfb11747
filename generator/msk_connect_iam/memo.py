"""Each connector's role and policy layout, computed once per run.

Validation (:mod:`msk_connect_iam.manifest.build`) builds every connector's
:class:`~msk_connect_iam.model.ExecutionRole` and lays out its policies to check the quotas;
rendering (:mod:`msk_connect_iam.render.module`) needs both again. Both are pure functions of frozen
objects, so the second call returns the first result. The memo is keyed by object identity,
not equality: hashing a :class:`~msk_connect_iam.model.Connector` would walk all of it, and an
equal but distinct connector simply computes its own role. Each entry keeps its key object
alive, so an id is never reused while its entry exists; the memo is cleared when it reaches
:data:`MAX_ENTRIES` (a bound on memory for long-lived processes such as the test suite).
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from .model import Connector, ExecutionRole
from msk_connect_iam.policy.split import PolicyLayout

K = TypeVar("K")
V = TypeVar("V")

#: Entries per memo before it is cleared (a 1,000-connector manifest needs 1,000).
MAX_ENTRIES = 20_000


class IdentityMemo(Generic[K, V]):
    """``func(key)`` computed once per key object (by identity); exceptions are not cached."""

    def __init__(self, func: Callable[[K], V], max_entries: int = MAX_ENTRIES):
        self._func = func
        self._max = max_entries
        self._entries: dict[int, tuple[K, V]] = {}

    def __call__(self, key: K) -> V:
        hit = self._entries.get(id(key))
        if hit is not None and hit[0] is key:
            return hit[1]
        value = self._func(key)
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[id(key)] = (key, value)
        return value

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()


def _role(connector: Connector) -> ExecutionRole:
    from msk_connect_iam.policy.permissions import execution_role

    return execution_role(connector)


def _layout(role: ExecutionRole) -> PolicyLayout:
    from msk_connect_iam.policy.split import layout

    return layout(role.statements, role.trust, policy_type=role.connector.role.policy_type,
                  max_managed_policies=role.connector.role.max_managed_policies)


#: :func:`msk_connect_iam.policy.permissions.execution_role`, once per connector object.
execution_role: IdentityMemo[Connector, ExecutionRole] = IdentityMemo(_role)
#: :func:`msk_connect_iam.policy.split.layout` of a role (its statements, trust policy and the role's
#: ``policy_type``/``max_managed_policies``), once per role object; raises split.BudgetError.
role_layout: IdentityMemo[ExecutionRole, PolicyLayout] = IdentityMemo(_layout)
