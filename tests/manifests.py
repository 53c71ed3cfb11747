"""Build validated models from YAML text in tests (the real loader and validator, no stubs)."""

from __future__ import annotations

import textwrap

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.loader import load_yaml
from msk_connect_iam.manifest import validate
from msk_connect_iam.model import Manifest

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
#: ``topic/...`` and ``group/...`` ARN prefix of CLUSTER, written out by hand.
TOPIC = "arn:aws:kafka:us-east-1:123456789012:topic/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/"
GROUP = "arn:aws:kafka:us-east-1:123456789012:group/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3/"

HEADER = f"""\
version: 1
defaults:
  cluster:
    arn: {CLUSTER}
"""


def model(text: str, file: str = "m.yaml") -> Manifest:
    """Validate a manifest given as (dedented) YAML text."""
    return validate(load_yaml(textwrap.dedent(text), file))


def connectors(body: str, header: str = HEADER) -> Manifest:
    """A manifest with the default cluster header and ``body`` (a dedented ``connectors:`` list)."""
    return model(header + textwrap.dedent(body))


def problems(text: str, file: str = "m.yaml") -> list[str]:
    """The formatted problems of an invalid manifest; fails if the manifest is valid."""
    try:
        model(text, file)
    except ManifestError as exc:
        return [p.format() for p in exc.problems]
    raise AssertionError("the manifest was accepted")
