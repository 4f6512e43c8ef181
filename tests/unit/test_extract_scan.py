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


_PARSED: dict = {}


def _sample(pattern: str, rng) -> str:
    """A random string matched by (most of) ``pattern``: walks the parsed regex."""
    try:
        from re import _constants as c
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_constants as c
        import sre_parse
    if pattern not in _PARSED:
        _PARSED[pattern] = sre_parse.parse(pattern)

    def gen(items) -> str:
        out = []
        for op, av in items:
            if op is c.LITERAL:
                out.append(chr(av))
            elif op is c.NOT_LITERAL or op is c.ANY:
                out.append("x")
            elif op is c.IN:
                lits = [chr(v) for o, v in av if o is c.LITERAL]
                rngs = [v for o, v in av if o is c.RANGE]
                cats = [str(v) for o, v in av if o is c.CATEGORY]
                neg = any(o is c.NEGATE for o, _ in av)
                if neg:
                    out.append(rng.choice(" a1"))
                elif cats and not (lits or rngs):
                    cat = rng.choice(cats)
                    out.append(" " if "SPACE" in cat else "1" if "DIGIT" in cat else "a")
                elif not (lits or rngs):
                    out.append(rng.choice(" a1"))
                elif lits and (not rngs or rng.random() < 0.5):
                    out.append(rng.choice(lits))
                else:
                    lo, hi = rng.choice(rngs)
                    out.append(chr(rng.randint(lo, hi)))
            elif op is c.BRANCH:
                out.append(gen(rng.choice(av[1])))
            elif op is c.SUBPATTERN:
                out.append(gen(av[-1]))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                lo, hi, sub = av
                k = rng.randint(lo, min(hi, lo + 2))
                out.append("".join(gen(sub) for _ in range(k)))
            elif op is c.CATEGORY:
                out.append(" " if "SPACE" in str(av) else "a")
        return "".join(out)

    return gen(_PARSED[pattern])


def test_keyword_scans_equal_plain_finditer_on_pattern_samples():
    # strings generated from every branch of every pattern, in random surroundings
    import random

    rng = random.Random(3)
    for kw in KeywordRegex.registry:
        for _ in range(400):
            parts = [_sample(kw.pattern.pattern, rng) for _ in range(6)]
            text = "".join(p + rng.choice(SEPS) for p in parts)
            if rng.random() < 0.3:
                text = text.upper()
            ix = TextIndex(text)
            got = [m.span() for m in kw.finditer(ix)]
            want = [m.span() for m in kw.pattern.finditer(text)]
            assert got == want, (kw.pattern.pattern[:60], text)


def test_keyword_scans_equal_plain_finditer_on_shuffled_vocabulary():
    # every pattern word in many neighbourhoods: a missing trigger word shows up here
    import random

    rng = random.Random(5)
    for _ in range(150):
        words = VOCAB[:]
        rng.shuffle(words)
        text = "".join(w + rng.choice(SEPS[:8]) for w in words)
        ix = TextIndex(text)
        for kw in KeywordRegex.registry:
            got = [m.span() for m in kw.finditer(ix)]
            want = [m.span() for m in kw.pattern.finditer(text)]
            assert got == want, kw.pattern.pattern[:80]
