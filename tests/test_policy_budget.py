"""Policy sizes as IAM counts them, checked against what ``terraform plan`` renders; compaction,
splitting into managed policies, stability of the split, and the error when nothing fits."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from msk_connect_iam import manifest
from msk_connect_iam.errors import ManifestError
from msk_connect_iam.model import Condition, Statement
from msk_connect_iam.policy.permissions import execution_role
from msk_connect_iam.policy.size import (INLINE_POLICIES_PER_ROLE_MAX, MANAGED_POLICY_MAX, TRUST_POLICY_MAX,
                                         render_policy, render_trust, statement_dict)
from msk_connect_iam.policy.split import role_layout
from msk_connect_iam.policy.split import BudgetError, compact, covers, hashed_bins, stable_split
from scenarios import CLUSTER, sink_manifest, topics
from tfharness import module_ident, planned_resources


def minify(text: str) -> str:
    """Remove the whitespace outside JSON string literals, keeping the text (and its escapes)
    exactly as written: IAM's measure of a policy."""
    out, in_str, esc = [], False, False
    for ch in text:
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            out.append(ch)
        elif not ch.isspace():
            out.append(ch)
    return "".join(out)


def test_minify_keeps_strings():
    assert minify('{ "a b": [ "x\\" y", 1 ] }') == '{"a b":["x\\" y",1]}'


def data_sources(plan: dict) -> dict[str, dict]:
    """``{address: values}`` of the data sources terraform read while planning (prior_state)."""
    out = {}

    def walk(mod):
        for r in mod.get("resources", []):
            if r.get("mode") == "data":
                out[r["address"]] = r.get("values", {})
        for child in mod.get("child_modules", []):
            walk(child)

    walk(plan["prior_state"]["values"]["root_module"])
    return out


def same_policy(rendered: str, sent: str) -> bool:
    """The resource attribute (what the provider sends to IAM) is the data source's JSON
    re-serialized with sorted keys: same content, same size without whitespace."""
    return json.loads(rendered) == json.loads(sent) and len(rendered) == len(minify(sent))


def test_computed_json_equals_plan_for_every_module(budget_plan):
    """The text render_policy/render_trust compute equals, character for character, the
    provider's JSON in the plan (whitespace outside strings removed) for every module in
    modules/ and every scenario: key order, one-element lists, descending sort, Go escapes."""
    plan, entries = budget_plan
    resources = planned_resources(plan)
    data = data_sources(plan)
    checked = 0
    for key, (_, connector, ident) in entries.items():
        role = execution_role(connector)
        lay = role_layout(role)
        prefix = f"module.{ident}"
        trust = render_trust(role.trust)
        assert minify(data[f"{prefix}.data.aws_iam_policy_document.trust"]["json"]) == trust
        assert same_policy(trust, resources[f"{prefix}.aws_iam_role.this"]["assume_role_policy"])
        assert len(trust) == lay.trust_size <= TRUST_POLICY_MAX
        if lay.inline:
            text = render_policy(lay.inline)
            assert minify(data[f"{prefix}.data.aws_iam_policy_document.permissions"]["json"]) == text, key
            assert same_policy(text, resources[f"{prefix}.aws_iam_role_policy.this"]["policy"])
            assert len(text) == lay.inline_size <= INLINE_POLICIES_PER_ROLE_MAX
            checked += 1
        else:
            assert f"{prefix}.aws_iam_role_policy.this" not in resources
        for m in lay.managed:
            text = render_policy(m.statements)
            assert minify(data[f"{prefix}.data.aws_iam_policy_document.{m.key}"]["json"]) == text, (key, m.key)
            assert same_policy(text, resources[f"{prefix}.aws_iam_policy.{m.key}"]["policy"])
            assert len(text) == m.size <= MANAGED_POLICY_MAX
            checked += 1
        attachments = [a for a in resources if a.startswith(f"{prefix}.aws_iam_role_policy_attachment.")]
        assert len(attachments) == len(lay.managed)
    assert checked >= len(entries)
    assert sum(1 for k in entries if k.startswith("modules/")) >= 5


