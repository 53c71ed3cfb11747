"""IAM policy evaluation for one principal's identity-based policies and permissions boundary.

Written from the IAM User Guide, "Policy evaluation logic" (reference_policies_evaluation-logic.html)
and "IAM JSON policy elements" (Action, NotAction, Resource, NotResource, Condition, condition
operators). No maintained Python library evaluates policies (policyuniverse expands actions but
decides nothing and has had no release since 2023; moto's engine has no NotResource, treats an
unmet condition as an explicit Deny and reads action patterns as regular expressions; the one
complete simulator, @cloud-copilot/iam-simulate, is an AGPL TypeScript package). So this module
implements the part of the logic that applies to a service execution role in its own account:

1. an explicit ``Deny`` in any identity-based policy or the permissions boundary that applies
   to the request decides **deny**;
2. with a permissions boundary, the request must also be allowed by the boundary, else the
   implicit deny stands (the boundary caps, it never grants);
3. otherwise an ``Allow`` of an identity-based policy decides **allow**; none: implicit deny.

Service control policies, resource control policies, session policies and resource-based
policies (an MSK cluster policy, a bucket or key policy) are not inputs: a decision of this
module is "what the role's own policies say", and callers say so.

Three-valued: a condition this module cannot evaluate (a context key whose value is not known
offline, an operator it does not implement) makes the statement's applicability **unknown**,
and a decision that hinges on an unknown statement is ``unknown`` with the conditions listed, never
silently allow or deny.

Matching (IAM User Guide, "IAM JSON policy elements: Action" and "Resource"): actions are
``service:name`` compared case-insensitively with ``*`` (any run of characters) and ``?`` (one
character); resources are compared case-sensitively with the same two wildcards over the whole
ARN (as ``StringLike``). Policy variables ``${key}`` in resources are replaced by the context's
value, or make the statement unknown when the context has none; ``${*}``, ``${?}`` and ``${$}``
are the literal characters.

Audit asks about needed *patterns* (``topic/<cluster>/<uuid>/__amazon_msk_connect_*``), not
single ARNs: :func:`covers` (every ARN of one pattern matches another) and :func:`overlaps` (some
ARN matches both) decide on patterns exactly, so an Allow counts only when it covers all of the
needed pattern and a Deny counts as soon as it overlaps it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

ALLOW, DENY, IMPLICIT_DENY, UNKNOWN = "allow", "explicit-deny", "implicit-deny", "unknown"


class PolicyFormatError(ValueError):
    """A policy document is not an IAM policy (the message says which element is wrong)."""


# --------------------------------------------------------------------------- patterns

_VAR_RE = re.compile(r"\$\{([^}]*)\}")


def _tokens(pattern: str) -> tuple[str, ...]:
    """A pattern as tokens: ``*``, ``?`` or one literal character (escaped as ``\\c``), each run
    of wildcards normalised to its ``?`` first and at most one ``*`` (``*?*`` is ``?*``: the
    same strings), so that the token comparisons of :func:`covers` need not reorder them."""
    out: list[str] = []
    run_q, run_star = 0, False
    for ch in pattern + "\0":
        if ch == "?":
            run_q += 1
        elif ch == "*":
            run_star = True
        else:
            out.extend("?" * run_q)
            if run_star:
                out.append("*")
            run_q, run_star = 0, False
            out.append("\\" + ch)
    return tuple(out[:-1])


@functools.lru_cache(maxsize=65536)
def _glob_rx(pattern: str, ignore_case: bool) -> re.Pattern:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, (re.I if ignore_case else 0) | re.S)


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """True when ``value`` (literal text) matches ``pattern`` (``*`` and ``?`` wildcards)."""
    return _glob_rx(pattern, ignore_case).fullmatch(value) is not None


def covers(outer: str, inner: str, ignore_case: bool = False) -> bool:
    """True when every string ``inner`` (a pattern) stands for matches ``outer`` (a pattern).

    Sound (True only when covered; property-tested) and exact for the patterns of IAM policies
    over an unbounded alphabet, after :func:`_tokens` normalises wildcard runs: ``outer`` must match ``inner``'s
    token sequence where an ``outer`` ``*`` absorbs any tokens (``*`` and ``?`` included), an
    ``outer`` ``?`` exactly one literal or ``?`` token, and a literal only the same literal."""
    if ignore_case:
        outer, inner = outer.lower(), inner.lower()
    return _covers(_tokens(outer), _tokens(inner))


@functools.lru_cache(maxsize=65536)
def _covers(o: tuple[str, ...], i: tuple[str, ...]) -> bool:
    # DP over (position in o, position in i).
    n, m = len(o), len(i)
    reach = [[False] * (m + 1) for _ in range(n + 1)]
    reach[0][0] = True
    for a in range(n + 1):
        for b in range(m + 1):
            if not reach[a][b]:
                continue
            if a < n and o[a] == "*":
                reach[a + 1][b] = True          # the * absorbs nothing more
                if b < m:
                    reach[a][b + 1] = True      # the * absorbs one more token
            if a < n and b < m:
                if o[a] == "?" and i[b] != "*":
                    reach[a + 1][b + 1] = True
                elif o[a] == i[b] and o[a] not in "*?":
                    reach[a + 1][b + 1] = True
    return reach[n][m]


def overlaps(p: str, q: str, ignore_case: bool = False) -> bool:
    """True when some literal string matches both patterns ``p`` and ``q``."""
    if ignore_case:
        p, q = p.lower(), q.lower()
    return _overlaps(_tokens(p), _tokens(q))


@functools.lru_cache(maxsize=65536)
def _overlaps(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
    n, m = len(p), len(q)
    reach = [[False] * (m + 1) for _ in range(n + 1)]
    reach[0][0] = True
    for a in range(n + 1):
        for b in range(m + 1):
            if not reach[a][b]:
                continue
            if a < n and p[a] == "*":
                reach[a + 1][b] = True
                if b < m:
                    reach[a][b + 1] = True
            if b < m and q[b] == "*":
                reach[a][b + 1] = True
                if a < n:
                    reach[a + 1][b] = True
            if a < n and b < m and p[a] != "*" and q[b] != "*":
                if p[a] == "?" or q[b] == "?" or p[a] == q[b]:
                    reach[a + 1][b + 1] = True
    return reach[n][m]


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class PolicyStatement:
    """One statement of a policy, its elements normalised to tuples (None: element absent)."""

    policy: str
    index: int
    sid: str
    effect: str
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    principal: object = None

    @property
    def ref(self) -> str:
        return f"{self.policy} statement {self.sid or self.index}"


@dataclass(frozen=True)
class Policy:
    """A named policy document (``kind``: inline, managed, aws-managed, boundary, trust)."""

    name: str
    kind: str
    statements: tuple[PolicyStatement, ...]
    arn: str = ""
    source: str = ""


def _strings(value, element: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PolicyFormatError(f"{where}: {element} must be a string or a list of strings")


def parse_policy(document, name: str, kind: str = "inline", arn: str = "", source: str = "") -> Policy:
    """Parse an IAM policy document (a dict, or JSON text, possibly URL-encoded as IAM returns it)."""
    import json
    import urllib.parse

    if isinstance(document, str):
        text = document
        if text.lstrip().startswith("%7B") or text.lstrip().startswith("%7b"):
            text = urllib.parse.unquote(text)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolicyFormatError(f"policy {name}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(document, dict):
        raise PolicyFormatError(f"policy {name}: expected a JSON object with Statement")
    raw = document.get("Statement")
    if raw is None:
        raise PolicyFormatError(f"policy {name}: no Statement element")
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise PolicyFormatError(f"policy {name}: Statement must be an object or a list of objects")
    out = []
    for i, s in enumerate(raw):
        where = f"policy {name} statement {i}"
        if not isinstance(s, dict):
            raise PolicyFormatError(f"{where}: expected an object")
        effect = s.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise PolicyFormatError(f"{where}: Effect must be Allow or Deny, found {effect!r}")
        if ("Action" in s) == ("NotAction" in s):
            raise PolicyFormatError(f"{where}: exactly one of Action and NotAction is required")
        if "Resource" in s and "NotResource" in s:
            raise PolicyFormatError(f"{where}: Resource and NotResource cannot both be present")
        conditions = []
        cond = s.get("Condition") or {}
        if not isinstance(cond, dict):
            raise PolicyFormatError(f"{where}: Condition must be an object")
        for op, block in cond.items():
            if not isinstance(block, dict):
                raise PolicyFormatError(f"{where}: Condition {op} must be an object of keys")
            for key, values in block.items():
                if isinstance(values, (bool, int, float)):
                    values = str(values).lower() if isinstance(values, bool) else str(values)
                if isinstance(values, list):
                    values = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
                conditions.append((op, key, _strings(values, f"Condition {op} {key}", where)))
        out.append(PolicyStatement(
            policy=name, index=i, sid=str(s.get("Sid", "")), effect=effect,
            actions=_strings(s["Action"], "Action", where) if "Action" in s else None,
            not_actions=_strings(s["NotAction"], "NotAction", where) if "NotAction" in s else None,
            resources=_strings(s["Resource"], "Resource", where) if "Resource" in s else None,
            not_resources=_strings(s["NotResource"], "NotResource", where) if "NotResource" in s else None,
            conditions=tuple(conditions), principal=s.get("Principal")))
    return Policy(name=name, kind=kind, statements=tuple(out), arn=arn, source=source)


# --------------------------------------------------------------------------- conditions

#: Operators this module evaluates (the IfExists suffix and ForAnyValue/ForAllValues prefixes too).
_STRING_OPS = {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
               "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Bool", "Null"}


def _one(op: str, actual: str, expected: str) -> bool:
    if op in ("StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals"):
        if op.startswith("Arn"):
            return glob_match(expected, actual)
        return actual == expected
    if op in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return actual.lower() == expected.lower()
    if op in ("StringLike", "StringNotLike", "ArnLike", "ArnNotLike"):
        return glob_match(expected, actual)
    if op == "Bool":
        return actual.lower() == expected.lower()
    raise AssertionError(op)


def condition_result(conditions, context: dict[str, tuple[str, ...]]) -> tuple[bool | None, tuple[str, ...]]:
    """Evaluate a statement's Condition element against ``context`` (lower-case key -> values;
    a key absent from ``context`` is *unknown*, a key mapped to ``()`` is known to be absent).

    Returns (True/False/None, the condition texts that could not be evaluated). Conditions
    are ANDed: one False decides False even when others are unknown."""
    unknown: list[str] = []
    result: bool | None = True
    for op, key, values in conditions:
        text = f"{op} {key} {list(values)}"
        qualifier, _, base = op.rpartition(":")
        if_exists = base.endswith("IfExists")
        base = base[: -len("IfExists")] if if_exists else base
        if base not in _STRING_OPS or qualifier not in ("", "ForAnyValue", "ForAllValues"):
            unknown.append(text + " (operator not evaluated offline)")
            result = None if result is not False else False
            continue
        k = key.lower()
        if k not in context:
            unknown.append(text + " (value of the key not known offline)")
            result = None if result is not False else False
            continue
        actual = context[k]
        if base == "Null":
            ok = (len(actual) == 0) == (values[0].lower() == "true")
        elif not actual:
            ok = if_exists or qualifier == "ForAllValues" or (base.startswith(("StringNot", "ArnNot")) and
                                                              qualifier == "")
        else:
            negated = "Not" in base
            if qualifier == "ForAllValues":
                ok = all(any(_one(base, a, e) for e in values) for a in actual)
                ok = (not ok) if negated else ok
            else:
                hit = any(_one(base, a, e) for a in actual for e in values)
                ok = (not hit) if negated else hit
        if not ok:
            result = False
    return result, tuple(unknown)


# --------------------------------------------------------------------------- statements


def _substitute(pattern: str, context: dict[str, tuple[str, ...]]) -> str | None:
    """Replace policy variables; None when a variable's value is not known."""
    missing = False

    def repl(m: re.Match) -> str:
        nonlocal missing
        key = m.group(1)
        if key in ("*", "?", "$"):
            return key if key != "*" and key != "?" else "\0" + key  # literal wildcard marker
        k, _, default = key.partition(", ")
        values = context.get(k.strip().lower())
        if values and len(values) == 1:
            return values[0]
        if default:
            return default.strip().strip("'")
        missing = True
        return ""

    out = _VAR_RE.sub(repl, pattern)
    if missing:
        return None
    if "\0" in out:
        # A literal * or ? cannot be expressed in our patterns: treat as unknown (rare).
        return None
    return out


