"""Partitions (ARNs and service principal), isolated partitions, cross-account clusters and MSK
Serverless."""

from __future__ import annotations

import json

import hcl2
import pytest

from msk_connect_iam.policy import arns
from msk_connect_iam import manifest
from msk_connect_iam.policy import permissions
from msk_connect_iam.errors import ManifestError
from msk_connect_iam.model import Statement
from tfharness import module_ident, planned_resources

from scenarios import CLUSTER_OTHER


@pytest.mark.parametrize("partition", sorted(arns.SERVICE_PRINCIPALS))
def test_service_principal_matches_the_provider(budget_plan, partition):
    """Our per-partition principal equals what the provider's aws_service_principal data source
    gives for a region of that partition."""
    plan, _ = budget_plan
    outputs = plan["planned_values"]["outputs"]
    assert outputs[f"principal_{partition.replace('-', '_')}"]["value"] == arns.SERVICE_PRINCIPALS[partition]


@pytest.mark.parametrize("name,partition,region", [("cn-sink", "aws-cn", "cn-north-1"),
                                                    ("gov-sink", "aws-us-gov", "us-gov-west-1")])
def test_arns_and_source_arn_use_the_cluster_partition(budget_plan, name, partition, region):
    plan, _ = budget_plan
    resources = planned_resources(plan)
    prefix = f"module.{module_ident(name)}"
    trust = json.loads(resources[f"{prefix}.aws_iam_role.this"]["assume_role_policy"])["Statement"][0]
    assert trust["Condition"]["ArnLike"]["aws:SourceArn"] == \
        f"arn:{partition}:kafkaconnect:{region}:123456789012:connector/{name}/*"
    assert trust["Principal"] == {"Service": "kafkaconnect.amazonaws.com"}
    policy = json.loads(resources[f"{prefix}.aws_iam_role_policy.this"]["policy"])
    res = [r for s in policy["Statement"] for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])]
    assert res and all(r.startswith(f"arn:{partition}:kafka:{region}:") for r in res)


@pytest.mark.parametrize("partition", ["aws-iso", "aws-iso-b", "aws-eusc"])
def test_isolated_partitions_are_refused_clearly(tmp_path, partition):
    path = tmp_path / "m.yaml"
    path.write_text(f"version: 1\nconnectors:\n  - name: a\n    type: sink\n    topics: [t]\n    cluster:\n"
                    f"      arn: arn:{partition}:kafka:us-iso-east-1:123456789012:cluster/c/u-1\n")
    with pytest.raises(ManifestError) as exc:
        manifest.load(path)
    [p] = exc.value.problems
    assert p.path == "connectors[0].cluster.arn" and "isolated partition" in p.message
    assert "aws, aws-cn, aws-us-gov" in p.message


def _cross(tmp_path, opt_in: bool):
    path = tmp_path / "m.yaml"
    path.write_text("version: 1\nconnectors:\n  - name: x\n    type: sink\n    account: \"123456789012\"\n"
                    + ("    cross_account: true\n" if opt_in else "")
                    + f"    cluster:\n      arn: {CLUSTER_OTHER}\n    topics: [t]\n")
    return path


def test_cross_account_is_refused_without_opt_in(tmp_path):
    with pytest.raises(ManifestError) as exc:
        manifest.load(_cross(tmp_path, False))
    [p] = exc.value.problems
    assert (p.line, p.path) == (5, "connectors[0].account")
    assert "999988887777" in p.message and "cross_account: true" in p.message


def test_cross_account_module_outputs_the_cluster_policy_statements(budget_plan, scenarios):
    plan, entries = budget_plan
    folder = entries["cross-sink"][0]
    main = hcl2.load(open(folder / "main.tf"))
    docs = {k: v for block in main["data"] for k, v in block.get('"aws_iam_policy_document"', block).items()}
    cluster_doc = docs.get('"cluster_policy"') or docs.get("cluster_policy")
    assert cluster_doc is not None
    stmts = cluster_doc["statement"]
    role = permissions.execution_role(manifest.load(scenarios[1]["cross-sink"]).connectors[0])
    kafka = [s for s in role.statements if s.actions[0].startswith("kafka-cluster:")]
    assert len(stmts) == len(kafka) >= 4
    for got, want in zip(stmts, kafka):
        assert [a.strip('"') for a in got["actions"]] == list(want.actions)
        assert [r.strip('"') for r in got["resources"]] == list(want.resources)
        assert all(r.startswith("arn:aws:kafka:us-east-1:999988887777:") for r in want.resources)
        principals = got["principals"][0] if isinstance(got["principals"], list) else got["principals"]
        assert principals["identifiers"] == ["${local.role_arn}"]  # this role's ARN (test_cross_account_clusters)
    outputs = plan["planned_values"]["outputs"]  # root outputs only; check the module output exists
    assert "cluster_policy_statements" in (folder / "outputs.tf").read_text()
    assert outputs is not None
    # the role itself: trust for the connector's account, kafka ARNs in the cluster's account
    resources = planned_resources(plan)
    trust = json.loads(resources[f"module.{module_ident('cross-sink')}.aws_iam_role.this"]["assume_role_policy"])
    assert trust["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"] == "123456789012"


def test_serverless_never_gets_the_three_cluster_actions(monkeypatch, scenarios):
    connector = manifest.load(scenarios[1]["serverless-source"]).connectors[0]
    assert connector.cluster.kind == "serverless"
    real = permissions.kafka_statements

    def with_cluster_config(c):  # a rule (e.g. a catalog kind) that asks for cluster config access
        extra = Statement("ClusterConfig", tuple(sorted(permissions.SERVERLESS_UNSUPPORTED | {"kafka-cluster:Connect"})),
                          (c.cluster.arn.arn,))
        return real(c) + [extra]

    monkeypatch.setattr(permissions, "kafka_statements", with_cluster_config)
    role = permissions.execution_role(connector)
    actions = {a for s in role.statements for a in s.actions}
    assert "kafka-cluster:Connect" in actions
    assert not actions & permissions.SERVERLESS_UNSUPPORTED
    assert any("Serverless" in n for n in role.notes)
    provisioned = permissions.execution_role(connector.__class__(**{**connector.__dict__, "cluster": connector.cluster.__class__(
        arn=connector.cluster.arn, authentication="iam", kind="provisioned")}))
    assert permissions.SERVERLESS_UNSUPPORTED <= {a for s in provisioned.statements for a in s.actions}


def test_serverless_module_plans(budget_plan):
    plan, _ = budget_plan
    resources = planned_resources(plan)
    policy = json.loads(resources[f"module.{module_ident('serverless-source')}.aws_iam_role_policy.this"]["policy"])
    actions = {a for s in policy["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert "kafka-cluster:WriteData" in actions and not actions & permissions.SERVERLESS_UNSUPPORTED
