"""A sound translation of a Kafka topic/group regex into IAM name patterns (issue 12, "Regex topics").

Kafka matches these regexes against whole names (``Pattern.matcher(name).matches()``: MirrorMaker 2's
``DefaultTopicFilter``/``DefaultGroupFilter``, apache/kafka connect/mirror; a sink's ``topics.regex``
through ``KafkaConsumer.subscribe(Pattern)``). :func:`cover` parses a safe subset of Java regex syntax
(literals, escapes, character classes, ``.``, ``?``, ``*``, ``+``, ``{m,n}``, groups, alternation,
anchors) and returns a set of IAM patterns (tuples of literal text, :data:`ONE` ``?`` and a final
:data:`ANY` ``*``) whose union matches **every** name the regex matches (a superset, never narrower):

- a literal character stays literal; ``.`` and a character class become ``?`` (one character), a
  small class of literals (``[ab]``) its alternatives;
- ``X?`` is ``"" | X``; ``X*``, ``X+`` and ``X{m,n}`` with ``n > m`` end the pattern with ``*`` after
  the mandatory copies of ``X``; ``X{m}`` repeats ``X``;
- ``^`` and ``$`` restrict a match, so reading them as the empty string only widens (sound);
- more than :data:`LIMIT` alternatives collapse to their longest common literal prefix + ``*``.

``exact`` is True when the union is exactly the language (no widening step was taken). Anything
outside the subset (flags, back-references, look-arounds, possessive/lazy quantifiers) raises
:class:`RegexError`: the caller then refuses with a located error.
"""

from __future__ import annotations

from .arnbuild import ANY, ONE, Wild

LIMIT = 32
_CLASS_ESCAPES = set("wWdDsShHvV")
_LITERAL_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}


class RegexError(ValueError):
    """The regex uses syntax outside the supported subset (the message says what)."""


Pattern = tuple  # of str (one literal character each) and Wild, ANY only last


class _Parser:
    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.exact = True

    def peek(self) -> str | None:
        return self.s[self.i] if self.i < len(self.s) else None

    def take(self) -> str:
        c = self.s[self.i]
        self.i += 1
        return c

    def alternation(self) -> set[Pattern]:
        out = set(self.sequence())
        while self.peek() == "|":
            self.take()
            out |= self.sequence()
        return out

    def sequence(self) -> set[Pattern]:
        acc: set[Pattern] = {()}
        while self.peek() is not None and self.peek() not in "|)":
            atom = self.quantified()
            acc = self._bound(concat(acc, atom))
        return acc

    def _bound(self, pats: set[Pattern]) -> set[Pattern]:
        if len(pats) <= LIMIT:
            return pats
        self.exact = False
        return {common_prefix(pats) + (ANY,)}

    def quantified(self) -> set[Pattern]:
        atom = self.atom()
        while True:
            c = self.peek()
            if c in ("?", "*", "+"):
                self.take()
                lo, hi = {"?": (0, 1), "*": (0, None), "+": (1, None)}[c]
            elif c == "{" and self._is_counted():
                lo, hi = self._counted()
            else:
                return atom
            if self.peek() in ("?", "+"):
                raise RegexError(f"lazy or possessive quantifier at position {self.i}")
            atom = self._repeat(atom, lo, hi)

    def _is_counted(self) -> bool:
        j = self.s.find("}", self.i)
        body = self.s[self.i + 1:j] if j > 0 else ""
        return bool(body) and all(p.isdigit() for p in body.split(",", 1)[:1]) and \
            all(p == "" or p.isdigit() for p in body.split(",")[1:]) and body.count(",") <= 1 and body[0].isdigit()

    def _counted(self) -> tuple[int, int | None]:
        j = self.s.find("}", self.i)
        body = self.s[self.i + 1:j]
        self.i = j + 1
        if "," not in body:
            return int(body), int(body)
        lo, hi = body.split(",")
        return int(lo), (int(hi) if hi else None)

    def _repeat(self, atom: set[Pattern], lo: int, hi: int | None) -> set[Pattern]:
        if hi is not None and hi < lo:
            raise RegexError("a {m,n} quantifier with n < m")
        if lo > 8:
            self.exact = False
            lo, hi = 8, None
        acc: set[Pattern] = {()}
        for _ in range(lo):
            acc = self._bound(concat(acc, atom))
        if hi == lo:
            return acc
        if hi is not None and hi - lo <= 2 and len(atom) ** (hi - lo) <= LIMIT:
            opt = atom | {()}
            for _ in range(hi - lo):
                acc = self._bound(concat(acc, opt))
            return acc
        # any further copies: every such name is the mandatory copies followed by something
        if atom != {(ONE,)}:
            self.exact = False  # only '.*' (any run of characters) is exactly '*'
        return self._bound(concat(acc, {(ANY,)}))

    def atom(self) -> set[Pattern]:
        c = self.take()
        if c == "(":
            if self.peek() == "?":
                self.take()
                if self.peek() != ":":
                    raise RegexError(f"group construct '(?{self.peek() or ''}' at position {self.i}")
                self.take()
            inner = self.alternation()
            if self.peek() != ")":
                raise RegexError("unbalanced '('")
            self.take()
            return inner
        if c in "^$":
            return {()}
        if c == ".":
            return {(ONE,)}
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape()
        if c in "*+?{)":
            raise RegexError(f"'{c}' at position {self.i - 1} repeats nothing")
        return {(c,)}  # a literal, ']' and '}' included

    def escape(self) -> set[Pattern]:
        if self.peek() is None:
            raise RegexError("a trailing backslash")
        c = self.take()
        if c in _CLASS_ESCAPES:
            self.exact = False
            return {(ONE,)}
        if c in _LITERAL_ESCAPES:
            return {(_LITERAL_ESCAPES[c],)}
        if c == "Q":
            j = self.s.find("\\E", self.i)
            end = len(self.s) if j < 0 else j
            text, self.i = self.s[self.i:end], (len(self.s) if j < 0 else j + 2)
            return {tuple(text)}
        if c.isalnum():
            raise RegexError(f"the escape '\\{c}' at position {self.i - 2}")
        return {(c,)}

    def char_class(self) -> set[Pattern]:
        chars: set[str] = set()
        wide = False
        if self.peek() == "^":
            self.take()
            wide = True
        first = True
        while True:
            c = self.peek()
            if c is None:
                raise RegexError("unbalanced '['")
            if c == "]" and not first:
                self.take()
                break
            first = False
            self.take()
            if c == "[" or (c == "&" and self.peek() == "&"):
                raise RegexError("nested or intersected character classes")
            if c == "\\":
                e = self.take() if self.peek() is not None else ""
                if e in _CLASS_ESCAPES:
                    wide = True
                    continue
                if e.isalnum() and e not in _LITERAL_ESCAPES:
                    raise RegexError(f"the escape '\\{e}' in a character class")
                c = _LITERAL_ESCAPES.get(e, e)
            if self.peek() == "-" and self.i + 1 < len(self.s) and self.s[self.i + 1] != "]":
                self.take()
                hi = self.take()
                if hi == "\\":
                    raise RegexError("an escape as a range end")
                if ord(hi) < ord(c):
                    raise RegexError(f"the range {c}-{hi}")
                if ord(hi) - ord(c) >= 8:
                    wide = True
                else:
                    chars |= {chr(x) for x in range(ord(c), ord(hi) + 1)}
                continue
            chars.add(c)
        if wide or len(chars) > 8:
            self.exact = False
            return {(ONE,)}
        return {(ch,) for ch in chars}


