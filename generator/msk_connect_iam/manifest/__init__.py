"""Stage 1, the manifest: load (YAML with locations), schema, resolve, checks, build.

:func:`load` and :func:`validate` return a :class:`~msk_connect_iam.model.Manifest` whose
``builds`` hold one :class:`~msk_connect_iam.model.ConnectorBuild` per connector, or raise
:class:`~msk_connect_iam.errors.ManifestError` with every problem, located.
"""

from msk_connect_iam.manifest.build import load, validate
from msk_connect_iam.manifest.schema import schema

__all__ = ["load", "schema", "validate"]
