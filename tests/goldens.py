"""The golden-tree layout, the one regeneration rule: ``make goldens`` and ``make run`` run this
file (``python tests/goldens.py [--check]``), and the tests import it:

- ``examples/<scenario>/connectors.yaml``          -> ``modules/``  (modules/<connector>/)
- ``examples/environments/<env>/connectors.yaml``  -> ``modules/environments/<env>/``

Environments get their own output folder because their manifests share connector names.
"""

from __future__ import annotations

from pathlib import Path

import sys

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


def main(argv: list[str]) -> int:
    """``goldens.py``: regenerate every pair of :func:`golden_pairs` (modules and, with
    ``--root-module``, the example's root configuration) through :func:`msk_connect_iam.api.generate`;
    ``goldens.py --check``: :func:`msk_connect_iam.api.check` each instead. Returns the exit code
    (the first non-zero one; errors are printed as the CLI prints them)."""
    from msk_connect_iam.cli import main as cli

    command = "check" if argv[1:] == ["--check"] else "generate"
    for manifest, out_dir in golden_pairs():
        args = [command, str(manifest.relative_to(REPO)), "-o", str(out_dir.relative_to(REPO)) + "/",
                "--root-module", str(manifest.parent.relative_to(REPO))]
        code = 0
        try:
            cli.main(args, prog_name="msk-connect-iam")
        except SystemExit as exc:  # click ends every command with sys.exit
            code = exc.code or 0
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
