"""What the semantic pass may still check after the JSON-schema pass found problems.

The semantic rules (:class:`msk_connect_iam.manifest.checks._Checker`) assume the shapes the schema
promises. After schema problems they still run, so that one run reports as much as it can, on:

- the document without the values the schema refused (a refused ``defaults`` key, a refused
  ``defaults.role`` key, a refused ``clusters`` entry are left out, so no rule reads a value of the
  wrong shape and nothing is reported twice);
- every connector except those that failed the schema pass themselves, and those whose checks
  would read a value that was left out in a way that could produce a problem that is not there:

  * a connector that takes its cluster from ``defaults.cluster`` when ``defaults.cluster`` was
    refused (or may be misspelt: an unknown key in ``defaults``, or ``defaults`` itself unknown),
    since it would be reported as having no cluster ARN;
  * a connector whose role name is derived with ``defaults.role.name_prefix`` when that prefix was
    refused (or may be misspelt), since the name without the prefix could collide with another;
  * a connector naming a ``clusters`` entry that was refused (or when ``clusters`` itself was
    refused or may be misspelt), since it would be reported as naming an unknown cluster.

Every other refused default falls back to the built-in default, which no rule refuses; the
semantic pass may then miss a problem that the refused value hid, never report a false one.
The semantic pass cannot run at all when ``connectors`` is not a list, or the document or
``defaults`` is not a mapping.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

TOP_KEYS = ("version", "defaults", "clusters", "connectors")


@dataclass(frozen=True)
class Scope:
    """``data``: the document the semantic pass sees; ``skip``: indexes of connectors it leaves out."""

    data: dict
    skip: frozenset


def _delete(container, key) -> None:
    if isinstance(container, dict):
        container.pop(key, None)


def semantic_scope(data, paths: list[tuple], schema_props: dict) -> Scope | None:
    """The :class:`Scope` of the semantic pass after schema problems at ``paths`` (key-path tuples,
    an unknown key's path ending in the key itself), or None when it cannot run.
    ``schema_props`` maps ``"defaults"`` and ``"role"`` to their known property names."""
    if not isinstance(data, dict) or not isinstance(data.get("connectors"), list):
        return None
    if "defaults" in data and not isinstance(data["defaults"], dict):
        return None
    defaults = dict(data.get("defaults") or {})
    if isinstance(defaults.get("role"), dict):
        defaults["role"] = dict(defaults["role"])
    clusters = dict(data["clusters"]) if isinstance(data.get("clusters"), dict) else {}
    skip: set[int] = set()
    cluster_broken = prefix_broken = all_clusters_broken = False
    broken_clusters: set[str] = set()
    for path in paths:
        if not path or path[0] == "version":
            continue  # a missing or wrong version: the rules do not read it
        head = path[0]
        if head == "connectors":
            if len(path) < 2 or not isinstance(path[1], int):
                return None
            skip.add(path[1])
        elif head == "defaults":
            if len(path) == 1:
                return None
            key = path[1]
            if key not in schema_props["defaults"]:  # an unknown key: perhaps a misspelt one
                _delete(defaults, key)
                cluster_broken |= "cluster" not in defaults
                prefix_broken |= not isinstance(defaults.get("role"), dict) or "name_prefix" not in defaults["role"]
            elif key == "role" and len(path) >= 3:
                role_key = path[2]
                _delete(defaults["role"], role_key)
                if role_key == "name_prefix" or role_key not in schema_props["role"]:
                    prefix_broken |= "name_prefix" not in defaults["role"]
            else:
                _delete(defaults, key)
                cluster_broken |= key == "cluster"
                prefix_broken |= key == "role"
        elif head == "clusters":
            if len(path) == 1:
                all_clusters_broken = True
                clusters = {}
            else:
                broken_clusters.add(path[1])
                _delete(clusters, path[1])
        else:  # an unknown top-level key: perhaps a misspelt defaults or clusters
            hint = difflib.get_close_matches(str(head), TOP_KEYS, n=1)
            if hint == ["defaults"] and "defaults" not in data:
                cluster_broken = prefix_broken = True
            elif hint == ["clusters"] and "clusters" not in data:
                all_clusters_broken = True

    def broken_ref(ref) -> bool:
        return isinstance(ref, str) and (all_clusters_broken or ref in broken_clusters)

    if broken_ref(defaults.get("cluster")):
        del defaults["cluster"]
        cluster_broken = True
    for i, raw in enumerate(data["connectors"]):
        if i in skip or not isinstance(raw, dict):
            continue
        own_cluster = raw.get("cluster")
        own_role = raw.get("role") if isinstance(raw.get("role"), dict) else {}
        uses_default_cluster = not isinstance(own_cluster, str) and not (
            isinstance(own_cluster, dict) and "arn" in own_cluster)
        if ((cluster_broken and uses_default_cluster)
                or (prefix_broken and "name_prefix" not in own_role and "name" not in own_role)
                or broken_ref(own_cluster) or broken_ref(raw.get("source_cluster"))):
            skip.add(i)
    out = dict(data)
    if "defaults" in data:
        out["defaults"] = defaults
    if "clusters" in data:
        out["clusters"] = clusters
    return Scope(data=out, skip=frozenset(skip))
