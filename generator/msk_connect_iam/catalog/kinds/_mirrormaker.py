"""What MirrorMaker 2's connectors touch on their two clusters (shared by the three MM2 kinds).

The connector runs on MSK Connect attached to the *target* cluster (the manifest's ``cluster``);
``source_cluster`` is the cluster it replicates from. Sources:

- Kafka documentation, "Geo-Replication (Cross-Cluster Data Mirroring)"
  (https://kafka.apache.org/documentation/#georeplication) and KIP-382: cluster aliases,
  ``topics``/``groups`` regex lists (defaults ``.*``), remote topics ``<source alias>.<topic>``
  (``DefaultReplicationPolicy``; ``IdentityReplicationPolicy`` keeps the name), the internal topics
  ``heartbeats``, ``<source alias>.checkpoints.internal`` and
  ``mm2-offset-syncs.<target alias>.internal`` (on the cluster ``offset-syncs.topic.location``
  names, default ``source``), ``sync.topic.configs.enabled``, ``sync.topic.acls.enabled``,
  ``sync.group.offsets.enabled`` (KIP-545).
- The Kafka source (connect/mirror) for which client calls need which ACL: MirrorSourceTask
  consumes with ``assign`` (no group), MirrorSourceConnector creates remote topics and partitions
  and alters their configs on the target and describes topic configs on the source,
  MirrorCheckpointTask lists and describes consumer groups on the source (DESCRIBE group, DESCRIBE
  topic) and, with group offset sync, alters the groups' offsets on the target (OffsetCommit: READ
  group and READ topic). Kafka 3.7.1+ (KAFKA-15905) reads the checkpoints topic back on start.
- The AWS blog "Use MSK Connect for managed MirrorMaker 2 deployment with IAM authentication"
  (https://aws.amazon.com/blogs/big-data/use-msk-connect-for-managed-mirrormaker-2-deployment-with-iam-authentication/),
  which sets ``sync.topic.acls.enabled=false``: IAM-authenticated clusters are authorised by IAM,
  not by Kafka ACLs, so ACL sync (AlterCluster on the target) is not granted.
"""

from __future__ import annotations

from ..base import ANY, Analysis, Context, KafkaGrant, TopicUse, kafka
from ...model import BuiltName
from ._shared import regex_names

DOC = "https://kafka.apache.org/documentation/#georeplication"
DOC_BLOG = ("https://aws.amazon.com/blogs/big-data/"
            "use-msk-connect-for-managed-mirrormaker-2-deployment-with-iam-authentication/")
IDENTITY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy"
DEFAULT_POLICY = "org.apache.kafka.connect.mirror.DefaultReplicationPolicy"
SRC = "source_cluster"


