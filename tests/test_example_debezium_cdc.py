"""examples/debezium-cdc applied and destroyed against moto through pytest-terraform, connectors off
(pytest-terraform allows one root configuration per test file)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example, check_outputs

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("debezium-cdc", name="debezium_cdc")
def test_debezium_cdc_applies_roles_without_connectors(destroyed_after, debezium_cdc, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    check_outputs(debezium_cdc.outputs, "debezium-cdc")
    destroyed_after.update(check_applied_example(debezium_cdc.terraform.show(), iam, "debezium-cdc"))
