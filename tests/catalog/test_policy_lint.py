"""parliament (duo-labs) checks every generated policy: each action on a resource type it takes.

The kind tests lint every role they generate (tests/kindtest.py); this file shows the check can
fail and applies it to every connector of every example manifest.
"""

from pathlib import Path

import pytest

from kindtest import lint
from msk_connect_iam.model import Statement

REPO = Path(__file__).resolve().parents[2]
C = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


@pytest.mark.parametrize("action, resource", [
    ("kafka-cluster:ReadData", C.replace(":cluster/", ":group/") + "/connect-x"),
    ("kafka-cluster:AlterGroup", C.replace(":cluster/", ":topic/") + "/orders"),
    ("kafka-cluster:DescribeTransactionalId", C.replace(":cluster/", ":topic/") + "/orders"),
    ("s3:PutObject", "arn:aws:s3:::acme-bucket"),
    ("s3:ListBucket", "arn:aws:s3:::acme-bucket/*"),
    ("dynamodb:BatchWriteItem", "arn:aws:kinesis:us-east-1:123456789012:stream/x"),
])
def test_lint_reports_an_action_on_the_wrong_resource_type(action, resource):
    findings = lint([Statement(sid="X", actions=(action,), resources=(resource,))])
    assert [issue for issue, _ in findings] == ["RESOURCE_MISMATCH"]


def test_lint_reports_an_unknown_action():
    findings = lint([Statement(sid="X", actions=("kafka-cluster:ReadTopic",), resources=(C,))])
    assert "UNKNOWN_ACTION" in [issue for issue, _ in findings]


@pytest.mark.parametrize("example", sorted(p.relative_to(REPO).as_posix()
                                           for p in (REPO / "examples").rglob("connectors.yaml")))
def test_every_example_policy_passes_parliament(example):
    from msk_connect_iam import manifest
    from msk_connect_iam.policy import permissions

    model = manifest.load(REPO / example)
    for connector in model.connectors:
        assert lint(permissions.execution_role(connector).statements) == [], connector.name
