"""Errors raised by msk-connect-iam and the exit codes the CLI maps them to.

Exit codes (one table, also in README.md and CONTRIBUTING.md):

====  ==========================================================
code  meaning
====  ==========================================================
0     success
1     invalid input: the manifest (or an imported file) has problems
2     usage error: bad command-line arguments or options
3     drift: ``check`` found generated files that differ from the manifest
4     output error: the output folder cannot be written safely
====  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_INVALID_INPUT = 1
EXIT_USAGE = 2
EXIT_DRIFT = 3
EXIT_OUTPUT = 4


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
    """Root of every error this package raises on purpose; carries an exit code."""

    exit_code = EXIT_INVALID_INPUT


class ManifestError(MskConnectIamError):
    """The manifest has one or more problems; ``problems`` lists all of them, sorted."""

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))


class OutputError(MskConnectIamError):
    """The output folder cannot be written safely (escaping path, symlink, foreign file)."""

    exit_code = EXIT_OUTPUT
