"""Apply a source connector's topic-routing transforms (SMTs) to its derived topic patterns.

Kafka Connect runs a source record through the ``transforms`` chain, in order, before the
producer writes it (``TransformationChain``), so a routing transform changes the topic the
role must allow writing to. A sink's chain runs after the consumer read the record, so it
changes nothing the sink reads: :func:`apply` leaves a sink's topics alone.

A pattern is a topic name or an IAM-style pattern: literal text and ``*`` (any text). The chain
maps every pattern to a sound superset of the names its records can be written to:

- ``org.apache.kafka.connect.transforms.RegexRouter`` (apache/kafka
  connect/transforms/src/main/java/org/apache/kafka/connect/transforms/RegexRouter.java,
  ``apply``: ``regex.matcher(record.topic())``; ``if (matcher.matches())`` the topic becomes
  ``matcher.replaceFirst(replacement)``, otherwise the record keeps its topic): :func:`route_regex`.
- ``io.debezium.transforms.ByLogicalTableRouter`` (debezium/debezium
  debezium-core/src/main/java/io/debezium/transforms/ByLogicalTableRouter.java,
  ``determineNewTopic``: ``topic.regex`` must match the whole topic, which is then replaced by
  ``topic.replacement``; an unmatched topic is kept): the same computation.
- ``org.apache.kafka.connect.transforms.TimestampRouter`` (TimestampRouter.java: ``topic.format``
  default ``${topic}-${timestamp}``, ``${timestamp}`` the record timestamp formatted with
  ``timestamp.format``; a record without timestamp fails): ``${timestamp}`` becomes ``*``.
- ``io.debezium.transforms.outbox.EventRouter`` and
  ``io.debezium.connector.mongodb.transforms.outbox.MongoEventRouter`` (debezium/debezium
  debezium-core/src/main/java/io/debezium/transforms/outbox/EventRouterDelegate.java ``apply``:
  tombstones are dropped; records that are not change-event envelopes (heartbeat, schema change)
  keep their topic; every change event gets the topic ``eventStruct.getString(routeByField)``,
  a value of the row, then goes through a RegexRouter with ``route.topic.regex`` (default
  ``(?<routedByValue>.*)``) and ``route.topic.replacement`` (default
  ``outbox.event.${routedByValue}``; EventRouterConfigDefinition.java ROUTE_TOPIC_REGEX /
  ROUTE_TOPIC_REPLACEMENT / ROUTE_BY_FIELD default ``aggregatetype``)): the routed name is chosen
  by data, so it is the replacement with ``*`` for the value, and a needs-editing warning.
- ``io.confluent.connect.transforms.ExtractTopic$Key`` / ``$Value`` (Confluent docs,
  "ExtractTopic": the topic becomes the value of ``field``): any name; nothing can be granted,
  so a needs-editing warning asks for the routed topics in ``topics``; the un-routed topics stay.

A transform with ``transforms.<alias>.predicate`` applies to some records only: the un-routed
and the routed patterns are both kept. A result that is ``*`` alone is never granted (it would
be every topic): a needs-editing warning asks for the topics in ``topics`` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import TopicUse
from .arnbuild import ANY
from .base import Context

DOC_REGEX_ROUTER = "https://kafka.apache.org/documentation/#connect_included_transformation"
DOC_OUTBOX = "https://debezium.io/documentation/reference/stable/transformations/outbox-event-router.html"
DOC_LOGICAL = "https://debezium.io/documentation/reference/stable/transformations/topic-routing.html"

#: a pattern: literal text pieces and the marker ``STAR`` (any text, possibly empty)
STAR = None
Pattern = tuple  # tuple[str | None, ...]


class Unsupported(ValueError):
    """The regex uses Java syntax this module does not model (so no sound result is claimed)."""


@dataclass(frozen=True)
class _Tok:
    cls: str          # Python regex text of one character class ('' for a literal)
    lit: str          # the literal character (when cls == '')
    quant: str        # '', '*', '+', '?'
    group: int        # capture group number, 0 when outside any group


_META = set(".[]()*+?{}|^$\\")


def parse_regex(regex: str) -> tuple[list[_Tok], int, dict[str, int]]:
    """Parse the supported Java regex subset into tokens: literals (plain or ``\\``-escaped
    punctuation), ``.``, simple ``[...]`` classes, each optionally followed by one greedy ``*``,
    ``+`` or ``?``; flat capture groups ``(...)`` / ``(?<name>...)`` of such atoms; a leading
    ``^`` and a trailing ``$``. Returns (tokens, number of groups, group names).
    Raises :class:`Unsupported` for anything else (alternation, nesting, lazy or counted
    quantifiers, look-around, back references, ``\\d``-style classes)."""
    toks: list[_Tok] = []
    i, n, group, ngroups, names = 0, len(regex), 0, 0, {}
    if regex.startswith("^"):
        i = 1
    if regex.endswith("$") and not regex.endswith("\\$"):
        n -= 1
    while i < n:
        c = regex[i]
        if c == "(":
            if group:
                raise Unsupported("nested groups")
            ngroups += 1
            group = ngroups
            if regex.startswith("(?<", i) and not regex.startswith("(?<=", i) and not regex.startswith("(?<!", i):
                end = regex.find(">", i)
                if end < 0:
                    raise Unsupported("unterminated group name")
                names[regex[i + 3:end]] = group
                i = end + 1
            elif regex.startswith("(?", i):
                raise Unsupported("special group")
            else:
                i += 1
            continue
        if c == ")":
            if not group:
                raise Unsupported("unbalanced ')'")
            group = 0
            i += 1
            continue
        if c == "\\":
            if i + 1 >= n or regex[i + 1].isalnum():
                raise Unsupported(f"escape \\{regex[i + 1:i + 2]}")
            cls, lit, i = "", regex[i + 1], i + 2
        elif c == ".":
            cls, lit, i = "[^\\n\\r\\u0085\\u2028\\u2029]", "", i + 1
        elif c == "[":
            end = regex.find("]", i + 2 if regex.startswith("[^", i) else i + 1)
            body = regex[i + 1:end] if end > 0 else ""
            if end < 0 or "[" in body or "&&" in body or "\\" in body.replace("\\.", "").replace("\\-", ""):
                raise Unsupported("character class")
            cls, lit, i = regex[i:end + 1], "", end + 1
        elif c in _META:
            raise Unsupported(f"'{c}'")
        else:
            cls, lit, i = "", c, i + 1
        quant = ""
        if i < n and regex[i] in "*+?":
            quant = regex[i]
            i += 1
            if i < n and regex[i] in "*+?{":
                raise Unsupported("lazy/possessive quantifier")
        if i < n and regex[i] == "{":
            raise Unsupported("counted quantifier")
        toks.append(_Tok(cls, lit, quant, group))
    if group:
        raise Unsupported("unterminated group")
    return toks, ngroups, names


def python_regex(toks: list[_Tok]) -> str:
    """The Python ``re`` text equivalent to the parsed tokens (used with ``fullmatch``, which is
    Java's ``Matcher.matches()``)."""
    out, open_g = [], 0
    for t in toks:
        if t.group != open_g:
            if open_g:
                out.append(")")
            if t.group:
                out.append("(")
            open_g = t.group
        out.append((t.cls or re.escape(t.lit)) + t.quant)
    if open_g:
        out.append(")")
    return "".join(out)


def parse_replacement(replacement: str, ngroups: int, names: dict[str, int]) -> list:
    """Java ``Matcher`` replacement syntax: ``$n`` (digits taken while they name a group),
    ``${name}``, ``\\x`` a literal x. Returns literal strings and group numbers (int).
    Raises :class:`Unsupported` for a reference to a group that does not exist."""
    out: list = []
    i = 0
    while i < len(replacement):
        c = replacement[i]
        if c == "\\" and i + 1 < len(replacement):
            out.append(replacement[i + 1])
            i += 2
        elif c == "$":
            if replacement.startswith("${", i):
                end = replacement.find("}", i)
                if end < 0 or replacement[i + 2:end] not in names:
                    raise Unsupported("unknown named group")
                out.append(names[replacement[i + 2:end]])
                i = end + 1
                continue
            j = i + 1
            if j >= len(replacement) or not replacement[j].isdigit():
                raise Unsupported("'$' without a group")
            num = int(replacement[j])
            j += 1
            while j < len(replacement) and replacement[j].isdigit() and int(replacement[i + 1:j + 1]) <= ngroups:
                num = int(replacement[i + 1:j + 1])
                j += 1
            if num > ngroups:
                raise Unsupported("no such group")
            out.append(num)
            i = j
        else:
            out.append(c)
            i += 1
    return out


def _norm(parts) -> Pattern:
    out: list = []
    for p in parts:
        if p is STAR:
            if not out or out[-1] is not STAR:
                out.append(STAR)
        elif p:
            if out and out[-1] is not STAR:
                out[-1] += p
            else:
                out.append(p)
    return tuple(out)


def route_regex(pattern: Pattern, regex: str, replacement: str) -> tuple[bool, list[Pattern]]:
    """RegexRouter semantics (``Matcher.matches()`` on the whole topic, then the replacement) on a
    pattern: returns (whether some names of the pattern may keep their topic, routed patterns),
    a sound superset. ``pattern`` is an exact name ``("a",)`` or a prefix ``("a", STAR)``; any
    other shape raises :class:`Unsupported`, as does an unsupported regex."""
    toks, ngroups, names = parse_regex(regex)
    repl = parse_replacement(replacement, ngroups, names)
    if len(pattern) == 1 and pattern[0] is not STAR:
        m = re.fullmatch(python_regex(toks), pattern[0])
        if not m:
            return True, []
        return False, [_norm(p if isinstance(p, str) else (m.group(p) or "") for p in repl)]
    if not (len(pattern) == 2 and pattern[1] is STAR and isinstance(pattern[0], str)):
        raise Unsupported("pattern shape")
    prefix = pattern[0]
    # values[g]: the group's known text, and whether more (unknown) text may follow
    known: dict[int, tuple[str, bool]] = {}
    pos, certain, i = 0, True, 0
    while i < len(toks) and certain:
        t = toks[i]
        if pos >= len(prefix):
            certain = False
            break
        if t.quant == "":
            ok = (t.lit == prefix[pos]) if not t.cls else bool(re.fullmatch(t.cls, prefix[pos]))
            if not ok:
                return True, []   # no name of the pattern matches: all keep their topic
            _extend(known, t.group, prefix[pos], False)
            pos += 1
            i += 1
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.cls and nxt is not None and nxt.quant == "" and not nxt.cls and not re.fullmatch(t.cls, nxt.lit):
            # a class that cannot match the next literal: its run ends at that literal
            run = pos
            while run < len(prefix) and re.fullmatch(t.cls, prefix[run]):
                run += 1
            if run < len(prefix):
                if prefix[run] != nxt.lit or (t.quant == "+" and run == pos) or (t.quant == "?" and run - pos > 1):
                    return True, []
                _extend(known, t.group, prefix[pos:run], False)
                pos = run
                i += 1
                continue
        certain = False
    if certain and i == len(toks):
        # the regex ended inside the prefix: no name matches; at its end: only the prefix itself
        if pos < len(prefix):
            return True, []
        return True, [_norm(p if isinstance(p, str) else known.get(p, ("", False))[0] for p in repl)]
    # from token i on, what each group captures is unknown beyond what is known so far
    open_group = toks[i].group if i < len(toks) else 0
    all_match = (i == len(toks) - 1 and toks[i].quant == "*" and toks[i].cls.startswith("[^\\n")) \
        and prefix.find("\n") < 0
    parts: list = []
    for p in repl:
        if isinstance(p, str):
            parts.append(p)
            continue
        text, _ = known.get(p, ("", False))
        if p in known and p != open_group and all(t.group != p for t in toks[i:]):
            parts.append(text)
        elif p == open_group and all(t.group != p for t in toks[i + 1:]) and toks[i].cls and toks[i].quant \
                and re.fullmatch(f"{toks[i].cls}*", prefix[pos:]) and (i == len(toks) - 1 or _stops(toks[i], toks[i + 1])):
            # the group's last token runs to the end of the name (last token) or to a literal its
            # class cannot match: it holds all of the prefix's rest, then unknown text
            parts += [text + prefix[pos:], STAR]
        else:
            parts += [text, STAR] if p in known else [STAR]
    return not all_match, [_norm(parts)]


def _stops(t: _Tok, nxt: _Tok) -> bool:
    return nxt.quant == "" and not nxt.cls and not re.fullmatch(t.cls, nxt.lit)


def _extend(known: dict, group: int, text: str, more: bool) -> None:
    if group:
        old = known.get(group, ("", False))[0]
        known[group] = (old + text, more)


def _pattern(name: str) -> Pattern:
    pieces = name.split("*")
    return _norm([x for piece in pieces for x in (piece, STAR)][:-1])


def _text(p: Pattern) -> str:
    return "".join("*" if x is STAR else x for x in p)


def apply(ctx: Context, topics: tuple[TopicUse, ...] | list[TopicUse]) -> list[TopicUse]:
    """The topics after the connector's ``transforms`` chain (see the module docstring for the
    rules and their sources). Only a source's topics change; warnings go to ``ctx.warn`` and
    name ``transforms.<alias>...`` keys. Every name is rebuilt through ``ctx.kafka_name`` with
    the property whose text it holds, so a value never puts a wildcard into a grant."""
    topics = list(topics)
    if ctx.type != "source":
        return topics
    for alias in ctx.list("transforms"):
        base = f"transforms.{alias}"
        cls = ctx.get(f"{base}.type") or ""
        simple = cls.rsplit(".", 1)[-1]
        conditional = bool(ctx.get(f"{base}.predicate"))
        if simple in ("RegexRouter", "ByLogicalTableRouter"):
            rkey, pkey = ("regex", "replacement") if simple == "RegexRouter" else ("topic.regex", "topic.replacement")
            regex, repl = ctx.get(f"{base}.{rkey}"), ctx.get(f"{base}.{pkey}")
            if regex is None or repl is None:
                continue  # the transform fails to configure without them (ConfigDef has no default)
            topics = _route(ctx, topics, alias, cls, conditional, f"{base}.{pkey}",
                            lambda pat: route_regex(pat, regex, repl),
                            f"{cls} '{alias}': a topic matching {rkey} '{regex}' is renamed to {pkey} '{repl}'",
                            DOC_REGEX_ROUTER if simple == "RegexRouter" else DOC_LOGICAL)
        elif simple == "TimestampRouter":
            fmt = ctx.get(f"{base}.topic.format", "${topic}-${timestamp}")
            topics = _route(ctx, topics, alias, cls, conditional, f"{base}.topic.format",
                            lambda pat: (False, [_norm(_format(fmt, pat))]),
                            f"{cls} '{alias}': every record goes to topic.format '{fmt}' (${{timestamp}} the "
                            "record's timestamp)", DOC_REGEX_ROUTER)
        elif simple in ("EventRouter", "MongoEventRouter") and "outbox" in cls:
            regex = ctx.get(f"{base}.route.topic.regex", "(?<routedByValue>.*)")
            repl = ctx.get(f"{base}.route.topic.replacement", "outbox.event.${routedByValue}")
            field = ctx.get(f"{base}.route.by.field", "aggregatetype")

            def outbox(pat, regex=regex, repl=repl):
                # the routed-by value is any text: route it as the pattern '*'
                try:
                    keep, routed = route_regex(("", STAR), regex, repl)
                except Unsupported:
                    keep, routed = True, []
                return False, routed + ([(STAR,)] if keep else [])
            topics = _outbox(ctx, topics, alias, cls, conditional, field, f"{base}.route.topic.replacement",
                             outbox, repl)
        elif simple in ("ExtractTopic$Key", "ExtractTopic$Value") or cls.endswith(("ExtractTopic$Key", "ExtractTopic$Value")):
            ctx.warn(f"{base}.field: needs editing: transform '{alias}' ({cls}) sets each record's topic from the "
                     f"field '{ctx.get(f'{base}.field') or ''}' of the record: the topics are chosen by data; "
                     "declare the topics it writes in 'topics' (the un-routed topics stay granted)")
        elif any(r in cls for r in ("TopicRegexRouter", "ContentBasedRouter")):
            ctx.warn(f"{base}.type: needs editing: transform '{alias}' ({cls}) renames the topics records are "
                     "written to in a way the catalog does not model: declare the routed topics in 'topics'")
    return topics


def _format(fmt: str, pat: Pattern) -> list:
    out: list = []
    for piece in re.split(r"(\$\{topic\}|\$\{timestamp\})", fmt):
        if piece == "${topic}":
            out += list(pat)
        elif piece == "${timestamp}":
            out.append(STAR)
        else:
            out.append(piece)
    return out


def _route(ctx: Context, topics: list[TopicUse], alias: str, cls: str, conditional: bool, key: str, fn,
           rule: str, doc: str) -> list[TopicUse]:
    out: list[TopicUse] = []
    for t in topics:
        pat = _pattern(t.name)
        try:
            keep, routed = fn(pat)
        except Unsupported as exc:
            ctx.warn(f"{key}: needs editing: transform '{alias}' ({cls}): the catalog cannot compute the routed "
                     f"names of {t.name} ({exc}); declare the routed topics in 'topics' (the un-routed topic stays "
                     "granted)")
            out.append(t)
            continue
        if keep or conditional:
            out.append(t)
        for r in routed:
            out += _use(ctx, t, r, alias, cls, key, f"{rule}; from {t.name}", doc)
    ctx.warn(f"transform '{alias}' ({cls}) routes the topics records are written to: the routed topics are granted "
             "(derived from its configuration)")
    return _dedupe(out)


def _outbox(ctx: Context, topics: list[TopicUse], alias: str, cls: str, conditional: bool, field: str, key: str,
            fn, repl: str) -> list[TopicUse]:
    """EventRouter: change events of the captured tables are routed; heartbeat, schema change and
    transaction records are not envelopes and keep their topic (EventRouterDelegate.apply)."""
    out: list[TopicUse] = []
    routed_done = False
    for t in topics:
        envelope = "change event topics" in t.rule
        if not envelope or conditional:
            out.append(t)
        if envelope and not routed_done:
            routed_done = True
            _, routed = fn(_pattern(t.name))
            for r in routed:
                out += _use(ctx, t, r, alias, cls, key,
                            f"{cls} '{alias}': every change event goes to route.topic.replacement '{repl}', "
                            f"${{routedByValue}} being the row's '{field}' value", DOC_OUTBOX)
    ctx.warn(f"{key}: needs editing: transform '{alias}' ({cls}) routes every outbox event to a topic named by the "
             f"row's '{field}' value: the topics are chosen by data, so the pattern from route.topic.replacement "
             "is granted; declare the exact topics in 'topics' to narrow it")
    return _dedupe(out)


def _use(ctx: Context, t: TopicUse, r: Pattern, alias: str, cls: str, key: str, rule: str, doc: str) -> list[TopicUse]:
    if not any(isinstance(x, str) and x for x in r):
        ctx.warn(f"{key}: needs editing: transform '{alias}' ({cls}) can write the records of {t.name} to any topic "
                 "as far as the catalog can tell: nothing is granted for the routed names; declare them in 'topics'")
        return []
    parts = [ANY if x is STAR else x for x in r]
    return [TopicUse(ctx.kafka_name(*parts, key=key), f"{t.cause}; {ctx.cause(key)}", rule, doc)]


def _dedupe(topics: list[TopicUse]) -> list[TopicUse]:
    seen, out = set(), []
    for t in topics:
        if t.name not in seen:
            seen.add(t.name)
            out.append(t)
    return out
