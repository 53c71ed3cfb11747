""".pre-commit-hooks.yaml: well-formed hook definitions whose entries run as pre-commit runs them
(entry split on spaces, then the user's args), with the documented exit codes."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import yaml

from tfharness import REPO

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def test_hooks_are_well_formed():
    assert [h["id"] for h in HOOKS] == ["msk-connect-iam-check", "msk-connect-iam-generate"]
    for h in HOOKS:
        assert set(h) >= {"id", "name", "entry", "language"}
        assert h["language"] == "python" and h["pass_filenames"] is False
        assert shlex.split(h["entry"])[0] == "msk-connect-iam"
    readme = (REPO / "README.md").read_text()
    for h in HOOKS:
        assert h["id"] in readme, f"README.md does not document hook {h['id']}"


def run_hook(hook_id: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    import sys

    hook = next(h for h in HOOKS if h["id"] == hook_id)
    entry = shlex.split(hook["entry"])
    exe = Path(sys.executable).with_name(entry[0])  # the console script installed with the package
    assert exe.exists(), exe
    return subprocess.run([str(exe), *entry[1:], *args], cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ))


def test_check_hook_fails_on_drift_and_generate_hook_repairs(tmp_path):
    (tmp_path / "connectors.yaml").write_text(
        f"version: 1\ndefaults:\n  cluster: {{arn: {CLUSTER}}}\n"
        "connectors:\n  - {name: orders-sink, type: sink, topics: [orders]}\n")
    args = ["connectors.yaml", "-o", "modules"]
    assert run_hook("msk-connect-iam-check", args, tmp_path).returncode == 3
    assert run_hook("msk-connect-iam-generate", args, tmp_path).returncode == 0
    assert run_hook("msk-connect-iam-check", args, tmp_path).returncode == 0
    (tmp_path / "modules" / "orders-sink" / "main.tf").write_text("# edited by hand\n")
    proc = run_hook("msk-connect-iam-check", args, tmp_path)
    assert proc.returncode == 3 and "changed: orders-sink/main.tf" in proc.stdout
