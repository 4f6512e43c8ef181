"""Is a collected article about elections? Portals publish everything a body does (a new
market, a vaccination drive, a football cup); only what concerns an election is stored.
An article that is not is recorded as skipped, with the reason, and never becomes an event.

The test is a word list, deliberately plain so an editor can see why: an election or an
election body named in the title, or at least two election words in the text (a single
passing mention, "... seperti saat Pilkada lalu", is not enough)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Elections, their bodies and their vocabulary (Indonesian, as releases write it).
_WORDS = [
    r"pilkada", r"pemilu", r"pilgub", r"pilbup", r"pilwali", r"pilwalkot", r"pilwakot", r"pileg", r"pilpres",
    r"pilkades", r"pemilihan\s+(?:umum|kepala\s+daerah|kepala\s+desa|serentak|gubernur|bupati|wali\s?kota|presiden|legislatif)",
    r"kpu(?:d)?", r"komisi\s+pemilihan\s+umum", r"bawaslu", r"panwaslu(?:\s?kada)?", r"panwascam", r"panwaslih",
    r"badan\s+pengawas\s+pemilu", r"dkpp", r"ppk", r"pps", r"kpps", r"pantarlih", r"ptps",
    r"tps", r"dpt", r"dps", r"daftar\s+pemilih", r"pemungutan\s+suara", r"penghitungan\s+suara", r"pencoblosan",
    r"rekapitulasi\s+(?:hasil\s+)?(?:penghitungan\s+)?suara", r"coklit", r"pencocokan\s+dan\s+penelitian",
    r"paslon", r"pasangan\s+calon", r"calon\s+(?:gubernur|bupati|wali\s?kota|kepala\s+daerah|legislatif|anggota\s+dprd?)",
    r"kampanye", r"masa\s+tenang", r"debat\s+(?:publik|kandidat|paslon)", r"politik\s+uang", r"netralitas\s+asn",
    r"pesta\s+demokrasi", r"logistik\s+pemilu", r"surat\s+suara", r"kotak\s+suara", r"pemilih\s+pemula",
    r"tahapan\s+(?:pemilu|pemilihan|pilkada)", r"penyelenggara\s+pemilu", r"sentra\s+gakkumdu", r"gakkumdu",
    r"operasi\s+mantap\s+praja", r"ops\s+mantap\s+praja",
]
_RX = re.compile(r"\b(?:" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
MIN_TEXT_HITS = 2


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    reason: str  # English, for reports: what decided it
    words: tuple[str, ...] = ()


def election_words(text: str) -> list[str]:
    return [" ".join(m.group().lower().split()) for m in _RX.finditer(text or "")]


def judge(title: str | None, text: str) -> Relevance:
    in_title = election_words(title or "")
    in_text = election_words(text)
    if in_title:
        return Relevance(True, f"the title names {in_title[0]!r}", tuple(dict.fromkeys(in_title + in_text))[:8])
    if len(in_text) >= MIN_TEXT_HITS:
        return Relevance(True, f"{len(in_text)} election words in the text", tuple(dict.fromkeys(in_text))[:8])
    if in_text:
        return Relevance(False, f"not about an election (only one passing election word: {in_text[0]!r})",
                         tuple(in_text))
    return Relevance(False, "not about an election (no election word in the title or text)")
