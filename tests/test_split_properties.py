"""Properties of the split layouts (issue 5): adding or removing one topic changes at most two
policies (inline policy included), the layout is a function of the set of resources (not of
their order), every pair is granted exactly once, and every policy is under its limit.

Draws are a seeded loop (deterministic); each case asserts that every draw stays in the
strategy under test, so a change of strategy (which moves resources once, as the README notes
say) cannot hide in the counts.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from msk_connect_iam import manifest
from msk_connect_iam.policy import split
from msk_connect_iam.policy.permissions import execution_role
from msk_connect_iam.policy.size import INLINE_POLICIES_PER_ROLE_MAX, MANAGED_POLICY_MAX, render_policy
from msk_connect_iam.policy.split import role_layout
from scenarios import sink_manifest, topics
from test_policy_budget import granted_pairs, needed_pairs

DRAWS = 60

MANAGED = "      policy_type: managed\n"
CASES = {
    # id: (connector name, topic seed, base topic count, YAML under role:, expected strategy,
    #      most policies one topic more or less may change)
    "tree-150": ("grow", 11, 150, "", "stable", 2),
    "sink-300": ("sink-300", 1, 300, "", "stable", 2),  # the case at the default quota
    "bins-380": ("grow", 4, 380, "", "hashed-bins", 2),
    "tree-managed-236": ("grow", 1, 236, MANAGED + "      max_managed_policies: 20\n", "stable", 2),
    # managed only: no inline policy to spill into, so only the topic's own bin changes
    "bins-managed-280": ("grow", 4, 280, MANAGED, "hashed-bins", 1),
}


@pytest.fixture(scope="module")
def connectors(tmp_path_factory):
    folder = tmp_path_factory.mktemp("split-properties")
    out = {}
    for case, (name, seed, n, role, *_) in CASES.items():
        path = folder / f"{case}.yaml"
        path.write_text(sink_manifest(name, topics(n, seed), role=role))
        out[case] = manifest.load(path).connectors[0]
    return out


def layout_of(connector, names):
    return role_layout(execution_role(replace(connector, topics=tuple(names))))


def policies(lay) -> dict[str, str]:
    """``{key: policy JSON}`` of every policy of the layout; the inline policy is ``inline``."""
    out = {m.key: render_policy(m.statements) for m in lay.managed}
    if lay.inline:
        out["inline"] = render_policy(lay.inline)
    return out


def changed(a: dict[str, str], b: dict[str, str]) -> int:
    """Policies created, destroyed or with another document: what terraform would change."""
    return len(set(a) ^ set(b)) + sum(1 for k in set(a) & set(b) if a[k] != b[k])


def check_limits_and_pairs(lay, connector, names):
    assert lay.inline_size <= INLINE_POLICIES_PER_ROLE_MAX
    assert all(m.size == len(render_policy(m.statements)) <= MANAGED_POLICY_MAX for m in lay.managed)
    granted = granted_pairs(policies(lay).values())
    assert len(granted) == len(set(granted))
    assert set(granted) == needed_pairs(execution_role(replace(connector, topics=tuple(names))).statements)


@pytest.mark.parametrize("case", list(CASES))
def test_one_topic_more_or_less_changes_at_most_two_policies(connectors, case):
    name, seed, n, _, strategy, most = CASES[case]
    connector = connectors[case]
    names = topics(n + DRAWS, seed)
    base, extra = names[:n], names[n:]
    before = layout_of(connector, base)
    assert before.strategy == strategy and len(before.managed) >= 3
    check_limits_and_pairs(before, connector, base)
    old = policies(before)
    rng = random.Random(f"{case}-remove")
    counts = []
    for added, removed in zip(extra, rng.sample(range(n), DRAWS)):
        for after_names in (base + [added], base[:removed] + base[removed + 1:]):
            after = layout_of(connector, after_names)
            assert after.strategy == strategy
            counts.append(changed(old, policies(after)))
    check_limits_and_pairs(after, connector, after_names)
    assert max(counts) == most, counts  # at most two; and the draws include a split, merge or spill
    assert min(counts) >= 1 and counts.count(1) >= len(counts) // 2


@pytest.mark.parametrize("case", list(CASES))
def test_layout_is_a_function_of_the_set(connectors, case):
    name, seed, n, _, strategy, _ = CASES[case]
    names = topics(n, seed)
    first = layout_of(connectors[case], names)
    for k in range(3):
        shuffled = names[:]
        random.Random(k).shuffle(shuffled)
        again = layout_of(connectors[case], shuffled)
        assert again.strategy == first.strategy == strategy
        assert policies(again) == policies(first)
        assert [m.key for m in again.managed] == [m.key for m in first.managed]


def _compacted(connector, names):
    return split.compact(execution_role(replace(connector, topics=tuple(names))).statements)


def _positions(statements, parts) -> list[int]:
    index = {s.sid: i for i, s in enumerate(statements)}
    return [split._position(statements, (index[s.sid], r)) for s in parts for r in s.resources]


def test_tree_inline_leaf_is_the_lowest_region(connectors):
    """The inline policy is the tree's all-zeros leaf: every pair in it hashes below every pair
    of a managed policy."""
    name, seed, n, *_ = CASES["sink-300"]
    stmts = _compacted(connectors["sink-300"], topics(n, seed))
    tree = split.stable_split(stmts, inline_limit=INLINE_POLICIES_PER_ROLE_MAX)
    inline = _positions(stmts, tree.inline)
    managed = [p for m in tree.managed for p in _positions(stmts, m.statements)]
    assert inline and managed and max(inline) < min(managed)
    assert "p" not in [m.key for m in tree.managed]  # the all-zeros key belongs to the inline leaf


def test_hash_bins_hold_their_hash_range_and_spill_the_tail(connectors):
    """Bin i holds pairs whose position maps to i; within a bin the kept pairs all hash below
    the pairs it spilled into the inline policy."""
    name, seed, n, *_ = CASES["bins-380"]
    stmts = _compacted(connectors["bins-380"], topics(n, seed))
    bins = split.hashed_bins(stmts, 10, inline_limit=INLINE_POLICIES_PER_ROLE_MAX)
    spilled = _positions(stmts, bins.inline)
    assert spilled and len(bins.managed) == 10
    for i, m in enumerate(bins.managed):
        assert m.key == split.bin_key(i, 10)
        kept = _positions(stmts, m.statements)
        assert {p * 10 >> 256 for p in kept} == {i}
        tail = [p for p in spilled if p * 10 >> 256 == i]
        assert not tail or max(kept) < min(tail)
    assert split.bin_key(3, 100) == "bin03" and split.bin_key(42, 101) == "bin042"


def test_hash_bins_without_inline_policy_refuse_an_overflowing_bin():
    from msk_connect_iam.model import Statement

    stmt = Statement("T", ("kafka-cluster:ReadData",), tuple(f"arn:aws:kafka:us-east-1:1:topic/c/u/{i:0>60}"
                                                            for i in range(200)))
    with pytest.raises(split.BudgetError, match="no inline policy"):
        split.hashed_bins((stmt,), 3)
    ok = split.hashed_bins((stmt,), 3, inline_limit=INLINE_POLICIES_PER_ROLE_MAX * 10)
    assert ok.inline and len(ok.managed) == 3


def test_dense_fills_the_inline_policy_first_then_managed_policies():
    from msk_connect_iam.model import Statement

    stmt = Statement("T", ("kafka-cluster:ReadData",), tuple(f"arn:aws:kafka:us-east-1:1:topic/c/u/{i:0>60}"
                                                            for i in range(400)))
    dense = split.dense_split((stmt,), inline_limit=INLINE_POLICIES_PER_ROLE_MAX)
    assert INLINE_POLICIES_PER_ROLE_MAX - 200 < dense.inline_size <= INLINE_POLICIES_PER_ROLE_MAX
    assert [m.key for m in dense.managed] == [f"d{i:02d}" for i in range(1, len(dense.managed) + 1)]
    assert all(MANAGED_POLICY_MAX - 200 < m.size <= MANAGED_POLICY_MAX for m in dense.managed[:-1])
    pairs = [r for s in dense.inline for r in s.resources] + [r for m in dense.managed for s in m.statements
                                                              for r in s.resources]
    assert sorted(pairs) == sorted(stmt.resources)
