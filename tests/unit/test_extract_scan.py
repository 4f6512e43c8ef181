"""The shared text index: tokens, and keyword-triggered scans equal to plain regex scans."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dashboard.extract  # noqa: F401  (imports every field module, registering its scans)
from dashboard.extract.scan import KeywordRegex, TextIndex, lower_same_length


def test_tokens_are_parallel_lists_with_exact_offsets():
    t = "KPU Kab. Solok_2020 menggelar RAKOR, Kamis (27/2)."
    ix = TextIndex(t)
    assert ix.lows == ["kpu", "kab", "solok", "2020", "menggelar", "rakor", "kamis", "27", "2"]
    for w, a, b in zip(ix.lows, ix.starts, ix.ends):
        assert t[a:b].lower() == w
    assert ix.where["rakor"] == [5]
    assert ix.word(0) == "KPU"


def test_lower_keeps_offsets():
    t = "İstanbul KPU"  # 'İ'.lower() has two characters
    assert len(lower_same_length(t)) == len(t)
    ix = TextIndex(t)
    assert ix.text[ix.starts[-1]:ix.ends[-1]] == "KPU"


def _vocab():
    words = set()
    for kw in KeywordRegex.registry:
        words.update(re.findall(r"[a-z]{2,}", kw.pattern.pattern.lower()))
        words.update(kw.words)
        words.update(p + "nya" for p in kw.prefixes)
    words = sorted(words)
    return words + [w.upper() for w in words[:40]] + [w.title() for w in words[40:80]]


VOCAB = _vocab()
SEPS = [" ", " ", " ", ", ", ". ", "\n", "-", "/", "(", ")", "_", "2020", " 12 ", "ruang ", "gedung "]
texts = st.lists(st.one_of(st.sampled_from(VOCAB), st.sampled_from(SEPS), st.text(max_size=4)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.integers(0, 30))
def test_keyword_scans_equal_plain_finditer(text, cut):
    ix = TextIndex(text)
    start, end = min(cut, len(text)), len(text)
    for kw in KeywordRegex.registry:
        got = [m.span() for m in kw.finditer(ix, start, end)]
        want = [m.span() for m in kw.pattern.finditer(text, start, end)]
        assert got == want, kw.pattern.pattern[:80]


def test_registered_scans_exist():
    assert len(KeywordRegex.registry) >= 4