def test_escapes_are_counted_as_six_characters(budget_plan):
    plan, _ = budget_plan
    policy = planned_resources(plan)[f"module.{module_ident('escape-sink')}.aws_iam_role_policy.this"]["policy"]
    assert "a\\u0026b/\\u003cx\\u003e/*" in policy


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value)


def needed_pairs(statements) -> set[tuple]:
    """(effect, action, resource, conditions as JSON) for every pair ``statements`` grant."""
    out = set()
    for s in statements:
        cond = json.dumps(statement_dict(s).get("Condition"), sort_keys=True)
        out |= {(s.effect, a, r, cond) for a in s.actions for r in s.resources}
    return out


def granted_pairs(policy_texts) -> list[tuple]:
    """The same pairs read back from rendered policy JSON (a list: a pair granted twice counts twice)."""
    out = []
    for text in policy_texts:
        for s in json.loads(text)["Statement"]:
            cond = json.dumps(s.get("Condition"), sort_keys=True)
            out += [(s["Effect"], a, r, cond) for a in _as_list(s["Action"]) for r in _as_list(s["Resource"])]
    return out


SPLIT_SCENARIOS = [
    # (scenario, strategy, role's quota, has an inline policy)
    ("sink-300", "stable", 10, True),
    ("sink-300-bins", "hashed-bins", 10, True),
    ("sink-300-stable", "stable", 20, False),
    ("sink-300-managed", "dense", 10, False),
]


@pytest.mark.parametrize("name, strategy, quota, inline", SPLIT_SCENARIOS)
def test_sink_300_topics_layouts_in_the_plan(budget_plan, scenarios, name, strategy, quota, inline):
    """300 topics of 60 characters (47.5k characters after merging; inline holds 10,240): every
    policy terraform plans is under its limit, one attachment per managed policy, at most the
    role's quota of them, named after the role, and together they grant exactly the pairs the
    role needs (no pair lost, none added, none granted twice)."""
    plan, _ = budget_plan
    resources = planned_resources(plan)
    prefix = f"module.{module_ident(name)}"
    role = execution_role(manifest.load(scenarios[1][name]).connectors[0])
    lay = role_layout(role)
    assert lay.strategy == strategy
    policies = {a.rsplit(".", 1)[1]: v for a, v in resources.items() if a.startswith(f"{prefix}.aws_iam_policy.")}
    attachments = {a.rsplit(".", 1)[1]: v for a, v in resources.items()
                   if a.startswith(f"{prefix}.aws_iam_role_policy_attachment.")}
    assert sorted(policies) == sorted(attachments) == [m.key for m in lay.managed]
    assert 1 <= len(attachments) <= quota
    assert all(v["name"] == f"{name}-{k}" for k, v in policies.items())
    assert all(len(minify(v["policy"])) <= MANAGED_POLICY_MAX for v in policies.values())
    texts = [v["policy"] for v in policies.values()]
    if inline:
        text = resources[f"{prefix}.aws_iam_role_policy.this"]["policy"]
        assert 0 < len(minify(text)) == lay.inline_size <= INLINE_POLICIES_PER_ROLE_MAX
        texts.append(text)
    else:
        assert f"{prefix}.aws_iam_role_policy.this" not in resources and not lay.inline
    granted = granted_pairs(texts)
    assert len(granted) == len(set(granted))
    assert set(granted) == needed_pairs(role.statements)
    assert len({r for _, a, r, _ in granted if a == "kafka-cluster:ReadData" and "/com.acme." in r}) == 300
    readme = (scenarios[0] / "modules" / name / "README.md").read_text()
    if strategy == "dense":
        assert "NOT stable" in readme
    else:
        assert "changes at most two policies" in readme and "NOT stable" not in readme


