"""The manifest's JSON Schema (``manifest.schema.json``, Draft 2020-12) and the schema pass.

A valid manifest is recognised by the fast check of :mod:`msk_connect_iam.manifest.schemacheck`
(jsonschema is never imported); otherwise jsonschema locates every problem, each phrased for a
person (what was found, what was expected).
"""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path
from typing import Any

from msk_connect_iam.errors import Problem, show
from msk_connect_iam.manifest.loader import LocatedDocument

@functools.lru_cache(maxsize=1)
def schema() -> dict:
    """The manifest's JSON Schema (Draft 2020-12), as shipped in the package."""
    # A plain path (the schema sits beside this module, in the wheel too): importlib.resources
    # costs ~40 ms of start-up.
    text = Path(__file__).with_name("manifest.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {"string": "a string", "integer": "an integer", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "number": "a number"}


def schema_problems(doc: LocatedDocument, paths: list | None = None) -> list[Problem]:
    """Every schema problem, located; ``paths`` (when given) receives the key path of each (an
    unknown key's path ends in the key)."""
    from msk_connect_iam.manifest.schemacheck import UnsupportedSchema, quick_valid

    try:
        if quick_valid(doc.data, schema()):
            return []  # valid: jsonschema (slow to import) is only needed to locate problems
    except UnsupportedSchema:
        pass
    problems = []
    for err in _validator().iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            allowed = sorted(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - set(allowed)):
                hint = difflib.get_close_matches(key, allowed, n=1)
                msg = f"unknown key {show(key)}"
                msg += f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"
                problems.append(doc.problem(path + (key,), msg, key=True))
                if paths is not None:
                    paths.append(path + (key,))
            continue
        if paths is not None:
            paths.append(path)
        if err.validator == "required":
            missing = [k for k in err.validator_value if k not in err.instance]
            for key in missing:
                problems.append(doc.problem(path, f"missing required key '{key}'"))
        elif err.validator == "type":
            want = err.validator_value
            want = " or ".join(_TYPE_NAMES.get(w, w) for w in (want if isinstance(want, list) else [want]))
            extra = ""
            if want == "a string" and isinstance(err.instance, (int, float, bool)):
                extra = " (quote it)"
            problems.append(doc.problem(path, f"found {_describe(err.instance)}; expected {want}{extra}"))
        elif err.validator == "enum":
            opts = " | ".join(str(v) for v in err.validator_value)
            problems.append(doc.problem(path, f"found {_describe(err.instance)}; expected one of: {opts}"))
        elif err.validator == "const":
            problems.append(doc.problem(path, f"found {_describe(err.instance)}; expected {err.validator_value}"))
        elif err.validator == "minItems":
            problems.append(doc.problem(path, f"the list is empty; expected at least {err.validator_value} item(s)"))
        else:
            problems.append(doc.problem(path, err.message))
    return problems

