"""Searching the directory: all the search box needs, and nothing of the database layer.

A `Directory` searches through its `Finder` (and also reads entries and writes). The TUI opens a bare Finder
first, from the saved index and the reference rows read with the standard library
(store/peek.py), so its first search is answered before SQLAlchemy and the models have loaded
(most of a second); the full Directory takes over a moment later, adopting the same index.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Protocol, Unpack

from asset_map.config import Settings
from asset_map.directory.query_words import filters_in_text
from asset_map.directory.vocabulary import parse_open, resolve_delivery, resolve_kind, resolve_need
from asset_map.errors import DirectoryError
from asset_map.places import Gazetteer, Place, PlaceNotFound
from asset_map.places.coverage import place_keys
from asset_map.search.engine import run_search
from asset_map.search.index import SearchIndex
from asset_map.search.query import QueryWords, SearchOutcome, SearchQuery
from asset_map.search.relax import Relaxation, relaxations
from asset_map.search.synonyms import SynonymTable
from asset_map.search.text import stem
from asset_map.store.files import index_beside
from asset_map.store.peek import NeedTerms, file_of, read_search_start
from asset_map.store.place_lookup import StoredPlaces


class Searches(Protocol):
    """What the search box needs: a bare `Finder` (the first moment of the app) or the whole
    `Directory` (which also sees other processes' changes before each search)."""

    @property
    def needs(self) -> Mapping[str, NeedTerms]: ...

    def make_query(
        self,
        text: str = "",
        **words: Unpack[QueryWords],
    ) -> SearchQuery: ...

    def search(self, query: SearchQuery, now: datetime | None = None) -> SearchOutcome: ...

    def relaxations(self, query: SearchQuery) -> list[Relaxation]: ...

    def today(self) -> date: ...


class Finder:
    """Queries built from words as people give them, answered from the search index."""

    index: SearchIndex

    def __init__(self, gazetteer: Gazetteer, needs: Iterable[NeedTerms], generation: str) -> None:
        self.gazetteer = gazetteer
        self.needs = {n.id: n for n in needs}
        self.need_labels = {n.id: n.label for n in self.needs.values()}
        self.synonyms = SynonymTable((n.id, n.label, n.synonyms) for n in self.needs.values())
        self.generation = generation  # which version of the data the index reflects
        # The TUI searches in a worker thread while writes happen on the main thread.
        self.lock = threading.RLock()
        # What "now" is for next-on times and staleness; tests and snapshots fix it.
        self.clock: Callable[[], datetime] = datetime.now

    def same_needs(self, other: Finder) -> bool:
        """Whether an index made for `other` reads the needs as this one does."""
        return [(n.id, n.label, list(n.synonyms)) for n in self.needs.values()] == [
            (n.id, n.label, list(n.synonyms)) for n in other.needs.values()
        ]

    def make_query(
        self,
        text: str = "",
        **words: Unpack[QueryWords],
    ) -> SearchQuery:
        """Build a query from words as people give them; unknown names raise DirectoryError."""
        place: Place | None = None
        taken = filters_in_text(
            text,
            self.gazetteer,
            lambda word: self.index.known(stem(word)),
            near_given=bool(words.get("near")),
            day_given=bool(words.get("open_on")),
            free_given=bool(words.get("free_only")),
            costs_known=self.index.costs_known,  # asked only when "free" is said
        )
        words = words | taken.as_words()
        if near := words.get("near"):
            try:
                place = self.gazetteer.resolve(near)
            except PlaceNotFound as exc:
                raise DirectoryError(str(exc)) from exc
        radius_km = words.get("radius_km")
        if radius_km is not None and not 0 < radius_km <= 500:  # nan is not within either
            raise DirectoryError("the radius must be between 0 and 500 km")
        if radius_km is not None and place is None:
            raise DirectoryError("a radius needs a place: give --near PLACE_OR_POSTCODE")
        open_on = words.get("open_on")
        when = parse_open(open_on, self.clock()) if open_on else None
        return SearchQuery(
            text=taken.rest,
            near=place,
            radius_km=radius_km,
            needs=frozenset(self.resolve_need(n) for n in words.get("needs", ())),
            kinds=frozenset(resolve_kind(k) for k in words.get("kinds", ())),
            open_day=when.weekday if when else None,
            open_time=when.at if when else None,
            open_date=when.on if when else None,
            free_only=words.get("free_only", False),
            step_free_only=words.get("step_free_only", False),
            delivery=frozenset(resolve_delivery(d) for d in words.get("delivery", ())),
            include_closed=words.get("include_closed", False),
            verified_recently=words.get("verified_recently", False),
            near_keys=place_keys(self.gazetteer, place) if place is not None else frozenset(),
            limit=max(1, min(words.get("limit", 50), 10_000)),
            typing=words.get("typing", False),
            read_as=tuple(taken.said),
        )

    def search(self, query: SearchQuery, now: datetime | None = None) -> SearchOutcome:
        with self.lock:
            return run_search(self.index, query, now or self.clock())

    def relaxations(self, query: SearchQuery) -> list[Relaxation]:
        with self.lock:
            return relaxations(self.index, query, self.clock())

    def resolve_need(self, text: str) -> str:
        return resolve_need(self.needs.values(), text)

    def today(self) -> date:
        return self.clock().date()


def open_finder(settings: Settings) -> Finder | None:
    """Search alone, from the saved index, if there is one for the data as it is now; else
    None (the directory must be opened the full way: created, migrated or indexed). Not with
    the online geocoder: it needs the database layer."""
    db_file = file_of(settings.db_url)
    if db_file is None or settings.online_geocoding:
        return None
    start = read_search_start(db_file)
    if start is None:
        return None
    finder = Finder(
        Gazetteer.from_rows(
            start.areas, start.localities, start.postcodes, stored=StoredPlaces.in_file(db_file)
        ),
        start.needs,
        start.generation,
    )
    index = SearchIndex.load(
        index_beside(db_file),
        generation=start.generation,
        synonyms=finder.synonyms,
        need_labels=finder.need_labels,
    )
    if index is None:
        return None
    finder.index = index
    return finder
