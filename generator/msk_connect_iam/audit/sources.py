"""Readers of the policies an existing role has today, and of the connectors' role ARNs.

Every input file is recognised by its content (the format is never guessed from the name):

- ``aws iam get-account-authorization-details`` JSON (``RoleDetailList``, ``Policies``);
- ``aws iam get-role`` (``Role``), ``list-role-policies`` (``PolicyNames``), ``get-role-policy``
  (``RoleName`` + ``PolicyName`` + ``PolicyDocument``), ``list-attached-role-policies``
  (``AttachedPolicies``, which names no role: it applies to the one role of the other files),
  ``get-policy`` (``Policy``) and ``get-policy-version`` (``PolicyVersion``, which names no
  policy: it belongs to the attached policy whose name is in the file name, or to the only
  attached policy without a document);
- ``terraform show -json`` of a plan (``planned_values``) or of a state (``values``);
- ``.tf`` files or folders of them (python-hcl2): ``aws_iam_role``, ``aws_iam_role_policy``,
  ``aws_iam_policy``, ``aws_iam_role_policy_attachment``, ``aws_iam_policy_attachment``,
  policies as ``jsonencode(...)``, heredoc or string JSON, or ``data.aws_iam_policy_document``;
- ``aws kafkaconnect create-connector --cli-input-json`` / ``describe-connector`` JSON
  (``connectorName`` + ``serviceExecutionRoleArn``) and ``aws_mskconnect_connector`` blocks,
  which say which role a connector uses.

AWS managed policies that the input attaches but does not include are read from the documents
shipped in ``aws_managed/`` (each names its source); any other policy without a document is
reported as not evaluated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .evaluate import Policy, PolicyFormatError, parse_policy
from .needs import AuditInputError, problem

AWS_MANAGED_DIR = Path(__file__).parent / "aws_managed"


@dataclass
class ExistingRole:
    """One role as the inputs describe it."""

    name: str
    arn: str = ""
    source: str = ""
    trust: Policy | None = None
    policies: list[Policy] = field(default_factory=list)
    attached: list[tuple[str, str]] = field(default_factory=list)  # (policy name, ARN)
    boundary_arn: str | None = None
    boundary: Policy | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Inventory:
    """Everything read from the input files."""

    roles: dict[str, ExistingRole] = field(default_factory=dict)
    connector_roles: dict[str, str] = field(default_factory=dict)  # connector name -> role ARN or name
    managed: dict[str, Policy] = field(default_factory=dict)       # policy ARN -> document
    managed_by_name: dict[str, Policy] = field(default_factory=dict)
    orphan_versions: list[tuple[str, Policy]] = field(default_factory=list)  # (file stem, document)
    orphan_attachments: list[tuple[str, str]] = field(default_factory=list)
    orphan_inline: list[tuple[str, Policy]] = field(default_factory=list)

    def role(self, name: str) -> ExistingRole:
        if name not in self.roles:
            self.roles[name] = ExistingRole(name=name)
        return self.roles[name]


def role_name_of(arn_or_name: str) -> str:
    """``arn:...:role/path/name`` -> ``name``; a bare name is returned as is."""
    if arn_or_name.startswith("arn:"):
        return arn_or_name.rsplit("/", 1)[-1]
    return arn_or_name


def _policy(doc, name, kind, file, path, arn="", source="") -> Policy:
    try:
        return parse_policy(doc, name, kind, arn=arn, source=source or file)
    except PolicyFormatError as exc:
        raise AuditInputError([problem(file, str(exc), path=path)]) from None


def _read_text(path: Path, display: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuditInputError([problem(display, "file not found")]) from None
    except IsADirectoryError:
        raise AuditInputError([problem(display, "is a folder; only .tf folders can be read")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditInputError([problem(display, f"cannot read: {exc.__class__.__name__}: {exc}")]) from None


def _load_json(text: str, display: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AuditInputError([problem(display, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)]) from None


# --------------------------------------------------------------------------- AWS CLI JSON


def _from_authorization_details(doc: dict, inv: Inventory, file: str) -> None:
    for i, p in enumerate(doc.get("Policies") or []):
        if not isinstance(p, dict) or "Arn" not in p:
            raise AuditInputError([problem(file, "a policy without Arn", path=f"Policies[{i}]")])
        versions = p.get("PolicyVersionList") or []
        default = next((v for v in versions if isinstance(v, dict) and v.get("IsDefaultVersion")), None)
        if default is None:
            continue
        pol = _policy(default.get("Document"), p.get("PolicyName", p["Arn"]), "managed", file,
                      f"Policies[{i}].PolicyVersionList", arn=p["Arn"])
        inv.managed[p["Arn"]] = pol
    for i, r in enumerate(doc.get("RoleDetailList") or []):
        if not isinstance(r, dict) or "RoleName" not in r:
            raise AuditInputError([problem(file, "a role without RoleName", path=f"RoleDetailList[{i}]")])
        role = inv.role(r["RoleName"])
        role.arn, role.source = r.get("Arn", role.arn), file
        if r.get("AssumeRolePolicyDocument") is not None:
            role.trust = _policy(r["AssumeRolePolicyDocument"], "trust policy", "trust", file,
                                 f"RoleDetailList[{i}].AssumeRolePolicyDocument")
        for j, rp in enumerate(r.get("RolePolicyList") or []):
            role.policies.append(_policy(rp.get("PolicyDocument"), rp.get("PolicyName", f"inline {j}"), "inline", file,
                                         f"RoleDetailList[{i}].RolePolicyList[{j}]"))
        for a in r.get("AttachedManagedPolicies") or []:
            role.attached.append((a.get("PolicyName", ""), a.get("PolicyArn", "")))
        pb = r.get("PermissionsBoundary") or {}
        if pb.get("PermissionsBoundaryArn"):
            role.boundary_arn = pb["PermissionsBoundaryArn"]


def _from_cli(doc: dict, inv: Inventory, file: str, stem: str) -> bool:
    """The per-call AWS CLI outputs; False when ``doc`` is none of them."""
    if isinstance(doc.get("Role"), dict):
        r = doc["Role"]
        role = inv.role(r.get("RoleName", ""))
        role.arn, role.source = r.get("Arn", role.arn), file
        if r.get("AssumeRolePolicyDocument") is not None:
            role.trust = _policy(r["AssumeRolePolicyDocument"], "trust policy", "trust", file, "Role.AssumeRolePolicyDocument")
        pb = r.get("PermissionsBoundary") or {}
        if pb.get("PermissionsBoundaryArn"):
            role.boundary_arn = pb["PermissionsBoundaryArn"]
        return True
    if "PolicyDocument" in doc and "PolicyName" in doc:
        pol = _policy(doc["PolicyDocument"], doc["PolicyName"], "inline", file, "PolicyDocument")
        if doc.get("RoleName"):
            inv.role(doc["RoleName"]).policies.append(pol)
        else:
            inv.orphan_inline.append((stem, pol))
        return True
    if isinstance(doc.get("AttachedPolicies"), list):
        for a in doc["AttachedPolicies"]:
            inv.orphan_attachments.append((a.get("PolicyName", ""), a.get("PolicyArn", "")))
        return True
    if isinstance(doc.get("PolicyNames"), list):
        return True  # list-role-policies: the names only; get-role-policy files carry the documents
    if isinstance(doc.get("PolicyVersion"), dict):
        pv = doc["PolicyVersion"]
        inv.orphan_versions.append((stem, _policy(pv.get("Document"), stem, "managed", file, "PolicyVersion.Document")))
        return True
    if isinstance(doc.get("Policy"), dict) and doc["Policy"].get("Arn"):
        return True  # get-policy: metadata only
    return False


def _from_connector_json(doc: dict, inv: Inventory, file: str) -> bool:
    for d in ([doc] + [c for c in doc.get("connectors", []) if isinstance(c, dict)]):
        if "connectorName" in d and d.get("serviceExecutionRoleArn"):
            inv.connector_roles[str(d["connectorName"])] = str(d["serviceExecutionRoleArn"])
    return "connectorName" in doc or "connectors" in doc


# --------------------------------------------------------------------------- terraform show -json


def _tf_modules(module: dict):
    yield module
    for child in module.get("child_modules") or []:
        yield from _tf_modules(child)


def _from_terraform_json(doc: dict, inv: Inventory, file: str) -> None:
    root = (doc.get("planned_values") or doc.get("values") or {}).get("root_module") or {}
    resources = [r for m in _tf_modules(root) for r in m.get("resources") or []]
    by_address_name: dict[str, str] = {}
    for r in resources:
        v, t, addr = r.get("values") or {}, r.get("type"), r.get("address", "")
        if t == "aws_iam_role" and v.get("name"):
            role = inv.role(v["name"])
            role.arn, role.source = v.get("arn") or role.arn, f"{file} ({addr})"
            by_address_name[addr] = v["name"]
            if v.get("assume_role_policy"):
                role.trust = _policy(v["assume_role_policy"], "trust policy", "trust", file, f"{addr}.assume_role_policy")
            if v.get("permissions_boundary"):
                role.boundary_arn = v["permissions_boundary"]
            for ip in v.get("inline_policy") or []:
                if ip.get("policy"):
                    role.policies.append(_policy(ip["policy"], ip.get("name") or "inline_policy", "inline", file,
                                                 f"{addr}.inline_policy"))
            for arn in v.get("managed_policy_arns") or []:
                role.attached.append((arn.rsplit("/", 1)[-1], arn))
        elif t == "aws_iam_policy" and v.get("policy"):
            pol = _policy(v["policy"], v.get("name") or addr, "managed", file, f"{addr}.policy", arn=v.get("arn") or "")
            if v.get("arn"):
                inv.managed[v["arn"]] = pol
            if v.get("name"):
                inv.managed_by_name[v["name"]] = pol
        elif t == "aws_mskconnect_connector" and v.get("name"):
            inv.connector_roles[v["name"]] = v.get("service_execution_role_arn") or ""
    for r in resources:
        v, t, addr = r.get("values") or {}, r.get("type"), r.get("address", "")
        if t == "aws_iam_role_policy" and v.get("role") and v.get("policy"):
            inv.role(role_name_of(v["role"])).policies.append(
                _policy(v["policy"], v.get("name") or addr, "inline", file, f"{addr}.policy"))
        elif t == "aws_iam_role_policy_attachment" and v.get("role"):
            arn = v.get("policy_arn")
            if arn:
                inv.role(role_name_of(v["role"])).attached.append((arn.rsplit("/", 1)[-1], arn))
            else:
                inv.role(role_name_of(v["role"])).notes.append(f"{addr}: policy_arn is not known until apply; "
                                                               "the attached policy is not evaluated")
        elif t == "aws_iam_policy_attachment" and v.get("policy_arn"):
            for role in v.get("roles") or []:
                inv.role(role_name_of(role)).attached.append((v["policy_arn"].rsplit("/", 1)[-1], v["policy_arn"]))


# --------------------------------------------------------------------------- .tf files

_REF_RE = re.compile(r"^\$\{([A-Za-z0-9_.\-\[\]\"]+)\}$")


def _heredoc(value: str) -> str:
    m = re.match(r"^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\n(.*?)\n?\s*\2$", value, re.S)
    return m.group(3) if m else value


def _blocks(section, rtype):
    for entry in section or []:
        for name, body in (entry.get(rtype) or {}).items():
            yield name, body


class _Tf:
    """Resolution of the references of a set of .tf files."""

    def __init__(self, docs: list[tuple[str, dict]]):
        self.docs = docs
        self.resources: dict[str, tuple[str, dict]] = {}
        self.variables: dict[str, object] = {}
        for file, d in docs:
            for entry in d.get("resource") or []:
                for rtype, named in entry.items():
                    for name, body in named.items():
                        self.resources[f"{rtype}.{name}"] = (file, body)
            for entry in d.get("data") or []:
                for rtype, named in entry.items():
                    for name, body in named.items():
                        self.resources[f"data.{rtype}.{name}"] = (file, body)
            for entry in d.get("variable") or []:
                for name, body in entry.items():
                    if isinstance(body, dict) and "default" in body:
                        self.variables[name] = body["default"]

    def ref(self, value):
        """The referenced resource address and attribute of ``${a.b.attr}``, or None."""
        if not isinstance(value, str):
            return None
        m = _REF_RE.match(value)
        if not m:
            return None
        parts = m.group(1).split(".")
        if parts[0] == "data" and len(parts) >= 4:
            return ".".join(parts[:3]), parts[3]
        if len(parts) >= 3:
            return ".".join(parts[:2]), parts[2]
        return None

    def role_name(self, value) -> str | None:
        r = self.ref(value)
        if r is None:
            return value if isinstance(value, str) and "${" not in value else None
        addr, attr = r
        if addr.startswith("aws_iam_role.") and addr in self.resources:
            body = self.resources[addr][1]
            return body.get("name") if isinstance(body.get("name"), str) and "${" not in body["name"] else addr
        return None

    def resolve_vars(self, obj):
        if isinstance(obj, str):
            def repl(m):
                v = self.variables.get(m.group(1))
                return v if isinstance(v, str) else m.group(0)
            return re.sub(r"\$\{var\.([A-Za-z0-9_-]+)\}", repl, obj)
        if isinstance(obj, list):
            return [self.resolve_vars(v) for v in obj]
        if isinstance(obj, dict):
            return {k: self.resolve_vars(v) for k, v in obj.items() if k != "__is_block__"}
        return obj

    def policy_doc(self, value, where: str, file: str):
        """A policy attribute as a document dict; None when it cannot be resolved offline."""
        import hcl2
        from hcl2 import SerializationOptions

        if not isinstance(value, str):
            return None
        r = self.ref(value)
        if r is not None:
            addr, attr = r
            if addr.startswith("data.aws_iam_policy_document.") and attr == "json" and addr in self.resources:
                return self.policy_document_data(self.resources[addr][1])
            if addr.startswith("aws_iam_policy.") and addr in self.resources:
                return self.policy_doc(self.resources[addr][1].get("policy"), where, file)
            return None
        m = re.match(r"^\$\{jsonencode\((.*)\)\}$", value, re.S)
        if m:
            try:
                obj = hcl2.loads("x = " + m.group(1), serialization_options=SerializationOptions(strip_string_quotes=True))["x"]
            except Exception:  # python-hcl2 raises lark errors of several types
                return None
            return self.resolve_vars(obj)
        text = _heredoc(value).replace("$${", "${")
        try:
            return json.loads(self.resolve_vars(text))
        except json.JSONDecodeError:
            return None

    def policy_document_data(self, body: dict) -> dict:
        """An ``aws_iam_policy_document`` data source as a policy document."""
        statements = []
        for s in body.get("statement") or []:
            s = self.resolve_vars(s)
            out = {"Effect": s.get("effect", "Allow")}
            if s.get("sid"):
                out["Sid"] = s["sid"]
            for hcl_key, key in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"),
                                 ("not_resources", "NotResource")):
                if s.get(hcl_key) is not None:
                    out[key] = s[hcl_key]
            if "Action" not in out and "NotAction" not in out:
                out["Action"] = []
            conds: dict = {}
            for c in s.get("condition") or []:
                conds.setdefault(c["test"], {})[c["variable"]] = c["values"]
            if conds:
                out["Condition"] = conds
            principals: dict = {}
            for p in s.get("principals") or []:
                principals.setdefault(p["type"], []).extend(p["identifiers"])
            if principals:
                out["Principal"] = principals
            statements.append(out)
        return {"Version": "2012-10-17", "Statement": statements}


def _tf_files(path: Path) -> list[Path]:
    return sorted(path.glob("*.tf")) if path.is_dir() else [path]


def _from_tf(path: Path, display: str, inv: Inventory) -> None:
    import hcl2
    from hcl2 import SerializationOptions

    files = _tf_files(path)
    if not files:
        raise AuditInputError([problem(display, "a folder without .tf files")])
    docs = []
    for f in files:
        shown = str(f) if path.is_dir() else display
        text = _read_text(f, shown)
        try:
            docs.append((shown, hcl2.loads(text, serialization_options=SerializationOptions(strip_string_quotes=True))))
        except Exception as exc:  # python-hcl2 raises lark errors of several types
            line = getattr(exc, "line", 0) or 0
            column = getattr(exc, "column", 0) or 0
            raise AuditInputError([problem(shown, f"not valid HCL: {str(exc).splitlines()[0]}", line, column)]) from None
    tf = _Tf(docs)
    for file, d in docs:
        res = d.get("resource")
        for name, body in _blocks(res, "aws_iam_role"):
            rname = body.get("name") if isinstance(body.get("name"), str) and "${" not in body["name"] else f"aws_iam_role.{name}"
            role = inv.role(rname)
            role.source = f"{file} (aws_iam_role.{name})"
            doc = tf.policy_doc(body.get("assume_role_policy"), f"aws_iam_role.{name}.assume_role_policy", file)
            if doc is not None:
                role.trust = _policy(doc, "trust policy", "trust", file, f"aws_iam_role.{name}.assume_role_policy")
            elif body.get("assume_role_policy") is not None:
                role.notes.append(f"aws_iam_role.{name}.assume_role_policy cannot be resolved offline; the trust policy is not audited")
            if isinstance(body.get("permissions_boundary"), str):
                role.boundary_arn = body["permissions_boundary"]
            for ip in body.get("inline_policy") or []:
                doc = tf.policy_doc(ip.get("policy"), f"aws_iam_role.{name}.inline_policy", file)
                if doc is not None:
                    role.policies.append(_policy(doc, ip.get("name") or "inline_policy", "inline", file,
                                                 f"aws_iam_role.{name}.inline_policy"))
            for arn in body.get("managed_policy_arns") or []:
                role.attached.append((arn.rsplit("/", 1)[-1], arn))
        for name, body in _blocks(res, "aws_iam_policy"):
            doc = tf.policy_doc(body.get("policy"), f"aws_iam_policy.{name}.policy", file)
            pname = body.get("name") if isinstance(body.get("name"), str) else f"aws_iam_policy.{name}"
            if doc is not None:
                pol = _policy(doc, pname, "managed", file, f"aws_iam_policy.{name}.policy")
                inv.managed_by_name[f"aws_iam_policy.{name}"] = pol
        for name, body in _blocks(res, "aws_mskconnect_connector"):
            rn = tf.role_name(body.get("service_execution_role_arn"))
            if isinstance(body.get("name"), str) and rn:
                inv.connector_roles[body["name"]] = rn
    for file, d in docs:
        res = d.get("resource")
        for name, body in _blocks(res, "aws_iam_role_policy"):
            rn = tf.role_name(body.get("role"))
            where = f"aws_iam_role_policy.{name}"
            if rn is None:
                continue
            doc = tf.policy_doc(body.get("policy"), where, file)
            if doc is None:
                inv.role(rn).notes.append(f"{file}: {where}.policy cannot be resolved offline; not evaluated")
                continue
            inv.role(rn).policies.append(_policy(doc, body.get("name") or where, "inline", file, f"{where}.policy"))
        for name, body in _blocks(res, "aws_iam_role_policy_attachment"):
            rn = tf.role_name(body.get("role"))
            if rn is None:
                continue
            arn = body.get("policy_arn")
            r = tf.ref(arn)
            if r is not None and r[0].startswith("aws_iam_policy."):
                inv.role(rn).attached.append((r[0], r[0]))
            elif isinstance(arn, str) and "${" not in arn:
                inv.role(rn).attached.append((arn.rsplit("/", 1)[-1], arn))
            else:
                inv.role(rn).notes.append(f"{file}: aws_iam_role_policy_attachment.{name}.policy_arn cannot be resolved offline")


# --------------------------------------------------------------------------- entry point


def read(paths: list[Path]) -> Inventory:
    """Read every input file into one :class:`Inventory`; :class:`AuditInputError` on bad input."""
    inv = Inventory()
    for path in paths:
        display = str(path)
        if path.is_dir() or path.suffix == ".tf":
            if not path.exists():
                raise AuditInputError([problem(display, "file not found")])
            _from_tf(path, display, inv)
            continue
        doc = _load_json(_read_text(path, display), display)
        if not isinstance(doc, dict):
            raise AuditInputError([problem(display, "expected a JSON object (the output of an aws iam call, "
                                                     "terraform show -json, or create-connector JSON)", 1, 1)])
        if "RoleDetailList" in doc or ("Policies" in doc and "UserDetailList" in doc):
            _from_authorization_details(doc, inv, display)
        elif "format_version" in doc and ("planned_values" in doc or "values" in doc):
            _from_terraform_json(doc, inv, display)
        elif _from_cli(doc, inv, display, path.stem):
            pass
        elif _from_connector_json(doc, inv, display):
            pass
        else:
            raise AuditInputError([problem(display, "unknown input format: expected aws iam "
                                           "get-account-authorization-details, get-role, get-role-policy, "
                                           "list-attached-role-policies or get-policy-version JSON, terraform show "
                                           "-json output, .tf files, or create-connector JSON", 1, 1)])
    _finish(inv)
    return inv


def aws_managed(arn: str) -> tuple[Policy, str, bool] | None:
    """The shipped document of an AWS managed policy (policy, source, abridged), or None."""
    m = re.fullmatch(r"arn:[^:]+:iam::aws:policy/(?:.*/)?([^/]+)", arn)
    if not m:
        return None
    f = AWS_MANAGED_DIR / f"{m.group(1)}.json"
    if not f.is_file():
        return None
    data = json.loads(f.read_text(encoding="utf-8"))
    return parse_policy(data["Document"], data["PolicyName"], "aws-managed", arn=arn, source=data["Source"]), \
        data["Source"], bool(data.get("Abridged"))


def _finish(inv: Inventory) -> None:
    """Attach per-call outputs that name no role, then resolve managed policies and boundaries."""
    if inv.orphan_attachments or inv.orphan_inline:
        if len(inv.roles) != 1:
            raise AuditInputError([problem("(inputs)", "list-attached-role-policies or get-role-policy output names "
                                           "no role: give exactly one get-role file with them")])
        role = next(iter(inv.roles.values()))
        role.attached.extend(inv.orphan_attachments)
        role.policies.extend(p for _, p in inv.orphan_inline)
    for role in inv.roles.values():
        pending = []
        for name, arn in role.attached:
            pol = inv.managed.get(arn) or inv.managed_by_name.get(arn) or inv.managed_by_name.get(name)
            if pol is None:
                version = next((p for stem, p in inv.orphan_versions if name and name in stem), None)
                if version is not None:
                    pol = Policy(name=name, kind="managed", statements=tuple(
                        s.__class__(**{**s.__dict__, "policy": name}) for s in version.statements), arn=arn,
                        source=version.source)
            if pol is None:
                pending.append((name, arn))
                continue
            role.policies.append(pol)
        unresolved_versions = [p for stem, p in inv.orphan_versions if not any(n and n in stem for n, _ in role.attached)]
        for name, arn in list(pending):
            if len(pending) == 1 and len(unresolved_versions) == 1 and not arn.startswith(("arn:aws:iam::aws:", "arn:aws-cn:iam::aws:", "arn:aws-us-gov:iam::aws:")):
                v = unresolved_versions[0]
                role.policies.append(Policy(name=name, kind="managed", statements=tuple(
                    s.__class__(**{**s.__dict__, "policy": name}) for s in v.statements), arn=arn, source=v.source))
                pending.remove((name, arn))
                continue
            shipped = aws_managed(arn)
            if shipped is not None:
                pol, source, abridged = shipped
                role.policies.append(pol)
                role.notes.append(f"{name}: the AWS managed policy's document shipped with this tool ({source})"
                                  + ("; abridged" if abridged else ""))
                pending.remove((name, arn))
        for name, arn in pending:
            role.notes.append(f"managed policy {arn or name} is attached but its document is not in the input: "
                              "not evaluated (add get-account-authorization-details or get-policy-version output)")
        if role.boundary_arn:
            pol = inv.managed.get(role.boundary_arn)
            bname = role.boundary_arn.rsplit("/", 1)[-1]
            if pol is None:
                pol = inv.managed_by_name.get(bname) or next(
                    (p for stem, p in inv.orphan_versions if bname and bname in stem), None)
            if pol is None and aws_managed(role.boundary_arn):
                pol = aws_managed(role.boundary_arn)[0]
            if pol is None:
                role.notes.append(f"permissions boundary {role.boundary_arn}: document not in the input; the boundary "
                                  "is not evaluated")
            else:
                role.boundary = Policy(name=f"boundary {pol.name}", kind="boundary", statements=tuple(
                    s.__class__(**{**s.__dict__, "policy": f"boundary {pol.name}"}) for s in pol.statements),
                    arn=role.boundary_arn, source=pol.source)
