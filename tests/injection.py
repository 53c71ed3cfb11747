"""Shared pieces of the injection tests: hostile text strategies, the free-text fields of a
manifest, an independent oracle of what IAM accepts in each (from shared/reference/facts.md and
the IAM API reference patterns), and an independent HCL string-literal decoder.

Nothing here imports the generator's rules: the oracle is written again from the sources so that
a wrong rule in msk_connect_iam.manifest.rules is caught, not mirrored.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import yaml
from hypothesis import strategies as st

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"

BASE = {
    "version": 1,
    "defaults": {"cluster": {"arn": CLUSTER}},
    "connectors": [{
        "name": "probe",
        "type": "sink",
        "topics": ["orders"],
        "role": {"tags": {"team": "data"}},
        "aws_permissions": [{
            "sid": "Probe",
            "actions": ["s3:GetObject"],
            "resources": ["arn:aws:s3:::bucket/fixed"],
            "conditions": [{"test": "StringEquals", "variable": "aws:PrincipalTag/team", "values": ["fixed"]}],
        }],
    }],
}

#: Pieces that have broken code generators: HCL template starts and their escapes, quotes,
#: backslashes, heredoc markers, comment openers, IAM and config-provider placeholders.
SNIPPETS = ["${", "$${", "$$${", "%{", "%%{", "%%%{", "}", "{", "$", "%", '"', "\\", '\\"', "\\$", "\\${",
            "${aws:username}", "${secretManager:db:password}", "%{ if true }", "%{endif}", "EOT", "<<EOT\n",
            "<<-EOF", "\nEOT\n", "#", "//", "/*", "*/", "-->", "<!--", "&{", "&", "<", ">", "'", "`", "|",
            "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\xa0", "\xe9", "\xff", "\u0100",
            "\u2028", "\u2029", "\ufeff", "\U0001f600", "e\u0301", "\u212b", "\u3000", "aws:", " "]

#: Any code point a UTF-8 manifest can hold (lone surrogates cannot be written in UTF-8, and the
#: YAML loader reports a "\ud800" escape as a located syntax error).
_ALPHABET = st.characters(exclude_categories=("Cs",))
hostile_text = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(alphabet=_ALPHABET, max_size=4)),
                        max_size=8).map("".join)
#: Mostly characters a field allows, with a few hostile pieces mixed in, so that both the
#: accepted and the rejected branch are exercised for narrow fields (tags, paths).
_TAGISH = st.characters(categories=("L", "N", "Zs"), include_characters="_.:/=+-@")
tagish_text = st.lists(st.one_of(st.text(alphabet=_TAGISH, min_size=1, max_size=6), st.sampled_from(SNIPPETS)),
                       max_size=5).map("".join)
_ASCII_PRINTABLE = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
ascii_text = st.lists(st.one_of(st.text(alphabet=_ASCII_PRINTABLE, min_size=1, max_size=6), st.sampled_from(SNIPPETS)),
                      max_size=6).map("".join)


# -- oracle: what IAM (and Terraform) accept, per field ---------------------------------------------

def _policy_text_ok(v: str) -> bool:
    """facts.md: policy text holds tab, LF, CR and U+0020-U+00FF; '&{' cannot be written (the
    provider turns it into '${')."""
    return all(c in "\t\n\r" or 0x20 <= ord(c) <= 0xFF for c in v) and "&{" not in v


def _description_ok(v: str) -> bool:
    """facts.md: at most 1,000 characters of tab, LF, CR, U+0020-U+007E and U+00A1-U+00FF."""
    return len(v) <= 1000 and all(c in "\t\n\r" or 0x20 <= ord(c) <= 0x7E or 0xA1 <= ord(c) <= 0xFF for c in v)


def _path_ok(v: str) -> bool:
    """IAM CreateRole Path: '/' or '/' + U+0021-U+007E characters + '/', at most 512."""
    return len(v) <= 512 and (v == "/" or (len(v) >= 3 and v[0] == "/" and v[-1] == "/"
                                             and all(0x21 <= ord(c) <= 0x7E for c in v)))


def _tag_chars_ok(v: str) -> bool:
    """facts.md / IAM Tag pattern [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]; Terraform keeps only NFC text."""
    return (all(c in "_.:/=+-@" or unicodedata.category(c)[0] in "LZN" for c in v)
            and unicodedata.normalize("NFC", v) == v)


def _tag_key_ok(v: str) -> bool:
    # the probe manifest already has a tag 'team': another spelling of it is a case-insensitive duplicate
    return (1 <= len(v) <= 128 and _tag_chars_ok(v) and not v.lower().startswith("aws:")
            and (v.lower() != "team" or v == "team"))


def _tag_value_ok(v: str) -> bool:
    return len(v) <= 256 and _tag_chars_ok(v)


def _condition_key_ok(v: str) -> bool:
    """msk-connect-iam's condition-key shape (prefix:key, no whitespace) in policy text."""
    return _policy_text_ok(v) and not re.search(r"[ \t\n\r\f\v]", v)


