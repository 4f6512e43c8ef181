"""Grouping reports into events, incrementally and with blocking.

:func:`best_cluster` decides where one new report goes, given the candidate clusters: a
cluster qualifies when no member vetoes the pair (dates, regions, publication window, a
hand "apart" decision) and its best-matching member reaches the threshold (single link for
the evidence, complete link for the constraints, so an undated report can never bridge two
different dates). The database path (``merging.store``) and the in-memory
:class:`Merger` (the ``extract --events`` command, benchmarks) both use it.

:class:`Merger` keeps the blocking index in memory: reports by stated day (and by province
within the day), by month for month-only dates, by publication date for undated reports,
and a bounded bucket (per election and activity) for reports with neither date. A new
report is compared only with the reports its keys reach, so adding one costs the size of
its blocks, not of the collection.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dashboard.merging.evidence import (
    UNDATED_PAIR_DAYS,
    UNDATED_WINDOW_DAYS,
    PairDecision,
    Report,
    compare,
    plausible,
    veto,
)

NO_DATE_BUCKET = 200  # reports with neither a date nor a publication date kept per bucket


@dataclass(frozen=True)
class Event:
    reports: list[Report]  # the canonical report first
    matches: dict  # report key -> Match (joined by the evidence)
    forced: dict  # report key -> the report a person put it with


@dataclass(frozen=True)
class Match:
    cluster: object  # the cluster's id
    partner: Report  # the member that matched best
    decision: PairDecision


MAX_SCORED = 24  # members of a large event the evidence score is taken over (its first and latest)


def best_cluster(
    report: Report,
    clusters: dict[object, list[Report]],
    apart: Callable[[object, object], bool] | None = None,
    constraints: dict[object, list[Report]] | None = None,
) -> Match | None:
    """The cluster ``report`` joins (None: it starts a new event). ``apart(a, b)`` says that
    a person split events ``a`` and ``b``: they never join automatically.

    The constraints are checked against every member (complete link), once per distinct
    combination of the fields they read (``veto_key``), so an event reported by hundreds of
    articles costs a few comparisons; the score is the best over at most ``MAX_SCORED``
    members (the first reports and the latest). ``constraints``: per cluster, further
    reports that stand for members not listed (one per distinct ``veto_key``: a large event
    read from the database), checked against the constraints only."""
    best: Match | None = None
    qualified = 0
    for cid, members in clusters.items():
        if apart is not None and any(apart(report.key, m.key) for m in members):
            continue
        top: tuple[Report, PairDecision] | None = None
        vetoed = False
        seen: set = set()
        scored = members if len(members) <= MAX_SCORED else [*members[: MAX_SCORED // 2], *members[-MAX_SCORED // 2:]]
        for m in scored:
            seen.add(m.veto_key)
            d = compare(report, m)
            if d.veto is not None:
                vetoed = True
                break
            if top is None or d.score > top[1].score:
                top = (m, d)
        if not vetoed and (len(scored) < len(members) or (constraints and constraints.get(cid))):
            for m in [*members, *((constraints or {}).get(cid) or ())]:
                if m.veto_key not in seen:
                    seen.add(m.veto_key)
                    if veto(report, m) is not None:
                        vetoed = True
                        break
        if vetoed or top is None or not top[1].same:
            continue
        qualified += 1
        if best is None or (top[1].score, -_order(cid)) > (best.decision.score, -_order(best.cluster)):
            best = Match(cid, top[0], top[1])
    if qualified > 1 and not report.dated and report.published is None:
        return None  # nothing places it in time and two events fit: it cannot be told which
    return best


def _anchor(r: Report) -> dt.date | None:
    return r.date or r.published


def _order(cid) -> float:
    return cid if isinstance(cid, (int, float)) else 0


def canonical(members: Iterable[Report]) -> Report:
    """The main report of an event: reviewed first, then a stated day, then confidence,
    then the oldest."""
    return max(members, key=lambda r: r.rank())


class Merger:
    """Incremental merging in memory. ``add(report)`` puts the report into an existing
    event or starts one and returns the :class:`Match` (None for a new event)."""

    def __init__(self, apart: Callable[[object, object], bool] | None = None):
        self.apart = apart
        self.cluster_of: dict[object, object] = {}  # report key -> cluster id
        self.members: dict[object, list[Report]] = {}  # cluster id -> reports
        self.matches: dict[object, Match] = {}  # report key -> how it joined
        self._by_day: dict[dt.date, list[Report]] = defaultdict(list)
        self._by_day_province: dict[tuple[dt.date, str], list[Report]] = defaultdict(list)
        self._by_day_open: dict[dt.date, list[Report]] = defaultdict(list)  # national or region-less
        self._by_day_national: dict[dt.date, list[Report]] = defaultdict(list)  # local, naming a national body
        self._by_month: dict[tuple[int, int], list[Report]] = defaultdict(list)  # every dated report
        self._month_only: dict[tuple[int, int], list[Report]] = defaultdict(list)
        self._by_published: dict[dt.date, list[Report]] = defaultdict(list)  # undated reports
        # per (election, activity): the latest reports, and the latest with neither a date
        # nor a publication date (bounded: such a report is compared with recent ones only)
        self._recent: dict[tuple, deque] = defaultdict(lambda: deque(maxlen=NO_DATE_BUCKET))
        self._no_anchor: dict[tuple, deque] = defaultdict(lambda: deque(maxlen=NO_DATE_BUCKET))
        self.forced: dict[object, object] = {}  # report key -> the report a person put it with
        # clusters by the latest time anchor of their reports (a heap, stale entries skipped)
        self._latest: dict[object, dt.date | None] = {}
        self._heap: list = []
        self._seq = itertools.count()
        self.compared = 0

    # ------------------------------------------------------------ blocking

    def _day_block(self, r: Report, day: dt.date, parts: list) -> None:
        """The reports of ``day`` that ``r`` can be compared with: every one for a national
        or region-less report; else those of its provinces, the national or region-less ones
        and, when it names a national body, the others naming one (delegations' reports)."""
        if r.open_scope:
            parts.append(self._by_day.get(day, ()))
            return
        for p in r.provinces:
            parts.append(self._by_day_province.get((day, p), ()))
        parts.append(self._by_day_open.get(day, ()))
        if r.national_body:
            parts.append(self._by_day_national.get(day, ()))

    def candidates(self, r: Report) -> list[Report]:
        parts: list = []
        one = dt.timedelta(days=1)
        if r.day is not None:
            self._day_block(r, r.day, parts)
            parts.append(self._month_only.get(r.month, ()))
            for k in range(UNDATED_WINDOW_DAYS + 1):
                parts.append(self._by_published.get(r.day + k * one, ()))
        elif r.date is not None:  # a month-only date: every dated report of that month
            parts.append(self._by_month.get(r.month, ()))
            nxt = (r.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            d = r.date
            while d < nxt + dt.timedelta(days=UNDATED_WINDOW_DAYS):
                parts.append(self._by_published.get(d, ()))
                d += one
        elif r.published is not None:
            for k in range(UNDATED_WINDOW_DAYS + 1):
                self._day_block(r, r.published - k * one, parts)
            parts.append(self._month_only.get((r.published.year, r.published.month), ()))
            for k in range(-UNDATED_PAIR_DAYS, UNDATED_PAIR_DAYS + 1):
                parts.append(self._by_published.get(r.published + k * one, ()))
        else:
            parts.append(self._recent.get((r.election, r.activity), ()))
        if r.dated or r.published is not None:
            parts.append(self._no_anchor.get((r.election, r.activity), ()))
        parts = [p for p in parts if p]
        if not parts:
            return []
        out = dict.fromkeys(itertools.chain.from_iterable(parts))
        out.pop(r, None)
        return list(out)

    def _index(self, r: Report) -> None:
        if r.day is not None:
            self._by_day[r.day].append(r)
            if r.open_scope:
                self._by_day_open[r.day].append(r)
            else:
                for p in r.provinces:
                    self._by_day_province[(r.day, p)].append(r)
                if r.national_body:
                    self._by_day_national[r.day].append(r)
            self._by_month[r.month].append(r)
        elif r.date is not None:
            self._month_only[r.month].append(r)
            self._by_month[r.month].append(r)
        elif r.published is not None:
            self._by_published[r.published].append(r)
        else:
            self._no_anchor[(r.election, r.activity)].append(r)
        self._recent[(r.election, r.activity)].append(r)

    # ------------------------------------------------------------ adding

    def add(self, r: Report) -> Match | None:
        cands = self.candidates(r)
        if r.open_scope:
            cands = [c for c in cands if plausible(r, c)]
        else:
            cands = [c for c in cands if not c.open_scope or plausible(r, c)]
        clusters: dict[object, list[Report]] = {}
        for c in cands:
            cid = self.cluster_of[c.key]
            if cid not in clusters:
                clusters[cid] = self.members[cid]
        self.compared += sum(len(v) for v in clusters.values())
        match = best_cluster(r, clusters, self.apart)
        if match is None:
            cid = r.key
            self.members[cid] = [r]
        else:
            cid = match.cluster
            self.members[cid].append(r)
            self.matches[r.key] = match
        self.cluster_of[r.key] = cid
        self._index(r)
        self._touch(cid, r)
        return match

    def _touch(self, cid, r: Report) -> None:
        """Keep the cluster's latest anchor (None once any report has none: never evicted)."""
        a = _anchor(r)
        if cid in self._latest and self._latest[cid] is None:
            return
        if a is None:
            self._latest[cid] = None
            return
        old = self._latest.get(cid)
        if old is None or a > old:
            self._latest[cid] = a
            heapq.heappush(self._heap, (a, next(self._seq), cid))

    def join(self, r: Report, partner) -> None:
        """Put ``r`` with the report ``partner`` (already added) whatever the evidence: a
        person merged them."""
        cid = self.cluster_of[partner]
        self.members[cid].append(r)
        self.cluster_of[r.key] = cid
        self.forced[r.key] = partner
        self._index(r)
        self._touch(cid, r)

    def evict(self, before: dt.date, keep: Callable[[object], bool] | None = None) -> list[Event]:
        """Forget reports placed in time before ``before`` (their date, else their
        publication date): no later report can reach them. Returns the events all of whose
        reports are forgotten (canonical first), which leave the merger; ``keep(key)`` holds
        back an event with a report still waited for (a hand merge with a later report)."""
        for index in (self._by_day, self._by_day_open, self._by_day_national, self._by_published):
            for d in [d for d in index if d < before]:
                del index[d]
        for d in [k for k in self._by_day_province if k[0] < before]:
            del self._by_day_province[d]
        month = (before.year, before.month)
        for index in (self._by_month, self._month_only):
            for k in [k for k in index if k < month]:
                del index[k]
        closed = []
        held = []
        while self._heap and self._heap[0][0] < before:
            a, seq, cid = heapq.heappop(self._heap)
            if cid not in self.members or self._latest.get(cid) != a:
                continue  # a stale entry: the cluster grew later, or is gone
            members = self.members[cid]
            if keep and any(keep(r.key) for r in members):
                held.append((a, seq, cid))
                continue
            closed.append(self._event(cid))
            del self.members[cid]
            del self._latest[cid]
            for r in members:
                del self.cluster_of[r.key]
                self.matches.pop(r.key, None)
                self.forced.pop(r.key, None)
        for item in held:
            heapq.heappush(self._heap, item)
        if closed:
            gone = {r.key for c in closed for r in c.reports}
            for buckets in (self._recent, self._no_anchor):
                for k, dq in buckets.items():
                    if any(x.key in gone for x in dq):
                        buckets[k] = deque((x for x in dq if x.key not in gone), maxlen=NO_DATE_BUCKET)
        return closed

    def add_all(self, reports: Iterable[Report]) -> None:
        for r in reports:
            self.add(r)

    def _event(self, cid) -> Event:
        members = self.members[cid]
        main = canonical(members)
        return Event(
            [main, *[m for m in members if m is not main]],
            {r.key: self.matches[r.key] for r in members if r.key in self.matches},
            {r.key: self.forced[r.key] for r in members if r.key in self.forced},
        )

    def events(self) -> list[Event]:
        """Every event held: its reports (the canonical one first, then in the order added)
        and how each joined."""
        return [self._event(cid) for cid in self.members]
