"""The example manifests, loaded through the library (for tests that need their connectors)."""

from __future__ import annotations

from tfharness import REPO


def manifest_connectors(scenario: str):
    """The validated connectors of ``examples/<scenario>/connectors.yaml``."""
    from msk_connect_iam.manifest import load

    return load(REPO / "examples" / scenario / "connectors.yaml").connectors
