"""diagnose (issue 15) on real log excerpts from public issue threads.

Each file of tests/fixtures/diagnose/ starts with ``# source:`` (the thread) and ``# redacted:``
lines; the excerpt follows as posted (ids redacted). The expected findings below were written
by hand from the excerpts and the MSK IAM action table (facts.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msk_connect_iam.audit.commands import diagnose_command
from msk_connect_iam.audit.diagnose import run, scan
from msk_connect_iam.audit.needs import EXIT_FINDINGS
from msk_connect_iam.manifest import load

from test_audit import check_sarif

FIX = Path(__file__).parent / "fixtures" / "diagnose"
MANIFEST = FIX / "connectors.yaml"
CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"

#: file prefix -> [(error, most likely action, resource kind, name, refused_by)] in order.
EXPECTED = {
    "01": [("TopicAuthorizationException", "kafka-cluster:ReadData", "topic", "kafka-connect-cluster-offsets", "")],
    "02": [("TopicAuthorizationException", "kafka-cluster:ReadData", "topic", "Topic25", ""),
           ("TopicAuthorizationException", "kafka-cluster:ReadData", "topic", "NewTopic25", "")],
    "03": [("TopicAuthorizationException", "kafka-cluster:DescribeTopicDynamicConfiguration", "topic", "", "")],
    "04": [("GroupAuthorizationException", "kafka-cluster:DescribeGroup", "group",
            "connect-http-post-kafka-http-connector", "")],
    "05": [("GroupAuthorizationException", "kafka-cluster:DescribeGroup", "group", "connect-filestream-sink", "")],
    "06": [("ClusterAuthorizationException", "kafka-cluster:WriteDataIdempotently", "cluster", "", "")],
    "07": [("ClusterAuthorizationException", "kafka-cluster:WriteDataIdempotently", "cluster", "", "")],
    "08": [("ClusterAuthorizationException", "kafka-cluster:WriteDataIdempotently", "cluster", "", "")],
    "09": [("ClusterAuthorizationException", "kafka-cluster:DescribeClusterDynamicConfiguration", "cluster", "", "")],
    "10": [("SaslAuthenticationException (Access denied)", "kafka-cluster:Connect", "cluster", "", "")],
    "11": [("SaslAuthenticationException (Access denied)", "kafka-cluster:Connect", "cluster", "", "")],
    "12": [("AccessDenied (Amazon S3, 403)", "s3:ListBucket", "aws", "", "")],
    "13": [("AccessDenied (Amazon S3, 403)", "s3:PutObject", "aws", "pfifer-connector-test", "")],
    "14": [("AccessDenied (Amazon S3, 403)", "s3:PutObject", "aws", "", "")],
    "15": [("AccessDeniedException", "secretsmanager:GetSecretValue", "aws", "sharepoint_account",
            "no identity-based policy allows it")],
    "16": [("AccessDeniedException", "secretsmanager:GetSecretValue", "aws", "cfn/atlas/profile/development",
            "no identity-based policy allows it")],
    "17": [("AccessDeniedException", "secretsmanager:BatchGetSecretValue", "aws", "",
            "explicit deny in a service control policy")],
    "18": [("AccessDeniedException", "secretsmanager:ListSecrets", "aws", "", "no permissions boundary allows it")],
    "19": [("AccessDeniedException", "kms:Decrypt", "aws", "", "")],
    "20": [("AccessDeniedException", "kms:Decrypt", "aws", "", "")],
    "21": [("AccessDeniedException", "kms:GenerateDataKey", "aws",
            "arn:aws:kms:eu-west-2:111122223333:key/a466d1fa-5c7f-4b10-8343-08763635d8c4",
            "no resource-based policy allows it")],
    "22": [("AccessDenied", "s3:PutObject", "aws", "arn:aws:s3:::my-bucket/prefix_after/test.py",
            "explicit deny in a resource-based policy")],
    "23": [("AccessDeniedException", "kms:GenerateDataKey", "aws", "",
            "no resource-based policy allows it (or the resource is in another Region)")],
    "24": [("ClusterAuthorizationException", "kafka-cluster:WriteDataIdempotently", "cluster", "", "")],
    "25": [("GroupAuthorizationException", "kafka-cluster:DescribeGroup", "group",
            "Reader-7_offset_consumer_136115595_development.opp-ds.svc-app-event-ingest.omni-cg-kafka-test-14", "")],
    "26": [("TopicAuthorizationException", "kafka-cluster:AlterTopicDynamicConfiguration", "topic", "", "")],
}

LOGS = sorted(FIX.glob("*.log"))


def test_at_least_15_real_excerpts_each_with_its_source():
    assert len(LOGS) >= 15
    assert sorted(p.name[:2] for p in LOGS) == sorted(EXPECTED)
    for p in LOGS:
        lines = p.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# source: https://github.com/"), p.name
        assert lines[1].startswith("# redacted: "), p.name
        # no twelve-digit account id other than the documentation ones
        import re
        for acct in re.findall(r"(?<![0-9A-Za-z-])[0-9]{12}(?![0-9A-Za-z-])", p.read_text()):
            assert acct in ("111122223333", "123456789012"), (p.name, acct)


@pytest.mark.parametrize("path", LOGS, ids=[p.name for p in LOGS])
def test_recognised_as_written_by_hand(path):
    text = path.read_text(encoding="utf-8")
    header = sum(1 for line in text.splitlines() if line.startswith("# "))
    findings = scan(text)
    got = [(f.refusal.error, f.refusal.actions[0], f.refusal.kind, f.refusal.name, f.refusal.refused_by)
           for f in findings]
    assert got == EXPECTED[path.name[:2]]
    for f in findings:
        assert all(n > header for n, _ in f.lines)  # the header lines are never findings


def test_repeated_lines_of_one_refusal_are_one_finding():
    text = (FIX / "10-sarama-msk-iam-access-denied.log").read_text()
    header = sum(1 for line in text.splitlines() if line.startswith("# "))
    (f,) = scan(text)
    assert [n for n, _ in f.lines] == [header + 2, header + 3, header + 4]
    (f,) = scan((FIX / "09-debezium-broker-config.log").read_text())
    assert len(f.lines) == 2  # the ExecutionException and its cause


# --------------------------------------------------------------------------- with a manifest


def _one(prefix: str, connector: str | None = None):
    path = next(FIX.glob(prefix + "-*.log"))
    (f,) = run(path.read_text(), load(MANIFEST), connector)
    return f


def test_already_granted_says_the_cause_is_elsewhere():
    f = _one("05")
    assert f.connector == "filestream-sink"  # the connector named in the log
    assert f.resource == CLUSTER.replace(":cluster/", ":group/") + "/connect-filestream-sink"
    assert f.granted is True
    assert "type: sink (default group connect-<name>)" in f.granted_by[0]
    assert "permissions boundary" in f.elsewhere and "service control policy" in f.elsewhere
    assert "propagated" in f.elsewhere


def test_not_granted_names_the_manifest_change():
    f = _one("04", "filestream-sink")
    assert f.granted is False
    assert "consumer.override.group.id=connect-http-post-kafka-http-connector" in f.fix
    f = _one("01", "filestream-sink")
    assert f.granted is False and "offset.storage.topic=kafka-connect-cluster-offsets" in f.fix
    f = _one("06", "filestream-sink")
    assert f.granted is False and "producer.override.enable.idempotence=true" in f.fix
    assert f.resource == CLUSTER


def test_s3_bucket_from_the_surrounding_lines_is_checked_against_the_manifest():
    f = _one("13", "archive-s3")
    assert f.resource == "arn:aws:s3:::pfifer-connector-test/*"
    assert f.granted is True  # on the topics.dir prefix only, which the verdict says
    assert "only part of" in f.granted_by[0]


def test_explicit_deny_is_not_fixed_in_the_manifest():
    f = _one("17", "filestream-sink")
    assert f.granted is False
    assert f.fix.startswith("no manifest change")
    assert "service control policy" in f.elsewhere
    f = _one("22", "filestream-sink")
    assert "resource-based policy" in f.elsewhere


# --------------------------------------------------------------------------- the command


def test_cli_file_stdin_formats_and_exit_codes(tmp_path):
    log = FIX / "02-console-consumer-metadata.log"
    r = CliRunner().invoke(diagnose_command, [str(log)])
    assert r.exit_code == EXIT_FINDINGS
    assert "2 authorization failure(s) recognised" in r.output
    r = CliRunner().invoke(diagnose_command, ["-", "--format", "json"], input=log.read_text())
    doc = json.loads(r.output)
    assert [f["name"] for f in doc["findings"]] == ["Topic25", "NewTopic25"]
    assert doc["findings"][0]["line"] == 4  # after the three header lines
    r = CliRunner().invoke(diagnose_command, [str(log), "--format", "sarif", "--manifest", str(MANIFEST)])
    sarif = json.loads(r.output)
    check_sarif(sarif)
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    clean = tmp_path / "clean.log"
    clean.write_text("INFO all good\n")
    r = CliRunner().invoke(diagnose_command, [str(clean)])
    assert r.exit_code == 0 and "no authorization failure" in r.output


def test_cloudwatch_json_export_is_unwrapped(tmp_path):
    events = {"events": [{"timestamp": 1, "message": line}
                         for line in (FIX / "05-filestream-sink-group.log").read_text().splitlines()]}
    f = tmp_path / "export.json"
    f.write_text(json.dumps(events))
    (finding,) = scan(f.read_text())
    assert finding.refusal.name == "connect-filestream-sink"


def test_aws_logs_tail_prefixes_do_not_disturb(tmp_path):
    line = ("2024-05-01T10:00:00.000000+00:00 my-connector/worker-1 [Worker-0a1b] "
            "org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: connect-x")
    (finding,) = scan(line)
    assert finding.refusal.name == "connect-x"


def test_bad_input_located_and_no_traceback(tmp_path):
    r = CliRunner().invoke(diagnose_command, [str(tmp_path / "missing.log")])
    assert r.exit_code == 1 and "missing.log:0:0: file not found" in r.output and "Traceback" not in r.output
    binary = tmp_path / "core.bin"
    binary.write_bytes(b"\x7fELF\x00\x00\x01")
    r = CliRunner().invoke(diagnose_command, [str(binary)])
    assert r.exit_code == 1 and "not a text log" in r.output
    bad_manifest = tmp_path / "m.yaml"
    bad_manifest.write_text("version: 1\nconnectors: [\n")
    r = CliRunner().invoke(diagnose_command, [str(FIX / "04-http-sink-consumer-group.log"), "--manifest",
                                              str(bad_manifest)])
    assert r.exit_code == 1 and "m.yaml:" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(diagnose_command, [str(FIX / "04-http-sink-consumer-group.log"), "--connector", "x"])
    assert r.exit_code == 2
    r = CliRunner().invoke(diagnose_command, [str(FIX / "04-http-sink-consumer-group.log"), "--manifest",
                                              str(MANIFEST), "--connector", "nope"])
    assert r.exit_code == 1 and "no connector named 'nope'" in r.output


def test_secret_named_without_arn_gets_the_suffix_pattern():
    f = _one("15", "filestream-sink")
    assert f.resource == "arn:aws:secretsmanager:us-east-1:123456789012:secret:sharepoint_account-??????"
    assert f.granted is False and "aws_permissions" in f.fix
