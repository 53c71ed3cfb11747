"""Role names derived from connector names: deterministic, within IAM's limits, never colliding.

IAM role names are 1-64 characters of ``[A-Za-z0-9+=,.@_-]`` and unique case-insensitively in an
account (IAM User Guide, "IAM object quotas" and "IAM identifiers"). Changing a connector's
``service_execution_role_arn`` replaces the connector, so a derived name must never change
between regenerations of the same manifest (facts.md).
"""

from __future__ import annotations

import hashlib
import re

ROLE_NAME_MAX = 64
ROLE_NAME_RE = re.compile(r"^[A-Za-z0-9+=,.@_-]{1,64}$")
_HASH_LEN = 8


def derive_role_name(connector_name: str, prefix: str = "") -> str:
    """Return ``prefix + connector_name``, shortened when it would pass 64 characters.

    A shortened name keeps its first 55 characters and ends in ``-`` plus the first 8 hex digits
    of the SHA-256 of the full lower-cased name, so two long names sharing a 55-character start
    still differ. Characters IAM rejects in role names are replaced by ``-`` (connector names
    that pass validation contain none).
    """
    full = re.sub(r"[^A-Za-z0-9+=,.@_-]", "-", prefix + connector_name)
    if len(full) <= ROLE_NAME_MAX:
        return full
    digest = hashlib.sha256(full.lower().encode("utf-8")).hexdigest()[:_HASH_LEN]
    return f"{full[: ROLE_NAME_MAX - _HASH_LEN - 1]}-{digest}"
