"""``msk-connect-iam audit``: an existing role against what its connector needs.

What a connector needs is what ``generate`` would grant (:func:`needs.explain`: every
(action, resource) pair with the configuration property behind it) plus the trust policy of
:func:`needs.execution_role`. The existing role's identity-based policies and permissions
boundary are evaluated with :mod:`.evaluate`; the findings per connector are:

- **missing**: a needed pair the role does not allow (implicitly, by an explicit Deny, or because
  of its permissions boundary), with the error the connector will raise and the property behind it;
- **excess**: an Allow that grants more than needed, said in words (another cluster, every topic,
  deletes, control-plane ``kafka:`` actions, every action of a service);
- **trust**: the trust policy does not let MSK Connect assume the role, lets others assume it, or
  lacks the confused-deputy conditions ``aws:SourceAccount`` / ``aws:SourceArn``;
- **unknown**: a decision hinges on a condition or document that cannot be evaluated offline.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import needs
from .evaluate import ALLOW, DENY, allow_grants, covers, evaluate, glob_match, overlaps
from .sources import ExistingRole, Inventory, role_name_of

MISSING, EXCESS, TRUST, UNKNOWN = "missing", "excess", "trust", "unknown"

_KAFKA_CLUSTER_ACTIONS = {"Connect", "DescribeCluster", "AlterCluster", "DescribeClusterDynamicConfiguration",
                          "AlterClusterDynamicConfiguration", "WriteDataIdempotently"}


def error_for(action: str, resource: str = "") -> str:
    """The error a connector raises when ``action`` is refused (Kafka client or AWS SDK)."""
    service, _, name = action.partition(":")
    if service.lower() == "kafka-cluster":
        if name == "Connect":
            return ("SaslAuthenticationException (the MSK IAM library's 'Access denied' at authentication: "
                    "kafka-cluster:Connect is refused)")
        if name in _KAFKA_CLUSTER_ACTIONS:
            return "ClusterAuthorizationException"
        if name.endswith("TransactionalId"):
            return "TransactionalIdAuthorizationException"
        if name.endswith("Group"):
            return "GroupAuthorizationException"
        return "TopicAuthorizationException"
    if service.lower() == "s3":
        return "AccessDenied from Amazon S3 (status code 403)"
    return f"AccessDeniedException from {service} (not authorized to perform {action})"


@dataclass
class Finding:
    """One audit finding (see the module doc for ``kind``)."""

    kind: str
    connector: str
    role: str
    message: str
    action: str = ""
    resource: str = ""
    causes: list[str] = field(default_factory=list)
    error: str = ""
    statement: str = ""
    source: str = ""
    severity: str = "error"

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in ("", [], None)}


@dataclass
class ConnectorAudit:
    """The audit of one connector: its role (None: no role in the inputs) and its findings."""

    connector: str
    role: str | None
    role_source: str = ""
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    @property
    def summary(self) -> str:
        if self.role is None:
            return f"connector {self.connector}: no existing role found in the inputs (not audited)"
        parts = [f"{self.count(MISSING)} missing", f"{self.count(EXCESS)} excess",
                 f"{self.count(TRUST)} trust-policy", f"{self.count(UNKNOWN)} not evaluated"]
        verdict = "sufficient and minimal" if not self.findings else (
            "insufficient" if self.count(MISSING) or any(f.kind == TRUST and f.severity == "error" for f in self.findings)
            else "broader than needed" if self.count(EXCESS) or self.count(TRUST) else "undecided")
        return f"connector {self.connector} (role {self.role}): {verdict}: " + ", ".join(parts)


@dataclass
class AuditResult:
    manifest: str
    connectors: list[ConnectorAudit]

    @property
    def has_findings(self) -> bool:
        return any(c.findings for c in self.connectors)


# --------------------------------------------------------------------------- matching


def match_role(connector: needs.Connector, inv: Inventory, forced: str | None = None) -> ExistingRole | None:
    """The role of ``connector``: ``forced``, else the role its serviceExecutionRoleArn names
    (create-connector JSON or aws_mskconnect_connector), else the role of the manifest's role name."""
    candidates = []
    if forced:
        candidates.append(role_name_of(forced))
    if connector.name in inv.connector_roles:
        candidates.append(role_name_of(inv.connector_roles[connector.name]))
    candidates.append(connector.role.name)
    for name in candidates:
        if name in inv.roles:
            return inv.roles[name]
        for role in inv.roles.values():  # an ARN of the inputs
            if role.arn and role_name_of(role.arn) == name:
                return role
    return None


