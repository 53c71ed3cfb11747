"""The exit-code table is one table: errors.EXIT_CODES, shown identically by --help, README.md
and CONTRIBUTING.md."""

from __future__ import annotations

import re

from click.testing import CliRunner

from msk_connect_iam.cli import main
from msk_connect_iam.errors import EXIT_CODES, exit_codes_markdown
from tfharness import REPO


def test_readme_and_contributing_carry_the_table():
    table = exit_codes_markdown()
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (REPO / doc).read_text(encoding="utf-8")
        assert table in text, f"{doc} lacks the exit-code table of errors.py"
        rows = re.findall(r"^\| (\d) \|", text, re.M)
        assert rows == [str(c) for c, _ in EXIT_CODES], f"{doc} has other exit-code rows: {rows}"


def test_help_shows_every_exit_code():
    runner = CliRunner()
    for args in (["generate", "--help"], ["check", "--help"]):
        out = runner.invoke(main, args, terminal_width=400).output
        flat = " ".join(out.split())
        for code, meaning in EXIT_CODES:
            assert f"{code} {meaning}" in flat, (args, code)


def test_usage_error_is_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 2
