"""The bad-manifest corpus: every file in tests/bad_manifests/ goes through the real CLI
(``python -m msk_connect_iam.cli generate``) and its exit code, stderr and stdout must equal the
reviewed snapshot ``<name>.expected`` beside it. Nothing may be written to the output folder.

Updating snapshots (after a deliberate message change): run

    MSK_CONNECT_IAM_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_bad_manifests.py

and review ``git diff tests/bad_manifests/`` before committing. With ``CI`` set the variable is
refused: CI only compares, it never accepts new snapshots.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from msk_connect_iam.manifest.loader import MAX_CONNECTORS, MAX_MANIFEST_BYTES
from tfharness import REPO

CORPUS = REPO / "tests" / "bad_manifests"
UPDATE = os.environ.get("MSK_CONNECT_IAM_UPDATE_SNAPSHOTS") == "1"

#: Corpus entries too large to commit: written to a temporary folder under this name at test time.
GENERATED = {
    "file_too_large.yaml": lambda: b"version: 1\n" + b"#" * MAX_MANIFEST_BYTES + b"\n",
    "too_many_connectors.yaml": lambda: (
        b"version: 1\ndefaults:\n  cluster: {arn: arn:aws:kafka:us-east-1:123456789012:cluster/a/"
        b"7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3}\nconnectors:\n"
        + b"".join(b"  - {name: c%d, type: sink, topics: [orders]}\n" % i for i in range(MAX_CONNECTORS + 1))),
}

#: Every rule the issue lists, and the corpus files that exercise it.
RULES = {
    "YAML syntax": ["yaml_syntax"],
    "duplicate mapping keys": ["duplicate_key"],
    "unknown keys with did-you-mean": ["unknown_key"],
    "wrong types": ["wrong_type", "missing_keys", "wrong_version"],
    "empty file": ["empty_file"],
    "several YAML documents": ["several_documents"],
    "non-UTF-8 bytes": ["non_utf8"],
    "file over the size limit": ["file_too_large"],
    "alias/anchor expansion bombs": ["alias_bomb"],
    "hostile YAML tags, merge keys, non-string keys": ["yaml_tags_and_merge_keys"],
    "every YAML tag problem in one run (maps, lists, keys, core tags on values they do not fit)":
        ["yaml_tags_everywhere"],
    "account ids not 12 digits": ["account_not_12_digits"],
    "wrong-service ARNs": ["arn_wrong_service"],
    "malformed ARNs, cluster ARN without UUID": ["arn_malformed"],
    "unknown partitions": ["unknown_partition"],
    "clusters of other accounts or partitions": ["cross_account_clusters"],
    "malformed regions": ["malformed_region"],
    "Kafka topic names": ["topic_names"],
    "MSK Connect connector names": ["connector_names"],
    "role names colliding case-insensitively": ["role_name_collision"],
    "role name, path, boundary, session limits": ["role_limits"],
    "tag limits": ["tag_limits"],
    "authentication none on MSK Serverless": ["serverless_auth_none"],
    "IAM actions not service:Action": ["iam_actions"],
    "characters IAM rejects in policy text": ["policy_text"],
    "characters IAM rejects in descriptions": ["role_description"],
    "&{ in policy values": ["ampersand_brace"],
    "statement ids and condition shapes": ["statements"],
    "connector kind rules": ["connector_kind_rules"],
    "configuration values that widen a derived ARN or Kafka name (issue 13)":
        ["widening_config_providers", "widening_parsed_arns"],
    "wildcards judged by what they match; kafka-cluster grants in aws_permissions (issue 13)": ["wildcard_by_match"],
    "aws_permissions sids the generated policy uses (issue 13)": ["generated_sid"],
    "a cluster region of another partition, or of none (issue 13)": ["region_partition"],
    "more connectors than a manifest may hold (issue 13)": ["too_many_connectors"],
    "module license: SPDX identifiers, copyright holder, license file": ["license"],
    "Terraform expressions (${var.x}, resource references, function calls) left in values": ["terraform_expressions"],
    "all problems in one run": ["all_problems_at_once", "lint_beside_other_problems"],
    "semantic problems beside structure problems in the root, defaults and clusters": ["schema_and_semantic_problems"],
}

CASES = sorted([p.name for p in CORPUS.glob("*.yaml")] + list(GENERATED))


def run_cli(name: str, cwd: Path, out: Path) -> str:
    """Run the CLI on ``name`` in ``cwd``; return the snapshot text (exit code, stderr, stdout)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="80")
    proc = subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", "generate", name, "-o", str(out)],
                          cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")
    return f"exit {proc.returncode}\n--- stderr\n{proc.stderr}--- stdout\n{proc.stdout}"


@pytest.mark.parametrize("name", CASES)
def test_bad_manifest_snapshot(name, tmp_path):
    if name in GENERATED:
        cwd = tmp_path / "corpus"
        cwd.mkdir()
        (cwd / name).write_bytes(GENERATED[name]())
    else:
        cwd = CORPUS
    out = tmp_path / "out"
    actual = run_cli(name, cwd, out)
    snapshot = CORPUS / (Path(name).stem + ".expected")
    if UPDATE:
        if os.environ.get("CI"):
            pytest.fail("MSK_CONNECT_IAM_UPDATE_SNAPSHOTS is refused in CI: update and review snapshots locally")
        snapshot.write_text(actual, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot {snapshot.name}; create it with MSK_CONNECT_IAM_UPDATE_SNAPSHOTS=1"
    assert actual == snapshot.read_text(encoding="utf-8")
    assert actual.startswith("exit 1\n"), "a bad manifest must exit 1 (invalid input)"
    assert "Traceback" not in actual
    assert not out.exists(), "nothing may be written for a bad manifest"


def test_every_problem_line_is_located():
    """Every ``error:`` line of every snapshot is ``file:line:column: [path: ]message``."""
    import re

    pattern = re.compile(r"error: (?P<file>[^:]+\.yaml):(?P<line>\d+):(?P<col>\d+): \S.*")
    for snap in sorted(CORPUS.glob("*.expected")):
        lines = [ln for ln in snap.read_text(encoding="utf-8").splitlines() if ln.startswith("error:")]
        assert lines, snap.name
        for ln in lines:
            m = pattern.fullmatch(ln)
            assert m, f"{snap.name}: {ln}"
            assert m["file"] == snap.stem + ".yaml"


def test_corpus_covers_every_rule():
    stems = {Path(n).stem for n in CASES}
    for rule, files in RULES.items():
        for f in files:
            assert f in stems, f"rule {rule!r}: no corpus file {f}.yaml"
    listed = {f for files in RULES.values() for f in files}
    assert stems == listed, f"corpus files not tied to a rule: {sorted(stems - listed)}"
    snapshots = {p.stem for p in CORPUS.glob("*.expected")}
    assert snapshots == stems, f"snapshots without a manifest or the reverse: {sorted(snapshots ^ stems)}"


def test_check_reports_the_same_problems(tmp_path):
    """``check`` validates exactly like ``generate`` (same messages, exit 1, nothing written)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", "check", "all_problems_at_once.yaml",
                           "-o", str(out)], cwd=CORPUS, env=env, capture_output=True, text=True, encoding="utf-8")
    snap = (CORPUS / "all_problems_at_once.expected").read_text(encoding="utf-8")
    assert proc.returncode == 1
    assert f"--- stderr\n{proc.stderr}--- stdout" in snap
    assert not out.exists()
