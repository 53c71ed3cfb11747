"""``msk-connect-iam explain``: every granted (action, resource) pair with its provenance.

For each connector, each statement of its role (the same statements the module renders), each
origin (:class:`~msk_connect_iam.model.Origin`) and each action x resource it accounts for: the
manifest key or configuration property that caused it, the rule and the documentation URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from msk_connect_iam.model import Manifest
from msk_connect_iam.policy.permissions import execution_role


@dataclass(frozen=True)
class Explained:
    """One granted pair: connector, statement sid, action, resource, cause, rule, doc URL."""

    connector: str
    sid: str
    action: str
    resource: str
    cause: str
    rule: str
    doc: str


def explain(manifest: Manifest, connector: str | None = None) -> list[Explained]:
    """Every granted (action, resource) pair of the manifest's connectors (or of ``connector``
    only), in statement order, actions and resources sorted within each origin. A pair granted
    for two reasons appears twice (once per origin)."""
    out = []
    for c in manifest.connectors:
        if connector is not None and c.name != connector:
            continue
        for s in execution_role(c).statements:
            for o in s.origins:
                for action in o.actions:
                    for resource in o.resources:
                        out.append(Explained(c.name, s.sid, action, resource, o.cause, o.rule, o.doc))
    return out


def format_text(rows: list[Explained], warnings: dict[str, tuple[str, ...]]) -> str:
    """Human-readable report: per connector, one block per pair (action resource / because / rule)."""
    lines = []
    current = None
    for r in rows:
        if r.connector != current:
            if current is not None:
                lines.append("")
            current = r.connector
            lines.append(f"connector {r.connector}:")
            for w in warnings.get(r.connector, ()):
                lines.append(f"  warning: {w}")
        lines.append(f"  [{r.sid}] {r.action} on {r.resource}")
        if r.cause:
            lines.append(f"      because {r.cause}")
        lines.append(f"      rule: {r.rule}")
        lines.append(f"      see: {r.doc}")
    return "\n".join(lines) + ("\n" if lines else "")
