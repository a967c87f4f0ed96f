"""The directory as the CLI and the TUI use it: open, search, read (writes are in editing.py).

One `Directory` per process owns the engine, the gazetteer and the search index. The index is
saved beside the database and loaded at start when it still matches the data (the
directory's "generation" moves on with every write), so a large directory opens quickly;
otherwise it is rebuilt from plain rows, without loading ORM objects.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import Session

from asset_map.config import Settings, data_dir
from asset_map.directory.documents import asset_doc, docs_from_inputs, docs_from_rows
from asset_map.directory.duplicates import Candidate, DuplicateMatch, contact_keys, decided_apart, find_for
from asset_map.directory.finder import Finder, index_beside
from asset_map.directory.geocoding import online_lookup
from asset_map.directory.review import ReviewQueue, build_queue
from asset_map.directory.vocabulary import reference_checker, with_own_locality
from asset_map.directory.writes import DirectoryWrites, ImportReport
from asset_map.errors import DirectoryError
from asset_map.interop.directory_file import load_directory_file
from asset_map.interop.errors import FileRejected
from asset_map.places import Gazetteer, PlaceNotFound
from asset_map.search.index import AssetDoc, SearchIndex
from asset_map.search.query import SearchOutcome, SearchQuery
from asset_map.search.saved import Damaged
from asset_map.store import contents, decisions, repo
from asset_map.store.backup import tidy
from asset_map.store.db import StoreError, make_engine, read_only_here, sqlite_path, transaction
from asset_map.store.integrity import check_sound, remember_sound
from asset_map.store.migrations import SCHEMA_VERSION, migrate
from asset_map.store.models import Asset, AssetIn, Need
from asset_map.store.reference import refresh_reference_data

SEED_ENV = "ASSET_MAP_SEED"
SYSTEM_USER = "asset-map"
REBUILD_AFTER = 2000  # touching more assets than this rebuilds the index instead of patching it
BUILD_APART = 50_000  # live entries from which a whole rebuild runs in a process of its own
RANK_IN_ONE_GO = 500  # more new names than this: rank them all at once


def default_seed_path() -> Path | None:
    """seed_assets.json: ASSET_MAP_SEED, else beside the package (a source checkout)."""
    if os.environ.get(SEED_ENV):
        return Path(os.environ[SEED_ENV])
    candidate = Path(__file__).resolve().parent.parent / "seed_assets.json"
    return candidate if candidate.exists() else None


def index_path(db_url: str) -> Path:
    """Where the saved search index lives: beside an SQLite file, else in the data folder."""
    path = sqlite_path(db_url)
    if path is not None:
        return index_beside(path)
    return data_dir() / f"{hashlib.sha256(db_url.encode()).hexdigest()[:16]}.index"


class Directory(Finder, DirectoryWrites):
    def __init__(
        self,
        engine: Engine,
        gazetteer: Gazetteer,
        needs: list[Need],
        *,
        index_file: Path | None = None,
        finder: Finder | None = None,
    ) -> None:
        """`finder`: the search opened before the database layer; its index is adopted when it
        reflects the same data (rather than loading a second copy)."""
        with transaction(engine) as session:
            generation = repo.generation(session)
        Finder.__init__(self, gazetteer, needs, generation)
        self.engine = engine
        self.index_file = index_file
        self.settings: Settings | None = None  # how it was opened (a rebuild apart needs it)
        self.seeded_now = False
        self.notices: list[str] = []  # said once to the person: the CLI on stderr, the app as a toast
        self._wrote = False  # this process wrote: the file, as it closes, is as sound as it was
        loaded = None
        if finder is not None and finder.generation == generation and self.same_needs(finder):
            loaded = finder.index
        else:
            loaded = self._load_saved_index()
        self.index_loaded = loaded is not None
        self.index = loaded or self._build_index()
        self._index_saved = self.index_loaded
        self._behind = False  # another process wrote before our last write: catch up

    # ------------------------------------------------------------ opening and closing
    @classmethod
    def open(cls, settings: Settings, *, seed: Path | None = None, finder: Finder | None = None) -> Directory:
        """Open (creating, migrating and on first run seeding) the database; a damaged file is
        refused before anything is written to it, naming the backup to put back."""
        file = sqlite_path(settings.db_url)
        read_only = file is not None and read_only_here(file)
        if file is not None:
            check_sound(file)
            if not read_only:
                tidy(file)
        engine = make_engine(settings.db_url, read_only=read_only)
        upgraded_from = migrate(engine, read_only=read_only)
        refused = contents.problems(engine) if 0 < upgraded_from < SCHEMA_VERSION else []
        seeded_now = False
        with transaction(engine) as session:
            if not read_only:  # read-only: the places and needs the file already holds
                refresh_reference_data(session)
            areas, localities = repo.list_areas(session), repo.list_localities(session)
            postcodes, needs = repo.list_postcode_areas(session), list(repo.list_needs(session))
        online = online_lookup(engine) if settings.online_geocoding else None
        gazetteer = Gazetteer.from_rows(areas, localities, postcodes, online)
        with transaction(engine) as session:
            if not read_only and repo.get_meta(session, "seeded_at") is None:
                seed_path = seed or default_seed_path()
                if seed_path is not None and repo.count_assets(session) == 0:
                    checker = reference_checker(gazetteer, {n.id for n in needs})
                    assets = [
                        with_own_locality(a, gazetteer) for a in load_directory_file(seed_path, check=checker)
                    ]
                    repo.create_assets(
                        session, assets_in=assets, user=SYSTEM_USER, action="added from the sample data"
                    )
                    repo.bump_generation(session)
                    seeded_now = True
                repo.set_meta(session, "seeded_at", datetime.now().isoformat(timespec="seconds"))
        directory = cls(engine, gazetteer, needs, index_file=index_path(settings.db_url), finder=finder)
        directory.seeded_now, directory.settings = seeded_now, settings
        if read_only:
            directory.notices.append(
                f"{file} cannot be changed from here (a read-only folder or file): you can search "
                "and read it, and back it up elsewhere, but changes cannot be saved"
            )
        if refused:  # an old file upgraded: checked as typed input is; kept, shown escaped, said
            directory.notices.append(
                f"{len(refused)} entries hold text this release would refuse if it were typed in "
                f"(shown escaped; edit them to correct it): {contents.summary(refused)}"
            )
        return directory

    def close(self) -> None:
        """Save the index for a fast next start (if nobody else changed the data), then let go."""
        try:
            self.save_index()
        finally:
            self.engine.dispose()  # the last connection folds the WAL in: the file's time moves
            file = sqlite_path(self.engine.url.render_as_string(hide_password=False))
            if file is not None and self._wrote:
                remember_sound(file)

    def save_index(self) -> None:
        if self.index_file is None or self._index_saved:
            return
        with transaction(self.engine) as session:
            if repo.generation(session) != self.generation:
                return  # another process wrote since: our index is not theirs to save
        try:
            with self._index_lock:
                self.index.save(self.index_file, generation=self.generation)
            self._index_saved = True
        except (OSError, ValueError):
            pass  # a read-only folder or a full disk (or a text the file cannot hold) costs a rebuild

    def take_notices(self) -> list[str]:
        """What the person should be told once (a damaged index rebuilt…), then forgotten."""
        told, self.notices = self.notices, []
        return told

    @property
    def index_saved(self) -> bool:
        """Whether the saved index is this one (nothing to save on closing)."""
        return self._index_saved

    # ------------------------------------------------------------ the index
    def _load_saved_index(self) -> SearchIndex | None:
        """The saved index, if it reflects the data as it is now. It is a cache: one that
        cannot be believed is rebuilt from the database, and the person is told so."""
        if self.index_file is None:
            return None
        try:
            return SearchIndex.load(
                self.index_file,
                generation=self.generation,
                synonyms=self.synonyms,
                need_labels=self.need_labels,
            )
        except Damaged as exc:
            self.notices.append(f"The saved search index {self.index_file.name} could not be used ({exc}); "
                                "it was rebuilt from the database.")  # fmt: skip
        except OSError:
            pass  # an unreadable file only costs a rebuild
        return None

    def _build_index(self) -> SearchIndex:
        with Session(self.engine) as session:
            docs = docs_from_rows(session, self.gazetteer, self.need_labels)
            return SearchIndex.build(docs, self.synonyms, self.need_labels)

    def rebuild_index(self, docs: Iterable[AssetDoc] | None = None) -> None:
        """Build the whole index again: from the database, or from `docs` when they are
        every live asset already (a first import need not read back what it just wrote)."""
        if docs is None and len(self.index) >= BUILD_APART and self._rebuilt_apart():
            return
        if docs is None:
            index = self._build_index()
        else:
            index = SearchIndex.build(docs, self.synonyms, self.need_labels)
        with self._index_lock:
            self.index = index
        self._index_saved = False

    def _rebuilt_apart(self) -> bool:
        """Rebuild in a process of its own (index_builder.py) and load the index it saved,
        searching the old one meanwhile. False when that cannot be done (not a file database,
        the builder failed, the data moved on meanwhile): the caller rebuilds here."""
        if self.settings is None or self.index_file is None or sqlite_path(self.settings.db_url) is None:
            return False
        command = [sys.executable, "-m", "asset_map.directory.index_builder", self.settings.db_url]
        if self.settings.online_geocoding:
            command.append("--online")
        built = subprocess.run(command, capture_output=True, check=False)
        if built.returncode != 0 or SearchIndex.saved_generation(self.index_file) != self.generation:
            return False
        with self._index_lock:  # searches wait for the load (a third of a second at 250k)
            del self.index  # first, so that two indexes are never held at once
            loaded = self._load_saved_index()
            self.index = loaded or self._build_index()  # a file spoilt since: built here after all
        self._index_saved = loaded is not None
        return True

    def reindex(self, asset: Asset) -> None:
        """Bring the search index up to date with one stored asset (after any write)."""
        with self._rebuilt_if_it_fails():
            doc = asset_doc(asset, self.gazetteer, self.need_labels)
            with self._index_lock:
                if asset.archived_at is None:
                    self.index.upsert(doc)
                else:  # archived entries are kept in the database, not in the index
                    self.index.remove(asset.id)
            self._index_saved = False
        if self._behind:
            self.catch_up()

    @contextmanager
    def _rebuilt_if_it_fails(self) -> Iterator[None]:
        """The write is in the database already; if the index cannot take it in, it is rebuilt
        from the database, and never saved as current while it lacks the change."""
        try:
            yield
        except Exception as exc:
            self._index_saved = True  # nothing to save: what is in memory is not the data
            self.notices.append(
                f"The search index could not take in the change ({type(exc).__name__}); "
                "it was rebuilt from the database."
            )
            self.rebuild_index()

    def reindex_many(self, asset_ids: list[uuid.UUID], fresh: Sequence[AssetIn] = ()) -> None:
        """After an import: the touched assets' new versions into the index. `fresh` are new
        assets exactly as written (indexed from memory); the others are read back as rows."""
        with self._rebuilt_if_it_fails():
            self._reindex_many(asset_ids, fresh)

    def _reindex_many(self, asset_ids: list[uuid.UUID], fresh: Sequence[AssetIn]) -> None:
        touched = len(asset_ids) + len(fresh)
        # Patching costs about twice as much per asset as rebuilding: rebuild for big imports.
        if touched > REBUILD_AFTER and touched * 2 > len(self.index) + touched:
            if len(self.index) == 0 and not asset_ids:  # a first import: all of it is in memory
                new = docs_from_inputs(fresh, self.gazetteer, self.need_labels)
                self.rebuild_index(d for d in new if not d.archived)
            else:
                self.rebuild_index()
            return
        docs = [d for d in docs_from_inputs(fresh, self.gazetteer, self.need_labels) if not d.archived]
        with Session(self.engine) as session:
            docs += docs_from_rows(session, self.gazetteer, self.need_labels, ids=asset_ids)
        with self._index_lock:
            for asset_id in asset_ids:
                self.index.remove(asset_id)  # archived ones have no row: they just leave
            batch = len(docs) > RANK_IN_ONE_GO
            for doc in docs:
                self.index.upsert(doc, rank=not batch)
            if batch:  # one sort of every name beats thousands of sorted insertions
                self.index.columns.rank_names()
        self._index_saved = False

    def _written(self, session: Session) -> None:
        """Inside a write, before it: the file is sound (damage never spreads into an import
        or an edit); the generation moves on, noting whether another process wrote first."""
        file = sqlite_path(self.engine.url.render_as_string(hide_password=False))
        if file is not None:
            check_sound(file, doing="the change")
            event.listen(session, "after_commit", lambda _: remember_sound(file), once=True)
            self._wrote = True
        self._behind = self._behind or repo.generation(session) != self.generation
        self.generation = repo.bump_generation(session)
        self._index_saved = False

    def ensure_sound(self, doing: str) -> None:
        """DatabaseDamaged unless the file is sound (before an export: damage is not copied)."""
        file = sqlite_path(self.engine.url.render_as_string(hide_password=False))
        if file is not None:
            check_sound(file, doing=doing)

    def catch_up(self) -> None:
        """See what other processes sharing the database have written since we last looked.

        A cheap check of the generation each time; only when it moved on are the assets'
        versions compared, and only the changed ones re-read.
        """
        with Session(self.engine) as session:
            current = repo.generation(session)
            if current == self.generation and not self._behind:
                return
            stored = repo.versions(session)
        with self._index_lock:
            columns, slot = self.index.columns, self.index.slot
            changed = [
                asset_id
                for asset_id, version, archived in stored
                if (asset_id in slot) == archived
                or (not archived and int(columns.arrays["version"][slot[asset_id]]) != version)
            ]
        self.reindex_many(changed)
        self.generation, self._behind = current, False
        self._index_saved = False

    # ------------------------------------------------------------ searching
    def search(self, query: SearchQuery, now: datetime | None = None) -> SearchOutcome:
        self.catch_up()  # another process may have written since
        return super().search(query, now)

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
                matches = repo.find_by_id_prefix(session, text)
        if not matches:
            raise DirectoryError(f"no asset has the id {ref}")
        if len(matches) > 1:
            raise DirectoryError(f"{len(matches)} assets have ids starting {ref}; give more of the id")
        return matches[0]

    def all_assets(self, *, include_archived: bool = True) -> list[Asset]:
        with transaction(self.engine) as session:
            return list(repo.list_assets(session, include_archived=include_archived))

    def review_queue(self, today: date | None = None) -> ReviewQueue:
        with self._index_lock:
            docs = list(self.index.live_docs())
        assets = self.all_assets(include_archived=False)
        return build_queue(assets, docs, today or self.today(), self.not_duplicates())

    def not_duplicates(self) -> dict[frozenset[uuid.UUID], dict[uuid.UUID, str]]:
        """Pairs someone said are two entries: ids -> each one's name when decided."""
        with transaction(self.engine) as session:
            return decisions.decided(session)

    def likely_duplicates(self, candidate: Candidate) -> list[DuplicateMatch]:
        with self._index_lock:
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


__all__ = ["Directory", "DirectoryError", "FileRejected", "ImportReport", "StoreError"]
