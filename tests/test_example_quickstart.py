"""examples/quickstart applied and destroyed against moto through pytest-terraform, connectors off."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from awsmock import iam_inventory
from exampleapply import check_applied_example

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]
_created: set[str] = set()


@terraform("quickstart")
def test_quickstart_applies_roles_without_connectors(quickstart, iam):
    assert set(quickstart.outputs["role_arns"]["value"]) == {"orders-s3-sink", "inventory-cdc"}
    assert quickstart.outputs["connector_arns"]["value"] == {}
    _created.update(check_applied_example(quickstart.terraform.show(), iam, "quickstart"))


def test_quickstart_destroyed(iam):
    """Runs after the fixture above was torn down (terraform destroy)."""
    assert _created, "the apply test did not run first"
    assert not _created & iam_inventory(iam)["roles"]
