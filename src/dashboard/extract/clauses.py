"""Clause-level reasons why an agency mention is not participation in the event.

The corpus README counts a body when the text says it organised, attended, spoke at or was
invited to the event; bodies named "for any other reason" (exhortations, ongoing cooperation,
owners of a building, future meetings, regulatory background) are not counted. ``agencies``
handles the cue words that can sit anywhere before a mention in its sentence; this module reads
the *clause* around a mention for further reasons of the same kind:

* **a future action other than the event**: the body is the subject, agent or object of a
  verb governed by ``akan``/``nanti``/``nantinya``/``bakal``/``kelak`` that is not an
  organising, opening, attending, speaking, inviting or involving verb ("hasil rakor akan
  dilaporkan kepada DPRD", "pergeseran logistik nanti akan diawasi Bawaslu", "kami bersama
  Satpol PP akan membubarkan ..."). Organiser verbs keep counting ("KPU akan menggelar
  launching", "acara akan dibuka oleh Mendagri": a planned event keeps its organiser), and so
  do plain future attendance ("akan dihadiri"), generic verbs (``melakukan``, ``dilakukan``)
  in a clause that names an activity ("akan melakukan sosialisasi"), the event's own
  programme ("akan dilanjutkan dengan paparan ...") and an *official* as subject ("Kapolres
  akan mengerahkan 300 personel" reports what a speaker said, unlike "Polres akan ...");
* **planned attendance**: an attendance verb under ``rencananya``/``direncanakan``/
  ``dijadwalkan`` ("peluncuran rencananya dihadiri Wali Kota"): the expected guests of a
  planned event are not yet participants;
* **a past action of another stage**: the body (not an official) is the subject of
  ``telah``/``sudah``/``pernah`` and a verb that is not an event verb, in a clause naming no
  activity ("KPU telah menetapkan pasangan calon pada ...");
* **a prohibition**: the body is the subject of ``dilarang``/``tidak boleh``/``jangan``/
  ``harus netral`` or the object of ``melarang``/``larangan``;
* **a letter**: the addressee of ``menyurati``/``bersurat`` or of a ``surat`` sent
  ``kepada`` it (an invitation letter stays an invitation);
* **ownership**: ``milik``/``kepunyaan``/``aset`` or ``gudang (logistik)`` right before the body, or a building
  ``dipinjamkan oleh`` it;
* **a DPRD member acting for the parties** (``mewakili partai-partai``): the README's own
  example of a DPRD mention that is not counted;
* **the topic of a training**: a body inside what a bimtek/pelatihan ``membahas`` or teaches
  ("bimtek membahas pengamanan kotak suara bersama Linmas"), unless the body is introduced as
  the one who delivered it (``oleh``, ``dari``, ``narasumber``, ``disampaikan``...).

The future/past rules never apply in the headline or the lead sentence, which report the event
itself, nor to a subject the sentence first places at the event ("Usai rakor, Bupati bersama
Kapolres akan meninjau gudang"). Every rule is conservative: when the clause does not match one
of these shapes exactly, the mention keeps counting.
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.scan import TextIndex

_FUT = frozenset({"akan", "nanti", "nantinya", "bakal", "kelak"})
_PLAN = frozenset({"rencananya", "direncanakan", "dijadwalkan", "diagendakan"})
_PAST = frozenset({"telah", "sudah", "pernah"})
# words between a tense marker and its verb
_ADV = frozenset({
    "juga", "langsung", "segera", "terus", "kembali", "pun", "turut", "ikut", "secara", "lebih", "dulu", "dahulu",
    "lagi", "bisa", "dapat", "mulai", "tetap", "kami", "kita", "saya", "pihaknya", "ia", "dia", "mereka", "masih",
    "pula", "pasti", "tentu", "sama", "bersama", "hanya", "sekaligus", "rutin", "secepatnya", "senantiasa", "selalu",
    "kemudian", "lalu", "selanjutnya", "pertama", "resmi", "benar", "akan", "nanti", "nantinya", "bakal", "rencananya",
    "direncanakan", "dijadwalkan", "diagendakan", "telah", "sudah", "pernah", "sempat", "berhasil", "kelak",
})
# the event itself: organising, opening, leading, inviting, swearing in, taking the floor
_ORG_VERBS = frozenset({
    "menggelar", "mengadakan", "melaksanakan", "menyelenggarakan", "melangsungkan", "meluncurkan", "membuka",
    "memimpin", "gelar", "adakan", "laksanakan", "luncurkan", "selenggarakan", "digelar", "diadakan", "dilaksanakan",
    "diselenggarakan", "dilangsungkan", "diluncurkan", "dibuka", "dipimpin", "dipandu", "memandu", "berlangsung",
    "dimulai", "mengundang", "diundang", "undang", "menginisiasi", "diinisiasi", "diprakarsai", "memprakarsai",
    "melantik", "dilantik", "lantik", "mengambil", "diambil", "menjadi", "bertindak", "menghadirkan", "dihadirkan",
    "hadirkan", "mendatangkan", "didatangkan", "meresmikan", "diresmikan", "membimbing", "memfasilitasi",
    "difasilitasi", "mengukuhkan", "dikukuhkan", "memberikan", "memberi", "menyampaikan", "memaparkan",
    "dipaparkan", "disampaikan", "membawakan", "dibawakan", "mengisi", "diisi", "menjelaskan",
})
# speaking verbs count only with a speech object ("memberikan arahan", not "menyampaikan hasil rakor kepada DPRD")
_SPEAK_VERBS = frozenset({
    "memberikan", "memberi", "menyampaikan", "memaparkan", "dipaparkan", "disampaikan", "membawakan", "dibawakan",
    "mengisi", "diisi", "menjelaskan",
})
_SPEECH_OBJ = frozenset({
    "materi", "sambutan", "arahan", "pengarahan", "paparan", "amanat", "pembekalan", "bimbingan", "bimtek", "ceramah",
    "narasumber", "kata", "pidato", "keynote", "presentasi", "penjelasan", "tausiyah", "wawasan", "motivasi",
})
# attending or taking part: kept under "akan", not under "rencananya"
_ATTEND_VERBS = frozenset({
    "hadir", "menghadiri", "dihadiri", "hadiri", "mengikuti", "diikuti", "ikuti", "disaksikan", "menyaksikan",
    "saksikan", "melibatkan", "dilibatkan", "libatkan", "terlibat", "berpartisipasi", "bergabung", "mendampingi",
    "didampingi", "dampingi", "datang", "menyambut",
})
_CONTINUE = frozenset({"dilanjutkan", "dilanjut", "berlanjut", "disusul", "diakhiri", "ditutup", "diisi"})
_GENERIC_VERBS = frozenset({"melakukan", "dilakukan", "lakukan"})
_UPCOMING = frozenset({"mendatang", "tetapi"})  # "yang akan datang", "akan tetapi"
_BARE_VERBS = frozenset({
    "hadir", "gelar", "datang", "tiba", "buka", "pimpin", "undang", "lantik", "tinjau", "pantau", "cek", "bahas",
    "kawal", "awasi", "jaga", "bantu", "ikut", "turut", "hadiri", "ikuti", "saksikan", "adakan", "lakukan",
    "laksanakan", "tindak", "tertibkan", "bubarkan", "dampingi", "libatkan",
})
_VERB_PREFIXES = ("me", "di", "ber", "ter", "per")
# a noun naming an activity: "akan melakukan sosialisasi" is the (planned) event
_ACTIVITY_NOUNS = frozenset({
    "kesempatan", "rakor", "rapat", "sosialisasi", "apel", "bimtek", "bimbingan", "pelatihan", "pembekalan", "simulasi",
    "pelantikan", "monitoring", "supervisi", "peninjauan", "pengecekan", "sidak", "deklarasi", "ikrar", "launching",
    "peluncuran", "kegiatan", "acara", "fgd", "pertemuan", "kunjungan", "pemantauan", "diskusi", "seminar",
    "workshop", "lokakarya", "konsolidasi", "raker", "audiensi",
})
_PROHIB = frozenset({"dilarang", "jangan", "terlarang"})
_NOT = frozenset({"tidak", "tak", "bukan"})
_ALLOWED = frozenset({"boleh", "diperbolehkan", "dibolehkan", "dibenarkan", "diizinkan", "diperkenankan"})
_MUST = frozenset({"harus", "wajib", "mesti"})
_NEUTRAL = frozenset({"netral", "bersikap"})
_PROHIB_OBJ = frozenset({"melarang", "larangan"})
_LETTER = frozenset({"menyurati", "menyurat", "bersurat", "disurati"})
_TO = frozenset({"kepada", "ke", "untuk"})
_INVITE = frozenset({"undangan", "mengundang", "diundang"})
_OWNER = frozenset({"milik", "kepunyaan", "aset"})
_LENT = frozenset({"dipinjamkan", "dipinjampakaikan", "disewa", "disewakan", "dipinjam", "dihibahkan"})
_TOPIC = frozenset({
    "membahas", "dibahas", "membicarakan", "dibicarakan", "mempelajari", "dipelajari", "diajarkan", "mengajarkan",
    "dibekali", "membekali", "materi", "meliputi",
})
_TRAINING = frozenset({"bimtek", "bimbingan", "pelatihan", "pembekalan", "diklat", "peserta", "materi"})
# the body delivered the training or took part: the topic rule does not apply
_DELIVER = frozenset({
    "oleh", "narasumber", "pemateri", "disampaikan", "dipaparkan", "dibawakan", "diberikan", "hadir", "dihadiri",
    "diikuti", "dipimpin", "dibuka", "menghadirkan", "mengundang", "diundang", "kata", "ujar", "menurut",
    "fasilitator", "instruktur", "pembicara",
})
# the first word of a mention that names a person holding an office ("Kapolres", "Ketua KPU", "Dandim")
_OFFICIAL = frozenset({
    "ketua", "kepala", "wakil", "anggota", "komisioner", "koordinator", "kordiv", "kapolres", "kapolresta", "kapolda",
    "kapolsek", "kapolri", "wakapolres", "wakapolresta", "wakapolda", "dandim", "danrem", "pangdam", "danramil",
    "danlanal", "dansatradar", "kajari", "kajati", "kasi", "kasat", "kasatpol", "kabag", "kabid", "kadis", "kaban",
    "kabinda", "asisten", "asintel", "sekda", "sekdaprov", "sekdakab", "sekdakot", "sekdako", "sekkot", "sekretaris",
    "bupati", "wabup", "gubernur", "wagub", "wali", "walikota", "wako", "wawako", "wawali", "camat", "lurah", "panewu",
    "pj", "pjs", "plt", "plh", "penjabat", "menteri", "mendagri", "menko", "dirjen", "direktur", "pasi", "babinsa",
    "babinkamtibmas", "bhabinkamtibmas", "karo", "kasubdit", "staf", "jaksa", "kapuspen", "irwasda", "dir",
})
_SPEAKER_NOUNS = frozenset({"narasumber", "pemateri", "pembicara", "fasilitator", "instruktur", "moderator"})
# tokens that may continue a subject noun phrase ("Bawaslu Kabupaten X dan Satpol PP")
_LIST = frozenset({
    "dan", "serta", "maupun", "beserta", "bersama", "dengan", "jajaran", "pihak", "kabupaten", "kota", "provinsi", "kecamatan",
    "distrik", "kab", "prov", "se", "ri", "daerah", "setempat", "masing", "pusat", "unsur", "para", "seluruh", "pun",
})
_SUBJ_ADV = frozenset({"juga", "pun", "pula", "tetap", "sendiri", "selaku", "nantinya", "nanti", "kelak"})
_CONJ = frozenset({"dan", "serta", "maupun", "termasuk", "hingga", "sampai", "atau", "juga"})
# a word that opens a new clause: cues before it do not govern what follows
_CLAUSE_OPEN = frozenset({
    "sedangkan", "sementara", "namun", "tetapi", "kata", "ujar", "ujarnya", "katanya", "tutur", "tuturnya", "jelasnya",
    "bahwa", "sehingga", "agar", "supaya", "lalu", "kemudian", "setelah", "usai", "sebelum", "yang", "ketika", "saat",
})
_HARD_BREAK_RE = re.compile(r"[.;:!?\"“”\n]")
_DPRD_FOR_PARTIES_RE = re.compile(
    r"[^.;\n]{0,80}?\b(?:mewakili|atas\s+nama|selaku\s+(?:perwakilan|wakil))\s+(?:seluruh\s+|para\s+|semua\s+|dari\s+)?"
    r"(?:partai|parpol|peserta\s+pemilu|pasangan\s+calon|paslon|tim\s+(?:kampanye|pemenangan)|koalisi|kontestan)",
    re.IGNORECASE,
)
_ON_BEHALF = frozenset({"mewakili", "nama", "selaku"})
_SUBJ_CUES = _FUT | _PLAN | _PAST | _PROHIB | _NOT | _MUST
_OBJ_CUES = _FUT | _PLAN | _PROHIB_OBJ | _LETTER | {"surat"} | _TOPIC
_ANY_WORDS = (
    _FUT | _PLAN | _PAST | _PROHIB | _NOT | _MUST | _PROHIB_OBJ | _LETTER | {"surat"} | _OWNER | _LENT | _TOPIC
    | _ON_BEHALF | {"gudang"}
)


def _any_in(pos: list[int], a: int, b: int) -> bool:
    """Is a value of the sorted list ``pos`` in ``[a, b)``?"""
    k = bisect.bisect_left(pos, a)
    return k < len(pos) and pos[k] < b


def _opens_predicate(w: str) -> bool:
    """A word after which a mention is an attendee, organiser or speaker again."""
    return w in _ATTEND_VERBS or w in _ORG_VERBS or w in _SPEECH_OBJ or w in _SPEAKER_NOUNS


def _verbish(w: str) -> bool:
    return w.startswith(_VERB_PREFIXES) or w.endswith("kan") or w in _BARE_VERBS


class Clauses:
    """Per-article state for :meth:`reason` (build with :func:`build`)."""

    __slots__ = ("ix", "matches", "_agency_tokens", "lead", "vocab", "subj_cues", "obj_cues")

    def __init__(self, ix: TextIndex, matches: list, lead: tuple[int, int] | None, vocab: set[str]):
        self.ix = ix
        self.matches = matches
        self._agency_tokens: set[int] | None = None
        self.lead = lead
        self.vocab = vocab
        # token indexes of the words that can start a rule, to skip mentions with none nearby
        self.subj_cues = ix.token_indexes(vocab & _SUBJ_CUES)
        self.obj_cues = ix.token_indexes(vocab & _OBJ_CUES)

    # --- small token helpers ---------------------------------------------------------------

    def _listlike(self, j: int) -> bool:
        ix = self.ix
        w = ix.lows[j]
        toks = self._agency_tokens
        if toks is None:  # tokens of the gazetteer matches (agency names may be lower-case: "camat")
            toks = self._agency_tokens = {t for m in self.matches for t in range(m.i, m.j)}
        if w in _LIST or j in toks:
            return True
        c = ix.text[ix.starts[j]]
        return c.isupper() or c.isdigit()

    def _gap(self, j: int) -> str:
        """The characters between token ``j - 1`` and token ``j``."""
        ix = self.ix
        return ix.text[ix.ends[j - 1]:ix.starts[j]]

    def _clause_lo(self, i0: int, ss: int) -> int:
        """First token of the clause that token ``i0`` is in (walking back within the sentence).
        A comma ends the clause unless a list conjunction follows it or the stretch after it up
        to the mention is a list of names ("diawasi Bawaslu, Polres, dan Kodim")."""
        ix = self.ix
        lows, starts = ix.lows, ix.starts
        j = i0
        seg_ok = True
        while j > 0 and starts[j - 1] >= ss and i0 - j < 40:
            gap = self._gap(j)
            if _HARD_BREAK_RE.search(gap):
                return j
            if "," in gap:
                # cross a comma only inside a list: a conjunction after it, or names on both sides
                if not (lows[j] in _CONJ or (seg_ok and self._listlike(j - 1))):
                    return j
                seg_ok = True
            if lows[j - 1] in _CLAUSE_OPEN:
                return j
            seg_ok = seg_ok and self._listlike(j - 1)
            j -= 1
        return j

    def _clause_hi(self, i: int, se: int) -> int:
        """One past the last token of the clause that token ``i`` is in (walking forward)."""
        ix = self.ix
        n = len(ix.lows)
        j = i + 1
        while j < n and ix.starts[j] < se and j - i < 40:
            gap = self._gap(j)
            if "," in gap or _HARD_BREAK_RE.search(gap):
                return j
            j += 1
        return j

    def _verb_after(self, k: int, se: int) -> int | None:
        """Token index of the verb governed by the marker at ``k`` (adverbs and pronouns skipped,
        and one other word after a tense marker: "Minggu nanti"), or None."""
        ix = self.ix
        lows, starts = ix.lows, ix.starts
        n = len(lows)
        j = k + 1
        other = 1 if lows[k] in _PLAN else 0  # "rencananya" is followed by its verb
        while j < n and starts[j] < se and j - k < 8:
            if _HARD_BREAK_RE.search(self._gap(j)):
                return None
            w = lows[j]
            if w in _ADV:
                j += 1
                continue
            if _verbish(w) or w in _UPCOMING:
                return j
            other += 1
            if other > 1:
                return None
            j += 1
        return None

    def _has_activity(self, lo: int, hi: int) -> bool:
        lows = self.ix.lows
        return any(lows[t] in _ACTIVITY_NOUNS for t in range(lo, hi))

    def _verdict(self, v: int, lo: int, se: int, plan: bool, past: bool = False) -> str | None:
        """Is the verb at ``v`` (in a clause starting at token ``lo``) an action other than the
        event? Returns the reason or None (the mention keeps counting)."""
        lows = self.ix.lows
        w = lows[v]
        if w in _UPCOMING:
            return None
        if w in _CONTINUE and v + 1 < len(lows) and lows[v + 1] == "dengan":
            return None  # "rakor akan dilanjutkan dengan peninjauan ...": the event's own programme
        hi = self._clause_hi(v, se)
        if w in _SPEAK_VERBS:
            # a speech at the event, unless it is addressed to another body ("menyampaikan hasil
            # rakor kepada DPRD") without a speech object
            if any(x in _SPEECH_OBJ for x in lows[v + 1:v + 4]) or not any(lows[t] in _TO for t in range(v + 1, hi)):
                return None
        elif w in _ORG_VERBS:
            return None
        if w in _ATTEND_VERBS:
            return "planned attendance" if plan and not past else None
        if self._has_activity(lo, hi) and (past or w in _GENERIC_VERBS):
            return None
        if past:
            return f"past action ({w})"
        return f"future action ({w})"

    # --- the rules -------------------------------------------------------------------------

    def reason(self, agency: str, i: int, j: int, a: int, b: int, ss: int, se: int, in_title: bool) -> str | None:
        """Why the mention (tokens ``[i, j)``, chars ``[a, b)``, sentence ``[ss, se)``) is not
        participation, or None."""
        ix = self.ix
        lows, starts = ix.lows, ix.starts
        vocab = self.vocab
        # ownership: "gedung milik Dinas Perhubungan", "dipinjamkan oleh Pemkab"
        if i > 0 and starts[i - 1] >= ss and not _HARD_BREAK_RE.search(self._gap(i)):
            w1 = lows[i - 1]
            if w1 in _OWNER:
                return "owner"
            # "Gudang (Logistik) KPU": the warehouse's owner
            if w1 == "gudang" or (w1 == "logistik" and i > 1 and lows[i - 2] == "gudang"):
                return "owner"
            if w1 in ("oleh", "dari") and i > 1 and lows[i - 2] in _LENT:
                return "owner"
        # a DPRD member reading for the parties
        if agency == "DPRD" and not vocab.isdisjoint(_ON_BEHALF) and _DPRD_FOR_PARTIES_RE.match(ix.text, b, se):
            return "acting for the parties"
        # the headline and the lead report the event itself, whatever their tense
        tense = not (in_title or (self.lead is not None and self.lead[0] <= a < self.lead[1]))
        if _any_in(self.subj_cues, j, j + 15):
            r = self._subject(i, j, ss, se, tense)
            if r:
                return r
        first = self._sentence_first(ss)
        if _any_in(self.obj_cues, first, i):
            return self._object(i, ss, se, tense)
        return None

    def _subject(self, i: int, j: int, ss: int, se: int, tense: bool) -> str | None:
        """The mention heads the subject of a prohibition, or of a future/past action."""
        ix = self.ix
        lows, starts = ix.lows, ix.starts
        n = len(lows)
        t = j
        while t < n and starts[t] < se and t - j < 15:
            if _HARD_BREAK_RE.search(self._gap(t)):
                return None
            w = lows[t]
            if w in _PROHIB:
                return "prohibition"
            if w in _NOT and t + 1 < n and lows[t + 1] in _ALLOWED:
                return "prohibition"
            if w in _MUST and t + 1 < n and lows[t + 1] in _NEUTRAL:
                return "prohibition"
            if w in _FUT or w in _PLAN or w in _PAST:
                # "Usai rakor, Bupati bersama Kapolres akan meninjau ...": whoever the sentence
                # places at the event keeps counting
                if not tense or self._has_activity(self._sentence_first(ss), i):
                    return None
                v = self._verb_after(t, se)
                if v is None:
                    return None
                plan = any(lows[x] in _PLAN for x in range(t, v))
                r = self._verdict(v, i, se, plan, past=w in _PAST)
                # an official's own plans or past work ("Kapolres akan mengerahkan 300 personel")
                # is how a speaker's contribution is reported: keep it; a body named as doer is not
                if r and r != "planned attendance" and lows[i] in _OFFICIAL:
                    return None
                return r
            if w in _SUBJ_ADV or self._listlike(t):
                t += 1
                continue
            return None
        return None

    def _object(self, i: int, ss: int, se: int, tense: bool) -> str | None:
        """A cue earlier in the mention's clause governs it: a future verb, a prohibition, a
        letter, or a training topic."""
        ix = self.ix
        lows = ix.lows
        lo = self._clause_lo(i, ss)
        if lo >= i:
            return None
        vocab = self.vocab
        # future / planned verb whose agent or object the mention is
        if tense and (vocab & _FUT or vocab & _PLAN):
            for k in range(i - 1, lo - 1, -1):
                w = lows[k]
                if w in _FUT or w in _PLAN:
                    # the nearest marker before the mention ("nanti juga akan diawasi": "akan")
                    v = self._verb_after(k, se)
                    if v is None:
                        break
                    # an attendance/organiser verb or a speech ("dilanjutkan dengan paparan
                    # Kapolres") between the marker's verb and the mention: keep counting
                    if any(_opens_predicate(lows[x]) for x in range(v + 1, i)):
                        break
                    plan = any(lows[x] in _PLAN for x in range(max(lo, k - 3), v)) or any(
                        lows[x] in _PLAN for x in range(self._sentence_first(ss), k))
                    r = self._verdict(v, lo, se, plan)
                    if r:
                        return r
                    break
        for k in range(i - 1, lo - 1, -1):
            w = lows[k]
            if _opens_predicate(w):  # "sosialisasi larangan kampanye dihadiri Kapolres"
                break
            if w in _PROHIB_OBJ:
                return "prohibition"
            if w in _LETTER:
                return "letter"
        # "mengirimkan surat ... kepada X" (not an invitation letter)
        if "surat" in vocab and i > 0 and lows[i - 1] in _TO:
            span = [lows[k] for k in range(lo, i)]
            if "surat" in span and not any(x in _INVITE for x in span):
                return "letter"
        if vocab & _TOPIC:
            r = self._topic(i, lo, ss)
            if r:
                return r
        return None

    def _sentence_first(self, ss: int) -> int:
        return self.ix.first_token_at_or_after(ss)

    def _topic(self, i: int, lo: int, ss: int) -> str | None:
        lows = self.ix.lows
        for k in range(i - 1, lo - 1, -1):
            w = lows[k]
            if w in _DELIVER:
                return None
            if w in _TOPIC:
                first = self._sentence_first(ss)
                if not any(lows[x] in _TRAINING for x in range(first, k + 1)):
                    return None
                # "materi dari Kapolres": the body gave it
                if any(lows[x] == "dari" for x in range(max(k + 1, i - 2), i)):
                    return None
                return "training topic"
        return None


def build(ix: TextIndex, matches, lead: tuple[int, int] | None) -> Clauses | None:
    """The per-article helper, or None when the article has none of the cue words."""
    where = ix.where
    vocab = {w for w in _ANY_WORDS if w in where}
    if not vocab:
        return None
    return Clauses(ix, matches, lead, vocab)
