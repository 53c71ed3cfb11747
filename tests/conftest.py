"""Fixtures shared by the test suite."""

from __future__ import annotations

import pytest

from tfharness import REPO, terraform_env


@pytest.fixture(scope="session")
def tf_env(tmp_path_factory):
    """Environment for offline terraform runs (fails, never skips, without terraform or the mirror)."""
    return terraform_env(tmp_path_factory.mktemp("tfcli"))


@pytest.fixture(scope="session")
def repo():
    return REPO


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    """A moto server on a free loopback port for the whole session; stopped at the end."""
    from awsmock import start_moto

    server = start_moto(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def aws_tf_env(tf_env, moto_server):
    """The offline terraform environment plus the variables pointing the AWS provider at moto."""
    from awsmock import aws_environment

    env = dict(tf_env)
    env.update(aws_environment(moto_server.endpoint))
    return env


@pytest.fixture(scope="session")
def iam(moto_server):
    """A boto3 IAM client for the session's moto server."""
    from awsmock import iam_client

    return iam_client(moto_server.endpoint)


@pytest.fixture(scope="session")
def scenarios(tmp_path_factory):
    """The manifests of tests/scenarios.py, generated into one folder: ``(folder, {name: manifest})``."""
    from scenarios import write_all

    folder = tmp_path_factory.mktemp("scenarios")
    return folder, write_all(folder)


@pytest.fixture(scope="session")
def budget_plan(tf_env, tmp_path_factory, scenarios):
    """One ``terraform plan`` over every module in modules/ and every scenario module, plus an
    ``aws_service_principal`` data source per supported partition (outputs ``principal_<partition>``).
    Returns ``(plan json, {module name: module folder})``."""
    from msk_connect_iam.arns import PARTITION_SAMPLE_REGIONS
    from tfharness import OFFLINE_PROVIDER, plan_json, write_root

    folder, _ = scenarios
    mods = sorted(p for p in (REPO / "modules").iterdir() if (p / "main.tf").is_file())
    mods += sorted(p for p in (folder / "modules").iterdir() if (p / "main.tf").is_file())
    extra = "".join(
        f'data "aws_service_principal" "p_{part.replace("-", "_")}" {{\n  service_name = "kafkaconnect"\n'
        f'  region       = "{region}"\n}}\n\noutput "principal_{part.replace("-", "_")}" {{\n'
        f'  value = data.aws_service_principal.p_{part.replace("-", "_")}.name\n}}\n\n'
        for part, region in sorted(PARTITION_SAMPLE_REGIONS.items()))
    root = tmp_path_factory.mktemp("budget-root")
    write_root(root, mods, provider=OFFLINE_PROVIDER + "\n" + extra)
    return plan_json(root, tf_env), {m.name: m for m in mods}
