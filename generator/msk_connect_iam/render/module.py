"""Render an :class:`~msk_connect_iam.model.ExecutionRole` into the files of a Terraform module.

Decisions live in Python (the permission model and the variable/output specs below); the Jinja2
templates in ``templates/`` only loop and format. The environment's ``finalize`` hook refuses any
plain string reaching a template: every value must pass through the ``q`` filter (HCL string
literal, :func:`~msk_connect_iam.render.escape.hcl_string`) or the ``md`` filter (Markdown text).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from msk_connect_iam import __version__, memo
from msk_connect_iam.render.escape import HclLiteral, hcl_string
from msk_connect_iam.model import ExecutionRole, Manifest
from msk_connect_iam.policy.permissions import DOC_ROLE, cluster_policies
from msk_connect_iam.policy.size import INLINE_POLICIES_PER_ROLE_MAX, MANAGED_POLICY_MAX, TRUST_POLICY_MAX
from msk_connect_iam.policy.split import PolicyLayout
from msk_connect_iam.usercache import template_bytecode_cache

#: Files of every generated module, in the order they are written.
MODULE_FILES = ("versions.tf", "main.tf", "variables.tf", "outputs.tf", "README.md", "examples/basic/main.tf")
#: The module's license text, written when the manifest names a license (:mod:`msk_connect_iam.manifest.licenses`).
LICENSE_FILE = "LICENSE"
#: Constraints written into versions.tf: aws_iam_role_policy and aws_iam_policy_document as used
#: here work from provider 5.0 on (5.100.0 is what the tests run); Terraform 1.3 for optional attrs.
TERRAFORM_REQUIRED_VERSION = ">= 1.3"
AWS_PROVIDER_VERSION = ">= 5.0"
INLINE_POLICY_NAME = "msk-connect-permissions"


class Markdown(str):
    """Text already escaped for Markdown (table cells included)."""


#: Characters :func:`md` escapes or replaces (most values have none: names, ARNs, actions).
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|\r\n]")


#: Distinct values each escaping filter remembers: the same actions, ARNs, rules and descriptions
#: recur in every module of a manifest (a bound on memory for long-lived processes).
_FILTER_CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE, typed=True)
def md(value) -> Markdown:
    """Escape text for a Markdown table cell or paragraph: ``| < > * _ ` [ ] \\`` and newlines.
    A pure function of ``value``, cached like :func:`~msk_connect_iam.render.escape.hcl_string`."""
    text = str(value)
    if _MD_SPECIAL.search(text) is None:
        return Markdown(text)
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return Markdown(text.replace("\r", " ").replace("\n", "<br>"))


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE, typed=True)
def md_code(value) -> Markdown:
    """Inline code in Markdown (table-safe): backticks around text with '|' escaped (cached)."""
    text = str(value)
    if "\r" in text or "\n" in text or "|" in text:
        text = text.replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return Markdown(f"{fence}{text}{fence}")


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE)
def md_codes(values: tuple) -> Markdown:
    """Inline code of each value (:func:`md_code`), separated by ``<br>``: a list in a table cell.
    ``values`` is a tuple (hashable: the result is cached)."""
    return Markdown("<br>".join([md_code(v) for v in values]))


_PLAIN_URL = re.compile(r"https://[^\s<>()|\[\]`]+")


@functools.lru_cache(maxsize=1024)
def md_url(value) -> Markdown:
    """A documentation URL for a Markdown link target: refused unless plain https:// without
    spaces, brackets or '|' (the URLs come from the catalog's code, never from a manifest)."""
    text = str(value)
    if not _PLAIN_URL.fullmatch(text):
        raise ValueError(f"not a plain https URL: {text!r}")
    return Markdown(text)


def fenced(value) -> Markdown:
    """Text for a Markdown code block: refused if it could end the fence or hold control characters."""
    text = str(value)
    if "`" in text or any(ord(c) < 0x20 for c in text):
        raise ValueError(f"cannot place {text!r} in a code block")
    return Markdown(text)


