"""examples/tls-cluster applied and destroyed against moto through pytest-terraform, connector off."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from awsmock import iam_inventory
from exampleapply import check_applied_example

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]
_created: set[str] = set()


@terraform("tls-cluster", name="tls_cluster")
def test_tls_cluster_applies_role_without_connector(tls_cluster, iam):
    assert tls_cluster.outputs["role_arn"]["value"].endswith(":role/msk-connect/ledger-s3-sink")
    assert tls_cluster.outputs.get("connector_arn", {}).get("value") is None
    _created.update(check_applied_example(tls_cluster.terraform.show(), iam, "tls-cluster"))


def test_tls_cluster_destroyed(iam):
    """Runs after the fixture above was torn down (terraform destroy)."""
    assert _created, "the apply test did not run first"
    assert not _created & iam_inventory(iam)["roles"]
