"""checkov in its own virtualenv, created on first use and kept between runs.

checkov depends on ``bc-python-hcl2``, a fork that installs the same ``hcl2`` import name as
python-hcl2 8 (our test dependency) and breaks beside it (shared/reference/toolchain.md), so it
can never join the ``test`` extra. Instead the first test session that needs it creates a
virtualenv with only ``checkov==CHECKOV_VERSION`` from PyPI (about a minute), in
``$MSK_CONNECT_IAM_CHECKOV_VENV`` or ``~/.cache/msk-connect-iam/checkov-<version>``; later runs
(local or CI on the same machine) reuse it. A fresh machine needs only PyPI. A lock file keeps
parallel sessions (pytest-xdist) from building it twice.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

CHECKOV_VERSION = "3.3.30"


def venv_dir() -> Path:
    """Where the checkov virtualenv lives."""
    env = os.environ.get("MSK_CONNECT_IAM_CHECKOV_VENV")
    if env:
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "msk-connect-iam" / f"checkov-{CHECKOV_VERSION}"


def checkov_bin() -> Path:
    """Path of the checkov executable, creating the virtualenv when it is missing or broken."""
    root = venv_dir()
    exe = root / "bin" / "checkov"
    marker = root / ".complete"
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f".{root.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (marker.is_file() and exe.is_file()):
            # The test runner's own interpreter, but never its site-packages.
            base = getattr(sys, "_base_executable", sys.executable)
            subprocess.run([base, "-m", "venv", "--clear", str(root)], check=True)
            subprocess.run([str(root / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            f"checkov=={CHECKOV_VERSION}"], check=True)
            marker.write_text(CHECKOV_VERSION + "\n")
    return exe


def run_checkov(directories: list[Path]) -> dict:
    """Run checkov (terraform framework, offline) over ``directories``; return
    ``{"passed": n, "parsing_errors": n, "failed": [(check_id, file, resource), ...]}`` summed
    over all of them."""
    import json

    args = [str(checkov_bin()), "--framework", "terraform", "--quiet", "--compact", "-o", "json"]
    for d in directories:
        args += ["-d", str(d)]
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false", LOG_LEVEL="ERROR")
    proc = subprocess.run(args, capture_output=True, text=True, env=env)
    # One JSON document per directory, printed one after the other.
    reports, text, pos = [], proc.stdout, 0
    decoder = json.JSONDecoder()
    try:
        while text[pos:].strip():
            while text[pos].isspace():
                pos += 1
            data, pos = decoder.raw_decode(text, pos)
            reports.extend(data if isinstance(data, list) else [data])
    except (json.JSONDecodeError, IndexError) as exc:
        raise AssertionError(f"checkov printed no JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}") from exc
    if len(reports) < len(directories):
        raise AssertionError(f"checkov reported on {len(reports)} of {len(directories)} folders:\n{proc.stderr}")
    failed, passed, parse_errors = [], 0, 0
    for report in reports:
        summary = report.get("summary", {})
        passed += summary.get("passed", 0)
        parse_errors += summary.get("parsing_errors", 0)
        for f in report.get("results", {}).get("failed_checks", []):
            failed.append((f["check_id"], f["file_path"], f["resource"]))
    return {"passed": passed, "parsing_errors": parse_errors, "failed": failed}
