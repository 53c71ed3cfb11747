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
    """One ``terraform plan`` over every golden module (tests/goldens.py layout, environments
    included) and every scenario module, plus an ``aws_service_principal`` data source per
    supported partition (root outputs ``principal_<partition>``), and each module's
    ``cluster_policy_statements`` output forwarded as the root output ``cluster_policies_<ident>``.

    Returns ``(plan json, {key: (module folder, Connector, root module identifier)})``; the key
    is the scenario name, or ``modules/<path>`` for a golden module.
    """
    from goldens import golden_pairs
    from msk_connect_iam import manifest
    from msk_connect_iam.policy.arns import PARTITION_SAMPLE_REGIONS
    from tfharness import OFFLINE_PROVIDER, module_ident, plan_json

    folder, paths = scenarios
    entries = {}
    for path, out in golden_pairs():
        for c in manifest.load(path).connectors:
            rel = (out / c.name).relative_to(REPO).as_posix()
            entries[rel] = (out / c.name, c, module_ident("g_" + rel.replace("/", "_")))
    for name, path in paths.items():
        for c in manifest.load(path).connectors:
            entries[name] = (folder / "modules" / c.name, c, module_ident(c.name))
    lines = [OFFLINE_PROVIDER]
    for key, (mod, _, ident) in entries.items():
        lines.append(f'module "{ident}" {{\n  source = "{mod.resolve().as_posix()}"\n}}\n')
        if 'output "cluster_policy_statements"' in (mod / "outputs.tf").read_text():
            # forwarded so that the plan shows the module output (root outputs only)
            lines.append(f'output "cluster_policies_{ident}" {{\n  value = module.{ident}.cluster_policy_statements\n}}\n')
    for part, region in sorted(PARTITION_SAMPLE_REGIONS.items()):
        p = part.replace("-", "_")
        lines.append(f'data "aws_service_principal" "p_{p}" {{\n  service_name = "kafkaconnect"\n'
                     f'  region       = "{region}"\n}}\n\noutput "principal_{p}" {{\n'
                     f'  value = data.aws_service_principal.p_{p}.name\n}}\n')
    root = tmp_path_factory.mktemp("budget-root")
    (root / "main.tf").write_text("\n".join(lines))
    return plan_json(root, tf_env), entries
@pytest.fixture(scope="module")
def moto_os_env(aws_tf_env):
    """os.environ set for pytest-terraform fixtures (they read only the process environment):
    offline terraform, the provider pointed at moto, the examples' variables, connectors off."""
    from awsmock import EXAMPLE_TF_VARS

    with pytest.MonkeyPatch.context() as mp:
        for key, value in {**aws_tf_env, **EXAMPLE_TF_VARS}.items():
            mp.setenv(key, value)
        yield


@pytest.fixture
def destroyed_after(iam):
    """A set the test fills with role names; at teardown (after any pytest-terraform fixture
    requested AFTER this one has run terraform destroy) none of them may exist any more."""
    from awsmock import iam_inventory

    created: set[str] = set()
    yield created
    left = created & iam_inventory(iam)["roles"]
    assert not left, f"roles left after terraform destroy: {sorted(left)}"
