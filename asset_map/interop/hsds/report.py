"""What an import did: counts, every record skipped with its reasons, warnings, and the
records a feed no longer has (reported for someone to check, never deleted)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from asset_map.interop.errors import RecordError


@dataclass(frozen=True)
class MissingRecord:
    """A record imported from this feed before that the feed no longer has (kept, not deleted)."""

    asset_id: uuid.UUID
    source_id: str
    name: str


@dataclass
class HsdsImportReport:
    """Every record of the feed is added, updated, unchanged, merged into an earlier record
    (the same service in another file of a folder) or skipped with its reasons:
    `records == imported + merged + skipped_records`."""

    feed: str
    records: int = 0  # how many the feed holds
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    skipped: list[RecordError] = field(default_factory=list)
    warnings: list[RecordError] = field(default_factory=list)
    missing_from_feed: list[MissingRecord] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)

    @property
    def skipped_records(self) -> int:
        return len({e.record for e in self.skipped})

    @property
    def imported(self) -> int:
        return self.added + self.updated + self.unchanged

    def __str__(self) -> str:
        text = (
            f"{self.records} records: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped_records} skipped"
        )
        if self.merged:
            text += f", {self.merged} merged into an earlier record"
        if self.missing_from_feed:
            text += f"; {len(self.missing_from_feed)} no longer in the feed (kept)"
        return text
