"""examples/environments/<env> root configurations applied and destroyed against moto with a plain
helper (pytest-terraform cannot name a nested folder such as environments/staging), connectors off.
Each root configuration is copied to a temporary folder with its module sources made absolute, so
the repository is not written to."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from awsmock import EXAMPLE_TF_VARS, iam_inventory
from exampleapply import check_applied_example, check_outputs
from goldens import EXAMPLES
from tfharness import tf

pytestmark = pytest.mark.terraform

ENVIRONMENTS = sorted(p.parent.name for p in EXAMPLES.glob("environments/*/main.tf"))


def copy_root(folder, dest):
    """Copy the root configuration's .tf files to ``dest``, resolving relative module sources."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in folder.glob("*.tf"):
        text = re.sub(r'(source\s*=\s*")(\.\.?/[^"]*)"',
                      lambda m: f'{m.group(1)}{(folder / m.group(2)).resolve().as_posix()}"', f.read_text())
        (dest / f.name).write_text(text)


def test_environments_exist():
    assert ENVIRONMENTS == ["production", "staging"]


@pytest.mark.parametrize("env_name", ENVIRONMENTS)
def test_environment_applies_and_destroys(env_name, aws_tf_env, iam, tmp_path):
    root = tmp_path / env_name
    copy_root(EXAMPLES / "environments" / env_name, root)
    env = {**aws_tf_env, **EXAMPLE_TF_VARS}
    before = iam_inventory(iam)
    tf(["init", "-input=false", "-no-color"], root, env)
    tf(["apply", "-auto-approve", "-input=false", "-no-color"], root, env)
    try:
        state = json.loads(tf(["show", "-json"], root, env).stdout)
        created = check_applied_example(state, iam, f"environments/{env_name}")
        assert all(name.startswith(f"{env_name}-") for name in created)
        check_outputs(state["values"]["outputs"], f"environments/{env_name}")
    finally:
        tf(["destroy", "-auto-approve", "-input=false", "-no-color"], root, env)
    assert iam_inventory(iam) == before
    shutil.rmtree(root)
