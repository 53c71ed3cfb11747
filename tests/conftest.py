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
