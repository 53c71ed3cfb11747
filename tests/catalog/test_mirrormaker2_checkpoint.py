"""MirrorMaker 2 MirrorCheckpointConnector: reads the offset-syncs topic and consumer group offsets on
the source cluster, writes the checkpoints topic on the target and (sync.group.offsets.enabled)
commits translated offsets for the groups on the target.

Expected pairs written from https://kafka.apache.org/documentation/#georeplication (KIP-382,
KIP-545 for offset sync); see docs/catalog.md.
"""

from kindtest import G, SOURCE_CLUSTER, T, baseline, generate, kc, load_errors, pairs, writes

DOC = "https://kafka.apache.org/documentation/#georeplication"

CONFIG = {
    "connector.class": "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
    "tasks.max": "1",
    "source.cluster.alias": "legacy",
    "target.cluster.alias": "analytics",
    "source.cluster.bootstrap.servers": "b-1.legacy.xyz789.c2.kafka.eu-west-1.amazonaws.com:9098",
    "target.cluster.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "source.cluster.security.protocol": "SASL_SSL",
    "source.cluster.sasl.mechanism": "AWS_MSK_IAM",
    "target.cluster.security.protocol": "SASL_SSL",
    "target.cluster.sasl.mechanism": "AWS_MSK_IAM",
    "topics": "orders",
    "groups": "orders-.*",
    "emit.checkpoints.interval.seconds": "60",
    "sync.group.offsets.enabled": "true",
    "sync.group.offsets.interval.seconds": "60",
    "checkpoints.topic.replication.factor": "3",
    "key.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
}


def test_mirrormaker2_checkpoint_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "legacy-checkpoints", "connector_configuration": CONFIG},
                    source_cluster=SOURCE_CLUSTER)
    on_source = (pairs(kc("Connect", "DescribeCluster"), SOURCE_CLUSTER)
                 | pairs(kc("ReadData", "DescribeTopic"), T("mm2-offset-syncs.analytics.internal", SOURCE_CLUSTER))
                 | pairs(kc("DescribeGroup"), G("orders-*", SOURCE_CLUSTER))
                 | pairs(kc("DescribeTopic"), T("orders", SOURCE_CLUSTER)))
    checkpoints = writes("legacy.checkpoints.internal") | pairs(kc("CreateTopic", "ReadData"),
                                                                T("legacy.checkpoints.internal"))
    group_sync = (pairs(kc("DescribeGroup", "AlterGroup"), G("orders-*"))
                  | pairs(kc("ReadData", "DescribeTopic"), T("legacy.orders")))
    assert role.pairs == baseline("legacy-checkpoints", "source") | on_source | checkpoints | group_sync
    role.assert_source(group_sync, "sync.group.offsets.enabled", DOC)
    role.assert_source(pairs(kc("DescribeGroup"), G("orders-*", SOURCE_CLUSTER)), "groups", DOC)


def test_mirrormaker2_checkpoint_default_groups_need_the_opt_in(tmp_path):
    config = dict(CONFIG, **{"sync.group.offsets.enabled": "false"})
    del config["groups"]
    text = load_errors(tmp_path, {"name": "legacy-checkpoints", "connector_configuration": config},
                       source_cluster=SOURCE_CLUSTER)
    assert "connector_configuration.groups: groups is not set" in text and "allow_wildcards" in text


def test_mirrormaker2_checkpoint_without_group_sync(tmp_path):
    config = dict(CONFIG, **{"sync.group.offsets.enabled": "false"})
    del config["groups"]
    role = generate(tmp_path, {"name": "legacy-checkpoints", "connector_configuration": config,
                               "allow_wildcards": [{"property": "groups", "reason": "every group is migrated"}]},
                    source_cluster=SOURCE_CLUSTER)
    # groups defaults to '.*': every group of the source cluster may be described (opted in)
    assert role.pairs == (baseline("legacy-checkpoints", "source")
                          | pairs(kc("Connect", "DescribeCluster"), SOURCE_CLUSTER)
                          | pairs(kc("ReadData", "DescribeTopic"),
                                  T("mm2-offset-syncs.analytics.internal", SOURCE_CLUSTER))
                          | pairs(kc("DescribeGroup"), G("*", SOURCE_CLUSTER))
                          | pairs(kc("DescribeTopic"), T("orders", SOURCE_CLUSTER))
                          | writes("legacy.checkpoints.internal")
                          | pairs(kc("CreateTopic", "ReadData"), T("legacy.checkpoints.internal")))
