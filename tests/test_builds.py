"""The build records (model.ConnectorBuild): validation builds each connector's role, policy
layout and cluster policies once, and rendering, the registry layout and explain read them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from msk_connect_iam import manifest
from msk_connect_iam.manifest.build import build_record
from msk_connect_iam.policy import permissions, split
from msk_connect_iam.render.explain import explain
from msk_connect_iam.render.module import render_manifest

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def _model(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text("version: 1\ndefaults:\n  cluster: {arn: " + CLUSTER + "}\nconnectors:\n"
                    "  - {name: a, type: sink, topics: [orders]}\n"
                    "  - {name: b, type: source, topics: [events], role: {policy_type: managed}}\n")
    return manifest.load(path)


def test_records_hold_what_the_uncached_functions_give(tmp_path: Path):
    model = _model(tmp_path)
    assert [b.connector.name for b in model.builds] == ["a", "b"]
    assert model.connectors == tuple(b.connector for b in model.builds)
    for b in model.builds:
        role = permissions.execution_role(b.connector)
        assert b.role == role and b.role.connector is b.connector
        assert b.layout == split.layout(role.statements, role.trust, policy_type=b.connector.role.policy_type,
                                        max_managed_policies=b.connector.role.max_managed_policies)
        assert b.cluster_policies == tuple(permissions.cluster_policies(role)) == ()
        assert b == build_record(b.connector)


def test_rendering_and_explain_read_the_records(tmp_path: Path, monkeypatch):
    model = _model(tmp_path)
    before = render_manifest(model, "m.yaml")
    rows = explain(model)

    def fail(*_a, **_k):
        raise AssertionError("the role was computed again after validation")

    monkeypatch.setattr(permissions, "execution_role", fail)
    monkeypatch.setattr(split, "layout", fail)
    assert render_manifest(model, "m.yaml") == before
    assert explain(model) == rows
    assert [r.connector for r in explain(model, "b")] == ["b"] * len([r for r in rows if r.connector == "b"])


def test_a_changed_connector_gets_its_own_record(tmp_path: Path):
    model = _model(tmp_path)
    changed = dataclasses.replace(model.connectors[0], topics=("payments",))
    assert build_record(changed).role != model.builds[0].role
