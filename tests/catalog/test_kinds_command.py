"""`msk-connect-iam kinds` lists every catalog kind, one per module of catalog/kinds/."""

import json
from pathlib import Path

from click.testing import CliRunner

from msk_connect_iam.catalog import lookup
from msk_connect_iam.cli import main

KINDS_DIR = Path(__file__).resolve().parents[2] / "generator" / "msk_connect_iam" / "catalog" / "kinds"


def test_kinds_lists_one_entry_per_kind_module():
    result = CliRunner().invoke(main, ["kinds", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    modules = {p.stem for p in KINDS_DIR.glob("*.py") if not p.stem.startswith("_")}
    assert {r["id"] for r in rows} == modules
    for row in rows:
        assert row["type"] in ("sink", "source") and row["doc"].startswith("https://")
        for cls in row["classes"]:
            assert lookup(cls).id == row["id"]


def test_kinds_text_output_names_classes():
    result = CliRunner().invoke(main, ["kinds"])
    assert result.exit_code == 0
    assert "debezium_mysql (source): Debezium MySQL connector" in result.output
    assert "    org.apache.kafka.connect.mirror.MirrorSourceConnector" in result.output


def test_every_kind_has_a_named_test():
    """One named test per catalog kind (issue 4): a test function called test_<kind id>..."""
    tests = Path(__file__).resolve().parents[1]
    names = {line.split("def ", 1)[1].split("(", 1)[0]
             for path in tests.rglob("test_*.py") for line in path.read_text().splitlines()
             if line.startswith("def test_")}
    from msk_connect_iam.catalog import KINDS

    missing = [k.id for k in KINDS if not any(n.startswith(f"test_{k.id}") for n in names)]
    assert missing == []
