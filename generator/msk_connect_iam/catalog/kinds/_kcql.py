"""A small reader for Lenses' KCQL statements (``connect.s3.kcql``), enough to find the buckets,
prefixes and topics (https://docs.lenses.io/latest/connectors/kafka-connectors/sinks/aws-s3, "KCQL
support": ``INSERT INTO <bucket>[:<prefix>] SELECT * FROM <topic> ...``; the source reverses it)."""

from __future__ import annotations

import re

_STMT_RE = re.compile(r"^\s*INSERT\s+INTO\s+(?P<into>`[^`]+`(?::[^\s]+)?|[^\s]+)\s+SELECT\s+.+?\s+FROM\s+"
                      r"(?P<from>`[^`]+`(?::[^\s]+)?|[^\s]+)", re.IGNORECASE | re.DOTALL)


def statements(kcql: str) -> list[tuple[str, str]] | None:
    """(into, from) of every ';'-separated statement, or None when one does not parse."""
    out = []
    for stmt in (s for s in kcql.split(";") if s.strip()):
        m = _STMT_RE.match(stmt)
        if not m:
            return None
        out.append((m.group("into"), m.group("from")))
    return out or None


def location(text: str) -> tuple[str, str]:
    """``bucket[:prefix]`` (backquotes allowed) -> (bucket, prefix)."""
    bucket, _, prefix = text.partition(":")
    return bucket.strip("`"), prefix.strip("`").strip("/")


def name(text: str) -> str:
    """A topic name, backquotes removed."""
    return text.strip("`")
