"""The one way a manifest string reaches HCL: :func:`hcl_string`.

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