def action_matches(statement: PolicyStatement, action: str) -> bool:
    """True when the statement's Action (NotAction) element names (does not name) ``action``."""
    if statement.actions is not None:
        return any(glob_match(a, action, ignore_case=True) for a in statement.actions)
    return not any(glob_match(a, action, ignore_case=True) for a in statement.not_actions or ())


def _resource_applies(statement: PolicyStatement, resource: str, context, mode: str) -> bool | None:
    """Does the statement's Resource/NotResource element apply to the needed ``resource`` pattern?

    ``mode`` "all": every ARN of the pattern (for Allow); "any": some ARN of it (for Deny)."""
    patterns = statement.resources if statement.resources is not None else statement.not_resources
    if patterns is None:
        return True  # no resource element (trust policies)
    subst = []
    for p in patterns:
        s = _substitute(p, context)
        if s is None:
            return None
        subst.append(s)
    if statement.resources is not None:
        if mode == "all":
            return any(covers(p, resource) for p in subst)
        return any(overlaps(p, resource) for p in subst)
    # NotResource: applies to the ARNs the patterns do not match.
    if mode == "all":
        return not any(overlaps(p, resource) for p in subst)
    return not any(covers(p, resource) for p in subst)


def statement_applies(statement: PolicyStatement, action: str, resource: str,
                      context: dict[str, tuple[str, ...]], mode: str) -> tuple[bool | None, tuple[str, ...]]:
    """Whether ``statement`` applies to (``action``, ``resource`` pattern): (True/False/None, unknown conditions)."""
    if not action_matches(statement, action):
        return False, ()
    r = _resource_applies(statement, resource, context, mode)
    if r is False:
        return False, ()
    c, unknown = condition_result(statement.conditions, context)
    if c is False:
        return False, ()
    if r is None:
        unknown = unknown + (f"a policy variable in {statement.ref}'s resources has no value offline",)
        return None, unknown
    return c, unknown


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """The decision on one request, with the statements behind it."""

    result: str
    allowed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    #: True when the identity policies allow it but the permissions boundary does not.
    boundary_blocks: bool = False

    @property
    def allowed(self) -> bool:
        return self.result == ALLOW


