"""schemacheck.quick_valid (the fast path that keeps jsonschema off a valid manifest's start-up)
agrees with jsonschema's Draft202012Validator on every example and every bad manifest, and on
targeted mutations of a valid manifest."""

from __future__ import annotations

import copy

import jsonschema
import pytest
import yaml

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.loader import load_manifest_file
from goldens import all_example_manifests
from msk_connect_iam.manifest import schema
from msk_connect_iam.manifest.schemacheck import UnsupportedSchema, quick_valid
from tfharness import REPO

BAD = sorted((REPO / "tests" / "bad_manifests").glob("*.yaml"))


def _documents():
    for path in [*all_example_manifests(), *BAD]:
        try:
            data = load_manifest_file(path).data  # the real loader: what reaches the schema pass
        except ManifestError:
            continue  # refused before the schema (YAML syntax, alias bombs, size, ...)
        yield path.name, data


def _agree(data):
    expected = jsonschema.Draft202012Validator(schema()).is_valid(data)
    assert quick_valid(data, schema()) == expected
    return expected


@pytest.mark.parametrize(("name", "data"), list(_documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_agrees_with_jsonschema_on_the_corpus(name, data):
    _agree(data)


def test_corpus_has_valid_and_invalid_documents():
    verdicts = {jsonschema.Draft202012Validator(schema()).is_valid(d) for _, d in _documents()}
    assert verdicts == {True, False}


def _mutations(doc):
    """Every way of replacing one value by a value of another kind, deleting one key, or adding an
    unknown key, anywhere in ``doc``."""
    replacements = [None, True, 1, 1.5, "x", [], {}, ["x"], {"x": 1}]

    def walk(node, path):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in list(items):
            for r in replacements:
                yield path + (key,), ("set", r)
            if isinstance(node, dict):
                yield path + (key,), ("del", None)
            yield from walk(value, path + (key,))
        if isinstance(node, dict):
            yield path + ("unknown_key",), ("set", 1)

    for path, (op, value) in walk(doc, ()):
        mutated = copy.deepcopy(doc)
        node = mutated
        for key in path[:-1]:
            node = node[key]
        if op == "del":
            del node[path[-1]]
        elif isinstance(node, list) and path[-1] == "unknown_key":
            continue
        else:
            node[path[-1]] = value
        yield mutated


@pytest.mark.parametrize("manifest", all_example_manifests(), ids=lambda p: p.parent.name)
def test_agrees_with_jsonschema_on_mutations(manifest):
    doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    outcomes = {_agree(m) for m in _mutations(doc)}
    assert False in outcomes


def test_unknown_keyword_is_refused_not_ignored():
    with pytest.raises(UnsupportedSchema):
        quick_valid({"a": 3}, {"properties": {"a": {"multipleOf": 2}}})


def test_every_keyword_of_the_manifest_schema_is_compiled():
    """quick_valid compiles the whole schema before validating, so a keyword it does not know
    anywhere in the schema would send every manifest to jsonschema (UnsupportedSchema): none is
    left, and the manifest of every example is decided without it."""
    for manifest in all_example_manifests():
        assert quick_valid(load_manifest_file(manifest).data, schema()) is True
    assert quick_valid({}, schema()) is False
