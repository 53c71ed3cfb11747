"""The permission model: which statements a connector's service execution role needs.

Every rule cites its source. The baseline is the AWS page "Service execution role" of the MSK
Developer Guide (docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html,
mirrored in shared/reference/msk-connect-service-execution-role.md); the ARN formats and action
semantics come from "IAM access control" and "Semantics of IAM authorization policy actions and
resources" of the same guide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from msk_connect_iam.policy.arns import SERVICE_PRINCIPALS, connector_arn_pattern
from msk_connect_iam.model import Cluster, Connector, ExecutionRole, Origin, Statement, TrustPolicy

DOC_ROLE = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html"
DOC_CONFUSED_DEPUTY = "https://docs.aws.amazon.com/msk/latest/developerguide/cross-service-confused-deputy-prevention.html"
DOC_OFFSETS = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-set-offset-storage-topic.html"
DOC_ACTIONS = "https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html"

#: MSK Connect's service principal (AWS page "Service execution role", trust policy); the
#: principal of each partition is :data:`msk_connect_iam.policy.arns.SERVICE_PRINCIPALS`.
SERVICE_PRINCIPAL = SERVICE_PRINCIPALS["aws"]
#: Cluster actions that do not apply to MSK Serverless clusters (MSK Developer Guide, "Semantics
#: of IAM authorization policy actions and resources"; facts.md): never granted for them.
SERVERLESS_UNSUPPORTED = frozenset({"kafka-cluster:AlterCluster", "kafka-cluster:DescribeClusterDynamicConfiguration",
                                    "kafka-cluster:AlterClusterDynamicConfiguration"})
#: Prefix of the internal topics and the worker group MSK Connect creates. AWS documents the
#: full names two different ways, so the document's prefix wildcard is kept (facts.md).
INTERNAL_PREFIX = "__amazon_msk_connect_*"


def trust_policy(connector: Connector) -> TrustPolicy:
    """The trust policy of the AWS page with its confused-deputy conditions filled in.

    ``aws:SourceAccount`` is the connector's account; ``aws:SourceArn`` matches
    ``arn:<partition>:kafkaconnect:<region>:<account>:connector/<name>/*`` because the connector's
    UUID is only known after it is created (facts.md; DOC_CONFUSED_DEPUTY).
    """
    return TrustPolicy(
        principal=SERVICE_PRINCIPALS[connector.partition],
        source_account=connector.account,
        source_arn=connector_arn_pattern(connector.partition, connector.region, connector.account, connector.name),
    )


def _statement(sid: str, actions, resources, source: str, origins=()) -> Statement:
    actions, resources = tuple(sorted(set(actions))), tuple(sorted(set(resources)))
    if not origins:
        origins = (Origin("", source, DOC_ROLE, actions, resources),)
    return Statement(sid=sid, actions=actions, resources=resources, source=source, origins=tuple(origins))


def _origin(cause: str, rule: str, doc: str, actions, resources) -> Origin:
    return Origin(cause, rule, doc, tuple(sorted(set(actions))), tuple(sorted(set(resources))))


def _topic_origins(connector: Connector, actions, rule: str) -> list[Origin]:
    causes = dict(connector.topic_causes) or {t: "topics" for t in connector.topics}
    by_cause: dict[str, list[str]] = {}
    for topic in connector.topics:
        by_cause.setdefault(causes.get(topic, "topics"), []).append(connector.cluster.arn.topic_arn(topic))
    out = [_origin(cause, rule, DOC_ROLE, actions, arns) for cause, arns in by_cause.items()]
    # A topic a catalog rule derived also carries that rule's own provenance (why it is a topic
    # of this connector, with the connector's documentation).
    uses: dict[str, object] = {}
    for use in connector.analysis.topics:
        uses.setdefault(use.name, use)
    by_rule: dict[tuple[str, str, str], list[str]] = {}
    for topic in connector.topics:
        use = uses.get(topic)
        if use is not None:
            by_rule.setdefault((use.cause, use.rule, use.doc), []).append(connector.cluster.arn.topic_arn(topic))
    out += [_origin(cause, rule_, doc, actions, arns) for (cause, rule_, doc), arns in by_rule.items()]
    return out


def kafka_statements(connector: Connector) -> list[Statement]:
    """The ``kafka-cluster`` statements of the AWS page, narrowed to this connector.

    Returns [] when the cluster does not use IAM authentication (the page: "If the Amazon MSK
    cluster ... uses IAM authentication, then you must add the following permissions policy").
    Otherwise, in this order:

    - ``KafkaCluster``: Connect + DescribeCluster on the cluster ARN.
    - ``SinkTopicsRead`` (sinks): ReadData + DescribeTopic on each topic ARN.
    - ``SourceTopicsWrite`` (sources): WriteData + DescribeTopic, + CreateTopic with
      ``create_topics``, on each topic ARN.
    - ``InternalTopics``: CreateTopic, WriteData, ReadData, DescribeTopic on
      ``topic/<cluster>/<uuid>/__amazon_msk_connect_*``.
    - ``ConnectorGroups``: AlterGroup + DescribeGroup on ``group/.../__amazon_msk_connect_*`` and,
      for sinks, on ``group/.../connect-<name>`` (Kafka Connect's sink consumer group, DOC_OFFSETS;
      narrower than the page's ``connect-*``). Sources consume nothing and get no connector group.

    ``WriteDataIdempotently`` is not granted here: Kafka Connect disables idempotence on the
    producers it creates (KAFKA-13759; facts.md); the configuration rules of
    :mod:`msk_connect_iam.catalog.generic` add it for exactly-once sources and idempotent or
    transactional producer overrides.
    """
    cluster = connector.cluster
    if not cluster.uses_iam:
        return []
    arn = cluster.arn
    cluster_actions = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
    out = [_statement("KafkaCluster", cluster_actions, [arn.arn],
                      f"AWS page statement 1: Connect and DescribeCluster on the cluster ARN ({DOC_ROLE})",
                      [_origin(connector.cluster_cause, "AWS page statement 1: every connector connects to its cluster",
                               DOC_ROLE, cluster_actions, [arn.arn])])]
    topic_arns = [arn.topic_arn(t) for t in connector.topics]
    if connector.type == "sink" and topic_arns:
        actions = ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"]
        out.append(_statement("SinkTopicsRead", actions, topic_arns,
                              f"AWS page statement 2: a sink connector reads its topics ({DOC_ROLE})",
                              _topic_origins(connector, actions, "AWS page statement 2: a sink connector reads its topics")))
    if connector.type == "source" and topic_arns:
        actions = ["kafka-cluster:WriteData", "kafka-cluster:DescribeTopic"]
        source = f"AWS page statement 3: a source connector writes its topics ({DOC_ROLE})"
        origins = _topic_origins(connector, actions, "AWS page statement 3: a source connector writes its topics")
        if connector.create_topics:
            actions.append("kafka-cluster:CreateTopic")
            cause = connector.create_topics_cause or "create_topics"
            source += f"; CreateTopic because of {cause}"
            origins.append(_origin(cause, "A source connector that creates its topics needs CreateTopic",
                                   DOC_ROLE, ["kafka-cluster:CreateTopic"], topic_arns))
        out.append(_statement("SourceTopicsWrite", actions, topic_arns, source, origins))
    out.append(_statement(
        "InternalTopics",
        ["kafka-cluster:CreateTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
        [arn.topic_arn(INTERNAL_PREFIX)],
        f"AWS page statement 4: MSK Connect's internal topics ({DOC_ROLE})",
        [_origin("(always)", "AWS page statement 4: MSK Connect's internal topics", DOC_ROLE,
                 ["kafka-cluster:CreateTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData",
                  "kafka-cluster:DescribeTopic"], [arn.topic_arn(INTERNAL_PREFIX)])]))
    groups = [arn.group_arn(INTERNAL_PREFIX)]
    group_actions = ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"]
    source = f"AWS page statement 5: MSK Connect's internal groups ({DOC_ROLE})"
    origins = [_origin("(always)", "AWS page statement 5: MSK Connect's internal groups", DOC_ROLE, group_actions,
                       [arn.group_arn(INTERNAL_PREFIX)])]
    if connector.group_id:
        groups.append(arn.group_arn(connector.group_id))
        source += (f"; the sink's consumer group {connector.group_id} instead of the page's connect-* "
                   f"({DOC_OFFSETS})")
        origins.append(_origin(connector.group_cause or "type: sink (default group connect-<name>)",
                               "Kafka Connect: a sink connector consumes with its own consumer group",
                               DOC_OFFSETS, group_actions, [arn.group_arn(connector.group_id)]))
    out.append(_statement("ConnectorGroups", group_actions, groups, source, origins))
    return out


def _merge(items, reserved: set[str]) -> list[Statement]:
    """Group (sid, actions, resources, conditions, origin[, wildcard reason]) items into statements: items with the
    same sid, actions and conditions share one statement (resources united), in order of first
    appearance; a sid already taken (``reserved`` or by a different action set) gets a number."""
    groups: dict[tuple, dict] = {}
    for sid, actions, resources, conditions, origin, *reason in items:
        key = (sid, tuple(sorted(set(actions))), tuple(conditions))
        g = groups.setdefault(key, {"resources": set(), "origins": [], "reasons": []})
        g["resources"].update(resources)
        g["origins"].append(origin)
        g["reasons"] += [r for r in reason if r and r not in g["reasons"]]
    out = []
    taken = set(reserved)
    for (sid, actions, conditions), g in groups.items():
        final, n = sid, 2
        while final in taken:
            final, n = f"{sid}{n}", n + 1
        taken.add(final)
        rules = []
        for o in g["origins"]:
            text = f"{o.rule} ({o.doc})"
            if text not in rules:
                rules.append(text)
        out.append(Statement(sid=final, actions=actions, resources=tuple(sorted(g["resources"])),
                             conditions=conditions, source="; ".join(rules), origins=tuple(g["origins"]),
                             wildcard_reason="; ".join(g["reasons"])))
    return out


def derived_kafka_statements(connector: Connector, reserved: set[str] = frozenset()) -> list[Statement]:
    """The ``kafka-cluster`` statements the configuration implies (catalog kind and generic rules,
    :mod:`msk_connect_iam.catalog`), resolved on the connector's clusters.

    Grants on a cluster without IAM authentication are dropped (see :func:`kafka_statements`).
    Grants on the ``source_cluster`` also get Connect + DescribeCluster on it (statement
    ``SourceCluster``): any client of an IAM cluster needs them (MSK Developer Guide, "Semantics
    of IAM authorization policy actions and resources").
    """
    items = []
    source_used = []
    for g in connector.analysis.kafka:
        cluster = connector.source_cluster if g.cluster == "source_cluster" else connector.cluster
        if cluster is None or not cluster.uses_iam:
            continue
        if g.resource_kind == "cluster":
            resources = [cluster.arn.arn]
        else:
            resources = [cluster.arn.resource_arn(g.resource_kind, n) for n in g.names]
        actions = [a if ":" in a else f"kafka-cluster:{a}" for a in g.actions]
        if g.cluster == "source_cluster" and not source_used:
            source_used.append(g)
        items.append((g.sid, actions, resources, (), _origin(g.cause, g.rule, g.doc, actions, resources)))
    if source_used:
        arn = connector.source_cluster.arn.arn
        actions = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
        items.insert(0, ("SourceCluster", actions, [arn], (),
                         _origin("source_cluster", "Every client of an IAM-authenticated cluster connects to it and "
                                 "describes it", DOC_ACTIONS, actions, [arn])))
    return _merge(items, set(reserved))


def derived_aws_statements(connector: Connector, reserved: set[str] = frozenset()) -> list[Statement]:
    """The AWS statements the configuration implies (catalog kind, config providers, ...), each
    grant's provenance kept in the statement's ``origins``."""
    items = [(g.sid, g.actions, g.resources, tuple(sorted(g.conditions, key=lambda c: (c.test, c.variable))),
              _origin(g.cause, g.rule, g.doc, g.actions, g.resources), g.wildcard_reason)
             for g in connector.analysis.aws]
    return _merge(items, set(reserved))


def aws_statements(connector: Connector) -> list[Statement]:
    """The manifest's ``aws_permissions``, one statement each, as given (actions and resources
    sorted and de-duplicated). The AWS page: "you might also need to attach ... a permissions
    policy that allows it to access AWS resources ... use the most restrictive policy"."""
    rule = "manifest aws_permissions: the plugin's access outside Kafka (AWS page, last paragraph)"
    out = []
    for i, p in enumerate(connector.aws_permissions):
        actions, resources = tuple(sorted(set(p.actions))), tuple(sorted(set(p.resources)))
        out.append(Statement(sid=p.sid, actions=actions, resources=resources, conditions=p.conditions, source=rule,
                             wildcard_reason=p.wildcard_reason or "",
                             origins=(Origin(f"aws_permissions[{i}]", rule, DOC_ROLE, actions, resources),)))
    return out


def drop_serverless_unsupported(connector: Connector, statements) -> list[Statement]:
    """Remove :data:`SERVERLESS_UNSUPPORTED` actions from every statement on a serverless
    cluster of the connector (its cluster, or the source cluster of a two-cluster connector),
    and drop statements left without actions. Statements on provisioned clusters are unchanged."""
    serverless = {c.arn.arn for c in (connector.cluster, connector.source_cluster)
                  if c is not None and c.kind == "serverless"}
    if not serverless:
        return list(statements)
    out = []
    for s in statements:
        if s.resources and set(s.resources) <= serverless:
            actions = tuple(a for a in s.actions if a not in SERVERLESS_UNSUPPORTED)
            if not actions:
                continue
            s = replace(s, actions=actions)
        out.append(s)
    return out


DOC_CLUSTER_POLICY = "https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cluster-owner-action-policy.html"


@dataclass(frozen=True)
class ClusterPolicy:
    """The statements the owner of one cross-account cluster must add to its cluster policy.

    ``key`` is the manifest key of the cluster (``cluster`` or ``source_cluster``; it names the
    module's data source ``<key>_policy``), ``cluster`` the cluster, ``statements`` this role's
    ``kafka-cluster`` statements restricted to that cluster's resources (sids kept).
    """

    key: str
    cluster: Cluster
    statements: tuple[Statement, ...]


def role_arn(connector: Connector) -> str:
    """The ARN the role gets: ``arn:<partition>:iam::<account>:role<path><name>`` (IAM User Guide,
    "IAM identifiers"; the path starts and ends with '/'). The cluster-policy documents name it."""
    return f"arn:{connector.partition}:iam::{connector.account}:role{connector.role.path}{connector.role.name}"


def _on_cluster(resource: str, cluster: Cluster) -> bool:
    """True when ``resource`` is the cluster's ARN or a topic/group/transactional-id ARN in it."""
    arn = cluster.arn
    return resource == arn.arn or any(resource.startswith(arn.resource_arn(kind, ""))
                                      for kind in ("topic", "group", "transactional-id"))


def cluster_policies(role: ExecutionRole) -> list[ClusterPolicy]:
    """One :class:`ClusterPolicy` per cluster of the connector that another account owns
    (:meth:`Connector.foreign_clusters`: ``cluster`` first, then ``source_cluster``; a cluster ARN
    once), leaving out clusters on which the role has no ``kafka-cluster`` statement (no IAM
    authentication).

    Each holds exactly the (action, resource) pairs the role's own policies grant on that
    cluster: every ``kafka-cluster`` statement, its resources narrowed to the cluster's ARNs;
    statements left without resources are dropped. Source: MSK Developer Guide, "Amazon MSK
    resource-based policies" (a cluster policy defines the Kafka data-plane permissions of
    principals of other accounts when used with IAM client authentication) and "Step 2: Attach a
    cluster policy to the MSK cluster" (DOC_CLUSTER_POLICY); one cluster holds one policy
    (PutClusterPolicy), hence one document per cluster ARN. IAM's cross-account rule: both the
    caller's identity policy and the resource's policy must allow the request (IAM User Guide,
    "Cross-account policy evaluation logic").
    """
    out = []
    foreign = role.connector.foreign_clusters()
    if not foreign:
        return out  # the common case: every cluster is in the connector's account
    kafka = [s for s in role.statements if s.actions and all(a.startswith("kafka-cluster:") for a in s.actions)]
    for key, cluster in foreign:
        statements = []
        for s in kafka:
            resources = tuple(r for r in s.resources if _on_cluster(r, cluster))
            if resources:
                statements.append(replace(s, resources=resources))
        if statements:
            out.append(ClusterPolicy(key=key, cluster=cluster, statements=tuple(statements)))
    return out


#: The statement ids :func:`kafka_statements` writes as they are (the derived statements get a
#: number when a sid is taken; these do not), so a manifest ``aws_permissions`` sid may not be one
#: of them: ``aws_iam_policy_document`` refuses duplicate Sids at plan time.
BASE_SIDS = frozenset({"KafkaCluster", "SinkTopicsRead", "SourceTopicsWrite", "InternalTopics", "ConnectorGroups"})


def execution_role(connector: Connector) -> ExecutionRole:
    """Build the complete :class:`ExecutionRole` (trust policy + permission statements)."""
    notes = []
    if not connector.cluster.uses_iam:
        notes.append("The cluster does not use IAM authentication, so the role gets no kafka-cluster permissions.")
    if connector.source_cluster is not None and not connector.source_cluster.uses_iam:
        notes.append("The source cluster does not use IAM authentication, so the role gets no kafka-cluster "
                     "permissions on it.")
    if connector.cluster.kind == "serverless" or (connector.source_cluster is not None
                                                  and connector.source_cluster.kind == "serverless"):
        notes.append("MSK Serverless: kafka-cluster:AlterCluster, DescribeClusterDynamicConfiguration "
                     "and AlterClusterDynamicConfiguration do not apply to serverless clusters and are never granted "
                     "on them.")
    base = kafka_statements(connector)
    manifest = aws_statements(connector)
    reserved = {s.sid for s in base} | {s.sid for s in manifest}
    derived_kafka = derived_kafka_statements(connector, reserved)
    reserved |= {s.sid for s in derived_kafka}
    derived_aws = derived_aws_statements(connector, reserved)
    statements = drop_serverless_unsupported(connector, base + derived_kafka + derived_aws + manifest)
    return ExecutionRole(connector=connector, trust=trust_policy(connector), statements=tuple(statements),
                         notes=tuple(notes), warnings=connector.analysis.warnings)
