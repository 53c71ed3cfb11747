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
                # IdentityReplicationPolicy keeps topic names, except heartbeats, which it formats
                # as DefaultReplicationPolicy does (apache/kafka connect/mirror-client
                # IdentityReplicationPolicy.java formatRemoteTopic: looksLikeHeartbeat -> super)
                | writes("orders", "legacy.heartbeats")
                | pairs(kc("CreateTopic", "AlterTopic"), [T("orders"), T("legacy.heartbeats")])
                | pairs(kc("CreateTopic", "DescribeTopic", "WriteData"), T("mm2-offset-syncs.analytics.internal")))
    assert role.pairs == expected
    # sync.topic.acls.enabled defaults to true: ACL sync is not granted (IAM clusters), with a warning
    assert any("sync.topic.acls.enabled" in w for w in role.warnings)


def test_mirrormaker2_source_needs_the_source_cluster(tmp_path):
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": CONFIG})
    assert "source_cluster" in text


def test_mirrormaker2_translates_a_topic_regex_into_a_sound_superset(tmp_path):
    """DefaultTopicFilter matches whole names (Pattern.matches): '(orders|payments)-v[0-9]+' is
    every 'orders-v<digits>' and 'payments-v<digits>', so 'orders-v?*' and 'payments-v?*' (a digit,
    then anything) cover it; '^ExampleTopic[\\w]*' (the AWS migration lab's) is 'ExampleTopic*'."""
    config = dict(CONFIG, topics="(orders|payments)-v[0-9]+, ^ExampleTopic[\\w]*")
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                    source_cluster=SOURCE_CLUSTER)
    source = ["orders-v?*", "payments-v?*", "ExampleTopic*"]
    read = {r for (a, r) in role.pairs if a == "kafka-cluster:ReadData"}
    assert {T(t, SOURCE_CLUSTER) for t in source} <= read
    written = {r for (a, r) in role.pairs if a == "kafka-cluster:WriteData"}
    assert {T("legacy." + t) for t in source} <= written


def test_mirrormaker2_aws_samples_policy_keeps_every_name(tmp_path):
    """aws-samples/mirrormaker2-msk-migration CustomMM2ReplicationPolicy.formatRemoteTopic returns
    the topic: remote topics and the heartbeats keep their names; a warning says which class was
    assumed."""
    config = dict(CONFIG, **{"replication.policy.class": "com.amazonaws.kafka.samples.CustomMM2ReplicationPolicy",
                             "topics": "orders"})
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                    source_cluster=SOURCE_CLUSTER)
    written = {r for (a, r) in role.pairs if a == "kafka-cluster:WriteData" and r.startswith(T(""))
               and "__amazon" not in r}
    assert written == {T("orders"), T("heartbeats")}  # on the target cluster
    assert any(w.startswith("replication.policy.class=") and "aws-samples" in w for w in role.warnings)


def test_mirrormaker2_refuses_a_topic_regex_outside_the_subset(tmp_path):
    config = dict(CONFIG, topics="orders(?=-v1)")
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                       source_cluster=SOURCE_CLUSTER)
    assert "connector_configuration.topics" in text and "orders(?=-v1)" in text


def test_mirrormaker2_every_topic_needs_the_opt_in(tmp_path):
    config = dict(CONFIG, topics=".*")
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                       source_cluster=SOURCE_CLUSTER)
    assert "connector_configuration.topics" in text and "allow_wildcards" in text
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config, "allow_wildcards": [
        {"property": "topics", "reason": "the migration replicates every topic"}]}, source_cluster=SOURCE_CLUSTER)
    assert ("kafka-cluster:ReadData", T("*", SOURCE_CLUSTER)) in role.pairs
    assert ("kafka-cluster:WriteData", T("legacy.*")) in role.pairs
    assert any("the migration replicates every topic" in w for w in role.warnings)


def test_mirrormaker2_source_cluster_without_iam_gets_no_kafka_cluster_grants(tmp_path):
    """A TLS/SASL-SCRAM source cluster is authorised by Kafka ACLs, not IAM: only the target's
    (IAM) grants remain."""
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": CONFIG},
                    source_cluster=SOURCE_CLUSTER, source_auth="none")
    remote = ["legacy.orders", "legacy.payments.*", "legacy.heartbeats"]
    assert role.pairs == (baseline("legacy-mirror", "source") | writes(*remote)
                          | pairs(kc("CreateTopic", "AlterTopic", "AlterTopicDynamicConfiguration"),
                                  [T(t) for t in remote]))


# --- client settings MirrorMaker 2 reads with source.cluster. / target.cluster. -----------------

def test_mirrormaker2_empty_bootstrap_servers_is_a_located_error(tmp_path):
    config = dict(CONFIG, **{"source.cluster.bootstrap.servers": ""})
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                       source_cluster=SOURCE_CLUSTER)
    assert "connector_configuration.source.cluster.bootstrap.servers: is empty" in text


def test_mirrormaker2_client_setting_mistakes_are_warned(tmp_path):
    config = {k: v for k, v in CONFIG.items() if k != "source.cluster.sasl.jaas.config"}
    config["target.kafka.security.protocol"] = "SASL_SSL"
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                    source_cluster=SOURCE_CLUSTER)
    assert any(w.startswith("source.cluster.sasl.jaas.config is not set") for w in role.warnings)
    assert any(w.startswith("target.kafka.security.protocol:") and "target.cluster.security.protocol" in w
               for w in role.warnings)


def test_mirrormaker2_iam_source_cluster_whose_clients_do_not_use_iam_is_warned(tmp_path):
    config = dict(CONFIG, **{"source.cluster.sasl.mechanism": "SCRAM-SHA-512"})
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                    source_cluster=SOURCE_CLUSTER)
    assert any(w.startswith("source_cluster uses IAM authentication") and "SCRAM-SHA-512" in w for w in role.warnings)


def test_an_iam_login_with_aws_role_arn_assumes_that_role(tmp_path):
    """aws/aws-msk-iam-auth README: IAMLoginModule awsRoleArn="..." assumes the role (sts:AssumeRole)."""
    role_arn = "arn:aws:iam::123456789012:role/mm2-source-reader"
    config = dict(CONFIG, **{"source.cluster.sasl.jaas.config":
                             f'software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn="{role_arn}";'})
    role = generate(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                    source_cluster=SOURCE_CLUSTER)
    assert ("sts:AssumeRole", role_arn) in role.pairs
    assert any("awsRoleArn" in w and role_arn in w for w in role.warnings)


def test_aws_role_arn_naming_a_user_is_a_located_error(tmp_path):
    config = dict(CONFIG, **{"source.cluster.sasl.jaas.config":
                             'software.amazon.msk.auth.iam.IAMLoginModule required '
                             'awsRoleArn="arn:aws:iam::123456789012:user/developer1" awsDebugCreds=true;'})
    text = load_errors(tmp_path, {"name": "legacy-mirror", "connector_configuration": config},
                       source_cluster=SOURCE_CLUSTER)
    assert "connector_configuration.source.cluster.sasl.jaas.config: awsRoleArn names" in text
    assert "not an IAM role" in text
