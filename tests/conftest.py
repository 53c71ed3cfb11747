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
