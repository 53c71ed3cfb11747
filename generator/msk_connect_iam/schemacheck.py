"""A fast yes/no check of a manifest against the package's JSON Schema, so that a valid manifest
never pays for importing jsonschema (~0.3-0.9 s with its referencing and attrs machinery, most of
``generate``'s start-up for small manifests).

:func:`quick_valid` interprets the keywords the manifest schema uses (``type``, ``$ref``,
``properties``, ``additionalProperties``, ``items``, ``required``, ``minItems``, ``enum``,
``const``, ``if``/``then``/``else``) with JSON Schema Draft 2020-12 semantics, as jsonschema's
``Draft202012Validator`` does without a format checker. It answers only "valid" or "not valid":
when it says "not valid", or meets a keyword it does not know (:class:`UnsupportedSchema`), the
caller runs jsonschema itself, which reports every problem with its location. So the answer is
never used to accept what jsonschema would reject, as long as the two agree on what they both
implement (tests/test_schemacheck.py holds them to it on every example and bad manifest).
"""

from __future__ import annotations

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


class _Checker:
    def __init__(self, root: dict):
        self.root = root
        self.refs: dict[str, dict] = {}

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

    def valid(self, value, schema) -> bool:
        if schema is True:
            return True
        if schema is False:
            return False
        if not isinstance(schema, dict):
            raise UnsupportedSchema(f"schema {schema!r}")
        for key, arg in schema.items():
            if key in ANNOTATIONS or key in ("then", "else"):
                continue
            if key == "type":
                names = arg if isinstance(arg, list) else [arg]
                if not any(_is_type(value, n) for n in names):
                    return False
            elif key == "$ref":
                if not self.valid(value, self.resolve(arg)):
                    return False
            elif key == "properties":
                if isinstance(value, dict):
                    for name, sub in arg.items():
                        if name in value and not self.valid(value[name], sub):
                            return False
            elif key == "additionalProperties":
                if isinstance(value, dict):
                    known = schema.get("properties", {})
                    if "patternProperties" in schema:
                        raise UnsupportedSchema("patternProperties")
                    for name, item in value.items():
                        if name not in known and not self.valid(item, arg):
                            return False
            elif key == "items":
                if isinstance(value, list):
                    if not isinstance(arg, (dict, bool)):
                        raise UnsupportedSchema("items as a list")
                    if not all(self.valid(item, arg) for item in value):
                        return False
            elif key == "required":
                if isinstance(value, dict) and any(name not in value for name in arg):
                    return False
            elif key == "minItems":
                if isinstance(value, list) and len(value) < arg:
                    return False
            elif key == "enum":
                if not any(_equal(value, option) for option in arg):
                    return False
            elif key == "const":
                if not _equal(value, arg):
                    return False
            elif key == "if":
                branch = schema.get("then", True) if self.valid(value, arg) else schema.get("else", True)
                if not self.valid(value, branch):
                    return False
            else:
                raise UnsupportedSchema(f"keyword {key!r}")
        return True


def quick_valid(instance, schema: dict) -> bool:
    """True if ``instance`` is valid against ``schema``; False if not. Raises UnsupportedSchema
    when the schema needs a keyword this module does not implement (use jsonschema then)."""
    return _Checker(schema).valid(instance, schema)
