"""``msk-connect-iam import``: write a manifest from connector definitions users already have.

Inputs:

- the JSON of ``aws kafkaconnect create-connector --cli-input-json`` (fields ``connectorName``,
  ``connectorDescription``, ``connectorConfiguration``, ``kafkaCluster.apacheKafkaCluster.bootstrapServers``,
  ``kafkaClusterClientAuthentication.authenticationType``, ``workerConfiguration.workerConfigurationArn``;
  AWS CLI Command Reference, kafkaconnect create-connector). The worker configuration is only named
  by ARN there, so its properties come from an optional worker properties file.
- Terraform files with ``aws_mskconnect_connector`` and ``aws_mskconnect_worker_configuration``
  resources (Terraform AWS provider docs), parsed with python-hcl2 (imported lazily). A worker
  configuration referenced as ``aws_mskconnect_worker_configuration.<name>.arn`` contributes its
  ``properties_file_content`` (a string, a heredoc or ``file("...")`` relative to the .tf file).

Neither input holds the cluster ARN (only bootstrap servers), so :class:`ClusterMap` takes it
from the command line: one ARN for every connector, or ``<text>=<arn>`` pairs matched as
substrings of the bootstrap servers (host names, or a Terraform reference such as
``aws_msk_cluster.main``). MirrorMaker 2's ``source.cluster.bootstrap.servers`` is matched the
same way and becomes the connector's ``source_cluster``.

Credentials in clear text are replaced by ``REDACTED`` (the manifest is committed; permissions
never depend on them): by key name (:data:`SECRET_KEY_RE`) and by value shape (connection-string
passwords, bearer tokens, PEM private keys, AWS keys; see :func:`redact_value`); each redaction is
reported and makes ``import`` exit 5 (needs editing), Terraform expressions that cannot be resolved are
kept as written with a note, and ``$${`` (Terraform's literal ``${``) becomes ``${``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from msk_connect_iam.policy import arns
from msk_connect_iam.errors import ImportInputError

#: Property names whose value is a credential: the last name segment(s) say so
#: (``connection.password``, ``aws.secret.access.key``, ``sasl.jaas.config``), not a mere
#: substring (``config.providers.secretsmanager.class`` is not a secret). Keys are matched after
#: :func:`_key_words` (stripped, camelCase split: ``aws.secretAccessKey`` is ``aws.secret.Access.Key``).
SECRET_KEY_RE = re.compile(r"(^|[._-])(password|passwd|pwd|passphrase|secret|credentials?|api[._-]?key|token|"
                           r"secret[._-](access[._-])?key([._-]id)?|access[._-]key([._-]id)?|"
                           r"private[._-]key([._-](passphrase|password))?|user[._-]info|jaas[._-]config)$", re.I)
#: A value made only of config-provider placeholders (``${secretsmanager:db:password}``): not a secret.
_PLACEHOLDER_RE = re.compile(r"^(\$\{[^}]*\})+$")
_R = "REDACTED"
#: Value shapes that hold a credential under any key: (what, pattern, group of the secret part).
#: Only the secret part is replaced (``mongodb://user:REDACTED@host``).
_SECRET_SHAPES: tuple[tuple[str, re.Pattern, int], ...] = (
    ("a PEM private key", re.compile(r"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY-----|.*)",
                                     re.S), 0),
    ("a password in a connection string", re.compile(
        r"\b[a-z][a-z0-9+.-]*://[^/\s:@?#]*:((?:\$\{[^}]*\}|[^@\s/?#])+)@", re.I), 1),
    ("a password in a connection string", re.compile(
        r"(?:^|[?&;,\s])(?:password|passwd|pwd)\s*=\s*((?:\$\{[^}]*\}|[^&;,\s\"'])+)", re.I), 1),
    ("a quoted secret", re.compile(
        r"\b(?:password|passwd|passphrase|secret|client[._-]?secret|api[._-]?key|token)\s*=\s*\"([^\"]*)\"", re.I), 1),
    ("a bearer token", re.compile(r"\bBearer\s+([A-Za-z0-9._~+/=-]{8,})", re.I), 1),
    ("an AWS access key id", re.compile(r"(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])"), 1),
)
_AWS_SECRET_RE = re.compile(r"(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")


def _key_words(key: str) -> str:
    """``key`` as SECRET_KEY_RE reads it: stripped, camelCase split into dotted words."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", ".", key.strip())


