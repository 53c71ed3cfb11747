"""MirrorMaker 2 MirrorHeartbeatConnector: creates and writes the heartbeats topic on the target.

Expected pairs written from https://kafka.apache.org/documentation/#georeplication; see docs/catalog.md.
"""

from kindtest import T, baseline, generate, kc, pairs, writes

DOC = "https://kafka.apache.org/documentation/#georeplication"

CONFIG = {
    "connector.class": "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector",
    "tasks.max": "1",
    "source.cluster.alias": "legacy",
    "target.cluster.alias": "analytics",
    "target.cluster.bootstrap.servers": "b-1.analytics.abc123.c3.kafka.us-east-1.amazonaws.com:9098",
    "target.cluster.security.protocol": "SASL_SSL",
    "target.cluster.sasl.mechanism": "AWS_MSK_IAM",
    "heartbeats.topic.replication.factor": "3",
    "emit.heartbeats.interval.seconds": "5",
    "key.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
}


def test_mirrormaker2_heartbeat_grants_exactly_what_its_documentation_implies(tmp_path):
    role = generate(tmp_path, {"name": "legacy-heartbeats", "connector_configuration": CONFIG})
    heartbeats = writes("heartbeats") | pairs(kc("CreateTopic"), T("heartbeats"))
    assert role.pairs == baseline("legacy-heartbeats", "source") | heartbeats
    role.assert_source(heartbeats, "heartbeats", DOC)