@dataclass(frozen=True)
class Field:
    """A free-text field: how to put a text into the manifest, the key path of a located error,
    whether IAM accepts it, and where the value lands in the emitted module."""

    name: str
    put: Callable[[dict, str], str]  # returns the value as it must reach AWS
    path: str
    accepted: Callable[[str], bool]
    file: str  # main.tf, variables.tf or README.md
    find: Callable[[dict], list[str]] | None  # values found in the parsed file (python-hcl2 form)
    strategy: st.SearchStrategy = hostile_text


def _connector(m):
    return m["connectors"][0]


def _put_description(m, v):
    _connector(m)["role"]["description"] = v
    return v


def _put_path(m, v):
    _connector(m)["role"]["path"] = "/" + v + "/"
    return "/" + v + "/"


def _put_tag_key(m, v):
    _connector(m)["role"]["tags"][v] = "value"
    return v


def _put_tag_value(m, v):
    _connector(m)["role"]["tags"]["probe"] = v
    return v


def _put_resource(m, v):
    # after "bucket/k": an object key is at least one character, and the lint refuses
    # "arn:aws:s3:::bucket/" (it names no object, so s3:PutObject would grant nothing)
    _connector(m)["aws_permissions"][0]["resources"] = ["arn:aws:s3:::bucket/k" + v]
    return "arn:aws:s3:::bucket/k" + v


def _put_condition_value(m, v):
    _connector(m)["aws_permissions"][0]["conditions"][0]["values"] = [v]
    return v


def _put_condition_key(m, v):
    _connector(m)["aws_permissions"][0]["conditions"][0]["variable"] = "aws:PrincipalTag/" + v
    return "aws:PrincipalTag/" + v


def _put_connector_description(m, v):
    _connector(m)["description"] = v
    return v


def _label(mapping, name):
    """A block label in python-hcl2 output: plain, or quoted when quotes are kept."""
    return mapping.get(name, mapping.get(f'"{name}"'))


def _put_config_bucket(m, v):
    c = _connector(m)
    for key in ("type", "topics", "aws_permissions"):
        c.pop(key)
    c["connector_configuration"] = {"connector.class": "io.confluent.connect.s3.S3SinkConnector",
                                    "topics": "orders", "s3.region": "us-east-1", "s3.bucket.name": v}
    return "arn:aws:s3:::" + v.strip()


def _all_resources(doc):
    out = []
    for block in doc["data"]:
        body = _label(_label(block, "aws_iam_policy_document") or {}, "permissions")
        for statement in (body or {}).get("statement", []):
            out.extend(statement.get("resources", []))
    return out


def _variable(doc, name):
    for block in doc["variable"]:
        if _label(block, name) is not None:
            return _label(block, name)["default"]
    raise KeyError(name)


def _probe_statement(doc):
    for block in doc["data"]:
        body = _label(_label(block, "aws_iam_policy_document") or {}, "permissions")
        if body:
            return [s for s in body["statement"] if s["sid"] in ("Probe", '"Probe"')][0]
    raise KeyError("permissions")


