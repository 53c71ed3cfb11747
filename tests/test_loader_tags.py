"""Explicit YAML tags never crash the loader and never pass silently: every core and foreign tag,
on a scalar, a mapping, a list or a key, either reads as plain data or is a located problem."""

from __future__ import annotations

import itertools

import pytest

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.loader import load_yaml

TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary", "!!set", "!!omap",
        "!!pairs", "!!map", "!!seq", "!!merge", "!!value", "!!python/object:os.system", "!!python/name:os.system",
        "!local", "!<tag:example.com,2000:x>"]
VALUES = ["abc", "12", "''", "2024-01-01", "aGVsbG8=", "{a: b}", "[a, b]", "~"]


@pytest.mark.parametrize("tag, value", list(itertools.product(TAGS, VALUES)))
def test_a_tagged_value_reads_or_is_located(tag, value):
    text = f"version: 1\nkey: {tag} {value}\n"
    try:
        doc = load_yaml(text, "m.yaml")
    except ManifestError as exc:
        assert exc.problems and all(p.line == 2 and p.path.startswith("key") for p in exc.problems), exc.problems
        return
    value_read = doc.data["key"]
    # what reads without a problem is plain data: no Python object, no set, no ordered pairs
    assert isinstance(value_read, (str, int, float, bool, bytes, type(None), dict, list)) or hasattr(value_read, "year")
    if isinstance(value_read, (dict, list)):
        assert tag in ("!!map", "!!seq"), (tag, value, value_read)


@pytest.mark.parametrize("tag", TAGS)
def test_a_tagged_key_reads_or_is_located(tag):
    try:
        doc = load_yaml(f"version: 1\n? {tag} name\n: 1\n", "m.yaml")
    except ManifestError as exc:
        assert all(p.line == 2 for p in exc.problems), exc.problems
        return
    assert tag in ("!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp") or doc.data


def test_every_problem_of_several_tags_is_reported():
    text = ("version: 1\na: !!int x\nb: !!set {x}\nc: !!python/name:os.system y\nd: &d !local z\ne: *d\n"
            "f: !!omap [{a: 1}]\n? !custom g\n: 1\n")
    with pytest.raises(ManifestError) as exc:
        load_yaml(text, "m.yaml")
    assert [p.path for p in exc.value.problems] == ["a", "b", "c", "d", "e", "f", "g"]
