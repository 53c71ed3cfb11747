"""The one place where catalog rules build AWS resource ARNs and Kafka names.

Every resource of a :class:`~msk_connect_iam.model.Grant` must be a
:class:`~msk_connect_iam.model.BuiltArn`, and every name of a
:class:`~msk_connect_iam.model.KafkaGrant` or :class:`~msk_connect_iam.model.TopicUse` a
:class:`~msk_connect_iam.model.BuiltName`; only this module makes them. A rule therefore cannot
forget the check below, and a rule that formats an ARN with an f-string fails every test at once.

An ARN or a name is built from *parts*:

- text (``str``), checked whatever its origin (configuration value, a piece parsed out of one, or
  rule text): no ``*`` or ``?`` (IAM wildcards in ARNs), no ``${`` or ``&{`` (policy variables;
  ``aws_iam_policy_document`` turns ``&{`` into ``${``), not empty (an empty value before a
  wildcard would become a bare prefix);
- :class:`Wild` markers (:data:`ANY` for ``*``, :data:`ONE` for ``?``), which only rule code can
  write: the deliberate wildcards of a rule (``bucket/prefix/*``, ``-??????`` of a secret name).

The ARN's partition is always the connector's; its account is 12 digits and the connector's,
or, for an ARN the configuration names explicitly and a rule that allows it, that ARN's owner; its
region is the connector's or a real region of the partition (:data:`REGIONS`, generated from
botocore's endpoint data, see ``data/regions.json``). A user-supplied ARN goes through
:func:`parse_arn` (percent-decoded first), whose pieces are checked the same way.

A problem is a located error at the configuration property the offending text came from (found
by searching the connector's and worker's configuration for that text, raw or percent-decoded),
unless the manifest allows it for that property with ``allow_wildcards: [{property, reason}]``:
then it is let through and the reason is written into the module README as a warning.
(Policy variables and another partition are never allowed.)

The issue this answers: issue 13, "Widening through parsed values".
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..model import BuiltArn, BuiltName

if TYPE_CHECKING:  # pragma: no cover
    from .base import Context

__all__ = ["ANY", "ONE", "GLOBAL", "Wild", "ParsedArn", "build_arn", "build_name", "everything", "parse_arn", "widened",
           "REGIONS", "is_region"]


@dataclass(frozen=True)
class Wild:
    """A wildcard a rule writes deliberately (never text from a configuration)."""

    text: str

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.text


#: ``*`` written by a rule (a prefix, every object under a key prefix, ...).
ANY = Wild("*")
#: ``?`` written by a rule (one character: the ``-??????`` suffix of a secret's ARN).
ONE = Wild("?")


class _Global:
    def __repr__(self) -> str:  # pragma: no cover
        return "GLOBAL"


#: The empty region (and account) field of a global service's ARN (``arn:aws:s3:::bucket``).
GLOBAL = _Global()

_ACCOUNT_RE = re.compile(r"[0-9]{12}")
_WILDCARDS = ("*", "?")
_VARIABLES = ("${", "&{")


@lru_cache(maxsize=1)
def _region_table() -> dict:
    return json.loads((Path(__file__).parent / "data" / "regions.json").read_text(encoding="utf-8"))


#: partition -> the region names of that partition (botocore's endpoint data; see data/regions.json).
REGIONS: dict[str, frozenset[str]] = {p: frozenset(r) for p, r in _region_table()["partitions"].items()}


def is_region(partition: str, region: str) -> bool:
    """True when ``region`` is a region of ``partition`` in the shipped region table."""
    return region in REGIONS.get(partition, ())



# -- locating and reporting ----------------------------------------------------------------------------

def _locate(ctx: "Context", text: str, key: str | None, worker: bool) -> tuple[str | None, bool, str | None]:
    """(property, in the worker configuration, its value) that ``text`` most likely came from."""
    if key is not None:
        value = (ctx.worker if worker else ctx.config).get(key)
        shown = "" if value is None else str(value)
        if (text == "" and not shown.strip()) or (text and (text in shown or text in urllib.parse.unquote(shown))):
            return key, worker, value
        found = _locate(ctx, text, None, worker)
        return found if found[0] is not None else (key, worker, value)
    if text == "":
        for w, mapping in ((False, ctx.config), (True, ctx.worker)):
            for k in ctx.reads(w):
                if k in mapping and not str(mapping[k]).strip():
                    return k, w, mapping[k]
        return None, False, None
    # Best match first: a value equal to the text, then a list item equal to it, then a value
    # holding it, then a percent-decoded value holding it; read properties before the others.
    tests = (lambda v: v.strip() == text, lambda v: text in (i.strip() for i in v.split(",")),
             lambda v: text in v, lambda v: text in urllib.parse.unquote(v))
    for test in tests:
        for w, mapping in ((False, ctx.config), (True, ctx.worker)):
            keys = list(ctx.reads(w)) + sorted(k for k in mapping if k not in ctx.reads(w))
            for k in keys:
                v = mapping.get(k)
                if v is not None and test(str(v)):
                    return k, w, str(v)
    return None, False, None


def _holders(ctx: "Context", text: str) -> list[str]:
    """Every property whose value (raw or percent-decoded) holds ``text``."""
    return [k for mapping in (ctx.config, ctx.worker) for k, v in mapping.items()
            if text in str(v) or text in urllib.parse.unquote(str(v))]


def _problem(ctx: "Context", text: str, what: str, built: str, *, key: str | None, worker: bool,
             allowable: bool = True, problem: str) -> None:
    prop, w, value = _locate(ctx, text, key, worker)
    reason = ctx.allowed.get(prop) if (prop is not None and allowable) else None
    if reason and text and any(k not in ctx.allowed for k in _holders(ctx, text)):
        reason = None  # the text is also in a property the manifest does not allow: never let it through
    if reason:
        ctx.note_allowed(prop, f"allow_wildcards: property '{prop}' puts '{text}' into the {what} {built}, "
                               f"allowed by the manifest: {reason}")
        return
    shown = value.strip() if isinstance(value, str) else text
    piece = next((i.strip() for i in shown.split(",") if text and text in i), shown) if shown else shown
    message = (f"found '{piece}', which becomes part of the {what} {built}; {problem}: name the resource exactly, "
               "declare the access yourself in aws_permissions"
               + (", or allow it for this property with allow_wildcards (property, reason)" if allowable else ""))
    if prop is None:
        ctx.report_once(("connector_configuration",), message)
    else:
        ctx.report_once(("worker_configuration" if w else "connector_configuration", prop), message)


_WILD_PROBLEM = "wildcards ('*', '?') and policy variables ('${...}', '&{...}') there would widen the grant"
_EMPTY_PROBLEM = "an empty value there would leave a bare prefix, which would widen the grant"


def _text(parts: Iterable) -> str:
    return "".join(p.text if isinstance(p, Wild) else p for p in parts)


def _check_parts(ctx: "Context", parts: tuple, what: str, built: str, key: str | None, worker: bool) -> None:
    for p in parts:
        if isinstance(p, Wild):
            continue
        if not isinstance(p, str):
            raise TypeError(f"an ARN/name part must be text or a Wild marker, not {type(p).__name__}")
        if p == "" or not p.strip():
            _problem(ctx, p, what, built, key=key, worker=worker, problem=_EMPTY_PROBLEM)
        elif any(v in p for v in _VARIABLES):
            _problem(ctx, p, what, built, key=key, worker=worker, allowable=False, problem=_WILD_PROBLEM)
        elif any(w in p for w in _WILDCARDS):
            _problem(ctx, p, what, built, key=key, worker=worker, problem=_WILD_PROBLEM)


def _check_region(ctx: "Context", region: str, built: str, key: str | None, worker: bool) -> None:
    if region == ctx.region:
        return
    if any(w in region for w in _WILDCARDS + _VARIABLES) or not region:
        _problem(ctx, region, "IAM resource", built, key=key, worker=worker, problem=_WILD_PROBLEM
                 if region else _EMPTY_PROBLEM)
    elif not is_region(ctx.partition, region):
        _problem(ctx, region, "IAM resource", built, key=key, worker=worker,
                 problem=f"'{region}' is not a region of the partition {ctx.partition} (region table: botocore's "
                         "endpoint data)")


def _check_account(ctx: "Context", account: str, built: str, key: str | None, worker: bool,
                   other_account: bool) -> None:
    if account == ctx.account:
        return
    if not _ACCOUNT_RE.fullmatch(account):
        _problem(ctx, account, "IAM resource", built, key=key, worker=worker,
                 problem=f"the account '{account}' is not 12 digits (a wildcard there would widen the grant)")
    elif not other_account:
        _problem(ctx, account, "IAM resource", built, key=key, worker=worker,
                 problem=f"the account {account} is not the connector's ({ctx.account}), which this rule does not "
                         "allow")


# -- building ----------------------------------------------------------------------------------------------

def build_arn(ctx: "Context", service: str, *resource, region=None, account=None, key: str | None = None,
              worker: bool = False, other_account: bool = False) -> BuiltArn:
    """``arn:<connector's partition>:<service>:<region>:<account>:<resource parts joined>``.

    ``region``/``account``: None for the connector's, :data:`GLOBAL` for the empty field of a
    global service, or text (checked). ``key``/``worker``: the property the value parts come
    from, when known (else found by searching the configuration). ``other_account``: the rule
    allows an account other than the connector's (an ARN the configuration names explicitly).
    """
    region_text = ctx.region if region is None else ("" if region is GLOBAL else region)
    account_text = ctx.account if account is None else ("" if account is GLOBAL else account)
    built = f"arn:{ctx.partition}:{service}:{region_text}:{account_text}:{_text(resource)}"
    _check_parts(ctx, resource, "IAM resource", built, key, worker)
    if region is not GLOBAL:
        _check_region(ctx, region_text, built, key, worker)
    if account is not GLOBAL:
        _check_account(ctx, account_text, built, key, worker, other_account)
    return BuiltArn(built, _built=True)


def widened(ctx: "Context", key: str, what: str, *, worker: bool = False) -> Wild:
    """:data:`ANY` where a rule cannot translate the value of ``key`` exactly and would grant
    everything (``what`` says what): allowed only when the manifest's ``allow_wildcards`` names
    ``key`` (its reason then goes into the README); otherwise a located error."""
    reason = ctx.allowed.get(key)
    if reason:
        ctx.note_allowed(key, f"allow_wildcards: property '{key}' makes the rule grant {what}, allowed by the "
                              f"manifest: {reason}")
    else:
        ctx.report_once(("worker_configuration" if worker else "connector_configuration", key),
                        f"found '{(ctx.worker if worker else ctx.config).get(key, '')}', which the catalog cannot "
                        f"translate exactly, so the rule would grant {what}: name the resources exactly, declare "
                        "the access yourself in aws_permissions, or allow it for this property with "
                        "allow_wildcards (property, reason)")
    return ANY


def everything(reason: str) -> BuiltArn:
    """The resource ``*``, for an action without resource-level permissions; ``reason`` says why
    (kept in the rule's source, where reviewers read it)."""
    if not reason:
        raise ValueError("everything() needs a reason")
    return BuiltArn("*", _built=True)


_KAFKA_WHAT = {"topic": "Kafka topic name", "group": "Kafka group name",
               "transactional-id": "Kafka transactional id"}


def build_name(ctx: "Context", *parts, kind: str = "topic", key: str | None = None, worker: bool = False) -> BuiltName:
    """A Kafka topic / group / transactional-id name (``kind``) from parts; ``ANY`` makes a prefix."""
    built = _text(parts)
    _check_parts(ctx, parts, _KAFKA_WHAT.get(kind, "Kafka name"), built, key, worker)
    if not built:
        _problem(ctx, "", _KAFKA_WHAT.get(kind, "Kafka name"), built, key=key, worker=worker, problem=_EMPTY_PROBLEM)
    return BuiltName(built, _built=True)


# -- parsing user-supplied ARNs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParsedArn:
    """The pieces of an ARN a configuration names (already percent-decoded and checked)."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def rebuild(self, ctx: "Context", *, key: str | None = None, worker: bool = False,
                other_account: bool = False) -> BuiltArn:
        """The ARN again, through :func:`build_arn` (so its pieces get every check)."""
        return build_arn(ctx, self.service, self.resource, region=self.region or GLOBAL,
                         account=self.account or GLOBAL, key=key, worker=worker, other_account=other_account)


def parse_arn(ctx: "Context", value: str, *, service: str, resource: str | tuple[str, ...], key: str,
              worker: bool = False, other_account: bool = False, example: str = "") -> BuiltArn | None:
    """Check and rebuild an ARN the configuration property ``key`` names.

    The value is percent-decoded first (URL-encoded ARNs of config providers), then split into
    partition, service, region, account and resource; the service must be ``service`` and the
    resource start with ``resource`` (one prefix or a tuple, e.g. ``"function:"``). Every piece
    is then checked as :func:`build_arn` checks it; the partition must be the connector's.
    Returns None (after a located error) when it is not such an ARN.
    """
    decoded = urllib.parse.unquote(value.strip())
    prefixes = (resource,) if isinstance(resource, str) else resource
    shape = example or f"arn:{ctx.partition}:{service}:<region>:<account>:{prefixes[0]}<name>"
    fields = decoded.split(":", 5)
    if len(fields) != 6 or fields[0] != "arn" or fields[2] != service or not fields[5].startswith(prefixes) \
            or fields[5] in prefixes:
        ctx.report_once(("worker_configuration" if worker else "connector_configuration", key),
                        f"found '{value.strip()}', which is not the ARN of a {service} resource; expected {shape}")
        return None
    _, partition, _, region, account, res = fields
    if partition != ctx.partition:
        ctx.report_once(("worker_configuration" if worker else "connector_configuration", key),
                        f"found '{value.strip()}', whose partition '{partition}' is not the connector's "
                        f"({ctx.partition}); expected {shape}")
        return None
    parsed = ParsedArn(partition, service, region, account, res)
    return parsed.rebuild(ctx, key=key, worker=worker, other_account=other_account)