def _context(connector: needs.Connector, role: ExistingRole, resource: str) -> dict[str, tuple[str, ...]]:
    """The request context keys known offline for a request of the role."""
    ctx = {
        "aws:principalaccount": (connector.account,),
        "aws:principaltype": ("AssumedRole",),
        "aws:requestedregion": (connector.region,),
        "aws:principalarn": (role.arn or needs.role_arn(connector),),
        "aws:username": (),
    }
    m = re.match(r"arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):", resource)
    if m:
        ctx["aws:resourceaccount"] = (m.group(1),)
    return ctx


# --------------------------------------------------------------------------- missing


def _needed(manifest: needs.Manifest, connector: str) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in needs.explain(manifest, connector):
        causes = out.setdefault((r.action, r.resource), [])
        cause = r.cause or r.rule
        if cause not in causes:
            causes.append(cause)
    return out


def _missing(connector, role: ExistingRole, needed) -> list[Finding]:
    out = []
    for (action, resource), causes in needed.items():
        d = evaluate(action, resource, role.policies, role.boundary, _context(connector, role, resource))
        if d.result == ALLOW:
            continue
        if d.result == DENY:
            why = "explicitly denied by " + ", ".join(d.denied_by)
        elif d.result == "unknown":
            out.append(Finding(UNKNOWN, connector.name, role.name,
                               f"{action} on {resource}: cannot be decided offline: " + "; ".join(d.unknown),
                               action, resource, list(causes), error_for(action, resource),
                               statement=", ".join(d.allowed_by + d.denied_by), source=role.source, severity="warning"))
            continue
        elif d.boundary_blocks:
            why = f"allowed by {', '.join(d.allowed_by)} but not by the permissions boundary {role.boundary_arn}"
        else:
            why = "no statement allows it"
        out.append(Finding(MISSING, connector.name, role.name,
                           f"{action} on {resource} is not granted ({why}); the connector will fail with "
                           f"{error_for(action, resource)}", action, resource, list(causes),
                           error_for(action, resource), source=role.source))
    return out


# --------------------------------------------------------------------------- excess


def _arn_parts(arn: str):
    m = re.fullmatch(r"arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)", arn, re.S)
    return m.groups() if m else None


