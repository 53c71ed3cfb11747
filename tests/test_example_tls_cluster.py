"""examples/tls-cluster applied and destroyed against moto through pytest-terraform, connector off."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("tls-cluster", name="tls_cluster")
def test_tls_cluster_applies_role_without_connector(destroyed_after, tls_cluster, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    assert tls_cluster.outputs["role_arn"]["value"].endswith(":role/msk-connect/ledger-s3-sink")
    assert tls_cluster.outputs.get("connector_arn", {}).get("value") is None
    destroyed_after.update(check_applied_example(tls_cluster.terraform.show(), iam, "tls-cluster"))

