"""After schema problems in the document root, ``defaults`` or ``clusters``, the semantic pass
still checks the connectors that are well-formed (schemascope.py), without false or duplicate
problems: whatever it reports is also reported once the refused values are corrected."""

from __future__ import annotations

import pytest

from msk_connect_iam.errors import ManifestError
from msk_connect_iam.manifest.loader import load_yaml
from msk_connect_iam.manifest import validate

ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ManifestError) as exc:
        validate(load_yaml(text, "m.yaml"))
    return [(p.path, p.message) for p in exc.value.problems]


def _paths(found):
    return [path for path, _ in found]


CONNECTORS = f"""
connectors:
  - name: own-cluster
    type: sink
    topics: ["bad topic"]
    cluster: {{arn: "{ARN}"}}
    role: {{name_prefix: "p-"}}
  - name: default-cluster
    type: sink
    topics: ["bad too"]
  - name: named-cluster
    type: sink
    topics: ["bad three"]
    cluster: analytics
    role: {{name: named-role}}
"""

#: (a schema break, the same document corrected, the connectors the semantic pass must still check)
CASES = {
    "misspelt defaults.cluster": (
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  clustr: {{arn: '{ARN}'}}\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: {{arn: '{ARN}'}}\n",
        {0, 2}),
    "defaults.cluster of the wrong type": (
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: [x]\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: {{arn: '{ARN}'}}\n",
        {0, 2}),
    "refused clusters entry": (
        f"version: 1\nclusters: {{analytics: {{arn: 7}}}}\ndefaults:\n  cluster: {{arn: '{ARN}'}}\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: {{arn: '{ARN}'}}\n",
        {0, 1}),
    "refused defaults.role.name_prefix": (
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: analytics\n"
        "  role: {name_prefix: 5}\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: analytics\n"
        "  role: {name_prefix: x-}\n",
        {0, 2}),
    "refused role settings with built-in defaults": (
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: analytics\n"
        "  region: 5\n  role: {max_session_duration: long, tags: [a]}\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: analytics\n"
        "  region: us-east-1\n  role: {max_session_duration: 3600, tags: {a: b}}\n",
        {0, 1, 2}),
    "misspelt top-level defaults": (
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefault:\n  cluster: {{arn: '{ARN}'}}\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: {{arn: '{ARN}'}}\n",
        {0, 2}),  # 1 takes its cluster and its name prefix from the defaults, which may be misspelt
    "wrong version and an unknown top-level key": (
        f"version: 2\nextra: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: analytics\n",
        f"version: 1\nclusters: {{analytics: {{arn: '{ARN}'}}}}\ndefaults:\n  cluster: analytics\n",
        {0, 1, 2}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_semantic_problems_of_well_formed_connectors_are_reported(name):
    broken, fixed, checked = CASES[name]
    found = problems(broken + CONNECTORS)
    expected = problems(fixed + CONNECTORS)
    semantic = [(p, m) for p, m in found if p.startswith("connectors[")]
    # every connector the scope keeps is reported exactly as in the corrected document ...
    assert semantic == [(p, m) for p, m in expected if int(p[len("connectors["):].split("]")[0]) in checked], found
    # ... nothing twice, and the structure problems are all there
    assert len(set(_paths(found))) == len(found), found
    assert any(not p.startswith("connectors[") for p in _paths(found))


def test_no_false_role_name_collision_from_a_refused_prefix():
    """Without the refused prefix, b's derived name would equal a's explicit one: b is left out."""
    text = (f"version: 1\ndefaults:\n  cluster: {{arn: '{ARN}'}}\n  role: {{name_prefix: 9}}\nconnectors:\n"
            "  - {name: a, type: sink, topics: [t], role: {name: b}}\n"
            "  - {name: b, type: sink, topics: [t]}\n")
    assert problems(text) == [("defaults.role.name_prefix", "found a number (9); expected a string (quote it)")]


def test_the_semantic_pass_cannot_run_without_a_connector_list():
    text = f"version: 1\ndefaults:\n  cluster: {{arn: '{ARN}'}}\nconnectors: {{name: a}}\n"
    assert _paths(problems(text)) == ["connectors"]
    text = "version: 1\ndefaults: [x]\nconnectors:\n  - {name: a, type: sink, topics: ['bad topic']}\n"
    assert _paths(problems(text)) == ["defaults"]
