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
from msk_connect_iam.manifest.loader import MAX_MANIFEST_BYTES, read_manifest_text
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


# -- output paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["generate", "check"])
def test_empty_output_is_a_usage_error_not_the_current_folder(tmp_path, command):
    proc = run(command, QUICKSTART, "-o", "", cwd=tmp_path)
    _no_traceback(proc)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "found an empty path" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_unusable_output_folder_is_exit_4_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # the quickstart's second module folder cannot be created: a file holds its name
    names = sorted({p.split("/")[0] for p in _plan_files(out)})
    blocker = out / names[-1]
    blocker.write_text("not a folder\n")
    proc = run("generate", QUICKSTART, "-o", out, cwd=tmp_path)
    _no_traceback(proc)
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert f"{blocker} is not a folder" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [blocker.name]
    assert blocker.read_text() == "not a folder\n"


def test_output_below_a_file_is_exit_4(tmp_path):
    (tmp_path / "afile").write_text("x")
    proc = run("generate", QUICKSTART, "-o", tmp_path / "afile" / "sub", cwd=tmp_path)
    _no_traceback(proc)
    assert proc.returncode == 4 and "afile is not a folder" in proc.stderr


def _plan_files(out: Path) -> dict:
    from msk_connect_iam import manifest
    from msk_connect_iam import write as output

    return output.plan(manifest.load(QUICKSTART), QUICKSTART, out).files


# -- import --output ---------------------------------------------------------------------------

IMPORT_JSON = """{
  "connectorName": "orders-jdbc",
  "connectorConfiguration": {"connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                             "connection.url": "jdbc:postgresql://db:5432/orders", "topic.prefix": "jdbc."},
  "kafkaCluster": {"apacheKafkaCluster": {"bootstrapServers": "b-1.prod:9098",
                                          "vpc": {"securityGroups": ["sg-1"], "subnets": ["subnet-1"]}}},
  "kafkaClusterClientAuthentication": {"authenticationType": "IAM"}
}"""
CLUSTER = "arn:aws:kafka:eu-central-1:111122223333:cluster/prod/11111111-2222-3333-4444-555555555555-1"


@pytest.mark.parametrize("target, code, message", [
    ("", 2, "found an empty path"),
    ("nodir/x.yaml", 4, "cannot write nodir/x.yaml: No such file or directory"),
])
def test_import_output_errors_are_messages_not_tracebacks(tmp_path, target, code, message):
    (tmp_path / "c.json").write_text(IMPORT_JSON)
    proc = run("import", "c.json", "--cluster-arn", CLUSTER, "-o", target, "--force", cwd=tmp_path)
    _no_traceback(proc)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


def test_import_output_is_written(tmp_path):
    (tmp_path / "c.json").write_text(IMPORT_JSON)
    proc = run("import", "c.json", "--cluster-arn", CLUSTER, "-o", "m.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json", "m.yaml"]
    assert "name: orders-jdbc" in (tmp_path / "m.yaml").read_text()


# -- connector_configuration value types, as docs/manifest.md states them -----------------------

CONFIG_MANIFEST = """version: 1
defaults:
  cluster:
    arn: arn:aws:kafka:us-east-1:123456789012:cluster/c/11111111-2222-3333-4444-555555555555-1
connectors:
  - name: a
    type: sink
    topics: [t]
    connector_configuration:
      connector.class: com.example.Unknown
{extra}"""


def _load_config(tmp_path, extra):
    from msk_connect_iam import manifest

    path = tmp_path / "m.yaml"
    path.write_text(CONFIG_MANIFEST.format(extra=extra))
    return manifest.load(path)


def test_configuration_integers_and_booleans_become_yaml_read_strings(tmp_path):
    model = _load_config(tmp_path, "      tasks.max: 2\n      flag: yes\n      hex: 0x10\n      quoted: '0x10'\n")
    config = dict(model.connectors[0].configuration)
    assert (config["tasks.max"], config["flag"], config["hex"], config["quoted"]) == ("2", "true", "16", "0x10")


@pytest.mark.parametrize("value", ["1.5", "null", "[1, 2]"])
def test_configuration_fractions_nulls_and_lists_are_errors(tmp_path, value):
    with pytest.raises(ManifestError) as err:
        _load_config(tmp_path, f"      flush.ratio: {value}\n")
    assert [p.path for p in err.value.problems] == ["connectors[0].connector_configuration.flush.ratio"]
