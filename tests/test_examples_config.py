"""The root configuration beside every example manifest: it calls the generated module of each of
the manifest's connectors, passes the module's ``arn`` to an aws_mskconnect_connector behind
``var.create_connector``, is fmt-clean, and validates with the connectors on."""

from __future__ import annotations

import pytest

from goldens import all_example_manifests
from manifests_helper import example_id, example_roots, manifest_connectors, module_source
from tfharness import REPO, tf

pytestmark = pytest.mark.terraform

ROOTS = example_roots()
IDS = [example_id(m) for m, _ in ROOTS]


def _load_tf(folder):
    import hcl2
    from hcl2 import SerializationOptions

    merged: dict[str, list] = {}
    for f in sorted(folder.glob("*.tf")):
        with f.open() as fh:
            for key, blocks in hcl2.load(fh, serialization_options=SerializationOptions(strip_string_quotes=True)).items():
                merged.setdefault(key, []).extend(blocks)
    return merged


def _named(blocks) -> dict:
    return {name: body for block in blocks for name, body in block.items()}


def test_every_example_manifest_has_a_root_configuration():
    assert {m for m, _ in ROOTS} == set(all_example_manifests())
    for manifest, _ in ROOTS:
        assert (manifest.parent / "main.tf").is_file(), manifest


def test_every_root_configuration_has_an_apply_test():
    """Top-level examples: a pytest-terraform file tests/test_example_<name>.py; nested ones
    (environments/<env>) are applied by tests/test_example_environments.py."""
    for scenario in IDS:
        if "/" in scenario:
            assert scenario.startswith("environments/"), scenario
        else:
            test_file = REPO / "tests" / f"test_example_{scenario.replace('-', '_')}.py"
            assert test_file.is_file(), f"{scenario}: no {test_file.name}"
            assert f'@terraform("{scenario}"' in test_file.read_text(), test_file


@pytest.mark.parametrize(("manifest", "out_dir"), ROOTS, ids=IDS)
def test_connectors_use_their_generated_module(manifest, out_dir):
    scenario = example_id(manifest)
    config = _load_tf(manifest.parent)
    modules = _named(config.get("module", []))
    connectors = _named(r["aws_mskconnect_connector"] for r in config.get("resource", [])
                        if "aws_mskconnect_connector" in r)
    variables = _named(config.get("variable", []))
    assert variables["create_connector"]["type"] == "bool"
    assert variables["create_connector"]["default"] is True
    by_source = {body["source"]: name for name, body in modules.items()}
    wanted = manifest_connectors(manifest)
    assert len(connectors) == len(wanted)
    for connector in wanted:
        module = by_source.get(module_source(manifest, out_dir, connector.name))
        assert module, f"{scenario}: no module call for {connector.name}"
        resource = [r for r in connectors.values() if r["name"] == connector.name]
        assert len(resource) == 1, f"{scenario}: no aws_mskconnect_connector named {connector.name}"
        assert resource[0]["service_execution_role_arn"] == f"${{module.{module}.arn}}"
        assert resource[0]["count"] == "${var.create_connector ? 1 : 0}"
        auth = resource[0]["kafka_cluster_client_authentication"][0]["authentication_type"]
        assert auth == ("IAM" if connector.cluster.uses_iam else "NONE")


def test_examples_fmt_clean(tf_env):
    proc = tf(["fmt", "-check", "-recursive", "-diff", "-no-color"], REPO / "examples", tf_env, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(("manifest", "out_dir"), ROOTS, ids=IDS)
def test_example_validates_with_connectors_on(manifest, out_dir, tf_env, tmp_path):
    env = {k: v for k, v in tf_env.items() if not k.startswith("TF_VAR_")}
    env["TF_DATA_DIR"] = str(tmp_path / ".terraform")
    folder = manifest.parent
    tf(["init", "-input=false", "-no-color", "-backend=false"], folder, env)
    tf(["validate", "-no-color"], folder, env)
