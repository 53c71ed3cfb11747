"""The example manifests and their root configurations, loaded through the library."""

from __future__ import annotations

import os
from pathlib import Path

from goldens import EXAMPLES, golden_pairs


def manifest_connectors(manifest: Path):
    """The validated connectors of the manifest at ``manifest``."""
    from msk_connect_iam.manifest import load

    return load(manifest).connectors


def example_roots() -> list[tuple[Path, Path]]:
    """(manifest, its golden output folder) of every example manifest; the root configuration
    lives beside the manifest."""
    return golden_pairs()


def example_id(manifest: Path) -> str:
    """``quickstart``, ``environments/staging``: the manifest's folder relative to examples/."""
    return manifest.parent.relative_to(EXAMPLES).as_posix()


def module_source(manifest: Path, out_dir: Path, connector_name: str) -> str:
    """The relative ``source`` by which the root configuration beside ``manifest`` calls the
    connector's generated module in ``out_dir``."""
    return Path(os.path.relpath(out_dir / connector_name, manifest.parent)).as_posix()