def describe_scope(resource: str, connector: needs.Connector) -> list[str]:
    """What a resource pattern reaches beyond this connector's own resources, in words."""
    if resource == "*":
        return ["every resource of every account"]
    parts = _arn_parts(resource)
    if parts is None:
        return [f"resources matching {resource}"]
    partition, service, region, account, rest = parts
    out = []
    if account != connector.account and not (service == "s3"):
        if "*" in account or "?" in account:
            out.append("every account")
        elif account:
            out.append(f"account {account}")
    if "*" in region or "?" in region:
        out.append("every region")
    if service == "kafka":
        clusters = [c for c in (connector.cluster, connector.source_cluster) if c is not None]
        rtype, _, path = rest.partition("/")
        segs = path.split("/")
        cluster_part = "/".join(segs[:2]) if len(segs) >= 2 else path
        own = [f"{c.arn.name}/{c.arn.uuid}" for c in clusters]
        if "*" in rtype:
            out.append("every kind of Kafka resource (cluster, topic, group, transactional id)")
        if rtype != "cluster" and len(segs) < 2 and "*" in path:
            out.append("every cluster")
        elif not any(covers(o, cluster_part) for o in own) and not any(covers(cluster_part, o) and cluster_part == o for o in own):
            if any(ch in cluster_part for ch in "*?"):
                out.append("every cluster" if cluster_part.startswith("*") else f"other clusters ({cluster_part})")
            else:
                out.append(f"another cluster ({cluster_part})")
        if len(segs) >= 3:
            name = "/".join(segs[2:])
            kind = {"topic": "topic", "group": "consumer group", "transactional-id": "transactional id"}.get(rtype, rtype)
            if name == "*":
                out.append(f"every {kind}")
            elif "*" in name or "?" in name:
                out.append(f"every {kind} matching {name}")
    elif service == "s3":
        bucket = rest.split("/", 1)[0]
        if bucket == "*" or bucket == "":
            out.append("every bucket")
        elif "*" in bucket or "?" in bucket:
            out.append(f"every bucket matching {bucket}")
        elif "/" in rest and rest.split("/", 1)[1] == "*":
            out.append(f"every object of bucket {bucket}")
    elif rest in ("*", "") or rest.endswith(":*") or rest.endswith("/*"):
        out.append(f"every {service} resource" + (f" matching {rest}" if rest not in ("*", "") else ""))
    return out or [f"{resource}, beyond the needed resources"]


def _deletes(actions) -> list[str]:
    return sorted((a for a in actions if re.match(r"[^:]+:(Delete|Remove|Purge)", a)), key=lambda a: (len(a), a))


def _expand(action: str, by_action) -> list[str]:
    if any(ch in action for ch in "*?"):
        expanded = needs.expand_action(action)
        actions = [a for a, _ in expanded] if expanded else []
        return actions or [a for a in by_action if glob_match(action, a, ignore_case=True)] or [action]
    return [action]


def _excess(connector, role: ExistingRole, needed) -> list[Finding]:
    """One finding per (Allow statement, resource) that grants more than needed."""
    by_action: dict[str, list[str]] = {}
    for (a, r) in needed:
        by_action.setdefault(a.lower(), []).append(r)
    groups: dict[tuple, list] = {}
    for g in allow_grants(role.policies):
        groups.setdefault((g.statement.ref, g.resource), []).append(g)
    out = []
    for (where, resource), grants in groups.items():
        s = grants[0].statement
        cond = " (the statement has conditions)" if s.conditions else ""
        if grants[0].not_action:
            out.append(Finding(EXCESS, connector.name, role.name,
                               f"{where}: NotAction {list(s.not_actions)} allows every other action of every service "
                               f"on {resource}{cond}", action=f"NotAction {list(s.not_actions)}", resource=resource,
                               statement=where, source=s.policy, severity="warning"))
            continue
        patterns = [g.action for g in grants]
        if "*" in patterns:
            out.append(Finding(EXCESS, connector.name, role.name,
                               f"{where}: Action '*' allows every action of every AWS service on "
                               f"{'every resource' if resource == '*' else resource}{cond}", action="*",
                               resource=resource, statement=where, source=s.policy, severity="warning"))
            continue
        unneeded, broader, wildcard = [], [], False
        for pattern in patterns:
            wildcard = wildcard or any(ch in pattern for ch in "*?")
            for a in _expand(pattern, by_action):
                resources = by_action.get(a.lower())
                if not resources:
                    unneeded.append(a)
                elif grants[0].not_resource or not any(covers(n, resource) for n in resources):
                    broader.append(a)
        unneeded, broader = sorted(set(unneeded)), sorted(set(broader))
        if not unneeded and not broader:
            continue
        details = []
        if unneeded:
            text = (f"{len(unneeded)} action(s) the connector does not need" if wildcard or len(unneeded) > 3
                    else f"{', '.join(unneeded)}, which the connector does not need")
            dels = _deletes(unneeded)
            if dels:
                text += f", deletes among them: {', '.join(dels[:6])}{' ...' if len(dels) > 6 else ''}"
            if any(a.lower().startswith("kafka:") for a in unneeded):
                text += ("; kafka: actions are MSK's control plane (create, update, delete clusters), which an "
                         "execution role never uses (the data plane is kafka-cluster:)")
            details.append(text)
        if broader:
            reach = ("every resource except " + str(list(s.not_resources))) if grants[0].not_resource else \
                "; ".join(describe_scope(resource, connector))
            d = f"{', '.join(broader[:6])}{' ...' if len(broader) > 6 else ''} reach {reach}"
            dels = _deletes(broader)
            if dels:
                d += f" (deletes: {', '.join(dels)})"
            details.append("beyond need: " + d)
        out.append(Finding(EXCESS, connector.name, role.name,
                           f"{where}: {', '.join(patterns)} on {resource}{cond} allows more than needed: "
                           + "; ".join(details), action=", ".join(patterns), resource=resource, statement=where,
                           source=s.policy, severity="warning"))
    return out


