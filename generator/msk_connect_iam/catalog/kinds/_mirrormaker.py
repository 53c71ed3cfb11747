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

import re

from ..arnbuild import ONE, Wild, widened
from ..base import ANY, Analysis, Context, KafkaGrant, TopicUse, kafka
from ..regexcover import RegexError, cover
from ...model import BuiltName
from ._shared import regex_names

DOC = "https://kafka.apache.org/documentation/#georeplication"
DOC_BLOG = ("https://aws.amazon.com/blogs/big-data/"
            "use-msk-connect-for-managed-mirrormaker-2-deployment-with-iam-authentication/")
IDENTITY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy"
DEFAULT_POLICY = "org.apache.kafka.connect.mirror.DefaultReplicationPolicy"
#: Strimzi's class now only extends Kafka's (strimzi-kafka-operator io/strimzi/kafka/connect/mirror/
#: IdentityReplicationPolicy.java: "since Kafka 3.0.0, such policy is part of Kafka itself").
STRIMZI_IDENTITY = "io.strimzi.kafka.connect.mirror.IdentityReplicationPolicy"
#: aws-samples/mirrormaker2-msk-migration CustomMM2ReplicationPolicy.java: formatRemoteTopic returns
#: the topic (every topic, heartbeats included).
AWS_SAMPLES_POLICY = "com.amazonaws.kafka.samples.CustomMM2ReplicationPolicy"
DOC_AWS_SAMPLES = ("https://github.com/aws-samples/mirrormaker2-msk-migration/blob/main/docker/kafka-connect/"
                   "CustomMM2ReplicationPolicy/src/main/java/com/amazonaws/kafka/samples/CustomMM2ReplicationPolicy.java")
KEEP_NAMES = (IDENTITY, STRIMZI_IDENTITY, AWS_SAMPLES_POLICY)
SRC = "source_cluster"


