"""The output folder under attack or accident (issue 13, Filesystem): a module folder swapped for a
symbolic link while generate runs, huge files under the output folder, refused roots, two runs at
once, leftovers of a killed run, a full disk, and check reporting what generate would do.

Every file is written relative to folder descriptors opened with ``O_NOFOLLOW | O_DIRECTORY``
(``write._Folders``); these tests drive the real CLI where a process boundary matters (locks,
``kill -9``, races) and the library where an exception is injected.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from msk_connect_iam import api
from msk_connect_iam import manifest as manifest_mod
from msk_connect_iam import write as output
from msk_connect_iam.errors import OutputError, UsageError

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def manifest_text(*names: str, topic: str = "orders") -> str:
    lines = ["version: 1", "defaults:", f"  cluster: {{arn: {CLUSTER}}}", "connectors:"]
    lines += [f"  - {{name: {n}, type: sink, topics: [{topic}]}}" for n in names]
    return "\n".join(lines) + "\n"


def many(n: int) -> tuple[str, ...]:
    return tuple(f"c{i:04d}" for i in range(n))


def cli(*args: str, cwd: Path, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, encoding="utf-8", **kw)


def popen(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "msk_connect_iam.cli", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


@pytest.fixture
def work(tmp_path):
    (tmp_path / "a.yaml").write_text(manifest_text("alpha", "beta"))
    return tmp_path


# -- 1. a module folder swapped for a symbolic link while generate runs ---------------------------

def _exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically (``renameat2(RENAME_EXCHANGE)``; Linux 3.15, glibc 2.28), or
    rename and link in two steps where that is missing."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is not None:
        at_fdcwd, rename_exchange = -100, 2
        if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.ENOSYS, errno.EINVAL):
            raise OSError(err, os.strerror(err))
    target = os.readlink(a)
    os.unlink(a)
    b.rename(a)
    b.symlink_to(target, target_is_directory=True)


def test_module_folders_swapped_for_links_during_generate_never_redirect_a_write(tmp_path):
    """A thread swaps module folders for symbolic links to a victim folder, in a loop, while a
    1,000-connector generate runs (in this process, so that the swaps land mid-write): nothing is
    ever written into the victim folder, whatever generate's outcome."""
    names = many(1000)
    (tmp_path / "a.yaml").write_text(manifest_text(*names))
    out = tmp_path / "out"
    victim = tmp_path / "victim"
    victim.mkdir()
    model = manifest_mod.load(tmp_path / "a.yaml")
    p = output.plan(model, tmp_path / "a.yaml", out)
    stop = threading.Event()
    swaps = [0]

    def swapper():
        # Follows the writer: each module folder is swapped as soon as it appears, while the
        # writer is still putting its files into it.
        for i, name in enumerate(names):
            folder = out / name
            while not stop.is_set() and not folder.is_dir():
                pass
            if stop.is_set():
                return
            link = out / f".stash-{i}"
            try:
                link.symlink_to(victim, target_is_directory=True)
                _exchange(link, folder)  # one system call: the folder becomes .stash-<i>, inside out
                swaps[0] += 1
            except OSError:
                continue

    outcomes = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often: the swaps land between the writer's calls
    try:
        for _ in range(2):
            thread = threading.Thread(target=swapper)
            thread.start()
            try:
                output.write(p)
                outcomes.append("written")
            except OutputError as exc:
                outcomes.append(str(exc))
            except OSError as exc:  # a file moved away under a rename: refused, not redirected
                outcomes.append(repr(exc))
            finally:
                stop.set()
                thread.join()
                stop.clear()
            assert list(victim.iterdir()) == [], f"written through a link after {swaps[0]} swaps: {outcomes}"
            import shutil

            shutil.rmtree(out, ignore_errors=True)
    finally:
        sys.setswitchinterval(interval)
    assert swaps[0] > 0, "the race never happened"
    outside = {p for p in files_under(tmp_path) if not p.startswith("out/")}
    assert outside == {"a.yaml"}, outside


def test_folder_swapped_between_open_and_rename_is_refused(tmp_path, monkeypatch):
    """The window the race test may miss: a folder replaced after its descriptor was opened and
    the temporary files staged, before the renames. The renames are refused (verify), the
    temporary files removed, and the link's target is untouched."""
    (tmp_path / "a.yaml").write_text(manifest_text("alpha"))
    out = tmp_path / "out"
    p = output.plan(manifest_mod.load(tmp_path / "a.yaml"), tmp_path / "a.yaml", out)
    victim = tmp_path / "victim"
    victim.mkdir()
    real_sync = os.sync

    def swap_then_sync():
        (out / "alpha").rename(out / "moved")
        (out / "alpha").symlink_to(victim, target_is_directory=True)
        real_sync()

    monkeypatch.setattr(output.os, "sync", swap_then_sync)
    with pytest.raises(OutputError, match="alpha: it is a symbolic link"):
        output.write(p)
    assert list(victim.iterdir()) == []
    assert not [f for f in out.rglob("*.tmp")], "temporary files removed"


# -- 2. bounded reads, only generated module folders walked, refused roots ------------------------

