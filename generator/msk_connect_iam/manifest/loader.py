"""Load a YAML manifest into plain Python data that remembers where every value came from.

PyYAML's C loader composes the node tree (line and column for every node); we then build plain
dicts, lists and scalars from it ourselves, so that we can refuse what YAML parsers silently
accept: duplicate mapping keys, several documents, alias expansion bombs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from msk_connect_iam.errors import ManifestError, Problem, show

try:  # the C loader is ~20x faster and keeps line/column; fall back for pure-Python builds
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Largest manifest accepted, in bytes (a 1,000-connector manifest is about 250 KB).
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
#: Most values a manifest may expand to once aliases are followed (guards against
#: "billion laughs" alias bombs; a 1,000-connector manifest has about 30,000).
MAX_NODES = 1_000_000
#: Most connectors one manifest may hold, checked before any other work: time and memory grow
#: linearly with it (README "Speed": 1,000 connectors take about 1.5-2 s and 65-75 MB), so 5,000
#: bounds a run at about 10 s and 400 MB; MSK Connect's own quota is 100 connectors per account
#: and Region unless raised. Split larger fleets into several manifests (one output folder each).
MAX_CONNECTORS = 5_000
#: Deepest nesting of mappings and lists accepted (a manifest needs about 6).
MAX_DEPTH = 50

PathT = tuple  # tuple[str | int, ...]


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]+")


def format_path(path: PathT) -> str:
    """Render a key path tuple as ``connectors[2].topics[0]`` ('' for the root).

    Keys that are not plain words are written quoted, with control characters escaped, so a
    path is always one line: ``role.tags["cost center"]`` (dotted Kafka property names such as
    ``connector_configuration.topics.regex`` stay readable).
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            out += f".{part}" if out else str(part)
        else:
            out += "[" + json.dumps(str(part)) + "]"
    return out


@dataclass
class LocatedDocument:
    """A loaded manifest: ``data`` plus 1-based (line, column) of every value and mapping key.

    ``locations[path]`` is where the value at ``path`` starts; ``key_locations[path]`` is where
    the key naming it starts (only for mapping members).
    """

    file: str
    data: Any
    locations: dict = field(default_factory=dict)
    key_locations: dict = field(default_factory=dict)

    def where(self, path: PathT, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) for ``path``, walking up to the nearest located ancestor."""
        table = self.key_locations if key else self.locations
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.locations:
                return self.locations[p]
            p = p[:-1]
        return self.locations.get((), (1, 1))

    def problem(self, path: PathT, message: str, *, key: bool = False) -> Problem:
        """Build a :class:`Problem` located at ``path``."""
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, format_path(path), message)


def read_manifest_text(path: Path, display: str) -> str:
    """Read ``path`` as UTF-8 text within the size limit; raise ManifestError otherwise.

    At most :data:`MAX_MANIFEST_BYTES` + 1 bytes are read whatever the file is, so a pipe, a
    device such as ``/dev/zero`` or a file growing while it is read cannot exhaust memory.
    """
    try:
        size = path.stat().st_size
        if size <= MAX_MANIFEST_BYTES:
            with path.open("rb") as fh:
                raw = fh.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise ManifestError([Problem(display, 0, 0, "", f"cannot read the manifest: {exc.strerror}")])
    if size <= MAX_MANIFEST_BYTES < len(raw):  # not a regular file, or it grew: its size is unknown
        raise ManifestError([Problem(display, 0, 0, "", f"the manifest is more than {MAX_MANIFEST_BYTES} bytes; "
                                                        f"at most {MAX_MANIFEST_BYTES} are accepted")])
    if size > MAX_MANIFEST_BYTES:
        raise ManifestError([Problem(display, 0, 0, "",
                                     f"the manifest is {size} bytes; at most {MAX_MANIFEST_BYTES} are accepted")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ManifestError([Problem(display, line, col, "",
                                     f"byte 0x{raw[exc.start]:02x} is not UTF-8; the manifest must be UTF-8 text")])


def load_yaml(text: str, display: str) -> LocatedDocument:
    """Parse one YAML document from ``text`` into a :class:`LocatedDocument`.

    Raises ManifestError (with every problem found) for: YAML syntax errors, an empty document,
    several documents, duplicate mapping keys, non-string mapping keys, and alias expansion past
    :data:`MAX_NODES`.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
        raise ManifestError([Problem(display, line, col, "", f"YAML syntax error: {what}")])
    except yaml.YAMLError as exc:
        raise ManifestError([Problem(display, 0, 0, "", f"YAML error: {exc}")])
    except RecursionError:
        raise ManifestError([Problem(display, 0, 0, "", f"the manifest nests mappings or lists too deeply; "
                                                        f"expected at most {MAX_DEPTH} levels")])
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise ManifestError([Problem(display, 1, 1, "", "the manifest is empty; expected a mapping with 'version' and 'connectors'")])
    if len(nodes) > 1:
        m = nodes[1].start_mark
        raise ManifestError([Problem(display, m.line + 1, m.column + 1, "",
                                     f"the file holds {len(nodes)} YAML documents; expected exactly one")])
    doc = LocatedDocument(display, None)
    # Only an anchor ('&') lets a node be reached twice (aliases, recursion, alias bombs): without
    # one the document is a tree as large as its text, and the builder checks its depth itself.
    if "&" in text:
        problem = _expansion_problem(nodes[0], display)
        if problem:
            raise ManifestError([problem])
    builder = _Builder(doc)
    doc.data = builder.build(nodes[0], ())
    if builder.problems:
        raise ManifestError(builder.problems)
    return doc


