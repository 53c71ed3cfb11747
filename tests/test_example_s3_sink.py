"""examples/s3-sink applied and destroyed against moto through pytest-terraform, connectors off
(pytest-terraform allows one root configuration per test file)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example, check_outputs

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("s3-sink", name="s3_sink")
def test_s3_sink_applies_roles_without_connectors(destroyed_after, s3_sink, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    check_outputs(s3_sink.outputs, "s3-sink")
    destroyed_after.update(check_applied_example(s3_sink.terraform.show(), iam, "s3-sink"))
