"""A fast yes/no check of a manifest against the package's JSON Schema, so that a valid manifest
never pays for importing jsonschema (~0.3-0.9 s with its referencing and attrs machinery, most of
``generate``'s start-up for small manifests).

:func:`quick_valid` compiles, once, the keywords the manifest schema uses (``type``, ``$ref``,
``properties``, ``additionalProperties``, ``items``, ``required``, ``minItems``, ``minLength``, ``pattern``,
``minimum``, ``maximum``, ``enum``, ``const``, ``if``/``then``/``else``) with JSON Schema Draft
2020-12 semantics, as jsonschema's
``Draft202012Validator`` does without a format checker. It answers only "valid" or "not valid":
when it says "not valid", or meets a keyword it does not know (:class:`UnsupportedSchema`), the
caller runs jsonschema itself, which reports every problem with its location. So the answer is
never used to accept what jsonschema would reject, as long as the two agree on what they both
implement (tests/test_schemacheck.py holds them to it on every example and bad manifest).
"""

from __future__ import annotations

import re

#: Keywords that only annotate (JSON Schema 2020-12 core/meta-data; format is an annotation
#: unless a format checker is configured, and the manifest validator configures none).
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples",
                         "format", "deprecated", "readOnly", "writeOnly", "$defs", "definitions"})


class UnsupportedSchema(Exception):
    """The schema uses a keyword or form :func:`quick_valid` does not implement."""


def _is_type(value, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float))
    raise UnsupportedSchema(f"type {name!r}")


def _equal(a, b) -> bool:
    """JSON equality: booleans never equal numbers; containers compared deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


#: The JSON Schema type names :func:`_is_type` knows.
_TYPE_NAMES = frozenset({"object", "array", "string", "boolean", "null", "integer", "number"})


def _type_check(name: str):
    """A one-argument test for the JSON type ``name`` (:func:`_is_type`, specialised)."""
    if name not in _TYPE_NAMES:
        raise UnsupportedSchema(f"type {name!r}")
    simple = {"object": dict, "array": list, "string": str}
    if name in simple:
        kind = simple[name]
        return lambda v: isinstance(v, kind)
    return lambda v: _is_type(v, name)


def _always(_value) -> bool:
    return True


def _never(_value) -> bool:
    return False


class _Compiler:
    """Turns a schema into nested closures, once per schema object: each keyword becomes one
    test of a value, so validating a value walks the value, not the schema's dictionaries
    (about 3x faster than interpreting the schema per value on a 1,000-connector manifest)."""

    def __init__(self, root: dict):
        self.root = root
        self.refs: dict[str, dict] = {}
        self.compiled: dict[int, object] = {}

    def resolve(self, ref: str) -> dict:
        if ref in self.refs:
            return self.refs[ref]
        if not ref.startswith("#/"):
            raise UnsupportedSchema(f"$ref {ref!r}")
        node = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise UnsupportedSchema(f"$ref {ref!r}")
            node = node[part]
        self.refs[ref] = node
        return node

    def compile(self, schema):
        """The test of ``schema`` (a function of one value returning bool); raises
        UnsupportedSchema for a keyword or form this module does not implement."""
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise UnsupportedSchema(f"schema {schema!r}")
        if id(schema) in self.compiled:
            return self.compiled[id(schema)]
        tests: list = []

        def run(value) -> bool:
            for test in tests:
                if not test(value):
                    return False
            return True

        self.compiled[id(schema)] = run  # before the keywords: a $ref may lead back here
        for key, arg in schema.items():
            if key in ANNOTATIONS or key in ("then", "else"):
                continue
            tests.append(self._keyword(schema, key, arg))
        return run

    def _keyword(self, schema: dict, key: str, arg):
        if key == "type":
            checks = [_type_check(n) for n in (arg if isinstance(arg, list) else [arg])]
            return checks[0] if len(checks) == 1 else (lambda v: any(c(v) for c in checks))
        if key == "$ref":
            return self.compile(self.resolve(arg))  # a test already, possibly still being built
        if key == "properties":
            props = [(name, self.compile(sub)) for name, sub in arg.items()]

            def properties(v) -> bool:
                if isinstance(v, dict):
                    for name, test in props:
                        if name in v and not test(v[name]):
                            return False
                return True
            return properties
        if key == "additionalProperties":
            if "patternProperties" in schema:
                raise UnsupportedSchema("patternProperties")
            known = frozenset(schema.get("properties", {}))
            extra = self.compile(arg)

            def additional(v) -> bool:
                if isinstance(v, dict):
                    for name, item in v.items():
                        if name not in known and not extra(item):
                            return False
                return True
            return additional
        if key == "items":
            if not isinstance(arg, (dict, bool)):
                raise UnsupportedSchema("items as a list")
            item_test = self.compile(arg)
            return lambda v: not isinstance(v, list) or all(item_test(x) for x in v)
        if key == "required":
            names = tuple(arg)
            return lambda v: not isinstance(v, dict) or all(n in v for n in names)
        if key == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= arg
        if key == "minLength":  # code points, as Python's len of a str
            return lambda v: not isinstance(v, str) or len(v) >= arg
        if key == "pattern":  # re.search, as jsonschema's own pattern check does
            regex = re.compile(arg)
            return lambda v: not isinstance(v, str) or regex.search(v) is not None
        if key in ("minimum", "maximum"):
            def bound(v, low=key == "minimum") -> bool:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    return True
                return v >= arg if low else v <= arg
            return bound
        if key == "enum":
            if all(isinstance(o, str) for o in arg):  # a string equals only an equal string
                options = frozenset(arg)
                return lambda v: isinstance(v, str) and v in options
            return lambda v: any(_equal(v, o) for o in arg)
        if key == "const":
            return lambda v: _equal(v, arg)
        if key == "if":
            cond = self.compile(arg)
            then, other = self.compile(schema.get("then", True)), self.compile(schema.get("else", True))
            return lambda v: then(v) if cond(v) else other(v)
        raise UnsupportedSchema(f"keyword {key!r}")


#: Compiled tests of the schemas :func:`quick_valid` has seen (by identity, schema kept alive).
_COMPILED: dict[int, tuple[dict, object]] = {}


def quick_valid(instance, schema: dict) -> bool:
    """True if ``instance`` is valid against ``schema``; False if not. Raises UnsupportedSchema
    when the schema needs a keyword this module does not implement (use jsonschema then). The
    schema is compiled once (:class:`_Compiler`) and reused while the same object is passed."""
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _COMPILED[id(schema)] = (schema, _Compiler(schema).compile(schema))
    return entry[1](instance)
