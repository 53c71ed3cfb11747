"""terraform apply and destroy of every module in modules/ against moto, in ONE root configuration
(one apply, one destroy); the roles and policies are read back with boto3 and compared with the
JSON of the plan, and after destroy the account holds exactly what it held before."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from awsmock import iam_inventory, read_role
from tfharness import golden_modules, plan_json, tf, write_root

pytestmark = pytest.mark.terraform

#: Every committed module, environments included: their prefixed role names must coexist in one account.
MODULES = golden_modules()
#: No provider arguments: region, endpoint and credentials come from the environment (aws_tf_env).
ENV_PROVIDER = 'provider "aws" {}\n'


def _by_module(plan: dict) -> dict[str, dict[str, list[dict]]]:
    """``{module address: {resource type: [planned values]}}`` of the plan's child modules."""
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for child in plan["planned_values"]["root_module"].get("child_modules", []):
        for r in child.get("resources", []):
            if r["mode"] == "managed":
                out[child["address"]][r["type"]].append(r.get("values", {}))
    return out


def _canon(doc: dict) -> str:
    return json.dumps(doc, sort_keys=True)


@pytest.fixture(scope="module")
def applied(aws_tf_env, iam, tmp_path_factory):
    """Plan, apply, read back every planned role, destroy; returns what each step saw."""
    root = tmp_path_factory.mktemp("apply")
    write_root(root, MODULES, provider=ENV_PROVIDER)
    before = iam_inventory(iam)
    plan = plan_json(root, aws_tf_env)
    planned = _by_module(plan)
    tf(["apply", "-input=false", "-no-color", "tfplan"], root, aws_tf_env)
    try:
        state = json.loads(tf(["show", "-json"], root, aws_tf_env).stdout)
        during = iam_inventory(iam)
        read = {mod: read_role(iam, kinds["aws_iam_role"][0]["name"]) for mod, kinds in planned.items()}
    finally:
        tf(["destroy", "-auto-approve", "-input=false", "-no-color"], root, aws_tf_env)
    after = iam_inventory(iam)
    return {"planned": planned, "state": state, "before": before, "during": during, "after": after, "read": read}


def test_every_module_planned_one_role(applied):
    assert len(applied["planned"]) == len(MODULES)
    for mod, kinds in applied["planned"].items():
        assert len(kinds["aws_iam_role"]) == 1, mod


def test_apply_created_every_role(applied):
    names = {kinds["aws_iam_role"][0]["name"] for kinds in applied["planned"].values()}
    assert names <= applied["during"]["roles"]
    assert len(applied["during"]["roles"] - applied["before"]["roles"]) == len(MODULES)


def test_role_settings_match_plan(applied):
    for mod, kinds in applied["planned"].items():
        want, got = kinds["aws_iam_role"][0], applied["read"][mod]
        assert got["path"] == want["path"], mod
        assert got["description"] == want["description"], mod
        assert got["max_session_duration"] == want["max_session_duration"], mod
        assert got["permissions_boundary"] == want.get("permissions_boundary"), mod
        assert got["tags"] == (want.get("tags") or {}), mod
        assert got["arn"].endswith(f":role{want['path']}{want['name']}"), mod


def test_trust_policy_matches_plan(applied):
    for mod, kinds in applied["planned"].items():
        want = json.loads(kinds["aws_iam_role"][0]["assume_role_policy"])
        assert applied["read"][mod]["trust"] == want, mod
        assert want["Statement"][0]["Principal"] == {"Service": "kafkaconnect.amazonaws.com"}


def test_inline_policies_match_plan(applied):
    for mod, kinds in applied["planned"].items():
        want = {p["name"]: json.loads(p["policy"]) for p in kinds.get("aws_iam_role_policy", [])}
        assert applied["read"][mod]["inline"] == want, mod
    assert any(applied["read"][mod]["inline"] for mod in applied["planned"]), "no module has an inline policy"


def test_managed_policies_and_attachments_match_plan(applied):
    for mod, kinds in applied["planned"].items():
        want = sorted(_canon(json.loads(p["policy"])) for p in kinds.get("aws_iam_policy", []))
        attached = applied["read"][mod]["attached"]
        assert sorted(_canon(a["document"]) for a in attached.values()) == want, mod
        assert len(attached) == len(kinds.get("aws_iam_role_policy_attachment", [])), mod


def test_state_holds_what_iam_holds(applied):
    """The state's role ARNs are the ones IAM returns (terraform saw what it created)."""
    arns = set()

    def walk(mod):
        for r in mod.get("resources", []):
            if r["type"] == "aws_iam_role":
                arns.add(r["values"]["arn"])
        for child in mod.get("child_modules", []):
            walk(child)

    walk(applied["state"]["values"]["root_module"])
    assert arns == {r["arn"] for r in applied["read"].values()}


def test_destroy_leaves_nothing(applied):
    assert applied["after"] == applied["before"]
    names = {kinds["aws_iam_role"][0]["name"] for kinds in applied["planned"].values()}
    assert not names & applied["after"]["roles"]