class Flow:
    """The replication flow a MirrorMaker 2 connector's configuration describes."""

    def __init__(self, ctx: Context, title: str):
        self.ctx = ctx
        self.title = title
        self.source = ctx.get("source.cluster.alias", "source")
        self.target = ctx.get("target.cluster.alias", "target")
        self.sep = ctx.get("replication.policy.separator", ".")
        self.policy = ctx.get("replication.policy.class", DEFAULT_POLICY)
        if self.policy not in (DEFAULT_POLICY, IDENTITY):
            ctx.warn(f"replication.policy.class={self.policy} is a custom policy: remote topic names are derived as "
                     "DefaultReplicationPolicy's (<source alias>.<topic>); declare the real names in 'topics'")

    def names(self, key: str) -> list[BuiltName]:
        """The IAM names of a regex list property (``topics`` / ``groups``; default ``.*``), built:
        the rule's translation of a regex (``.*`` every name, ``<literal>.*`` a prefix) writes the
        wildcard as ``ANY``; the literal text goes through the builder's checks."""
        out = []
        for regex in self.ctx.list(key) or [".*"]:
            name = regex_names(regex)
            if name is None:
                self.ctx.error(key, f"the regex '{regex}' cannot be expressed as an IAM resource name or prefix; "
                                    f"use literal names or '<prefix>.*' patterns in {key}")
                continue
            kind = "group" if key == "groups" else "topic"
            if name == "*":
                out.append(self.ctx.kafka_name(ANY, kind=kind, key=key))
            elif name.endswith("*"):
                out.append(self.ctx.kafka_name(name[:-1], ANY, kind=kind, key=key))
            else:
                out.append(self.ctx.kafka_name(name, kind=kind, key=key))
        return out

    def remote(self, name: BuiltName | str) -> BuiltName:
        """The name of ``name`` (a built name, or a literal of the rule) on the target cluster."""
        if self.policy == IDENTITY:
            return name if isinstance(name, BuiltName) else self.ctx.kafka_name(name)
        if name.endswith("*") and isinstance(name, BuiltName):
            base = name[:-1]
            return self.ctx.kafka_name(self.source, self.sep, *((base,) if base else ()), ANY)
        return self.ctx.kafka_name(self.source, self.sep, name)

    def cause(self, key: str, default: str | None = None) -> str:
        return self.ctx.cause(key, self.ctx.get(key, default))

    def topics_cause(self) -> str:
        return self.cause("topics", ".*")

    def remote_cause(self) -> str:
        return f"{self.topics_cause()}; {self.cause('source.cluster.alias', 'source')}; " \
               f"{self.cause('replication.policy.class', DEFAULT_POLICY)}"

    def offset_syncs(self) -> tuple[str, str, str]:
        """(topic, cluster, cause) of the offset-syncs topic."""
        loc = (self.ctx.get("offset-syncs.topic.location") or "source").lower()
        if loc not in ("source", "target"):
            self.ctx.error("offset-syncs.topic.location", f"found '{loc}'; expected source or target")
            loc = "source"
        return (self.ctx.kafka_name("mm2-offset-syncs.", self.target, ".internal", key="target.cluster.alias"), SRC if loc == "source" else "cluster",
                f"{self.cause('offset-syncs.topic.location', 'source')}; {self.cause('target.cluster.alias', 'target')}")

    def require_source_cluster(self) -> bool:
        if self.ctx.source_cluster is None:
            self.ctx.report(("source_cluster",), f"missing: {self.title} reads from a second cluster; name it in "
                                                 "'source_cluster' (the manifest's 'cluster' is the target MSK "
                                                 "Connect attaches to)")
            return False
        return True


def source_connector(ctx: Context, title: str) -> Analysis:
    """MirrorSourceConnector: see the module docstring."""
    flow = Flow(ctx, title)
    if not flow.require_source_cluster():
        return Analysis()
    names = flow.names("topics")
    sync_configs = ctx.flag("sync.topic.configs.enabled", True)
    read_actions = kafka("DescribeTopic", "ReadData") + (kafka("DescribeTopicDynamicConfiguration") if sync_configs else ())
    grants = [KafkaGrant("MirrorSourceTopics", read_actions, "topic", tuple(names), flow.topics_cause(),
                         f"{title}: consumes the replicated topics on the source cluster"
                         + (" and reads their configuration (sync.topic.configs.enabled)" if sync_configs else ""),
                         DOC, cluster=SRC),
              KafkaGrant("MirrorSourceTopics", read_actions, "topic", (ctx.kafka_name("heartbeats"),),
                         flow.cause("source.cluster.alias", "source"),
                         f"{title}: always replicates the source cluster's heartbeats topic", DOC, cluster=SRC)]
    syncs, where, cause = flow.offset_syncs()
    grants.append(KafkaGrant("MirrorOffsetSyncs", kafka("CreateTopic", "DescribeTopic", "WriteData"), "topic",
                             (syncs,), cause, f"{title}: creates the offset-syncs topic and writes offset syncs to it",
                             DOC, cluster=where))
    remote = sorted({flow.remote(n) for n in names})
    beats = flow.remote("heartbeats")
    bcause = f"{flow.cause('source.cluster.alias', 'source')}; {flow.cause('replication.policy.class', DEFAULT_POLICY)}"
    topics = tuple(TopicUse(r, flow.remote_cause(), f"{title}: writes the remote topics on the target cluster", DOC)
                   for r in remote)
    if beats not in remote:
        topics += (TopicUse(beats, bcause, f"{title}: writes the replicated heartbeats topic on the target cluster",
                            DOC),)
    target_actions = kafka("AlterTopic", "CreateTopic") + (kafka("AlterTopicDynamicConfiguration") if sync_configs else ())
    rule = (f"{title}: creates the remote topics, adds partitions"
            + (" and copies topic configurations (sync.topic.configs.enabled)" if sync_configs else ""))
    grants.append(KafkaGrant("MirrorRemoteTopics", target_actions, "topic", tuple(remote), flow.remote_cause(), rule,
                             DOC))
    grants.append(KafkaGrant("MirrorRemoteTopics", target_actions, "topic", (beats,), bcause, rule, DOC))
    if ctx.flag("sync.topic.acls.enabled", True):
        ctx.warn("sync.topic.acls.enabled is true (the default): copying Kafka ACLs needs AlterCluster on the target, "
                 "which is not granted; IAM-authenticated MSK clusters are authorised by IAM, so set "
                 f"sync.topic.acls.enabled=false ({DOC_BLOG})")
    return Analysis(topics=topics, kafka=tuple(grants))