# --------------------------------------------------------------------------- trust


def _trust(connector, role: ExistingRole) -> list[Finding]:
    if role.trust is None:
        return []  # the role's notes say so (sources) or the input has no get-role/role document
    out = []
    principal = needs.SERVICE_PRINCIPALS.get(connector.partition, "kafkaconnect.amazonaws.com")
    pattern = needs.connector_arn_pattern(connector.partition, connector.region, connector.account, connector.name)

    def services(p) -> list[str]:
        if p == "*":
            return ["*"]
        if not isinstance(p, dict):
            return []
        v = p.get("Service", [])
        return [v] if isinstance(v, str) else list(v)

    ours = []
    for s in role.trust.statements:
        if s.effect != "Allow" or not any(glob_match(a, "sts:AssumeRole", True) for a in (s.actions or ())):
            continue
        svc = services(s.principal)
        others = [x for x in svc if x != principal]
        if s.principal == "*" or (isinstance(s.principal, dict) and s.principal.get("AWS") in ("*", ["*"])):
            out.append(Finding(TRUST, connector.name, role.name, f"{s.ref}: any principal may assume the role",
                               statement=s.ref, source=role.source))
        elif isinstance(s.principal, dict) and (s.principal.get("AWS") or s.principal.get("Federated")):
            who = s.principal.get("AWS") or s.principal.get("Federated")
            out.append(Finding(TRUST, connector.name, role.name,
                               f"{s.ref}: {who} may also assume the role; an execution role needs only {principal}",
                               statement=s.ref, source=role.source, severity="warning"))
        for o in others:
            if o.startswith("kafkaconnect.") or o in ("kafka.amazonaws.com",):
                msg = (f"{s.ref}: principal {o} is not MSK Connect's service principal in partition "
                       f"{connector.partition} ({principal})")
            else:
                msg = f"{s.ref}: service {o} may also assume the role; an execution role needs only {principal}"
            out.append(Finding(TRUST, connector.name, role.name, msg, statement=s.ref, source=role.source,
                               severity="error" if o.startswith("kafka") else "warning"))
        if principal in svc:
            ours.append(s)
    if not ours:
        out.append(Finding(TRUST, connector.name, role.name,
                           f"no statement lets {principal} call sts:AssumeRole: MSK Connect cannot use the role "
                           "(creating the connector fails)", source=role.source))
        return out
    for s in ours:
        conds = {(k.lower()): (op, v) for op, k, v in s.conditions}
        acct = conds.get("aws:sourceaccount")
        if acct is None:
            out.append(Finding(TRUST, connector.name, role.name,
                               f"{s.ref}: no aws:SourceAccount condition (confused-deputy prevention): any account's "
                               f"connector could use the role; add StringEquals aws:SourceAccount = {connector.account}",
                               statement=s.ref, source=role.source, severity="warning"))
        elif not any(glob_match(v, connector.account) if "Like" in acct[0] else v == connector.account for v in acct[1]):
            out.append(Finding(TRUST, connector.name, role.name,
                               f"{s.ref}: aws:SourceAccount {list(acct[1])} is not the connector's account "
                               f"{connector.account}: MSK Connect cannot assume the role for it",
                               statement=s.ref, source=role.source))
        arn = conds.get("aws:sourcearn")
        if arn is None:
            out.append(Finding(TRUST, connector.name, role.name,
                               f"{s.ref}: no aws:SourceArn condition (confused-deputy prevention): every connector "
                               f"of the account can use the role; add ArnLike aws:SourceArn = {pattern}",
                               statement=s.ref, source=role.source, severity="warning"))
        else:
            values = arn[1]
            if not any(overlaps(v, pattern) for v in values):
                wrong = []
                for v in values:
                    parts = _arn_parts(v)
                    if parts and parts[0] not in ("*", connector.partition):
                        wrong.append(f"partition {parts[0]} instead of {connector.partition}")
                    if parts and parts[1] not in ("*", "kafkaconnect"):
                        wrong.append(f"service {parts[1]} instead of kafkaconnect")
                    if parts and not overlaps(parts[2], connector.region):
                        wrong.append(f"region {parts[2]} instead of {connector.region}")
                    if parts and not overlaps(parts[3], connector.account):
                        wrong.append(f"account {parts[3]} instead of {connector.account}")
                out.append(Finding(TRUST, connector.name, role.name,
                                   f"{s.ref}: aws:SourceArn {list(values)} does not match connector {connector.name} "
                                   f"({pattern})" + (f": {', '.join(wrong)}" if wrong else "")
                                   + ": MSK Connect cannot assume the role for it", statement=s.ref, source=role.source))
            elif not any(covers(pattern, v) for v in values):
                out.append(Finding(TRUST, connector.name, role.name,
                                   f"{s.ref}: aws:SourceArn {list(values)} matches more connectors than "
                                   f"{connector.name} ({pattern})", statement=s.ref, source=role.source,
                                   severity="warning"))
    return out


