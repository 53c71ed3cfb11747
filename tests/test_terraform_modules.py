"""terraform fmt / init / validate / plan on every committed module in modules/, and the rendered
policies compared with the hand-written expectations in tests/expected/ (from the AWS page)."""

from __future__ import annotations

import json

import pytest

from tfharness import REPO, module_ident, plan_json, planned_resources, statement_set, tf, write_root

pytestmark = pytest.mark.terraform

MODULES = sorted(p for p in (REPO / "modules").iterdir() if p.is_dir() and (p / "main.tf").is_file())
EXPECTED = REPO / "tests" / "expected"


def test_modules_exist():
    names = {p.name for p in MODULES}
    assert {"orders-s3-sink", "inventory-cdc", "ledger-s3-sink"} <= names


def test_fmt_check(tf_env):
    proc = tf(["fmt", "-check", "-recursive", "-diff", "-no-color"], REPO / "modules", tf_env, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def plan(tf_env, tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    write_root(root, MODULES)
    result = plan_json(root, tf_env)
    tf(["validate", "-no-color"], root, tf_env)
    return result


def test_validate_and_plan_every_module(plan):
    resources = planned_resources(plan)
    for module in MODULES:
        assert f"module.{module_ident(module.name)}.aws_iam_role.this" in resources, module.name


@pytest.mark.parametrize("name", ["orders-s3-sink", "inventory-cdc", "ledger-s3-sink"])
def test_rendered_policies_match_aws_page(plan, name):
    resources = planned_resources(plan)
    role = resources[f"module.{module_ident(name)}.aws_iam_role.this"]
    expected_trust = json.loads((EXPECTED / f"{name}.trust.json").read_text())
    assert statement_set(json.loads(role["assume_role_policy"])) == statement_set(expected_trust)
    expected_perms = json.loads((EXPECTED / f"{name}.permissions.json").read_text())
    policy = resources[f"module.{module_ident(name)}.aws_iam_role_policy.this"]
    assert statement_set(json.loads(policy["policy"])) == statement_set(expected_perms)
    assert role["name"] == name
    assert role["path"] == "/msk-connect/"


def test_no_iam_auth_has_no_kafka_statement(plan):
    resources = planned_resources(plan)
    policy = json.loads(resources[f"module.{module_ident('ledger-s3-sink')}.aws_iam_role_policy.this"]["policy"])
    actions = [a for s in policy["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])]
    assert actions and not any(a.startswith("kafka-cluster:") for a in actions)
