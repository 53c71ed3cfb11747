"""The built wheel is self-contained: build it with `python -m build --wheel`, install it into a
fresh virtualenv (no system site-packages), and generate from another working directory with the
templates and schema packaged inside the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import msk_connect_iam
from goldens import MODULES, tree_files
from tfharness import REPO

TEMPLATES = sorted(p.name for p in (REPO / "generator" / "msk_connect_iam" / "render" / "templates").glob("*.j2"))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(args, cwd, check=True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, REPO], cwd=dist)
    (built,) = dist.glob("msk_connect_iam-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with only the wheel and its dependencies; returns its bin folder."""
    root = tmp_path_factory.mktemp("wheelvenv") / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(root)
    bin_dir = root / ("Scripts" if os.name == "nt" else "bin")
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], cwd=root)
    return bin_dir


def test_wheel_contains_package_templates_and_schema(wheel):
    assert wheel.name == f"msk_connect_iam-{msk_connect_iam.__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for t in TEMPLATES:
        assert f"msk_connect_iam/render/templates/{t}" in names, t
    assert "msk_connect_iam/manifest/manifest.schema.json" in names
    assert "msk_connect_iam/cli.py" in names
    assert not any(n.startswith(("tests/", "examples/", "modules/", "generator/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "msk-connect-iam = msk_connect_iam.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_fresh_venv_is_isolated_from_the_repository(installed):
    proc = _run([installed / "python", "-c",
                 "import sys, msk_connect_iam, msk_connect_iam.render.environment as r;"
                 "print(msk_connect_iam.__file__); print(r.templates_dir()); print(sys.flags.no_site, sys.prefix)"],
                cwd=installed)
    package_file, templates_dir, _ = proc.stdout.splitlines()
    venv_root = installed.parent.resolve()
    assert Path(package_file).resolve().is_relative_to(venv_root), package_file
    assert Path(templates_dir).resolve().is_relative_to(venv_root), templates_dir
    assert not Path(package_file).resolve().is_relative_to(REPO.resolve())
    # No system site-packages: pytest (in the test venv and in this image's system Python) is absent.
    assert "include-system-site-packages = false" in (installed.parent / "pyvenv.cfg").read_text()
    assert _run([installed / "python", "-c", "import pytest"], cwd=installed, check=False).returncode != 0


def test_generate_from_another_directory_matches_the_goldens(installed, tmp_path):
    work = tmp_path / "elsewhere"
    (work / "examples" / "quickstart").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "quickstart" / "connectors.yaml", work / "examples" / "quickstart")
    _run([installed / "msk-connect-iam", "generate", "examples/quickstart/connectors.yaml", "-o", "modules"], cwd=work)
    produced = tree_files(work / "modules")
    assert sorted(produced) == sorted(f"{c}/{f}" for c in ("inventory-cdc", "orders-s3-sink")
                                      for f in ("README.md", "main.tf", "outputs.tf", "variables.tf", "versions.tf",
                                                "examples/basic/main.tf", "LICENSE"))  # defaults.license
    golden = tree_files(MODULES)
    for rel, path in produced.items():
        assert path.read_text() == golden[rel].read_text(), rel
    check = _run([installed / "msk-connect-iam", "check", "examples/quickstart/connectors.yaml", "-o", "modules"],
                 cwd=work, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_generate_uses_the_templates_installed_from_the_wheel(installed, tmp_path):
    """Mark the installed copy of a template: the output must carry the mark."""
    proc = _run([installed / "python", "-c", "import msk_connect_iam.render.environment as r; print(r.templates_dir())"],
                cwd=tmp_path)
    template = Path(proc.stdout.strip()) / "versions.tf.j2"
    original = template.read_text()
    try:
        template.write_text(original + "# installed-template-marker\n")
        _run([installed / "msk-connect-iam", "generate", REPO / "examples" / "quickstart" / "connectors.yaml",
              "-o", "out"], cwd=tmp_path)
    finally:
        template.write_text(original)
    assert (tmp_path / "out" / "orders-s3-sink" / "versions.tf").read_text().endswith("# installed-template-marker\n")


def test_installed_cli_version_and_schema(installed, tmp_path):
    version = _run([installed / "msk-connect-iam", "--version"], cwd=tmp_path)
    assert version.stdout.strip() == f"msk-connect-iam, version {msk_connect_iam.__version__}"
    schema = _run([installed / "msk-connect-iam", "schema"], cwd=tmp_path)
    assert '"$schema": "https://json-schema.org/draft/2020-12/schema"' in schema.stdout


def test_wheel_metadata_for_a_package_index(wheel):
    z = zipfile.ZipFile(wheel)
    names = set(z.namelist())
    assert "msk_connect_iam/py.typed" in names
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert f"{dist_info}/licenses/LICENSE" in names
    assert z.read(f"{dist_info}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
    meta = z.read(f"{dist_info}/METADATA").decode()
    head, _, body = meta.partition("\n\n")
    for line in ("License-Expression: Apache-2.0", "License-File: LICENSE", "Author: The msk-connect-iam authors",
                 "Project-URL: Repository, https://github.com/msk-connect-iam/msk-connect-iam",
                 "Description-Content-Type: text/markdown", "Classifier: Typing :: Typed"):
        assert line in head.splitlines(), line
    assert "Apache License" in (REPO / "LICENSE").read_text() and "Version 2.0" in (REPO / "LICENSE").read_text()
    # The long description: README.md with every relative link absolute (an index has no repository).
    import re
    targets = re.findall(r"\]\(([^)]+)\)", body)
    assert targets and all(t.startswith(("https://", "#")) for t in targets), [t for t in targets if "://" not in t]
    assert "https://github.com/msk-connect-iam/msk-connect-iam/blob/main/docs/manifest.md" in targets


def test_sdist_holds_exactly_what_the_build_needs(tmp_path):
    import tarfile
    _run([sys.executable, "-m", "build", "--sdist", "--outdir", tmp_path, REPO], cwd=tmp_path)
    (sdist,) = tmp_path.glob("msk_connect_iam-*.tar.gz")
    prefix = sdist.name[: -len(".tar.gz")] + "/"
    names = {n[len(prefix):] for n in tarfile.open(sdist).getnames() if n.startswith(prefix)}
    files = {n for n in names if "." in n.rsplit("/", 1)[-1] or n in ("LICENSE", "PKG-INFO")}
    package = {p.relative_to(REPO).as_posix() for p in (REPO / "generator" / "msk_connect_iam").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    docs = {p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*") if p.is_file()}
    # hatchling always adds .gitignore; PKG-INFO is the sdist's metadata.
    expected = package | docs | {"README.md", "LICENSE", "CONTRIBUTING.md", "pyproject.toml", "PKG-INFO", ".gitignore"}
    assert files == expected, (sorted(files - expected), sorted(expected - files))
    assert not any(n.startswith(("tests/", "examples/", "modules/")) for n in names)
