"""IAM wildcard patterns as sets of strings: inclusion, intersection and action matching.

Used by the corpus harness (``tests/corpus_harness.py``) to score planned policies against the
hand-written expectations of ``tests/corpus/cases``. Nothing here imports the generator.

A pattern is a string in which ``*`` stands for any run of characters (``/`` and ``:`` included)
and ``?`` for exactly one character; every other character stands for itself (IAM resource and
action matching, IAM User Guide "IAM JSON policy elements: Resource" / "Action"). Both patterns are
turned into the same small automaton (one state per pattern position) and the question is decided
exactly on the product of their subset constructions, over an alphabet made of the literal
characters of the two patterns plus one character that occurs in neither (every other character
behaves like that one). So :func:`includes` is sound *and* complete: it answers True exactly when
every string the inner pattern matches is matched by the outer one, and otherwise
:func:`counterexample` gives a string that shows why.
"""

from __future__ import annotations

from functools import lru_cache

STAR, ONE = "*", "?"


def _tokens(pattern: str) -> tuple[str, ...]:
    # Adjacent stars are one star; each character is one token.
    out: list[str] = []
    for c in pattern:
        if c == STAR and out and out[-1] == STAR:
            continue
        out.append(c)
    return tuple(out)


def _closure(tokens: tuple[str, ...], states) -> frozenset[int]:
    out, todo = set(), list(states)
    while todo:
        i = todo.pop()
        if i in out:
            continue
        out.add(i)
        if i < len(tokens) and tokens[i] == STAR:
            todo.append(i + 1)
    return frozenset(out)


def _step(tokens: tuple[str, ...], states: frozenset[int], c: str) -> frozenset[int]:
    nxt = set()
    for i in states:
        if i >= len(tokens):
            continue
        t = tokens[i]
        if t == STAR:
            nxt.add(i)
        elif t == ONE or t == c:
            nxt.add(i + 1)
    return _closure(tokens, nxt)


def _alphabet(*patterns: str) -> list[str]:
    lits = sorted({c for p in patterns for c in p if c not in (STAR, ONE)})
    other = next(ch for ch in ("x", "z", "#", "\ue000", "\ue001", "\ue002") if ch not in lits)
    return lits + [other]


def _search(inner: str, outer: str, want_outer_accept: bool) -> str | None:
    """BFS over the product: a string matched by ``inner`` and (``want_outer_accept``) matched /
    (not ``want_outer_accept``) not matched by ``outer``; None when there is none."""
    ti, to = _tokens(inner), _tokens(outer)
    alphabet = _alphabet(inner, outer)
    start = (_closure(ti, {0}), _closure(to, {0}))
    seen = {start: ""}
    queue = [start]
    while queue:
        nxt_queue = []
        for state in queue:
            si, so = state
            word = seen[state]
            if len(ti) in si and ((len(to) in so) == want_outer_accept):
                return word
            for c in alphabet:
                ni = _step(ti, si, c)
                if not ni:
                    continue
                no = _step(to, so, c)
                if want_outer_accept and not no:
                    continue
                key = (ni, no)
                if key not in seen:
                    seen[key] = word + c
                    nxt_queue.append(key)
        queue = nxt_queue
    return None


@lru_cache(maxsize=None)
def counterexample(inner: str, outer: str) -> str | None:
    """A string matched by ``inner`` but not by ``outer`` (None when ``inner`` is included)."""
    if outer == STAR:
        return None
    return _search(inner, outer, want_outer_accept=False)


def includes(outer: str, inner: str) -> bool:
    """True when every string matched by ``inner`` is matched by ``outer`` (``outer ⊇ inner``)."""
    return counterexample(inner, outer) is None


@lru_cache(maxsize=None)
def intersects(a: str, b: str) -> bool:
    """True when some string is matched by both patterns."""
    return _search(a, b, want_outer_accept=True) is not None


def matches(pattern: str, text: str) -> bool:
    """``text`` (a literal string, wildcards in it taken literally) matched by ``pattern``."""
    tokens = _tokens(pattern)
    states = _closure(tokens, {0})
    for c in text:
        states = _step(tokens, states, c)
        if not states:
            return False
    return len(tokens) in states


def action_includes(outer: str, inner: str) -> bool:
    """IAM action matching: case-insensitive, with wildcards (``kafka-cluster:*``, ``s3:Get*``)."""
    return includes(outer.lower(), inner.lower())


#: The kafka-cluster actions and the resource type each applies to (MSK Developer Guide,
#: "Semantics of IAM authorization policy actions and resources"); an action on an ARN of another
#: resource type grants nothing.
KAFKA_ACTIONS = {
    "Connect": "cluster", "DescribeCluster": "cluster", "AlterCluster": "cluster",
    "DescribeClusterDynamicConfiguration": "cluster", "AlterClusterDynamicConfiguration": "cluster",
    "WriteDataIdempotently": "cluster",
    "CreateTopic": "topic", "DescribeTopic": "topic", "AlterTopic": "topic", "DeleteTopic": "topic",
    "DescribeTopicDynamicConfiguration": "topic", "AlterTopicDynamicConfiguration": "topic",
    "ReadData": "topic", "WriteData": "topic",
    "DescribeGroup": "group", "AlterGroup": "group", "DeleteGroup": "group",
    "DescribeTransactionalId": "transactional-id", "AlterTransactionalId": "transactional-id",
}


def kafka_resource_type(resource: str) -> str | None:
    """``topic`` for ``arn:aws:kafka:r:a:topic/...``; None when not a kafka ARN or the type part
    has a wildcard (then it may be any type)."""
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[2] != "kafka":
        return None
    rtype = parts[5].split("/", 1)[0]
    if STAR in rtype or ONE in rtype:
        return None
    return rtype


def concrete_kafka_actions(pattern: str) -> list[str] | None:
    """The kafka-cluster actions an action pattern starting with ``kafka-cluster:`` matches (None for
    a pattern of another service, or one such as ``*`` that is not limited to kafka-cluster)."""
    if not pattern.lower().startswith("kafka-cluster:"):
        return None
    return [f"kafka-cluster:{a}" for a in KAFKA_ACTIONS if matches(pattern.lower(), f"kafka-cluster:{a.lower()}")]


def applies(action: str, resource: str) -> bool:
    """False when ``action`` is a kafka-cluster action and ``resource`` an ARN of another kafka
    resource type (the pair grants nothing); True otherwise."""
    if not action.lower().startswith("kafka-cluster:"):
        return True
    name = action.split(":", 1)[1].lower()
    wanted = {t for a, t in KAFKA_ACTIONS.items() if a.lower() == name}
    rtype = kafka_resource_type(resource)
    if not wanted or rtype is None:
        return True
    return rtype in wanted
