"""The golden-tree layout, the same rule as ``make goldens`` (Makefile):

- ``examples/<scenario>/connectors.yaml``          -> ``modules/``  (modules/<connector>/)
- ``examples/environments/<env>/connectors.yaml``  -> ``modules/environments/<env>/``

Environments get their own output folder because their manifests share connector names.
"""

from __future__ import annotations

from pathlib import Path

from tfharness import REPO

EXAMPLES = REPO / "examples"
MODULES = REPO / "modules"


def golden_pairs() -> list[tuple[Path, Path]]:
    """(manifest, output folder) for every example, in the order ``make goldens`` generates them."""
    pairs = [(m, MODULES) for m in sorted(EXAMPLES.glob("*/connectors.yaml"))]
    pairs += [(m, MODULES / "environments" / m.parent.name)
              for m in sorted(EXAMPLES.glob("environments/*/connectors.yaml"))]
    return pairs


def all_example_manifests() -> list[Path]:
    """Every manifest under examples/, at any depth."""
    return sorted(EXAMPLES.rglob("connectors.yaml"))


def tree_files(root: Path) -> dict[str, Path]:
    """Every file under ``root`` (paths relative to it, posix), skipping terraform working files."""
    skip = {".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup", "tfplan"}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
            if p.is_file() and not skip & set(p.relative_to(root).parts)}
