"""Nesting depth, recursive anchors and alias bombs (msk_connect_iam.manifest.loader).

A document without an anchor ('&') is a plain tree: the loader skips the alias-expansion walk
for it and the builder checks the depth itself. These tests check that both paths answer the
same (a '# &' comment sends the same document down the expansion walk), and that each limit is
located where the first too-deep value starts."""

from __future__ import annotations

import pytest

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.loader import MAX_DEPTH, MAX_NODES, load_yaml


def nested(depth: int, leaf: str, flow: bool) -> str:
    """A document whose deepest value sits at ``depth`` (the root mapping is depth 1):
    mappings ``k: ...`` alternating with one-item lists."""
    if flow:
        text = leaf
        for level in range(depth - 1, 1, -1):  # the same shape as the block form below
            text = f"[{text}]" if level % 2 == 0 else f"{{k: {text}}}"
        return f"version: 1\nroot: {text}\n"
    lines = ["version: 1"]
    indent = ""
    for level in range(1, depth):
        if level % 2:
            lines.append(f"{indent}{'k' if level > 1 else 'root'}:")
        else:
            lines.append(f"{indent}-")
        indent += "  "
    lines[-1] += f" {leaf}"
    return "\n".join(lines) + "\n"


def outcome(text: str):
    try:
        load_yaml(text, "m.yaml")
    except ManifestError as exc:
        return [(p.line, p.column, p.path, p.message) for p in exc.problems]
    return None


@pytest.mark.parametrize("flow", [False, True])
@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2, 3 * MAX_DEPTH])
@pytest.mark.parametrize("leaf", ["x", "{}", "[]", "{a: 1}", "[1]"])
def test_depth_is_judged_alike_with_and_without_an_anchor(flow, depth, leaf):
    text = nested(depth, leaf, flow)
    without = outcome(text)
    with_anchor = outcome(text + "# & an anchor-like character: the expansion walk runs\n")
    assert without == with_anchor
    deepest = depth + (1 if leaf in ("{a: 1}", "[1]") else 0)
    if deepest > MAX_DEPTH:
        assert without is not None and len(without) == 1, without
        assert f"more than {MAX_DEPTH} levels deep" in without[0][3]
    else:
        assert without is None, without


def test_recursive_anchor_is_located():
    text = "version: 1\nconnectors: &a\n  - name: x\n    more: *a\n"
    problems = outcome(text)
    # located where the anchored value starts (an alias is the same node as its anchor)
    assert problems and problems[0][:2] == (2, 13) and "recursive anchor" in problems[0][3], problems


def test_alias_bomb_is_refused_and_plain_aliases_read():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        levels.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    problems = outcome("version: 1\n" + "\n".join(levels) + "\n")
    assert problems and f"past {MAX_NODES} values" in problems[0][3], problems
    doc = load_yaml("version: 1\na: &a [x, y]\nb: *a\n", "m.yaml")
    assert doc.data == {"version": 1, "a": ["x", "y"], "b": ["x", "y"]}
