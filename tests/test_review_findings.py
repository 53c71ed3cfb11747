"""Regression tests for what a fresh-eyes review found: input that is not a regular file, empty
or unusable output paths, and output folders the operating system refuses. Each case once ended
in a hang, a Python traceback or modules written where nobody asked for them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.loader import MAX_MANIFEST_BYTES, read_manifest_text
from tfharness import REPO

QUICKSTART = REPO / "examples" / "quickstart" / "connectors.yaml"
SCRIPT = Path(sys.executable).parent / "msk-connect-iam"


def run(*args, cwd):
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=120)


def _no_traceback(proc):
    assert "Traceback" not in proc.stderr, proc.stderr


# -- the size limit holds for pipes and devices, whose size stat() does not know ----------------

def test_size_limit_holds_for_a_pipe(tmp_path):
    r, w = os.pipe()

    def feed():
        with os.fdopen(w, "wb") as fh:
            try:
                fh.write(b"version: 1\n" + b"#" * (MAX_MANIFEST_BYTES + 10))
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(ManifestError) as err:
            read_manifest_text(Path(f"/dev/fd/{r}"), "pipe.yaml")
    finally:
        os.close(r)
    writer.join(timeout=30)
    (problem,) = err.value.problems
    assert problem.message == (f"the manifest is more than {MAX_MANIFEST_BYTES} bytes; "
                               f"at most {MAX_MANIFEST_BYTES} are accepted")


def test_dev_zero_is_refused_not_read_forever(tmp_path):
    proc = run("generate", "/dev/zero", "-o", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"/dev/zero:0:0: the manifest is more than {MAX_MANIFEST_BYTES} bytes" in proc.stderr
    assert not (tmp_path / "out").exists()
