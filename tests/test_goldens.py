"""Golden trees: every example manifest rendered in memory must equal the committed modules/
file for file (missing, extra, changed). Regenerate with ``make goldens`` and review the diff."""

from __future__ import annotations

import difflib
import shutil

import pytest

from goldens import MODULES, all_example_manifests, golden_pairs, tree_files
from msk_connect_iam import manifest as manifest_mod
from msk_connect_iam import write as output
from msk_connect_iam.render.module import LICENSE_FILE, MODULE_FILES

REGEN = "run `make goldens` and review the diff"


def _expected_tree() -> dict[str, str]:
    """{path relative to modules/: text} of everything the examples generate."""
    expected: dict[str, str] = {}
    for manifest_path, out_dir in golden_pairs():
        model = manifest_mod.load(manifest_path)
        plan = output.plan(model, manifest_path, out_dir)
        prefix = out_dir.relative_to(MODULES).as_posix()
        for rel, text in plan.files.items():
            key = f"{prefix}/{rel}" if prefix != "." else rel
            assert key not in expected, f"{manifest_path} and another example both generate {key}"
            expected[key] = text
    return expected


def test_every_example_has_a_golden_folder():
    assert {m for m, _ in golden_pairs()} == set(all_example_manifests())
    assert len(golden_pairs()) >= 4


def test_modules_tree_equals_what_the_examples_generate():
    expected = _expected_tree()
    actual = tree_files(MODULES)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = []
    for rel in sorted(set(expected) & set(actual)):
        text = actual[rel].read_text(encoding="utf-8")
        if text != expected[rel]:
            changed.append("".join(difflib.unified_diff(text.splitlines(True), expected[rel].splitlines(True),
                                                        f"a/modules/{rel}", f"b/modules/{rel}")))
    assert not missing, f"missing from modules/: {missing}; {REGEN}"
    assert not extra, f"files in modules/ that no example generates: {extra}; {REGEN} (remove stale ones)"
    assert not changed, f"modules/ differs from the examples; {REGEN}\n" + "".join(changed)


def test_every_module_has_its_files():
    by_module: dict[str, set[str]] = {}
    for rel in _expected_tree():
        parts = rel.split("/")
        cut = parts.index("examples") if "examples" in parts else len(parts) - 1
        by_module.setdefault("/".join(parts[:cut]), set()).add("/".join(parts[cut:]))
    # LICENSE only where the manifest names a license (tests/test_registry.py checks which).
    assert by_module and all(names - {LICENSE_FILE} == set(MODULE_FILES) for names in by_module.values()), by_module


@pytest.mark.parametrize("manifest_path, out_dir", golden_pairs(), ids=lambda v: getattr(v, "parent", v).name)
def test_check_command_agrees(manifest_path, out_dir):
    """output.check (what `msk-connect-iam check` runs) finds the committed goldens clean."""
    drift = output.check(output.plan(manifest_mod.load(manifest_path), manifest_path, out_dir))
    assert drift.clean, (drift.missing, drift.changed, drift.extra, drift.diff)


def test_check_reports_missing_changed_and_extra(tmp_path):
    """The comparison can fail: a deleted, an edited and a stale generated file are all reported."""
    manifest_path, _ = next((m, o) for m, o in golden_pairs() if m.parent.name == "quickstart")
    out = tmp_path / "modules"
    model = manifest_mod.load(manifest_path)
    output.write(output.plan(model, manifest_path, out))
    (out / "orders-s3-sink" / "outputs.tf").unlink()
    main_tf = out / "inventory-cdc" / "main.tf"
    main_tf.write_text(main_tf.read_text().replace("kafka-cluster:CreateTopic", "kafka-cluster:*"))
    shutil.copytree(out / "inventory-cdc", out / "retired-connector")
    drift = output.check(output.plan(model, manifest_path, out))
    assert drift.missing == ["orders-s3-sink/outputs.tf"]
    assert drift.changed == ["inventory-cdc/main.tf"]
    assert drift.extra == [f"retired-connector/{f}" for f in sorted((*MODULE_FILES, LICENSE_FILE))]
    assert '-      "kafka-cluster:*",' in drift.diff and '+      "kafka-cluster:CreateTopic",' in drift.diff


def test_makefile_goldens_rule_is_tests_goldens():
    """`make goldens` and `make run` run tests/goldens.py: one regeneration rule, which the tests import."""
    makefile = (MODULES.parent / "Makefile").read_text()
    assert "\t@cd $(CURDIR) && $(BIN)/python tests/goldens.py\n" in makefile
    assert "\t@cd $(CURDIR) && $(BIN)/python tests/goldens.py --check\n" in makefile
    assert "examples/*/connectors.yaml" not in makefile