FIELDS = [
    Field("role.description", _put_description, "connectors[0].role.description",
          _description_ok, "variables.tf", lambda d: [_variable(d, "description")]),
    Field("role.path", _put_path, "connectors[0].role.path",
          lambda v: _path_ok("/" + v + "/"), "variables.tf", lambda d: [_variable(d, "path")],
          st.one_of(hostile_text, ascii_text)),
    Field("role.tags key", _put_tag_key, "connectors[0].role.tags",
          _tag_key_ok, "variables.tf", lambda d: sorted(_variable(d, "tags")), st.one_of(hostile_text, tagish_text, st.text(alphabet=_TAGISH))),
    Field("role.tags value", _put_tag_value, "connectors[0].role.tags.probe",
          _tag_value_ok, "variables.tf", lambda d: [_variable(d, "tags")["probe"]],
          st.one_of(hostile_text, tagish_text, st.text(alphabet=_TAGISH))),
    Field("aws_permissions.resources", _put_resource, "connectors[0].aws_permissions[0].resources[0]",
          lambda v: _policy_text_ok("arn:aws:s3:::bucket/k" + v), "main.tf",
          lambda d: _probe_statement(d)["resources"]),
    Field("aws_permissions.conditions.values", _put_condition_value,
          "connectors[0].aws_permissions[0].conditions[0].values[0]",
          _policy_text_ok, "main.tf", lambda d: _probe_statement(d)["condition"][0]["values"]),
    Field("aws_permissions.conditions.variable", _put_condition_key,
          "connectors[0].aws_permissions[0].conditions[0].variable",
          lambda v: _condition_key_ok("aws:PrincipalTag/" + v), "main.tf",
          lambda d: [_probe_statement(d)["condition"][0]["variable"]], st.one_of(hostile_text, ascii_text)),
    Field("connector_configuration s3.bucket.name", _put_config_bucket,
          "connectors[0].connector_configuration",
          # beyond IAM's policy-text rule, the catalog accepts only valid S3 bucket names (S3 User
          # Guide, "Bucket naming rules"), so that '*' or '?' in a property can never widen a grant
          lambda v: _policy_text_ok(v) and re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", v.strip()) is not None,
          "main.tf", _all_resources),
    Field("connector description", _put_connector_description, "connectors[0].description",
          lambda v: (len(v) <= 1024 and unicodedata.normalize("NFC", v) == v
                     and all(c in "\t\n" or unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn") for c in v)),
          "README.md", None),
]


def manifest_with(field: Field, text: str) -> tuple[str, str]:
    """A manifest (YAML text) with ``text`` in ``field``; returns (yaml, value expected in AWS)."""
    m = copy.deepcopy(BASE)
    value = field.put(m, text)
    return yaml.safe_dump(m, allow_unicode=False, sort_keys=False, width=10_000), value


# -- an independent HCL string-literal decoder (hashicorp/hcl hclsyntax spec) ----------------------

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def hcl_unquote(src: str) -> str:
    """Decode one quoted HCL string literal that must contain no interpolation or directive.

    Escapes ``\\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN``; ``$${`` is a literal ``${`` and ``%%{`` a
    literal ``%{`` (left to right, as hclsyntax's scanner reads them). Raises ValueError for an
    unescaped ``"``, an unknown escape, or a live ``${``/``%{`` (the module would mean something else).
    """
    if len(src) < 2 or src[0] != '"' or src[-1] != '"':
        raise ValueError(f"not a quoted literal: {src!r}")
    s, out, i = src[1:-1], [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n in _ESCAPES:
                out.append(_ESCAPES[n])
                i += 2
            elif n == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
            elif n == "U":
                out.append(chr(int(s[i + 2:i + 10], 16)))
                i += 10
            else:
                raise ValueError(f"unknown escape \\{n}")
        elif s.startswith("$${", i) or s.startswith("%%{", i):
            out.append(s[i + 1:i + 3])
            i += 3
        elif s.startswith("${", i) or s.startswith("%{", i):
            raise ValueError(f"live template sequence at {i} in {src!r}")
        elif c == '"':
            raise ValueError(f"unescaped quote at {i} in {src!r}")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def undo_template_escapes(text: str) -> str:
    """python-hcl2 leaves ``$${`` and ``%%{`` as written: undo them the way HCL reads them
    (one left-to-right pass, so ``$$${`` is ``$`` + literal ``${``)."""
    return re.sub(r"\$\$\{|%%\{", lambda m: m.group()[1:], text)
