"""The sound regex -> IAM name translation (catalog/regexcover.py, issue 12 "Regex topics")."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msk_connect_iam.catalog.arnbuild import Wild
from msk_connect_iam.catalog.regexcover import RegexError, cover


def text(pat) -> str:
    return "".join(p.text if isinstance(p, Wild) else p for p in pat)


def iam_match(pattern: str, name: str) -> bool:
    """IAM's wildcard match, written independently: '*' any run, '?' one character."""
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, name, re.DOTALL) is not None


@pytest.mark.parametrize("regex, expected, exact", [
    ("^ExampleTopic[\\w]*", ["ExampleTopic*"], False),
    ("ordersx?y.*", ["ordersxy*", "ordersy*"], True),   # was 'ordersx*': too narrow
    ("a|.*", ["*"], True),                              # was 'a*': too narrow
    ("orders\\..*", ["orders.*"], True),
    ("orders.v1", ["orders?v1"], True),
    ("(ab|cd)e{2}", ["abee", "cdee"], True),
    ("x{1,3}", ["x", "xx", "xxx"], True),
    ("^connecttest.*$", ["connecttest*"], True),
])
def test_cover_examples(regex, expected, exact):
    pats, ex = cover(regex)
    assert sorted(text(p) for p in pats) == sorted(expected)
    assert ex is exact


@pytest.mark.parametrize("regex", ["(?i)orders", "a\\1", "(?=a)b", "a*?", "[a", "(a", "a)"])
def test_cover_refuses_outside_the_subset(regex):
    with pytest.raises(RegexError):
        cover(regex)


_ATOMS = ["a", "b", "x", "\\.", "-", "_", ".", "[ab]", "[a-c]", "[\\w]", "\\d", "[^a]", "1"]


@st.composite
def regexes(draw, depth=0):
    n = draw(st.integers(1, 4))
    parts = []
    for _ in range(n):
        if depth < 2 and draw(st.integers(0, 5)) == 0:
            alts = draw(st.lists(regexes(depth + 1), min_size=1, max_size=3))
            atom = "(" + "|".join(alts) + ")"
        else:
            atom = draw(st.sampled_from(_ATOMS))
        atom += draw(st.sampled_from(["", "", "", "?", "*", "+", "{2}", "{1,3}", "{2,}", "{0,5}"]))
        parts.append(atom)
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_cover_is_sound(data):
    """For random strings matching the regex (Python re.fullmatch on the same subset), some
    produced pattern covers them."""
    regex = data.draw(regexes())
    pats, exact = cover(regex)
    globs = [text(p) for p in pats]
    name = data.draw(st.from_regex(re.compile(regex), fullmatch=True))
    if name == "":
        return
    assert any(iam_match(g, name) for g in globs), (regex, name, globs)
