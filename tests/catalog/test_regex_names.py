"""The topic/group regex lists of MirrorMaker 2 become IAM names: a regex the tool accepts must be
covered by the IAM pattern it produces (everything the regex matches is granted), and a literal or
'<literal>.*' regex must give exactly that name or prefix."""

import re
from fnmatch import fnmatchcase

from hypothesis import given
from hypothesis import strategies as st

from msk_connect_iam.catalog.kinds._shared import regex_names

NAME = st.text(alphabet="abcxyzABC019_-.", min_size=1, max_size=12)
TOPIC = st.text(alphabet="abcxyzABC019_-.", min_size=0, max_size=16)


def escape(name: str) -> str:
    return name.replace(".", "\\.")


def iam_matches(pattern: str, topic: str) -> bool:
    """IAM resource matching of the last ARN segment: '*' matches any run of characters."""
    return fnmatchcase(topic, pattern.replace("[", "[[]").replace("?", "[?]"))


@given(NAME)
def test_a_literal_regex_is_that_exact_name(name):
    assert regex_names(escape(name)) == name


@given(NAME)
def test_a_prefix_regex_is_that_prefix(name):
    assert regex_names(escape(name) + ".*") == name + "*"
    assert regex_names("^" + escape(name) + ".*$") == name + "*"


@given(st.one_of(NAME.map(escape), NAME.map(lambda n: escape(n) + ".*"), st.just(".*")), TOPIC)
def test_the_grant_covers_everything_the_regex_matches(regex, topic):
    pattern = regex_names(regex)
    assert pattern is not None
    if re.fullmatch(regex, topic):
        assert iam_matches(pattern, topic), (regex, pattern, topic)


def test_regexes_that_are_not_names_or_prefixes_are_refused():
    for regex in ("(orders|payments)", "orders-v[0-9]+", "a.*b", "orders|payments", ".*-internal"):
        assert regex_names(regex) is None, regex
