"""Defaults and references resolved, with the key path of every value they give.

A connector's cluster can be its own mapping merged over ``defaults.cluster``, a name from the
top-level ``clusters``, or (through ``defaults.cluster``) a name given once for all; its account
and region can come from the connector or from ``defaults``. What the checks need is the merged
value *and* where each part of it was written, so that a problem is located at the key the user
must edit (``clusters.main.arn``, not ``connectors[3].cluster``). The key paths travel beside the
user's data, in :class:`ResolvedCluster` and :class:`ResolvedConnector`, never inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: ``report(key path, message)``: records a located problem (``Checker.add``).
Report = Callable[[tuple, str], None]


@dataclass(frozen=True)
class ResolvedCluster:
    """A cluster mapping after defaults and references: ``raw`` (the user's keys, merged),
    ``path`` (the connector key it is for: ``connectors[i].cluster`` or ``.source_cluster``),
    and the key paths where its ``arn`` and its ``authentication``/``type`` were written."""

    raw: dict[str, Any]
    path: tuple
    arn_path: tuple
    auth_path: tuple


@dataclass(frozen=True)
class Defaults:
    """The ``defaults`` mapping with its cluster resolved: ``cluster`` (a mapping, ``{}`` when
    none or when its reference is unknown) written at ``cluster_path``; ``clusters`` the
    top-level named clusters; ``role`` the default role settings."""

    values: dict[str, Any]
    clusters: dict[str, Any]
    cluster: dict[str, Any]
    cluster_path: tuple
    role: dict[str, Any]


@dataclass(frozen=True)
class ResolvedConnector:
    """One connector's mapping (``raw``, at ``path`` = ``("connectors", index)``) with its
    clusters resolved (``cluster`` None: an unknown cluster name, reported;
    ``source_cluster`` None: none, or an unknown name when :attr:`has_source_cluster`) and the
    key paths its ``account`` and ``region`` come from."""

    index: int
    path: tuple
    raw: dict[str, Any]
    cluster: ResolvedCluster | None
    source_cluster: ResolvedCluster | None
    account_path: tuple
    region_path: tuple

    @property
    def has_source_cluster(self) -> bool:
        """Whether the connector names a ``source_cluster`` (resolved or not)."""
        return "source_cluster" in self.raw


def cluster_ref(ref: str | dict, path: tuple, named: dict, report: Report) -> tuple[dict, tuple] | None:
    """A cluster value: a name from ``clusters`` (-> a copy of that mapping and
    ``("clusters", name)``) or an inline mapping (-> a copy of it and ``path``); None, with the
    problem reported at ``path``, for an unknown name."""
    if isinstance(ref, str):
        if ref not in named:
            known = ", ".join(sorted(named)) or "none are defined"
            report(path, f"unknown cluster '{ref}'; expected a name from the top-level 'clusters' ({known})")
            return None
        return dict(named[ref]), ("clusters", ref)
    return dict(ref), path


def resolve_defaults(data: dict, report: Report) -> Defaults:
    """The manifest's ``defaults`` with ``defaults.cluster`` resolved (an unknown name reported)."""
    values = data.get("defaults", {})
    named = data.get("clusters", {})
    cluster, cluster_path = values.get("cluster", {}), ("defaults", "cluster")
    if isinstance(cluster, str):
        resolved = cluster_ref(cluster, cluster_path, named, report)
        cluster, cluster_path = resolved if resolved else ({}, cluster_path)
    return Defaults(values=values, clusters=named, cluster=cluster, cluster_path=cluster_path,
                    role=values.get("role", {}))


def _own_cluster(cpath: tuple, raw: dict, defaults: Defaults, report: Report) -> ResolvedCluster | None:
    """The connector's ``cluster``: a name from ``clusters``, or its mapping over ``defaults.cluster``
    (each key located where it was written)."""
    own = raw.get("cluster", {})
    path = cpath + ("cluster",)
    if isinstance(own, str):
        resolved = cluster_ref(own, path, defaults.clusters, report)
        if not resolved:
            return None
        merged, where = resolved
        return ResolvedCluster(merged, path, where + ("arn",), where + ("authentication",))
    merged = dict(defaults.cluster)
    merged.update(own)
    arn_at = path if "arn" in own else defaults.cluster_path
    auth_at = path if "authentication" in own or "type" in own else defaults.cluster_path
    return ResolvedCluster(merged, path, arn_at + ("arn",), auth_at + ("authentication",))


def resolve_connector(index: int, raw: dict, defaults: Defaults, report: Report) -> ResolvedConnector:
    """Connector ``index`` of the manifest with its clusters and the origins of its account and
    region resolved; unknown cluster names are reported."""
    cpath = ("connectors", index)
    source = None
    if "source_cluster" in raw:
        spath = cpath + ("source_cluster",)
        resolved = cluster_ref(raw["source_cluster"], spath, defaults.clusters, report)
        if resolved:
            source = ResolvedCluster(resolved[0], spath, resolved[1] + ("arn",), resolved[1] + ("authentication",))
    return ResolvedConnector(
        index=index, path=cpath, raw=raw, cluster=_own_cluster(cpath, raw, defaults, report), source_cluster=source,
        account_path=cpath + ("account",) if "account" in raw else ("defaults", "account"),
        region_path=cpath + ("region",) if "region" in raw else ("defaults", "region"))