def tf_identifier(name: str) -> str:
    """A Terraform identifier derived from ``name``: non-identifier characters become '_'."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    return ident if re.match(r"[A-Za-z_]", ident) else f"_{ident}"


_SAFE_TYPES = frozenset((HclLiteral, Markdown, bool, int))


def _finalize(value):
    if type(value) in _SAFE_TYPES:  # the common case, without isinstance's walk
        return value
    if isinstance(value, (HclLiteral, Markdown, bool, int)) or value is None:
        return "" if value is None else value
    raise TypeError(f"unescaped value reached a template: {value!r}; use the q or md filter")


def templates_dir() -> Path:
    """The templates folder, ``render/templates/`` inside the package (the wheel ships it)."""
    return Path(__file__).parent / "templates"


class _Environment(jinja2.Environment):
    """A Jinja2 environment whose attribute lookups (``{{ s.sid }}``) are Python's ``getattr``:
    the templates read attributes of this package's objects, never dict keys, so Jinja's
    fallback to ``obj[name]`` (a Python-level call per lookup) is not needed. A missing
    attribute raises AttributeError, as StrictUndefined would raise on its use."""

    getattr = staticmethod(getattr)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: StrictUndefined, trailing newline kept, strict finalize; the
    compiled templates are cached in the user cache folder (:func:`~msk_connect_iam.usercache.template_bytecode_cache`)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize,
        auto_reload=False,  # templates are package data: no stat of each template per render
    )
    env.filters["q"] = hcl_string
    env.filters["md"] = md
    env.filters["code"] = md_code
    env.filters["codes"] = md_codes
    env.filters["fenced"] = fenced
    env.filters["url"] = md_url
    env.filters["num"] = lambda v: Markdown(f"{int(v):,}")  # a count or size with thousands separators
    env.filters["raw_hcl"] = HclLiteral  # only for text built by Python code in this module
    env.bytecode_cache = template_bytecode_cache(env)  # compiled templates in the user cache (usercache.py)
    return env


@functools.lru_cache(maxsize=1)
def _module_templates() -> dict[str, jinja2.Template]:
    """The compiled template of each of :data:`MODULE_FILES`, looked up once."""
    env = environment()
    return {name: env.get_template(name + ".j2") for name in MODULE_FILES}


def _render(template: jinja2.Template, context: dict) -> str:
    """``template`` rendered with ``context`` as it is: what :meth:`jinja2.Template.render` does,
    without copying the environment's globals (range, dict, ...) into every context, which the
    module templates do not use (``new_context(shared=True)``)."""
    env = template.environment
    try:
        return env.concat(template.root_render_func(template.new_context(context, shared=True)))
    except Exception:
        return env.handle_exception()  # the traceback points into the template, as render's does


#: Distinct fragments :func:`fragment` remembers (a bound on memory for long-lived processes).
_FRAGMENT_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_FRAGMENT_CACHE_SIZE)
def fragment(kind: type, macro: str, *args):
    """The text of macro ``macro`` of ``templates/fragments.j2`` called with ``args`` (hashable:
    frozen dataclasses, tuples, strings), as ``kind`` (:class:`~msk_connect_iam.render.escape.HclLiteral`
    or :class:`Markdown`: the macro escaped every value it placed, through the strict finalize).

    Rendered once per distinct call: most variables, every output and their terraform-docs rows
    are the same in every module of a manifest.
    """
    return kind(getattr(_fragments(), macro)(*args))


@functools.lru_cache(maxsize=1)
def _fragments():
    """The macros of ``templates/fragments.j2`` (its template module), loaded once."""
    return environment().get_template("fragments.j2").module


@dataclass(frozen=True)
class Variable:
    """A module input: ``hcl_type`` and ``default_hcl`` are HCL source built here, never raw input."""

    name: str
    description: str
    hcl_type: str
    default_hcl: str
    default_md: str
    multiline_default: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class Output:
    """A module output; ``value`` is HCL source."""

    name: str
    description: str
    value: str


def _pad_map(items) -> tuple[tuple[str, str], ...]:
    """(key literal padded for terraform fmt alignment, value literal) pairs of an HCL map."""
    keys = [hcl_string(k) for k, _ in items]
    width = max((len(k) for k in keys), default=0)
    return tuple((HclLiteral(k.ljust(width)), hcl_string(v)) for k, (_, v) in zip(keys, items))


def variables(role: ExecutionRole) -> list[Variable]:
    """Role-level settings as module variables whose defaults are the manifest's values."""
    r = role.connector.role
    return [_variable("name", r.name), _variable("path", r.path), _variable("description", r.description),
            _variable("permissions_boundary", r.permissions_boundary),
            _variable("max_session_duration", r.max_session_duration), _variable("tags", r.tags)]


