"""Errors raised by msk-connect-iam and the exit codes the CLI maps them to.

:data:`EXIT_CODES` is the one exit-code table: ``--help``, README.md and CONTRIBUTING.md show it,
and tests/test_cli_contract.py checks that they agree with it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

EXIT_OK = 0
EXIT_INVALID_INPUT = 1
EXIT_USAGE = 2
EXIT_DRIFT = 3
EXIT_OUTPUT = 4
EXIT_NEEDS_EDITING = 5
EXIT_FINDINGS = 6

#: (code, meaning) for every exit code of the CLI.
EXIT_CODES = (
    (EXIT_OK, "success (check: the output folder is up to date)"),
    (EXIT_INVALID_INPUT, "invalid input: the manifest has problems (all are listed, located); nothing was written"),
    (EXIT_USAGE, "usage error: bad command-line arguments or options (also: the manifest file does not exist)"),
    (EXIT_DRIFT, "drift: check found generated files that differ from the manifest, are missing or are stale, "
                 "or a file of your own that terraform reads inside a generated module folder"),
    (EXIT_OUTPUT, "output error: the output folder cannot be written safely (symbolic link, a file the tool "
                  "did not generate, a module another manifest generated, a path leaving the folder, another "
                  "run holding it) or a write failed (disk full); nothing was written, or nothing new was left"),
    (EXIT_NEEDS_EDITING, "import only: the manifest was written (or printed) but needs editing before use; the "
                         "'needs editing:' lines on stderr say where"),
    (EXIT_FINDINGS, "audit and diagnose only: findings: an audited role misses or exceeds what its connector needs "
                    "(or its trust policy is wrong), or the log shows authorization failures"),
)


def exit_codes_markdown() -> str:
    """The exit-code table as Markdown (the exact text README.md and CONTRIBUTING.md carry)."""
    rows = ["| code | meaning |", "|---|---|"] + [f"| {code} | {meaning} |" for code, meaning in EXIT_CODES]
    return "\n".join(rows) + "\n"


#: Longest value quoted back in a message (longer ones are cut with '...').
SHOW_MAX = 80


def show(value: str) -> str:
    """Quote ``value`` for a one-line message: control, invisible and surrogate characters are
    written as ``\\n``, ``\\t`` or ``\\uXXXX`` escapes, and long values are shortened."""
    out = []
    for ch in value[:SHOW_MAX]:
        if ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif ch == "'" or ch == "\\":
            out.append("\\" + ch)
        elif not ch.isprintable() or unicodedata.category(ch) in ("Cs", "Co", "Cn"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + ("...'" if len(value) > SHOW_MAX else "'")


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file.

    ``file`` is the path as the user gave it; ``line`` and ``column`` are 1-based (0 when the
    problem concerns the whole file); ``path`` is the key path such as ``connectors[2].topics[0]``
    (empty for the document root); ``message`` says what was found and what was expected.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def format(self) -> str:
        """Return ``file:line:column: path: message`` (the form editors and CI annotate)."""
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class MskConnectIamError(Exception):
    """Root of every error this package raises on purpose; carries its exit code (``exit_code``)
    and, in ``details``, lines the CLI prints on stderr before the error's own message."""

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, message: str = "", details: tuple[str, ...] = ()):
        super().__init__(message)
        self.details = tuple(details)


class ManifestError(MskConnectIamError):
    """The manifest has one or more problems; ``problems`` lists all of them, sorted."""

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))


class UsageError(MskConnectIamError):
    """Bad command-line arguments or options (an option that does not apply, a connector name the
    manifest does not have, an output file that exists without ``--force``)."""

    exit_code = EXIT_USAGE


class OutputError(MskConnectIamError):
    """The output folder cannot be written safely (escaping path, symlink, foreign file, another run
    holding it), or writing failed (disk full)."""

    exit_code = EXIT_OUTPUT


class ImportInputError(MskConnectIamError):
    """The input of ``import`` cannot be imported (unreadable, wrong shape, no cluster ARN); the
    message says why."""

    exit_code = EXIT_INVALID_INPUT


class ArnError(MskConnectIamError, ValueError):
    """An ARN is malformed or names the wrong service or resource type; the message says which.
    (A ValueError too: it is raised by parsing functions.)"""

    exit_code = EXIT_INVALID_INPUT


class BudgetError(MskConnectIamError, ValueError):
    """A role's permissions cannot be laid out within the IAM quotas; the message gives the
    numbers. (A ValueError too: it is raised by the layout functions.)"""

    exit_code = EXIT_INVALID_INPUT
