"""The one place the audit subpackage imports the rest of msk_connect_iam.

What a connector needs comes from the generator itself: the validated manifest
(:func:`load_manifest`), every granted (action, resource) pair with its cause (:func:`explain`)
and the trust policy (:func:`execution_role`). After a restructuring of the package, only the
imports below need repointing.
"""

from __future__ import annotations

from msk_connect_iam.errors import EXIT_FINDINGS, ManifestError, MskConnectIamError, Problem, show  # noqa: F401
from msk_connect_iam.manifest import load as load_manifest  # noqa: F401
from msk_connect_iam.model import Connector, Explained, Manifest  # noqa: F401
from msk_connect_iam.policy.arns import SERVICE_PRINCIPALS, connector_arn_pattern  # noqa: F401
from msk_connect_iam.policy.lint import expand_action  # noqa: F401
from msk_connect_iam.policy.permissions import execution_role, role_arn  # noqa: F401
from msk_connect_iam.render.explain import explain  # noqa: F401


class AuditInputError(ManifestError):
    """An input file of audit or diagnose cannot be read (located problems; exit 1)."""


def problem(file: str, message: str, line: int = 0, column: int = 0, path: str = "") -> Problem:
    return Problem(file=file, line=line, column=column, path=path, message=message)