def _looks_like_aws_secret(text: str) -> bool:
    return (any(c.isupper() for c in text) and any(c.islower() for c in text)
            and any(c.isdigit() or c in "/+" for c in text))


def redact_value(key: str, value: str) -> tuple[str, list[str]]:
    """``value`` with its credentials replaced by ``REDACTED``, and what was found (empty: nothing).

    A value under a secret key (:data:`SECRET_KEY_RE`) is replaced whole unless it is only
    config-provider placeholders (a placeholder mixed with literal text is redacted); in any value,
    the secret part of :data:`_SECRET_SHAPES` is replaced, and a 40-character AWS-secret-key-like
    word when the key names AWS or access/secret or the value holds an access key id."""
    found: list[str] = []
    words = _key_words(key)
    jaas = bool(re.search(r"jaas[._-]config$", words, re.I))
    if SECRET_KEY_RE.search(words) and not jaas and value and not _PLACEHOLDER_RE.match(value.strip()):
        return _R, ["a value in clear text under a secret key"]

    def sub(what, pattern, group, text):
        def repl(m):
            part = m.group(group)
            if not part or part == _R or _PLACEHOLDER_RE.match(part.strip()):
                return m.group(0)
            found.append(what)
            start, end = m.start(group) - m.start(0), m.end(group) - m.start(0)
            return m.group(0)[:start] + _R + m.group(0)[end:]
        return pattern.sub(repl, text)

    for what, pattern, group in _SECRET_SHAPES:
        value = sub(what, pattern, group, value)
    if re.search(r"aws|secret|access", words, re.I) or "an AWS access key id" in found:
        def aws(m):
            if not _looks_like_aws_secret(m.group(1)):
                return m.group(0)
            found.append("an AWS secret access key")
            return _R
        value = _AWS_SECRET_RE.sub(aws, value)
    return value, sorted(set(found))


_TF_INTERP_RE = re.compile(r"(?<!\$)\$\{")


@dataclass
class ClusterMap:
    """Cluster ARNs from ``--cluster-arn`` values: a bare ARN (``default``) and/or ``text=arn`` pairs."""

    default: str | None = None
    pairs: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def parse(cls, values) -> "ClusterMap":
        out = cls()
        for value in values:
            text, sep, arn = value.rpartition("=")
            if not sep:
                arn, text = value, ""
            try:
                arns.parse_cluster_arn(arn)
            except arns.ArnError as exc:
                raise ImportInputError(f"--cluster-arn {value}: {exc}") from None
            if text:
                out.pairs.append((text, arn))
            elif out.default is not None:
                raise ImportInputError("--cluster-arn given twice without '<bootstrap text>='; map each cluster as "
                                   "'<text in its bootstrap servers>=<arn>'")
            else:
                out.default = arn
        return out

    def find(self, bootstrap: str | None) -> str | None:
        """The ARN whose text occurs in ``bootstrap`` (longest text first), else the default."""
        for text, arn in sorted(self.pairs, key=lambda p: -len(p[0])):
            if bootstrap and text in bootstrap:
                return arn
        return self.default

    def find_exact(self, bootstrap: str | None) -> str | None:
        """Like :meth:`find` but without the default (for a second cluster)."""
        for text, arn in sorted(self.pairs, key=lambda p: -len(p[0])):
            if bootstrap and text in bootstrap:
                return arn
        return None


@dataclass
class Imported:
    """One connector read from an input: its fields, and notes for the user."""

    name: str
    configuration: dict[str, str]
    worker: dict[str, str]
    bootstrap: str | None
    authentication: str | None
    description: str | None
    origin: str


