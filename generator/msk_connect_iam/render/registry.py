"""``generate --layout registry``: one connector's module as a ``terraform-aws-<name>`` repository,
ready to tag and publish to a Terraform registry.

The Terraform registry requires a repository named ``terraform-<PROVIDER>-<NAME>`` holding a
module in the standard module structure at its root (README.md, main.tf, variables.tf,
outputs.tf, versions.tf, examples/, and LICENSE when the manifest names a license). The module
files are exactly those of the default layout; only the README's usage names the registry source
``<namespace>/<name>/aws``.
"""

from __future__ import annotations

import re

from msk_connect_iam.errors import OutputError
from msk_connect_iam.model import Manifest
from msk_connect_iam.render.module import render_module

DEFAULT_NAMESPACE = "example-org"


def registry_name(connector_name: str) -> str:
    """The registry module name of a connector: lower case, characters other than letters,
    digits and '-' replaced by '-' (``Orders.S3_sink`` -> ``orders-s3-sink``)."""
    return re.sub(r"[^a-z0-9-]", "-", connector_name.lower())


def repository_name(connector_name: str) -> str:
    """``terraform-aws-<registry name>``: the repository (and output folder) name."""
    return f"terraform-aws-{registry_name(connector_name)}"


def render_registry(manifest: Manifest, manifest_ref: str, connectors: tuple[str, ...] = (),
                    namespace: str = DEFAULT_NAMESPACE) -> dict[str, str]:
    """Render the selected connectors (all when ``connectors`` is empty; every name must be one
    of the manifest's: :func:`msk_connect_iam.api.generate` checks the options first) as
    repository folders: ``{"terraform-aws-<name>/<file>": text}``. Raises OutputError for two
    connectors with the same repository name."""
    by_name = {b.connector.name: b for b in manifest.builds}
    chosen = [by_name[n] for n in connectors] if connectors else list(manifest.builds)
    files: dict[str, str] = {}
    seen: dict[str, str] = {}
    for build in chosen:
        name = build.connector.name
        repo = repository_name(name)
        if repo in seen:
            raise OutputError(f"connectors {seen[repo]} and {name} would both be published as {repo}")
        seen[repo] = name
        source = f"{namespace}/{registry_name(name)}/aws"
        for file, text in render_module(build, manifest_ref, usage_source=source).items():
            files[f"{repo}/{file}"] = text
    return files
