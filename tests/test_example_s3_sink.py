"""examples/s3-sink applied and destroyed against moto through pytest-terraform, connectors off."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from exampleapply import check_applied_example

pytestmark = [pytest.mark.terraform, pytest.mark.usefixtures("moto_os_env")]


@terraform("s3-sink", name="s3_sink")
def test_s3_sink_applies_roles_without_connectors(destroyed_after, s3_sink, iam):
    """destroyed_after comes first: its teardown runs after the terraform destroy."""
    assert set(s3_sink.outputs["role_arns"]["value"]) == {"clickstream-s3-archive", "audit-s3-archive"}
    assert s3_sink.outputs["connector_arns"]["value"] == {}
    destroyed_after.update(check_applied_example(s3_sink.terraform.show(), iam, "s3-sink"))

