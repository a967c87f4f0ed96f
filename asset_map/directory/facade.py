"""The directory as the CLI and the app use it: one object per process, made of three parts.

- `finder` searches (directory/finder.py: the first screen opens it alone, before the database
  layer has loaded);
- `live` keeps the finder's index true to the database (directory/live_index.py);
- `writer` makes every change (directory/writes.py), and is the one way in for an import.

`Directory` itself opens the database (directory/opening.py), reads entries, and says what
each part does, in the words the CLI and the screens call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import Unpack

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from asset_map.config import Settings
from asset_map.directory import gaps, imports
from asset_map.directory.documents import effective_point
from asset_map.directory.duplicates import Candidate, DuplicateMatch, contact_keys, decided_apart, find_for
from asset_map.directory.finder import Finder
from asset_map.directory.imports import ImportReport
from asset_map.directory.live_index import BuildProgress, LiveIndex, index_path
from asset_map.directory.opening import prepare
from asset_map.directory.review import ReviewQueue, build_queue
from asset_map.directory.writes import Writer
from asset_map.errors import DirectoryError
from asset_map.places import Gazetteer, PlaceNotFound
from asset_map.search.index import AssetDoc, SearchIndex
from asset_map.search.query import QueryWords, SearchOutcome, SearchQuery
from asset_map.search.relax import Relaxation
from asset_map.search.synonyms import SynonymTable
from asset_map.store import decisions, history, repo
from asset_map.store.changes import ChangeWatch
from asset_map.store.db import StoreError, explain, sqlite_path, transaction, unreachable
from asset_map.store.enums import VerifiedHow
from asset_map.store.history import AssetChange
from asset_map.store.integrity import remember_sound
from asset_map.store.models import Asset, AssetIn, Need
from asset_map.store.peek import NeedTerms


class Directory:
    """One opened directory: search it, read it, change it."""

    def __init__(
        self,
        engine: Engine,
        gazetteer: Gazetteer,
        needs: list[Need],
        *,
        index_file: Path | None = None,
        finder: Finder | None = None,
        settings: Settings | None = None,
        progress: BuildProgress | None = None,
    ) -> None:
        """`finder`: the search opened before the database layer, whose index is taken over
        when it reflects the same data; `progress`: how far building the index has come."""
        self.engine = engine
        self.settings = settings  # how it was opened (a rebuild apart needs it)
        self.seeded_now = False
        self.notices: list[str] = []  # said once to the person: the CLI on stderr, the app as a toast
        self.finder = Finder(gazetteer, needs, generation="")
        self.live = LiveIndex(
            engine,
            self.finder,
            index_file=index_file,
            notices=self.notices,
            settings=settings,
            adopt=finder,
            progress=progress,
        )
        self.writer = Writer(engine, self.finder, self.live)
        self.watch = ChangeWatch(engine)
        self.offline = False  # the server could not be reached at the last look

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        seed: Path | None = None,
        finder: Finder | None = None,
        progress: BuildProgress | None = None,
    ) -> Directory:
        """Open (creating, migrating and on first run seeding) the database; a damaged file is
        refused before anything is written to it, naming the backup to put back. `progress`:
        (entries read, entries in all) while a search index is built with none saved."""
        opened = prepare(settings, seed=seed)
        directory = cls(
            opened.engine,
            opened.gazetteer,
            opened.needs,
            index_file=index_path(settings.db_url),
            finder=finder,
            settings=settings,
            progress=progress,
        )
        directory.seeded_now = opened.seeded_now
        directory.notices.extend(opened.notices)
        return directory

    def close(self) -> None:
        """Save the index for a fast next start (if nobody else changed the data), then let go."""
        try:
            self.watch.close()
            self.live.save()
        finally:
            self.engine.dispose()  # the last connection folds the WAL in: the file's time moves
            file = sqlite_path(self.engine.url.render_as_string(hide_password=False))
            if file is not None and self.writer.wrote:
                remember_sound(file)

    def take_notices(self) -> list[str]:
        """What the person should be told once (a damaged index rebuilt…), then forgotten."""
        told = list(self.notices)
        self.notices.clear()  # the same list the index and the opening add to
        return told

    # ------------------------------------------------------------ what the finder knows
    @property
    def gazetteer(self) -> Gazetteer:
        return self.finder.gazetteer

    def where_of(self, asset: Asset) -> tuple[str, bool]:
        """Its locality's area, and whether its place is known offline (a point to measure
        distances from): a town outside the gazetteer with no coordinates is not."""
        located = effective_point(asset, self.gazetteer) is not None
        return self.gazetteer.area_name(asset.locality) or "", located

    @property
    def needs(self) -> dict[str, NeedTerms]:
        return self.finder.needs

    @property
    def need_labels(self) -> dict[str, str]:
        return self.finder.need_labels

    @property
    def synonyms(self) -> SynonymTable:
        return self.finder.synonyms

    @property
    def index(self) -> SearchIndex:
        return self.finder.index

    @index.setter
    def index(self, index: SearchIndex) -> None:
        with self.finder.lock:
            self.finder.index = index

    @property
    def generation(self) -> str:
        return self.finder.generation

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.finder.clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        """What "now" is (tests and snapshots fix it)."""
        self.finder.clock = clock

    def today(self) -> date:
        return self.finder.today()

    # ------------------------------------------------------------ searching
    def make_query(
        self,
        text: str = "",
        **words: Unpack[QueryWords],
    ) -> SearchQuery:
        """A query from words as people give them (`Finder.make_query`)."""
        return self.finder.make_query(text, **words)

    def search(self, query: SearchQuery, now: datetime | None = None) -> SearchOutcome:
        self._reached(self.live.catch_up)  # another process may have written since
        return self.finder.search(query, now)

    def _reached(self, look: Callable[[], bool]) -> bool:
        """Ask the database something; when its server cannot be reached, say so once and go
        on from this computer's index (read-only) until it can, then say it is back."""
        try:
            found = look()
        except DBAPIError as exc:
            if not unreachable(exc):
                raise StoreError(explain(exc)) from exc
            if not self.offline:
                self.offline = True
                self.notices.append(
                    "The server cannot be reached: searching this computer's copy of the directory; "
                    "nothing can be saved until it is back (the app reconnects by itself)."
                )
            return False
        if self.offline:
            self.offline = False
            self.notices.append("The server is back: the search is up to date again.")
        return found

    def relaxations(self, query: SearchQuery) -> list[Relaxation]:
        return self.finder.relaxations(query)

    def gap_matrix(
        self,
        by: gaps.RowsBy = "locality",
        *,
        radius_km: float | None = None,
        asked: Iterable[gaps.Asked] = (),
        **filters: Unpack[gaps.GapFilters],
    ) -> gaps.GapMatrix:
        """Every place against every need, as searches would count them (directory/gaps.py)."""
        self._reached(self.live.catch_up)  # another process may have written since
        return gaps.gap_matrix(self.finder, by, radius_km=radius_km, asked=asked, **filters)

    def resolve_need(self, text: str) -> str:
        return self.finder.resolve_need(text)

    # ------------------------------------------------------------ the index
    @property
    def index_file(self) -> Path | None:
        return self.live.index_file

    @property
    def index_loaded(self) -> bool:
        return self.live.loaded

    @property
    def index_saved(self) -> bool:
        """Whether the saved index is this one (nothing to save on closing)."""
        return self.live.saved

    def save_index(self) -> None:
        self.live.save()

    def rebuild_index(self, docs: Iterable[AssetDoc] | None = None) -> None:
        self.live.rebuild(docs)

    def catch_up(self) -> bool:
        """Bring the search up to what others wrote; whether they had written anything."""
        return self.live.catch_up()

    def others_wrote(self) -> bool:
        """Whether others wrote since we last looked (the search then reflects it): asked every
        second by the app; on a server it costs nothing until a change is announced."""
        self.index.prepare_for_changes()  # once, here, off the screen's thread
        return self._reached(lambda: self.watch.heard() and self.live.catch_up())

    def reindex(self, asset: Asset) -> None:
        self.live.reindex(asset)

    def reindex_many(
        self,
        asset_ids: list[uuid.UUID],
        fresh: Sequence[AssetIn] = (),
        fresh_terms: Mapping[uuid.UUID, list[str]] | None = None,
    ) -> None:
        self.live.reindex_many(asset_ids, fresh, fresh_terms)

    # ------------------------------------------------------------ changing
    def writing(self) -> AbstractContextManager[Session]:
        """The one way in for an importer: see `Writer.writing`."""
        return self.writer.writing()

    def ensure_sound(self, doing: str) -> None:
        self.writer.ensure_sound(doing)

    def check_references(self, asset: AssetIn) -> list[tuple[str, str]]:
        return self.writer.check_references(asset)

    def add(self, asset_in: AssetIn, *, user: str) -> Asset:
        return self.writer.add(asset_in, user=user)

    def update(
        self, asset_id: uuid.UUID, asset_in: AssetIn, *, user: str, expected_version: int | None = None
    ) -> Asset:
        return self.writer.update(asset_id, asset_in, user=user, expected_version=expected_version)

    def verify(self, asset_id: uuid.UUID, *, user: str, how: VerifiedHow) -> Asset:
        return self.writer.verify(asset_id, user=user, how=how)

    def flag(self, asset_id: uuid.UUID, *, reason: str, user: str) -> Asset:
        return self.writer.flag(asset_id, reason=reason, user=user)

    def clear_flag(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self.writer.clear_flag(asset_id, user=user)

    def archive(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self.writer.archive(asset_id, user=user)

    def restore(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self.writer.restore(asset_id, user=user)

    def merge(self, keep_id: uuid.UUID, other_id: uuid.UUID, *, user: str) -> Asset:
        return self.writer.merge(keep_id, other_id, user=user)

    def mark_not_duplicates(self, a_id: uuid.UUID, b_id: uuid.UUID, *, user: str, undo: bool = False) -> None:
        self.writer.mark_not_duplicates(a_id, b_id, user=user, undo=undo)

    def restore_version(
        self, asset_id: uuid.UUID, version: int, *, user: str, expected_version: int | None = None
    ) -> Asset:
        return self.writer.restore_version(asset_id, version, user=user, expected_version=expected_version)

    def backup_before(self, reason: str) -> Path | None:
        return self.writer.backup_before(reason)

    def add_file(self, path: Path, *, user: str) -> list[Asset]:
        return imports.add_file(self.writer, path, user=user)

    def add_from_records(self, records: object, *, user: str, source: str) -> list[Asset]:
        return imports.add_from_records(self.writer, records, user=user, source=source)

    def import_file(self, path: Path, *, user: str) -> ImportReport:
        return imports.import_file(self.writer, path, user=user)

    def export_file(self, path: Path, *, notice: str = "") -> int:
        return imports.export_file(self.writer, path, notice=notice)

    # ------------------------------------------------------------ reading
    def get(self, ref: str | uuid.UUID) -> Asset:
        """An asset by full id or by the first characters of its id."""
        with transaction(self.engine) as session:
            if isinstance(ref, uuid.UUID):
                found = repo.get_asset(session, ref)
                matches = [found] if found else []
            else:
                text = ref.strip()
                if len(text.replace("-", "")) < 4:
                    raise DirectoryError("give at least the first 4 characters of the id")
                matches = list(repo.find_by_id_prefix(session, text))
        if not matches:
            raise DirectoryError(f"no asset has the id {ref}")
        if len(matches) > 1:
            raise DirectoryError(f"{len(matches)} assets have ids starting {ref}; give more of the id")
        return matches[0]

    def all_assets(self, *, include_archived: bool = True) -> list[Asset]:
        with transaction(self.engine) as session:
            return list(repo.list_assets(session, include_archived=include_archived))

    def history(self, asset_id: uuid.UUID) -> list[AssetChange]:
        """Every recorded change to an asset, newest first."""
        with transaction(self.engine) as session:
            return history.changes_of(session, asset_id)

    def review_queue(self, today: date | None = None) -> ReviewQueue:
        with self.finder.lock:
            docs = list(self.index.live_docs())
        assets = self.all_assets(include_archived=False)
        return build_queue(assets, docs, today or self.today(), self.not_duplicates())

    def not_duplicates(self) -> dict[frozenset[uuid.UUID], dict[uuid.UUID, str]]:
        """Pairs someone said are two entries: ids -> each one's name when decided."""
        with transaction(self.engine) as session:
            return decisions.decided(session)

    def likely_duplicates(self, candidate: Candidate) -> list[DuplicateMatch]:
        with self.finder.lock:
            found = find_for(candidate, self.index)
        if candidate.exclude is None or not found:
            return found
        decided, me = self.not_duplicates(), (candidate.exclude, candidate.name)
        return [m for m in found if not decided_apart(decided, me, (m.asset_id, m.name))]

    def candidate_for(self, asset_in: AssetIn, exclude: uuid.UUID | None = None) -> Candidate:
        """A duplicate-search candidate from a (possibly half-filled) form."""
        point = None
        if asset_in.latitude is not None and asset_in.longitude is not None:
            point = (asset_in.latitude, asset_in.longitude)
        elif asset_in.postcode:
            try:
                point = self.gazetteer.resolve(asset_in.postcode).point
            except PlaceNotFound:
                point = None
        locality = self.gazetteer.canonical_locality(asset_in.locality or "") or ""
        return Candidate(
            asset_in.name,
            locality,
            point,
            contact_keys(asset_in.phone, asset_in.email, asset_in.website),
            exclude,
            frozenset(str(slot.day) for slot in asset_in.schedule),
        )

    def live_docs(self) -> Iterator[AssetDoc]:
        """Every live entry as the index holds it (for the review queue and reports)."""
        with self.finder.lock:
            yield from list(self.index.live_docs())


__all__ = ["Directory", "ImportReport", "index_path"]
