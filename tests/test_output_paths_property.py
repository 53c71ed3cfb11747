"""Property tests (hypothesis) of the path mechanism: whatever becomes a path (connector names, in
both layouts; the registry namespace; the root configuration beside the modules) never resolves
outside the output folder, and the writer itself refuses, or keeps inside the output folder, any
relative path it is handed (defence in depth below validation).

Examples per run: ``NAME_EXAMPLES`` manifests (each planned in both layouts and with a root
configuration) and ``WRITE_EXAMPLES`` hand-made plans written to disk.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from manifests import CLUSTER
from msk_connect_iam import write as output
from msk_connect_iam.errors import ManifestError, OutputError
from msk_connect_iam.manifest import validate
from msk_connect_iam.manifest.loader import load_yaml

NAME_EXAMPLES = 300
WRITE_EXAMPLES = 200

#: Letters of valid names and the characters that would make a path mean something else.
_TRICKY = st.sampled_from(list("aZ09._-") + ["/", "\\", "..", ".", "~", " ", "\x00", ":", "\u2215", "\uff0e",
                                             "\u0130", "%2e", "\n", "$HOME", "*"])
tricky_names = st.lists(_TRICKY, min_size=1, max_size=12).map("".join)
#: Half valid names (what validation lets through is what matters), half anything.
names = st.one_of(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", fullmatch=True), tricky_names)


def _manifest(connector_names: list[str]) -> str:
    lines = ["version: 1", "defaults:", f"  cluster: {{arn: {CLUSTER}}}", "connectors:"]
    lines += [f"  - {{name: {json.dumps(n)}, type: sink, topics: [orders]}}" for n in connector_names]
    return "\n".join(lines) + "\n"


def _inside(out: str, rel: str) -> bool:
    parts = rel.split("/")
    if os.path.isabs(rel) or "\\" in rel or "\x00" in rel or any(p in ("", ".", "..") for p in parts):
        return False
    resolved = os.path.normpath(os.path.join(out, *parts))
    return resolved.startswith(out + os.sep)


@settings(max_examples=NAME_EXAMPLES, deadline=None)
@given(connector_names=st.lists(names, min_size=1, max_size=3, unique=True), namespace=names)
def test_planned_paths_never_leave_the_output_folder(connector_names, namespace):
    try:
        model = validate(load_yaml(_manifest(connector_names), "m.yaml"))
    except ManifestError:
        event("refused")
        return  # refused with located problems: nothing is planned
    event("planned")
    out = "/srv/out"
    plans = [output.plan(model, Path("/srv/m.yaml"), Path(out)),
             output.plan(model, Path("/srv/m.yaml"), Path(out), layout="registry", namespace=namespace),
             output.plan_root(model, Path("/srv/m.yaml"), Path(out), Path(out) / "root")]
    for p in plans:
        base = os.fspath(p.out_dir)
        for rel in p.files:
            assert _inside(base, rel), (connector_names, rel)
    # the root configuration is inside the output folder only where it was put
    assert all(_inside(out, "root/" + rel) for rel in plans[2].files)


rel_paths = st.lists(st.sampled_from(["a", "b", "..", ".", "", "/", "x.tf", "c/d", "~", "\\", ".a.tmp"]),
                     min_size=1, max_size=5).map("/".join)


@settings(max_examples=WRITE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rels=st.lists(rel_paths, min_size=1, max_size=4, unique=True))
def test_the_writer_refuses_or_stays_inside_for_any_relative_path(rels):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "out"
        (root / "outside").mkdir()
        p = output.Plan(out_dir=out, manifest_ref="../m.yaml", files={r: "# x\n" for r in rels})
        try:
            output.write(p)
        except (OutputError, OSError):
            pass  # refused (or the paths contradict each other: a file where a folder must be)
        written = [f for f in root.rglob("*") if f.is_file() or f.is_symlink()]
        for f in written:
            assert out in f.parents, (rels, f)
        assert list((root / "outside").iterdir()) == []
