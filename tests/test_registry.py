"""Every generated module follows the standard module structure, so it can be published to a
Terraform registry as it is: README with usage and terraform-docs tables (between BEGIN_TF_DOCS
and END_TF_DOCS) that list exactly the module's inputs and outputs, versions.tf with
required_version and the aws provider constraint, typed and described variables, described
outputs, an examples/ folder whose example calls the module (validated by terraform), and a
LICENSE exactly when the manifest names a license (defaults.license or the connector's license),
holding that license's text; the expected text is built here from the manifest's YAML and the
choosealicense.com text files, not by the generator's code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tfharness import golden_modules, module_ident, module_label, tf

MODULES = golden_modules()
IDS = [module_label(m) for m in MODULES]


def _text_file(spdx: str) -> str:
    """choosealicense.com's file name for an SPDX identifier: lower case, and one text for the
    -only and -or-later forms of the GNU licenses (the file is named like their old identifier)."""
    name = spdx.lower()
    for suffix in ("-only", "-or-later"):
        name = name.removesuffix(suffix)
    return name


def _declared_licenses() -> dict[Path, tuple[object, Path]]:
    """Golden module folder -> (the ``license`` value its manifest declares for it, or None;
    the manifest's folder), read from the YAML by hand: a connector's license replaces
    defaults.license (docs/manifest.md)."""
    import yaml

    from goldens import golden_pairs

    out = {}
    for manifest, out_dir in golden_pairs():
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        default = data.get("defaults", {}).get("license")
        for connector in data["connectors"]:
            out[(out_dir / connector["name"]).resolve()] = (connector.get("license", default), manifest.parent)
    return out


DECLARED = _declared_licenses()


def expected_license_text(declared, manifest_dir: Path) -> str:
    """The LICENSE text (after the header line and a blank line) for a declared ``license``: the
    license file as it is, or choosealicense.com's text with [year] and [fullname] filled in by
    hand ('[year] ' left out when the manifest gives no year)."""
    from importlib import resources

    if isinstance(declared, str):
        declared = {"spdx": declared}
    if "file" in declared:
        text = (manifest_dir / declared["file"]).read_text(encoding="utf-8")
        return text if text.endswith("\n") else text + "\n"
    spdx = declared["spdx"]
    raw = (resources.files("pychoosealicense._licenses") / f"{_text_file(spdx)}.txt").read_text()
    body = raw.split("---", 2)[2].replace("\r\n", "\n").strip("\n")  # drop the YAML front matter
    year = declared.get("year")
    body = body.replace("[year]", str(year)) if year is not None else re.sub(r"\[year\],? ?", "", body)
    return body.replace("[fullname]", declared.get("holder", "[fullname]")) + "\n"


def _hcl(path):
    import hcl2
    from hcl2 import SerializationOptions

    with path.open() as fh:
        return hcl2.load(fh, serialization_options=SerializationOptions(strip_string_quotes=True))


def _named(blocks) -> dict:
    return {name: body for block in blocks for name, body in block.items()}


def _table(section: str) -> dict[str, list[str]]:
    """Rows of the first Markdown table in ``section``: {name: cells}; the name is the link text."""
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| <a name=\"[^\"]+\"></a> \[([^\]]+)\]", line)
        if m:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows[m.group(1).replace("\\_", "_")] = cells
    return rows


def _section(text: str, title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z|<!-- END_TF_DOCS -->)", text, re.S | re.M)
    assert m, f"no '## {title}' section"
    return m.group(1)


def test_every_module_is_checked():
    assert len(MODULES) >= 10
    assert set(DECLARED) == {m.resolve() for m in MODULES}
    # both sides of "LICENSE iff the manifest names one" are exercised by the examples
    assert any(d for d, _ in DECLARED.values()) and any(d is None for d, _ in DECLARED.values())


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_license_iff_the_manifest_names_one(module):
    declared, manifest_dir = DECLARED[module.resolve()]
    check_license(module, declared, manifest_dir)


def check_license(module: Path, declared, manifest_dir: Path) -> None:
    """LICENSE exists iff ``declared``; then: the generated-file header, a blank line, the text;
    the README's License section names the SPDX identifier and links LICENSE."""
    readme = (module / "README.md").read_text(encoding="utf-8")
    if declared is None:
        assert not (module / "LICENSE").exists()
        assert "## License" not in readme
        return
    header, blank, text = (module / "LICENSE").read_text(encoding="utf-8").split("\n", 2)
    assert header.startswith("Generated by msk-connect-iam from ") and blank == ""
    assert text == expected_license_text(declared, manifest_dir)
    assert not re.search(r"\[(year|fullname)\]|\{(year|fullname)\}", text)
    section = _section(readme, "License")
    assert "see [LICENSE](LICENSE)" in section
    spdx = declared if isinstance(declared, str) else declared.get("spdx")
    if spdx:
        assert f"`{spdx}`" in section
    if isinstance(declared, dict) and declared.get("holder"):
        assert f"copyright {declared['holder']}" in section


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_standard_files(module):
    for name in ("README.md", "main.tf", "variables.tf", "outputs.tf", "versions.tf"):
        assert (module / name).is_file(), name
    examples = sorted((module / "examples").glob("*/main.tf"))
    assert examples, "no examples/<name>/main.tf"
    for example in examples:
        sources = [b["source"] for b in _named(_hcl(example).get("module", [])).values()]
        assert sources == ["../.."], f"{example} must call the module as ../.."


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_versions_tf(module):
    terraform = _hcl(module / "versions.tf")["terraform"][0]
    assert re.fullmatch(r">= ?\d+(\.\d+)*", terraform["required_version"])
    aws = terraform["required_providers"][0]["aws"]
    assert aws["source"] == "hashicorp/aws"
    assert re.fullmatch(r">= ?\d+(\.\d+)*", aws["version"])


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_variables_and_outputs_are_typed_and_described(module):
    variables = _named(_hcl(module / "variables.tf").get("variable", []))
    assert variables
    for name, body in variables.items():
        assert body.get("type"), f"variable {name} has no type"
        assert len(body.get("description", "")) >= 10, f"variable {name} has no description"
    outputs = _named(_hcl(module / "outputs.tf").get("output", []))
    assert "arn" in outputs
    for name, body in outputs.items():
        assert len(body.get("description", "")) >= 10, f"output {name} has no description"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_readme_usage_and_terraform_docs_tables(module):
    text = (module / "README.md").read_text(encoding="utf-8")
    usage = _section(text, "Usage")
    assert re.search(r"```hcl\n.*source\s*=.*\n.*```", usage, re.S), "Usage has no HCL block with a source"
    assert text.count("<!-- BEGIN_TF_DOCS -->") == 1 and text.count("<!-- END_TF_DOCS -->") == 1
    docs = text[text.index("<!-- BEGIN_TF_DOCS -->"):text.index("<!-- END_TF_DOCS -->")]
    for title in ("Requirements", "Providers", "Resources", "Inputs", "Outputs"):
        _section(docs, title)
    variables = _named(_hcl(module / "variables.tf").get("variable", []))
    inputs = _table(_section(docs, "Inputs"))
    assert set(inputs) == set(variables)
    for name, cells in inputs.items():
        hcl_type = re.sub(r"^\$\{(.*)\}$", r"\1", variables[name]["type"])
        assert cells[2] == f"`{hcl_type}`", (name, cells)
        assert cells[4] == ("no" if "default" in variables[name] else "yes"), (name, cells)
    outputs = _named(_hcl(module / "outputs.tf").get("output", []))
    assert set(_table(_section(docs, "Outputs"))) == set(outputs)
    requirements = _table(_section(docs, "Requirements"))
    assert set(requirements) == {"terraform", "aws"}


def test_readme_table_check_can_fail():
    text = (MODULES[0] / "README.md").read_text(encoding="utf-8")
    broken = text.replace('[tags](#input\\_tags)', '[labels](#input\\_labels)')
    assert broken != text
    docs = broken[broken.index("<!-- BEGIN_TF_DOCS -->"):]
    assert "tags" not in _table(_section(docs, "Inputs"))


@pytest.mark.terraform
def test_every_example_validates(tf_env, tmp_path):
    """One root configuration calling every module's examples (each with its provider block) as
    modules: a single init + validate covers them all."""
    lines = []
    for module in MODULES:
        for example in sorted((module / "examples").glob("*/main.tf")):
            ident = module_ident(f"{module_label(module)}/{example.parent.name}")
            # A relative source: terraform copies absolute-path modules, which would break "../..".
            source = Path(os.path.relpath(example.parent.resolve(), tmp_path.resolve())).as_posix()
            lines.append(f'module "{ident}" {{\n  source = "{source}"\n}}\n')
    (tmp_path / "main.tf").write_text("\n".join(lines))
    tf(["init", "-input=false", "-no-color", "-backend=false"], tmp_path, tf_env)
    tf(["validate", "-no-color"], tmp_path, tf_env)


def test_registry_layout_is_a_publishable_repository(tmp_path, tf_env):
    """generate --layout registry writes terraform-aws-<name>/ with the module at its root; it
    passes the checks above, check finds it clean, and its example validates in place."""
    from click.testing import CliRunner

    from goldens import EXAMPLES
    from msk_connect_iam.cli import main

    manifest = str(EXAMPLES / "quickstart" / "connectors.yaml")
    args = [manifest, "-o", str(tmp_path), "--layout", "registry", "--connector", "orders-s3-sink",
            "--namespace", "acme"]
    result = CliRunner().invoke(main, ["generate", *args])
    assert result.exit_code == 0, result.output
    assert "1 module(s)" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["terraform-aws-orders-s3-sink"]
    repo = tmp_path / "terraform-aws-orders-s3-sink"
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    assert files == ["LICENSE", "README.md", "examples/basic/main.tf", "main.tf", "outputs.tf", "variables.tf",
                     "versions.tf"]
    test_standard_files(repo)
    check_license(repo, "Apache-2.0", EXAMPLES / "quickstart")  # the quickstart's defaults.license
    test_versions_tf(repo)
    test_variables_and_outputs_are_typed_and_described(repo)
    test_readme_usage_and_terraform_docs_tables(repo)
    assert 'source = "acme/orders-s3-sink/aws"' in (repo / "README.md").read_text()
    assert CliRunner().invoke(main, ["check", *args]).exit_code == 0
    example = repo / "examples" / "basic"
    env = {**tf_env, "TF_DATA_DIR": str(tmp_path / "tfdata")}
    tf(["init", "-input=false", "-no-color", "-backend=false"], example, env)
    tf(["validate", "-no-color"], example, env)


def test_registry_layout_refuses_an_unknown_connector(tmp_path):
    from click.testing import CliRunner

    from goldens import EXAMPLES
    from msk_connect_iam.cli import main

    result = CliRunner().invoke(main, ["generate", str(EXAMPLES / "quickstart" / "connectors.yaml"), "-o",
                                       str(tmp_path / "out"), "--layout", "registry", "--connector", "nope"])
    assert result.exit_code == 2 and "no connector named 'nope'" in result.output  # a usage error, as explain's
    assert not (tmp_path / "out").exists()


def test_registry_names():
    from msk_connect_iam.render.registry import registry_name, repository_name

    assert repository_name("orders-s3-sink") == "terraform-aws-orders-s3-sink"
    assert registry_name("Orders.S3_sink") == "orders-s3-sink"
