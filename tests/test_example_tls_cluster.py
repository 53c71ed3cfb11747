"""examples/tls-cluster applied and destroyed against moto through pytest-terraform, connectors off
(pytest-terraform allows one root configuration per test file)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example, check_outputs

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("tls-cluster", name="tls_cluster")
def test_tls_cluster_applies_roles_without_connectors(destroyed_after, tls_cluster, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    check_outputs(tls_cluster.outputs, "tls-cluster")
    destroyed_after.update(check_applied_example(tls_cluster.terraform.show(), iam, "tls-cluster"))
