"""Fit a role's permission statements into IAM's size quotas: inline, compacted, or split.

Quotas (IAM User Guide, "IAM and AWS STS quotas"; shared/reference/facts.md): all inline
policies of a role together 10,240 characters, one managed policy 6,144, managed policies
attached to a role 10 by default (the manifest's ``role.max_managed_policies``). Only managed
policies add room: the 10,240 counts every inline policy of the role together.

:func:`layout` decides, in this order (the first that fits wins; the strategy name in brackets):

1. ``policy_type: inline`` or ``auto``: the statements as they are, in one inline policy, when
   they fit 10,240 characters [``inline``].
2. Otherwise :func:`compact` them (merges that grant exactly the same access) and try again
   [``inline-compacted``].
3. ``auto`` and ``managed``: a binary tree of policies placed by a SHA-256 hash of each
   (statement, resource) pair, :func:`stable_split`; with ``auto`` the tree's all-zeros leaf is
   the inline policy (10,240), the other leaves are managed policies (6,144). Used when it needs
   at most ``max_managed_policies`` managed policies [``stable``].
4. Exactly ``max_managed_policies`` fixed hash bins, :func:`hashed_bins`; with ``auto`` what
   does not fit a bin spills into the inline policy [``hashed-bins``].
5. Packing in order, :func:`dense_split`: fits the most, but is not stable [``dense``].
6. Nothing fits: :class:`BudgetError` with the sizes, the limits and the counts.

Steps 3 and 4 depend only on the set of (statement, resource) pairs, and adding or removing one
pair changes at most two policies (step 3: except when a split leaves nearly all of a policy on
one side, which needs a further split). Moving from one step to another as resources are added
or removed moves resources between policies once.

Sizes are measured on the JSON the provider renders (:mod:`msk_connect_iam.policy.size`).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, replace

from msk_connect_iam.errors import BudgetError
from msk_connect_iam.model import ExecutionRole, Statement
from msk_connect_iam.policy.size import (INLINE_POLICIES_PER_ROLE_MAX, MANAGED_POLICIES_PER_ROLE_DEFAULT, MANAGED_POLICY_MAX,
                          TRUST_POLICY_MAX, policy_size, trust_size)

POLICY_TYPES = ("auto", "inline", "managed")


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
    managed policies in key order (with ``policy_type: auto`` a split layout has both);
    ``strategy``: ``inline``, ``inline-compacted``, ``stable``, ``hashed-bins`` or ``dense``
    (see :func:`layout`); ``inline_size``/``trust_size`` in characters; ``notes`` for the
    README, saying what the layout guarantees.
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

#: The hash line: every (statement, resource) pair has a place in [0, 2**256).
_HASH_SPACE = 1 << 256
#: Where a region that holds the inline policy splits: at 10,240 / (10,240 + 6,144) = 5/8 of its
#: width, so that both halves start equally full relative to their limits (a cut in the middle
#: would leave the managed half over 6,144 in about one inline split in twenty, forcing a second
#: split; measured in the issue-5 report).
_INLINE_CUT = (INLINE_POLICIES_PER_ROLE_MAX, INLINE_POLICIES_PER_ROLE_MAX + MANAGED_POLICY_MAX)


@dataclass(frozen=True)
class Split:
    """What a splitter returns: ``inline`` statements (empty when nothing goes inline) and their
    ``inline_size`` in characters (0 when empty); ``managed`` policies in key order."""

    inline: tuple[Statement, ...]
    inline_size: int
    managed: tuple[ManagedPolicy, ...]


def _group(statements: tuple[Statement, ...], items: list[Item]) -> tuple[Statement, ...]:
    by_stmt: dict[int, list[str]] = {}
    for i, r in items:
        by_stmt.setdefault(i, []).append(r)
    return tuple(replace(statements[i], resources=tuple(sorted(rs))) for i, rs in sorted(by_stmt.items()))


def _items(statements: tuple[Statement, ...]) -> list[Item]:
    return [(i, r) for i, s in enumerate(statements) for r in s.resources]


def _position(statements: tuple[Statement, ...], item: Item) -> int:
    """The pair's place on the hash line: SHA-256 of the statement's Sid, its actions and the
    resource (NUL-separated, UTF-8) read as a big-endian integer in [0, 2**256). It depends on the
    pair alone, so a layout built from positions depends on the set of pairs, not on their order."""
    s = statements[item[0]]
    return int.from_bytes(hashlib.sha256("\0".join((s.sid, *s.actions, item[1])).encode("utf-8")).digest(), "big")


def _policy(statements: tuple[Statement, ...], key: str, items: list[Item]) -> ManagedPolicy:
    stmts = _group(statements, items)
    return ManagedPolicy(key=key, statements=stmts, size=policy_size(stmts))


def _too_big(statements: tuple[Statement, ...], item: Item, limit: int, what: str) -> BudgetError:
    return BudgetError(f"one resource alone needs {policy_size(_group(statements, [item])):,} characters, more than "
                       f"{what}'s {limit:,}: {item[1]}")


def stable_split(statements: tuple[Statement, ...], limit: int = MANAGED_POLICY_MAX, *,
                 inline_limit: int | None = None) -> Split:
    """Split into a tree of policies placed by hash: stable under small manifest changes.

    Every (statement, resource) pair has a place on the hash line (:func:`_position`). The whole
    line is one region; a region whose pairs do not fit its limit is cut in two and each half is
    treated the same way (a binary trie over the hash), so a policy is split only where it would
    overflow. Each leaf region is one policy; its path (``0`` = lower half, ``1`` = upper half)
    names it: managed policies are keyed ``p`` + the path without trailing zeros, so a policy
    keeps its key when it splits (its lower half keeps it, the upper half gets a new one).

    ``inline_limit`` (characters; ``policy_type: auto`` passes 10,240): the region on the
    all-zeros path (``""``, ``"0"``, ``"00"``, ...) is the role's inline policy, with that limit,
    and is cut at 5/8 of its width (10,240 : 6,144) instead of the middle. Without it every
    leaf is a managed policy of at most ``limit`` characters (default 6,144).

    The result depends on the set of pairs only, not on their order or any history. Adding one
    pair changes the one policy it lands in; if that policy overflows, it splits in two, and
    the new half is the second change. Only if a half still overflows (nearly all pairs of the
    policy on one side of the cut) does one more policy change per further cut. Removing a pair
    is the same in reverse (two halves that fit their parent's limit merge back).

    Raises BudgetError when a single pair does not fit its policy alone.
    """
    tagged = sorted((_position(statements, it), it) for it in _items(statements))
    inline: list[Item] = []
    leaves: list[ManagedPolicy] = []

    def walk(path: str, lo: int, hi: int, members: list[tuple[int, Item]]) -> None:
        on_inline = inline_limit is not None and "1" not in path
        cap = inline_limit if on_inline else limit
        items = [it for _, it in members]
        if policy_size(_group(statements, items)) <= cap:
            if on_inline:
                inline.extend(items)
            elif items:
                leaves.append(_policy(statements, "p" + path.rstrip("0"), items))
            return
        if len(members) == 1:
            raise _too_big(statements, items[0], cap, "the inline policy" if on_inline else "a managed policy")
        if hi - lo < 2:
            raise BudgetError("several resources share one hash position; they cannot be split: "
                              + ", ".join(it[1] for it in items))
        mid = lo + (hi - lo) * _INLINE_CUT[0] // _INLINE_CUT[1] if on_inline else (lo + hi) // 2
        cut = bisect.bisect_left([pos for pos, _ in members], mid)
        walk(path + "0", lo, mid, members[:cut])
        walk(path + "1", mid, hi, members[cut:])

    walk("", 0, _HASH_SPACE, tagged)
    stmts = _group(statements, inline)
    return Split(stmts, policy_size(stmts) if stmts else 0, tuple(sorted(leaves, key=lambda p: p.key)))


def bin_key(index: int, bins: int) -> str:
    """The key of hash bin ``index`` of ``bins``: ``bin`` + the index, zero-padded to at least two
    digits (``bin00`` ... ``bin09`` for 10 bins): it names the Terraform resources and the IAM policy."""
    return f"bin{index:0{max(2, len(str(bins - 1)))}d}"


def hashed_bins(statements: tuple[Statement, ...], bins: int, limit: int = MANAGED_POLICY_MAX, *,
                inline_limit: int | None = None) -> Split:
    """Split into exactly ``bins`` fixed hash bins (one managed policy each) plus a spill.

    A pair goes to bin ``floor(position * bins / 2**256)`` (:func:`_position`): fixed, history-free.
    Within a bin, the pairs in hash order are kept up to the longest prefix that fits ``limit``
    characters (default 6,144); the rest spills into the inline policy, grouped by statement,
    which may hold ``inline_limit`` characters (``policy_type: auto``: 10,240). An empty bin has
    no policy. Keys are :func:`bin_key`.

    Adding one pair changes its bin and, when that pushes pairs out of the bin (or the pair lands
    past the bin's cut), the inline policy: at most two policies, never a split. Removing one is
    the same. The layout depends on the set of pairs only.

    Raises BudgetError when a bin overflows and there is no inline policy (``inline_limit`` None),
    or when the spill exceeds ``inline_limit``.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    by_bin: dict[int, list[Item]] = {}
    for pos, it in sorted((_position(statements, it), it) for it in _items(statements)):
        by_bin.setdefault(pos * bins // _HASH_SPACE, []).append(it)
    managed: list[ManagedPolicy] = []
    spill: list[Item] = []
    for index, items in sorted(by_bin.items()):
        keep = 0
        while keep < len(items) and policy_size(_group(statements, items[:keep + 1])) <= limit:
            keep += 1
        if keep < len(items) and inline_limit is None:
            raise BudgetError(f"{bin_key(index, bins)} needs {policy_size(_group(statements, items)):,} "
                              f"characters, more than a managed policy's {limit:,}, and there is no inline "
                              "policy to take the rest")
        if keep:
            managed.append(_policy(statements, bin_key(index, bins), items[:keep]))
        spill.extend(items[keep:])
    inline = _group(statements, spill)
    inline_size = policy_size(inline) if inline else 0
    if inline_limit is not None and inline_size > inline_limit:
        raise BudgetError(f"the resources that do not fit their bins take {inline_size:,} characters, more than "
                          f"the inline policy's {inline_limit:,}")
    return Split(inline, inline_size, tuple(managed))


def dense_split(statements: tuple[Statement, ...], limit: int = MANAGED_POLICY_MAX, *,
                inline_limit: int | None = None) -> Split:
    """Split into as few policies as one pass in statement/resource order allows (next fit).

    With ``inline_limit`` (characters) the inline policy is filled first, then managed policies
    of at most ``limit`` characters keyed ``d01``, ``d02``, ... Deterministic but NOT stable:
    adding a resource early in the order can move resources of every later policy. Used only
    when neither hash layout fits. Raises BudgetError when a single resource does not fit a
    managed policy alone.
    """
    caps: list[int] = []
    containers: list[list[Item]] = []
    if inline_limit is not None:
        caps.append(inline_limit)
        containers.append([])
    for it in _items(statements):
        if containers and policy_size(_group(statements, containers[-1] + [it])) <= caps[-1]:
            containers[-1].append(it)
            continue
        if policy_size(_group(statements, [it])) > limit:
            raise _too_big(statements, it, limit, "a managed policy")
        containers.append([it])
        caps.append(limit)
    inline: tuple[Statement, ...] = ()
    if inline_limit is not None:
        inline = _group(statements, containers.pop(0))
    managed = tuple(_policy(statements, f"d{n:02d}", items) for n, items in enumerate(containers, start=1))
    return Split(inline, policy_size(inline) if inline else 0, managed)


# -- the decision -------------------------------------------------------------------------------

#: README note on every split layout: the layout is recomputed from the set of resources.
SWITCH_NOTE = ("The layout is recomputed from the set of resources at every generation. When the resources grow "
               "or shrink past the point where one layout gives way to the next (one inline policy, merged "
               "statements inline, the hash tree, the hash bins, packing in order), that regeneration moves "
               "resources between policies once: that apply replaces several policies.")


def _policies(count: int) -> str:
    return f"{count} managed polic{'y' if count == 1 else 'ies'}"


def _tree_note(c_size: int, split: Split, policy_type: str) -> str:
    where = (f"the inline policy (at most {INLINE_POLICIES_PER_ROLE_MAX:,} characters, {split.inline_size:,} used) "
             f"and {_policies(len(split.managed))}" if policy_type == "auto" else _policies(len(split.managed)))
    why = ("The manifest asks for managed policies" if policy_type == "managed" else
           f"The permissions exceed the {INLINE_POLICIES_PER_ROLE_MAX:,} characters of a role's inline policies")
    return (f"{why}: they take {c_size:,} characters after merging statements. Each (statement, resource) pair is "
            "placed by a SHA-256 hash in a tree of policies that splits a policy in two only where it would "
            f"overflow, here {where} of at most {MANAGED_POLICY_MAX:,} characters. The layout depends only on "
            "the set of resources, not on their order: adding or removing one resource changes at most two "
            "policies (the one it lands in and, when that one splits or merges, its other half; one more per "
            "further cut only in the rare case that nearly all of a policy's resources fall on one side).")


def _bins_note(c_size: int, split: Split, policy_type: str, bins: int, tree: str) -> str:
    used = (f"{split.inline_size:,} of {INLINE_POLICIES_PER_ROLE_MAX:,} characters used" if split.inline_size
            else f"none at present; it may hold {INLINE_POLICIES_PER_ROLE_MAX:,} characters")
    spill = (f"; the resources of a bin that do not fit its {MANAGED_POLICY_MAX:,} characters (the last in hash "
             f"order) go to the inline policy ({used}). Adding or removing one resource changes at most two "
             "policies: its bin and the inline policy"
             if policy_type == "auto" else
             f"; every bin fits its {MANAGED_POLICY_MAX:,} characters. Adding or removing one resource changes "
             "only its bin")
    return (f"The permissions take {c_size:,} characters after merging statements; {tree}. So each (statement, "
            f"resource) pair goes by its SHA-256 hash to one of {bins} fixed bins, one managed policy each "
            f"({bin_key(0, bins)} to {bin_key(bins - 1, bins)}; an empty bin has no policy){spill}. The layout "
            "depends only on the set of resources, not on their order.")


def layout(statements: tuple[Statement, ...], trust, *, policy_type: str = "auto",
           max_managed_policies: int = MANAGED_POLICIES_PER_ROLE_DEFAULT) -> PolicyLayout:
    """Lay out ``statements`` (and check the ``trust`` policy) within the IAM quotas.

    ``policy_type`` is ``auto`` (inline when it fits, else inline plus managed policies),
    ``inline`` (never managed) or ``managed`` (only managed policies, as the manifest may
    require); ``max_managed_policies`` is the role's quota (IAM default 10). The first that fits:
    ``inline``, ``inline-compacted``, ``stable`` (:func:`stable_split`), ``hashed-bins``
    (:func:`hashed_bins` with ``max_managed_policies`` bins), ``dense`` (:func:`dense_split`).
    With ``auto`` the split layouts use the inline policy as well (10,240 characters). Raises
    BudgetError with the sizes, limits and counts when nothing fits.
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
    inline_limit = INLINE_POLICIES_PER_ROLE_MAX if policy_type == "auto" else None

    def done(strategy: str, split: Split, note: str) -> PolicyLayout:
        return PolicyLayout(split.inline, split.managed, strategy, split.inline_size, t_size, (note, SWITCH_NOTE))

    try:
        tree = stable_split(compacted, inline_limit=inline_limit)
    except BudgetError as exc:
        tree_text = f"a tree of policies placed by hash cannot hold them ({exc})"
    else:
        if len(tree.managed) <= max_managed_policies:
            return done("stable", tree, _tree_note(c_size, tree, policy_type))
        tree_text = (f"placed in a tree by hash they would need {_policies(len(tree.managed))}, more than the "
                     f"{max_managed_policies} this role may have (role.max_managed_policies)")
    try:
        bins = hashed_bins(compacted, max_managed_policies, inline_limit=inline_limit)
    except BudgetError as exc:
        bins_text = f"of {max_managed_policies} fixed hash bins, {exc}"
    else:
        return done("hashed-bins", bins, _bins_note(c_size, bins, policy_type, max_managed_policies, tree_text))
    dense = dense_split(compacted, inline_limit=inline_limit)
    inline_part = (f" besides the inline policy of at most {INLINE_POLICIES_PER_ROLE_MAX:,}"
                   if inline_limit is not None else "")
    if len(dense.managed) <= max_managed_policies:
        note = (f"The permissions take {c_size:,} characters after merging statements; {tree_text}; and "
                f"{bins_text}. So they are packed in statement "
                f"order into {_policies(len(dense.managed))}{inline_part}. This layout is NOT stable: adding "
                "or removing one resource may change every policy after it.")
        return done("dense", dense, note)
    raise BudgetError(
        f"the permissions take {c_size:,} characters after merging (as written: {size:,}); packed as densely as "
        f"possible that needs {len(dense.managed)} managed policies of at most {MANAGED_POLICY_MAX:,} characters"
        f"{inline_part}, and the role may have {max_managed_policies} (role.max_managed_policies; IAM's default "
        f"quota is {MANAGED_POLICIES_PER_ROLE_DEFAULT}). Use topic prefixes ('orders.*'), fewer resources, or "
        "raise the quota and role.max_managed_policies")


def role_layout(role: ExecutionRole) -> PolicyLayout:
    """:func:`layout` of a role: its statements and trust policy, with its connector's
    ``policy_type`` and ``max_managed_policies``; raises BudgetError when nothing fits."""
    return layout(role.statements, role.trust, policy_type=role.connector.role.policy_type,
                  max_managed_policies=role.connector.role.max_managed_policies)
