"""Escaping, one function per output context: HCL string literals (:func:`hcl_string`), Markdown
text, inline code, code blocks and link targets (:func:`md`, :func:`md_code`, :func:`md_codes`,
:func:`fenced`, :func:`md_url`), Terraform identifiers (:func:`tf_identifier`). A manifest
string reaches a generated file only through one of them (the environment's strict
``finalize`` refuses anything else: :mod:`msk_connect_iam.render.environment`).

HCL: the one way a manifest string reaches HCL is :func:`hcl_string`.

HCL string literals (hashicorp/hcl ``hclsyntax`` spec, "Template Literals" and "Escape
Sequences") interpret ``\\``, ``"``, ``${`` (interpolation) and ``%{`` (directive). Literal text
such as an IAM policy variable ``${aws:username}`` or a Kafka config-provider placeholder
``${secretManager:db:password}`` must therefore be written ``$${...}``; control characters are
written as ``\\n``, ``\\r``, ``\\t`` or ``\\uNNNN``.
"""

from __future__ import annotations

import functools
import re
import unicodedata


class HclLiteral(str):
    """A string that is already valid HCL source (a quoted literal or a bare number/bool)."""


_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters that need more than the template-sequence doubling (the common case has none:
#: ARNs, names and actions take the fast path of hcl_string).
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')


#: Distinct values :func:`hcl_string` remembers: the same ARNs, actions and names recur in every
#: module of a manifest, so most calls are a cache hit (a bound on memory for long-lived processes).
CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=CACHE_SIZE)
def hcl_string(value: str) -> HclLiteral:
    """Return ``value`` as a quoted HCL string literal that evaluates to exactly ``value``.

    Escapes backslash, double quote, newline, carriage return and tab; writes other control
    characters (U+0000-U+001F, U+007F-U+009F) and line/paragraph separators as ``\\uNNNN``;
    writes ``${`` as ``$${`` and ``%{`` as ``%%{``. The result is always one line.

    Raises TypeError for a non-str, and ValueError for text no HCL literal can carry: Terraform
    normalises every string to Unicode NFC and cannot encode lone surrogates, so such a value
    would reach AWS as other text. Validation (:mod:`msk_connect_iam.manifest.rules`) rejects those with a
    located error first; this is the last line of defence.

    A pure function of the text, cached (:data:`CACHE_SIZE` values; errors are not cached).
    """
    if not isinstance(value, str):
        raise TypeError(f"hcl_string takes a str, not {type(value).__name__}")
    if _SURROGATE.search(value) or not unicodedata.is_normalized("NFC", value):
        raise ValueError(f"{value!r} cannot be written as an HCL string: Terraform would change it "
                         "(lone surrogate or not Unicode NFC)")
    if not _NEEDS_ESCAPE.search(value):
        return HclLiteral('"' + value.replace("${", "$${").replace("%{", "%%{") + '"')
    out = []
    for ch in value:
        if ch in _SIMPLE:
            out.append(_SIMPLE[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    text = "".join(out)
    # Template sequences: a '$' or '%' directly followed by '{' starts one. Writing each such
    # pair doubled keeps it literal; a run like '$${' in the input becomes '$$${', which HCL
    # reads left to right as '$' + literal '${' (only the last '$' pairs with the brace).
    # Verified with Terraform 1.11 (terraform console and tests/test_injection_terraform.py):
    # "$$${x}" -> $${x}, "$$$${x}" -> $$${x}, "%%%{x}" -> %%{x}, "\\$${x}" -> \${x}.
    text = text.replace("${", "$${").replace("%{", "%%{")
    return HclLiteral(f'"{text}"')


def hcl_list(values) -> list[HclLiteral]:
    """Escape every element of ``values`` with :func:`hcl_string`."""
    return [hcl_string(v) for v in values]


class Markdown(str):
    """Text already escaped for Markdown (table cells included)."""


#: Characters :func:`md` escapes or replaces (most values have none: names, ARNs, actions).
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|\r\n]")


#: Distinct values each escaping filter remembers: the same actions, ARNs, rules and descriptions
#: recur in every module of a manifest (a bound on memory for long-lived processes).
_FILTER_CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE, typed=True)
def md(value) -> Markdown:
    """Escape text for a Markdown table cell or paragraph: ``| < > * _ ` [ ] \\`` and newlines.
    A pure function of ``value``, cached like :func:`~msk_connect_iam.render.escape.hcl_string`."""
    text = str(value)
    if _MD_SPECIAL.search(text) is None:
        return Markdown(text)
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return Markdown(text.replace("\r", " ").replace("\n", "<br>"))


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE, typed=True)
def md_code(value) -> Markdown:
    """Inline code in Markdown (table-safe): backticks around text with '|' escaped (cached)."""
    text = str(value)
    if "\r" in text or "\n" in text or "|" in text:
        text = text.replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return Markdown(f"{fence}{text}{fence}")


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE)
def md_codes(values: tuple) -> Markdown:
    """Inline code of each value (:func:`md_code`), separated by ``<br>``: a list in a table cell.
    ``values`` is a tuple (hashable: the result is cached)."""
    return Markdown("<br>".join([md_code(v) for v in values]))


_PLAIN_URL = re.compile(r"https://[^\s<>()|\[\]`]+")


@functools.lru_cache(maxsize=1024)
def md_url(value) -> Markdown:
    """A documentation URL for a Markdown link target: refused unless plain https:// without
    spaces, brackets or '|' (the URLs come from the catalog's code, never from a manifest)."""
    text = str(value)
    if not _PLAIN_URL.fullmatch(text):
        raise ValueError(f"not a plain https URL: {text!r}")
    return Markdown(text)


def fenced(value) -> Markdown:
    """Text for a Markdown code block: refused if it could end the fence or hold control characters."""
    text = str(value)
    if "`" in text or any(ord(c) < 0x20 for c in text):
        raise ValueError(f"cannot place {text!r} in a code block")
    return Markdown(text)


def tf_identifier(name: str) -> str:
    """A Terraform identifier derived from ``name``: non-identifier characters become '_'."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    return ident if re.match(r"[A-Za-z_]", ident) else f"_{ident}"
