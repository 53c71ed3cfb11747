"""The semantic rules of one manifest: each field checked against AWS and Kafka limits.

:class:`Checker` collects every problem, located (file, line, column, key path), and returns
the checked value (a :class:`~msk_connect_iam.model.Cluster`, :class:`~msk_connect_iam.model.RoleSettings`,
...) or None; the value rules themselves, with their sources, are in
:mod:`msk_connect_iam.manifest.rules`. :mod:`msk_connect_iam.manifest.build` runs them per
connector on what :mod:`msk_connect_iam.manifest.resolve` resolved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from msk_connect_iam.errors import Problem, show
from msk_connect_iam.manifest import rules
from msk_connect_iam.manifest.loader import LocatedDocument
from msk_connect_iam.manifest.naming import derive_role_name
from msk_connect_iam.model import AwsPermission, Cluster, Condition, RoleSettings
from msk_connect_iam.policy import arns
from msk_connect_iam.policy.arns import ArnError
from msk_connect_iam.policy.permissions import BASE_SIDS

if TYPE_CHECKING:
    from msk_connect_iam.manifest.resolve import ResolvedCluster

class Checker:
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

    def derived_problem(self, cpath: tuple, tail, message: str) -> None:
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
    def cluster(self, resolved: ResolvedCluster) -> Cluster | None:
        """The :class:`Cluster` of a resolved cluster mapping, or None (the problem recorded at
        the key path where the faulty value was written: the connector, ``defaults.cluster`` or
        ``clusters.<name>``)."""
        raw = resolved.raw
        arn_text = raw.get("arn")
        if arn_text is None:
            self.add(resolved.path, "missing required key 'arn' (in the connector's cluster or in defaults.cluster)")
            return None
        try:
            arn = arns.parse_cluster_arn(arn_text)
        except ArnError as exc:
            self.add(resolved.arn_path, str(exc))
            return None
        if not self.rule(rules.region_partition_problem(arn.region, arn.partition), resolved.arn_path):
            return None
        kind = raw.get("type", "provisioned")
        auth = raw.get("authentication", "iam")
        if kind == "serverless" and auth != "iam":
            self.add(resolved.auth_path,
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

    def derived_topic(self, value: str, path, *, every_allowed: bool = False) -> None:
        self.rule(rules.derived_topic_problem(value, every_allowed=every_allowed), path)

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
            if sid in BASE_SIDS:
                self.add(ipath + ("sid",), f"sid {show(sid)} is a statement id the generated policy uses itself "
                                           f"({', '.join(sorted(BASE_SIDS))}); expected another statement id "
                                           "(terraform plan refuses duplicate Sids)")
            elif sid in seen_sids:
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
        m = re.match(r"^(connector_configuration|worker_configuration): ([^=;]+?)(=| \(default\))", cause)
        return cpath + ((m.group(1), m.group(2)) if m else ("connector_configuration",))

    def license(self, value, path):
        """The module license of a ``license`` value (:mod:`msk_connect_iam.manifest.licenses`), or None
        (then every problem is recorded)."""
        from msk_connect_iam.manifest.licenses import resolve

        return resolve(value, self.base_dir, lambda tail, msg: self.add(path + tuple(tail), msg))
