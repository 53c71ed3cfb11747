"""Checks shared by the per-example apply tests (pytest-terraform allows one root configuration
per test file, so each example has its own test file calling these)."""

from __future__ import annotations

import json

from awsmock import read_role
from goldens import EXAMPLES
from manifests_helper import manifest_connectors


def state_resources(state: dict) -> dict[str, dict]:
    """``{address: values}`` of every resource in a ``terraform show -json`` state, modules included."""
    out = {}

    def walk(mod):
        for r in mod.get("resources", []):
            out[r["address"]] = r["values"]
        for child in mod.get("child_modules", []):
            walk(child)

    walk(state["values"]["root_module"])
    return out


def check_applied_example(state: dict, iam, scenario: str) -> set[str]:
    """Compare what IAM holds with the example's state (``terraform show -json``); returns the
    role names created.

    Every connector of ``examples/<scenario>/connectors.yaml`` has a role whose trust policy and
    inline policies in IAM equal the state's JSON; no connector was created (moto has no MSK Connect).
    """
    resources = state_resources(state)
    assert not [a for a in resources if ".aws_mskconnect_connector." in a or a.startswith("aws_mskconnect_connector")]
    roles = {a: v for a, v in resources.items() if a.endswith("aws_iam_role.this")}
    names = {v["name"] for v in roles.values()}
    assert names == {c.role.name for c in manifest_connectors(EXAMPLES / scenario / "connectors.yaml")}
    for address, values in roles.items():
        module = address.rsplit(".aws_iam_role.this", 1)[0]
        got = read_role(iam, values["name"])
        assert got["arn"] == values["arn"]
        assert got["trust"] == json.loads(values["assume_role_policy"])
        want_inline = {v["name"]: json.loads(v["policy"]) for a, v in resources.items()
                       if a.startswith(module + ".aws_iam_role_policy.")}
        assert got["inline"] == want_inline
    return names


def check_outputs(outputs: dict, scenario: str) -> None:
    """The root configuration's outputs: a role ARN per connector of the manifest, no connector."""
    names = {c.name for c in manifest_connectors(EXAMPLES / scenario / "connectors.yaml")}
    assert set(outputs["role_arns"]["value"]) == names
    assert outputs["connector_arns"]["value"] == {}
