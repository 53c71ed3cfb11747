"""examples/quickstart applied and destroyed against moto through pytest-terraform, connectors off
(pytest-terraform allows one root configuration per test file)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example, check_outputs

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("quickstart", name="quickstart")
def test_quickstart_applies_roles_without_connectors(destroyed_after, quickstart, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    check_outputs(quickstart.outputs, "quickstart")
    destroyed_after.update(check_applied_example(quickstart.terraform.show(), iam, "quickstart"))