def load_manifest_file(path: Path, display: str | None = None) -> LocatedDocument:
    """Read and parse a manifest file; ``display`` is the name used in messages (default: path)."""
    display = display or str(path)
    return load_yaml(read_manifest_text(path, display), display)


def _expansion_problem(root: yaml.Node, display: str) -> Problem | None:
    """Measure what ``root`` expands to once aliases are followed, without expanding it.

    Returns a problem for an alias that refers to a node containing it (a recursive anchor), a
    nesting deeper than :data:`MAX_DEPTH`, or an expansion past :data:`MAX_NODES` values
    ("billion laughs"), located at the outermost value whose expansion is too large.
    """
    size: dict[int, int] = {}
    # iterative post-order walk: (node, depth, children pushed?)
    stack = [(root, 1, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, expanded = stack.pop()
        if depth > MAX_DEPTH:
            return _too_deep(node, display)
        children = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if expanded:
            on_path.discard(id(node))
            size[id(node)] = min(1 + sum(size[id(c)] for c in children), MAX_NODES + 1)
            continue
        if id(node) in size:
            continue
        if id(node) in on_path:
            m = node.start_mark
            return Problem(display, m.line + 1, m.column + 1, "",
                           "an alias refers to a value that contains it (recursive anchor); "
                           "expected a value without self-reference")
        on_path.add(id(node))
        stack.append((node, depth, True))
        for child in reversed(children):
            if id(child) in on_path:
                m = child.start_mark
                return Problem(display, m.line + 1, m.column + 1, "",
                               "an alias refers to a value that contains it (recursive anchor); "
                               "expected a value without self-reference")
            if id(child) not in size:
                stack.append((child, depth + 1, False))
    if size[id(root)] <= MAX_NODES:
        return None
    node, path = root, ()
    while True:  # descend to the outermost value that is too large by itself
        if isinstance(node, yaml.MappingNode):
            children = [(k.value if isinstance(k, yaml.ScalarNode) else "?", v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = list(enumerate(node.value))
        else:
            children = []
        big = [(part, c) for part, c in children if size[id(c)] > MAX_NODES]
        if not big:
            break
        part, node = big[0]
        path += (part,)
    m = node.start_mark
    return Problem(display, m.line + 1, m.column + 1, format_path(path),
                   f"aliases expand this value past {MAX_NODES} values; refusing the manifest (alias bomb?)")


def _too_deep(node: yaml.Node, display: str) -> Problem:
    m = node.start_mark
    return Problem(display, m.line + 1, m.column + 1, "",
                   f"the manifest nests mappings or lists more than {MAX_DEPTH} levels deep; "
                   "expected a manifest of a few levels")


#: Tags a plain mapping, list or key carries (the YAML 1.1 core schema's implicit tags, as
#: PyYAML resolves them); any other tag (``!!set``, ``!!omap``, ``!!python/...``, ``!local``) is
#: reported, whatever node it is on, so that no tag silently changes what a value means.
_MAP_TAG = "tag:yaml.org,2002:map"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_KEY_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _tag_name(tag: str) -> str:
    """``tag:yaml.org,2002:set`` -> ``!!set``; a local tag as written."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    _constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def __init__(self, doc: LocatedDocument):
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []
        self.bombed = False

    def build(self, node: yaml.Node, path: PathT) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if not self.bombed:
                self.bombed = True
                m = node.start_mark
                self.problems.append(Problem(self.doc.file, m.line + 1, m.column + 1, format_path(path),
                                             f"aliases expand the manifest past {MAX_NODES} values; "
                                             "refusing it (alias bomb?)"))
            return None
        self.doc.locations[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) >= MAX_DEPTH - 1 and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
            # its children lie deeper than MAX_DEPTH: the first one, as _expansion_problem reports it
            first = node.value[0][0] if isinstance(node, yaml.MappingNode) else node.value[0]
            raise ManifestError([_too_deep(first, self.doc.file)])
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:  # reported, and the mapping is still read for more problems
                self._problem(node, path, f"the YAML tag '{_tag_name(node.tag)}' is not supported here; "
                                          "expected a plain mapping without a tag")
            out: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._problem(key_node, path, "YAML merge keys ('<<') are not supported; write the keys out")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self._problem(key_node, path, "a mapping key must be a plain string")
                    continue
                if key_node.tag not in _KEY_TAGS:
                    self._problem(key_node, path + (key_node.value,),
                                  f"the YAML tag '{_tag_name(key_node.tag)}' is not supported on a key; "
                                  "expected a plain key")
                key = key_node.value
                if key in out:
                    first = self.doc.key_locations[path + (key,)]
                    self._problem(key_node, path + (key,),
                                  f"duplicate key {show(key)} (first defined at line {first[0]}); "
                                  "YAML would silently keep only the last one")
                    continue
                self.doc.key_locations[path + (key,)] = (key_node.start_mark.line + 1,
                                                         key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
                if self.bombed:
                    return out
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self._problem(node, path, f"the YAML tag '{_tag_name(node.tag)}' is not supported here; "
                                          "expected a plain list without a tag")
            items = []
            for i, child in enumerate(node.value):
                items.append(self.build(child, path + (i,)))
                if self.bombed:
                    break
            return items
        if node.tag == _STR_TAG:  # most values: PyYAML's str constructor returns the text as is
            return node.value
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._problem(node, path, f"cannot read this value: {exc.problem}")
        except Exception:  # an explicit core tag on a value it does not fit: !!int abc, !!timestamp x
            self._problem(node, path, f"cannot read this value: {show(node.value)} is not a valid "
                                      f"'{_tag_name(node.tag)}'; remove the tag or correct the value")
        # a failed construction leaves its node in the shared constructor's state; reset it so
        # that the next tagged value (an alias of this one too) is judged on its own
        self._constructor.constructed_objects.clear()
        self._constructor.recursive_objects.clear()
        return None

    def _problem(self, node: yaml.Node, path: PathT, message: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.doc.file, m.line + 1, m.column + 1, format_path(path), message))
