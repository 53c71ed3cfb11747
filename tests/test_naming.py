"""Role names: derived from name_prefix + connector name, shortened with a hash past 64
characters, stable, never colliding (case-insensitively) within a manifest; or set explicitly."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from manifests import HEADER, connectors, problems
from msk_connect_iam.manifest.naming import ROLE_NAME_MAX, ROLE_NAME_RE, derive_role_name

LONG_A = "a-very-long-connector-name-that-goes-on-and-on-and-on-past-the-iam-limit-v1"
LONG_B = "a-very-long-connector-name-that-goes-on-and-on-and-on-past-the-iam-limit-v2"


def test_short_names_are_prefix_plus_connector_name():
    assert derive_role_name("orders-s3-sink") == "orders-s3-sink"
    assert derive_role_name("orders-s3-sink", "staging-") == "staging-orders-s3-sink"


def test_exactly_64_characters_is_kept_whole():
    name = "c" * 60
    assert derive_role_name(name, "pre-") == "pre-" + name
    assert len(derive_role_name(name, "pre-x")) == 64 and derive_role_name(name, "pre-x") != "pre-x" + name


def test_long_names_are_shortened_with_a_sha256_suffix():
    full = "staging-" + LONG_A
    expected = full[:55] + "-" + hashlib.sha256(full.lower().encode()).hexdigest()[:8]
    got = derive_role_name(LONG_A, "staging-")
    assert got == expected
    assert len(got) == ROLE_NAME_MAX and ROLE_NAME_RE.match(got)
    # Hand-checked value: must never change between releases (a new name replaces the role).
    assert got == "staging-a-very-long-connector-name-that-goes-on-and-on--46409e7a"


def test_long_names_sharing_their_start_still_differ():
    a, b = derive_role_name(LONG_A), derive_role_name(LONG_B)
    assert a[:55] == b[:55] and a != b


def test_derivation_is_stable_across_calls_and_manifests():
    names = {derive_role_name(LONG_A, "p-") for _ in range(3)}
    assert len(names) == 1
    m1 = connectors(f"""\
        connectors:
          - name: {LONG_A}
            type: sink
            topics: [t]
        """)
    m2 = connectors(f"""\
        connectors:
          - name: other
            type: sink
            topics: [t]
          - name: {LONG_A}
            type: source
            topics: [u]
        """)
    assert m1.connectors[0].role.name == m2.connectors[1].role.name == derive_role_name(LONG_A)


def test_name_prefix_from_defaults_and_connector_override():
    m = connectors("""\
        connectors:
          - name: a
            type: sink
            topics: [t]
          - name: b
            type: sink
            topics: [t]
            role: {name_prefix: "adhoc-"}
          - name: c
            type: sink
            topics: [t]
            role: {name: Explicit-Role}
        """, HEADER + "  role:\n    name_prefix: staging-\n")
    assert [c.role.name for c in m.connectors] == ["staging-a", "adhoc-b", "Explicit-Role"]


def test_explicit_role_name_colliding_case_insensitively_is_a_located_error():
    found = problems(HEADER + """\
  role:
    name_prefix: staging-
connectors:
  - name: orders-s3-sink
    type: sink
    topics: [orders]
  - name: legacy-orders
    type: sink
    topics: [orders]
    role:
      name: Staging-Orders-S3-Sink
""")
    assert found == ["m.yaml:15:13: connectors[1].role.name: role name 'Staging-Orders-S3-Sink' collides with "
                     "the role of connectors[0] ('staging-orders-s3-sink'); IAM role names are case-insensitive; "
                     "expected a unique role name"]


def test_derived_name_colliding_with_an_explicit_one_is_reported_at_the_second_connector():
    found = problems(HEADER + """\
connectors:
  - name: first
    type: sink
    topics: [t]
    role: {name: ORDERS}
  - name: orders
    type: sink
    topics: [t]
""")
    assert len(found) == 1
    assert found == ["m.yaml:10:11: connectors[1].name: derived role name 'orders' collides with the role of "
                     "connectors[0] ('ORDERS'); IAM role names are case-insensitive; expected a unique role name "
                     "(set role.name)"]


def test_connector_names_differing_only_in_case_are_rejected():
    found = problems(HEADER + """\
connectors:
  - name: Orders
    type: sink
    topics: [t]
  - name: orders
    type: sink
    topics: [t]
""")
    assert found == ["m.yaml:9:11: connectors[1].name: connector name 'orders' is already used by connectors[0] "
                     "(names are compared case-insensitively: they become folders); expected a unique name"]


def test_all_collisions_are_reported_at_once():
    found = problems(HEADER + """\
connectors:
  - {name: a, type: sink, topics: [t], role: {name: same}}
  - {name: b, type: sink, topics: [t], role: {name: SAME}}
  - {name: c, type: sink, topics: [t], role: {name: Same}}
""")
    assert [f.split(": ")[1] for f in found] == ["connectors[1].role.name", "connectors[2].role.name"]


@pytest.mark.parametrize("name", ["", "has space", "x" * 65, "ünï"])
def test_invalid_explicit_role_names_are_rejected(name):
    found = problems(HEADER + f"""\
connectors:
  - name: a
    type: sink
    topics: [t]
    role: {{name: "{name}"}}
""")
    assert len(found) == 1 and "connectors[0].role.name" in found[0] and "1-64 characters" in found[0]


def test_invalid_name_prefix_is_rejected_where_it_is_written():
    found = problems(HEADER + """\
  role:
    name_prefix: "stag ing-"
connectors:
  - {name: a, type: sink, topics: [t]}
  - {name: b, type: sink, topics: [t]}
""")
    assert found == ["m.yaml:6:18: defaults.role.name_prefix: name_prefix 'stag ing-' may only hold letters, "
                     "digits and '+=,.@_-' (the characters of IAM role names)"]


def test_default_role_name_is_rejected():
    found = problems(HEADER + """\
  role:
    name: shared
connectors:
  - {name: a, type: sink, topics: [t]}
""")
    assert len(found) == 1 and found[0].startswith("m.yaml:6:5: defaults.role.name: a role name belongs to one connector")


def test_long_prefix_still_yields_distinct_valid_names():
    prefix = "p" * 60 + "-"
    m = connectors("""\
        connectors:
          - {name: alpha, type: sink, topics: [t]}
          - {name: beta, type: sink, topics: [t]}
        """, HEADER + f"  role:\n    name_prefix: {prefix}\n")
    names = [c.role.name for c in m.connectors]
    assert len({n.lower() for n in names}) == 2 and all(ROLE_NAME_RE.match(n) and len(n) == 64 for n in names)


_NAME = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}", fullmatch=True)
_PREFIX = st.from_regex(r"[A-Za-z0-9+=,.@_-]{0,40}", fullmatch=True)


@settings(max_examples=100, deadline=None)
@given(prefix=_PREFIX, name=_NAME)
def test_property_derived_names_are_valid_and_keep_short_names_whole(prefix, name):
    got = derive_role_name(name, prefix)
    assert ROLE_NAME_RE.match(got) and len(got) <= ROLE_NAME_MAX
    full = prefix + name
    if len(full) <= ROLE_NAME_MAX:
        assert got == full
    else:
        assert got[:55] == full[:55] and got[55] == "-" and re.fullmatch(r"[0-9a-f]{8}", got[56:])


@settings(max_examples=100, deadline=None)
@given(prefix=_PREFIX, a=_NAME, b=_NAME)
def test_property_distinct_names_give_distinct_roles(prefix, a, b):
    assume(a.lower() != b.lower())
    assert derive_role_name(a, prefix).lower() != derive_role_name(b, prefix).lower()
