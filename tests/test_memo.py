"""The per-run memo of roles and layouts (memo.py): keyed by identity, bounded, never stale."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from msk_connect_iam import memo
from msk_connect_iam.manifest import checks as manifest
from msk_connect_iam.policy import permissions
from msk_connect_iam.policy import split
from msk_connect_iam.render.module import render_manifest

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def test_identity_memo_computes_once_per_object_and_not_per_equal_object():
    calls = []

    def func(key):
        calls.append(key)
        return ("value", len(calls))

    m = memo.IdentityMemo(func)
    a, b = [1, 2], [1, 2]  # equal, distinct
    assert m(a) is m(a)
    assert m(b) == ("value", 2)
    assert calls == [a, b]


def test_identity_memo_is_bounded_and_does_not_cache_errors():
    calls = []
    m = memo.IdentityMemo(lambda k: calls.append(k) or len(calls), max_entries=2)
    keys = [object() for _ in range(3)]
    for k in keys:
        m(k)
    assert m(keys[2]) == 3, "the newest entry survives the clearing"
    assert m(keys[0]) == 4, "older entries were dropped when the memo filled up"

    def failing(_k):
        calls.append("fail")
        raise split.BudgetError("too big")

    f = memo.IdentityMemo(failing)
    key = object()
    for _ in range(2):
        with pytest.raises(split.BudgetError):
            f(key)
    assert calls.count("fail") == 2


def test_memo_gives_what_the_uncached_functions_give(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text("version: 1\ndefaults:\n  cluster: {arn: " + CLUSTER + "}\nconnectors:\n"
                    "  - {name: a, type: sink, topics: [orders]}\n"
                    "  - {name: b, type: source, topics: [events], role: {policy_type: managed}}\n")
    model = manifest.load(path)
    for c in model.connectors:
        role = memo.execution_role(c)
        assert role is memo.execution_role(c)
        assert role == permissions.execution_role(c)
        assert memo.role_layout(role) == split.layout(role.statements, role.trust,
                                                      policy_type=c.role.policy_type,
                                                      max_managed_policies=c.role.max_managed_policies)
    # A changed connector (a new object) gets its own role: the memo never serves a stale one.
    changed = dataclasses.replace(model.connectors[0], topics=("payments",))
    assert memo.execution_role(changed) != memo.execution_role(model.connectors[0])
    before = render_manifest(model, "m.yaml")
    memo.execution_role.clear()
    memo.role_layout.clear()
    assert render_manifest(model, "m.yaml") == before