def checkpoint_connector(ctx: Context, title: str) -> Analysis:
    """MirrorCheckpointConnector: see the module docstring."""
    flow = Flow(ctx, title)
    if not flow.require_source_cluster():
        return Analysis()
    topics = flow.names("topics")
    groups = flow.names("groups")
    syncs, where, cause = flow.offset_syncs()
    grants = [KafkaGrant("MirrorOffsetSyncsRead", kafka("DescribeTopic", "ReadData"), "topic", (syncs,), cause,
                         f"{title}: reads the offset-syncs topic to translate offsets", DOC, cluster=where),
              KafkaGrant("MirrorSourceGroups", kafka("DescribeGroup"), "group", tuple(groups), flow.cause("groups", ".*"),
                         f"{title}: lists the source cluster's consumer groups and reads their committed offsets",
                         DOC, cluster=SRC),
              KafkaGrant("MirrorSourceGroupTopics", kafka("DescribeTopic"), "topic", tuple(topics), flow.topics_cause(),
                         f"{title}: reading a group's committed offsets needs DESCRIBE on the topics", DOC,
                         cluster=SRC)]
    checkpoints = ctx.kafka_name(flow.source, ".checkpoints.internal", key="source.cluster.alias")
    ccause = flow.cause("source.cluster.alias", "source")
    out_topics = (TopicUse(checkpoints, ccause, f"{title}: writes checkpoints to <source alias>.checkpoints.internal",
                           DOC),)
    grants.append(KafkaGrant("MirrorCheckpointsTopic", kafka("CreateTopic", "ReadData"), "topic", (checkpoints,), ccause,
                             f"{title}: creates the checkpoints topic and reads it back on start (Kafka 3.7.1+, "
                             "KAFKA-15905)", DOC))
    if ctx.flag("sync.group.offsets.enabled"):
        scause = f"{ctx.cause('sync.group.offsets.enabled')}; {flow.cause('groups', '.*')}"
        rule = (f"{title}: sync.group.offsets.enabled commits translated offsets for the groups on the target "
                "(OffsetCommit needs READ on the group and on the topics)")
        grants.append(KafkaGrant("MirrorTargetGroups", kafka("AlterGroup", "DescribeGroup"), "group", tuple(groups),
                                 scause, rule, DOC))
        grants.append(KafkaGrant("MirrorTargetGroupTopics", kafka("DescribeTopic", "ReadData"), "topic",
                                 tuple(sorted({flow.remote(t) for t in topics})),
                                 f"{ctx.cause('sync.group.offsets.enabled')}; {flow.remote_cause()}", rule, DOC))
    return Analysis(topics=out_topics, kafka=tuple(grants))


def heartbeat_connector(ctx: Context, title: str) -> Analysis:
    """MirrorHeartbeatConnector: creates and writes ``heartbeats`` on the target."""
    cause = ctx.cause("emit.heartbeats.enabled", ctx.get("emit.heartbeats.enabled", "true"))
    if not ctx.flag("emit.heartbeats.enabled", True):
        ctx.warn("emit.heartbeats.enabled=false: the heartbeat connector emits nothing")
        return Analysis()
    return Analysis(
        topics=(TopicUse(ctx.kafka_name("heartbeats"), cause, f"{title}: writes heartbeats to the target's heartbeats topic", DOC),),
        kafka=(KafkaGrant("MirrorHeartbeatsTopic", kafka("CreateTopic"), "topic", (ctx.kafka_name("heartbeats"),), cause,
                          f"{title}: creates the heartbeats topic on the target", DOC),))
