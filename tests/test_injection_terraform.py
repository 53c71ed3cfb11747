"""A sample of hostile-but-accepted free text goes through ONE real ``terraform plan`` (one init,
one plan, one show -json for the whole batch), and the planned role and policy hold exactly that
text: HCL escaping, Terraform's string handling and the provider's aws_iam_policy_document
together never produce a module that means something else.

The sample: the curated values below plus the first PLAN_SAMPLE accepted values per field of a
derandomized hypothesis run over the same strategies as tests/test_injection.py.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from injection import CLUSTER, FIELDS
from msk_connect_iam import api
from tfharness import module_ident, plan_json, planned_resources, write_root

pytestmark = pytest.mark.terraform

PLAN_SAMPLE = int(os.environ.get("MSK_CONNECT_IAM_PLAN_SAMPLE", "20"))

#: Values that broke other generators, per field (each is accepted by IAM).
CURATED = {
    "role.description": ["${aws:username}", "$${aws:username}", "$$${x}", "%{if true}x%{endif}", "%%{x}",
                         "%%%{x}", 'say "hi"', "back\\slash", '\\"${x}', "\\${x}", "line\nbreak\r\nand\ttab",
                         "EOT", "<<EOT\nx\nEOT", "cost ${", "50%{", "}", "# not a comment */ -->", "é ÿ ¡"],
    "role.path": ["${aws:username}", "$${x}", "%{x}", '"', "\\", "a/b", "<<EOT"],
    "role.tags key": ["équipe", "cost center", "a:b/c=d+e-f@g_h.i", "日本語", "٣٤", "x\u3000y"],
    "role.tags value": ["", "équipe données", "Ω", "=+-@", "a b"],
    "aws_permissions.resources": ["${aws:username}/*", "$${aws:username}", "%{x}", '"q"', "\\", "\\${x}",
                                  "<a>&b", "EOT\n", "${secretManager:db:password}", "$$$${y}", "ÿ\x85\x7f"],
    "aws_permissions.conditions.values": ["${aws:username}", "${secretManager:db:password}", "%{ for x in y }",
                                          '"', "\\", "}", "\n", "\x7f\x9f", "<>&", "$", "%%%{"],
    "aws_permissions.conditions.variable": ["${aws:username}", "%{x}", '"', "\\", "<&>"],
}


def _sample(field) -> list[str]:
    found: list[str] = []

    @settings(max_examples=4 * PLAN_SAMPLE + 40, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(text=field.strategy)
    def collect(text):
        if field.accepted(text) and text not in found:
            found.append(text)

    collect()
    return found[:PLAN_SAMPLE]


def _values(field_name: str, transform=lambda v: v) -> list[str]:
    field = next(f for f in FIELDS if f.name == field_name)
    out = []
    for v in CURATED[field_name] + _sample(field):
        assert field.accepted(v), (field_name, v)
        if transform(v) not in out:
            out.append(transform(v))
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory, tf_env):
    descriptions = _values("role.description")
    paths = _values("role.path", lambda v: "/" + v + "/")
    tag_keys = [k for k in _values("role.tags key") if k.lower() not in ("probe-value", "team")]
    tag_values = _values("role.tags value")
    resources = _values("aws_permissions.resources", lambda v: "arn:aws:s3:::bucket/k" + v)
    cond_values = _values("aws_permissions.conditions.values")
    cond_keys = _values("aws_permissions.conditions.variable", lambda v: "aws:PrincipalTag/" + v)
    n = max(len(descriptions), len(paths), len(tag_keys), len(tag_values))
    roles = []
    for i in range(n):
        tags = {}
        if i < len(tag_keys):
            tags[tag_keys[i]] = "k"
        if i < len(tag_values):
            tags["probe-value"] = tag_values[i]
        role = {"tags": tags}
        if i < len(descriptions):
            role["description"] = descriptions[i]
        if i < len(paths):
            role["path"] = paths[i]
        roles.append(role)
    connectors = [{"name": f"p{i}", "type": "sink", "topics": ["orders"], "role": r} for i, r in enumerate(roles)]
    connectors.append({
        "name": "policy", "type": "sink", "topics": ["orders"],
        "aws_permissions": [{
            "sid": "Probe", "actions": ["s3:GetObject"], "resources": resources,
            "conditions": [{"test": "StringEquals", "variable": "aws:PrincipalTag/team", "values": cond_values}]
            + [{"test": "StringLike", "variable": k, "values": ["x"]} for k in cond_keys],
        }],
    })
    manifest = {"version": 1, "defaults": {"cluster": {"arn": CLUSTER}}, "connectors": connectors}
    root = tmp_path_factory.mktemp("injection")
    path = root / "connectors.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=False, sort_keys=False, width=10_000), encoding="utf-8")
    out = root / "modules"
    api.generate(path, out)
    tfroot = root / "root"
    write_root(tfroot, sorted(p for p in out.iterdir() if p.is_dir()))
    plan = plan_json(tfroot, tf_env)
    return {"roles": roles, "resources": resources, "cond_values": cond_values, "cond_keys": cond_keys,
            "planned": planned_resources(plan)}


def test_role_description_path_and_tags_render_exactly(batch):
    planned = batch["planned"]
    for i, role in enumerate(batch["roles"]):
        values = planned[f"module.{module_ident(f'p{i}')}.aws_iam_role.this"]
        if "description" in role:
            assert values["description"] == role["description"]
        if "path" in role:
            assert values["path"] == role["path"]
        assert (values["tags"] or {}) == role["tags"]  # the plan shows no tags as null


def test_policy_resources_and_conditions_render_exactly(batch):
    policy = json.loads(batch["planned"][f"module.{module_ident('policy')}.aws_iam_role_policy.this"]["policy"])
    [probe] = [s for s in policy["Statement"] if s.get("Sid") == "Probe"]

    def as_list(v):
        return [v] if isinstance(v, str) else v

    assert sorted(as_list(probe["Resource"])) == sorted(batch["resources"])
    assert sorted(as_list(probe["Condition"]["StringEquals"]["aws:PrincipalTag/team"])) == sorted(batch["cond_values"])
    assert sorted(probe["Condition"]["StringLike"]) == sorted(batch["cond_keys"])


def test_batch_is_large_enough(batch):
    """The plan covers the curated values and a real hypothesis sample (counted in the report)."""
    n_values = (sum(len([k for k in ("description", "path") if k in r]) + len(r["tags"]) for r in batch["roles"])
                + len(batch["resources"]) + len(batch["cond_values"]) + len(batch["cond_keys"]))
    assert n_values >= sum(len(v) for v in CURATED.values())
    print(f"terraform plan round trips: {n_values} values in one plan")
