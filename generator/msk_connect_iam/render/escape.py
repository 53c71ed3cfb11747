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


# terraform-docs (markdown table, its default settings: anchor, escape and html on). The module
# README's BEGIN_TF_DOCS block must be byte-identical to what terraform-docs writes, so that its
# pre-commit hook leaves it alone. These functions port terraform-docs v0.24.0's
# template/anchor.go (CreateAnchorMarkdown), template/sanitizer.go (SanitizeName,
# SanitizeMarkdownTable with its helpers) and format/util.go (PrintFencedCodeBlock), byte for byte:
# Go strings are bytes and Go's regexp classes are ASCII, hence the bytes regexes.
# tests/test_terraform_docs.py compares them with terraform-docs' own golden output.

def tfdocs_name(name: str) -> Markdown:
    """SanitizeName: underscores escaped."""
    return Markdown(name.replace("_", "\\_"))


def tfdocs_anchor(prefix: str, name: str) -> Markdown:
    """CreateAnchorMarkdown: ``<a name="input_x_y"></a> [x\\_y](#input\\_x\\_y)`` (the name
    attribute is not escaped: terraform-docs leaves it as written, so in-page links work)."""
    anchor = f"{prefix}_{name}"
    return Markdown(f'<a name="{anchor}"></a> [{tfdocs_name(name)}](#{tfdocs_name(anchor)})')


def _segments(s: bytes, sep: bytes, normal, code) -> bytes:
    """processSegments: ``s`` split at ``sep``, alternating plain and code segments."""
    in_code = s.startswith(sep)
    parts = s.split(sep)
    out = []
    for i, seg in enumerate(parts):
        if not seg:
            continue
        first = i == 0 or not parts[i - 1].strip()
        last = i == len(parts) - 1 or not parts[i + 1].strip()
        out.append(code(seg, first, last) if in_code else normal(seg, first, last))
        in_code = not in_code
    return b"".join(out)


_KEEP = "‡‡‡DONTESCAPE‡‡‡".encode()
_UNDERSCORE_CASES = (
    (re.compile(rb"^([\t\n\f\r ]*)(_+)([\t\n\f\r ]+)(.*)"), (2,)),
    (re.compile(rb"([\t\n\f\r ]+)(_+)([^\t\n\f\r _])(.*)([^\t\n\f\r _])(_+)([\t\n\f\r ]+)"), (6, 2)),
)


def _escape_underscores(line: bytes) -> bytes:
    # The Go code splices with indexes of the unmodified line (stale after a first splice): kept.
    for pattern, groups in _UNDERSCORE_CASES:
        for m in list(pattern.finditer(line)):
            for k in groups:
                start, end = m.span(k)
                line = line[:start] + m.group(k).replace(b"_", _KEEP) + line[end:]
    return line.replace(b"_", b"\\_").replace(_KEEP, b"_")


def _escape_characters(s: bytes) -> bytes:
    """EscapeCharacters(s, escape=true, escapePipe=true)."""
    def tick(seg, first, last):
        return b"`" + seg + b"`"
    s = _segments(s, b"`", lambda seg, f, l: seg.replace(b"|", b"\\|"), tick)
    return _segments(s, b"`", lambda seg, f, l: b"\n".join(_escape_underscores(x) for x in seg.split(b"\n")),
                     tick)


_MULTILINE = re.compile(rb"([^\t\n\f\r ]*)(\r?\n)([\t\n\f\r ]*)(\w+)")
#: xurls.Strict() approximated: a scheme, '://' and the characters a URL keeps.
_URL = re.compile(rb"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'`|]*[^\s<>\"'`|.,;:!?)\]]")


def _plain_table_segment(seg: bytes, first: bool, last: bool) -> bytes:
    seg = _escape_characters(seg)
    seg = seg.strip()  # ConvertMultiLineText(isTable=true, isHeader=false, html=true)
    seg = _MULTILINE.sub(rb"\1  \2\3\4", seg)
    seg = seg.replace(b"    \n", b"  \n").replace(b"  \n\n", b"\n\n").replace(b"\n  \n", b"\n\n")
    seg = seg.replace(b"  \n", b"<br/>").replace(b"\n", b"<br/>")
    return _URL.sub(lambda m: m.group(0).replace(b"\\", b""), seg)  # NormalizeURLs


def _code_table_segment(seg: bytes, first: bool, last: bool) -> bytes:
    seg = seg.strip().replace(b"\n", b"<br/>").replace(b"\r", b"")
    return b"<pre>" + seg + b"</pre>"


@functools.lru_cache(maxsize=_FILTER_CACHE_SIZE)
def tfdocs_cell(text: str) -> Markdown:
    """SanitizeMarkdownTable(text, escape=true, html=true): a description, type or default cell;
    ``n/a`` when empty."""
    if text == "":
        return Markdown("n/a")
    out = _segments(text.encode(), b"```", _plain_table_segment, _code_table_segment)
    return Markdown(out.decode())


def tfdocs_code(code: str) -> str:
    """PrintFencedCodeBlock(code, ""): a fenced block when multi-line, else inline code."""
    return f"\n\n```\n{code}\n```\n" if "\n" in code else f"`{code}`"


def tfdocs_json(value) -> str:
    """Input.GetValue: a default as Go's encoding/json writes it (two-space indent, sorted keys,
    no HTML escaping; U+2028/U+2029 escaped as Go does)."""
    import json

    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_NO_DEFAULT = object()


def tfdocs_input_row(name: str, description: str, type_expr: str, default=_NO_DEFAULT, anchor: bool = True) -> Markdown:
    """One row of terraform-docs' Inputs table (format/templates/markdown_table_inputs.tmpl):
    ``default`` is the variable's default as plain data (None for ``null``), omitted when the
    variable is required."""
    value = "" if default is _NO_DEFAULT else tfdocs_json(default)
    return tfdocs_input_row_value(name, description, type_expr, value, anchor)


@functools.lru_cache(maxsize=1024)
def tfdocs_input_row_value(name: str, description: str, type_expr: str, value: str, anchor: bool = True) -> Markdown:
    """:func:`tfdocs_input_row` with the default already as its JSON text (``""``: required)."""
    head = tfdocs_anchor("input", name) if anchor else tfdocs_name(name)
    cells = [head, tfdocs_cell(description), tfdocs_cell(tfdocs_code(type_expr)),
             tfdocs_cell(tfdocs_code(value) if value else "n/a")]
    if anchor:  # terraform-docs' default settings: anchors and the Required column
        cells.append("no" if value else "yes")
    return Markdown("| " + " | ".join(cells) + " |")


def tfdocs_output_row(name: str, description: str) -> Markdown:
    """One row of terraform-docs' Outputs table (markdown_table_outputs.tmpl)."""
    return Markdown(f"| {tfdocs_anchor('output', name)} | {tfdocs_cell(description)} |")
