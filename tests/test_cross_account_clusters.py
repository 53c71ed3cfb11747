"""Cross-account clusters, both of them: the connector's ``cluster`` and MirrorMaker 2's
``source_cluster`` (issue 5, "a cluster owned by another account than the connector's").

- A cluster of another account is a located error unless the connector says ``cross_account: true``.
- Then the module outputs ``cluster_policy_statements``: one policy document per such cluster ARN
  (MSK's PutClusterPolicy holds one policy per cluster), Principal = this role's ARN, holding exactly
  the kafka-cluster (action, resource) pairs the role gets on that cluster.
- The trust policy's ``aws:SourceAccount`` stays the connector's account (where MSK Connect runs).

The expected pairs below are written by hand from the MirrorMaker 2 documentation (Kafka
geo-replication: the source connector reads the replicated topics and ``heartbeats`` on the source
cluster with their configurations, writes ``mm2-offset-syncs.<target alias>.internal`` there by
default, and creates/writes/alters ``<source alias>.<topic>`` on the target) and the AWS page
(Connect + DescribeCluster, internal topics and groups on the cluster MSK Connect attaches to).
"""

from __future__ import annotations

import json

import hcl2
import pytest

from msk_connect_iam import manifest
from msk_connect_iam.policy import permissions
from msk_connect_iam.policy.permissions import cluster_policies, execution_role
from msk_connect_iam.policy.size import CLUSTER_POLICY_MAX, render_resource_policy
from msk_connect_iam.errors import ManifestError
from scenarios import CLUSTER, CLUSTER_OTHER, CLUSTER_THIRD, mm2_manifest, sink_manifest, topics
from test_policy_budget import minify
from tfharness import module_ident, planned_resources

CONNECTOR_ACCOUNT = "123456789012"


def _arn(cluster: str, kind: str, name: str) -> str:
    head, tail = cluster.split(":cluster/")
    return f"{head}:{kind}/{tail}/{name}"


def _on(cluster: str, resource: str) -> bool:
    return resource == cluster or any(resource.startswith(_arn(cluster, kind, ""))
                                      for kind in ("topic", "group", "transactional-id"))


def _pairs(actions, resources) -> set[tuple[str, str]]:
    return {(f"kafka-cluster:{a}", r) for a in actions for r in resources}


def source_side(cluster: str, target_alias: str) -> set[tuple[str, str]]:
    """What MirrorSourceConnector does on the cluster it replicates from."""
    topic = lambda n: _arn(cluster, "topic", n)  # noqa: E731
    return (_pairs(["Connect", "DescribeCluster"], [cluster])
            | _pairs(["ReadData", "DescribeTopic", "DescribeTopicDynamicConfiguration"],
                     [topic("orders"), topic("heartbeats")])
            | _pairs(["CreateTopic", "DescribeTopic", "WriteData"],
                     [topic(f"mm2-offset-syncs.{target_alias}.internal")]))


def target_side(cluster: str, source_alias: str) -> set[tuple[str, str]]:
    """What a MirrorSourceConnector's role does on the cluster MSK Connect attaches to."""
    topic = lambda n: _arn(cluster, "topic", n)  # noqa: E731
    remote = [topic(f"{source_alias}.orders"), topic(f"{source_alias}.heartbeats")]
    return (_pairs(["Connect", "DescribeCluster"], [cluster])
            | _pairs(["CreateTopic", "WriteData", "ReadData", "DescribeTopic"], [topic("__amazon_msk_connect_*")])
            | _pairs(["AlterGroup", "DescribeGroup"], [_arn(cluster, "group", "__amazon_msk_connect_*")])
            | _pairs(["WriteData", "DescribeTopic"], remote)
            | _pairs(["CreateTopic", "AlterTopic", "AlterTopicDynamicConfiguration"], remote))


def _listed(v):
    return [v] if isinstance(v, str) else list(v)


def doc_pairs(document: dict) -> set[tuple[str, str]]:
    return {(a, r) for s in document["Statement"] for a in _listed(s["Action"]) for r in _listed(s["Resource"])}


