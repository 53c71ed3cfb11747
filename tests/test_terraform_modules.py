"""terraform fmt / init / validate / plan on every committed module in modules/, and the rendered
policies compared with the hand-written expectations in tests/expected/ (from the AWS page)."""

from __future__ import annotations

import json

import pytest

from tfharness import (REPO, golden_modules, module_ident, module_label, plan_json, planned_resources, statement_set,
                       tf, write_root)

pytestmark = pytest.mark.terraform

MODULES = golden_modules()
EXPECTED = REPO / "tests" / "expected"


def test_modules_exist():
    names = {module_label(p) for p in MODULES}
    assert {"orders-s3-sink", "inventory-cdc", "ledger-s3-sink", "clickstream-s3-archive", "audit-s3-archive"} <= names
    assert {f"environments/{env}/{c}" for env in ("staging", "production")
            for c in ("orders-s3-sink", "inventory-cdc")} <= names


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
        assert f"module.{module_ident(module_label(module))}.aws_iam_role.this" in resources, module


@pytest.mark.parametrize("name", ["orders-s3-sink", "inventory-cdc", "ledger-s3-sink", "clickstream-s3-archive"])
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


#: Catalog examples (examples/debezium-cdc, examples/mirrormaker2, examples/aws-service-sinks): the
#: rendered policy's (action, resource) pairs, compared with tests/expected/<name>.grants.json,
#: written by hand from each connector's documentation (docs/catalog.md) as action x resource groups.
CATALOG_EXAMPLES = ["shop-cdc", "payments-cdc", "legacy-mirror-source", "legacy-mirror-checkpoints",
                    "legacy-mirror-heartbeats", "order-enricher-lambda", "orders-to-eventbridge", "orders-to-dynamodb"]


def _policy_pairs(policy: dict) -> set[tuple[str, str]]:
    def as_list(v):
        return [v] if isinstance(v, str) else list(v)

    return {(a, r) for s in policy["Statement"] if s["Effect"] == "Allow"
            for a in as_list(s["Action"]) for r in as_list(s.get("Resource", []))}


@pytest.mark.parametrize("name", CATALOG_EXAMPLES)
def test_catalog_example_policies_match_the_connector_documentation(plan, name):
    resources = planned_resources(plan)
    expected = json.loads((EXPECTED / f"{name}.grants.json").read_text())
    want = {(a, r) for g in expected["grants"] for a in g["actions"] for r in g["resources"]}
    policy = json.loads(resources[f"module.{module_ident(name)}.aws_iam_role_policy.this"]["policy"])
    assert _policy_pairs(policy) == want
    role = resources[f"module.{module_ident(name)}.aws_iam_role.this"]
    trust = json.loads(role["assume_role_policy"])["Statement"]
    assert [s["Condition"]["ArnLike"]["aws:SourceArn"] for s in trust] == [
        f"arn:aws:kafkaconnect:us-east-1:123456789012:connector/{name}/*"]


def test_no_iam_auth_has_no_kafka_statement(plan):
    resources = planned_resources(plan)
    policy = json.loads(resources[f"module.{module_ident('ledger-s3-sink')}.aws_iam_role_policy.this"]["policy"])
    actions = [a for s in policy["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])]
    assert actions and not any(a.startswith("kafka-cluster:") for a in actions)


@pytest.mark.parametrize("env, region, cluster", [
    ("staging", "us-west-2", "analytics-staging/3b8e1f4a-6c2d-4e9f-a7b1-5d0c9e8f2a41-1"),
    ("production", "us-east-1", "analytics-production/9f2a6c1d-8e4b-4f7a-b3c5-1e7d2a9c6b80-2"),
])
def test_environments_prefix_role_names_and_use_their_own_cluster(plan, env, region, cluster):
    """examples/environments: one manifest per environment, same connectors, the environment's
    name_prefix on every role name and the environment's cluster in every kafka-cluster ARN."""
    resources = planned_resources(plan)
    for connector in ("orders-s3-sink", "inventory-cdc"):
        ident = module_ident(f"environments/{env}/{connector}")
        role = resources[f"module.{ident}.aws_iam_role.this"]
        assert role["name"] == f"{env}-{connector}"
        assert role["tags"]["environment"] == env
        trust = json.loads(role["assume_role_policy"])
        (stmt,) = trust["Statement"]
        assert stmt["Condition"]["ArnLike"]["aws:SourceArn"] == \
            f"arn:aws:kafkaconnect:{region}:123456789012:connector/{connector}/*"
        policy = json.loads(resources[f"module.{ident}.aws_iam_role_policy.this"]["policy"])
        kafka = [r for s in policy["Statement"] for r in ([s["Resource"]] if isinstance(s["Resource"], str)
                                                           else s["Resource"]) if ":kafka:" in r]
        assert kafka and all(r.startswith(f"arn:aws:kafka:{region}:123456789012:") and f"/{cluster}" in r
                             for r in kafka), kafka
    names = {resources[k]["name"] for k in resources if k.endswith("aws_iam_role.this")}
    assert len(names) == len([k for k in resources if k.endswith("aws_iam_role.this")]), "two modules share a role name"
