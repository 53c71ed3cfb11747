"""Fit a role's permission statements into IAM's size quotas: inline, compacted, or split.

Quotas (IAM User Guide, "IAM and AWS STS quotas"; shared/reference/facts.md): all inline
policies of a role together 10,240 characters, one managed policy 6,144, managed policies
attached to a role 10 by default (the manifest's ``role.max_managed_policies``). Only managed
policies add room: the 10,240 counts every inline policy of the role together.

:func:`layout` decides, in this order:

1. ``policy_type: inline`` or ``auto``: the statements as they are, in one inline policy, when
   they fit 10,240 characters.
2. Otherwise :func:`compact` them (merges that grant exactly the same access) and try again.
3. ``auto`` and ``managed``: split into managed policies (``aws_iam_policy`` +
   ``aws_iam_role_policy_attachment``), each at most 6,144 characters, by :func:`stable_split`;
   when that needs more policies than the role may have, by the denser :func:`dense_split`.
4. Nothing fits: :class:`BudgetError` with the sizes, the limits and the counts.

Sizes are measured on the JSON the provider renders (:mod:`msk_connect_iam.policy_size`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from .model import Statement
from .policy_size import (INLINE_POLICIES_PER_ROLE_MAX, MANAGED_POLICIES_PER_ROLE_DEFAULT, MANAGED_POLICY_MAX,
                          TRUST_POLICY_MAX, policy_size, trust_size)

POLICY_TYPES = ("auto", "inline", "managed")


class BudgetError(ValueError):
    """The permissions cannot be laid out within the quotas; the message gives the numbers."""


@dataclass(frozen=True)
class ManagedPolicy:
    """One managed policy of a split: ``key`` is stable across regenerations (it names the
    Terraform resources and the IAM policy), ``size`` is in characters."""

    key: str
    statements: tuple[Statement, ...]
    size: int


@dataclass(frozen=True)
class PolicyLayout:
    """Where a role's permissions go.

    ``inline``: statements of the one inline policy (empty when there is none); ``managed``:
    managed policies in key order; ``strategy``: ``inline``, ``inline-compacted``, ``stable`` or
    ``dense``; ``inline_size``/``trust_size`` in characters; ``notes`` for the README.
    """

    inline: tuple[Statement, ...]
    managed: tuple[ManagedPolicy, ...]
    strategy: str
    inline_size: int
    trust_size: int
    notes: tuple[str, ...] = ()


# -- compaction ---------------------------------------------------------------------------------

_GLOB_CACHE: dict[str, re.Pattern] = {}


def _glob(pattern: str) -> re.Pattern:
    rx = _GLOB_CACHE.get(pattern)
    if rx is None:
        rx = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.S)
        _GLOB_CACHE[pattern] = rx
    return rx


def covers(wide: str, narrow: str) -> bool:
    """True when every ARN matched by ``narrow`` is matched by ``wide`` (IAM ``*``/``?`` globbing,
    case-sensitive). Decided for a literal ``narrow`` and for a ``narrow`` whose only wildcard is a
    trailing ``*``; policy variables (``${...}``) are never treated as covered."""
    if wide == narrow:
        return True
    if "${" in wide or "${" in narrow or "*" not in wide and "?" not in wide:
        return False
    if "*" not in narrow and "?" not in narrow:
        return bool(_glob(wide).fullmatch(narrow))
    if narrow.endswith("*") and "*" not in narrow[:-1] and "?" not in narrow:
        prefix = narrow[:-1]
        return wide.endswith("*") and "*" not in wide[:-1] and "?" not in wide and prefix.startswith(wide[:-1])
    return False


def _drop_covered(resources: tuple[str, ...]) -> tuple[str, ...]:
    wild = [r for r in resources if "*" in r or "?" in r]
    keep = [r for r in resources if not any(w != r and covers(w, r) for w in wild)]
    return tuple(sorted(set(keep)))


def _merged_source(a: Statement, b: Statement) -> str:
    return f"{a.source} / merged with {b.sid}: {b.source}" if b.source and b.source != a.source else a.source


def compact(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """Merge statements without changing what they grant; keeps the first statement's Sid.

    - a resource matched by a wildcard resource of the same statement is dropped;
    - statements with the same effect, actions and conditions become one (resources united);
    - statements with the same effect, resources and conditions become one (actions united).

    Each merge is exact: IAM allows a request when some statement matches its action, resource
    and conditions, and both merges keep exactly the same (action, resource, condition) triples.
    """
    out = [replace(s, resources=_drop_covered(s.resources)) for s in statements]
    changed = True
    while changed:
        changed = False
        for key in (lambda s: (s.effect, s.actions, s.conditions), lambda s: (s.effect, s.resources, s.conditions)):
            merged: list[Statement] = []
            index: dict = {}
            for s in out:
                k = key(s)
                if k in index:
                    i = index[k]
                    first = merged[i]
                    merged[i] = replace(first, actions=tuple(sorted(set(first.actions) | set(s.actions))),
                                        resources=_drop_covered(tuple(set(first.resources) | set(s.resources))),
                                        source=_merged_source(first, s),
                                        origins=first.origins + tuple(o for o in s.origins if o not in first.origins))
                    changed = True
                else:
                    index[k] = len(merged)
                    merged.append(s)
            out = merged
    return tuple(out)


# -- splitting ----------------------------------------------------------------------------------

Item = tuple[int, str]  # (statement index, resource)


def _group(statements: tuple[Statement, ...], items: list[Item]) -> tuple[Statement, ...]:
    by_stmt: dict[int, list[str]] = {}
    for i, r in items:
        by_stmt.setdefault(i, []).append(r)
    return tuple(replace(statements[i], resources=tuple(sorted(rs))) for i, rs in sorted(by_stmt.items()))


def _items(statements: tuple[Statement, ...]) -> list[Item]:
    return [(i, r) for i, s in enumerate(statements) for r in s.resources]


def _bits(statements: tuple[Statement, ...], item: Item) -> str:
    s = statements[item[0]]
    digest = hashlib.sha256("\0".join((s.sid, *s.actions, item[1])).encode("utf-8")).digest()
    return "".join(f"{b:08b}" for b in digest)


def stable_split(statements: tuple[Statement, ...], limit: int = MANAGED_POLICY_MAX) -> tuple[ManagedPolicy, ...]:
    """Split into policies of at most ``limit`` characters, stable under small manifest changes.

    Every (statement, resource) pair is placed by the SHA-256 of the statement's Sid and actions
    and the resource: a policy holds the pairs whose hash starts with one bit string (a binary
    trie, split only where a policy would exceed ``limit``). The result depends on the set of
    pairs only, not on history. Adding one topic adds one pair to one policy; only if that
    policy then overflows it splits in two, and the half whose bit string extends the old one
    with ``0`` keeps its key. So one added resource changes at most two policies (unless a split
    half still overflows: then one more per extra split). Keys are ``p`` + the bit string
    without trailing zeros, so the key of a policy survives its own split.

    Raises BudgetError when a single resource does not fit in a policy.
    """
    tagged = [(_bits(statements, it), it) for it in _items(statements)]
    leaves: list[tuple[str, list[Item]]] = []

    def walk(prefix: str, members: list[tuple[str, Item]]) -> None:
        items = [it for _, it in members]
        if policy_size(_group(statements, items)) <= limit:
            leaves.append((prefix, items))
            return
        if len(members) == 1:
            raise BudgetError(f"one resource alone needs {policy_size(_group(statements, items))} characters, "
                              f"more than a managed policy's {limit}: {items[0][1]}")
        depth = len(prefix)
        for bit in "01":
            part = [m for m in members if m[0][depth] == bit]
            if part:
                walk(prefix + bit, part)

    walk("", tagged)
    out = []
    for prefix, items in leaves:
        stmts = _group(statements, items)
        out.append(ManagedPolicy(key="p" + prefix.rstrip("0"), statements=stmts, size=policy_size(stmts)))
    return tuple(sorted(out, key=lambda p: p.key))


def dense_split(statements: tuple[Statement, ...], limit: int = MANAGED_POLICY_MAX) -> tuple[ManagedPolicy, ...]:
    """Split into as few policies as a first-fit pass in statement/resource order allows.

    Deterministic but not local: adding a resource early in the order can move resources of
    every later policy. Used only when :func:`stable_split` needs more policies than allowed.
    """
    policies: list[list[Item]] = []
    for it in _items(statements):
        if policies and policy_size(_group(statements, policies[-1] + [it])) <= limit:
            policies[-1].append(it)
            continue
        if policy_size(_group(statements, [it])) > limit:
            raise BudgetError(f"one resource alone needs {policy_size(_group(statements, [it]))} characters, "
                              f"more than a managed policy's {limit}: {it[1]}")
        policies.append([it])
    out = []
    for n, items in enumerate(policies, start=1):
        stmts = _group(statements, items)
        out.append(ManagedPolicy(key=f"d{n:02d}", statements=stmts, size=policy_size(stmts)))
    return tuple(out)


# -- the decision -------------------------------------------------------------------------------


def layout(statements: tuple[Statement, ...], trust, *, policy_type: str = "auto",
           max_managed_policies: int = MANAGED_POLICIES_PER_ROLE_DEFAULT) -> PolicyLayout:
    """Lay out ``statements`` (and check the ``trust`` policy) within the IAM quotas.

    ``policy_type`` is ``auto`` (inline when it fits, else managed), ``inline`` (never managed)
    or ``managed`` (always managed policies, as the manifest may require). Raises BudgetError
    with the sizes, limits and counts when nothing fits.
    """
    if policy_type not in POLICY_TYPES:
        raise ValueError(f"policy_type must be one of {POLICY_TYPES}")
    t_size = trust_size(trust)
    if t_size > TRUST_POLICY_MAX:
        raise BudgetError(f"the trust policy is {t_size:,} characters; IAM allows {TRUST_POLICY_MAX:,}")
    if not statements:
        return PolicyLayout((), (), "inline", 0, t_size)
    size = policy_size(statements)
    if policy_type != "managed" and size <= INLINE_POLICIES_PER_ROLE_MAX:
        return PolicyLayout(statements, (), "inline", size, t_size)
    compacted = compact(statements)
    c_size = policy_size(compacted)
    if policy_type != "managed" and c_size <= INLINE_POLICIES_PER_ROLE_MAX:
        note = (f"The permissions take {size:,} characters as written, more than the {INLINE_POLICIES_PER_ROLE_MAX:,} "
                f"IAM allows for a role's inline policies; merged statements granting the same access take {c_size:,}.")
        return PolicyLayout(compacted, (), "inline-compacted", c_size, t_size, (note,))
    if policy_type == "inline":
        raise BudgetError(f"the permissions take {c_size:,} characters even compacted (as written: {size:,}); "
                          f"a role's inline policies may hold {INLINE_POLICIES_PER_ROLE_MAX:,}. Set role.policy_type "
                          "to auto or managed to split them into managed policies")
    if policy_type == "managed" and c_size <= MANAGED_POLICY_MAX:
        source = statements if size <= MANAGED_POLICY_MAX else compacted
        return PolicyLayout((), (ManagedPolicy("p", source, policy_size(source)),), "stable", 0, t_size)
    stable = stable_split(compacted)
    if len(stable) <= max_managed_policies:
        note = (f"The permissions ({c_size:,} characters after merging) exceed "
                f"{'what the manifest allows inline' if policy_type == 'managed' else f'the {INLINE_POLICIES_PER_ROLE_MAX:,} characters of inline policies'}"
                f"; they are split into {len(stable)} managed policies of at most {MANAGED_POLICY_MAX:,} "
                "characters, placed by a hash of each resource so that adding or removing one resource changes "
                "at most two of them.")
        if policy_type == "managed":
            note = (f"The manifest asks for managed policies; the permissions ({c_size:,} characters after merging) "
                    f"are split into {len(stable)} of at most {MANAGED_POLICY_MAX:,} characters, placed by a hash of "
                    "each resource so that adding or removing one resource changes at most two of them.")
        return PolicyLayout((), stable, "stable", 0, t_size, (note,))
    dense = dense_split(compacted)
    if len(dense) <= max_managed_policies:
        note = (f"The permissions ({c_size:,} characters after merging) need {len(stable)} managed policies when "
                f"placed by hash, more than the {max_managed_policies} this role may have, so they are packed in "
                f"order into {len(dense)}: adding a resource may change several of them.")
        return PolicyLayout((), dense, "dense", 0, t_size, (note,))
    raise BudgetError(
        f"the permissions take {c_size:,} characters after merging (as written: {size:,}); that needs "
        f"{len(dense)} managed policies of at most {MANAGED_POLICY_MAX:,} characters, and the role may have "
        f"{max_managed_policies} (role.max_managed_policies; IAM's default quota is "
        f"{MANAGED_POLICIES_PER_ROLE_DEFAULT}, inline policies hold at most {INLINE_POLICIES_PER_ROLE_MAX:,} "
        "characters). Use topic prefixes ('orders.*'), fewer resources, or raise the quota and "
        "role.max_managed_policies")