def test_why_each_300_topic_scenario_gets_its_layout(scenarios):
    """The reasons behind the strategies above: the tree fits the default quota for sink-300;
    for sink-300-bins it needs more than 10 and the hash bins fit; with managed policies only,
    the tree needs 11 (so 20 allows it) and a bin overflows with nowhere to spill."""
    def compacted(name):
        return compact(execution_role(manifest.load(scenarios[1][name]).connectors[0]).statements)

    tree = stable_split(compacted("sink-300"), inline_limit=INLINE_POLICIES_PER_ROLE_MAX)
    assert len(tree.managed) <= 10 and tree.inline_size > 0
    bins_case = compacted("sink-300-bins")
    assert len(stable_split(bins_case, inline_limit=INLINE_POLICIES_PER_ROLE_MAX).managed) > 10
    bins = hashed_bins(bins_case, 10, inline_limit=INLINE_POLICIES_PER_ROLE_MAX)
    assert [m.key for m in bins.managed] == [f"bin{i:02d}" for i in range(10)]
    managed = compacted("sink-300-managed")
    assert 10 < len(stable_split(managed).managed) <= 20
    with pytest.raises(BudgetError, match="no inline policy"):
        hashed_bins(managed, 10)


def test_50_buckets_are_compacted_inline(budget_plan, scenarios):
    """100 statements (object and bucket statement per bucket) do not fit inline as written
    (> 10,240); merged by identical actions they do, and grant exactly the same pairs."""
    plan, _ = budget_plan
    resources = planned_resources(plan)
    prefix = f"module.{module_ident('s3-50-buckets')}"
    connector = manifest.load(scenarios[1]["s3-50-buckets"]).connectors[0]
    role = execution_role(connector)
    assert len(render_policy(role.statements)) > INLINE_POLICIES_PER_ROLE_MAX
    policy = json.loads(resources[f"{prefix}.aws_iam_role_policy.this"]["policy"])
    assert len(minify(resources[f"{prefix}.aws_iam_role_policy.this"]["policy"])) <= INLINE_POLICIES_PER_ROLE_MAX
    assert not [a for a in resources if a.startswith(f"{prefix}.aws_iam_role_policy_attachment.")]
    s3 = [s for s in policy["Statement"] if s["Action"][0].startswith("s3:")]
    assert len(s3) == 2
    pairs = {(a, r) for s in s3 for a in s["Action"] for r in s["Resource"]}
    expected = set()
    for i in range(50):
        b = f"arn:aws:s3:::acme-datalake-archive-{i:03d}-us-east-1"
        expected |= {(a, b + "/*") for a in ("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")}
        expected |= {(a, b) for a in ("s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads")}
    assert pairs == expected


