"""``msk-connect-iam diagnose``: authorization failures in connector logs, mapped to IAM actions.

Recognised (one finding per distinct refused (action, resource), with every log line that shows it):

- Kafka client exceptions of the Java client (and their librdkafka / kafkajs / kafka-python / sarama
  spellings): ``TopicAuthorizationException`` (with the topics, or MSK's bare "Topic
  authorization failed"), ``TOPIC_AUTHORIZATION_FAILED`` metadata warnings,
  ``GroupAuthorizationException``, ``ClusterAuthorizationException`` /
  ``CLUSTER_AUTHORIZATION_FAILED`` (idempotent producers, broker configuration reads),
  ``TransactionalIdAuthorizationException``;
- the MSK IAM library's ``SaslAuthenticationException: [...]: Access denied`` (the broker refused
  ``kafka-cluster:Connect``, or the credentials);
- AWS SDK access-denied messages: "User: ARN is not authorized to perform: ACTION on resource:
  ARN [because ... | with an explicit deny in a ...]" (every SDK writes this text), the S3 shapes of
  SDK v1 ``AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403; Error Code:
  AccessDenied ...)`` and SDK v2 ``S3Exception: Access Denied (Service: S3, Status Code: 403 ...)``
  (which name no action: the action is inferred from the surrounding lines), boto3's "An error occurred
  (AccessDenied...) when calling the OPERATION operation", and Secrets Manager's "Access to KMS is
  not allowed".

The action for each Kafka error follows the MSK IAM action table (facts.md; MSK Developer Guide,
"Semantics of IAM authorization policy actions and resources"). With a manifest, each finding also
says which manifest change grants it, and whether the manifest already grants it (then the cause
is elsewhere: a permissions boundary, an SCP, a resource-based policy such as the MSK cluster
policy, a bucket or key policy, the role deployed differing from the manifest, or IAM propagation
delay).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import needs
from .evaluate import covers, glob_match, overlaps

#: Lines of context read around an S3 error to infer its operation and bucket.
CONTEXT_LINES = 12


@dataclass
class Refusal:
    """One recognised refusal: candidate actions (the first the most likely) on a resource."""

    error: str
    actions: tuple[str, ...]
    kind: str                 # topic | group | transactional-id | cluster | aws
    name: str = ""            # topic, group or transactional id; bucket; ARN
    resource: str = ""        # ARN pattern when known
    refused_by: str = ""      # the AWS message's reason (identity-based policy, SCP, ...)
    note: str = ""


@dataclass
class Finding:
    """One distinct refusal with its log lines and, with a manifest, the verdict."""

    refusal: Refusal
    lines: list[tuple[int, str]] = field(default_factory=list)
    connector: str = ""
    resource: str = ""
    granted: bool | None = None
    granted_by: list[str] = field(default_factory=list)
    fix: str = ""
    elsewhere: str = ""

    def as_dict(self) -> dict:
        r = self.refusal
        out = {"line": self.lines[0][0], "log": self.lines[0][1], "occurrences": len(self.lines),
               "error": r.error, "actions": list(r.actions), "resource_kind": r.kind}
        for k, v in (("name", r.name), ("resource", self.resource or r.resource), ("refused_by", r.refused_by),
                     ("note", r.note), ("connector", self.connector), ("fix", self.fix), ("elsewhere", self.elsewhere)):
            if v:
                out[k] = v
        if self.granted is not None:
            out["granted_by_manifest"] = self.granted
            if self.granted_by:
                out["granted_because"] = self.granted_by
        return out


# --------------------------------------------------------------------------- recognisers

_TOPICS_RE = re.compile(r"TopicAuthorizationException:?\s*(?:Not authorized to access topics:\s*)?\[([^\]]*)\]")
_TOPIC_GENERIC_RE = re.compile(r"(TopicAuthorizationException|Not authorized to access topics?|"
                               r"TOPIC_AUTHORIZATION_FAILED|topic_authorization_failed|"
                               r"not authorized to access this topic|Topic authorization failed)", re.I)
_TOPIC_MAP_RE = re.compile(r"\{([^{}]*=TOPIC_AUTHORIZATION_FAILED[^{}]*)\}")
_TOPIC_FOR_RE = re.compile(r"Topic authorization failed for topics \[([^\]]*)\]")
_GROUP_RE = re.compile(r"(?:GroupAuthorizationException:?\s*)?Not authorized to access group:\s*([^\s,;]+)")
_GROUP_GENERIC_RE = re.compile(r"(GroupAuthorizationException|GROUP_AUTHORIZATION_FAILED|Group authorization failed)",
                               re.I)
_CLUSTER_RE = re.compile(r"(ClusterAuthorizationException|CLUSTER_AUTHORIZATION_FAILED|Cluster authorization failed)")
_TXN_RE = re.compile(r"(TransactionalIdAuthorizationException|TRANSACTIONAL_ID_AUTHORIZATION_FAILED|"
                     r"Transactional Id authorization failed)", re.I)
_TXN_ID_RE = re.compile(r"transactionalId=([^\s,\]]+)")
_SASL_RE = re.compile(r"(SaslAuthenticationException|SASL Authentication failed|SaslAuthenticationFailedError|"
                      r"SASL_AUTHENTICATION_FAILED)[^\n]*Access denied", re.I)
_NOT_AUTHORIZED_RE = re.compile(
    r"(?:User: (?P<principal>\S+) )?is not authorized to perform: (?P<action>[A-Za-z0-9-]+:[A-Za-z0-9*]+)"
    r"(?: on (?:resource: (?P<resource>\"[^\"]+\"|\S+)|this resource))?(?P<rest>[^\n]*)")
_REASON_RE = re.compile(r"(with an explicit deny in an? (?P<deny>[a-z -]+?policy|permissions boundary)|"
                        r"because no (?P<none>[a-z -]+?policy|permissions boundary) allows|"
                        r"because the resource does not exist in this Region, no resource-based policies allow access)")
_S3_V1_RE = re.compile(r"AmazonS3Exception: Access Denied \(Service: Amazon S3; Status Code: 403")
_S3_V2_RE = re.compile(r"S3Exception: Access Denied \(Service: S3, Status Code: 403")
_BOTO_RE = re.compile(r"An error occurred \((AccessDenied(?:Exception)?)\) when calling the (\w+) operation")
_KMS_SECRET_RE = re.compile(r"Access to KMS is not allowed")
_S3_BUCKET_RE = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])")

#: S3 operations by the words around an SDK S3 error (first match wins).
_S3_OPERATIONS = (
    (re.compile(r"multipart", re.I), "s3:PutObject", ("s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")),
    (re.compile(r"upload|putObject|PutObject|writ", re.I), "s3:PutObject", ()),
    (re.compile(r"listing|listObjects|ListObjects|ListBucket|seek", re.I), "s3:ListBucket", ()),
    (re.compile(r"getObject|GetObject|download|read", re.I), "s3:GetObject", ()),
    (re.compile(r"deleteObject|DeleteObject", re.I), "s3:DeleteObject", ()),
)

#: boto3 operation names -> IAM action (service by operation).
_BOTO_SERVICES = {"GetSecretValue": "secretsmanager", "BatchGetSecretValue": "secretsmanager",
                  "DescribeSecret": "secretsmanager", "ListSecrets": "secretsmanager", "PutObject": "s3",
                  "GetObject": "s3", "ListObjectsV2": "s3", "ListObjects": "s3", "GenerateDataKey": "kms",
                  "Decrypt": "kms", "GetSchemaVersion": "glue", "GetSchemaByDefinition": "glue"}


def _split_names(text: str) -> list[str]:
    return [t.strip().strip("'\"") for t in text.split(",") if t.strip()]


def _cluster_action(context: str) -> tuple[tuple[str, ...], str]:
    """The cluster action a ClusterAuthorizationException refused, from its surroundings."""
    c = context.lower()
    if any(w in c for w in ("idempoten", "producerid", "producer id", "initproducerid", "aborting producer batches",
                            "transactionmanager", "producer-", "[producer")):
        return ("kafka-cluster:WriteDataIdempotently",), "an idempotent producer (enable.idempotence=true) " \
            "needs WriteDataIdempotently on the cluster"
    if any(w in c for w in ("describeconfigs", "describe_configs", "getkafkabrokerconfig", "brokerconfig",
                            "describecluster", "replication factor", "replicationfactor")):
        return ("kafka-cluster:DescribeClusterDynamicConfiguration",), "reading the brokers' configuration " \
            "(DescribeConfigs on a broker) needs DescribeClusterDynamicConfiguration"
    if any(w in c for w in ("alterconfigs", "incrementalalterconfigs", "createacls", "deleteacls")):
        return ("kafka-cluster:AlterClusterDynamicConfiguration", "kafka-cluster:AlterCluster"), \
            "changing broker configuration or ACLs needs AlterClusterDynamicConfiguration or AlterCluster"
    return ("kafka-cluster:WriteDataIdempotently", "kafka-cluster:DescribeClusterDynamicConfiguration",
            "kafka-cluster:AlterCluster"), "the log does not say which cluster request was refused; producers " \
        "(idempotent by default since Kafka 3.0.1 unless Kafka Connect disables it) most often need WriteDataIdempotently"


def _reason(rest: str) -> str:
    m = _REASON_RE.search(rest or "")
    if not m:
        return ""
    if m.group("deny"):
        return f"explicit deny in a {m.group('deny')}"
    if m.group("none"):
        return f"no {m.group('none')} allows it"
    return "no resource-based policy allows it (or the resource is in another Region)"


def recognise(line: str, context: str) -> list[Refusal]:
    """The refusals one log line shows (``context``: the lines around it, for inference)."""
    out: list[Refusal] = []
    m = _NOT_AUTHORIZED_RE.search(line)
    if m:
        resource = (m.group("resource") or "").strip('"').rstrip(".,;")
        action = m.group("action")
        error = "AccessDenied" if action.startswith("s3:") else "AccessDeniedException"
        out.append(Refusal(error, (action,), "aws", name=resource, resource=resource if resource.startswith("arn:") else "",
                           refused_by=_reason(m.group("rest") or "")))
        return out
    if _S3_V1_RE.search(line) or _S3_V2_RE.search(line):
        action, extra = "s3:PutObject", ()
        for rx, a, more in _S3_OPERATIONS:
            if rx.search(context):
                action, extra = a, more
                break
        else:
            action = ""
        bucket = _S3_BUCKET_RE.search(context)
        sdk = "AWS SDK for Java v1" if _S3_V1_RE.search(line) else "AWS SDK for Java v2"
        note = f"{sdk} S3 error: it names no action; " + (
            f"{action} inferred from the surrounding lines" if action else "the operation is not in the log")
        out.append(Refusal("AccessDenied (Amazon S3, 403)", ((action,) + tuple(extra)) if action else
                           ("s3:PutObject", "s3:GetObject", "s3:ListBucket"), "aws",
                           name=bucket.group(1) if bucket else "", note=note))
        return out
    if _KMS_SECRET_RE.search(line):
        out.append(Refusal("AccessDeniedException", ("kms:Decrypt",), "aws",
                           note="Secrets Manager could not decrypt the secret: the secret's customer managed KMS key "
                                "needs kms:Decrypt for the role (in the role's policy and the key policy)"))
        return out
    m = _BOTO_RE.search(line)
    if m:
        op = m.group(2)
        service = _BOTO_SERVICES.get(op, "")
        out.append(Refusal(m.group(1), (f"{service}:{op}" if service else op,), "aws",
                           note="the message names the operation; the action is the operation's IAM action"))
        return out
    if _SASL_RE.search(line):
        out.append(Refusal("SaslAuthenticationException (Access denied)", ("kafka-cluster:Connect",), "cluster",
                           note="the broker refused the IAM authentication: kafka-cluster:Connect on the cluster, or "
                                "credentials of another principal or region"))
        return out
    m = _TOPICS_RE.search(line) or _TOPIC_FOR_RE.search(line)
    if m:
        names = [n for n in _split_names(m.group(1)) if not n.lower().startswith("topic authorization failed")]
        if names:
            for n in names:
                out.append(Refusal("TopicAuthorizationException", _topic_actions(context), "topic", name=n))
            return out
    m = _TOPIC_MAP_RE.search(line)
    if m:
        for pair in m.group(1).split(","):
            name, _, err = pair.strip().partition("=")
            if err == "TOPIC_AUTHORIZATION_FAILED":
                out.append(Refusal("TopicAuthorizationException", _topic_actions(context), "topic", name=name.strip()))
        return out
    m = _GROUP_RE.search(line)
    if m and "group authorization failed" not in m.group(1).lower():
        out.append(Refusal("GroupAuthorizationException", ("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
                           "group", name=m.group(1).rstrip(".")))
        return out
    if _TXN_RE.search(line):
        t = _TXN_ID_RE.search(line) or _TXN_ID_RE.search(context)
        out.append(Refusal("TransactionalIdAuthorizationException",
                           ("kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"),
                           "transactional-id", name=t.group(1) if t else ""))
        return out
    if _CLUSTER_RE.search(line):
        actions, note = _cluster_action(context)
        out.append(Refusal("ClusterAuthorizationException", actions, "cluster", note=note))
        return out
    if _GROUP_GENERIC_RE.search(line):
        out.append(Refusal("GroupAuthorizationException", ("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
                           "group", note="the message names no group (MSK's 'Group authorization failed')"))
        return out
    if _TOPIC_GENERIC_RE.search(line):
        out.append(Refusal("TopicAuthorizationException", _topic_actions(context), "topic",
                           note="the message names no topic (MSK's 'Topic authorization failed'): look for the "
                                "topic in the lines before it"))
    return out


def _topic_actions(context: str) -> tuple[str, ...]:
    c = context.lower()
    if "describeconfigs" in c or "describe_configs" in c:
        return ("kafka-cluster:DescribeTopicDynamicConfiguration",)
    if "alterconfigs" in c or "alter_configs" in c:
        return ("kafka-cluster:AlterTopicDynamicConfiguration", "kafka-cluster:DescribeTopicDynamicConfiguration")
    if any(w in c for w in ("createtopic", "create topic", "create/find topic", "creating topic", "createtopics")):
        return ("kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic")
    if any(w in c for w in ("[producer", "producer clientid", "send", "produce", "workersourcetask", "kafkaproducer")):
        return ("kafka-cluster:WriteData", "kafka-cluster:DescribeTopic")
    if any(w in c for w in ("[consumer", "consumer clientid", "fetch", "workersinktask", "kafkaconsumer", "subscribe")):
        return ("kafka-cluster:ReadData", "kafka-cluster:DescribeTopic")
    return ("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData")


# --------------------------------------------------------------------------- reading logs

_CW_JSON_RE = re.compile(r'^\s*\{.*"message"\s*:\s*"(.*)"\s*[,}]')


def _lines(text: str) -> list[str]:
    """Log lines: CloudWatch JSON exports (``{"timestamp":..., "message": "..."}``) are unwrapped,
    ``aws logs tail`` prefixes kept (they do not disturb recognition)."""
    import json

    out = []
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            doc = None
        events = doc.get("events") if isinstance(doc, dict) else doc if isinstance(doc, list) else None
        if isinstance(events, list):
            for e in events:
                msg = e.get("message") if isinstance(e, dict) else None
                if isinstance(msg, str):
                    out.extend(msg.splitlines() or [""])
            return out
    return text.splitlines()


def scan(text: str) -> list[Finding]:
    """Every distinct refusal in ``text``, in order of first appearance."""
    lines = _lines(text)
    found: dict[tuple, Finding] = {}
    for i, line in enumerate(lines):
        context = "\n".join(lines[max(0, i - CONTEXT_LINES): i + CONTEXT_LINES])
        for r in recognise(line, context):
            key = (r.error.split(" ")[0], r.actions, r.kind, r.name)
            shown = line.strip()
            if len(shown) > 300:
                shown = shown[:297] + "..."
            if key in found:
                found[key].lines.append((i + 1, shown))
            else:
                found[key] = Finding(r, [(i + 1, shown)])
    # A bare "Topic authorization failed" next to a named one is the same refusal.
    named_topics = any(f.refusal.kind == "topic" and f.refusal.name for f in found.values())
    return [f for f in found.values() if not (f.refusal.kind == "topic" and not f.refusal.name and named_topics)]


# --------------------------------------------------------------------------- the manifest's view


_ELSEWHERE = {
    "service control policy": "an explicit deny in a service control policy of the organization: the role's "
                              "policies cannot override it; ask the organization's administrators",
    "permissions boundary": "the role's permissions boundary does not allow it: add the action to the boundary",
    "resource-based policy": "a resource-based policy (bucket policy, KMS key policy, secret policy, MSK cluster "
                             "policy) refuses it: change that policy",
    "session policy": "a session policy refuses it",
}


def _elsewhere(refused_by: str, kind: str) -> str:
    for key, text in _ELSEWHERE.items():
        if key in refused_by:
            return text
    generic = ("the deployed role may differ from the manifest (run msk-connect-iam check, or audit the role), or a "
               "permissions boundary, a service control policy or a resource-based policy refuses it, or the change "
               "has not propagated yet (IAM changes take seconds to minutes)")
    if kind in ("topic", "group", "transactional-id", "cluster"):
        generic += "; for a cluster of another account, its cluster policy must allow the role too"
    return generic


def _resource_for(refusal: Refusal, c: needs.Connector) -> list[str]:
    """Candidate ARNs of the refused resource for connector ``c`` (all clusters of ``c``)."""
    clusters = [x for x in (c.cluster, c.source_cluster) if x is not None]
    if refusal.kind in ("topic", "group", "transactional-id"):
        name = refusal.name or "*"
        return [x.arn.resource_arn(refusal.kind, name) for x in clusters]
    if refusal.kind == "cluster":
        return [x.arn.arn for x in clusters]
    if refusal.resource:
        return [refusal.resource]
    if refusal.name and refusal.actions and refusal.actions[0].startswith("secretsmanager:"):
        # a secret named without its ARN: the ARN ends in -<6 random characters> (facts.md)
        return [f"arn:{c.partition}:secretsmanager:{c.region}:{c.account}:secret:{refusal.name}-??????"]
    if refusal.name and refusal.actions and refusal.actions[0].startswith("s3:"):
        if refusal.actions[0] in ("s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"):
            return [f"arn:{c.partition}:s3:::{refusal.name}"]
        return [f"arn:{c.partition}:s3:::{refusal.name}/*"]
    return ["*"]


def _fix(refusal: Refusal, c: needs.Connector, resource: str) -> str:
    action = refusal.actions[0]
    if refusal.kind == "topic":
        name = refusal.name or "<topic>"
        if name.startswith("__amazon_msk_connect_"):
            return "MSK Connect's internal topics are always granted; the cause is elsewhere"
        if "offset" in name or "config" in name or "status" in name:
            hint = (f"if {name} is the worker's offset storage topic, set offset.storage.topic={name} in the "
                    f"connector's worker_configuration; otherwise ")
        else:
            hint = ""
        if "history" in name or "heartbeat" in name:
            hint += (f"if {name} is Debezium's schema history or heartbeat topic, the connector_configuration "
                     "property that names it (schema.history.internal.kafka.topic, topic.heartbeat.prefix) must "
                     "be in the manifest; otherwise ")
        verb = "writes" if "WriteData" in action else "creates" if "CreateTopic" in action else "reads"
        return (hint + f"add {name} to the connector's topics (the connector {verb} it)"
                + ("; and set create_topics: true when the connector creates it" if "CreateTopic" in action else ""))
    if refusal.kind == "group":
        g = refusal.name or "<group>"
        return (f"set consumer.override.group.id={g} in connector_configuration (or consumer_group: {g}) so that "
                f"the role is granted the group")
    if refusal.kind == "transactional-id":
        return ("set exactly.once.source.support=enabled in the worker_configuration (source connectors) or "
                "producer.override.transactional.id in connector_configuration, so that the transactional ids are granted")
    if refusal.kind == "cluster":
        if action == "kafka-cluster:Connect":
            return ("the cluster's authentication must be iam in the manifest (clusters.<name>.authentication); "
                    "Connect is then always granted")
        if action == "kafka-cluster:WriteDataIdempotently":
            return ("set producer.override.enable.idempotence=true in connector_configuration (or "
                    "exactly.once.source.support=enabled in the worker_configuration): the generic rule then grants "
                    "WriteDataIdempotently")
        return (f"add an aws_permissions entry with actions [{action}] and resources [{resource}] "
                "(the manifest derives no rule for it)")
    return (f"add an aws_permissions entry with actions [{', '.join(refusal.actions[:1])}] and resources "
            f"[{resource}] (or the connector_configuration property that names the resource, when the connector's "
            "kind is in the catalog)")


def annotate(findings: list[Finding], manifest: needs.Manifest, connector: str | None = None,
             text: str = "") -> None:
    """Fill each finding's resource, grant verdict, fix and alternative causes from ``manifest``."""
    connectors = [c for c in manifest.connectors if connector is None or c.name == connector]
    if connector is not None and not connectors:
        raise needs.AuditInputError([needs.problem(manifest.path, f"no connector named {needs.show(connector)}")])
    if connector is None and len(connectors) > 1:
        named = [c for c in connectors if c.name in text]
        connectors = named or connectors
    rows = {c.name: needs.explain(manifest, c.name) for c in connectors}
    for f in findings:
        best = None
        for c in connectors:
            resources = _resource_for(f.refusal, c)
            hits = []
            for r in rows[c.name]:
                if not any(glob_match(r.action, a, True) for a in f.refusal.actions[:1]):
                    continue
                if any(covers(r.resource, res) for res in resources):
                    hits.append(f"{r.action} on {r.resource} because {r.cause or r.rule}")
                elif any("*" in res and overlaps(r.resource, res) for res in resources):
                    hits.append(f"{r.action} on {r.resource} because {r.cause or r.rule} (only part of "
                                f"{resources[0]}: the log does not name the exact resource)")
            cand = (bool(hits), c, resources, hits)
            if best is None or (cand[0] and not best[0]):
                best = cand
        if best is None:
            continue
        granted, c, resources, hits = best
        f.connector = c.name
        f.resource = resources[0] if resources else ""
        f.granted = granted
        f.granted_by = hits
        if granted:
            f.elsewhere = _elsewhere(f.refusal.refused_by, f.refusal.kind)
        elif "explicit deny" in f.refusal.refused_by:
            f.fix = "no manifest change: an Allow in the role cannot override an explicit deny"
            f.elsewhere = _elsewhere(f.refusal.refused_by, f.refusal.kind)
        else:
            f.fix = _fix(f.refusal, c, f.resource)
            if f.refusal.refused_by and "identity-based" not in f.refusal.refused_by:
                f.elsewhere = _elsewhere(f.refusal.refused_by, f.refusal.kind)
    return None


def run(text: str, manifest: needs.Manifest | None = None, connector: str | None = None) -> list[Finding]:
    findings = scan(text)
    if manifest is not None:
        annotate(findings, manifest, connector, text)
    return findings