class Flow:
    """The replication flow a MirrorMaker 2 connector's configuration describes."""

    def __init__(self, ctx: Context, title: str):
        self.ctx = ctx
        self.title = title
        self.source = ctx.get("source.cluster.alias", "source")
        self.target = ctx.get("target.cluster.alias", "target")
        self.sep = ctx.get("replication.policy.separator", ".")
        self.policy = (ctx.get("replication.policy.class", DEFAULT_POLICY) or DEFAULT_POLICY).strip()
        #: remote topics keep their source names (heartbeats too, for the aws-samples policy)
        self.keep_names = self.policy in KEEP_NAMES
        self.keep_heartbeats = self.policy == AWS_SAMPLES_POLICY
        if self.policy == AWS_SAMPLES_POLICY:
            ctx.warn(f"replication.policy.class={self.policy} is the aws-samples/mirrormaker2-msk-migration policy, "
                     "whose formatRemoteTopic returns the topic unchanged (heartbeats too): remote topics are granted "
                     f"under their source names; if your class of that name differs, declare the real names ({DOC_AWS_SAMPLES})")
        elif self.policy not in (DEFAULT_POLICY, *KEEP_NAMES):
            ctx.warn(f"replication.policy.class={self.policy} is a custom policy: remote topic names are derived as "
                     "DefaultReplicationPolicy's (<source alias>.<topic>); declare the real names in 'topics'")
        self._client_checks()

    def _client_checks(self) -> None:
        """Mistakes in the two clusters' client settings that MirrorMaker 2 reads with the prefixes
        ``source.cluster.`` and ``target.cluster.`` (MirrorConnectorConfig ``SOURCE_CLUSTER_PREFIX``
        / ``TARGET_CLUSTER_PREFIX``): an empty bootstrap list (a located error: the clients cannot
        start), a SASL mechanism without a JAAS login, settings under a prefix MirrorMaker 2 does not
        read, and (IAM source cluster) a source client that does not log in with IAM."""
        ctx = self.ctx
        for side in ("source", "target"):
            prefix = f"{side}.cluster."
            servers = ctx.get(prefix + "bootstrap.servers")
            if servers is not None and not servers.strip():
                ctx.error(prefix + "bootstrap.servers", f"is empty; MirrorMaker 2's {side} clients need the {side} "
                                                        "cluster's bootstrap servers (host:port, comma-separated)")
            mechanism = (ctx.get(prefix + "sasl.mechanism") or "").strip()
            if mechanism and not ctx.get(prefix + "sasl.jaas.config") and not ctx.get("sasl.jaas.config"):
                ctx.warn(f"{prefix}sasl.jaas.config is not set, but {prefix}sasl.mechanism={mechanism}: the {side} "
                         "clients have no SASL login (Kafka: 'Could not find a KafkaClient entry in the JAAS "
                         "configuration') and cannot connect")
        for key in sorted(ctx.config):
            for side in ("source", "target"):
                if key.startswith(f"{side}.kafka."):
                    rest = key[len(side) + 7:]
                    ctx.warn(f"{key}: MirrorMaker 2 reads the {side} cluster's client settings under "
                             f"'{side}.cluster.', so this setting is ignored (did you mean {side}.cluster.{rest}?)")
        source = ctx.source_cluster
        mechanism = (ctx.get("source.cluster.sasl.mechanism") or "").strip().upper()
        if source is not None and source.authentication == "iam" and mechanism != "AWS_MSK_IAM":
            ctx.warn(f"source_cluster uses IAM authentication, but source.cluster.sasl.mechanism is "
                     f"{mechanism or 'not set'}: the source clients do not log in with IAM, so the source "
                     "cluster's kafka-cluster grants are not used; set source.cluster.sasl.mechanism=AWS_MSK_IAM "
                     "(with its JAAS and callback handler settings), or authentication: none for that cluster")

    def names(self, key: str) -> list[BuiltName]:
        """The IAM names of a regex list property (``topics`` / ``groups``; default ``.*``), built.

        Each regex is matched by MirrorMaker 2 against whole names (DefaultTopicFilter /
        DefaultGroupFilter: ``Pattern.matcher(name).matches()``). A literal (``orders``, and
        ``orders.v1`` read as written) is that name; any other regex gets the sound superset of
        :func:`~msk_connect_iam.catalog.regexcover.cover` (``^ExampleTopic[\\w]*`` -> ``ExampleTopic*``,
        ``x?y.*`` -> ``xy*``, ``y*``), with the rule's wildcards written as ``ANY``/``ONE`` and the literal
        text through the builder's checks. A regex whose superset is every name (``.*``, the default,
        ``a|.*``) grants ``*`` only when ``allow_wildcards`` names ``key`` (the reason goes into the
        README); otherwise a located error says how to narrow it or opt in (when neither cluster
        uses IAM, no kafka-cluster grant is written and it is left out silently). Syntax outside
        the subset is a located error."""
        out = []
        kind = "group" if key == "groups" else "topic"
        regexes = self.ctx.list(key)
        for regex in regexes or [".*"]:
            literal = regex_names(regex)
            if literal is not None and not literal.endswith("*"):
                out.append(self.ctx.kafka_name(literal, kind=kind, key=key))
                continue
            try:
                patterns, _ = cover(regex)
            except RegexError as exc:
                self.ctx.error(key, f"the regex '{regex}' cannot be translated into IAM resource names ({exc}); use "
                                    f"literal names, '<prefix>.*' patterns or simpler regexes in {key}")
                continue
            for pat in patterns:
                if all(isinstance(p, Wild) for p in pat):
                    if self._every(key, regex, kind, bool(regexes)):
                        out.append(self.ctx.kafka_name(ANY, kind=kind, key=key))
                    continue
                out.append(self.ctx.kafka_name(*pat, kind=kind, key=key))
        return list(dict.fromkeys(out))

    def _every(self, key: str, regex: str, kind: str, explicit: bool) -> bool:
        """Whether every {kind} may be granted for ``key`` (``allow_wildcards``); else a located error."""
        what = f"every {kind} of the cluster"
        clusters = (self.ctx.cluster, self.ctx.source_cluster)
        if not any(c is not None and c.authentication == "iam" for c in clusters):
            return False  # no cluster uses IAM: no kafka-cluster grant is written, nothing to opt into
        if self.ctx.allowed.get(key):
            widened(self.ctx, key, f"{what} ({key} '{regex}')")
            return True
        why = (f"the regex '{regex}' in {key} matches {what}" if explicit else
               f"{key} is not set, so MirrorMaker 2 uses its default '.*': {what}")
        self.ctx.error(key, f"{why}; expected {kind} names or prefixes in {key}, or, when every {kind} is really "
                            f"replicated, allow_wildcards: [{{property: {key}, reason: ...}}] on the connector")
        return False

    def remote(self, name: BuiltName | str, *, heartbeats: bool = False) -> BuiltName:
        """The name of ``name`` (a built name, or a literal of the rule) on the target cluster:
        ``<source alias><separator><name>`` (DefaultReplicationPolicy.formatRemoteTopic), or the name
        itself under a policy that keeps names; Kafka's IdentityReplicationPolicy still formats the
        ``heartbeats`` topic the default way (IdentityReplicationPolicy.java formatRemoteTopic:
        ``if (looksLikeHeartbeat(topic)) return super.formatRemoteTopic(...)``)."""
        if self.keep_names and (self.keep_heartbeats or not heartbeats):
            return name if isinstance(name, BuiltName) else self.ctx.kafka_name(name)
        if isinstance(name, BuiltName):
            return self.ctx.kafka_name(self.source, self.sep, *_parts(name))
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


def _parts(name: BuiltName) -> list:
    """A built name back as parts: its ``*``/``?`` are the rule's own wildcards (the builder
    refuses them in configuration text), so they become ``ANY``/``ONE`` again."""
    return [ANY if c == "*" else ONE if c == "?" else c for c in re.split(r"([*?])", str(name)) if c]


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
    idem = next((k for k in ("source.cluster.producer.enable.idempotence", "producer.enable.idempotence")
                 if ctx.get(k) is not None), None)
    if idem and ctx.flag(idem):
        # MirrorMaker 2's own offset-syncs producer takes producer.* and source.cluster.producer.*
        # (MirrorConnectorConfig sourceProducerConfig / MirrorSourceConfig offsetSyncsTopicProducerConfig)
        grants.append(KafkaGrant("MirrorOffsetSyncsIdempotent", kafka("WriteDataIdempotently"), "cluster", (),
                                 ctx.cause(idem), f"{title}: the offset-syncs producer is idempotent ({idem})",
                                 DOC, cluster=where))
    remote = sorted({flow.remote(n) for n in names})
    beats = flow.remote("heartbeats", heartbeats=True)
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
