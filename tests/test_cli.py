"""The command line, in process (click's CliRunner) and as the installed console script
(subprocess): help, version, schema, and the exit codes of generate and check."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import msk_connect_iam
from goldens import all_example_manifests
from msk_connect_iam import cli
from msk_connect_iam.cli import main
from msk_connect_iam.errors import EXIT_CODES
from tfharness import REPO

QUICKSTART = REPO / "examples" / "quickstart" / "connectors.yaml"
SCRIPT = Path(sys.executable).parent / "msk-connect-iam"


@pytest.fixture
def runner():
    return CliRunner()


def run(*args, cwd=None):
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


# -- help and version ---------------------------------------------------------------------------

def test_help_lists_commands_and_exit_codes(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for word in ("generate", "check", "schema", "--version", "https://github.com/msk-connect-iam/msk-connect-iam/blob/main/docs/manifest.md", "Exit codes:"):
        assert word in result.output, word
    flat = " ".join(result.output.split())
    for code, meaning in EXIT_CODES:
        assert f"{code} {' '.join(meaning.split())}" in flat, code


@pytest.mark.parametrize("command", ["generate", "check", "schema"])
def test_command_help(runner, command):
    result = runner.invoke(main, [command, "-h"])
    assert result.exit_code == 0 and f"Usage: main {command}" in result.output


def test_version_matches_package_metadata(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"msk-connect-iam, version {msk_connect_iam.__version__}\n"
    assert metadata.version("msk-connect-iam") == msk_connect_iam.__version__


def test_console_script_help_and_version():
    assert SCRIPT.is_file(), f"{SCRIPT} missing: install the package (pip install -e '.[test]')"
    help_ = run("--help")
    assert help_.returncode == 0 and "Usage: msk-connect-iam [OPTIONS] COMMAND" in help_.stdout
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"msk-connect-iam, version {msk_connect_iam.__version__}"


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "msk_connect_iam.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and msk_connect_iam.__version__ in proc.stdout


def test_the_console_script_entry_sets_the_collector_for_one_run():
    """cli.run (the console script's entry) freezes what the imports made and sets
    GC_THRESHOLDS before main runs; importing cli or calling main changes neither."""
    code = ("import gc, json; from msk_connect_iam import cli\n"
            "before = (gc.get_threshold(), gc.get_freeze_count())\n"
            "cli.main = lambda: print(json.dumps([before, [gc.get_threshold(), gc.get_freeze_count()]]))\n"
            "cli.run()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (threshold_before, frozen_before), (threshold, frozen) = json.loads(proc.stdout)
    assert threshold_before == list(gc.get_threshold()) != list(cli.GC_THRESHOLDS) == threshold
    assert frozen_before == 0 and frozen > 1000


def test_heavy_imports_stay_off_the_cli_path():
    code = ("import sys; from msk_connect_iam.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('jinja2', 'jsonschema', 'hcl2', 'yaml') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


# -- schema -------------------------------------------------------------------------------------

def _schema_via_subprocess() -> dict:
    proc = run("schema")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_schema_is_a_valid_json_schema_that_accepts_every_example(runner):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema == _schema_via_subprocess()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    examples = all_example_manifests()
    assert len(examples) >= 4
    for manifest in examples:
        errors = list(validator.iter_errors(yaml.safe_load(manifest.read_text())))
        assert not errors, (manifest, [e.message for e in errors])


@pytest.mark.parametrize("bad", [
    {"version": 2, "connectors": [{"name": "a", "type": "sink"}]},
    {"version": 1, "connectors": []},
    {"version": 1, "connectors": [{"name": "a", "type": "both"}]},
    {"version": 1, "connectors": [{"name": "a", "type": "sink", "topic": ["t"]}]},
    {"version": 1, "defaults": {"role": {"tags": {"a": 1}}}, "connectors": [{"name": "a", "type": "sink"}]},
])
def test_schema_rejects_malformed_manifests(runner, bad):
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


def test_schema_documents_every_key(runner):
    """Every property in the schema has a description (editors show them) and a place in docs/manifest.md."""
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    undescribed, keys = [], set()

    def walk(node, path):
        for key, sub in node.get("properties", {}).items():
            keys.add(key)
            if "description" not in sub and "$ref" not in sub:
                undescribed.append(f"{path}.{key}")
            walk(sub, f"{path}.{key}")
    walk(schema, "")
    for name, sub in schema["$defs"].items():
        walk(sub, f"$defs.{name}")
    assert not undescribed
    docs = (REPO / "docs" / "manifest.md").read_text()
    assert len(keys) > 25
    assert not sorted(k for k in keys if f"`{k}`" not in docs), "keys missing from docs/manifest.md"


# -- generate and check -------------------------------------------------------------------------

def test_generate_then_check_in_process(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["generate", str(QUICKSTART), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 module(s)" in result.output and "14 file(s) written" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["inventory-cdc", "orders-s3-sink"]
    again = runner.invoke(main, ["generate", str(QUICKSTART), "-o", str(out)])
    assert again.exit_code == 0 and "0 file(s) written, 14 unchanged" in again.output
    assert runner.invoke(main, ["check", str(QUICKSTART), "-o", str(out)]).exit_code == 0


def test_check_exits_3_with_a_diff_on_drift(tmp_path):
    out = tmp_path / "out"
    assert run("generate", QUICKSTART, "-o", out).returncode == 0
    tf = out / "orders-s3-sink" / "variables.tf"
    tf.write_text(tf.read_text().replace('"/msk-connect/"', '"/edited/"'))
    (out / "inventory-cdc" / "README.md").unlink()
    proc = run("check", QUICKSTART, "-o", out)
    assert proc.returncode == 3
    assert '-  default     = "/edited/"' in proc.stdout and '+  default     = "/msk-connect/"' in proc.stdout
    assert "missing: inventory-cdc/README.md" in proc.stdout and "changed: orders-s3-sink/variables.tf" in proc.stdout
    assert "differs" in proc.stderr


def test_invalid_manifest_exits_1_with_located_errors_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nconnectors:\n  - name: a\n    type: sink\n    topic: [t]\n"
                   "  - name: b\n    type: sideways\n")
    out = tmp_path / "out"
    proc = run("generate", bad, "-o", out)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == "2 problems found; nothing was written."
    assert lines[0] == f"error: {bad}:5:5: connectors[0].topic: unknown key 'topic'; did you mean 'topics'?"
    assert lines[1].startswith(f"error: {bad}:7:11: connectors[1].type: found the string 'sideways'; expected one of")
    assert not out.exists()


def test_usage_error_exits_2(tmp_path):
    assert run("generate", QUICKSTART).returncode == 2  # no -o
    assert run("generate", tmp_path / "nope.yaml", "-o", tmp_path).returncode == 2
    assert run("frobnicate").returncode == 2


def test_foreign_file_exits_4(tmp_path):
    out = tmp_path / "out"
    (out / "orders-s3-sink").mkdir(parents=True)
    (out / "orders-s3-sink" / "main.tf").write_text("# hand-written\n")
    proc = run("generate", QUICKSTART, "-o", out)
    assert proc.returncode == 4 and "not generated by msk-connect-iam" in proc.stderr
    assert (out / "orders-s3-sink" / "main.tf").read_text() == "# hand-written\n"


def test_generate_from_another_directory_names_manifest_relative_to_output(tmp_path):
    proc = run("generate", QUICKSTART, "-o", "mods", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first = (tmp_path / "mods" / "orders-s3-sink" / "main.tf").read_text().splitlines()[0]
    assert first.startswith("# Generated by msk-connect-iam from ") and first.endswith(
        "examples/quickstart/connectors.yaml. Do not edit: regenerate with msk-connect-iam generate.")


def test_second_manifest_cannot_overwrite_the_first_ones_module(tmp_path):
    """Environments share connector names: generating staging into quickstart's folder must not
    silently replace quickstart's orders-s3-sink module."""
    out = tmp_path / "out"
    assert run("generate", QUICKSTART, "-o", out).returncode == 0
    before = {p: p.read_text() for p in out.rglob("*") if p.is_file()}
    staging = REPO / "examples" / "environments" / "staging" / "connectors.yaml"
    proc = run("generate", staging, "-o", out)
    assert proc.returncode == 4 and "another manifest generated it" in proc.stderr
    assert {p: p.read_text() for p in out.rglob("*") if p.is_file()} == before
    # check says the same (exit 4, the files named), instead of a diff and "run generate"
    check = run("check", staging, "-o", out)
    assert check.returncode == 4 and "generate would refuse to overwrite them" in check.stderr
    assert f"not generated from {staging}: orders-s3-sink/main.tf" in check.stderr
    assert "run msk-connect-iam generate" not in check.stderr + check.stdout
    assert run("generate", staging, "-o", out / "environments" / "staging").returncode == 0


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize("flags", [["--connector", "orders-s3-sink"], ["--namespace", "acme"]])
def test_registry_only_options_are_refused_with_the_modules_layout(tmp_path, command, flags):
    proc = run(command, QUICKSTART, "-o", tmp_path / "out", *flags)
    assert proc.returncode == 2 and "apply only with --layout registry" in proc.stderr
    assert not (tmp_path / "out").exists()
