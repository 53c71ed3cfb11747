"""The run-wide caches of rendering (render/escape.py, render/views.py, render/environment.py, render/module.py).

The escaping functions are cached, and the fragments that recur across modules (most variables,
the outputs, their terraform-docs rows; templates/fragments.j2) are rendered once per distinct
value. Caching must change nothing but the cost: refused text is refused on every call, values
of different types do not share an entry, a fragment still passes the strict ``finalize``, and
a module rendered after others is what it is when rendered alone.
"""

from __future__ import annotations

import dataclasses

import pytest

from msk_connect_iam.render import environment, escape, module, views
from msk_connect_iam.render.escape import HclLiteral, hcl_string
from msk_connect_iam.manifest.loader import load_yaml
from msk_connect_iam.manifest import validate

CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


@pytest.mark.parametrize("value", ["e\u0301", "\ud800"])
def test_hcl_string_refuses_bad_text_on_every_call(value):
    for _ in range(3):  # an error is never cached as a result
        with pytest.raises(ValueError):
            hcl_string(value)
    with pytest.raises(TypeError):
        hcl_string(1)


def test_markdown_caches_keep_types_apart():
    assert (escape.md(1), escape.md(True), escape.md("1")) == ("1", "True", "1")
    assert (escape.md_code(0), escape.md_code(False)) == ("`0`", "`False`")
    assert type(escape.md("a|b")) is escape.Markdown and escape.md("a|b") == "a\\|b"


def test_fragments_pass_the_strict_finalize():
    """A plain str reaching a fragment's output is refused, as in the module templates: the
    tags' multi-line default must be HCL literals built by hcl_string."""
    good = views._variable("tags", (("team", "data"),))
    assert all(type(k) is HclLiteral and type(v) is HclLiteral for k, v in good.multiline_default)
    bad = dataclasses.replace(good, multiline_default=(("team", '"data"'),))
    with pytest.raises(TypeError, match="unescaped value"):
        environment.fragment(HclLiteral, "variable_block", bad)


def test_fragments_are_what_the_macros_render():
    v = views._variable("path", "/msk-connect/")
    assert views._variable("path", "/msk-connect/") is v, "one Variable per distinct default"
    block = environment.fragment(HclLiteral, "variable_block", v)
    assert type(block) is HclLiteral
    assert block == ('variable "path" {\n  description = "IAM path of the role."\n  type        = string\n'
                     '  default     = "/msk-connect/"\n}\n')
    row = environment.fragment(escape.Markdown, "input_row", v)
    assert type(row) is escape.Markdown
    assert row == ('| <a name="input_path"></a> [path](#input\\_path) | IAM path of the role. | `string` | '
                   '`"/msk-connect/"` | no |\n')


def _model(connectors: str):
    source = f"version: 1\ndefaults:\n  cluster: {{arn: {CLUSTER}}}\nconnectors:\n{connectors}"
    return validate(load_yaml(source, "m.yaml"))


def test_a_module_rendered_after_others_is_the_module_rendered_alone():
    """Cached fragments and files (versions.tf, outputs.tf) carry nothing from one module into
    another: each module of a manifest equals that connector's module from a one-connector manifest."""
    rows = ["  - {name: a, type: sink, topics: [orders], role: {path: /x/, tags: {team: one}}}\n",
            "  - {name: b, type: source, topics: [events], role: {policy_type: managed, description: B}}\n",
            "  - {name: c, type: sink, topics: [orders], role: {path: /x/, permissions_boundary: "
            "'arn:aws:iam::123456789012:policy/boundary', max_session_duration: 7200}}\n"]
    together = module.render_manifest(_model("".join(rows)), "../m.yaml")
    for name, row in zip("abc", rows):
        alone = module.render_manifest(_model(row), "../m.yaml")
        assert alone == {k: v for k, v in together.items() if k.startswith(f"{name}/")}, name
    assert together["a/variables.tf"] != together["c/variables.tf"]
    assert together["a/outputs.tf"] == together["c/outputs.tf"]
    assert together["a/versions.tf"] == together["b/versions.tf"]
