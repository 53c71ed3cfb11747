"""No injection, ever: hostile text in every free-text field of a manifest is either rejected
with a located error (because IAM would reject it: tests/injection.py holds an oracle written from
facts.md, independent of msk_connect_iam.manifest.rules) or accepted, and then the emitted module parses
with python-hcl2 to exactly that value. tests/test_injection_terraform.py sends a sample through
a real ``terraform plan``.

Examples per run: HYPOTHESIS_EXAMPLES per field (default 150; 9 fields, connector_configuration values included), set by
``MSK_CONNECT_IAM_HYPOTHESIS_EXAMPLES``.
"""

from __future__ import annotations

import os

import hcl2
import pytest
import yaml
from hcl2 import SerializationOptions
from hypothesis import HealthCheck, assume, event, given, note, settings

from injection import FIELDS, hcl_unquote, manifest_with, undo_template_escapes
from msk_connect_iam.errors import ManifestError
from msk_connect_iam.render.escape import hcl_string
from msk_connect_iam.manifest.loader import load_yaml
from msk_connect_iam.manifest import validate
from msk_connect_iam.render.module import render_manifest

HYPOTHESIS_EXAMPLES = int(os.environ.get("MSK_CONNECT_IAM_HYPOTHESIS_EXAMPLES", "150"))
_STRIP = SerializationOptions(strip_string_quotes=True)


def outcome(field, text):
    """Run the manifest through load -> validate -> render; returns (value, files) or the problems."""
    source, value = manifest_with(field, text)
    assume(yaml.safe_load(source) is not None)
    try:
        model = validate(load_yaml(source, "m.yaml"))
    except ManifestError as exc:
        return value, None, exc.problems
    return value, render_manifest(model, "../m.yaml"), None


def check_hcl(field, value, text):
    """``value`` is in ``field.file`` exactly: python-hcl2 finds it where it belongs, and the
    literal there decodes (independently of python-hcl2's own decoding) to the value."""
    literal = hcl_string(value)
    assert literal in text, "the escaped literal is not in the file"
    assert hcl_unquote(literal) == value
    try:
        doc = hcl2.loads(text, serialization_options=_STRIP)
    except Exception:
        # python-hcl2 8.1.4 requires a '}' after '$${' or '%%{' inside the same literal
        # (its ESCAPED_INTERPOLATION token is /\$\$\{[^}]*\}/); HCL does not. Such values are
        # proven by the terraform plan test instead.
        rest = [literal[i:] for i in range(len(literal)) if literal.startswith(("$${", "%%{"), i)]
        assert any("}" not in r for r in rest), "python-hcl2 failed on a module without that known limit"
        return
    found = field.find(doc)
    # python-hcl2 keeps '$${...}'/'%%{...}' tokens verbatim (escapes inside them undecoded); undo
    # the template escapes ourselves, and where such a token holds a backslash escape compare with
    # the independent decoder instead.
    decoded = [undo_template_escapes(f) for f in found]
    if value not in decoded:
        raw = hcl2.loads(text)  # quotes kept: the literal as written
        raw_found = field.find(raw)
        assert literal in raw_found, (value, found)
        assert "\\" in literal, (value, found)


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_hostile_text_is_rejected_located_or_emitted_exactly(field):
    @settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(text=field.strategy)
    def run(text):
        value, files, problems = outcome(field, text)
        note(f"value={value!r}")
        event("accepted" if problems is None else "rejected")
        if not field.accepted(text):
            assert problems, f"IAM would reject {value!r} in {field.name} but it was accepted"
            ours = [p for p in problems if p.path.startswith(field.path)]
            assert ours, [p.format() for p in problems]
            assert all(p.line > 0 and p.column > 0 and p.file == "m.yaml" for p in ours)
            return
        assert problems is None, [p.format() for p in problems]
        text_of = files["probe/" + field.file]
        if field.file == "README.md":
            return  # Markdown, not HCL: the test only proves the value is accepted and rendered
        check_hcl(field, value, text_of)

    run()


@pytest.mark.parametrize("value", [
    "${aws:username}", "$${aws:username}", "$$${x}", "%{if true}x%{endif}", "%%{x}", "%%%{x}",
    "a\"b", "\\", "\\\"${x}", "\\${x}", "a\nb\r\nc\td", "EOT", "<<EOT\nx\nEOT", "${secretManager:db:password}",
    "\x00\x07\x1b\x7f\x85", "\u2028\u2029", "é\U0001f600",
])
def test_hcl_string_round_trips_through_the_independent_decoder(value):
    assert hcl_unquote(hcl_string(value)) == value
    literal = hcl_string(value)
    assert "\n" not in literal and "\r" not in literal  # one line: no heredoc, no comment break-out


def test_every_hcl_string_in_a_module_is_decodable():
    """Every quoted string python-hcl2 finds in a module built from hostile-but-accepted values
    decodes without a live template sequence (no interpolation sneaks in)."""
    import re

    from injection import BASE
    m = yaml.safe_load(yaml.safe_dump(BASE))
    c = m["connectors"][0]
    c["role"]["description"] = 'Role "x" ${aws:username} %{if} \\ $${y} %%{z}'
    c["aws_permissions"][0]["resources"] = ["arn:aws:s3:::b/${aws:username}/$${x}/\"q\"/\\"]
    c["aws_permissions"][0]["conditions"][0]["values"] = ["${secretManager:db:password}", "%{x}", "}"]
    files = render_manifest(validate(load_yaml(yaml.safe_dump(m), "m.yaml")), "../m.yaml")
    for name in ("probe/main.tf", "probe/variables.tf"):
        for literal in re.findall(r'"(?:[^"\\]|\\.)*"', files[name]):
            hcl_unquote(literal)


@pytest.mark.parametrize("value", ["e\u0301", "\u212b", "\ud800"])
def test_hcl_string_refuses_text_terraform_would_change(value):
    with pytest.raises(ValueError):
        hcl_string(value)
