"""Property tests: extraction and cleaning never raise; evidence spans are exact."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.extract import _extract, extract_events
from dashboard.ingest.clean import _clean, clean_article

WORDS = [
    "KPU", "Bawaslu", "Kapolres", "Dandim 0309", "Kaban Kesbangpol", "Kabupaten", "Kota", "Solok", "Kediri", "rakor",
    "Rapat Koordinasi", "Pilkada", "Pemilu", "2020", "2024", "Kamis", "(27/2)", "(31/8/8/2020)", "(22/1/2029)", "di",
    "Hotel", "Aula", "bertempat di", "diikuti", "lebih dari", "2.000", "peserta", "Baca Juga:", "- ", "\n", ", ", ". ",
    "(", ")", "“", "”", "Keterangan Gambar :", "Senin, 12 Februari 2024", "pukul 07.00 WIB", "kemarin (16/8)",
    "Gubernur", "Pemilihan Bupati", "mengimbau", "TNI/Polri", "koordinasi dengan", "Sumbar", "Provinsi", "0", "/",
]

text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map("".join),
)


def _check(text, evs):
    for ev in evs:
        for e in ev.evidence.values():
            assert text[e.start:e.end] == e.text
        for a in ev.agencies:
            if a.evidence:
                assert text[a.evidence.start:a.evidence.end] == a.evidence.text
        for r in ev.regions:
            if r.evidence:
                assert text[r.evidence.start:r.evidence.end] == r.evidence.text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy, st.one_of(st.none(), st.text(max_size=40)))
def test_extract_never_raises_and_spans_exact(text, title):
    evs = _extract(text, title=title, published=None) if text.strip() else extract_events(text, title=title)
    assert isinstance(evs, list)
    _check(text, evs)


@settings(max_examples=120, deadline=None)
@given(text_strategy, st.one_of(st.none(), st.text(max_size=40)))
def test_clean_never_raises_and_covers(text, title):
    doc = _clean(text, title)
    pos = 0
    for s in doc.segments:
        assert s.start == pos and s.end > s.start
        pos = s.end
    assert pos == len(text)
    assert len(doc.masked()) == len(text)
    assert clean_article(text, title) is not None


def test_huge_and_binary_inputs():
    junk = bytes(range(256)).decode("latin-1") * 50
    huge = ("KPU Kabupaten Solok menggelar rakor Pilkada 2020 di Aula, Kamis (27/2). " * 4000)
    for t in (junk, huge, "(" * 5000, ")" * 5000, "di " * 5000, "\n" * 10000):
        evs = extract_events(t)
        _check(t, evs)
        clean_article(t)


def test_adversarial_inputs_stay_fast():
    """Inputs that once made a rule scan its whole sentence per hit, compare dates pairwise, or
    backtrack over a run of blanks between two region names: each must stay well under a second
    of CPU (the budget is generous for loaded machines; the bugs took 20-30 s)."""
    import time

    cases = {
        "dates in one run-on sentence": "Rapat (1/2/2020) " * 5000,
        "written dates": "Rapat 1 Februari 2020, 2/3/2020 " * 3000,
        "weekday dates": "Senin (1/2) " * 8000,
        "regions between blank runs": ("Kota Solok" + " " * 3000 + "Kabupaten Agam ") * 30 + "x",
        "region list": ", ".join(["Kabupaten Solok", "Kota Padang", "Kabupaten Agam"] * 2000),
        "agencies": "KPU Bawaslu Kapolres Dandim " * 3000,
        "agencies between blank runs": ("KPU" + " " * 2000 + "Kota Solok") * 40,
        "venue phrases": "digelar di Aula Kantor Bupati, Kota Solok, " * 2000,
        "counts": "diikuti 50 peserta dan 20 orang " * 3000,
    }
    for name, t in cases.items():
        t0 = time.process_time()
        evs = extract_events(t)
        spent = time.process_time() - t0
        _check(t, evs)
        assert spent < 3.0, f"{name}: {spent:.1f} s"
