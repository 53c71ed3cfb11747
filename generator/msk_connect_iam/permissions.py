"""The permission model: which statements a connector's service execution role needs.

Every rule cites its source. The baseline is the AWS page "Service execution role" of the MSK
Developer Guide (docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html,
mirrored in shared/reference/msk-connect-service-execution-role.md); the ARN formats and action
semantics come from "IAM access control" and "Semantics of IAM authorization policy actions and
resources" of the same guide.
"""

from __future__ import annotations

from .arns import connector_arn_pattern
from .model import Connector, ExecutionRole, Statement, TrustPolicy

DOC_ROLE = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html"
DOC_CONFUSED_DEPUTY = "https://docs.aws.amazon.com/msk/latest/developerguide/cross-service-confused-deputy-prevention.html"
DOC_OFFSETS = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-set-offset-storage-topic.html"

#: MSK Connect's service principal (AWS page "Service execution role", trust policy).
SERVICE_PRINCIPAL = "kafkaconnect.amazonaws.com"
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
        principal=SERVICE_PRINCIPAL,
        source_account=connector.account,
        source_arn=connector_arn_pattern(connector.partition, connector.region, connector.account, connector.name),
    )


def _statement(sid: str, actions, resources, source: str) -> Statement:
    return Statement(sid=sid, actions=tuple(sorted(set(actions))), resources=tuple(sorted(set(resources))),
                     source=source)


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

    ``WriteDataIdempotently`` is not granted: Kafka Connect disables idempotence on the producers
    it creates (KAFKA-13759; facts.md).
    """
    cluster = connector.cluster
    if not cluster.uses_iam:
        return []
    arn = cluster.arn
    out = [_statement("KafkaCluster", ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], [arn.arn],
                      f"AWS page statement 1: Connect and DescribeCluster on the cluster ARN ({DOC_ROLE})")]
    topic_arns = [arn.topic_arn(t) for t in connector.topics]
    if connector.type == "sink" and topic_arns:
        out.append(_statement("SinkTopicsRead", ["kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"], topic_arns,
                              f"AWS page statement 2: a sink connector reads its topics ({DOC_ROLE})"))
    if connector.type == "source" and topic_arns:
        actions = ["kafka-cluster:WriteData", "kafka-cluster:DescribeTopic"]
        source = f"AWS page statement 3: a source connector writes its topics ({DOC_ROLE})"
        if connector.create_topics:
            actions.append("kafka-cluster:CreateTopic")
            source += "; CreateTopic because the manifest sets create_topics"
        out.append(_statement("SourceTopicsWrite", actions, topic_arns, source))
    out.append(_statement(
        "InternalTopics",
        ["kafka-cluster:CreateTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData", "kafka-cluster:DescribeTopic"],
        [arn.topic_arn(INTERNAL_PREFIX)],
        f"AWS page statement 4: MSK Connect's internal topics ({DOC_ROLE})"))
    groups = [arn.group_arn(INTERNAL_PREFIX)]
    source = f"AWS page statement 5: MSK Connect's internal groups ({DOC_ROLE})"
    if connector.group_id:
        groups.append(arn.group_arn(connector.group_id))
        source += (f"; the sink's consumer group {connector.group_id} instead of the page's connect-* "
                   f"({DOC_OFFSETS})")
    out.append(_statement("ConnectorGroups", ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"], groups, source))
    return out


def aws_statements(connector: Connector) -> list[Statement]:
    """The manifest's ``aws_permissions``, one statement each, as given (actions and resources
    sorted and de-duplicated). The AWS page: "you might also need to attach ... a permissions
    policy that allows it to access AWS resources ... use the most restrictive policy"."""
    return [Statement(sid=p.sid, actions=tuple(sorted(set(p.actions))), resources=tuple(sorted(set(p.resources))),
                      conditions=p.conditions,
                      source="manifest aws_permissions: the plugin's access outside Kafka (AWS page, last paragraph)")
            for p in connector.aws_permissions]


def execution_role(connector: Connector) -> ExecutionRole:
    """Build the complete :class:`ExecutionRole` (trust policy + permission statements)."""
    notes = []
    if not connector.cluster.uses_iam:
        notes.append("The cluster does not use IAM authentication, so the role gets no kafka-cluster permissions.")
    return ExecutionRole(connector=connector, trust=trust_policy(connector),
                         statements=tuple(kafka_statements(connector) + aws_statements(connector)),
                         notes=tuple(notes))
