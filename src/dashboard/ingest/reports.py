"""What an ingest reports: per item, per file, per run (``IngestReport``), and the bounded
summary of a command-line run (``IngestSummary``: counts and the first rejections)."""

from __future__ import annotations

from dataclasses import dataclass, field




MAX_LISTED_REJECTIONS = 10_000  # rejections an ``IngestSummary`` lists (the rest are counted)


@dataclass
class ItemReport:
    source: str
    status: str  # new | duplicate | rejected
    reason: str = ""
    code: str = ""
    article_id: int | None = None
    title: str | None = None
    events: int = 0


@dataclass
class FileReport:
    source: str
    items: list[ItemReport] = field(default_factory=list)
    error: str = ""  # set when the whole file was rolled back

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(f.count("new") for f in self.files)

    @property
    def duplicate(self) -> int:
        return sum(f.count("duplicate") for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.count("rejected") for f in self.files)

    @property
    def events(self) -> int:
        return sum(i.events for f in self.files for i in f.items)

    def rejections(self) -> list[ItemReport]:
        return [i for f in self.files for i in f.items if i.status == "rejected"]

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "events": self.events,
            "files": [
                {
                    "source": f.source,
                    "error": f.error,
                    "items": [item_dict(i) for i in f.items],
                }
                for f in self.files
            ],
        }

    def detail(self) -> str:
        return ", ".join(f.source for f in self.files)[:2000]


@dataclass
class IngestSummary:
    """The report of a large ingest (``ingest_paths``): the counts, and the rejections
    (the first ``MAX_LISTED_REJECTIONS``; ``unlisted`` counts the others). Same reading
    interface as ``IngestReport`` (``new``, ``duplicate``, ``rejected``, ``events``,
    ``rejections()``, ``to_dict()``), without one entry per article."""

    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    events: int = 0
    file_count: int = 0
    listed: list[ItemReport] = field(default_factory=list)
    unlisted: int = 0
    rolled_back_files: int = 0
    _detail: list[str] = field(default_factory=list)
    _detail_len: int = 0

    def add(self, f: FileReport) -> None:
        self.file_count += 1
        if f.error:
            self.rolled_back_files += 1
        for i in f.items:
            if i.status == "new":
                self.new += 1
                self.events += i.events
            elif i.status == "duplicate":
                self.duplicate += 1
            else:
                self.rejected += 1
                if len(self.listed) < MAX_LISTED_REJECTIONS:
                    self.listed.append(i)
                else:
                    self.unlisted += 1
        if self._detail_len < 2000:
            self._detail.append(f.source)
            self._detail_len += len(f.source) + 2

    def rejections(self) -> list[ItemReport]:
        return list(self.listed)

    def detail(self) -> str:
        return ", ".join(self._detail)[:2000]

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "events": self.events,
            "file_count": self.file_count,
            "rolled_back_files": self.rolled_back_files,
            "rejections": [item_dict(i) for i in self.listed],
            "unlisted_rejections": self.unlisted,
        }


def item_dict(i: ItemReport) -> dict:
    """An item of a report as stored in the run's record: its set fields only."""
    return {k: v for k, v in vars(i).items() if v not in (None, "")}
