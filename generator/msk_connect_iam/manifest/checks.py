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
from dataclasses import replace
from pathlib import Path
from typing import Any

from msk_connect_iam.policy import arns
from msk_connect_iam.manifest import rules
from msk_connect_iam.policy.arns import ArnError
from msk_connect_iam.errors import ManifestError, Problem, show
from msk_connect_iam.manifest.loader import LocatedDocument, format_path, load_manifest_file
from msk_connect_iam.model import AwsPermission, Cluster, Condition, Connector, Manifest, RoleSettings
from msk_connect_iam.manifest.naming import derive_role_name

#: The value rules (with their sources) live in :mod:`msk_connect_iam.manifest.rules`.
TOPIC_MAX = rules.TOPIC_MAX
DESCRIPTION_MAX = rules.DESCRIPTION_MAX


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    """The manifest's JSON Schema (Draft 2020-12), as shipped in the package."""
    # A plain path (the schema sits beside this module, in the wheel too): importlib.resources
    # costs ~40 ms of start-up.
    text = Path(__file__).with_name("manifest.schema.json").read_text(encoding="utf-8")
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
        return f"the string {show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {"string": "a string", "integer": "an integer", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "number": "a number"}


def _schema_problems(doc: LocatedDocument, paths: list | None = None) -> list[Problem]:
    """Every schema problem, located; ``paths`` (when given) receives the key path of each (an
    unknown key's path ends in the key)."""
    from msk_connect_iam.manifest.schemacheck import UnsupportedSchema, quick_valid

    try:
        if quick_valid(doc.data, schema()):
            return []  # valid: jsonschema (slow to import) is only needed to locate problems
    except UnsupportedSchema:
        pass
    problems = []
    for err in _validator().iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            allowed = sorted(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - set(allowed)):
                hint = difflib.get_close_matches(key, allowed, n=1)
                msg = f"unknown key {show(key)}"
                msg += f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"
                problems.append(doc.problem(path + (key,), msg, key=True))
                if paths is not None:
                    paths.append(path + (key,))
            continue
        if paths is not None:
            paths.append(path)
        if err.validator == "required":
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
    """Semantic rules; every problem is appended, located, to ``problems``.

    ``skip`` holds the indexes of connectors that failed the schema pass, or that would read a
    default the schema refused (see :mod:`msk_connect_iam.manifest.schemascope`): their semantic rules are
    not run (their data may have the wrong shape), the others' are, so one run reports as many
    problems as it can.
    """

    def __init__(self, doc: LocatedDocument, skip: frozenset = frozenset(), base_dir: Path | None = None):
        self.doc = doc
        self.skip = skip
        #: the manifest's folder: ``license.file`` is relative to it
        self.base_dir = base_dir if base_dir is not None else Path(doc.file).parent
        self.problems: list[Problem] = []
        #: manifest index of each connector :meth:`build` returned, in order
        self.built_at: list[int] = []
        #: manifest indexes of the connectors some problem is located in
        self.faulty: set[int] = set()
        #: configuration keys and values holding a Terraform expression, per connector path
        self.expressions: dict[tuple, set[str]] = {}

    def add(self, path, message, *, key=False):
        self.problems.append(self.doc.problem(path, message, key=key))
        if len(path) > 1 and path[0] == "connectors" and isinstance(path[1], int):
            self.faulty.add(path[1])

    def _derived_problem(self, cpath: tuple, tail, message: str) -> None:
        """A problem the catalog found in connector ``cpath``'s configuration, unless it is about
        a value already reported as a Terraform expression (one error for one mistake)."""
        if any(text in message for text in self.expressions.get(cpath, ())):
            return
        self.add(cpath + tuple(tail), message)

    def rule(self, problem: str | None, path, *, key=False) -> bool:
        """Record ``problem`` (a :mod:`rules` result) at ``path``; True when there was none."""
        if problem:
            self.add(path, problem, key=key)
            return False
        return True

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
                     f"found authentication: {auth} on an MSK Serverless cluster (type: serverless); "
                     "MSK Serverless supports IAM authentication only; expected authentication: iam")
            return None
        return Cluster(arn=arn, authentication=auth, kind=kind)

    def account(self, value: str, path) -> bool:
        if not arns.ACCOUNT_RE.fullmatch(value):
            self.add(path, f"found {show(value)}; expected an AWS account id of exactly 12 digits (quoted)")
            return False
        return True

    def region(self, value: str, path) -> bool:
        if not arns.REGION_RE.fullmatch(value):
            self.add(path, f"found {show(value)}; expected a region name like us-east-1")
            return False
        return True

    def topic(self, value: str, path) -> None:
        self.rule(rules.topic_problem(value), path)

    def policy_text(self, value: str, path) -> bool:
        return self.rule(rules.policy_text_problem(value), path)

    def role(self, raw: dict, path, connector_name: str, defaults: dict, name_ok: bool = True) -> RoleSettings:
        prefix = raw.get("name_prefix", defaults.get("name_prefix", ""))
        prefix_ok = self.rule(rules.name_prefix_problem(prefix),
                              path + ("name_prefix",) if "name_prefix" in raw else ("defaults", "role", "name_prefix"))
        name = raw.get("name")
        name_path = path + ("name",)
        if name is None:
            name = derive_role_name(connector_name, prefix)
            if "name_prefix" in raw:
                name_path = path + ("name_prefix",)
            elif "name_prefix" in defaults:
                name_path = ("defaults", "role", "name_prefix")
        if (name_ok and prefix_ok) or "name" in raw:  # a derived name is not reported twice
            self.rule(rules.role_name_problem(name), name_path)
        role_path = raw.get("path", defaults.get("path", "/"))
        self.rule(rules.role_path_problem(role_path),
                  path + ("path",) if "path" in raw else ("defaults", "role", "path"))
        boundary = raw.get("permissions_boundary", defaults.get("permissions_boundary"))
        if boundary is not None:
            try:
                arns.parse_policy_arn(boundary)
            except ArnError as exc:
                self.add(path + ("permissions_boundary",) if "permissions_boundary" in raw
                         else ("defaults", "role", "permissions_boundary"), str(exc))
        description = raw.get("description", defaults.get("description"))
        if description is None:
            description = f"MSK Connect service execution role for connector {connector_name}"
        self.rule(rules.role_description_problem(description),
                  path + ("description",) if "description" in raw else ("defaults", "role", "description"))
        duration = raw.get("max_session_duration", defaults.get("max_session_duration", 3600))
        if not 3600 <= duration <= 43200:
            self.add(path + ("max_session_duration",) if "max_session_duration" in raw
                     else ("defaults", "role", "max_session_duration"),
                     f"found {duration}; expected 3600 to 43200 seconds")
        tags = dict(defaults.get("tags", {}))
        tags.update(raw.get("tags", {}))
        if len(tags) > rules.TAGS_MAX:
            self.add(path + ("tags",), f"found {len(tags)} tags (defaults.role.tags merged with the connector's); "
                                       f"IAM allows at most {rules.TAGS_MAX} per role")
        seen: dict[str, str] = {}
        for key, value in tags.items():
            where = path if key in raw.get("tags", {}) else ("defaults", "role")
            tpath = where + ("tags", key)
            self.rule(rules.tag_key_problem(key), tpath, key=True)
            self.rule(rules.tag_value_problem(value), tpath)
            if key.lower() in seen:
                self.add(tpath, f"tag key {show(key)} differs from tag key {show(seen[key.lower()])} only in case; "
                                "IAM tag keys are case-insensitive (expected one of them)", key=True)
            seen.setdefault(key.lower(), key)
        return RoleSettings(name=name, path=role_path, permissions_boundary=boundary, description=description,
                            max_session_duration=duration, tags=tuple(sorted(tags.items())),
                            policy_type=raw.get("policy_type", defaults.get("policy_type", "auto")),
                            max_managed_policies=raw.get("max_managed_policies",
                                                         defaults.get("max_managed_policies", 10)))

    def aws_permissions(self, items: list, path) -> tuple[AwsPermission, ...]:
        out = []
        seen_sids: dict[str, int] = {}
        for i, item in enumerate(items):
            ipath = path + (i,)
            sid = item.get("sid", f"Plugin{i + 1}")
            self.rule(rules.sid_problem(sid), ipath + ("sid",))
            if sid in seen_sids:
                self.add(ipath + ("sid",), f"sid {show(sid)} is already used by aws_permissions[{seen_sids[sid]}]; "
                                           "expected a unique statement id")
            seen_sids.setdefault(sid, i)
            for j, action in enumerate(item["actions"]):
                self.rule(rules.action_problem(action), ipath + ("actions", j))
            for j, resource in enumerate(item["resources"]):
                self.rule(rules.resource_problem(resource) or rules.terraform_expression_problem(resource),
                          ipath + ("resources", j))
            conditions = {}
            for j, cond in enumerate(item.get("conditions", [])):
                cpath = ipath + ("conditions", j)
                self.rule(rules.condition_test_problem(cond["test"]), cpath + ("test",))
                self.rule(rules.condition_key_problem(cond["variable"]), cpath + ("variable",))
                for k, v in enumerate(cond["values"]):
                    self.policy_text(v, cpath + ("values", k))
                    if "{" in v:
                        self.rule(rules.terraform_expression_problem(v), cpath + ("values", k))
                key = (cond["test"], cond["variable"])
                conditions.setdefault(key, set()).update(cond["values"])
            out.append(AwsPermission(
                sid=sid, actions=tuple(item["actions"]), resources=tuple(item["resources"]),
                conditions=tuple(Condition(t, v, tuple(sorted(vals))) for (t, v), vals in sorted(conditions.items())),
                wildcard_reason=item.get("wildcard_reason")))
        return tuple(out)

    def properties(self, raw: dict | None, path) -> dict[str, str]:
        """A ``connector_configuration``/``worker_configuration`` map with every value a string
        (booleans as ``true``/``false``), as MSK Connect holds them."""
        out = {}
        for key, value in (raw or {}).items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            out[key] = str(value)
            for text in (key, out[key]):
                if "{" in text and not self.rule(rules.terraform_expression_problem(text), path + (key,),
                                                 key=text is key):
                    self.expressions.setdefault(tuple(path[:2]), set()).add(text)
        return out

    @staticmethod
    def cause_path(cpath, cause: str) -> tuple:
        """The manifest path of the property a derived grant's ``cause`` names
        (``connector_configuration: key=value`` -> ``connector_configuration.key``)."""
        import re as _re

        m = _re.match(r"^(connector_configuration|worker_configuration): ([^=;]+?)(=| \(default\))", cause)
        return cpath + ((m.group(1), m.group(2)) if m else ("connector_configuration",))

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

    def license(self, value, path):
        """The module license of a ``license`` value (:mod:`msk_connect_iam.manifest.licenses`), or None
        (then every problem is recorded)."""
        from msk_connect_iam.manifest.licenses import resolve

        return resolve(value, self.base_dir, lambda tail, msg: self.add(path + tuple(tail), msg))

    # -- whole manifest ------------------------------------------------------------------------
    def build(self) -> tuple[Connector, ...]:
        from msk_connect_iam.catalog.derive import derive

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
        for key in ("account", "region"):
            if key in defaults:
                (self.account if key == "account" else self.region)(defaults[key], ("defaults", key))
        default_license = self.license(defaults["license"], ("defaults", "license")) if "license" in defaults else None
        role_names: dict[str, tuple[str, int]] = {}
        connector_names: dict[str, int] = {}
        connectors = []
        for i, raw in enumerate(data["connectors"]):
            if i in self.skip:
                continue
            cpath = ("connectors", i)
            name = raw["name"]
            ok = self.rule(rules.connector_name_problem(name), cpath + ("name",))
            if ok and name.lower() in connector_names:
                self.add(cpath + ("name",), f"connector name {show(name)} is already used by "
                                            f"connectors[{connector_names[name.lower()]}] (names are compared "
                                            "case-insensitively: they become folders); expected a unique name")
                ok = False
            connector_names.setdefault(name.lower(), i)
            if "description" in raw:
                self.rule(rules.connector_description_problem(raw["description"]), cpath + ("description",))
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
                auth_path = (cpath + ("cluster",) if "authentication" in own_cluster or "type" in own_cluster
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
                                        f"connector's cluster in {cluster.arn.partition}; one role cannot span both "
                                        "(an IAM role and its grants live in one partition, cross_account or not); "
                                        f"expected a source cluster in {cluster.arn.partition}")
            config = self.properties(raw.get("connector_configuration"), cpath + ("connector_configuration",))
            worker = self.properties(raw.get("worker_configuration"), cpath + ("worker_configuration",))
            declared = raw.get("topics", [])
            for j, topic in enumerate(declared):
                self.topic(topic, cpath + ("topics", j))
            role = self.role(raw.get("role", {}), cpath + ("role",), name, default_role, ok)
            key = role.name.lower()
            if not ok:
                pass
            elif key in role_names:
                other, j = role_names[key]
                explicit = "name" in raw.get("role", {})
                self.add(cpath + (("role", "name") if explicit else ("name",)),
                         f"{'role name' if explicit else 'derived role name'} {show(role.name)} collides with the "
                         f"role of connectors[{j}] ({show(other)}); IAM role names are case-insensitive; expected a "
                         "unique role name" + ("" if explicit else " (set role.name)"))
            else:
                role_names[key] = (role.name, i)
            permissions = self.aws_permissions(raw.get("aws_permissions", []), cpath + ("aws_permissions",))
            module_license = (self.license(raw["license"], cpath + ("license",)) if "license" in raw
                              else default_license)
            apath = cpath + ("account",) if "account" in raw else ("defaults", "account")
            rpath = cpath + ("region",) if "region" in raw else ("defaults", "region")
            account_ok = "account" not in raw or self.account(raw["account"], apath)
            region_ok = "region" not in raw or self.region(raw["region"], rpath)
            if cluster is None or ("source_cluster" in raw and source_cluster is None) or not (account_ok and region_ok):
                continue
            account = raw.get("account", defaults.get("account", cluster.arn.account))
            region = raw.get("region", defaults.get("region", cluster.arn.region))
            if not (arns.ACCOUNT_RE.fullmatch(account) and arns.REGION_RE.fullmatch(region)):
                continue  # a bad defaults.account/region is reported once, above
            if account != cluster.arn.account and not raw.get("cross_account", False):
                self.add(apath, f"connector account {account} differs from the cluster's account "
                                f"{cluster.arn.account}; set cross_account: true on the connector if the cluster "
                                "really belongs to another account (its owner must then add a cluster policy)")
            if (source_cluster is not None and account != source_cluster.arn.account
                    and not raw.get("cross_account", False)):
                self.add(cpath + ("source_cluster",),
                         f"source cluster account {source_cluster.arn.account} differs from the connector's account "
                         f"{account}; set cross_account: true on the connector if the source cluster really "
                         "belongs to another account (its owner must then add a cluster policy)")
            if not raw.get("cross_account", False) and any(
                    c.arn.account != account for c in (cluster, source_cluster) if c is not None):
                continue
            n_problems = len(self.problems)
            derived = derive(raw, config, worker, name=name, cluster=cluster, source_cluster=source_cluster,
                             partition=cluster.arn.partition, region=region, account=account,
                             report=lambda tail, msg, _p=cpath: self._derived_problem(_p, tail, msg))
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
                self.add(cpath + ("create_topics",), f"found create_topics on a {ctype or 'non-source'} connector; "
                                                     "create_topics applies to source connectors only", key=True)
            group = derived.consumer_group
            if raw.get("consumer_group") is not None and ctype != "sink":
                self.add(cpath + ("consumer_group",), f"found consumer_group on a {ctype or 'non-sink'} connector; "
                                                      "consumer_group applies to sink connectors only", key=True)
            elif group is not None:
                gpath = cpath + (("consumer_group",) if "consumer_group" in raw
                                 else ("connector_configuration", "consumer.override.group.id"))
                self.rule(rules.consumer_group_problem(group), gpath)
            for grant in derived.analysis.kafka:
                for gname in grant.names:
                    if grant.resource_kind == "topic":
                        self.topic(gname, self.cause_path(cpath, grant.cause))
            for grant in derived.analysis.aws:
                values = list(grant.resources) + [v for c in grant.conditions for v in c.values]
                for value in values:
                    self.policy_text(value, self.cause_path(cpath, grant.cause))
            kind = derived.kind
            analysis = derived.analysis
            xwarn = cross_region_warnings(account, region, cluster, source_cluster)
            if xwarn:
                analysis = replace(analysis, warnings=analysis.warnings + xwarn)
            self.built_at.append(i)
            connectors.append(Connector(
                name=name, type=ctype, cluster=cluster, account=account, region=region,
                partition=cluster.arn.partition, role=role, topics=tuple(t for t, _ in topic_causes),
                create_topics=create_topics, consumer_group=group,
                description=raw.get("description", ""), aws_permissions=permissions,
                source_cluster=source_cluster, kind=kind.id if kind else None,
                kind_title=kind.title if kind else None, kind_doc=kind.doc if kind else None,
                configuration=tuple(sorted(config.items())), worker_configuration=tuple(sorted(worker.items())),
                analysis=analysis, topic_causes=tuple(topic_causes), group_cause=derived.group_cause,
                create_topics_cause=("create_topics" if raw.get("create_topics") else derived.create_topics_cause),
                cross_account=any(c.arn.account != account for c in (cluster, source_cluster) if c is not None),
                cluster_cause=format_path(arn_path), license=module_license))
        return tuple(connectors)


