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
    feed: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RecordError] = field(default_factory=list)
    warnings: list[RecordError] = field(default_factory=list)
    missing_from_feed: list[MissingRecord] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)

    @property
    def skipped_records(self) -> int:
        return len({e.record for e in self.skipped})

    def __str__(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped_records} skipped"
        )
        if self.missing_from_feed:
            text += f"; {len(self.missing_from_feed)} no longer in the feed (kept)"
        return text
