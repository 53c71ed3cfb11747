"""Shared helpers for tests that run the terraform CLI offline.

Terraform must be on PATH and the hashicorp/aws provider available as a filesystem mirror; the
tests fail (never skip) when either is missing. The mirror is found from
``MSK_CONNECT_IAM_TF_MIRROR`` or the known image location, and a CLI config file pointing at it
is written once per test session (``TF_CLI_CONFIG_FILE``, absolute path). This wiring is test and
CI configuration only: the generated modules never mention the mirror.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KNOWN_MIRRORS = ("/opt/tf-plugins",)

#: Provider block for offline plans: dummy credentials and no AWS calls.
OFFLINE_PROVIDER = """provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"""


def find_mirror() -> Path:
    """Return the filesystem-mirror root holding registry.terraform.io/hashicorp/aws."""
    candidates = [os.environ.get("MSK_CONNECT_IAM_TF_MIRROR", ""), *KNOWN_MIRRORS]
    for c in candidates:
        if c and (Path(c) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return Path(c)
    raise RuntimeError("no hashicorp/aws provider mirror found; set MSK_CONNECT_IAM_TF_MIRROR to its root "
                       f"(tried {candidates})")


def terraform_env(tmp_root: Path) -> dict[str, str]:
    """Environment for terraform subprocesses: offline CLI config, no checkpoint calls."""
    if shutil.which("terraform") is None:
        raise RuntimeError("terraform is not on PATH; the terraform tests need it")
    mirror = find_mirror()
    cfg = tmp_root / "terraformrc"
    cfg.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{mirror}"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }}\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n'
    )
    env = dict(os.environ)
    env.update(TF_CLI_CONFIG_FILE=str(cfg.resolve()), CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        env.pop(key, None)
    return env


def tf(args: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """Run ``terraform <args>`` in ``cwd``; on failure raise AssertionError with its output."""
    proc = subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"terraform {' '.join(args)} failed in {cwd}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def module_ident(name: str) -> str:
    """A Terraform identifier for a module folder name (or a path relative to modules/)."""
    return "m_" + "".join(c if c.isalnum() or c in "_-" else "_" for c in name)


def module_label(module_dir: Path) -> str:
    """The name :func:`write_root` gives a module: its path relative to ``modules/`` when it lies
    there (``environments/staging/orders-s3-sink``), else its folder name."""
    try:
        return module_dir.resolve().relative_to((REPO / "modules").resolve()).as_posix()
    except ValueError:
        return module_dir.name


def golden_modules() -> list[Path]:
    """Every committed module under ``modules/`` (any depth: environments have their own folder)."""
    root = REPO / "modules"

    def inside_a_module(folder: Path) -> bool:  # a module's own examples/<name>/ folders
        return any((a / "versions.tf").is_file() for a in folder.parents if a != root and root in a.parents)

    return sorted(p.parent for p in root.rglob("main.tf") if ".terraform" not in p.parts and not inside_a_module(p.parent))


def write_root(root: Path, module_dirs: list[Path], provider: str = OFFLINE_PROVIDER) -> None:
    """Write a root configuration in ``root`` calling every module in ``module_dirs``."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [provider]
    for d in module_dirs:
        lines.append(f'module "{module_ident(module_label(d))}" {{\n  source = "{d.resolve().as_posix()}"\n}}\n')
    (root / "main.tf").write_text("\n".join(lines))


def plan_json(root: Path, env: dict[str, str]) -> dict:
    """init + plan + show -json in ``root``; returns the parsed plan."""
    tf(["init", "-input=false", "-no-color"], root, env)
    tf(["plan", "-input=false", "-no-color", "-out=tfplan"], root, env)
    return json.loads(tf(["show", "-json", "tfplan"], root, env).stdout)


def planned_resources(plan: dict) -> dict[str, dict]:
    """``{address: values}`` of every planned resource, child modules included."""
    out = {}

    def walk(mod):
        for r in mod.get("resources", []):
            out[r["address"]] = r.get("values", {})
        for child in mod.get("child_modules", []):
            walk(child)

    walk(plan["planned_values"]["root_module"])
    return out


def statement_set(policy: dict) -> set:
    """A policy's statements as a set of (effect, actions, resources, conditions) tuples,
    normalised (single strings to lists, sorted), ignoring Sids and key order."""

    def as_tuple(v):
        return tuple(sorted([v] if isinstance(v, str) else v))

    out = set()
    for s in policy["Statement"]:
        conds = tuple(sorted(
            (test, key, as_tuple(vals)) for test, body in s.get("Condition", {}).items() for key, vals in body.items()))
        principal = tuple(sorted((k, as_tuple(v)) for k, v in s.get("Principal", {}).items()))
        out.add((s["Effect"], as_tuple(s["Action"]), as_tuple(s.get("Resource", [])), conds, principal))
    return out
