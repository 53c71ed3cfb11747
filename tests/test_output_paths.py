"""output.py's one-pass write and check (one look-up per folder, files read once): the cases
that the folder-level shortcuts must still get right."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from msk_connect_iam import manifest as manifest_mod
from msk_connect_iam import write as output
from msk_connect_iam.errors import OutputError
from msk_connect_iam.render.module import MODULE_FILES

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def manifest_text(*names: str) -> str:
    lines = ["version: 1", "defaults:", f"  cluster: {{arn: {CLUSTER}}}", "connectors:"]
    lines += [f"  - {{name: {n}, type: sink, topics: [orders]}}" for n in names]
    return "\n".join(lines) + "\n"


def make_plan(tmp_path: Path, out: Path, *names: str) -> output.Plan:
    path = tmp_path / "a.yaml"
    path.write_text(manifest_text(*names))
    return output.plan(manifest_mod.load(path), path, out)


def test_files_are_0644_in_a_folder_with_a_default_acl(tmp_path):
    """A default ACL replaces the umask for files created in its folder (acl(5)); the files
    still end up 0644, as in any other folder."""
    import errno
    import struct

    out = tmp_path / "acl"
    out.mkdir()
    # ACL_USER_OBJ rwx, ACL_GROUP_OBJ ---, ACL_OTHER --- (the xattr form setfacl writes)
    acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, 0xFFFFFFFF)
                                          for tag, perm in ((0x01, 7), (0x04, 0), (0x20, 0)))
    try:
        os.setxattr(out, "system.posix_acl_default", acl)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.ENOTSUP):
            pytest.skip(f"no POSIX ACLs on {tmp_path}")
        raise
    p = make_plan(tmp_path, out / "modules", "alpha")
    output.check_writable(p)
    output.write(p)
    for rel in p.files:
        assert stat.S_IMODE((out / "modules" / rel).stat().st_mode) == 0o644, rel


@pytest.mark.parametrize("umask", [0o077, 0o022, 0o002, 0o000, 0o444])
def test_fresh_folder_gets_every_file_with_mode_0644_whatever_the_umask(tmp_path, umask):
    p = make_plan(tmp_path, tmp_path / "out" / "deeper", "alpha", "beta")
    old = os.umask(umask)
    try:
        output.check_writable(p)
        drift = output.write(p)
    finally:
        os.umask(old)
    assert sorted(drift.missing) == sorted(p.files)
    for rel, text in p.files.items():
        f = tmp_path / "out" / "deeper" / rel
        assert f.read_text(encoding="utf-8") == text
        assert stat.S_IMODE(f.stat().st_mode) == 0o644
    assert output.check(p).clean
    assert not [f for f in (tmp_path / "out").rglob(".*.tmp")], "no temporary file is left"


@pytest.mark.parametrize("what", ["folder", "dangling link", "fifo"])
def test_something_not_a_file_at_a_planned_path_is_refused_and_nothing_written(tmp_path, what):
    out = tmp_path / "out"
    p = make_plan(tmp_path, out, "alpha", "beta")
    (out / "alpha").mkdir(parents=True)
    blocker = out / "alpha" / "main.tf"
    if what == "folder":
        blocker.mkdir()
    elif what == "dangling link":
        blocker.symlink_to(tmp_path / "nowhere")
    else:
        os.mkfifo(blocker)
    # (generate used to open a FIFO there to read its header, and wait forever)
    assert "alpha/main.tf" in output.check(p).missing
    with pytest.raises(OutputError, match="symbolic link" if what == "dangling link" else "not generated"):
        output.write(p)
    assert not (out / "beta").exists() and sorted(os.listdir(out / "alpha")) == ["main.tf"]


def test_nested_symlinked_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    p = make_plan(tmp_path, out, "alpha")
    output.write(p)
    elsewhere = tmp_path / "elsewhere"
    (out / "alpha" / "examples").rename(elsewhere)
    (out / "alpha" / "examples").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError, match="examples: it is a symbolic link"):
        output.write(p)


def test_crlf_copy_of_a_generated_file_is_up_to_date_and_left_alone(tmp_path):
    # As before the one-pass comparison: files are compared as text with universal newlines.
    out = tmp_path / "out"
    p = make_plan(tmp_path, out, "alpha")
    output.write(p)
    target = out / "alpha" / "versions.tf"
    target.write_bytes(p.files["alpha/versions.tf"].replace("\n", "\r\n").encode())
    assert output.check(p).clean
    assert output.write(p).clean and b"\r\n" in target.read_bytes()


def test_changed_file_of_another_manifest_is_refused_from_what_check_read(tmp_path):
    out = tmp_path / "out"
    p = make_plan(tmp_path, out, "alpha")
    output.write(p)
    target = out / "alpha" / "main.tf"
    target.write_text(target.read_text().replace("from ../a.yaml.", "from ../b.yaml.", 1) + "# edited\n")
    with pytest.raises(OutputError, match="another manifest generated it"):
        output.write(p)


def test_output_folder_dot_writes_and_reports_paths_without_dot_slash(tmp_path):
    (tmp_path / "a.yaml").write_text(manifest_text("alpha"))
    run = lambda *a: subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", *a], cwd=tmp_path,  # noqa: E731
                                    capture_output=True, text=True)
    proc = run("generate", "a.yaml", "-o", ".")
    assert proc.returncode == 0, proc.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "alpha").rglob("*") if p.is_file()) == \
        sorted(f"alpha/{f}" for f in MODULE_FILES)
    (tmp_path / "alpha" / "outputs.tf").unlink()
    proc = run("check", "a.yaml", "-o", ".")
    assert proc.returncode == 3 and "missing: alpha/outputs.tf" in proc.stdout
    (tmp_path / "alpha" / "outputs.tf").symlink_to(tmp_path / "a.yaml")
    proc = run("generate", "a.yaml", "-o", ".")
    assert proc.returncode == 4 and "refusing to write alpha/outputs.tf: alpha/outputs.tf is a symbolic link" \
        in proc.stderr


def test_check_writable_names_the_first_blocking_path(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"cannot write into .*file/out/alpha: .*file is not a folder"):
        output.check_writable(make_plan(tmp_path, tmp_path / "file" / "out", "alpha"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "alpha").write_text("x")
    with pytest.raises(OutputError, match=r"cannot write into .*out/alpha: .*out/alpha is not a folder"):
        output.check_writable(make_plan(tmp_path, tmp_path / "out", "alpha"))
    (tmp_path / "out" / "beta").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match=r"cannot write into .*out/beta: .*out/beta does not exist"):
        output.check_writable(make_plan(tmp_path, tmp_path / "out", "beta"))
    output.check_writable(make_plan(tmp_path, tmp_path / "missing" / "out", "alpha"))  # created on write
