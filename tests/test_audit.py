"""audit (issue 15): existing roles written by hand against tests/fixtures/audit/connectors.yaml.

The expected findings below were written by hand from the role documents and the manifest (the
generator's needs for clicks-s3 and orders-source are listed by `msk-connect-iam explain`), not
copied from the tool's output. Also: the IAM evaluator (property tests against the documented
evaluation logic) and bad input (located errors, no traceback).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from msk_connect_iam.audit import evaluate as ev
from msk_connect_iam.audit.audit import EXCESS, MISSING, TRUST, run
from msk_connect_iam.audit.commands import audit_command
from msk_connect_iam.audit.needs import EXIT_FINDINGS
from msk_connect_iam.audit.sources import read

FIX = Path(__file__).parent / "fixtures" / "audit"
MANIFEST = FIX / "connectors.yaml"
CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
TOPIC = CLUSTER.replace(":cluster/", ":topic/") + "/"
GROUP = CLUSTER.replace(":cluster/", ":group/") + "/"


def _audit(case: str, connector: str):
    result = run(MANIFEST, sorted((FIX / case).iterdir()), connector=connector)
    (c,) = result.connectors
    return c


def _pairs(c, kind):
    return sorted((f.action, f.resource) for f in c.findings if f.kind == kind)


# --------------------------------------------------------------------------- the four roles


def test_broad_role_has_no_missing_grant_and_says_what_the_excess_allows():
    c = _audit("broad", "clicks-s3")
    assert c.role == "msk-connect-clicks"  # matched through create-connector.json's serviceExecutionRoleArn
    assert _pairs(c, MISSING) == []
    assert _pairs(c, TRUST) == []
    excess = {f.action: f.message for f in c.findings if f.kind == EXCESS}
    # kafka-cluster:* on *: 11 of the 19 actions unneeded (the sink needs Connect, DescribeCluster,
    # DescribeTopic, ReadData, WriteData, CreateTopic, AlterGroup, DescribeGroup), deletes among them.
    assert set(excess) == {"kafka-cluster:*", "s3:*, s3-object-lambda:*"}
    assert "11 action(s) the connector does not need" in excess["kafka-cluster:*"]
    assert "kafka-cluster:DeleteGroup" in excess["kafka-cluster:*"]
    assert "kafka-cluster:DeleteTopic" in excess["kafka-cluster:*"]
    assert "every resource of every account" in excess["kafka-cluster:*"]
    # AmazonS3FullAccess (the shipped AWS managed document): s3:* and s3-object-lambda:* on *.
    assert "s3:DeleteObject" in excess["s3:*, s3-object-lambda:*"]
    assert "s3-object-lambda:" in excess["s3:*, s3-object-lambda:*"]
    assert any("AmazonS3FullAccess" in n and "shipped" in n for n in c.notes)
    assert c.summary.startswith("connector clicks-s3 (role msk-connect-clicks): broader than needed: 0 missing, 2 excess")


def test_narrow_role_misses_the_groups_and_the_boundary_blocks_describe_topic():
    c = _audit("narrow", "orders-source")
    assert c.role == "orders-source"  # matched by the role name the manifest gives the connector
    assert _pairs(c, MISSING) == sorted([
        ("kafka-cluster:AlterGroup", GROUP + "__amazon_msk_connect_*"),
        ("kafka-cluster:DescribeGroup", GROUP + "__amazon_msk_connect_*"),
        ("kafka-cluster:DescribeTopic", TOPIC + "orders"),
        ("kafka-cluster:DescribeTopic", TOPIC + "__amazon_msk_connect_*"),
    ])
    by = {(f.action, f.resource): f for f in c.findings if f.kind == MISSING}
    assert by[("kafka-cluster:AlterGroup", GROUP + "__amazon_msk_connect_*")].error == "GroupAuthorizationException"
    orders = by[("kafka-cluster:DescribeTopic", TOPIC + "orders")]
    assert orders.error == "TopicAuthorizationException"
    assert orders.causes == ["topics[0]"]
    assert "permissions boundary arn:aws:iam::123456789012:policy/msk-connect-boundary" in orders.message
    assert _pairs(c, EXCESS) == []  # the Deny of kafka-cluster:Delete* is not a grant
    assert _pairs(c, TRUST) == []


def test_missing_kafka_role_misses_every_kafka_grant():
    c = _audit("missing-kafka", "clicks-s3")
    assert c.role == "clicks-s3-role"  # aws_mskconnect_connector -> aws_iam_role.clicks.arn
    missing = _pairs(c, MISSING)
    assert len(missing) == 12
    assert all(a.startswith("kafka-cluster:") for a, _ in missing)
    assert ("kafka-cluster:Connect", CLUSTER) in missing
    assert ("kafka-cluster:ReadData", TOPIC + "clicks") in missing
    assert ("kafka-cluster:AlterGroup", GROUP + "connect-clicks-s3") in missing
    connect = next(f for f in c.findings if f.action == "kafka-cluster:Connect")
    assert connect.error.startswith("SaslAuthenticationException")
    read_clicks = next(f for f in c.findings if f.action == "kafka-cluster:ReadData" and f.resource.endswith("/clicks"))
    assert read_clicks.causes == ["connector_configuration: topics=clicks"]
    # the object statement reaches every object of the bucket; the connector writes under topics/
    (excess,) = [f for f in c.findings if f.kind == EXCESS]
    assert excess.resource == "arn:aws:s3:::acme-lake/*"  # ${var.bucket} resolved from the default
    assert "every object of bucket acme-lake" in excess.message
    (trust,) = [f for f in c.findings if f.kind == TRUST]
    assert "no aws:SourceArn" in trust.message


def test_wrong_trust_role_has_exact_permissions_and_three_trust_findings():
    c = _audit("wrong-trust", "orders-source")
    assert c.role == "orders-connector"
    assert _pairs(c, MISSING) == [] and _pairs(c, EXCESS) == []
    messages = [f.message for f in c.findings if f.kind == TRUST]
    assert len(messages) == 3
    assert any("principal kafka.amazonaws.com is not MSK Connect's service principal" in m for m in messages)
    assert any("no aws:SourceAccount" in m for m in messages)
    assert any("partition aws-cn instead of aws" in m for m in messages)


def test_exact_role_is_sufficient_and_minimal(tmp_path):
    """The role the generator would write, given as get-account-authorization-details: exit 0."""
    from msk_connect_iam.render.explain import explain
    from msk_connect_iam.manifest import load

    rows = [r for r in explain(load(MANIFEST), "orders-source")]
    doc = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": r.action, "Resource": r.resource} for r in rows]}
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "kafkaconnect.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                      "ArnLike": {"aws:SourceArn": "arn:aws:kafkaconnect:us-east-1:123456789012:connector/orders-source/*"}}}]}
    f = tmp_path / "details.json"
    f.write_text(json.dumps({"RoleDetailList": [{"RoleName": "orders-source", "AssumeRolePolicyDocument": trust,
                                                  "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": doc}]}],
                             "Policies": []}))
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(f), "--connector", "orders-source"])
    assert r.exit_code == 0, r.output
    assert "sufficient and minimal: 0 missing, 0 excess, 0 trust-policy, 0 not evaluated" in r.output


# --------------------------------------------------------------------------- formats and exit codes


def test_cli_text_json_sarif_and_exit_code():
    args = [str(MANIFEST)] + [str(p) for p in sorted((FIX / "narrow").iterdir())] + ["--connector", "orders-source"]
    r = CliRunner().invoke(audit_command, args)
    assert r.exit_code == EXIT_FINDINGS == 6
    assert "4 missing" in r.output
    r = CliRunner().invoke(audit_command, args + ["--format", "json"])
    doc = json.loads(r.output)
    assert doc["connectors"][0]["counts"] == {"missing": 4, "excess": 0, "trust": 0, "unknown": 0}
    r = CliRunner().invoke(audit_command, args + ["--format", "sarif"])
    sarif = json.loads(r.output)
    check_sarif(sarif)
    assert {x["ruleId"] for x in sarif["runs"][0]["results"]} == {"MissingGrant"}


def check_sarif(doc: dict) -> None:
    """The SARIF 2.1.0 requirements a result consumer relies on (the OASIS schema's required
    properties and enums; the full schema is checked by hand, see docs/audit.md)."""
    assert doc["version"] == "2.1.0" and isinstance(doc["runs"], list)
    for run_ in doc["runs"]:
        driver = run_["tool"]["driver"]
        assert isinstance(driver["name"], str)
        ids = [r["id"] for r in driver.get("rules", [])]
        for res in run_["results"]:
            assert isinstance(res["message"]["text"], str) and res["message"]["text"]
            assert res["level"] in ("none", "note", "warning", "error")
            assert res["ruleId"] in ids and ids[res["ruleIndex"]] == res["ruleId"]
            for loc in res["locations"]:
                uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                assert uri and "\\" not in uri
                region = loc["physicalLocation"].get("region")
                if region:
                    assert region["startLine"] >= 1


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("content, expect", [
    ('{"RoleDetailList": [ {"RoleName": "x",, } ]}', r"bad\.json:1:\d+: not valid JSON"),
    ('{"something": "else"}', r"bad\.json:1:1: unknown input format"),
    ('[1, 2]', r"bad\.json:1:1: expected a JSON object"),
    ('{"Role": {"RoleName": "x", "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*"}]}}}',
     r"bad\.json:0:0: Role\.AssumeRolePolicyDocument: policy trust policy statement 0: Effect must be Allow or Deny"),
])
def test_bad_input_is_located_and_has_no_traceback(tmp_path, content, expect):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(bad)])
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert re.search(expect, r.output), r.output


def test_unreadable_and_missing_files(tmp_path):
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(tmp_path / "nope.json")])
    assert r.exit_code == 1 and "nope.json:0:0: file not found" in r.output
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b'{"x": "\xff"}')
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(bad)])
    assert r.exit_code == 1 and "cannot read" in r.output and "Traceback" not in r.output
    tf = tmp_path / "main.tf"
    tf.write_text('resource "aws_iam_role" "x" {\n  name = \n}\n')
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(tf)])
    assert r.exit_code == 1 and "not valid HCL" in r.output and "Traceback" not in r.output


def test_no_matching_role_is_an_input_error(tmp_path):
    f = tmp_path / "details.json"
    f.write_text(json.dumps({"RoleDetailList": [{"RoleName": "someone-else"}], "Policies": []}))
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(f)])
    assert r.exit_code == 1 and "no connector of the manifest matches a role" in r.output


def test_unknown_connector_is_an_input_error():
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(FIX / "broad" / "authorization-details.json"),
                                           "--connector", "nope"])
    assert r.exit_code == 1 and "no connector named 'nope'" in r.output


def test_unresolved_managed_policy_is_reported(tmp_path):
    f = tmp_path / "details.json"
    f.write_text(json.dumps({"RoleDetailList": [{"RoleName": "orders-source", "AttachedManagedPolicies": [
        {"PolicyName": "custom", "PolicyArn": "arn:aws:iam::123456789012:policy/custom"}]}], "Policies": []}))
    inv = read([f])
    assert any("custom is attached but its document is not in the input" in n for n in inv.roles["orders-source"].notes)


# --------------------------------------------------------------------------- the evaluator


def _policy(*statements, name="p", kind="inline"):
    return ev.parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name, kind)


def test_evaluation_logic_examples():
    allow = {"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": "*"}
    deny = {"Effect": "Deny", "Action": "kafka-cluster:DeleteTopic", "Resource": TOPIC + "*"}
    p = _policy(allow, deny)
    assert ev.evaluate("kafka-cluster:ReadData", TOPIC + "a", [p]).result == ev.ALLOW
    assert ev.evaluate("kafka-cluster:DeleteTopic", TOPIC + "a", [p]).result == ev.DENY
    assert ev.evaluate("s3:GetObject", "arn:aws:s3:::b/k", [p]).result == ev.IMPLICIT_DENY
    # action names are case-insensitive, resources are not
    assert ev.evaluate("KAFKA-CLUSTER:readdata", TOPIC + "a", [p]).allowed
    p2 = _policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::Bucket/*"})
    assert not ev.evaluate("s3:GetObject", "arn:aws:s3:::bucket/k", [p2]).allowed
    # NotAction / NotResource
    p3 = _policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert ev.evaluate("s3:PutObject", "arn:aws:s3:::b/k", [p3]).allowed
    assert not ev.evaluate("iam:PassRole", "*", [p3]).allowed
    p4 = _policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
    assert ev.evaluate("s3:GetObject", "arn:aws:s3:::b/k", [p4]).allowed
    assert not ev.evaluate("s3:GetObject", "arn:aws:s3:::secret/k", [p4]).allowed
    # a needed pattern counts as allowed only when all of it is covered
    p5 = _policy({"Effect": "Allow", "Action": "kafka-cluster:ReadData", "Resource": TOPIC + "__amazon_msk_connect_read"})
    assert not ev.evaluate("kafka-cluster:ReadData", TOPIC + "__amazon_msk_connect_*", [p5]).allowed
    # a Deny that overlaps part of a needed pattern denies it
    p6 = _policy(allow, {"Effect": "Deny", "Action": "*", "Resource": TOPIC + "__amazon_msk_connect_offsets"})
    assert ev.evaluate("kafka-cluster:ReadData", TOPIC + "__amazon_msk_connect_*", [p6]).result == ev.DENY


def test_conditions_evaluated_or_reported():
    cond = {"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}
    assert ev.evaluate("kafka-cluster:Connect", CLUSTER, [_policy(cond)],
                       context={"aws:requestedregion": ("us-east-1",)}).allowed
    assert ev.evaluate("kafka-cluster:Connect", CLUSTER, [_policy(cond)],
                       context={"aws:requestedregion": ("eu-west-1",)}).result == ev.IMPLICIT_DENY
    d = ev.evaluate("kafka-cluster:Connect", CLUSTER, [_policy(cond)], context={})
    assert d.result == ev.UNKNOWN and "aws:RequestedRegion" in d.unknown[0]
    ip = {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
    d = ev.evaluate("kafka-cluster:Connect", CLUSTER, [_policy(cond, ip)], context={"aws:requestedregion": ("us-east-1",)})
    assert d.result == ev.UNKNOWN and "operator not evaluated offline" in " ".join(d.unknown)


def test_permissions_boundary_caps():
    identity = _policy({"Effect": "Allow", "Action": "*", "Resource": "*"})
    boundary = _policy({"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": "*"}, name="b", kind="boundary")
    assert ev.evaluate("kafka-cluster:Connect", CLUSTER, [identity], boundary).allowed
    d = ev.evaluate("s3:PutObject", "arn:aws:s3:::b/k", [identity], boundary)
    assert d.result == ev.IMPLICIT_DENY and d.boundary_blocks
    # the boundary never grants by itself
    assert not ev.evaluate("kafka-cluster:Connect", CLUSTER, [], boundary).allowed


def test_url_encoded_documents_as_iam_returns_them():
    text = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"
    p = ev.parse_policy(text, "encoded")
    assert ev.evaluate("s3:GetObject", "arn:aws:s3:::b/k", [p]).allowed


# Patterns over a small alphabet so that wildcards and literals collide often.
_pattern = st.text(alphabet="ab*?/", max_size=7)
_literal = st.text(alphabet="ab/", max_size=7)


def _instances(pattern: str, fill: str) -> str:
    return pattern.replace("*", fill).replace("?", fill[:1] or "a")


@settings(max_examples=400, deadline=None)
@given(_pattern, _pattern, st.lists(_literal, min_size=1, max_size=4))
def test_covers_is_sound(outer, inner, fills):
    """covers(outer, inner) => every instance of inner matches outer (IAM's * and ?)."""
    if ev.covers(outer, inner):
        for fill in fills:
            value = "".join(ch if ch not in "*?" else (fill if ch == "*" else (fill[:1] or "a")) for ch in inner)
            assert ev.glob_match(outer, value)


@settings(max_examples=400, deadline=None)
@given(_pattern, _literal)
def test_covers_and_overlaps_agree_with_matching_on_literals(pattern, value):
    """On a literal, covers, overlaps and glob matching are the same relation."""
    m = ev.glob_match(pattern, value)
    assert ev.covers(pattern, value) == m
    assert ev.overlaps(pattern, value) == m


@settings(max_examples=300, deadline=None)
@given(_pattern, _pattern, _literal)
def test_overlaps_is_complete_on_witnesses(p, q, value):
    """A literal matching both patterns proves they overlap."""
    if ev.glob_match(p, value) and ev.glob_match(q, value):
        assert ev.overlaps(p, q)


_actions = st.sampled_from(["kafka-cluster:Connect", "kafka-cluster:ReadData", "kafka-cluster:*", "s3:*", "*",
                            "s3:GetObject", "kafka-cluster:Describe*"])
_resources = st.sampled_from(["*", TOPIC + "*", TOPIC + "a", CLUSTER, "arn:aws:s3:::b/*", "arn:aws:s3:::b/k"])
_statement = st.fixed_dictionaries({
    "Effect": st.sampled_from(["Allow", "Deny"]),
    "Action": st.lists(_actions, min_size=1, max_size=3),
    "Resource": st.lists(_resources, min_size=1, max_size=3),
})
_request = st.tuples(st.sampled_from(["kafka-cluster:Connect", "kafka-cluster:ReadData", "s3:GetObject",
                                      "kafka-cluster:DescribeTopic"]),
                     st.sampled_from([TOPIC + "a", CLUSTER, "arn:aws:s3:::b/k", TOPIC + "__amazon_msk_connect_*"]))


def _reference(action, resource, statements, boundary=None) -> str:
    """The documented flow, literally: explicit deny wins; else identity allow and (when there is
    a boundary) boundary allow; else implicit deny. Resources as patterns: Allow must cover,
    Deny need only overlap."""
    def applies(s, mode):
        if not any(ev.glob_match(a, action, True) for a in s["Action"]):
            return False
        if mode == "all":
            return any(ev.covers(r, resource) for r in s["Resource"])
        return any(ev.overlaps(r, resource) for r in s["Resource"])
    everything = statements + (boundary or [])
    if any(s["Effect"] == "Deny" and applies(s, "any") for s in everything):
        return ev.DENY
    ok = any(s["Effect"] == "Allow" and applies(s, "all") for s in statements)
    if boundary is not None:
        ok = ok and any(s["Effect"] == "Allow" and applies(s, "all") for s in boundary)
    return ev.ALLOW if ok else ev.IMPLICIT_DENY


@settings(max_examples=400, deadline=None)
@given(st.lists(_statement, max_size=4), st.one_of(st.none(), st.lists(_statement, max_size=2)), _request)
def test_evaluate_follows_the_documented_flow(statements, boundary, request):
    action, resource = request
    identity = [_policy(*statements)] if statements else []
    b = _policy(*boundary, name="b", kind="boundary") if boundary is not None else None
    assert ev.evaluate(action, resource, identity, b).result == _reference(action, resource, statements, boundary)


@settings(max_examples=200, deadline=None)
@given(st.lists(_statement, max_size=4), _request)
def test_explicit_deny_always_wins_and_allow_is_monotonic(statements, request):
    action, resource = request
    base = ev.evaluate(action, resource, [_policy(*statements)] if statements else []).result
    more = ev.evaluate(action, resource, [_policy(*statements, {"Effect": "Allow", "Action": "*", "Resource": "*"})]).result
    assert more == (ev.DENY if base == ev.DENY else ev.ALLOW)
    denied = ev.evaluate(action, resource, [_policy(*statements, {"Effect": "Deny", "Action": action, "Resource": "*"})])
    assert denied.result == ev.DENY


# --------------------------------------------------------------------------- more input shapes


def test_tf_managed_policies_heredoc_and_attachments(tmp_path):
    (tmp_path / "main.tf").write_text('''
resource "aws_iam_role" "r" {
  name                = "orders-source"
  assume_role_policy  = "{\\"Statement\\": []}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonMSKFullAccess"]
}
resource "aws_iam_policy" "kafka" {
  name   = "kafka"
  policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": "*"}]}
EOT
}
resource "aws_iam_role_policy_attachment" "kafka" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.kafka.arn
}
''')
    c = run(MANIFEST, [tmp_path], connector="orders-source").connectors[0]
    assert _pairs(c, MISSING) == []
    excess = " ".join(f.message for f in c.findings if f.kind == EXCESS)
    assert "kafka:*" in excess and "control plane" in excess  # AmazonMSKFullAccess, shipped document
    assert "kafka-cluster:*" in excess
    assert any("no statement lets kafkaconnect.amazonaws.com" in f.message for f in c.findings if f.kind == TRUST)


def test_authorization_details_managed_documents_and_plan(tmp_path):
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kafka-cluster:*", "Resource": "*",
                                                   "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
    f = tmp_path / "details.json"
    f.write_text(json.dumps({
        "RoleDetailList": [{"RoleName": "orders-source", "AttachedManagedPolicies": [
            {"PolicyName": "kafka", "PolicyArn": "arn:aws:iam::123456789012:policy/kafka"}]}],
        "Policies": [{"PolicyName": "kafka", "Arn": "arn:aws:iam::123456789012:policy/kafka", "PolicyVersionList": [
            {"VersionId": "v1", "IsDefaultVersion": False, "Document": {"Statement": []}},
            {"VersionId": "v2", "IsDefaultVersion": True, "Document": doc}]}]}))
    c = run(MANIFEST, [f], connector="orders-source").connectors[0]
    unknown = [x for x in c.findings if x.kind == "unknown"]
    assert unknown and all("IpAddress aws:SourceIp" in x.message for x in unknown)
    assert "not evaluated" in c.summary
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "planned_values": {"root_module": {"resources": [
        {"address": "aws_iam_role.r", "type": "aws_iam_role",
         "values": {"name": "orders-source", "assume_role_policy": json.dumps({"Statement": []})}},
        {"address": "aws_iam_role_policy_attachment.a", "type": "aws_iam_role_policy_attachment",
         "values": {"role": "orders-source"}}]}}}))
    inv = read([plan])
    assert any("not known until apply" in n for n in inv.roles["orders-source"].notes)


def test_role_option_needs_connector_with_several_connectors():
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(FIX / "broad" / "authorization-details.json"),
                                           "--role", "msk-connect-clicks"])
    assert r.exit_code == 1 and "give --connector too" in r.output
    r = CliRunner().invoke(audit_command, [str(MANIFEST), str(FIX / "broad" / "authorization-details.json"),
                                           "--role", "msk-connect-clicks", "--connector", "clicks-s3"])
    assert r.exit_code == EXIT_FINDINGS and "role msk-connect-clicks" in r.output