#: Description and HCL type of each module variable (:func:`variables`).
_VARIABLE_SPECS = {
    "name": ("Name of the service execution role. Changing it replaces the role, and with it any "
             "connector using the role.", "string"),
    "path": ("IAM path of the role.", "string"),
    "description": ("Description of the role.", "string"),
    "permissions_boundary": ("ARN of the managed policy that sets the role's permissions boundary, "
                             "or null for none.", "string"),
    "max_session_duration": ("Maximum session duration of the role, in seconds (3600-43200).", "number"),
    "tags": ("Tags for the role.", "map(string)"),
}


@functools.lru_cache(maxsize=_FRAGMENT_CACHE_SIZE)
def _variable(name: str, value) -> Variable:
    """The variable ``name`` of :data:`_VARIABLE_SPECS` with the manifest's ``value`` as default
    (a string; None for no boundary; seconds; tags as (key, value) pairs). Cached: most defaults
    are the same in every module of a manifest."""
    description, hcl_type = _VARIABLE_SPECS[name]
    if name == "max_session_duration":
        return Variable(name, description, hcl_type, str(value), str(value))
    if name == "tags":
        tags_md = json.dumps(dict(value), sort_keys=True, ensure_ascii=False) if value else "{}"
        return Variable(name, description, hcl_type, "{}" if not value else "", tags_md,
                        _pad_map(value) if value else None)
    if name == "permissions_boundary" and not value:
        return Variable(name, description, hcl_type, "null", "null")
    if name == "description":  # free text: the README shows it as written
        return Variable(name, description, hcl_type, hcl_string(value), json.dumps(value, ensure_ascii=False))
    return Variable(name, description, hcl_type, hcl_string(value), json.dumps(value))


def _cluster_policy_value(policies) -> str:
    """HCL of the ``cluster_policy_statements`` map: cluster ARN -> JSON of its document, keys
    padded for terraform fmt alignment."""
    rows = _pad_map([(p.cluster.arn.arn, "") for p in policies])
    lines = [f"    {key} = data.aws_iam_policy_document.{p.key}_policy.json" for (key, _), p in zip(rows, policies)]
    return "{\n" + "\n".join(lines) + "\n  }"


#: The outputs every module has, sorted by name (:func:`outputs`).
_ROLE_OUTPUTS = (
    Output("arn", "ARN of the service execution role; pass it to "
           "aws_mskconnect_connector.service_execution_role_arn.", "aws_iam_role.this.arn"),
    Output("name", "Name of the service execution role.", "aws_iam_role.this.name"),
    Output("unique_id", "Stable unique id of the service execution role.", "aws_iam_role.this.unique_id"),
)