def concat(left: set[Pattern], right: set[Pattern]) -> set[Pattern]:
    """Every ``a + b``; a pattern already ending in ``*`` absorbs whatever follows."""
    out = set()
    for a in left:
        if a and a[-1] is ANY:
            out.add(a)
            continue
        for b in right:
            out.add(a + b)
    return out


def common_prefix(pats: set[Pattern]) -> Pattern:
    """The longest leading run of literal characters every pattern shares."""
    out: list = []
    for parts in zip(*pats):
        if len(set(parts)) != 1 or isinstance(parts[0], Wild):
            break
        out.append(parts[0])
    return tuple(out)


def cover(regex: str) -> tuple[list[tuple], bool]:
    """``(patterns, exact)``: IAM name patterns (tuples of literal ``str`` runs, :data:`ONE`, and a
    final :data:`ANY`), sorted, whose union includes every name ``regex`` fully matches, and whether
    the union is exactly those names. The empty name is never a Kafka name and is left out.
    Raises :class:`RegexError` for syntax outside the subset."""
    p = _Parser(regex)
    pats = p.alternation()
    if p.peek() is not None:
        raise RegexError(f"unbalanced ')' at position {p.i}")
    out = []
    for pat in pats:
        if not pat:
            continue
        runs: list = []
        for part in pat:
            if isinstance(part, str) and runs and isinstance(runs[-1], str):
                runs[-1] += part
            else:
                runs.append(part)
        out.append(tuple(runs))
    # drop a pattern another one already covers (same literal start, then '*')
    keep = [a for a in out if not any(b != a and b[-1] is ANY and _covers(b, a) for b in out)]
    return sorted(set(keep), key=lambda t: tuple((x.text if isinstance(x, Wild) else "\x00" + x) for x in t)), p.exact


def _covers(prefix_pat: tuple, other: tuple) -> bool:
    """True when ``prefix_pat`` (``<literal>*``) includes ``other``."""
    if len(prefix_pat) != 2 or not isinstance(prefix_pat[0], str):
        return prefix_pat == (ANY,)
    lit = prefix_pat[0]
    return bool(other) and isinstance(other[0], str) and other[0].startswith(lit)