#: MSK Developer Guide, "Amazon MSK multi-VPC private connectivity in a single Region",
#: requirements: cross-Region multi-VPC private connectivity is not supported.
DOC_MVPC = "https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html"


def cross_region_warnings(account: str, region: str, cluster: Cluster, source_cluster: Cluster | None) -> tuple[str, ...]:
    """Warnings for a cluster that is both in another account and in another Region than the
    connector (``account``/``region``): AWS documents cross-account access to an MSK cluster
    (cluster policy + multi-VPC private connectivity) within one Region only (:data:`DOC_MVPC`),
    so such a cluster needs a network path of the user's own, and cluster-policy authorisation
    over it is not documented. Returns one message per such cluster (empty tuple: none)."""
    out = []
    seen = set()
    for label, c in (("cluster", cluster), ("source_cluster", source_cluster)):
        if c is None or c.arn.arn in seen or c.arn.account == account or c.arn.region == region:
            continue
        seen.add(c.arn.arn)
        out.append(f"{label} {c.arn.arn} belongs to another account ({c.arn.account}) and another Region "
                   f"({c.arn.region}) than the connector ({account}, {region}): AWS documents cross-account MSK "
                   f"access (cluster policy, multi-VPC private connectivity) within one Region only ({DOC_MVPC}); "
                   "the connector needs a network path of your own to it (VPC peering, Transit Gateway), and AWS does "
                   "not document cluster-policy authorisation over such a path")
    return tuple(out)


