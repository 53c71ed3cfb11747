"""Helpers for the catalog kind tests (tests/catalog/test_<kind>.py).

A kind test writes a one-connector manifest with a realistic ``connector_configuration``, runs the
real pipeline (``manifest.load`` -> ``permissions.execution_role``) and compares the granted
(action, resource) pairs with a set written by hand from the connector's documentation. The
expected sets are never computed by generator code: :func:`baseline` spells out the AWS page's
statements ("Service execution role", MSK Developer Guide) for the test cluster by hand, and each
test adds the pairs its connector's documentation implies.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ACCOUNT = "123456789012"
REGION = "us-east-1"
#: The cluster MSK Connect attaches the connectors to (MirrorMaker 2: the target).
CLUSTER = f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"
#: MirrorMaker 2's source cluster (another region).
SOURCE_CLUSTER = f"arn:aws:kafka:eu-west-1:{ACCOUNT}:cluster/legacy/0d3c5e7a-8b9f-4a2c-b1d4-6e8f0a2c4b6d-2"

AWS_PAGE = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html"


def _kafka_arn(kind: str, cluster: str, name: str) -> str:
    prefix, rest = cluster.split(":cluster/", 1)
    return f"{prefix}:{kind}/{rest}/{name}"


def T(name: str, cluster: str = CLUSTER) -> str:
    """Topic ARN on ``cluster`` (MSK Developer Guide, "IAM access control", resources)."""
    return _kafka_arn("topic", cluster, name)


def G(name: str, cluster: str = CLUSTER) -> str:
    """Consumer group ARN on ``cluster``."""
    return _kafka_arn("group", cluster, name)


def X(name: str, cluster: str = CLUSTER) -> str:
    """Transactional-id ARN on ``cluster``."""
    return _kafka_arn("transactional-id", cluster, name)


def kc(*actions: str) -> tuple[str, ...]:
    return tuple(f"kafka-cluster:{a}" for a in actions)


def pairs(actions, resources) -> set[tuple[str, str]]:
    """The cross product of ``actions`` and ``resources``."""
    if isinstance(actions, str):
        actions = (actions,)
    if isinstance(resources, str):
        resources = (resources,)
    return {(a, r) for a in actions for r in resources}


def baseline(name: str, ctype: str, *, group: str | None = None, cluster: str = CLUSTER) -> set[tuple[str, str]]:
    """The AWS page's five statements for one connector, written out by hand.

    Statement 1: Connect + DescribeCluster on the cluster; statement 4: CreateTopic, WriteData,
    ReadData, DescribeTopic on ``__amazon_msk_connect_*`` topics; statement 5: AlterGroup +
    DescribeGroup on ``__amazon_msk_connect_*`` groups and, for a sink, its consumer group
    (``connect-<name>`` unless overridden). Statements 2 and 3 (the connector's own topics) are
    added by each test with :func:`reads` / :func:`writes`.
    """
    out = pairs(kc("Connect", "DescribeCluster"), cluster)
    out |= pairs(kc("CreateTopic", "WriteData", "ReadData", "DescribeTopic"), T("__amazon_msk_connect_*", cluster))
    groups = [G("__amazon_msk_connect_*", cluster)]
    if ctype == "sink":
        groups.append(G(group or f"connect-{name}", cluster))
    out |= pairs(kc("AlterGroup", "DescribeGroup"), groups)
    return out


def reads(*topics: str, cluster: str = CLUSTER) -> set[tuple[str, str]]:
    """AWS page statement 2: a sink reads its topics."""
    return pairs(kc("ReadData", "DescribeTopic"), [T(t, cluster) for t in topics])


def writes(*topics: str, create: bool = False, cluster: str = CLUSTER) -> set[tuple[str, str]]:
    """AWS page statement 3: a source writes its topics (CreateTopic when it creates them)."""
    actions = kc("WriteData", "DescribeTopic") + (kc("CreateTopic") if create else ())
    return pairs(actions, [T(t, cluster) for t in topics])


def s3_objects(bucket: str, prefix: str = "") -> str:
    return f"arn:aws:s3:::{bucket}/{prefix}*"


def s3_bucket(bucket: str) -> str:
    return f"arn:aws:s3:::{bucket}"


def manifest(connector: dict, *, source_cluster: str | None = None, source_auth: str = "iam") -> dict:
    """A manifest document holding ``connector`` (MirrorMaker 2: with a second cluster, whose
    client authentication is ``source_auth``)."""
    doc: dict = {"version": 1}
    if source_cluster is None:
        doc["defaults"] = {"cluster": {"arn": CLUSTER, "authentication": "iam"}}
    else:
        doc["clusters"] = {"target": {"arn": CLUSTER, "authentication": "iam"},
                           "source": {"arn": source_cluster, "authentication": source_auth}}
        connector = {"cluster": "target", "source_cluster": "source", **connector}
    doc["connectors"] = [connector]
    return doc


class Role:
    """The execution role generated for one connector, as (action, resource) pairs with provenance."""

    def __init__(self, role):
        self.role = role
        self.statements = role.statements
        self.pairs: set[tuple[str, str]] = set()
        self.origins: dict[tuple[str, str], list] = {}
        self.conditions: dict[tuple[str, str], set] = {}
        for st in role.statements:
            for a in st.actions:
                for r in st.resources:
                    self.pairs.add((a, r))
                    self.conditions.setdefault((a, r), set()).update(
                        (c.test, c.variable, c.values) for c in st.conditions)
            for o in getattr(st, "origins", ()):
                for a in o.actions:
                    for r in o.resources:
                        self.origins.setdefault((a, r), []).append(o)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self.role.connector.analysis.warnings) + tuple(self.role.notes)

    def assert_source(self, expected: set[tuple[str, str]], cause: str, doc: str) -> None:
        """Every pair of ``expected`` is explained by an origin whose cause names ``cause`` (the
        configuration property) and whose documentation link starts with ``doc``."""
        for pair in sorted(expected):
            found = self.origins.get(pair, [])
            assert any(cause in o.cause and o.doc.startswith(doc) for o in found), (
                f"{pair}: no origin with cause containing {cause!r} and doc {doc!r}; origins: "
                + "; ".join(f"[{o.cause} | {o.rule} | {o.doc}]" for o in found))


def generate(tmp_path: Path, connector: dict, *, source_cluster: str | None = None, source_auth: str = "iam") -> Role:
    """Write the manifest, load it with the real loader and build the execution role."""
    from msk_connect_iam import manifest as manifest_mod
    from msk_connect_iam.policy import permissions

    path = tmp_path / "connectors.yaml"
    path.write_text(yaml.safe_dump(manifest(connector, source_cluster=source_cluster, source_auth=source_auth),
                                   sort_keys=False))
    model = manifest_mod.load(path)
    (conn,) = model.connectors
    role = Role(permissions.execution_role(conn))
    assert lint(role.statements) == [], "parliament finds problems in the generated policy"
    return role


def lint(statements) -> list[tuple[str, str]]:
    """parliament's findings (issue, detail) on a policy made of ``statements`` (duo-labs/parliament,
    IAM definitions from the Service Authorization Reference): an action on a resource type it
    does not take (RESOURCE_MISMATCH), an unknown action, a malformed ARN or condition.

    One adjustment: Glue Schema Registry schema ARNs are ``schema/<registry>/<schema>`` (AWS Glue
    Developer Guide, schema registry IAM examples), which parliament's ``schema/${SchemaName}``
    pattern rejects for its '/', so the '/' after the registry is replaced for the check only.
    """
    import json
    import re

    from parliament import analyze_policy_string

    def fix(resource: str) -> str:
        return re.sub(r"(:glue:[^:]*:[^:]*:schema/[^/]+)/", r"\1-", resource)

    doc = {"Version": "2012-10-17", "Statement": []}
    for st in statements:
        entry = {"Effect": "Allow", "Action": list(st.actions), "Resource": [fix(r) for r in st.resources]}
        if st.conditions:
            entry["Condition"] = {}
            for c in st.conditions:
                entry["Condition"].setdefault(c.test, {})[c.variable] = list(c.values)
        doc["Statement"].append(entry)
    policy = analyze_policy_string(json.dumps(doc))
    return [(f.issue, str(f.detail)) for f in policy.findings]


def load_errors(tmp_path: Path, connector: dict, *, source_cluster: str | None = None) -> str:
    """Load a manifest that must fail; return the error text (all problems)."""
    from msk_connect_iam import manifest as manifest_mod
    from msk_connect_iam.errors import ManifestError

    path = tmp_path / "connectors.yaml"
    path.write_text(yaml.safe_dump(manifest(connector, source_cluster=source_cluster), sort_keys=False))
    try:
        manifest_mod.load(path)
    except ManifestError as exc:
        return "\n".join(p.format() for p in exc.problems)
    raise AssertionError("the manifest loaded without error")