# --------------------------------------------------------------------------- entry point


def audit(manifest: needs.Manifest, inv: Inventory, connector: str | None = None,
          role: str | None = None) -> AuditResult:
    """Audit each connector of ``manifest`` (or only ``connector``) against the roles of ``inv``
    (``role`` forces the role name or ARN, for one connector)."""
    out = []
    names = [c.name for c in manifest.connectors]
    if connector is not None and connector not in names:
        raise needs.AuditInputError([needs.problem(manifest.path, f"no connector named {needs.show(connector)}; "
                                                   f"the manifest has {', '.join(names)}")])
    if role is not None and connector is None and len(names) > 1:
        raise needs.AuditInputError([needs.problem(manifest.path, "--role names the role of one connector: give "
                                                   "--connector too (the manifest has several connectors)")])
    for c in manifest.connectors:
        if connector is not None and c.name != connector:
            continue
        r = match_role(c, inv, role)
        if r is None:
            out.append(ConnectorAudit(c.name, None))
            continue
        needed = _needed(manifest, c.name)
        ca = ConnectorAudit(c.name, r.name, r.source, notes=list(r.notes))
        if r.trust is None:
            ca.notes.append("the trust policy is not in the inputs: it is not audited")
        if not r.policies:
            ca.notes.append("no permission policy of the role is in the inputs")
        ca.findings = _missing(c, r, needed) + _excess(c, r, needed) + _trust(c, r)
        out.append(ca)
    if out and all(c.role is None for c in out):
        raise needs.AuditInputError([needs.problem(manifest.path, "no connector of the manifest matches a role of the "
                                                   f"inputs (roles found: {', '.join(sorted(inv.roles)) or 'none'}); "
                                                   "give the connector's create-connector JSON or aws_mskconnect_connector, "
                                                   "or --role")])
    return AuditResult(manifest.path, out)


def run(manifest_path: Path, inputs: list[Path], connector: str | None = None, role: str | None = None) -> AuditResult:
    from .sources import read

    manifest = needs.load_manifest(manifest_path)
    inv = read(inputs)
    return audit(manifest, inv, connector, role)
