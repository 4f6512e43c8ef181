"""Which occasion a date belongs to: how likely a date candidate is the reported event's day.

``score`` reads a date's sentence (a bounded window of it): a written weekday that matches, a
written year, an activity word, the headline zone add to it; a dateline or a caption take a
little away. A date that belongs to another occasion is penalised or excluded:

* the day a statement was made (``kata X kepada wartawan, Senin (10/6)``), unless an event word
  after the speech verb rescues it (``ujarnya saat rakor ..., Senin (12/10)``); when the lead
  reports an activity, that activity is another occasion than the statement and stays undated;
* the voting day, except for a voting-day visit (a monitoring sentence giving it with its
  weekday);
* an election stage's day or the close of a period, a planned follow-up outside the lead, the
  earlier occasion an event follows up (``Menindaklanjuti rapat ... pada Rabu (4/3)``);
* ``mendatang``/``lalu`` after the date, ``sejak``/``hingga``/``sebelumnya`` before it, a date
  well after the publication date.

The regexes naming a period's end, a statement date and a stage's date are shared with the
other dated activities of ``secondary``.
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.dates import Context, DateCand
from dashboard.extract.textutil import MONTH_RE

_SPEECH_RE = re.compile(
    r"\b(?:kata|ujar|ungkap|jelas|tutur|ucap|tegas|terang|sebut|imbuh|tambah|pungkas|papar|katanya|ujarnya|ungkapnya|"
    r"jelasnya|tuturnya|ucapnya|tegasnya|terangnya|imbuhnya|tambahnya|pungkasnya|paparnya|sebutnya|menurut|mengatakan|"
    r"menyampaikan|menjelaskan|menuturkan|menegaskan|mengungkapkan|dikonfirmasi|dihubungi|kepada\s+wartawan|kepada\s+media)\b",
    re.IGNORECASE,
)
_RESCUE_RE = re.compile(
    r"\b(?:saat|ketika|dalam\s+acara|dalam\s+kegiatan|pada\s+acara|pada\s+kegiatan|di\s*sela|usai|seusai|selepas|"
    r"dilaksanakan|dilaksanakannya|digelar|diadakan|diselenggarakan|berlangsung|dimulai|dibuka)\b",
    re.IGNORECASE,
)
# between a rescue word and the date: another date or a new clause, so the rescue word is
# about something else ("dibuka pada 27 April hingga 6 Mei, sementara pelantikan ... 24 Mei")
_RESCUE_BREAK_RE = re.compile(
    r"\d{1,2}\s+" + MONTH_RE + r"\b|\(\s*\d{1,2}\s*/\s*\d{1,2}|\b(?:sementara|sedangkan|namun)\b|;",
    re.IGNORECASE,
)


def _rescued(before: str, pos: int) -> bool:
    """A speech-reported date still counts when an event word after the speech verb
    introduces it ("ujarnya saat rakor di Aula X, Senin (12/10)")."""
    for m in _RESCUE_RE.finditer(before, pos):
        if not _RESCUE_BREAK_RE.search(before, m.end()):
            return True
    return False


# an election stage's own day, right after its name (more words allowed for the administrative
# stages: "pendaftaran calon anggota PPS dibuka pada")
_STAGE_DATE_RE = re.compile(
    r"\b(?:(?:pendaftaran|penetapan|pengundian|penyerahan|pengumuman|masa\s+(?:tenang|kampanye|pendaftaran))"
    r"(?:\s+[\w/-]+){0,5}?|(?:pemungutan\s+suara|pencoblosan|hari\s+(?:h|pemungutan|pencoblosan))(?:\s+\w+){0,2}?)"
    r"(?:\s+(?:dibuka|ditutup|dimulai|berlangsung|dilaksanakan|dijadwalkan|digelar))?\s+(?:pada\s+|tanggal\s+|mulai\s+)?$"
)
# ... unless an activity of the event names the stage ("simulasi pemungutan suara pada ...")
_STAGE_ACTIVITY_RE = re.compile(
    r"\b(?:simulasi|bimtek|bimbingan\s+teknis|sosialisasi|pelatihan|pemantauan|monitoring|memantau|meninjau|tinjau|"
    r"supervisi|pengawasan|mengawasi|rapat|rakor|apel)(?:\s+\w+){0,1}\s*$"
)
# the close of a period: the date bounds it ("hingga 6 Mei", "paling lambat Senin (12/10)")
_PERIOD_CLOSE_RE = re.compile(
    r"(?:\bhingga|\bsampai(?:\s+dengan)?|\bs\.?\s?[d/]\.?|\bsd|\bpaling\s+lambat|\bselambat-lambatnya|"
    r"\bbatas(?:\s+akhir|\s+waktu)?|\bberakhir(?:\s+pada)?|\btenggat(?:\s+waktu)?)"
    r"(?:\s+(?:tanggal|tgl\.?|pada|hari))?\s*[,(]?\s*$"
)
PLANNED_RE = re.compile(r"\b(?:berencana|direncanakan|rencananya|dijadwalkan|diagendakan|akan)\b", re.IGNORECASE)
_FOLLOW_UP_RE = re.compile(r"\b(?:menindaklanjuti|tindak\s+lanjut(?:\s+dari)?|sebagai\s+tindak\s+lanjut)\b", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"[;.]|,\s+(?:\w+\s+){0,4}?(?:menggelar|melaksanakan|mengadakan|mendatangi|menyambangi|bergerak)\b")
# a date that closes or bounds a period ("kampanye berlangsung hingga 5 Desember", "paling
# lambat Senin (12/10)") is a deadline or a stage, not a day on which something was held
PERIOD_END_RE = re.compile(
    r"(?:\bhingga|\bsampai(?:\s+dengan)?|\bs\.?\s?[d/]\.?|\bsd|\bpaling\s+lambat|\bselambat-lambatnya|\bbatas(?:\s+akhir|\s+waktu)?"
    r"|\bdimulai(?:nya)?(?:\s+pada)?|\bberakhir(?:\s+pada)?|\btenggat(?:\s+waktu)?|\bsejak|\bterhitung(?:\s+mulai)?)"
    r"(?:\s+(?:tanggal|tgl\.?|pada|hari))?\s*[,(]?\s*$"
)
# the date of a quoted statement: "..., ujar Bambang, Kamis (12/11)" / "katanya, Senin (9/11)"
SAID_ON_RE = re.compile(
    r"\b(?:ujar|kata|ucap|ungkap|jelas|tutur|terang|tegas|sebut|papar|imbuh|tambah|pungkas|katakan|sampaikan)"
    r"(?:nya)?\b(?:[^.;:\"\u201c\u201d]|\.(?=\S)){0,70},\s*$"
)
# a date right after an election stage's name is that stage's date ("masa tenang 14 sampai
# 16 April", "pemungutan suara 9 Desember"), whatever activity word the sentence holds
STAGE_BEFORE_RE = re.compile(
    r"\b(?:masa\s+(?:tenang|kampanye)|pemungutan\s+suara|pencoblosan|hari\s+(?:h|pemungutan|pencoblosan)|"
    r"pendaftaran|penetapan|pengundian)(?:\s+\w+){0,2}\s+(?:pada\s+|tanggal\s+)?$"
)
_EARLIER_RE = re.compile(r"\bsebelumnya\b", re.IGNORECASE)
_AFTER_NEG_RE = re.compile(r"\s*\)?\s*,?\s*(?:(?:yang\s+)?(?:mendatang|lalu|nanti)|silam)\b", re.IGNORECASE)
_BEFORE_NEG_RE = re.compile(r"\b(?:sejak|sebelumnya|semenjak|hingga|sampai|batas\s+akhir|paling\s+lambat|terakhir)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)


def _other_occasion(c: DateCand, text: str, ss: int, ctx: Context) -> float:
    """Penalty for a date whose clause puts it on another occasion than the reported event:

    * an election stage's day ("pendaftaran calon anggota PPS dibuka pada 27 April",
      "pemungutan suara 9 Desember"; not "simulasi pemungutan suara pada Sabtu (21/11)") or the
      close of a period ("hingga 6 Mei", "paling lambat Senin (12/10)");
    * a planned occasion outside the lead when the lead is not about a plan ("Pemkab juga
      berencana menggelar apel ... pada 1 Februari"): a follow-up, not the reported event;
    * the earlier occasion the event follows up ("Menindaklanjuti rapat koordinasi ... pada
      Rabu (4/3), ...").

    The first two exclude the date (another occasion's date is not used when the event has
    none); the follow-up only yields to a date of the event itself.
    """
    lo = max(ss, c.start - 200)
    low = text[max(ss, c.start - 90):c.start].lower()
    st = _STAGE_DATE_RE.search(low)
    if (st and not _STAGE_ACTIVITY_RE.search(low, 0, st.start())) or _PERIOD_CLOSE_RE.search(low):
        return -6.0
    if planned_elsewhere(text, c.start, ss, ctx):
        return -6.0
    f = _FOLLOW_UP_RE.search(text, lo, c.start) if ctx.follow_up else None
    if f and not _CLAUSE_END_RE.search(text, f.end(), c.start):
        return -2.0
    return 0.0


def plan_marker(text: str, pos: int, ss: int, ctx: Context) -> re.Match | None:
    """The plan marker ("berencana", "akan", "dijadwalkan") of the clause ``pos`` is in, when that
    clause is outside the lead and the lead is not about a plan ("Pemkab juga berencana menggelar
    apel ... pada 1 Februari": another, later occasion), else None."""
    lead = ctx.lead_span
    plans = ctx.plan_pos
    if ctx.lead_plan or not plans or (lead and lead[0] <= pos < lead[1]):
        return None
    k = bisect.bisect_left(plans, pos) - 1
    if k < 0 or plans[k] < max(ss, pos - 200):
        return None
    p = PLANNED_RE.match(text, plans[k])
    return p if p and not _CLAUSE_END_RE.search(text, p.end(), pos) else None


def planned_elsewhere(text: str, pos: int, ss: int, ctx: Context) -> bool:
    return plan_marker(text, pos, ss, ctx) is not None


def score(c: DateCand, text: str, sent: tuple[int, int], has_activity: bool, ctx: Context,
          monitoring: bool = False) -> float:
    """How likely ``c`` is the event date. ``monitoring``: the sentence has a monitoring
    keyword (pantau, tinjau, monitoring, ...), for which the voting day can be the event."""
    s = 0.0
    if c.zone == "dateline":
        s -= 1.0
    elif c.zone == "title":
        s += 0.3
    elif c.zone == "caption":
        # a photo caption's date usually repeats the event's; where they differ, the body's
        # account is the one written to report it
        s -= 0.5
    if c.weekday is not None:
        s += 1.0
        if c.date and c.date.weekday() == c.weekday:
            s += 1.0
        elif c.date:
            s -= 0.5
    if c.year is not None:
        s += 0.5
    if has_activity:
        s += 1.0
    ss, se = sent
    before = text[max(ss, c.start - 160):c.start]
    sp = None
    for m in _SPEECH_RE.finditer(before):
        sp = m
    if sp and not _rescued(before, sp.end()):
        # the day a statement was made ("kata X kepada wartawan, Senin (10/6)"): when the lead
        # reports an activity, that activity is another occasion and stays undated; only an
        # article that reports the statement itself is dated by it
        s -= 6.0 if ctx.lead_activity else 2.0
    if c.date and c.date in ctx.voting_days:
        # the voting day is a stage, not the event ("menyukseskan Pilkada pada 27 November
        # 2024"), except for a voting-day visit: a monitoring sentence that gives the date with
        # its weekday ("memantau pemungutan suara, Rabu (9/12/2020)")
        s -= 1.0 if monitoring and c.weekday is not None else 6.0
    c.occasion = _other_occasion(c, text, ss, ctx)
    s += c.occasion
    if _AFTER_NEG_RE.match(text, c.end, min(se + 1, c.end + 30)):  # in a voting-day sentence or not
        s -= 2.0
    if _BEFORE_NEG_RE.search(text, max(ss, c.start - 40), c.start):
        s -= 1.5
    if _EARLIER_RE.search(text[ss:c.start]):
        s -= 1.0
    if ctx.published and c.date and (c.date - ctx.published).days > 3 and not ctx.soon:
        s -= 1.0
    if c.impossible:
        s -= 0.5
    return s