def parse_properties(text: str) -> dict[str, str]:
    """Parse Java properties text (``key=value``, ``key: value`` or ``key value``; ``#``/``!``
    comments; trailing-backslash continuation lines; ``\\`` escapes), as java.util.Properties.load."""
    out: dict[str, str] = {}
    logical, buf = [], ""
    for raw in text.splitlines():
        line = raw.lstrip() if not buf else raw.lstrip()
        if not buf and (not line or line[0] in "#!"):
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            buf += line[:-1]
            continue
        logical.append(buf + line)
        buf = ""
    if buf:
        logical.append(buf)
    for line in logical:
        m = re.match(r"^((?:\\.|[^=:\s\\])*)\s*[=:\s]?\s*(.*)$", line, re.S)
        key, value = m.group(1), m.group(2)
        unescape = lambda s: re.sub(r"\\(.)", lambda x: {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(
            x.group(1), x.group(1)), s)
        out[unescape(key)] = unescape(value)
    return out


def _string_map(path: Path, config: dict) -> dict[str, str]:
    """``connectorConfiguration`` as MSK Connect receives it: a map of strings (CreateConnector API
    reference, ``connectorConfiguration``: "map of strings"). Numbers and booleans become their
    JSON text (``1``, ``true``), as a JSON-to-properties conversion writes them; ``null``, objects
    and arrays are refused with the key named (the API accepts no such value)."""
    out = {}
    for key, value in config.items():
        if isinstance(value, str):
            out[str(key)] = value
        elif isinstance(value, (bool, int, float)):
            out[str(key)] = json.dumps(value)
        else:
            kind = "null" if value is None else "an object" if isinstance(value, dict) else "an array"
            raise ImportInputError(f"{path}: connectorConfiguration.{key}: found {kind}; expected a string "
                                   "(MSK Connect's connectorConfiguration is a map of strings)")
    return out


def from_cli_json(path: Path, worker: dict[str, str]) -> list[Imported]:
    """Read one ``create-connector --cli-input-json`` document."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportInputError(f"{path}: cannot read create-connector JSON: {exc}") from None
    except RecursionError:
        raise ImportInputError(f"{path}: cannot read create-connector JSON: nested too deeply for the reader; a "
                               "create-connector document is a few levels deep (connectorConfiguration is a map "
                               "of strings)") from None
    if not isinstance(doc, dict) or "connectorName" not in doc or "connectorConfiguration" not in doc:
        raise ImportInputError(f"{path}: expected the JSON of 'aws kafkaconnect create-connector --cli-input-json' "
                           "with connectorName and connectorConfiguration")
    config = doc["connectorConfiguration"]
    if not isinstance(config, dict):
        raise ImportInputError(f"{path}: connectorConfiguration must be an object of strings")
    cluster = (doc.get("kafkaCluster") or {}).get("apacheKafkaCluster") or {}
    auth = (doc.get("kafkaClusterClientAuthentication") or {}).get("authenticationType")
    return [Imported(name=str(doc["connectorName"]), configuration=_string_map(path, config),
                     worker=dict(worker), bootstrap=cluster.get("bootstrapServers"),
                     authentication=auth, description=doc.get("connectorDescription"), origin=str(path))]


def _tf_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.tf"))
    return [path]


def _heredoc(value: str) -> str:
    m = re.match(r"^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\n(.*?)\n?\s*\2$", value, re.S)
    if not m:
        return value
    body = m.group(3)
    if m.group(1):
        lines = body.split("\n")
        indent = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
        body = "\n".join(l[indent:] for l in lines)
    return body


def _tf_literal(value: str) -> str:
    return value.replace("$${", "${").replace("%%{", "%{")


def _blocks(resource_list, rtype):
    for entry in resource_list:
        for name, body in (entry.get(rtype) or {}).items():
            yield name, body


def _first(block):
    if isinstance(block, list):
        return block[0] if block else {}
    return block or {}


def from_terraform(path: Path, worker_file: dict[str, str], notes: list[str]) -> list[Imported]:
    """Read every ``aws_mskconnect_connector`` in the .tf file ``path`` (or the folder's .tf files)."""
    import hcl2
    from hcl2 import SerializationOptions

    options = SerializationOptions(strip_string_quotes=True)
    connectors, workers = [], {}
    files = _tf_files(path)
    if not files:
        raise ImportInputError(f"{path}: no .tf files")
    for f in files:
        try:
            doc = hcl2.loads(f.read_text(encoding="utf-8"), serialization_options=options)
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportInputError(f"{f}: cannot read: {exc}") from None
        except Exception as exc:  # python-hcl2 raises lark errors of several types
            raise ImportInputError(f"{f}: not valid HCL: {str(exc).splitlines()[0]}") from None
        resources = doc.get("resource", [])
        for name, body in _blocks(resources, "aws_mskconnect_worker_configuration"):
            content = body.get("properties_file_content", "")
            m = re.match(r'^\$\{file\("([^"]+)"\)\}$', content)
            if m:
                target = (f.parent / m.group(1)).resolve()
                try:
                    content = target.read_text(encoding="utf-8")
                except OSError as exc:
                    notes.append(f"{f}: worker configuration {name}: cannot read {target}: {exc.strerror}")
                    content = ""
            elif _TF_INTERP_RE.search(_heredoc(content)):
                notes.append(f"{f}: worker configuration {name}: properties_file_content is a Terraform "
                             "expression; its properties were not imported")
                content = ""
            workers[name] = parse_properties(_tf_literal(_heredoc(content)))
        for name, body in _blocks(resources, "aws_mskconnect_connector"):
            connectors.append((f, name, body))
    out = []
    for f, rname, body in connectors:
        cname = body.get("name", rname)
        if _TF_INTERP_RE.search(str(cname)):
            notes.append(f"{f}: aws_mskconnect_connector.{rname}: name is a Terraform expression ({cname}); "
                         f"the resource name '{rname}' is used instead")
            cname = rname
        config = {}
        for k, v in (body.get("connector_configuration") or {}).items():
            v = str(v)
            if _TF_INTERP_RE.search(v):
                notes.append(f"{f}: {cname}: connector_configuration {k} = {redact_value(str(k), v)[0]} is a Terraform expression; "
                             "replace it with its value in the manifest")
            config[str(k)] = _tf_literal(v)
        cluster = _first(_first(body.get("kafka_cluster")).get("apache_kafka_cluster"))
        auth = _first(body.get("kafka_cluster_client_authentication")).get("authentication_type")
        worker = dict(worker_file)
        wref = _first(body.get("worker_configuration")).get("arn", "")
        m = re.match(r"^\$\{aws_mskconnect_worker_configuration\.([A-Za-z0-9_-]+)\.arn\}$", wref)
        if m and m.group(1) in workers:
            worker.update(workers[m.group(1)])
        elif wref and not worker_file:
            notes.append(f"{f}: {cname}: worker configuration {wref} is not defined in the input; pass its "
                         "properties with --worker-properties")
        out.append(Imported(name=str(cname), configuration=config, worker=worker,
                            bootstrap=cluster.get("bootstrap_servers"), authentication=auth,
                            description=body.get("description"), origin=f"{f}:aws_mskconnect_connector.{rname}"))
    return out


def _redact(props: dict[str, str], where: str, redacted: list[str]) -> dict[str, str]:
    out = {}
    for k, v in props.items():
        new, found = redact_value(k, v)
        if found:
            shown = k if k == k.strip() else repr(k)
            redacted.append(f"{where}: {shown} holds {' and '.join(found)}; it is written as REDACTED (use a config "
                            "provider such as ${secretsmanager:<secret>:<key>} instead)")
        out[k] = new
    return out


def build_manifest(items: list[Imported], clusters: ClusterMap, notes: list[str],
                   redacted: list[str] | None = None) -> dict:
    """The manifest (as plain data) for the imported connectors; raises ImportInputError when a
    connector's cluster ARN is unknown. What was redacted is appended to ``redacted`` (default:
    ``notes``)."""
    if redacted is None:
        redacted = notes
    named: dict[str, str] = {}

    def cluster_name(arn: str, authentication: str | None) -> str:
        base = arns.parse_cluster_arn(arn).name
        key = (arn, authentication)
        for n, (a, auth) in named.items():
            if (a, auth) == key:
                return n
        name, i = base, 2
        while name in named:
            name, i = f"{base}-{i}", i + 1
        named[name] = key
        return name

    connectors = []
    for item in items:
        arn = clusters.find(item.bootstrap)
        if arn is None:
            raise ImportInputError(f"{item.origin}: connector {item.name}: no cluster ARN for bootstrap servers "
                               f"{item.bootstrap or '(none)'}; pass --cluster-arn <arn> or "
                               "--cluster-arn '<text in the bootstrap servers>=<arn>'")
        auth = {"IAM": "iam", "NONE": "none"}.get((item.authentication or "IAM").upper())
        if auth is None:
            notes.append(f"{item.origin}: authentication type {item.authentication} is not IAM or NONE; "
                         "assumed iam")
            auth = "iam"
        entry: dict = {"name": item.name}
        if item.description:
            entry["description"] = item.description
        entry["cluster"] = cluster_name(arn, auth)
        source_bootstrap = item.configuration.get("source.cluster.bootstrap.servers")
        if source_bootstrap:
            src = clusters.find_exact(source_bootstrap)
            if src is None:
                notes.append(f"{item.origin}: {item.name}: source.cluster.bootstrap.servers={source_bootstrap} "
                             "matches no --cluster-arn '<text>=<arn>'; add source_cluster to the manifest")
            else:
                # MirrorMaker 2's source clients log in as source.cluster.sasl.mechanism says
                # (MirrorConnectorConfig SOURCE_CLUSTER_PREFIX): only AWS_MSK_IAM is IAM access control
                mechanism = (item.configuration.get("source.cluster.sasl.mechanism") or "").strip().upper()
                src_auth = "iam" if mechanism == "AWS_MSK_IAM" else "none"
                if src_auth == "none":
                    notes.append(f"{item.origin}: {item.name}: source.cluster.sasl.mechanism is "
                                 f"{mechanism or 'not set'}, not AWS_MSK_IAM: the source cluster is written with "
                                 "authentication: none (its clients do not use the execution role)")
                entry["source_cluster"] = cluster_name(src, src_auth)
        entry["connector_configuration"] = _redact(item.configuration, f"{item.origin}: {item.name}", redacted)
        if item.worker:
            entry["worker_configuration"] = _redact(item.worker, f"{item.origin}: {item.name} worker", redacted)
        connectors.append(entry)
    clusters_out = {}
    for n, (a, auth) in named.items():
        clusters_out[n] = {"arn": a} if auth == "iam" else {"arn": a, "authentication": auth}
    return {"version": 1, "clusters": clusters_out, "connectors": connectors}


def dump(manifest: dict, sources: list[str]) -> str:
    """YAML text of an imported manifest, with a header naming its sources."""
    import yaml

    header = "# Imported by msk-connect-iam import from: " + ", ".join(sources) + "\n"
    header += "# Review it, then: msk-connect-iam generate <this file> -o modules/\n"
    return header + yaml.safe_dump(manifest, sort_keys=False, default_flow_style=False, allow_unicode=False,
                                   width=120)


def run(inputs: list[Path], worker_properties: Path | None, cluster_arns, terraform: bool | None = None,
        redacted: list[str] | None = None) -> tuple[str, list[str]]:
    """Import ``inputs`` (JSON files and/or .tf files or folders, told apart by extension unless
    ``terraform`` forces one kind) and return (manifest YAML, notes); what was redacted is
    appended to ``redacted`` (default: the notes)."""
    notes: list[str] = []
    worker = {}
    if worker_properties is not None:
        try:
            worker = parse_properties(worker_properties.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportInputError(f"{worker_properties}: cannot read worker properties: {exc}") from None
    clusters = ClusterMap.parse(cluster_arns)
    items: list[Imported] = []
    for path in inputs:
        is_tf = terraform if terraform is not None else (path.is_dir() or path.suffix == ".tf")
        items += from_terraform(path, worker, notes) if is_tf else from_cli_json(path, worker)
    if not items:
        raise ImportInputError("no connector found in the input (expected create-connector JSON or "
                           "aws_mskconnect_connector resources)")
    names = [i.name for i in items]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ImportInputError(f"connector name(s) {', '.join(dupes)} appear more than once in the input")
    return dump(build_manifest(items, clusters, notes, redacted), [str(p) for p in inputs]), notes
