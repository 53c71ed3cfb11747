"""examples/aws-service-sinks applied and destroyed against moto through pytest-terraform, connectors off
(pytest-terraform allows one root configuration per test file)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example, check_outputs

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("aws-service-sinks", name="aws_service_sinks")
def test_aws_service_sinks_applies_roles_without_connectors(destroyed_after, aws_service_sinks, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    check_outputs(aws_service_sinks.outputs, "aws-service-sinks")
    destroyed_after.update(check_applied_example(aws_service_sinks.terraform.show(), iam, "aws-service-sinks"))
