"""One pass over an article's text, shared by every field extractor.

``TextIndex`` tokenises the text once into plain parallel lists (lower-cased words, start and
end offsets) and keeps a lower-cased copy of the text with the same offsets. Everything that
looks for keywords asks the index instead of scanning the text again:

* ``KeywordRegex`` is a regular expression whose every match starts at one of a known set of
  words (``rapat``, ``rakor...``, ``sosialisasi``...). Instead of trying the pattern at every
  character (what ``finditer`` does, slow for a big case-insensitive alternation), it is tried
  only at the tokens that are such a word, found through the index's word positions. The
  matches are the same as ``finditer``'s (tests check this on generated text).
* ``Occurrences`` holds the matches of one ``KeywordRegex`` over the whole text, computed
  once, with a bisect query for "a match inside ``[a, b)``". Rules such as "an exhortation cue
  before the agency in the same sentence" become one scan per article plus a bisect per hit,
  instead of one regex search per hit.

Offsets always index the caller's text.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

_SETS = (frozenset, set)
TOKEN_SPLIT_RE = re.compile(r"([^\W_]+)")
# the same split for a text without "_" (almost every article): \w is a faster test than [^\W_]
_WORD_SPLIT_RE = re.compile(r"(\w+)")


def lower_same_length(text: str) -> str:
    """``text.lower()`` with the same offsets (a few characters lower-case to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class TextIndex:
    """Tokens of ``text`` as parallel lists, plus word -> token indexes (built on first use)."""

    __slots__ = ("text", "low", "lows", "starts", "ends", "_where", "cache")

    def __init__(self, text: str):
        self.text = text
        low = lower_same_length(text)
        self.low = low
        # separator, word, separator, word, ..., separator
        parts = (TOKEN_SPLIT_RE if "_" in low else _WORD_SPLIT_RE).split(low)
        offs = list(accumulate(map(len, parts)))
        self.lows: list[str] = parts[1::2]
        self.ends: list[int] = offs[1::2]
        self.starts: list[int] = offs[0:-1:2]
        self._where: dict[str, list[int]] | None = None
        self.cache: dict = {}  # per-article results shared by the field extractors

    def __len__(self) -> int:
        return len(self.lows)

    @property
    def where(self) -> dict[str, list[int]]:
        """Lower-cased word -> indexes of its tokens, in text order."""
        w = self._where
        if w is None:
            w = {}
            for i, tok in enumerate(self.lows):
                lst = w.get(tok)
                if lst is None:
                    w[tok] = [i]
                else:
                    lst.append(i)
            self._where = w
        return w

    def word(self, i: int) -> str:
        """Token ``i`` as written."""
        return self.text[self.starts[i]:self.ends[i]]

    def prefixed_words(self) -> list[str]:
        """The article's words that start with a prefix of some registered ``KeywordRegex``
        (one regex over the joined vocabulary instead of a ``startswith`` per word and scan)."""
        got = self.cache.get("prefixed")
        if got is None:
            rx = _prefix_regex()
            got = rx.findall("\n".join(self.where)) if rx is not None else []
            self.cache["prefixed"] = got
        return got

    def token_indexes(self, words, prefixes: tuple[str, ...] = ()) -> list[int]:
        """Sorted indexes of the tokens equal to one of ``words`` or starting with one of ``prefixes``."""
        where = self.where
        # walk the smaller side: a short word list is looked up in the vocabulary, a long one
        # (gazetteer keys) is intersected with it (set.intersection(dict) walks the dict)
        if len(words) < len(where):
            found = [w for w in words if w in where]
        else:
            found = words.intersection(where) if type(words) in _SETS else where.keys() & words
        if prefixes:
            pw = self.prefixed_words() if set(prefixes) <= _PREFIXES[0] else where
            extra = [w for w in pw if w.startswith(prefixes)]
            if extra:
                found = set(found)
                found.update(extra)
        if not found:
            return []
        if len(found) == 1:
            return where[next(iter(found))]
        out: list[int] = []
        for w in found:
            out.extend(where[w])
        out.sort()
        return out

    def first_token_at_or_after(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos)

    def has_word(self, words, a: int, b: int) -> bool:
        """Is one of ``words`` a token starting in ``[a, b)``?"""
        starts = self.starts
        for w in [w for w in words if w in self.where]:
            idx = self.where[w]
            k = bisect.bisect_left(idx, bisect.bisect_left(starts, a))
            if k < len(idx) and starts[idx[k]] < b:
                return True
        return False


_PREFIXES: list = [frozenset(), None]  # registered prefixes, their regex (rebuilt when new ones come)


def _prefix_regex() -> re.Pattern | None:
    if _PREFIXES[1] is None and _PREFIXES[0]:
        alt = "|".join(re.escape(p) for p in sorted(_PREFIXES[0], key=len, reverse=True))
        _PREFIXES[1] = re.compile(r"^(?:" + alt + r").*$", re.MULTILINE)
    return _PREFIXES[1]


class KeywordRegex:
    """A compiled pattern run only where one of its trigger words starts a token.

    ``words``: lower-case tokens a match can start with; ``prefixes``: token prefixes for
    patterns like ``rakor\\w*``. Every match of ``pattern`` must start at such a token (the
    pattern begins with ``\\b`` and one of these words); then ``finditer`` gives exactly the
    matches of ``pattern.finditer`` over the same range.
    """

    __slots__ = ("pattern", "words", "prefixes")

    registry: list[KeywordRegex] = []  # every instance, for the equivalence tests

    def __init__(self, pattern: str | re.Pattern, words, prefixes=(), flags: int = re.IGNORECASE):
        self.pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
        self.words = frozenset(words)
        self.prefixes = tuple(prefixes)
        KeywordRegex.registry.append(self)
        if not set(self.prefixes) <= _PREFIXES[0]:
            _PREFIXES[0] = _PREFIXES[0] | set(self.prefixes)
            _PREFIXES[1] = None

    def finditer(self, ix: TextIndex, start: int = 0, end: int | None = None) -> list[re.Match]:
        text = ix.text
        end = len(text) if end is None else end
        idx = ix.cache.get(self)
        if idx is None:
            idx = ix.cache[self] = ix.token_indexes(self.words, self.prefixes)
        if not idx:
            return []
        starts = ix.starts
        k = bisect.bisect_left(idx, bisect.bisect_left(starts, start)) if start else 0
        out = []
        last = start
        match = self.pattern.match
        n = len(idx)
        while k < n:
            p = starts[idx[k]]
            k += 1
            if p >= end:
                break
            if p < last:
                continue
            m = match(text, p, end)
            if m:
                out.append(m)
                last = m.end() if m.end() > p else p + 1
        return out

    def occurrences(self, ix: TextIndex, spans=None) -> Occurrences:
        if spans is None:
            return Occurrences(self.finditer(ix))
        ms = []
        for s, e in spans:
            ms.extend(self.finditer(ix, s, e))
        return Occurrences(ms)


class Occurrences:
    """Matches of one pattern over an article, sorted by start, queried by window."""

    __slots__ = ("matches", "starts")

    def __init__(self, matches: list[re.Match]):
        self.matches = matches
        self.starts = [m.start() for m in matches]

    def __bool__(self) -> bool:
        return bool(self.matches)

    def within(self, a: int, b: int) -> list[re.Match]:
        """Matches lying entirely inside ``[a, b)``."""
        k = bisect.bisect_left(self.starts, a)
        out = []
        ms, st = self.matches, self.starts
        while k < len(st) and st[k] < b:
            if ms[k].end() <= b:
                out.append(ms[k])
            k += 1
        return out

    def first_within(self, a: int, b: int) -> re.Match | None:
        k = bisect.bisect_left(self.starts, a)
        ms, st = self.matches, self.starts
        while k < len(st) and st[k] < b:
            if ms[k].end() <= b:
                return ms[k]
            k += 1
        return None

    def last_within(self, a: int, b: int) -> re.Match | None:
        k = bisect.bisect_left(self.starts, b) - 1
        ms, st = self.matches, self.starts
        while k >= 0 and st[k] >= a:
            if ms[k].end() <= b:
                return ms[k]
            k -= 1
        return None

    def any_within(self, a: int, b: int) -> bool:
        return self.first_within(a, b) is not None

    def covering(self, a: int, b: int) -> bool:
        """Does a match contain ``[a, b)``? (Matches do not overlap: only the last one starting
        at or before ``a`` can.)"""
        k = bisect.bisect_right(self.starts, a) - 1
        return k >= 0 and self.matches[k].end() >= b