def _load_problems(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(ManifestError) as exc:
        manifest.load(path)
    return exc.value.problems


# -- located errors -------------------------------------------------------------------------------

def test_source_cluster_of_another_account_is_refused_without_opt_in(tmp_path):
    text = mm2_manifest("m", cluster=CLUSTER, source=CLUSTER_OTHER, source_alias="a", target_alias="b",
                        cross_account=False)
    [p] = _load_problems(tmp_path, text)
    assert (p.line, p.column, p.path) == (7, 7, "connectors[0].source_cluster")
    assert "999988887777" in p.message and CONNECTOR_ACCOUNT in p.message and "cross_account: true" in p.message


def test_both_clusters_of_other_accounts_are_both_reported(tmp_path):
    text = mm2_manifest("m", cluster=CLUSTER_OTHER, source=CLUSTER_THIRD, source_alias="a", target_alias="b",
                        account=CONNECTOR_ACCOUNT, cross_account=False)
    problems = _load_problems(tmp_path, text)
    assert [(p.line, p.path) for p in problems] == [(4, "connectors[0].account"), (8, "connectors[0].source_cluster")]
    assert "999988887777" in problems[0].message and "444455556666" in problems[1].message


def test_source_cluster_in_another_partition_is_refused(tmp_path):
    """One IAM role lives in one partition; a principal of one partition cannot be granted access
    to a resource of another (IAM User Guide, ARNs: partitions), so no opt-in helps."""
    cn = "arn:aws-cn:kafka:cn-north-1:123456789012:cluster/legacy/0d3c5e7a-8b9f-4a2c-b1d4-6e8f0a2c4b6d-2"
    for opt_in in (False, True):
        text = mm2_manifest("m", cluster=CLUSTER, source=cn, source_alias="a", target_alias="b", cross_account=opt_in)
        problems = _load_problems(tmp_path, text)
        assert [p.path for p in problems] == ["connectors[0].source_cluster"], problems
        assert "aws-cn" in problems[0].message and "partition" in problems[0].message


def test_cross_account_and_cross_region_cluster_gets_a_warning(tmp_path):
    """Same-account cross-Region replication (the MM2 example) is fine; another account AND
    another Region is accepted with a warning: AWS documents cross-account access only within a
    Region (multi-VPC private connectivity)."""
    far = CLUSTER_THIRD.replace("us-east-1", "eu-west-1")
    path = tmp_path / "m.yaml"
    path.write_text(mm2_manifest("m", cluster=CLUSTER, source=far, source_alias="a", target_alias="b"))
    [c] = manifest.load(path).connectors
    [w] = [w for w in c.analysis.warnings if "another Region" in w]
    assert far in w and "eu-west-1" in w and "444455556666" in w
    same_account = CLUSTER.replace("us-east-1", "eu-west-1").replace("/analytics/", "/legacy/")
    path.write_text(mm2_manifest("m", cluster=CLUSTER, source=same_account, source_alias="a", target_alias="b",
                                 cross_account=False))
    [c] = manifest.load(path).connectors
    assert not [w for w in c.analysis.warnings if "another Region" in w]
    assert not c.cross_account and not c.foreign_clusters()


# -- module structure (python-hcl2) ---------------------------------------------------------------

def _data_documents(main: dict) -> dict:
    return {k.strip('"'): v for block in main["data"] for k, v in block.get('"aws_iam_policy_document"', {}).items()}


def test_module_has_one_document_per_foreign_cluster(scenarios):
    folder, _ = scenarios
    both = folder / "modules" / "cross-mm2-both"
    main = hcl2.load(open(both / "main.tf"))
    docs = _data_documents(main)
    assert {"cluster_policy", "source_cluster_policy"} <= set(docs)
    resources = {}
    for name in ("cluster_policy", "source_cluster_policy"):
        resources[name] = set()
        for st in docs[name]["statement"]:
            principals = st["principals"][0] if isinstance(st["principals"], list) else st["principals"]
            assert principals["type"] == '"AWS"' and principals["identifiers"] == ["${local.role_arn}"]
            resources[name] |= {r.strip('"') for r in st["resources"]}
    assert resources["cluster_policy"] and all(_on(CLUSTER_OTHER, r) for r in resources["cluster_policy"])
    assert resources["source_cluster_policy"] and all(_on(CLUSTER_THIRD, r) for r in resources["source_cluster_policy"])
    [local] = [b for b in main["locals"] if "role_arn" in b]
    assert local["role_arn"] == '${join("", ["arn:aws:iam::123456789012:role", var.path, var.name])}'
    [out] = [o['"cluster_policy_statements"'] for o in hcl2.load(open(both / "outputs.tf"))["output"]
             if '"cluster_policy_statements"' in o]
    assert out["value"] == {f'"{CLUSTER_OTHER}"': "${data.aws_iam_policy_document.cluster_policy.json}",
                            f'"{CLUSTER_THIRD}"': "${data.aws_iam_policy_document.source_cluster_policy.json}"}

    own_target = folder / "modules" / "cross-mm2-source"
    docs = _data_documents(hcl2.load(open(own_target / "main.tf")))
    assert "source_cluster_policy" in docs and "cluster_policy" not in docs
    readme = (own_target / "README.md").read_text()
    assert CLUSTER_OTHER in readme and "aws_iam_policy_document.source_cluster_policy" in readme


# -- terraform plan: the output the owners use, compared with hand-written expectations ------------

@pytest.mark.parametrize("name,expected", [
    ("cross-mm2-source", {CLUSTER_OTHER: source_side(CLUSTER_OTHER, "analytics")}),
    ("cross-mm2-both", {CLUSTER_OTHER: target_side(CLUSTER_OTHER, "legacy"),
                        CLUSTER_THIRD: source_side(CLUSTER_THIRD, "shared")}),
    ("cross-sink", {CLUSTER_OTHER: (
        _pairs(["Connect", "DescribeCluster"], [CLUSTER_OTHER])
        | _pairs(["ReadData", "DescribeTopic"], [_arn(CLUSTER_OTHER, "topic", "shared.orders")])
        | _pairs(["CreateTopic", "WriteData", "ReadData", "DescribeTopic"],
                 [_arn(CLUSTER_OTHER, "topic", "__amazon_msk_connect_*")])
        | _pairs(["AlterGroup", "DescribeGroup"], [_arn(CLUSTER_OTHER, "group", "__amazon_msk_connect_*"),
                                                   _arn(CLUSTER_OTHER, "group", "connect-cross-sink")]))}),
])
def test_planned_cluster_policy_documents(budget_plan, name, expected):
    plan, entries = budget_plan
    ident = module_ident(name)
    output = plan["planned_values"]["outputs"][f"cluster_policies_{ident}"]["value"]
    assert set(output) == set(expected)
    resources = planned_resources(plan)
    role = resources[f"module.{ident}.aws_iam_role.this"]
    role_arn = f"arn:aws:iam::{CONNECTOR_ACCOUNT}:role{role['path']}{role['name']}"
    connector = entries[name][1]
    python_docs = {p.cluster.arn.arn: p for p in cluster_policies(execution_role(connector))}
    assert permissions.role_arn(connector) == role_arn
    for cluster, want in expected.items():
        # the size check's rendering (policy_checks) is exactly what the provider renders
        assert minify(output[cluster]) == render_resource_policy(python_docs[cluster].statements, ("AWS", (role_arn,)))
        document = json.loads(output[cluster])
        assert doc_pairs(document) == want, cluster
        assert all(s["Effect"] == "Allow" and s["Principal"] == {"AWS": role_arn} for s in document["Statement"])
        sids = [s["Sid"] for s in document["Statement"]]
        assert len(sids) == len(set(sids))
    # exactly the role's own kafka-cluster grants on those clusters: nothing more, nothing less
    own = {}
    for key, values in resources.items():
        if key.startswith(f"module.{ident}.") and key.split(".")[2] in ("aws_iam_role_policy", "aws_iam_policy"):
            own.update({p: True for p in doc_pairs(json.loads(values["policy"]))})
    for cluster, want in expected.items():
        mine = {(a, r) for a, r in own if a.startswith("kafka-cluster:") and _on(cluster, r)}
        assert mine == want, cluster


@pytest.mark.parametrize("name", ["cross-sink", "cross-mm2-source", "cross-mm2-both"])
def test_trust_names_the_connector_account_not_the_cluster_owners(budget_plan, name):
    plan, _ = budget_plan
    trust = json.loads(planned_resources(plan)[f"module.{module_ident(name)}.aws_iam_role.this"]["assume_role_policy"])
    [statement] = trust["Statement"]
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"] == CONNECTOR_ACCOUNT
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == \
        f"arn:aws:kafkaconnect:us-east-1:{CONNECTOR_ACCOUNT}:connector/{name}/*"


def test_a_cluster_policy_document_over_20_kb_is_a_located_error(tmp_path):
    """300 topics of 60 characters fit the role (managed policies) but not one MSK cluster policy."""
    text = sink_manifest("wide", topics(300), cluster=CLUSTER_OTHER).replace(
        "    type: sink\n", f'    type: sink\n    account: "{CONNECTOR_ACCOUNT}"\n    cross_account: true\n')
    [p] = _load_problems(tmp_path, text)
    assert (p.line, p.path) == (6, "connectors[0].cross_account")
    size = int(p.message.split(" are ")[1].split(" characters")[0].replace(",", ""))
    assert size > CLUSTER_POLICY_MAX and CLUSTER_OTHER in p.message and "20,480" in p.message
    # the same connector in its cluster's own account is fine (no cluster policy needed)
    path = tmp_path / "own.yaml"
    path.write_text(sink_manifest("wide", topics(300), cluster=CLUSTER))
    assert manifest.load(path).connectors
