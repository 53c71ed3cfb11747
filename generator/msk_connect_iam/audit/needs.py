"""The one place the audit subpackage imports the rest of msk_connect_iam.

What a connector needs comes from the generator itself: the validated manifest
(:func:`load_manifest`), every granted (action, resource) pair with its cause (:func:`explain`)
and the trust policy (:func:`execution_role`). After a restructuring of the package, only the
imports below need repointing.
"""

from __future__ import annotations

from ..arns import SERVICE_PRINCIPALS, connector_arn_pattern  # noqa: F401
from ..errors import ManifestError, MskConnectIamError, Problem, show  # noqa: F401
from ..explain import Explained, explain  # noqa: F401
from ..lint import expand_action  # noqa: F401
from ..manifest import load as load_manifest  # noqa: F401
from ..model import Connector, Manifest  # noqa: F401
from ..permissions import execution_role, role_arn  # noqa: F401

#: Exit code proposed for "audit found missing or excess grants or trust-policy findings" (and
#: "diagnose recognised authorization failures"): free in errors.EXIT_CODES; the lead wires it in.
EXIT_FINDINGS = 6


class AuditInputError(ManifestError):
    """An input file of audit or diagnose cannot be read (located problems; exit 1)."""


def problem(file: str, message: str, line: int = 0, column: int = 0, path: str = "") -> Problem:
    return Problem(file=file, line=line, column=column, path=path, message=message)
