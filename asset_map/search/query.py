"""What a search asks and what it answers. Shared by the CLI, the TUI and the benchmarks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asset_map.places import Place


@dataclass(frozen=True)
class SearchQuery:
    """Free text plus filters. Empty text with filters lists everything that passes them."""

    text: str = ""
    near: Place | None = None
    radius_km: float | None = None
    needs: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    open_day: int | None = None  # Monday = 0
    open_time: time | None = None
    open_date: date | None = None  # a calendar date: "first Tuesday of the month" must fall on it
    free_only: bool = False
    step_free_only: bool = False
    include_closed: bool = False
    limit: int = 50
    typing: bool = False  # the last word may be unfinished: match it as a prefix too


@dataclass(frozen=True)
class SearchResult:
    id: uuid.UUID
    name: str
    kind: str
    locality: str
    status: str
    score: float
    distance_km: float | None
    next_on: str
    opening: str
    verified_on: date | None
    stale: bool
    needs: tuple[str, ...]
    why: tuple[str, ...]
    summary: str = ""
    next_on_short: str = ""
    flagged: bool = False  # possibly closed (someone could not reach it): check before going


@dataclass
class SearchOutcome:
    results: list[SearchResult]
    total: int  # matches before the limit
    corrections: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    closed_hidden: int = 0  # closed entries that matched, left out without include_closed

    @property
    def did_you_mean(self) -> str | None:
        """The query with each typo replaced, when any word was corrected."""
        return " ".join(self.corrections.values()) if self.corrections else None