def _peak_during(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_check_reads_headers_only_of_huge_files(work):
    """A 300 MB file without a newline in a generated module folder, another in a folder of the
    user's own, and a planned file replaced by one: check reads a few KB of each."""
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    for rel in ("out/alpha/big.bin", "out/mine/big.bin", "out/beta/main.tf"):
        (work / rel).parent.mkdir(exist_ok=True)
        with open(work / rel, "wb") as fh:
            fh.truncate(300 * 1024 * 1024)  # sparse: no disk, 300 MB when read
    peak = _peak_during(lambda: api.check(work / "a.yaml", work / "out"))
    assert peak < 20 * 1024 * 1024, f"check used {peak / 1e6:.0f} MB"
    result = api.check(work / "a.yaml", work / "out")
    assert result.drift.changed == ["beta/main.tf"]
    with pytest.raises(OutputError, match="not generated by msk-connect-iam"):
        api.generate(work / "a.yaml", work / "out")


def test_check_never_walks_folders_that_are_not_generated_modules(work, monkeypatch):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    (work / "out" / "mine" / "deep").mkdir(parents=True)
    (work / "out" / "mine" / "deep" / "x.tf").write_text("# mine\n")
    scanned = []
    real = output.os.scandir

    def spy(path="."):
        scanned.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(output.os, "scandir", spy)
    assert api.check(work / "a.yaml", work / "out").drift.clean
    assert not [s for s in scanned if "mine" in s], scanned


def test_a_stale_module_is_still_found_and_pruned(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    (work / "a.yaml").write_text(manifest_text("alpha"))
    proc = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 3 and "extra: beta/main.tf" in proc.stdout
    assert cli("generate", "a.yaml", "-o", "out", "--prune", cwd=work).returncode == 0
    assert not (work / "out" / "beta").exists()


@pytest.mark.parametrize("command", ["generate", "check"])
def test_home_folder_and_its_parents_are_refused_as_output(work, command):
    home = work / "home" / "me"
    home.mkdir(parents=True)
    (home / "notes.txt").write_text("mine\n")
    for folder in (home, home.parent):
        proc = cli(command, str(work / "a.yaml"), "-o", str(folder), cwd=work, env={"HOME": str(home)})
        assert proc.returncode == 2, proc.stderr
        assert f"refusing {folder} as an output folder: it is " in proc.stderr
    proc = cli(command, str(work / "a.yaml"), "-o", str(work / "out"), "--root-module", str(home), cwd=work,
               env={"HOME": str(home)})
    assert proc.returncode == 2 and "it is your home folder" in proc.stderr
    assert sorted(os.listdir(home)) == ["notes.txt"]


def test_file_system_root_is_refused_before_anything_is_read(monkeypatch):
    assert api.refused_output_folder(Path("/")) == "a file system root"
    assert api.refused_output_folder(Path("/tmp/..")) == "a file system root"
    with pytest.raises(UsageError, match="refusing / as an output folder: it is a file system root"):
        api.check_options(outputs=(Path("/"),))
    # through the API: refused before the manifest is even loaded
    monkeypatch.setattr(manifest_mod, "load", lambda *a: pytest.fail("loaded"))
    for fn in (api.generate, api.check):
        with pytest.raises(UsageError, match="file system root"):
            fn(Path("any.yaml"), Path("/"))


# -- 3. two runs into one folder ------------------------------------------------------------------

def _hold(folder: Path, how: int):
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, how | fcntl.LOCK_NB)
    return fd


def test_a_held_output_folder_is_refused_clearly(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    fd = _hold(work / "out", fcntl.LOCK_EX)  # a generate in progress
    try:
        for command in ("generate", "check"):
            proc = cli(command, "a.yaml", "-o", "out", cwd=work)
            assert proc.returncode == 4, proc.stderr
            assert "another msk-connect-iam run holds out" in proc.stderr
    finally:
        os.close(fd)
    fd = _hold(work / "out", fcntl.LOCK_SH)  # a check in progress: checks share, generate waits its turn
    try:
        assert cli("check", "a.yaml", "-o", "out", cwd=work).returncode == 0
        proc = cli("generate", "a.yaml", "-o", "out", cwd=work)
        assert proc.returncode == 4 and "another msk-connect-iam run holds out" in proc.stderr
    finally:
        os.close(fd)


def test_two_generates_at_once_never_break_each_other(tmp_path):
    (tmp_path / "a.yaml").write_text(manifest_text(*many(300)))
    (tmp_path / "b.yaml").write_text(manifest_text(*many(300), topic="payments"))
    for _ in range(3):
        runs = [popen("generate", m, "-o", "out", cwd=tmp_path) for m in ("a.yaml", "b.yaml")]
        results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
        for r in runs:
            r.stdout.close()
            r.stderr.close()
        for code, err in results:
            assert "No such file or directory" not in err, err
            assert code == 0 or (code == 4 and "another msk-connect-iam run holds out" in err) or \
                (code == 4 and "another manifest generated it" in err), (code, err)
        assert not [f for f in (tmp_path / "out").rglob("*.tmp")]
        import shutil

        shutil.rmtree(tmp_path / "out")


# -- 4. leftovers of a killed run -----------------------------------------------------------------

def test_empty_temporary_file_of_a_killed_run_is_reported_and_removed(work):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    empty = work / "out" / "alpha" / ".main.tf.0123abcd_7.tmp"
    empty.touch()  # kill -9 between creating the temporary file and writing it
    nested = work / "out" / "alpha" / "examples" / "basic" / ".main.tf.89abcdef_12.tmp"
    nested.touch()
    not_ours = [work / "out" / "alpha" / ".notes.md.0123abcd_1.tmp",  # no such planned file
                work / "out" / "alpha" / ".main.tf.backup.tmp"]        # not our naming pattern
    for f in not_ours:
        f.touch()
    proc = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert proc.returncode == 3, proc.stdout
    assert "leftover: alpha/.main.tf.0123abcd_7.tmp" in proc.stdout
    assert "leftover: alpha/examples/basic/.main.tf.89abcdef_12.tmp" in proc.stdout
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    assert not empty.exists() and not nested.exists()
    assert all(f.exists() for f in not_ours), "only our own naming pattern is removed"
    assert cli("check", "a.yaml", "-o", "out", cwd=work).returncode == 0


def test_kill_9_during_generate_leaves_only_what_the_next_generate_repairs(tmp_path):
    (tmp_path / "a.yaml").write_text(manifest_text(*many(400)))
    assert cli("generate", "a.yaml", "-o", "out", cwd=tmp_path).returncode == 0
    for i, delay in enumerate((0.35, 0.5, 0.65, 0.8)):
        (tmp_path / "a.yaml").write_text(manifest_text(*many(400), topic=f"t{i}"))
        run = popen("generate", "a.yaml", "-o", "out", cwd=tmp_path)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        run.stdout.close()
        run.stderr.close()
        leftovers = sorted(f.relative_to(tmp_path / "out").as_posix() for f in (tmp_path / "out").rglob("*.tmp"))
        proc = cli("check", "a.yaml", "-o", "out", cwd=tmp_path)
        for rel in leftovers:
            assert f"leftover: {rel}" in proc.stdout, (rel, proc.stdout[-2000:])
        assert cli("generate", "a.yaml", "-o", "out", cwd=tmp_path).returncode == 0
        assert not list((tmp_path / "out").rglob("*.tmp"))
        assert cli("check", "a.yaml", "-o", "out", cwd=tmp_path).returncode == 0


# -- 5. a full disk -------------------------------------------------------------------------------

def _full_disk_after(monkeypatch, n: int) -> None:
    real = os.write
    calls = [0]

    def write(fd, data):
        calls[0] += 1
        if calls[0] > n:
            raise OSError(errno.ENOSPC, "No space left on device (injected)")
        return real(fd, data)

    monkeypatch.setattr(output.os, "write", write)


def test_full_disk_in_a_fresh_output_folder_leaves_nothing_behind(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text(manifest_text(*many(30)))
    _full_disk_after(monkeypatch, 40)
    with pytest.raises(OutputError, match="No space left on device") as exc:
        api.generate(tmp_path / "a.yaml", tmp_path / "new" / "out")
    assert exc.value.exit_code == 4
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"], "no folder of this run is left"


def test_full_disk_beside_existing_modules_removes_only_what_it_created(work, monkeypatch):
    assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
    (work / "out" / "mine").mkdir()
    before = files_under(work / "out")
    (work / "a.yaml").write_text(manifest_text("alpha", "beta", *many(5), topic="payments"))
    _full_disk_after(monkeypatch, 12)
    with pytest.raises(OutputError, match="No space left on device"):
        api.generate(work / "a.yaml", work / "out")
    assert files_under(work / "out") == before
    assert sorted(os.listdir(work / "out")) == ["alpha", "beta", "mine"]


def test_failure_while_renaming_removes_new_files_and_folders(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text(manifest_text("alpha", "beta"))
    real = os.replace
    calls = [0]

    def replace(src, dst, **kw):
        calls[0] += 1
        if calls[0] == 8:
            raise OSError(errno.EIO, "I/O error (injected)")
        return real(src, dst, **kw)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(OutputError, match="I/O error"):
        api.generate(tmp_path / "a.yaml", tmp_path / "out")
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"]


# -- 6. check says what generate would do ---------------------------------------------------------

@pytest.mark.parametrize("linked", ["out", "out/alpha"])
def test_check_reports_a_symbolic_link_as_generate_does(work, linked):
    real = work / "real"
    if linked == "out":
        real.mkdir()
    else:
        assert cli("generate", "a.yaml", "-o", "out", cwd=work).returncode == 0
        (work / "out" / "alpha").rename(real)
    (work / linked).symlink_to(real, target_is_directory=True)
    gen = cli("generate", "a.yaml", "-o", "out", cwd=work)
    chk = cli("check", "a.yaml", "-o", "out", cwd=work)
    assert gen.returncode == chk.returncode == 4, (gen.stderr, chk.stderr)
    assert "symbolic link" in gen.stderr
    assert gen.stderr.strip().splitlines()[-1] == chk.stderr.strip().splitlines()[-1]
