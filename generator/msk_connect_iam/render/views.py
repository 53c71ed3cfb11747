"""View models: what the templates see of a role, built in Python (decisions live here, the
templates only loop and format): module variables and outputs with their HCL, managed policies,
the attachment dependencies of the outputs, the README's wildcard notes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from msk_connect_iam.model import ExecutionRole
from msk_connect_iam.policy.permissions import ClusterPolicy
from msk_connect_iam.policy.split import PolicyLayout
from msk_connect_iam.render.escape import HclLiteral, hcl_string, tfdocs_json

#: Distinct variables :func:`_variable` remembers (a bound on memory for long-lived processes).
_VARIABLE_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Variable:
    """A module input: ``hcl_type`` and ``default_hcl`` are HCL source built here, never raw input."""

    name: str
    description: str
    hcl_type: str
    default_hcl: str
    #: The default as terraform-docs shows it (Go's JSON of the value: :func:`tfdocs_json`).
    default_json: str
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


@functools.lru_cache(maxsize=_VARIABLE_CACHE_SIZE)
def _variable(name: str, value) -> Variable:
    """The variable ``name`` of :data:`_VARIABLE_SPECS` with the manifest's ``value`` as default
    (a string; None for no boundary; seconds; tags as (key, value) pairs). Cached: most defaults
    are the same in every module of a manifest."""
    description, hcl_type = _VARIABLE_SPECS[name]
    if name == "max_session_duration":
        return Variable(name, description, hcl_type, str(value), tfdocs_json(value))
    if name == "tags":
        return Variable(name, description, hcl_type, "{}" if not value else "", tfdocs_json(dict(value)),
                        _pad_map(value) if value else None)
    if name == "permissions_boundary" and not value:
        return Variable(name, description, hcl_type, "null", "null")
    return Variable(name, description, hcl_type, hcl_string(value), tfdocs_json(value))


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


def outputs(policies: tuple[ClusterPolicy, ...]) -> list[Output]:
    """Module outputs: ``arn`` (for aws_mskconnect_connector.service_execution_role_arn), ``name``,
    ``unique_id``; when a cluster of the connector (``cluster`` or ``source_cluster``) belongs to
    another account, ``cluster_policy_statements``: a map from each such cluster's ARN to the JSON
    policy document its account merges into that cluster's policy (``policies``, one document
    per cluster: :func:`~msk_connect_iam.policy.permissions.cluster_policies`). Sorted by name."""
    out = list(_ROLE_OUTPUTS)
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


def _depends_on(lay: PolicyLayout) -> str:
    refs = (["aws_iam_role_policy.this"] if lay.inline else []) + \
           [f"aws_iam_role_policy_attachment.{m.key}" for m in lay.managed]
    return "[" + ", ".join(refs) + "]" if refs else ""


def wildcard_notes(statements) -> list[str]:
    """README lines for statements that use ``"*"``/``service:*``: the manifest's or the catalog
    rule's reason, or (for generated rules without one) that the actions support no resource-level
    permissions (IAM database)."""
    notes = []
    for s in statements:
        star = "*" in s.resources or any(a == "*" or a.endswith(":*") for a in s.actions)
        if not star:
            continue
        if s.wildcard_reason:
            manifest = any(o.cause.startswith("aws_permissions[") for o in s.origins)
            notes.append(f"Statement {s.sid} uses a wildcard, as the {'manifest' if manifest else 'catalog rule'} "
                         f"states: {s.wildcard_reason}")
        else:
            notes.append(f"Statement {s.sid} uses Resource \"*\" because its actions support no resource-level "
                         "permissions (IAM Service Authorization Reference).")
    return notes
