"""checkov (in its own virtualenv, tests/checkov_env.py) finds nothing in the generated modules,
and does find the "*" resource of a deliberately bad fixture module, so the gate can fail."""

from __future__ import annotations

import pytest

from checkov_env import run_checkov
from tfharness import REPO

pytestmark = pytest.mark.checkov

FIXTURE = REPO / "tests" / "fixtures" / "checkov-star"


def test_checkov_finds_nothing_in_modules_and_scenarios(scenarios):
    """modules/ (the committed golden tree) and every scenario module (managed-policy splits,
    cross-account, partitions, serverless): zero failed checks, no parsing errors."""
    folder, _ = scenarios
    result = run_checkov([REPO / "modules", folder / "modules"])
    assert result["parsing_errors"] == 0
    assert result["passed"] > 0
    assert result["failed"] == []


def test_checkov_gate_fails_on_a_star_resource():
    result = run_checkov([FIXTURE])
    ids = {check for check, _, _ in result["failed"]}
    assert "CKV_AWS_356" in ids  # "*" as the resource of a restrictable action