def outputs(role: ExecutionRole, policies: list | None = None) -> list[Output]:
    """Module outputs: ``arn`` (for aws_mskconnect_connector.service_execution_role_arn), ``name``,
    ``unique_id``; when a cluster of the connector (``cluster`` or ``source_cluster``) belongs to
    another account, ``cluster_policy_statements``: a map from each such cluster's ARN to the JSON
    policy document its account merges into that cluster's policy (one document per cluster:
    :func:`~msk_connect_iam.policy.permissions.cluster_policies`; ``policies``: those, when the caller
    has them already). Sorted by name."""
    out = list(_ROLE_OUTPUTS)
    if policies is None:
        policies = cluster_policies(role)
    if policies:
        out.append(Output("cluster_policy_statements", "Map from the ARN of each MSK cluster that another account "
                          "owns to a policy document (JSON, Principal: this role) whose statements that account must "
                          "add to the cluster's policy (aws_msk_cluster_policy) so that this role may use the "
                          "cluster.", _cluster_policy_value(policies)))
    return sorted(out, key=lambda o: o.name)


@dataclass(frozen=True)
class ManagedView:
    """A managed policy as the templates see it: ``key`` is a Terraform identifier and IAM name
    suffix; ``name_hcl`` the HCL expression of the policy name."""

    key: str
    name_hcl: str
    statements: tuple
    size: int


def role_layout(role: ExecutionRole) -> PolicyLayout:
    """The role's :class:`~msk_connect_iam.policy.split.PolicyLayout` (inline, compacted or split);
    raises split.BudgetError when nothing fits (validation reports that first, located).
    Computed once per role object (:mod:`msk_connect_iam.memo`)."""
    return memo.role_layout(role)


def _depends_on(lay: PolicyLayout) -> str:
    refs = (["aws_iam_role_policy.this"] if lay.inline else []) + \
           [f"aws_iam_role_policy_attachment.{m.key}" for m in lay.managed]
    return "[" + ", ".join(refs) + "]" if refs else ""


def wildcard_notes(statements) -> list[str]:
    """README lines for statements that use ``"*"``/``service:*``: the manifest's reason, or (for
    generated rules) that the actions support no resource-level permissions (IAM database)."""
    notes = []
    for s in statements:
        star = "*" in s.resources or any(a == "*" or a.endswith(":*") for a in s.actions)
        if not star:
            continue
        if s.wildcard_reason:
            notes.append(f"Statement {s.sid} uses a wildcard, as the manifest states: {s.wildcard_reason}")
        else:
            notes.append(f"Statement {s.sid} uses Resource \"*\" because its actions support no resource-level "
                         "permissions (IAM Service Authorization Reference).")
    return notes


@functools.lru_cache(maxsize=64)
def header_text(manifest_ref: str) -> str:
    """The one-line generated-file marker, naming the manifest by its path relative to the output
    folder (so it does not depend on the working directory); no timestamp.

    Characters other than ASCII letters, digits and ``/._-+@~`` in the path are percent-encoded,
    so the header stays one line and cannot end the HCL comment or the README's HTML comment.
    Cached: every module of a run has the same header.
    """
    from urllib.parse import quote

    safe = quote(manifest_ref, safe="/.-_+@~")
    return f"Generated by msk-connect-iam from {safe}. Do not edit: regenerate with msk-connect-iam generate."