def _scan(policies, action, resource, context):
    allow, deny, allow_unknown, deny_unknown, notes = [], [], [], [], []
    for p in policies:
        for s in p.statements:
            mode = "all" if s.effect == "Allow" else "any"
            applies, unknown = statement_applies(s, action, resource, context, mode)
            if applies is False:
                continue
            target = (allow if applies else allow_unknown) if s.effect == "Allow" else (deny if applies else deny_unknown)
            target.append(s.ref)
            notes.extend(f"{s.ref}: {u}" for u in unknown)
    return allow, deny, allow_unknown, deny_unknown, notes


def evaluate(action: str, resource: str, identity: list[Policy] | tuple[Policy, ...],
             boundary: Policy | None = None, context: dict[str, tuple[str, ...]] | None = None) -> Decision:
    """Decide (``action``, ``resource`` pattern) for a principal with the ``identity`` policies and
    an optional permissions ``boundary``, per the documented evaluation logic (module doc)."""
    context = context or {}
    allow, deny, allow_u, deny_u, notes = _scan(identity, action, resource, context)
    b_allow, b_deny, b_allow_u, b_deny_u, b_notes = ([], [], [], [], []) if boundary is None else \
        _scan([boundary], action, resource, context)
    if deny or b_deny:
        return Decision(DENY, denied_by=tuple(deny + b_deny))
    unknown_notes = tuple(notes + b_notes)
    if deny_u or b_deny_u:
        return Decision(UNKNOWN, allowed_by=tuple(allow), denied_by=tuple(deny_u + b_deny_u), unknown=unknown_notes)
    identity_allows = True if allow else (None if allow_u else False)
    boundary_allows = True if boundary is None or b_allow else (None if b_allow_u else False)
    if identity_allows is True and boundary_allows is True:
        return Decision(ALLOW, allowed_by=tuple(allow + b_allow))
    if identity_allows is False:
        return Decision(IMPLICIT_DENY)
    if boundary_allows is False:
        return Decision(IMPLICIT_DENY, allowed_by=tuple(allow + allow_u), boundary_blocks=True)
    return Decision(UNKNOWN, allowed_by=tuple(allow + allow_u + b_allow + b_allow_u), unknown=unknown_notes)


@dataclass(frozen=True)
class Grant:
    """One (action pattern, resource pattern) pair an Allow statement grants, with its statement."""

    action: str
    resource: str
    statement: PolicyStatement
    not_action: bool = False
    not_resource: bool = False
    conditional: bool = False
    extra: dict = field(default_factory=dict, compare=False)


def allow_grants(policies) -> list[Grant]:
    """Every (action, resource) pair of every Allow statement (NotAction/NotResource flagged)."""
    out = []
    for p in policies:
        for s in p.statements:
            if s.effect != "Allow":
                continue
            actions = s.actions if s.actions is not None else ("*",)
            resources = s.resources if s.resources is not None else ("*",)
            for a in actions:
                for r in resources:
                    out.append(Grant(a, r, s, not_action=s.actions is None, not_resource=s.resources is None,
                                     conditional=bool(s.conditions)))
    return out
