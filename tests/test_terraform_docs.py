"""The module READMEs' terraform-docs block is byte-identical to what terraform-docs writes.

No registry reachable here ships the terraform-docs binary (a Go program; checked on PyPI, npm and
Debian), so the comparison goes through committed fixtures of real terraform-docs output
(``tests/fixtures/terraform-docs/``, origin stated in ``examples-variables.json``): terraform-docs'
own golden Inputs table for its example variables, rendered here with the ported sanitizer.
The golden modules' blocks are then rebuilt from their ``variables.tf``/``outputs.tf`` with the
same rules, independently of the templates, and compared with their README.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import hcl2
import pytest

from goldens import REPO
from injection import hcl_unquote
from msk_connect_iam.render.escape import tfdocs_cell, tfdocs_input_row

FIXTURES = REPO / "tests" / "fixtures" / "terraform-docs"
MODULES = REPO / "modules"


def test_ported_sanitizer_equals_terraform_docs_golden():
    doc = json.loads((FIXTURES / "examples-variables.json").read_text())
    golden = (FIXTURES / "table-EscapeCharacters.inputs.golden").read_text().splitlines()
    rows = [line for line in golden if line.startswith("| ") and not line.startswith(("| Name", "| ----"))]
    assert len(rows) == len(doc["inputs"])
    for case, want in zip(doc["inputs"], rows):
        args = () if case["required"] else (case["default"],)
        got = tfdocs_input_row(case["name"], case["description"], case["type"], *args, anchor=False)
        # That golden has no Required column: its rows end after the default.
        assert got == want, case["name"]


def test_cell_escaping_rules():
    assert tfdocs_cell("a_b | c") == "a\\_b \\| c"
    assert tfdocs_cell("`x_y|z`") == "`x_y|z`"
    assert tfdocs_cell("see https://example.com/a_b") == "see https://example.com/a_b"
    assert tfdocs_cell("") == "n/a"


def _module_dirs():
    return sorted(p.parent for p in MODULES.rglob("variables.tf") if "examples" not in p.parent.parts)


def _type_source(text: str, name: str) -> str:
    m = re.search(r'variable "' + re.escape(name) + r'" \{\n.*?\n  type\s*=\s*(.*?)\n  (?:default|description|nullable|validation|\})',
                  text, re.S)
    return m.group(1)


def _plain(value):
    """python-hcl2's value (literals with their quotes) as the plain data terraform-docs reads."""
    if isinstance(value, str):
        return hcl_unquote(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _expected_inputs(module: Path) -> list[str]:
    text = (module / "variables.tf").read_text()
    blocks = {}
    for block in hcl2.loads(text)["variable"]:
        (label, body), = block.items()
        blocks[hcl_unquote(label)] = body
    rows = []
    for name in sorted(blocks):  # terraform-docs' default sort: by name
        body = blocks[name]
        args = (_plain(body["default"]),) if "default" in body else ()
        rows.append(tfdocs_input_row(name, _plain(body.get("description", '""')), _type_source(text, name), *args))
    return rows


@pytest.mark.parametrize("module", _module_dirs(), ids=lambda p: p.relative_to(MODULES).as_posix())
def test_readme_inputs_as_terraform_docs_writes_them(module):
    readme = (module / "README.md").read_text()
    block = readme.split("<!-- BEGIN_TF_DOCS -->\n", 1)[1].split("\n<!-- END_TF_DOCS -->", 1)[0]
    inputs = block.split("## Inputs\n\n", 1)[1].split("\n\n## Outputs", 1)[0].splitlines()
    assert inputs[:2] == ["| Name | Description | Type | Default | Required |",
                          "| ---- | ----------- | ---- | ------- | :------: |"]
    assert inputs[2:] == _expected_inputs(module)
    for header in ("| Name | Version |\n| ---- | ------- |", "| Name | Type |\n| ---- | ---- |",
                   "| Name | Description |\n| ---- | ----------- |"):
        assert header in block
    assert "\\_" not in "".join(re.findall(r'<a name="[^"]*">', block))