def render_module(role: ExecutionRole, manifest_ref: str, usage_source: str | None = None) -> dict[str, str]:
    """Render one connector's module; returns ``{file name: text}`` for :data:`MODULE_FILES`, plus
    :data:`LICENSE_FILE` when the connector has a license (the header line, a blank line, the text).

    ``manifest_ref`` is the manifest's path relative to the output folder (posix separators);
    ``usage_source`` is the module source the README's usage shows (default ``./modules/<name>``).
    Raises jinja2 errors only on a template bug (never on user input: it is validated first).
    """
    header = header_text(manifest_ref)
    lay = role_layout(role)
    managed = [ManagedView(key=m.key, name_hcl=HclLiteral(f'"${{var.name}}-{m.key}"'), statements=m.statements,
                           size=m.size) for m in lay.managed]
    policies = cluster_policies(role)
    c = role.connector
    variable_list = variables(role)
    output_list = outputs(role, policies)
    context = {
        **_run_context(header),
        "role": role,
        "connector": c,
        "statements": lay.inline,
        "all_statements": role.statements,
        "has_policy": bool(lay.inline),
        "managed": managed,
        "layout": lay,
        "layout_notes": [*lay.notes, *wildcard_notes(role.statements)],
        "depends_on": HclLiteral(_depends_on(lay)),
        "cross_account": bool(policies),
        "cluster_policies": policies,
        # This role's ARN built from its partition, account, path and name, so that the cluster
        # policy documents are known at plan time (IAM User Guide, "IAM identifiers": role ARNs).
        "role_arn_prefix": f"arn:{c.partition}:iam::{c.account}:role",
        "variable_blocks": [fragment(HclLiteral, "variable_block", v) for v in variable_list],
        "input_rows": [fragment(Markdown, "input_row", v) for v in sorted(variable_list, key=_by_name)],
        "outputs": output_list,
        "output_rows": [fragment(Markdown, "output_row", o) for o in output_list],  # sorted by name
        "example_id": Markdown(tf_identifier(c.name)),
        "region": hcl_string(c.region),
        "usage_source": hcl_string(usage_source or f"./modules/{module_dir_name(c.name)}"),
        "license": c.license,
    }
    templates = _module_templates()
    files = {}
    for name in MODULE_FILES:
        if name == "versions.tf":  # the same in every module of the run
            files[name] = _recurring_file(name, header)
        elif name == "outputs.tf":  # the same in every module without cross-account clusters
            files[name] = _recurring_file(name, header, outputs=tuple(output_list), depends_on=context["depends_on"])
        else:
            files[name] = _render(templates[name], context)
    if c.license is not None:
        files[LICENSE_FILE] = f"{header}\n\n{c.license.text}"
    return files


@functools.lru_cache(maxsize=256)
def _recurring_file(name: str, header: str, **values) -> str:
    """Module file ``name`` rendered with the run's constants (:func:`_run_context`) and
    ``values`` (hashable), once per distinct call: for the files most modules share."""
    return _render(_module_templates()[name], {**_run_context(header), **values})


def _by_name(item) -> str:
    """Sort key of a :class:`Variable` or :class:`Output`: its name (terraform-docs order)."""
    return item.name


@functools.lru_cache(maxsize=64)
def _run_context(header: str) -> dict:
    """The context values every module of a run shares: the header line (``header_text``) and
    this module's constants, built once per header."""
    return {
        "header": HclLiteral(header),
        "header_md": Markdown(header),
        "version": HclLiteral(__version__),
        "inline_max": Markdown(f"{INLINE_POLICIES_PER_ROLE_MAX:,}"),
        "managed_max": Markdown(f"{MANAGED_POLICY_MAX:,}"),
        "trust_max": Markdown(f"{TRUST_POLICY_MAX:,}"),
        "terraform_version": hcl_string(TERRAFORM_REQUIRED_VERSION),
        "aws_version": hcl_string(AWS_PROVIDER_VERSION),
        "policy_name": hcl_string(INLINE_POLICY_NAME),
        "doc_role": Markdown(DOC_ROLE),
        "terraform_version_md": Markdown(TERRAFORM_REQUIRED_VERSION),
        "aws_version_md": Markdown(AWS_PROVIDER_VERSION),
    }


def module_dir_name(connector_name: str) -> str:
    """The module's folder name under the output folder: the connector name (validated safe)."""
    return connector_name


def render_manifest(manifest: Manifest, manifest_ref: str) -> dict[str, str]:
    """Render every connector's module; returns ``{"<connector>/<file>": text}`` in a stable order."""
    files: dict[str, str] = {}
    for connector in manifest.connectors:
        role = memo.execution_role(connector)  # validation built it already (memo.py)
        for name, text in render_module(role, manifest_ref).items():
            files[f"{module_dir_name(connector.name)}/{name}"] = text
    return files