def test_50_buckets_managed_when_asked(budget_plan):
    """The same 50 buckets with ``policy_type: managed``: compacted (6,572 characters) they still
    exceed one managed policy, so they are split; every policy is attached and under 6,144."""
    plan, _ = budget_plan
    resources = planned_resources(plan)
    prefix = f"module.{module_ident('s3-50-buckets-managed')}"
    policies = [v for a, v in resources.items() if a.startswith(f"{prefix}.aws_iam_policy.")]
    attachments = [a for a in resources if a.startswith(f"{prefix}.aws_iam_role_policy_attachment.")]
    assert f"{prefix}.aws_iam_role_policy.this" not in resources
    assert len(policies) == len(attachments) >= 2
    assert all(len(minify(v["policy"])) <= MANAGED_POLICY_MAX for v in policies)
    actions = {a for v in policies for s in json.loads(v["policy"])["Statement"]
               for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert {"s3:PutObject", "s3:ListBucket", "kafka-cluster:ReadData"} <= actions


def test_managed_small_is_one_managed_policy(budget_plan):
    plan, _ = budget_plan
    resources = planned_resources(plan)
    prefix = f"module.{module_ident('managed-small')}"
    assert [a for a in resources if a.startswith(f"{prefix}.aws_iam_role_policy_attachment.")] == [
        f"{prefix}.aws_iam_role_policy_attachment.p"]
    assert f"{prefix}.aws_iam_role_policy.this" not in resources


def test_2000_topics_is_a_clear_error_and_writes_nothing(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(sink_manifest("huge-sink", topics(2000)))
    with pytest.raises(ManifestError) as exc:
        manifest.load(path)
    [problem] = exc.value.problems
    assert problem.path == "connectors[0]" and problem.line == 3
    msg = problem.message
    assert "huge-sink" in msg and "characters" in msg
    import re

    m = re.search(r"take ([\d,]+) characters.*needs (\d+) managed policies", msg)
    assert m and "6,144" in msg and "role may have 10" in msg
    size, needed = int(m.group(1).replace(",", "")), int(m.group(2))
    assert size > 10 * MANAGED_POLICY_MAX + INLINE_POLICIES_PER_ROLE_MAX and needed > 10
    assert needed * MANAGED_POLICY_MAX + INLINE_POLICIES_PER_ROLE_MAX >= size and "10,240" in msg
    from click.testing import CliRunner

    from msk_connect_iam.cli import main

    result = CliRunner().invoke(main, ["generate", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert not (tmp_path / "out").exists()


def test_inline_only_refuses_what_does_not_fit(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(sink_manifest("big", topics(100), role="      policy_type: inline\n"))
    with pytest.raises(ManifestError, match="inline policies may hold 10,240"):
        manifest.load(path)


def _layout_for(names, *, quota=20):
    text = sink_manifest("grow", names, role=f"      max_managed_policies: {quota}\n")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "m.yaml"
        p.write_text(text)
        return role_layout(execution_role(manifest.load(p).connectors[0]))


def test_stable_split_is_independent_of_order():
    stmts = (Statement("A", ("kafka-cluster:ReadData",), tuple(f"arn:x:{i}" for i in range(400))),)
    rev = (replace(stmts[0], resources=tuple(reversed(stmts[0].resources))),)
    assert stable_split(stmts) == stable_split(rev)


def test_compact_merges_only_exact_equivalents():
    cond = (Condition("StringEquals", "aws:SourceVpce", ("vpce-1",)),)
    a = Statement("A", ("s3:PutObject",), ("arn:aws:s3:::a/*",))
    b = Statement("B", ("s3:PutObject",), ("arn:aws:s3:::b/*",))
    c = Statement("C", ("s3:PutObject",), ("arn:aws:s3:::c/*",), cond)  # other conditions: kept apart
    d = Statement("D", ("s3:GetObject",), ("arn:aws:s3:::a/*", "arn:aws:s3:::b/*"))  # same resources as A+B
    out = compact((a, b, c, d))
    assert [s.sid for s in out] == ["A", "C"]
    assert out[0].actions == ("s3:GetObject", "s3:PutObject")
    assert out[0].resources == ("arn:aws:s3:::a/*", "arn:aws:s3:::b/*")
    assert out[1] == c


def test_compact_drops_resources_covered_by_a_wildcard():
    s = Statement("T", ("kafka-cluster:ReadData",), ("arn:t/orders", "arn:t/orders.eu", "arn:t/orders*", "arn:t/pay"))
    assert compact((s,))[0].resources == ("arn:t/orders*", "arn:t/pay")
    assert covers("arn:t/o*", "arn:t/orders*") and not covers("arn:t/orders*", "arn:t/o*")
    assert not covers("arn:t/${aws:username}*", "arn:t/x")


def test_largest_inline_connector_numbers():
    """The largest sink that stays inline with 60-character topics (59; recorded in the issue
    note), and the next size, which is split: the hash tree's inline leaf plus one managed policy."""
    fits = _layout_for(topics(59))
    assert fits.strategy == "inline" and fits.inline_size <= INLINE_POLICIES_PER_ROLE_MAX
    split = _layout_for(topics(60))
    assert split.strategy == "stable" and split.inline and len(split.managed) == 1
    assert CLUSTER in json.dumps([s.resources for s in fits.inline])
