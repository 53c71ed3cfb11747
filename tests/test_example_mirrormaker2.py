"""examples/mirrormaker2 applied and destroyed against moto through pytest-terraform, connectors off
(pytest-terraform allows one root configuration per test file)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example, check_outputs

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("mirrormaker2", name="mirrormaker2")
def test_mirrormaker2_applies_roles_without_connectors(destroyed_after, mirrormaker2, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    check_outputs(mirrormaker2.outputs, "mirrormaker2")
    destroyed_after.update(check_applied_example(mirrormaker2.terraform.show(), iam, "mirrormaker2"))