def validate(doc: LocatedDocument, base_dir: Path | None = None) -> Manifest:
    """Validate a loaded manifest and return the model; raise ManifestError with every problem.

    ``base_dir`` is the manifest's folder (``license.file`` is relative to it; default: the
    folder of ``doc.file``)."""
    paths: list = []
    problems = _schema_problems(doc, paths)
    skip: frozenset = frozenset()
    checked = doc
    if problems:  # the semantic pass still checks what it safely can (schemascope.py)
        from msk_connect_iam.manifest.schemascope import semantic_scope

        props = {"defaults": set(schema()["properties"]["defaults"]["properties"]),
                 "role": set(schema()["$defs"]["role"]["properties"])}
        scope = semantic_scope(doc.data, paths, props)
        if scope is None:
            raise ManifestError(problems)
        skip = scope.skip
        checked = LocatedDocument(doc.file, scope.data, doc.locations, doc.key_locations)
    checker = _Checker(checked, skip, base_dir)
    connectors = checker.build()
    problems += checker.problems
    from msk_connect_iam.manifest.build import connector_problems  # IAM lint and quota budget (policy_checks.py)

    # The lint and the budget of every connector that passed its own checks, also when others
    # did not, so that one run reports every problem.
    sound = [(i, c) for i, c in zip(checker.built_at, connectors) if i not in checker.faulty]
    problems += [doc.problem(path, message) for path, message in
                 connector_problems(tuple(c for _, c in sound), tuple(i for i, _ in sound))]
    if problems:
        raise ManifestError(problems)
    return Manifest(path=doc.file, connectors=connectors)


def load(path: Path, display: str | None = None) -> Manifest:
    """Load, validate and model the manifest at ``path`` (errors name it as ``display``)."""
    return validate(load_manifest_file(Path(path), display), Path(path).parent)
