"""More reasons an agency mention is a mention only, read from the words around it.

``agencies`` and ``clauses`` decide most cases; these rules cover what the text says *about*
a body rather than what the body did at the event (corpus README: bodies named for any other
reason than organising, attending, speaking at or being invited to the event do not count):

* **elected offices counted**: a number before a head-of-region title is the offices an
  election fills ("memilih 37 gubernur, 415 bupati dan 93 wali kota", "pemilihan 37 Gubernur
  dan Wakil Gubernur"), not officials taking part; the list goes on over ``dan``/commas;
* **an operation's personnel**: ``N personel (dari) X`` in a sentence that counts personnel
  ("melibatkan 1.150 personel, terdiri atas 650 personel Polres, 100 personel Kodim dan 400
  anggota Satpol PP") is the strength of a security operation, not attendance;
* **membership of a joint body**: the members listed after ``terdiri atas/dari``,
  ``beranggotakan``, ``melibatkan unsur`` in a sentence that reports no activity ("Sentra
  Gakkumdu ... yang beranggotakan unsur Bawaslu, Kepolisian dan Kejaksaan"); when the joint
  body holds the event in that sentence ("Gakkumdu yang terdiri atas Bawaslu, Polres dan Kejari
  menggelar rakor") its members count;
* **the executor of an election stage**: ``tahapan ... (dilaksanakan) oleh KPU``, ``Tahapan KPU``,
  ``coklit oleh petugas PPDP``;
* **the addressee of a request or an instruction** named right after its verb ("meminta
  Bawaslu mengawasi ...", "menginstruksikan kepada seluruh camat");
* **a DPRD member introduced as a party politician** ("politisi PDIP yang juga anggota DPRD
  Bali" reading the parties' declaration);
* **a planned occasion's partner** outside the lead ("KPU juga akan menggelar rakor dengan
  Polres dan Kodim"): see ``occasion.planned_elsewhere``.
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract import activity as _activity

_COUNT_BEFORE_RE = re.compile(r"\b\d{1,4}\s+(?:orang\s+)?(?:pasangan\s+)?(?:calon\s+)?$")
_OFFICE_AGENCIES = frozenset({"Pemda"})
# between two offices of one counted list: "dan", ",", "lalu", "serta", "&", an optional number
# and "baru" ("37 Gubernur dan Wagub baru lalu 93 Wali Kota dan Wakil Wali Kota dan 415 Bupati")
_OFFICE_LIST_GAP_RE = re.compile(
    r"(?:\s+baru)?\s*(?:\([^()]{0,40}\))?\s*(?:,|\bdan\b|\bserta\b|\blalu\b|&)\s*(?:\bdan\s+)?(?:\d{1,4}\s+)?$",
    re.IGNORECASE,
)
_PERSONNEL_BEFORE_RE = re.compile(r"\b\d[\d.]*\s+(?:personel|personil|pasukan|anggota|orang)\s+(?:dari\s+)?$",
                                  re.IGNORECASE)
_PERSONNEL_SENT_RE = re.compile(r"\b\d[\d.]*\s+(?:personel|personil|pasukan)\b", re.IGNORECASE)
_MEMBERS_RE = re.compile(
    r"\b(?:terdiri\s+(?:atas|dari)|beranggotakan|melibatkan\s+unsur|unsur(?:nya)?\s+(?:dari|terdiri))\b[^.;:\n]{0,160}$",
    re.IGNORECASE,
)
_STAGE_AGENT_RE = re.compile(
    r"\b(?:tahapan|coklit|pencocokan\s+dan\s+penelitian|pemutakhiran(?:\s+data)?(?:\s+pemilih)?)\b[^,.;:\n]{0,60}?"
    r"\b(?:oleh|dari|dilaksanakan|diselenggarakan)\s+(?:oleh\s+)?(?:petugas\s+)?$"
    r"|\btahapan\s+$",
    re.IGNORECASE,
)
# the addressee of a request or an instruction, named right after its verb ("Ia meminta Bawaslu
# mengawasi rekrutmen", "menginstruksikan kepada seluruh camat", "Kami pesan ke KPU")
_ADDRESSEE_RE = re.compile(
    r"\b(?:meminta|memintakan|menginstruksikan|menugaskan|mengingatkan|menekankan|berpesan|pesan|menyerukan|mendorong)"
    r"\s+(?:(?:kepada|ke|agar|supaya)\s+)?(?:(?:seluruh|semua|para|jajaran|pihak|segenap)\s+)?$",
    re.IGNORECASE,
)
_PARTY_POLITICIAN_RE = re.compile(
    r"\b(?:politisi|politikus|kader|fungsionaris|pengurus|ketua\s+(?:dpc|dpd|dpw)|partai)\b[^.;:\n]{0,60}"
    r"\byang\s+juga\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
# the event's verbs: a joint body that holds the event in the membership sentence
_EVENT_VERB_RE = re.compile(
    r"\b(?:menggelar|gelar|mengadakan|melaksanakan|menyelenggarakan|melangsungkan|digelar|diadakan|dilaksanakan|"
    r"diselenggarakan|mengikuti|menghadiri|dihadiri|diikuti)\b",
    re.IGNORECASE,
)


_PERSONNEL_WORDS = frozenset({"personel", "personil", "pasukan"})
_MEMBER_WORDS = frozenset({"terdiri", "beranggotakan", "melibatkan", "unsur", "unsurnya"})
_STAGE_WORDS = frozenset({"tahapan", "coklit", "pencocokan", "pemutakhiran"})
_ADDRESS_WORDS = frozenset({
    "meminta", "memintakan", "menginstruksikan", "menugaskan", "mengingatkan", "menekankan", "berpesan", "pesan",
    "menyerukan", "mendorong",
})
_PARTY_WORDS = frozenset({"politisi", "politikus", "kader", "fungsionaris", "pengurus", "ketua", "partai"})


def _any_between(pos: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(pos, a)
    return k < len(pos) and pos[k] < b


class MentionRules:
    """Per-article state: where the cue words of each rule are (a rule's regex runs only when its
    cue word is near the mention), and the last elected-office mention, to follow its list."""

    __slots__ = ("ix", "text", "_office_end", "personnel", "members", "stage", "address", "party", "any_cue")

    def __init__(self, ix):
        self.ix = ix
        self.text = ix.text
        self._office_end = -10
        st = ix.starts

        def pos(words):
            return [st[i] for i in ix.token_indexes(words)]

        self.personnel = pos(_PERSONNEL_WORDS)
        self.members = pos(_MEMBER_WORDS)
        self.stage = pos(_STAGE_WORDS)
        self.address = pos(_ADDRESS_WORDS)
        self.party = pos(_PARTY_WORDS) if "juga" in ix.where else []
        # every cue word, to skip the mentions with none in the 200 characters before them
        self.any_cue = sorted(self.personnel + self.members + self.stage + self.address + self.party)

    def reason(self, agency: str, i: int, a: int, b: int, ss: int, se: int) -> str | None:
        """Why the mention (token ``i``, chars ``[a, b)``, sentence ``[ss, se)``) is not participation."""
        text, lows = self.text, self.ix.lows
        if agency in _OFFICE_AGENCIES:
            near_count = any(lows[k].isdigit() for k in range(max(0, i - 3), i))
            if (near_count and _COUNT_BEFORE_RE.search(text, max(ss, a - 40), a)) or (
                    0 <= a - self._office_end < 40 and _OFFICE_LIST_GAP_RE.match(text, self._office_end, a)):
                self._office_end = b
                return "elected office"
        if not _any_between(self.any_cue, max(ss, a - 200), a):
            return None
        if (_any_between(self.personnel, max(ss, a - 30), a) and _PERSONNEL_BEFORE_RE.search(text, max(ss, a - 30), a)
                and _PERSONNEL_SENT_RE.search(text, ss, se)):
            return "operation personnel"
        if _any_between(self.members, max(ss, a - 200), a):
            m = _MEMBERS_RE.search(text, max(ss, a - 200), a)
            if m and not _EVENT_VERB_RE.search(text, ss, se) and not _activity.find_all(self.ix, ss, se):
                return "member of a joint body"
        if _any_between(self.address, max(ss, a - 50), a) and _ADDRESSEE_RE.search(text, max(ss, a - 50), a):
            return "addressee"
        if _any_between(self.stage, max(ss, a - 90), a) and _STAGE_AGENT_RE.search(text, max(ss, a - 90), a):
            return "stage executor"
        if (agency == "DPRD" and _any_between(self.party, max(ss, a - 120), a)
                and _PARTY_POLITICIAN_RE.search(text, max(ss, a - 120), a)):
            return "acting for a party"
        return None
