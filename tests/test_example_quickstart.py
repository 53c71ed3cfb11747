"""examples/quickstart applied and destroyed against moto through pytest-terraform, connectors off."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("quickstart")
def test_quickstart_applies_roles_without_connectors(destroyed_after, quickstart, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    assert set(quickstart.outputs["role_arns"]["value"]) == {"orders-s3-sink", "inventory-cdc"}
    assert quickstart.outputs["connector_arns"]["value"] == {}
    destroyed_after.update(check_applied_example(quickstart.terraform.show(), iam, "quickstart"))

