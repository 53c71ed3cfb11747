"""Writes that are all or nothing, files the tool did not generate never touched, paths that never
leave the output folder, several manifests sharing one folder, and the ``check`` drift report.

Most tests drive the real CLI (``python -m msk_connect_iam.cli``); the interrupted-write test
injects an exception into ``os.replace`` inside the library.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from msk_connect_iam import manifest as manifest_mod
from msk_connect_iam import write as output
from msk_connect_iam.render.module import MODULE_FILES

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def manifest_text(*names: str, topic: str = "orders") -> str:
    lines = ["version: 1", "defaults:", f"  cluster: {{arn: {CLUSTER}}}", "connectors:"]
    for n in names:
        lines.append(f"  - {{name: {n}, type: sink, topics: [{topic}]}}")
    return "\n".join(lines) + "\n"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (symlinks as their target text), relative path -> bytes."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = b"-> " + os.readlink(p).encode()
        elif p.is_file():
            out[rel] = p.read_bytes()
    return out


@pytest.fixture
def work(tmp_path):
    (tmp_path / "a.yaml").write_text(manifest_text("alpha", "beta"))
    return tmp_path


# -- atomic, all or nothing ------------------------------------------------------------------------

def test_exception_mid_write_leaves_old_or_new_files_then_check_reports_and_generate_repairs(work, monkeypatch):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    old = tree(work / "out")
    (work / "a.yaml").write_text(manifest_text("alpha", "beta", topic="payments"))
    model = manifest_mod.load(work / "a.yaml")
    plan = output.plan(model, work / "a.yaml", work / "out")
    new = {rel: text.encode() for rel, text in plan.files.items()}
    changed = [rel for rel in new if new[rel] != old[rel]]
    assert len(changed) >= 4, changed  # both modules change: the failure below lands mid-way

    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src, dst, **kw):
        calls["n"] += 1
        if calls["n"] == len(changed) // 2 + 1:
            raise OSError(28, "No space left on device (injected)")
        return real_replace(src, dst, **kw)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(OSError, match="injected"):
        output.write(plan)
    monkeypatch.setattr(output.os, "replace", real_replace)

    half = tree(work / "out")
    assert set(half) == set(old), "no temporary file may be left behind, no file may vanish"
    states = {rel: ("new" if half[rel] == new[rel] else "old" if half[rel] == old[rel] else "CORRUPT")
              for rel in half}
    assert "CORRUPT" not in states.values(), states
    assert "new" in [states[r] for r in changed] and "old" in [states[r] for r in changed], states

    proc = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 3
    still_old = sorted(r for r in changed if states[r] == "old")
    for rel in still_old:
        assert f"changed: {rel}" in proc.stdout
    assert tree(work / "out") == half, "check writes nothing"

    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(still_old)} file(s) written" in proc.stdout
    assert cli("check", "a.yaml", "-o", "out", cwd=work).returncode == 0
    assert tree(work / "out") == new


def test_killed_run_leftover_is_reported_and_removed(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    text = (work / "out" / "alpha" / "main.tf").read_text()
    leftover = work / "out" / "alpha" / ".main.tf.k1ll3d_.tmp"
    leftover.write_text(text[: len(text) // 2])  # what a process killed mid-write leaves
    proc = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 3 and "leftover: alpha/.main.tf.k1ll3d_.tmp" in proc.stdout
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 0 and not leftover.exists()
    assert cli("check", "a.yaml", "-o", "out", cwd=work).returncode == 0


def test_invalid_manifest_writes_nothing(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    before = tree(work / "out")
    (work / "a.yaml").write_text(manifest_text("alpha", "beta", "gamma", topic="bad topic"))
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 1 and "nothing was written" in proc.stderr
    assert tree(work / "out") == before


# -- files the tool did not generate ---------------------------------------------------------------

def test_foreign_file_is_never_overwritten_and_nothing_is_written(work):
    (work / "out" / "beta").mkdir(parents=True)
    (work / "out" / "beta" / "main.tf").write_text("# hand-written\n")
    (work / "out" / "beta" / "notes.md").write_text("mine\n")
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 4 and "not generated by msk-connect-iam" in proc.stderr
    assert tree(work / "out") == {"beta/main.tf": b"# hand-written\n", "beta/notes.md": b"mine\n"}


def test_foreign_files_beside_modules_survive_generate_and_prune(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    (work / "out" / "beta" / "extra.tf").write_text("# mine\n")
    (work / "out" / "README.md").write_text("# my folder\n")
    (work / "a.yaml").write_text(manifest_text("alpha"))
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 0
    assert "beta/main.tf: stale (connector no longer in the manifest; use --prune to remove)" in proc.stdout
    assert (work / "out" / "beta" / "main.tf").exists(), "stale modules are removed only with --prune"
    proc = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 3 and "extra: beta/main.tf" in proc.stdout
    proc = cli("generate", "a.yaml", "-o", "out", "--prune", cwd=work)
    assert proc.returncode == 0 and "beta/main.tf: removed" in proc.stdout
    assert sorted(tree(work / "out" / "beta")) == ["extra.tf"], "only our files go; the folder stays"
    assert (work / "out" / "README.md").read_text() == "# my folder\n"
    assert cli("check", "a.yaml", "-o", "out", cwd=work).returncode == 0


# -- several manifests in one output folder --------------------------------------------------------

def test_manifests_sharing_a_folder_only_see_their_own_modules(work):
    (work / "b.yaml").write_text(manifest_text("gamma"))
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    assert cli("generate", "b.yaml", "-o", "out", cwd=work).returncode == 0
    assert cli("check", "a.yaml", "-o", "out", cwd=work).returncode == 0
    assert cli("check", "b.yaml", "-o", "out", cwd=work).returncode == 0
    first = (work / "out" / "gamma" / "main.tf").read_text().splitlines()[0]
    assert first == ("# Generated by msk-connect-iam from ../b.yaml. Do not edit: regenerate with "
                     "msk-connect-iam generate.")
    gamma = tree(work / "out" / "gamma")
    (work / "a.yaml").write_text(manifest_text("alpha"))
    proc = cli("generate", "a.yaml", "-o", "out", "--prune", cwd=work)
    assert proc.returncode == 0
    assert not (work / "out" / "beta").exists()
    assert tree(work / "out" / "gamma") == gamma, "another manifest's module is never pruned"
    assert cli("check", "b.yaml", "-o", "out", cwd=work).returncode == 0


def test_same_connector_in_two_manifests_is_refused(work):
    (work / "b.yaml").write_text(manifest_text("alpha"))
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    before = tree(work / "out")
    proc = cli("generate", "b.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 4 and "another manifest generated it" in proc.stderr
    assert tree(work / "out") == before


# -- paths never leave the output folder -----------------------------------------------------------

def test_symlinked_module_folder_is_refused(work):
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    (work / "out").mkdir()
    (work / "out" / "alpha").symlink_to(elsewhere, target_is_directory=True)
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 4 and "symbolic link" in proc.stderr
    assert list(elsewhere.iterdir()) == []
    assert not (work / "out" / "beta").exists(), "nothing is written, not even the safe module"


def test_symlinked_file_is_refused(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    victim = work / "victim.txt"
    victim.write_text("precious\n")
    target = work / "out" / "alpha" / "main.tf"
    target.unlink()
    target.symlink_to(victim)
    (work / "a.yaml").write_text(manifest_text("alpha", "beta", topic="payments"))
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 4 and "symbolic link" in proc.stderr
    assert victim.read_text() == "precious\n"


def test_symlinked_output_folder_is_refused(work):
    real = work / "real"
    real.mkdir()
    (work / "out").symlink_to(real, target_is_directory=True)
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 4 and "symbolic link" in proc.stderr
    assert list(real.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape", "/etc/cron.d/x", "..", ".", "a/../../b", "a/b"])
def test_connector_names_cannot_become_escaping_paths(work, name):
    (work / "bad.yaml").write_text(manifest_text(f'"{name}"'))
    proc = cli("generate", "bad.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 1 and "connectors[0].name" in proc.stderr
    assert not (work / "out").exists()


def test_safe_target_refuses_escaping_relative_paths(tmp_path):
    """Defence in depth below validation: output never writes outside the folder."""
    from msk_connect_iam.errors import OutputError

    for rel in ("../x/main.tf", "/abs/main.tf", "a/../../main.tf"):
        with pytest.raises(OutputError):
            output._safe_target(tmp_path / "out", rel)


# -- check -----------------------------------------------------------------------------------------

def test_check_prints_unified_diff_missing_and_extra_and_writes_nothing(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    main_tf = work / "out" / "alpha" / "main.tf"
    main_tf.write_text(main_tf.read_text().replace("kafka-cluster:ReadData", "kafka-cluster:*"))
    (work / "out" / "beta" / "outputs.tf").unlink()
    (work / "a.yaml").write_text(manifest_text("alpha", "beta") + "  - {name: gamma, type: sink, topics: [g]}\n")
    generated_by_a = (work / "out" / "beta" / "main.tf").read_text()
    (work / "out" / "stale").mkdir()
    (work / "out" / "stale" / "main.tf").write_text(generated_by_a)
    before = tree(work / "out")
    proc = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 3
    assert "--- a/alpha/main.tf\n+++ b/alpha/main.tf\n" in proc.stdout
    assert '-      "kafka-cluster:*",\n' in proc.stdout and '+      "kafka-cluster:ReadData",\n' in proc.stdout
    assert "missing: beta/outputs.tf" in proc.stdout
    for f in MODULE_FILES:
        assert f"missing: gamma/{f}" in proc.stdout
    assert "changed: alpha/main.tf" in proc.stdout
    assert "extra: stale/main.tf" in proc.stdout
    assert "run msk-connect-iam generate" in proc.stderr
    assert tree(work / "out") == before


def test_symlinked_module_folder_with_identical_content_is_refused(work):
    # review finding: a module folder linked to an identical copy elsewhere was reported "unchanged"
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    real_alpha = work / "out" / "alpha"
    stash = work / "stash-alpha"
    real_alpha.rename(stash)
    real_alpha.symlink_to(stash, target_is_directory=True)
    before = tree(work)
    proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 4 and "symbolic link" in proc.stderr, proc.stderr
    assert tree(work) == before
