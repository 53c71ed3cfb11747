"""Validate a loaded manifest and build the :class:`~msk_connect_iam.model.Manifest` model.

Two passes, both collecting every problem before raising: the JSON Schema shipped with the
package (structure, types, unknown keys), then the semantic rules below (ARNs, Kafka topic names,
IAM limits from the IAM User Guide quota tables, role-name collisions).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from . import arns
from .arns import ArnError
from .errors import ManifestError, Problem
from .loader import LocatedDocument, load_manifest_file
from .model import AwsPermission, Cluster, Condition, Connector, Manifest, RoleSettings
from .naming import ROLE_NAME_RE, derive_role_name

#: Kafka topic names: 1-249 characters of ASCII letters, digits, '.', '_' and '-', and neither
#: '.' nor '..' (Apache Kafka, org.apache.kafka.common.internals.Topic).
TOPIC_MAX = 249
TOPIC_RE = re.compile(r"^[A-Za-z0-9._-]+$")
#: MSK Connect connector names: the CreateConnector API allows 1-128 characters. We also limit
#: them to letters, digits, '.', '_' and '-' starting with a letter or digit, because the name
#: becomes a folder, part of the role name and part of the aws:SourceArn pattern.
CONNECTOR_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
ROLE_PATH_RE = re.compile(r"^/([\x21-\x7e]*/)?$")
SID_RE = re.compile(r"^[A-Za-z0-9]+$")
#: Role-name prefixes: the characters of IAM role names (IAM User Guide, "IAM identifiers").
NAME_PREFIX_RE = re.compile(r"^[A-Za-z0-9+=,.@_-]*$")
ACTION_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*?]+$")
TAG_RE = re.compile(r"^[\w .:/=+\-@]*$", re.UNICODE)
#: Policy text may hold tab, LF, CR and U+0020-U+00FF only (IAM User Guide, IAM quotas).
POLICY_TEXT_RE = re.compile(r"^[\t\n\r\x20-\xff]*$")
#: Role descriptions: tab, LF, CR, U+0020-U+007E and U+00A1-U+00FF, at most 1,000 characters.
DESCRIPTION_RE = re.compile(r"^[\t\n\r\x20-\x7e\xa1-\xff]*$")
DESCRIPTION_MAX = 1000


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    """The manifest's JSON Schema (Draft 2020-12), as shipped in the package."""
    text = resources.files(__package__).joinpath("manifest.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the string '{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {"string": "a string", "integer": "an integer", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "number": "a number"}


def _schema_problems(doc: LocatedDocument) -> list[Problem]:
    problems = []
    for err in _validator().iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            allowed = sorted(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - set(allowed)):
                hint = difflib.get_close_matches(key, allowed, n=1)
                msg = f"unknown key '{key}'"
                msg += f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"
                problems.append(doc.problem(path + (key,), msg, key=True))
        elif err.validator == "required":
            missing = [k for k in err.validator_value if k not in err.instance]
            for key in missing:
                problems.append(doc.problem(path, f"missing required key '{key}'"))
        elif err.validator == "type":
            want = err.validator_value
            want = " or ".join(_TYPE_NAMES.get(w, w) for w in (want if isinstance(want, list) else [want]))
            extra = ""
            if want == "a string" and isinstance(err.instance, (int, float, bool)):
                extra = " (quote it)"
            problems.append(doc.problem(path, f"found {_describe(err.instance)}; expected {want}{extra}"))
        elif err.validator == "enum":
            opts = " | ".join(str(v) for v in err.validator_value)
            problems.append(doc.problem(path, f"found {_describe(err.instance)}; expected one of: {opts}"))
        elif err.validator == "const":
            problems.append(doc.problem(path, f"found {_describe(err.instance)}; expected {err.validator_value}"))
        elif err.validator == "minItems":
            problems.append(doc.problem(path, f"the list is empty; expected at least {err.validator_value} item(s)"))
        else:
            problems.append(doc.problem(path, err.message))
    return problems


class _Checker:
    """Semantic rules; every problem is appended, located, to ``problems``."""

    def __init__(self, doc: LocatedDocument):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path, message, *, key=False):
        self.problems.append(self.doc.problem(path, message, key=key))

    # -- field rules -------------------------------------------------------------------------
    def cluster(self, raw: dict, path) -> Cluster | None:
        arn_text = raw.get("arn")
        if arn_text is None:
            self.add(path, "missing required key 'arn' (in the connector's cluster or in defaults.cluster)")
            return None
        try:
            arn = arns.parse_cluster_arn(arn_text)
        except ArnError as exc:
            self.add(raw.get("_arn_path", path + ("arn",)), str(exc))
            return None
        kind = raw.get("type", "provisioned")
        auth = raw.get("authentication", "iam")
        if kind == "serverless" and auth != "iam":
            self.add(raw.get("_auth_path", path + ("authentication",)),
                     "MSK Serverless clusters support IAM authentication only; expected authentication: iam")
            return None
        return Cluster(arn=arn, authentication=auth, kind=kind)

    def account(self, value: str, path) -> bool:
        if not arns.ACCOUNT_RE.match(value):
            self.add(path, f"found '{value}'; expected an AWS account id of exactly 12 digits")
            return False
        return True

    def region(self, value: str, path) -> bool:
        if not arns.REGION_RE.match(value):
            self.add(path, f"found '{value}'; expected a region name like us-east-1")
            return False
        return True

    def topic(self, value: str, path) -> None:
        name = value[:-1] if value.endswith("*") else value
        if value.endswith("*") and not name:
            self.add(path, "'*' alone would grant every topic of the cluster; name the topics or a prefix such as 'orders.*'")
            return
        if not name:
            self.add(path, "empty topic name; expected a Kafka topic name or a prefix ending in '*'")
            return
        bad = sorted({c for c in name if not re.match(r"[A-Za-z0-9._-]", c)})
        if bad:
            shown = ", ".join(repr(c) for c in bad)
            self.add(path, f"topic '{value}' has characters Kafka rejects ({shown}); expected letters, digits, "
                           "'.', '_' and '-' (and '*' only at the end, for a prefix)")
        elif len(name) > TOPIC_MAX:
            self.add(path, f"topic name is {len(name)} characters; Kafka allows at most {TOPIC_MAX}")
        elif value in (".", ".."):
            self.add(path, f"'{value}' is not a legal Kafka topic name")

    def policy_text(self, value: str, path) -> bool:
        if not POLICY_TEXT_RE.match(value):
            bad = sorted({c for c in value if not POLICY_TEXT_RE.match(c)})
            shown = ", ".join(f"U+{ord(c):04X}" for c in bad[:5])
            self.add(path, f"has characters IAM rejects in policy text ({shown}); expected tab, newline, "
                           "carriage return or U+0020-U+00FF")
            return False
        if "&{" in value:
            self.add(path, "contains '&{', which the provider's aws_iam_policy_document turns into '${' "
                           "(no escape prevents it); write the value without '&{'")
            return False
        return True

    def role(self, raw: dict, path, connector_name: str, defaults: dict) -> RoleSettings:
        prefix = raw.get("name_prefix", defaults.get("name_prefix", ""))
        if not NAME_PREFIX_RE.match(prefix):
            where = path + ("name_prefix",) if "name_prefix" in raw else ("defaults", "role", "name_prefix")
            self.add(where, f"name_prefix '{prefix}' may only hold letters, digits and '+=,.@_-' "
                            "(the characters of IAM role names)")
        name = raw.get("name")
        name_path = path + ("name",)
        if name is None:
            name = derive_role_name(connector_name, prefix)
            name_path = (path + ("name_prefix",)) if "name_prefix" in raw else name_path
        if not ROLE_NAME_RE.match(name):
            self.add(name_path, f"role name '{name}' is not 1-64 characters of letters, digits and '+=,.@_-'")
        role_path = raw.get("path", defaults.get("path", "/"))
        if not ROLE_PATH_RE.match(role_path) or len(role_path) > 512:
            self.add(path + ("path",), f"found '{role_path}'; expected an IAM path of 1-512 printable ASCII "
                                       "characters starting and ending with '/'")
        boundary = raw.get("permissions_boundary", defaults.get("permissions_boundary"))
        if boundary is not None:
            try:
                arns.parse_policy_arn(boundary)
            except ArnError as exc:
                self.add(path + ("permissions_boundary",), str(exc))
        description = raw.get("description", defaults.get("description"))
        if description is None:
            description = f"MSK Connect service execution role for connector {connector_name}"
        if len(description) > DESCRIPTION_MAX or not DESCRIPTION_RE.match(description):
            self.add(path + ("description",), f"role description must be at most {DESCRIPTION_MAX} characters of "
                                              "tab, newline, U+0020-U+007E and U+00A1-U+00FF")
        duration = raw.get("max_session_duration", defaults.get("max_session_duration", 3600))
        if not 3600 <= duration <= 43200:
            self.add(path + ("max_session_duration",), f"found {duration}; expected 3600 to 43200 seconds")
        tags = dict(defaults.get("tags", {}))
        tags.update(raw.get("tags", {}))
        if len(tags) > 50:
            self.add(path + ("tags",), f"{len(tags)} tags; IAM allows at most 50 per role")
        for key, value in tags.items():
            tpath = path + ("tags", key)
            if not 1 <= len(key) <= 128 or not TAG_RE.match(key) or key.lower().startswith("aws:"):
                self.add(tpath, f"tag key '{key}' must be 1-128 letters, digits, spaces or '_.:/=+-@' "
                                "and must not start with 'aws:'", key=True)
            if len(value) > 256 or not TAG_RE.match(value):
                self.add(tpath, "tag value must be at most 256 letters, digits, spaces or '_.:/=+-@'")
        return RoleSettings(name=name, path=role_path, permissions_boundary=boundary, description=description,
                            max_session_duration=duration, tags=tuple(sorted(tags.items())))

    def aws_permissions(self, items: list, path) -> tuple[AwsPermission, ...]:
        out = []
        seen_sids: dict[str, int] = {}
        for i, item in enumerate(items):
            ipath = path + (i,)
            sid = item.get("sid", f"Plugin{i + 1}")
            if not SID_RE.match(sid):
                self.add(ipath + ("sid",), f"sid '{sid}' must be letters and digits only")
            if sid in seen_sids:
                self.add(ipath + ("sid",), f"sid '{sid}' is already used by aws_permissions[{seen_sids[sid]}]")
            seen_sids.setdefault(sid, i)
            for j, action in enumerate(item["actions"]):
                if not ACTION_RE.match(action):
                    self.add(ipath + ("actions", j), f"found '{action}'; expected an IAM action 'service:Action'")
            for j, resource in enumerate(item["resources"]):
                self.policy_text(resource, ipath + ("resources", j))
            conditions = {}
            for j, cond in enumerate(item.get("conditions", [])):
                cpath = ipath + ("conditions", j)
                for k, v in enumerate(cond["values"]):
                    self.policy_text(v, cpath + ("values", k))
                key = (cond["test"], cond["variable"])
                conditions.setdefault(key, set()).update(cond["values"])
            out.append(AwsPermission(
                sid=sid, actions=tuple(item["actions"]), resources=tuple(item["resources"]),
                conditions=tuple(Condition(t, v, tuple(sorted(vals))) for (t, v), vals in sorted(conditions.items()))))
        return tuple(out)

    def properties(self, raw: dict | None, path) -> dict[str, str]:
        """A ``connector_configuration``/``worker_configuration`` map with every value a string
        (booleans as ``true``/``false``), as MSK Connect holds them."""
        out = {}
        for key, value in (raw or {}).items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            out[key] = str(value)
            self.policy_text(out[key], path + (key,))
        return out

    def cluster_ref(self, ref, base, path, named: dict) -> tuple[dict, tuple] | None:
        """Resolve a cluster reference (a name from ``clusters`` or an inline mapping merged over
        ``base``) to (raw cluster mapping, path of its definition)."""
        if isinstance(ref, str):
            if ref not in named:
                known = ", ".join(sorted(named)) or "none are defined"
                self.add(path, f"unknown cluster '{ref}'; expected a name from the top-level 'clusters' ({known})")
                return None
            return dict(named[ref]), ("clusters", ref)
        merged = dict(base)
        merged.update(ref)
        return merged, path

    # -- whole manifest ------------------------------------------------------------------------
    def build(self) -> tuple[Connector, ...]:
        from .catalog.derive import derive

        data = self.doc.data
        defaults = data.get("defaults", {})
        named = data.get("clusters", {})
        default_cluster = defaults.get("cluster", {})
        default_cluster_path = ("defaults", "cluster")
        if isinstance(default_cluster, str):
            resolved = self.cluster_ref(default_cluster, {}, default_cluster_path, named)
            default_cluster, default_cluster_path = resolved if resolved else ({}, default_cluster_path)
        default_role = defaults.get("role", {})
        if "name" in default_role:
            self.add(("defaults", "role", "name"), "a role name belongs to one connector; set connectors[].role.name, "
                                                   "or defaults.role.name_prefix to prefix every derived name", key=True)
        role_names: dict[str, tuple[str, int]] = {}
        connector_names: dict[str, int] = {}
        connectors = []
        for i, raw in enumerate(data["connectors"]):
            cpath = ("connectors", i)
            name = raw["name"]
            ok = True
            if not CONNECTOR_NAME_RE.match(name):
                self.add(cpath + ("name",), f"connector name '{name}' must be 1-128 characters of letters, digits, "
                                            "'.', '_' and '-', starting with a letter or digit")
                ok = False
            elif name.lower() in connector_names:
                self.add(cpath + ("name",), f"connector name '{name}' is already used by "
                                            f"connectors[{connector_names[name.lower()]}]")
                ok = False
            connector_names.setdefault(name.lower(), i)
            own_cluster = raw.get("cluster", {})
            resolved = True
            if isinstance(own_cluster, str):
                resolved = self.cluster_ref(own_cluster, {}, cpath + ("cluster",), named)
                cluster_raw, cluster_path = resolved if resolved else ({}, cpath + ("cluster",))
                arn_path, auth_path = cluster_path + ("arn",), cluster_path + ("authentication",)
            else:
                cluster_raw = dict(default_cluster)
                cluster_raw.update(own_cluster)
                arn_path = (cpath + ("cluster",) if "arn" in own_cluster else default_cluster_path) + ("arn",)
                auth_path = (cpath + ("cluster",) if "authentication" in own_cluster
                             else default_cluster_path) + ("authentication",)
            cluster_raw["_arn_path"] = arn_path
            cluster_raw["_auth_path"] = auth_path
            cluster = self.cluster(cluster_raw, cpath + ("cluster",)) if resolved else None
            source_cluster = None
            if "source_cluster" in raw:
                spath = cpath + ("source_cluster",)
                resolved = self.cluster_ref(raw["source_cluster"], {}, spath, named)
                if resolved:
                    sraw, sdef = resolved
                    sraw["_arn_path"], sraw["_auth_path"] = sdef + ("arn",), sdef + ("authentication",)
                    source_cluster = self.cluster(sraw, spath)
                    if source_cluster and cluster and source_cluster.arn.partition != cluster.arn.partition:
                        self.add(spath, f"source cluster is in partition {source_cluster.arn.partition}, the "
                                        f"connector's cluster in {cluster.arn.partition}; one role cannot span both")
            config = self.properties(raw.get("connector_configuration"), cpath + ("connector_configuration",))
            worker = self.properties(raw.get("worker_configuration"), cpath + ("worker_configuration",))
            declared = raw.get("topics", [])
            for j, topic in enumerate(declared):
                self.topic(topic, cpath + ("topics", j))
            role = self.role(raw.get("role", {}), cpath + ("role",), name, default_role)
            key = role.name.lower()
            if key in role_names and ok:
                other, j = role_names[key]
                explicit = "name" in raw.get("role", {})
                self.add(cpath + (("role", "name") if explicit else ("name",)),
                         f"{'role name' if explicit else 'derived role name'} '{role.name}' collides with the role "
                         f"of connectors[{j}] ('{other}'); IAM role names are case-insensitive")
            role_names.setdefault(key, (role.name, i))
            permissions = self.aws_permissions(raw.get("aws_permissions", []), cpath + ("aws_permissions",))
            if cluster is None or ("source_cluster" in raw and source_cluster is None):
                continue
            account = raw.get("account", defaults.get("account", cluster.arn.account))
            region = raw.get("region", defaults.get("region", cluster.arn.region))
            apath = cpath + ("account",) if "account" in raw else ("defaults", "account")
            rpath = cpath + ("region",) if "region" in raw else ("defaults", "region")
            if not (self.account(account, apath) and self.region(region, rpath)):
                continue
            if account != cluster.arn.account:
                self.add(apath, f"connector account {account} differs from the cluster's account "
                                f"{cluster.arn.account}; cross-account connectors are not supported yet")
                continue
            n_problems = len(self.problems)
            derived = derive(raw, config, worker, name=name, cluster=cluster, source_cluster=source_cluster,
                             partition=cluster.arn.partition, region=region, account=account,
                             report=lambda tail, msg, _p=cpath: self.add(_p + tuple(tail), msg))
            if derived.type is None:
                continue
            ctype = derived.type
            topic_causes = [(t, f"topics[{j}]") for j, t in enumerate(declared)]
            for use in derived.topics:
                if use.name not in dict(topic_causes):
                    self.topic(use.name, cpath + ("connector_configuration",))
                    topic_causes.append((use.name, use.cause))
            if not topic_causes and len(self.problems) == n_problems:
                self.add(cpath, "missing 'topics': a connector needs at least one topic to read or write "
                                "(in 'topics' or in connector_configuration)")
            create_topics = bool(raw.get("create_topics", False)) or derived.create_topics_cause is not None
            if raw.get("create_topics") and ctype != "source":
                self.add(cpath + ("create_topics",), "create_topics applies to source connectors only", key=True)
            group = derived.consumer_group
            if raw.get("consumer_group") is not None and ctype != "sink":
                self.add(cpath + ("consumer_group",), "consumer_group applies to sink connectors only", key=True)
            elif group is not None and (not TOPIC_RE.match(group) or len(group) > 255):
                gpath = cpath + (("consumer_group",) if "consumer_group" in raw
                                 else ("connector_configuration", "consumer.override.group.id"))
                self.add(gpath, f"consumer group '{group}' must be letters, digits, '.', '_' and '-'")
            for grant in derived.analysis.kafka:
                for gname in grant.names:
                    if grant.resource_kind == "topic":
                        self.topic(gname, cpath + ("connector_configuration",))
            kind = derived.kind
            connectors.append(Connector(
                name=name, type=ctype, cluster=cluster, account=account, region=region,
                partition=cluster.arn.partition, role=role, topics=tuple(t for t, _ in topic_causes),
                create_topics=create_topics, consumer_group=group,
                description=raw.get("description", ""), aws_permissions=permissions,
                source_cluster=source_cluster, kind=kind.id if kind else None,
                kind_title=kind.title if kind else None, kind_doc=kind.doc if kind else None,
                configuration=tuple(sorted(config.items())), worker_configuration=tuple(sorted(worker.items())),
                analysis=derived.analysis, topic_causes=tuple(topic_causes), group_cause=derived.group_cause,
                create_topics_cause=("create_topics" if raw.get("create_topics") else derived.create_topics_cause)))
        return tuple(connectors)


def validate(doc: LocatedDocument) -> Manifest:
    """Validate a loaded manifest and return the model; raise ManifestError with every problem."""
    problems = _schema_problems(doc)
    if problems:
        raise ManifestError(problems)
    checker = _Checker(doc)
    connectors = checker.build()
    if checker.problems:
        raise ManifestError(checker.problems)
    return Manifest(path=doc.file, connectors=connectors)


def load(path: Path, display: str | None = None) -> Manifest:
    """Load, validate and model the manifest at ``path`` (errors name it as ``display``)."""
    return validate(load_manifest_file(Path(path), display))
