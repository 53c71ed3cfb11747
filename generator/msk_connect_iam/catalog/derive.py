"""Derive a connector's type, topics, consumer group and grants from its configuration.

This is where the manifest meets the catalog: :func:`derive` merges what the manifest states
explicitly with what ``connector_configuration``/``worker_configuration`` imply. Explicit keys add
to what the configuration implies; contradictions are located errors (reported through
``report(path_tail, message)``, the path relative to the connector).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Mapping

from ..model import Analysis, Cluster, TopicUse
from . import EVERY_CONNECTOR, generic, resolve, transforms
from .base import ConnectorKind, Context

DOC_SINK_GROUP = "https://kafka.apache.org/documentation/#connect_overrides"
_KMS_ARN_RE = re.compile(r"arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:(?:key|alias)/[A-Za-z0-9/_+=.@-]+")


@dataclass(frozen=True)
class Derived:
    """The result of :func:`derive` (None type means it could not be determined: a problem was reported)."""

    type: str | None
    kind: ConnectorKind | None
    topics: tuple[TopicUse, ...]
    consumer_group: str | None
    group_cause: str | None
    create_topics_cause: str | None
    analysis: Analysis


def derive(raw: Mapping, config: Mapping[str, str], worker: Mapping[str, str], *, name: str, cluster: Cluster,
           source_cluster: Cluster | None, partition: str, region: str, account: str,
           report: Callable[[tuple, str], None]) -> Derived:
    """Merge the manifest connector ``raw`` with its configuration.

    - ``type``: the catalog kind's type for a known ``connector.class``; an explicit ``type`` that
      differs is an error; with an unknown class the manifest must state ``type``.
    - topics: the manifest's ``topics`` plus, for sinks, ``topics``/``topics.regex`` of the
      configuration and, for every connector, those its kind derives.
    - consumer group: ``consumer.override.group.id`` (Kafka Connect client overrides); a manifest
      ``consumer_group`` that differs is an error.
    - grants: the generic rules, the kind's ``analyze`` and every :data:`EVERY_CONNECTOR` analyser.
    """
    connector_class = (config.get("connector.class") or "").strip() or None
    resolution = resolve(connector_class)
    kind = resolution.kind
    if resolution.candidates:
        report(("connector_configuration", "connector.class"),
               f"found '{connector_class}', an alias that names several connector classes of the catalog: "
               f"{', '.join(resolution.candidates)}; write the full class name (Kafka Connect ignores an alias that "
               "several installed plugins share)")
        return Derived(None, None, (), None, None, None, Analysis())
    explicit_type = raw.get("type")
    ctype = explicit_type
    if kind is not None:
        if explicit_type is not None and explicit_type != kind.type:
            report(("type",), f"found '{explicit_type}', but connector.class {connector_class} is a {kind.type} "
                              f"connector ({kind.title}); remove 'type' or correct it")
            return Derived(None, kind, (), None, None, None, Analysis())
        ctype = kind.type
    elif ctype is None:
        if connector_class:
            hint = f" (did you mean {resolution.suggestion}?)" if resolution.suggestion else ""
            report((), f"missing 'type': connector.class {connector_class} is not in the catalog{hint}, so say whether "
                       "it is a sink or a source")
        else:
            report((), "missing 'type' (or a connector_configuration with a connector.class the catalog knows)")
        return Derived(None, None, (), None, None, None, Analysis())

    allowed_keys = [str(item.get("property")) for item in raw.get("allow_wildcards", ()) or ()
                    if isinstance(item, Mapping)]
    allowed = {str(item.get("property")): str(item.get("reason") or "").strip()
               for item in raw.get("allow_wildcards", ()) or () if isinstance(item, Mapping)}
    ctx = Context(config=config, worker=worker, name=name, type=ctype, partition=partition, region=region,
                  account=account, cluster=cluster, source_cluster=source_cluster, report=report,
                  allowed={k: v for k, v in allowed.items() if v})
    declared = tuple(raw.get("topics", ()))
    widen = bool(raw.get("widen_topics_regex", False))
    if raw.get("widen_topics_regex") and not (ctype == "sink" and config):
        report(("widen_topics_regex",), "widen_topics_regex applies to sink connectors with topics.regex only")
    topics, analysis = _analyse(ctx, kind, connector_class, declared, widen)

    group = raw.get("consumer_group")
    group_cause = "consumer_group" if group else None
    override = ctx.get("consumer.override.group.id")
    if override:
        if ctype != "sink":
            pass  # a source's consumer override is irrelevant to its own group
        elif group is not None and group != override:
            report(("consumer_group",), f"found '{group}', but connector_configuration sets "
                                        f"consumer.override.group.id={override}; remove one")
        else:
            group, group_cause = override, ctx.cause("consumer.override.group.id")

    granted = {r for g in analysis.aws for r in g.resources}
    for key in sorted(config):
        for arn in _KMS_ARN_RE.findall(config[key]):
            if arn not in granted and not any(c.values == (f"alias/{arn.split(':alias/')[-1]}",)
                                              for g in analysis.aws for c in g.conditions):
                ctx.warn(f"property '{key}' names the KMS key {arn}, but no catalog rule says which actions the "
                         "connector needs on it; declare them in aws_permissions")

    for i, prop in enumerate(allowed_keys):
        if prop not in ctx.used_allowances:
            report(("allow_wildcards", i, "property"),
                   f"'{prop}' is allowed wildcards, but no value of it put a wildcard, another account or region, "
                   "or an empty prefix into a resource or name; remove the entry")

    analysis = Analysis(topics=analysis.topics, kafka=analysis.kafka, aws=analysis.aws,
                        warnings=analysis.warnings + tuple(ctx.warnings), create_topics=analysis.create_topics)
    return Derived(ctype, kind, tuple(topics), group, group_cause, analysis.create_topics, analysis)


def _analyse(ctx: Context, kind: ConnectorKind | None, connector_class: str | None, declared: tuple[str, ...],
             widen: bool, every_topics: tuple[str, ...] | None = None) -> tuple[list[TopicUse], Analysis]:
    """The analysis pipeline of one configuration: (topics the connector reads/writes, Analysis).

    In order: a sink's ``topics``/``topics.regex`` (:func:`generic.sink_topics`), the generic
    Kafka Connect rules, the kind's ``analyze`` (a warning for an unknown ``connector.class``),
    then every :data:`EVERY_CONNECTOR` analyser with ``ctx.topics`` set to the topic names found
    so far (``declared`` first), or to ``every_topics`` when given. The returned topics are the
    sink's followed by the Analysis's own ``topics``. Problems go to ``ctx.report``, warnings to
    ``ctx.warnings``. Every resource and name is made by the builder (:mod:`.arnbuild`), which
    refuses configuration text that would widen a grant, where the ARN or name is built.
    """
    topics: list[TopicUse] = []
    if ctx.type == "sink" and ctx.config:
        topics += generic.sink_topics(ctx, declared, widen)
    analysis = generic.analyze(ctx)
    if kind is not None:
        analysis = analysis + kind.analyze(ctx)
    elif connector_class:
        suggestion = resolve(connector_class).suggestion
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        ctx.warn(f"connector_configuration.connector.class: connector.class {connector_class} is not in the catalog"
                 f"{hint}: it gets its Kafka permissions, but its AWS access (if any) must be declared in "
                 "aws_permissions")
    if ctx.type == "source" and analysis.topics:
        # the source's transforms chain renames the topics it writes (catalog/transforms.py)
        analysis = replace(analysis, topics=tuple(transforms.apply(ctx, analysis.topics)))
    if every_topics is None:
        every_topics = tuple(dict.fromkeys(declared + tuple(t.name for t in topics + list(analysis.topics))))
    ctx.topics = every_topics
    for extra in EVERY_CONNECTOR:
        analysis = analysis + extra(ctx)
    topics += analysis.topics
    return topics, analysis
