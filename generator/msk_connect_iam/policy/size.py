"""Policy JSON as the Terraform AWS provider renders it, and its size as IAM counts it.

IAM measures a policy without whitespace (IAM User Guide, "IAM and AWS STS quotas": "IAM does not
count white space when calculating the size of a policy against these limits"). What IAM
receives is the JSON that ``aws_iam_policy_document`` renders, which differs from the HCL:

- keys in the order of the provider's structs: ``Version``, ``Statement``; in a statement
  ``Sid`` (omitted when empty), ``Effect``, ``Action``, ``Resource``, ``Principal``,
  ``Condition``; condition operators and keys sorted (Go maps);
- ``Action``/``Resource`` lists sorted in *descending* order, a one-element list written as a
  plain string; condition values keep their order (one value: a plain string);
- Go's ``encoding/json`` escaping: ``<``, ``>`` and ``&`` become six-character ``\\u003c``,
  ``\\u003e``, ``\\u0026``; other characters (U+00A0-U+00FF included) are written as they are.

:func:`render_policy` reproduces that text exactly (tests compare it with ``terraform plan``
output for every module in ``modules/``), and :func:`policy_size` is its length in characters.
Whitespace inside string values is counted: that can only over-estimate IAM's figure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from msk_connect_iam.model import Condition, Statement, TrustPolicy

#: IAM quotas (IAM User Guide, IAM and AWS STS quotas; shared/reference/facts.md), in characters
#: without whitespace.
INLINE_POLICIES_PER_ROLE_MAX = 10_240
MANAGED_POLICY_MAX = 6_144
TRUST_POLICY_MAX = 2_048
#: Managed policies attached to one role: the default quota (adjustable; the manifest's
#: ``role.max_managed_policies`` states the account's value).
MANAGED_POLICIES_PER_ROLE_DEFAULT = 10
#: An MSK cluster policy (resource-based policy) holds at most 20 KB (MSK Developer Guide, "Amazon
#: MSK resource-based policies"); whether MSK counts whitespace or bytes is not documented, so the
#: check uses the minified JSON's characters against 20 x 1,024.
CLUSTER_POLICY_MAX = 20_480

_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _go_json(value) -> str:
    """Minified JSON with Go ``encoding/json`` HTML escaping (what the provider emits)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in _GO_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


def _one_or_list(values: Iterable[str], *, descending: bool) -> str | list[str]:
    items = sorted(set(values), reverse=True) if descending else list(values)
    return items[0] if len(items) == 1 else items


def _conditions(conditions: Iterable[Condition]) -> dict:
    out: dict[str, dict] = {}
    for c in conditions:
        out.setdefault(c.test, {})[c.variable] = _one_or_list(c.values, descending=False)
    return {test: dict(sorted(body.items())) for test, body in sorted(out.items())}


def statement_dict(statement: Statement, principal: tuple[str, tuple[str, ...]] | None = None) -> dict:
    """One statement as the provider orders it (see the module docstring).

    ``principal`` is ``(type, identifiers)`` for trust policies, None for permission policies.
    """
    out: dict = {}
    if statement.sid:
        out["Sid"] = statement.sid
    out["Effect"] = statement.effect
    out["Action"] = _one_or_list(statement.actions, descending=True)
    if statement.resources:
        out["Resource"] = _one_or_list(statement.resources, descending=True)
    if principal is not None:
        kind, identifiers = principal
        out["Principal"] = {kind: _one_or_list(identifiers, descending=True)}
    if statement.conditions:
        out["Condition"] = _conditions(statement.conditions)
    return out


def render_policy(statements: Iterable[Statement]) -> str:
    """The minified JSON ``aws_iam_policy_document`` renders for ``statements`` (in that order)."""
    return _go_json({"Version": "2012-10-17", "Statement": [statement_dict(s) for s in statements]})


def trust_statement(trust: TrustPolicy) -> Statement:
    """The trust policy's single statement (``sts:AssumeRole`` with both confused-deputy conditions)."""
    return Statement(sid="MskConnectAssumeRole", actions=("sts:AssumeRole",), resources=(),
                     conditions=(Condition("ArnLike", "aws:SourceArn", (trust.source_arn,)),
                                 Condition("StringEquals", "aws:SourceAccount", (trust.source_account,))))


def render_trust(trust: TrustPolicy) -> str:
    """The minified trust policy JSON as the provider renders the module's ``trust`` document."""
    stmt = statement_dict(trust_statement(trust), principal=("Service", (trust.principal,)))
    return _go_json({"Version": "2012-10-17", "Statement": [stmt]})


def render_resource_policy(statements: Iterable[Statement], principal: tuple[str, tuple[str, ...]]) -> str:
    """The minified JSON ``aws_iam_policy_document`` renders for ``statements`` when each has the
    ``principals`` block ``principal`` = ``(type, identifiers)`` (a resource-based policy such as
    an MSK cluster policy)."""
    return _go_json({"Version": "2012-10-17", "Statement": [statement_dict(s, principal) for s in statements]})


def policy_size(statements: Iterable[Statement]) -> int:
    """Size in characters IAM counts for a policy holding ``statements``."""
    return len(render_policy(statements))


def trust_size(trust: TrustPolicy) -> int:
    """Size in characters IAM counts for the trust policy."""
    return len(render_trust(trust))
