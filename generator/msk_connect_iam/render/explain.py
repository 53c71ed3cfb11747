"""``msk-connect-iam explain``: every granted (action, resource) pair with its provenance.

For each connector, each statement of its role (the same statements the module renders), each
origin (:class:`~msk_connect_iam.model.Origin`) and each action x resource it accounts for: the
manifest key or configuration property that caused it, the rule and the documentation URL.
"""

from __future__ import annotations

from msk_connect_iam.model import Explained, Manifest

__all__ = ["Explained", "explain", "format_text"]


def explain(manifest: Manifest, connector: str | None = None) -> list[Explained]:
    """Every granted (action, resource) pair of the manifest's connectors (or of ``connector``
    only): each build record's :attr:`~msk_connect_iam.model.ConnectorBuild.provenance`, in
    manifest order."""
    return [row for b in manifest.builds if connector is None or b.connector.name == connector
            for row in b.provenance]


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
