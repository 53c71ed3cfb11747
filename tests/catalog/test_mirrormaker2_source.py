"""MirrorMaker 2 MirrorSourceConnector: reads topics on the source cluster, writes remote topics on
the target cluster (the one MSK Connect attaches to), offset-syncs topic on the source cluster.

Expected pairs written from Kafka's geo-replication documentation
(https://kafka.apache.org/documentation/#georeplication), the AWS blog "Use MSK Connect for managed
MirrorMaker 2 deployment with IAM authentication" and MirrorSourceConnector's behaviour; see docs/catalog.md.
"""

from kindtest import SOURCE_CLUSTER, T, baseline, generate, kc, load_errors, pairs, writes

DOC = "https://kafka.apache.org/documentation/#georeplication"
IAM = {
    f"{side}.cluster.{k}": v
    for side in ("source", "target")
    for k, v in {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "AWS_MSK_IAM",
        "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
        "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
    }.items()
}

CONFIG = {
    "connector.class": "org.apache.kafka.connect.mirror.MirrorSourceConnector",
    "tasks.max": "4",
    "source.cluster.alias": "legacy",
    "target.cluster.alias": "analytics",
    "source.cluster.bootstrap.servers": "b-1.legacy.xyz789.c2.kafka.eu-west-1.amazonaws.com:9098",
    "target.cluster.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "topics": "orders, payments\\..*",
    "replication.factor": "3",
    "offset-syncs.topic.replication.factor": "3",
    "sync.topic.acls.enabled": "false",
    "refresh.topics.interval.seconds": "60",
    "key.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    **IAM,
}


def src(*names):
    return [T(n, SOURCE_CLUSTER) for n in names]


def test_mirrormaker2_source_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": CONFIG},
                    source_cluster=SOURCE_CLUSTER)

    source_cluster = pairs(kc("Connect", "DescribeCluster"), SOURCE_CLUSTER)
    source_reads = pairs(kc("ReadData", "DescribeTopic", "DescribeTopicDynamicConfiguration"),
                         src("orders", "payments.*", "heartbeats"))
    offset_syncs = pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), src("mm2-offset-syncs.analytics.internal"))
    remote = ["legacy.orders", "legacy.payments.*", "legacy.heartbeats"]
    target_writes = writes(*remote) | pairs(kc("CreateTopic", "AlterTopic", "AlterTopicDynamicConfiguration"),
                                            [T(t) for t in remote])

    assert role.pairs == (baseline("legacy-mirror", "source") | source_cluster | source_reads | offset_syncs
                          | target_writes)

    role.assert_source(source_reads - src_heartbeats(), "topics", DOC)
    role.assert_source(offset_syncs, "offset-syncs.topic.location", DOC)
    role.assert_source(writes("legacy.orders"), "source.cluster.alias", DOC)
    assert not any("sync.topic.acls.enabled" in w for w in role.warnings)


def src_heartbeats():
    return pairs(kc("ReadData", "DescribeTopic", "DescribeTopicDynamicConfiguration"), src("heartbeats"))


def test_mirrormaker2_identity_policy_and_target_offset_syncs(tmp_path):
    config = dict(CONFIG, **{
        "replication.policy.class": "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
        "offset-syncs.topic.location": "target",
        "sync.topic.configs.enabled": "false",
        "topics": "orders",
    })
    del config["sync.topic.acls.enabled"]
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                    source_cluster=SOURCE_CLUSTER)
    expected = (baseline("legacy-mirror", "source")
                | pairs(kc("Connect", "DescribeCluster"), SOURCE_CLUSTER)
                | pairs(kc("ReadData", "DescribeTopic"), src("orders", "heartbeats"))
                | writes("orders", "heartbeats")
                | pairs(kc("CreateTopic", "AlterTopic"), [T("orders"), T("heartbeats")])
                | pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), T("mm2-offset-syncs.analytics.internal")))
    assert role.pairs == expected
    # sync.topic.acls.enabled defaults to true: ACL sync is not granted (IAM clusters), with a warning
    assert any("sync.topic.acls.enabled" in w for w in role.warnings)


def test_mirrormaker2_source_needs_the_source_cluster(tmp_path):
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": CONFIG})
    assert "source_cluster" in text


def test_mirrormaker2_refuses_a_topic_regex_it_cannot_express(tmp_path):
    config = dict(CONFIG, topics="(orders|payments)-v[0-9]+")
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                       source_cluster=SOURCE_CLUSTER)
    assert "(orders|payments)-v[0-9]+" in text


def test_mirrormaker2_source_cluster_without_iam_gets_no_kafka_cluster_grants(tmp_path):
    """A TLS/SASL-SCRAM source cluster is authorised by Kafka ACLs, not IAM: only the target's
    (IAM) grants remain."""
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": CONFIG},
                    source_cluster=SOURCE_CLUSTER, source_auth="none")
    remote = ["legacy.orders", "legacy.payments.*", "legacy.heartbeats"]
    assert role.pairs == (baseline("legacy-mirror", "source") | writes(*remote)
                          | pairs(kc("CreateTopic", "AlterTopic", "AlterTopicDynamicConfiguration"),
                                  [T(t) for t in remote]))
