"""What a search asks and what it answers. Shared by the CLI, the TUI and the benchmarks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, TypedDict

from asset_map.store.enums import delivery_words

if TYPE_CHECKING:
    from asset_map.places import Place


class QueryWords(TypedDict, total=False):
    """A search's filters as people give them (names, "wed 10:30"), before they are resolved
    into a `SearchQuery`: stated once for the finder, the directory and whoever asks."""

    near: str | None  # a locality or postcode
    radius_km: float | None
    needs: list[str] | tuple[str, ...]
    kinds: list[str] | tuple[str, ...]
    open_on: str | None  # "now", "today", "wed", "wed 10:30"
    free_only: bool
    step_free_only: bool
    delivery: list[str] | tuple[str, ...]  # in_person, home, phone, online (any of them)
    include_closed: bool
    verified_recently: bool  # verified within the last 12 months
    limit: int
    typing: bool


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
    delivery: frozenset[str] = frozenset()  # any of these ways (in_person, home, phone, online)
    include_closed: bool = False
    verified_recently: bool = False  # verified within the last 12 months (checks.REVIEW_AFTER)
    # what `near` stands for, as keys of places/coverage.py: a service that comes to the home
    # or works by phone or online is within reach where the area it serves shares one
    near_keys: frozenset[str] = frozenset()
    limit: int = 50
    typing: bool = False  # the last word may be unfinished: match it as a prefix too
    read_as: tuple[str, ...] = ()  # words taken as filters: "“tilbury” as near Tilbury"


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
    delivery: tuple[str, ...] = ("in_person",)
    # beyond the radius asked, kept because the area it serves takes in the place (it comes to
    # the home, or works by phone or online, there): how it reaches, not how far, is what counts
    serves_here: bool = False

    @property
    def remote_only(self) -> bool:
        """Reached by phone or online only: no place to go to, so no distance to show."""
        return not {"in_person", "home"} & set(self.delivery)

    @property
    def where_words(self) -> str:
        """Where it is, in a results row: its locality, or how it is reached when there is no
        place to go to ("By phone, online")."""
        if self.remote_only or self.serves_here:
            return delivery_words(self.delivery)
        return self.locality


@dataclass
class SearchOutcome:
    results: list[SearchResult]
    total: int  # matches before the limit
    corrections: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    closed_hidden: int = 0  # closed entries that matched, left out without include_closed
    needs_meant: frozenset[str] = frozenset()  # chosen, or understood from the words ("lonely")

    @property
    def did_you_mean(self) -> str | None:
        """The query with each typo replaced, when any word was corrected."""
        return " ".join(self.corrections.values()) if self.corrections else None
