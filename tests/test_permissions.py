"""The permission model (permissions.py) against hand-written expectations from the AWS page
"Service execution role" and the deliberate differences listed in README.md."""

from __future__ import annotations

import pytest

from manifests import CLUSTER, GROUP, HEADER, TOPIC, connectors
from msk_connect_iam.policy.permissions import execution_role

INTERNAL_TOPICS = ("InternalTopics",
                   ("kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:ReadData",
                    "kafka-cluster:WriteData"),
                   (TOPIC + "__amazon_msk_connect_*",))
CLUSTER_STMT = ("KafkaCluster", ("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"), (CLUSTER,))


def role_of(body: str, header: str = HEADER):
    (connector,) = connectors(body, header).connectors
    return execution_role(connector)


def triples(role):
    return [(s.sid, s.actions, s.resources) for s in role.statements]


def all_actions(role):
    return {a for s in role.statements for a in s.actions}


def test_sink_reads_its_topics_and_joins_only_its_own_group():
    role = role_of("""\
        connectors:
          - name: orders-s3-sink
            type: sink
            topics: [orders, payments]
        """)
    assert triples(role) == [
        CLUSTER_STMT,
        ("SinkTopicsRead", ("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
         (TOPIC + "orders", TOPIC + "payments")),
        INTERNAL_TOPICS,
        ("ConnectorGroups", ("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"),
         (GROUP + "__amazon_msk_connect_*", GROUP + "connect-orders-s3-sink")),
    ]
    assert not any(r.endswith("connect-*") for s in role.statements for r in s.resources)


def test_source_writes_its_topics_and_gets_no_connector_group():
    role = role_of("""\
        connectors:
          - name: inventory-cdc
            type: source
            topics: [inventory.items]
        """)
    assert triples(role) == [
        CLUSTER_STMT,
        ("SourceTopicsWrite", ("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"), (TOPIC + "inventory.items",)),
        INTERNAL_TOPICS,
        ("ConnectorGroups", ("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"),
         (GROUP + "__amazon_msk_connect_*",)),
    ]
    assert "kafka-cluster:ReadData" not in {a for s in role.statements if s.sid == "SourceTopicsWrite" for a in s.actions}


def test_create_topics_adds_create_topic_on_every_entry_prefixes_included():
    role = role_of("""\
        connectors:
          - name: inventory-cdc
            type: source
            topics: ["inventory.*", audit]
            create_topics: true
        """)
    (write,) = [s for s in role.statements if s.sid == "SourceTopicsWrite"]
    assert write.actions == ("kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:WriteData")
    assert write.resources == (TOPIC + "audit", TOPIC + "inventory.*")


def test_without_create_topics_a_source_cannot_create_its_topics():
    role = role_of("""\
        connectors:
          - name: inventory-cdc
            type: source
            topics: ["inventory.*"]
        """)
    (write,) = [s for s in role.statements if s.sid == "SourceTopicsWrite"]
    assert "kafka-cluster:CreateTopic" not in write.actions
    # CreateTopic remains only on MSK Connect's internal topics.
    creates = [r for s in role.statements if "kafka-cluster:CreateTopic" in s.actions for r in s.resources]
    assert creates == [TOPIC + "__amazon_msk_connect_*"]


def test_prefix_topic_becomes_a_trailing_wildcard_arn():
    role = role_of("""\
        connectors:
          - name: events-sink
            type: sink
            topics: ["events.eu.*"]
        """)
    (read,) = [s for s in role.statements if s.sid == "SinkTopicsRead"]
    assert read.resources == (TOPIC + "events.eu.*",)


def test_consumer_group_override_replaces_connect_name():
    role = role_of("""\
        connectors:
          - name: orders-s3-sink
            type: sink
            topics: [orders]
            consumer_group: orders-archiver
        """)
    (groups,) = [s for s in role.statements if s.sid == "ConnectorGroups"]
    assert groups.resources == (GROUP + "__amazon_msk_connect_*", GROUP + "orders-archiver")


def test_authentication_none_has_no_kafka_statement_but_keeps_aws_permissions():
    role = role_of("""\
        connectors:
          - name: ledger-s3-sink
            type: sink
            topics: [ledger]
            cluster: {authentication: none}
            aws_permissions:
              - actions: [s3:PutObject]
                resources: ["arn:aws:s3:::ledger/*"]
        """)
    assert triples(role) == [("Plugin1", ("s3:PutObject",), ("arn:aws:s3:::ledger/*",))]
    assert not any(a.startswith("kafka-cluster:") for a in all_actions(role))
    assert role.notes  # the module README explains why


def test_authentication_none_without_aws_permissions_has_no_statements():
    role = role_of("""\
        connectors:
          - name: quiet
            type: source
            topics: [t]
            cluster: {authentication: none}
        """)
    assert role.statements == ()


def test_aws_permissions_as_given_sorted_with_merged_conditions():
    role = role_of("""\
        connectors:
          - name: s3-sink
            type: sink
            topics: [t]
            aws_permissions:
              - sid: Archive
                actions: [s3:PutObject, s3:AbortMultipartUpload, s3:PutObject]
                resources: ["arn:aws:s3:::b/*"]
                conditions:
                  - {test: StringEquals, variable: aws:SourceVpce, values: [vpce-2]}
                  - {test: StringEquals, variable: aws:SourceVpce, values: [vpce-1]}
              - actions: [kms:GenerateDataKey]
                resources: ["arn:aws:kms:us-east-1:123456789012:key/1234"]
        """)
    archive, plugin2 = role.statements[-2:]
    assert (archive.sid, archive.actions, archive.resources) == \
        ("Archive", ("s3:AbortMultipartUpload", "s3:PutObject"), ("arn:aws:s3:::b/*",))
    assert [(c.test, c.variable, c.values) for c in archive.conditions] == \
        [("StringEquals", "aws:SourceVpce", ("vpce-1", "vpce-2"))]
    assert plugin2.sid == "Plugin2"


def test_no_idempotent_write_and_no_wildcard_actions():
    for kind in ("sink", "source"):
        role = role_of(f"""\
            connectors:
              - name: c
                type: {kind}
                topics: [t]
            """)
        assert "kafka-cluster:WriteDataIdempotently" not in all_actions(role)
        assert not any(a.endswith("*") for a in all_actions(role))


def test_trust_policy_binds_account_and_connector_name():
    role = role_of("""\
        connectors:
          - name: orders-s3-sink
            type: sink
            topics: [orders]
        """)
    assert role.trust.principal == "kafkaconnect.amazonaws.com"
    assert role.trust.source_account == "123456789012"
    assert role.trust.source_arn == "arn:aws:kafkaconnect:us-east-1:123456789012:connector/orders-s3-sink/*"


def test_connector_region_and_partition_reach_the_trust_policy():
    header = """\
version: 1
defaults:
  cluster:
    arn: arn:aws-cn:kafka:cn-north-1:210987654321:cluster/c/0d3c5e7a-1
"""
    role = role_of("""\
        connectors:
          - name: cn-sink
            type: sink
            topics: [t]
        """, header)
    assert role.trust.source_arn == "arn:aws-cn:kafkaconnect:cn-north-1:210987654321:connector/cn-sink/*"
    assert role.statements[0].resources == ("arn:aws-cn:kafka:cn-north-1:210987654321:cluster/c/0d3c5e7a-1",)


@pytest.mark.parametrize("kind", ["sink", "source"])
def test_connector_cluster_overrides_the_default_cluster(kind):
    role = role_of(f"""\
        connectors:
          - name: other
            type: {kind}
            topics: [t]
            cluster:
              arn: arn:aws:kafka:us-east-1:123456789012:cluster/other/11111111-2222-3333-4444-555555555555-1
        """)
    kafka = {r for s in role.statements for r in s.resources}
    assert kafka and all("/other/11111111-2222-3333-4444-555555555555-1" in r for r in kafka)
