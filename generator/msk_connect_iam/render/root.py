"""A root configuration for one manifest (``generate --root-module DIR``): it calls every
connector's generated module and defines the ``aws_mskconnect_connector`` that runs with its role.

Each connector passes its module's ``arn`` output to ``service_execution_role_arn`` (AWS provider
documentation, ``aws_mskconnect_connector``). The connector's ``connector_configuration`` from the
manifest becomes the connector's properties; ``var.connector_configuration`` adds to or overrides
them per connector. What the manifest cannot know (bootstrap brokers, subnets, security groups,
custom plugins) are required variables. ``var.create_connector`` (default true) switches the
connectors off, leaving only the roles (the apply tests do that: the mock AWS has no MSK Connect).
The connectors authenticate with IAM when the manifest's cluster uses IAM authentication and
``NONE`` otherwise (the two types MSK Connect supports), always over TLS.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from msk_connect_iam.errors import OutputError
from msk_connect_iam.model import Manifest
from msk_connect_iam.render.environment import environment
from msk_connect_iam.render.escape import HclLiteral, hcl_string, tf_identifier
from msk_connect_iam.render.module import AWS_PROVIDER_VERSION, TERRAFORM_REQUIRED_VERSION, header_text

#: Files of a generated root configuration.
ROOT_FILES = ("versions.tf", "variables.tf", "main.tf", "outputs.tf")
DEFAULT_KAFKACONNECT_VERSION = "2.7.1"


@dataclass(frozen=True)
class RootConnector:
    """One connector as the root configuration writes it; every ``*_hcl`` field is HCL source."""

    ident: str
    name_hcl: str
    name_padded: str
    local_key: str
    description_hcl: str | None
    module_source_hcl: str
    cluster_key_hcl: str
    authentication: str
    configuration: tuple[tuple[str, str], ...]


def _padded(items: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(key literal padded for terraform fmt alignment, value literal) pairs of an HCL map."""
    keys = [hcl_string(k) for k, _ in items]
    width = max((len(k) for k in keys), default=0)
    return tuple((HclLiteral(k.ljust(width)), hcl_string(v)) for k, (_, v) in zip(keys, items))


def _idents(names: list[str]) -> list[str]:
    """Distinct Terraform identifiers for connector names ('_2', '_3' on collisions)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        base = tf_identifier(name).replace("-", "_")
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}_{n}")
    return out


def render_root(manifest: Manifest, modules_dir: Path, root_dir: Path, manifest_ref: str) -> dict[str, str]:
    """Render the root configuration written to ``root_dir``: ``{file name: text}`` of :data:`ROOT_FILES`.

    ``modules_dir`` is where ``generate -o`` writes the connectors' modules; module sources are
    relative to ``root_dir``. Raises OutputError when the connectors run in several regions (one
    root configuration configures one provider region).
    """
    regions = sorted({c.region for c in manifest.connectors})
    if len(regions) != 1:
        raise OutputError(f"--root-module needs the connectors in one region; the manifest has {', '.join(regions)}")
    rel = Path(os.path.relpath(os.path.abspath(modules_dir), os.path.abspath(root_dir))).as_posix()
    width = max(len(hcl_string(c.name)) for c in manifest.connectors)
    # terraform fmt aligns '=' across consecutive single-line entries only: pad the keys of each
    # run of connectors without configuration (single-line lookup) to the run's widest key.
    local_keys: list[str] = []
    run: list[int] = []
    for i, c in enumerate([*manifest.connectors, None]):
        if c is not None and not c.configuration:
            run.append(i)
            continue
        run_width = max((len(hcl_string(manifest.connectors[j].name)) for j in run), default=0)
        local_keys += [hcl_string(manifest.connectors[j].name).ljust(run_width) for j in run]
        run = []
        if c is not None:
            local_keys.append(hcl_string(c.name))
    connectors = []
    for c, ident, local_key in zip(manifest.connectors, _idents([c.name for c in manifest.connectors]), local_keys):
        source = f"./{c.name}" if rel == "." else (f"{rel}/{c.name}" if rel.startswith("..") else f"./{rel}/{c.name}")
        connectors.append(RootConnector(
            ident=ident,
            name_hcl=hcl_string(c.name),
            name_padded=HclLiteral(hcl_string(c.name).ljust(width)),
            local_key=HclLiteral(local_key),
            description_hcl=hcl_string(c.description) if c.description else None,
            module_source_hcl=hcl_string(source),
            cluster_key_hcl=hcl_string(c.cluster.arn.name),
            authentication="IAM" if c.cluster.uses_iam else "NONE",
            configuration=_padded(list(c.configuration)),
        ))
    header = header_text(manifest_ref)
    context = {
        "header": HclLiteral(header),
        "connectors": connectors,
        "region": hcl_string(regions[0]),
        "clusters": sorted({c.cluster.arn.name for c in manifest.connectors}),
        "kafkaconnect_version": hcl_string(DEFAULT_KAFKACONNECT_VERSION),
        "terraform_version": hcl_string(TERRAFORM_REQUIRED_VERSION),
        "aws_version": hcl_string(AWS_PROVIDER_VERSION),
    }
    env = environment()
    return {name: env.get_template(f"root/{name}.j2").render(context) for name in ROOT_FILES}
