"""The search index kept true to the database: loaded or built on opening, brought up to date
after every write (this process's, and other processes' at the next search), saved beside the
database for a fast next start, and rebuilt in a process of its own when it is large.

The database's "generation" moves on with every write, so a saved index is known to be current
or not; an index that cannot be believed (damaged, crafted, cut short) is a cache: rebuilt from
the database, and the person told so.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from asset_map.config import Settings, data_dir
from asset_map.directory.documents import asset_doc, docs_from_inputs, docs_from_rows, term_names
from asset_map.directory.finder import Finder
from asset_map.search.index import AssetDoc, SearchIndex
from asset_map.search.saved import Damaged
from asset_map.store import repo
from asset_map.store.db import StoreError, sqlite_path, transaction
from asset_map.store.files import index_beside
from asset_map.store.models import Asset, AssetIn

REBUILD_AFTER = 2000  # touching more assets than this rebuilds the index instead of patching it
BUILD_APART = 50_000  # live entries from which a whole rebuild runs in a process of its own
RANK_IN_ONE_GO = 500  # more new names than this: rank them all at once


def index_path(db_url: str) -> Path:
    """Where the saved search index lives: beside an SQLite file, else in the data folder."""
    path = sqlite_path(db_url)
    if path is not None:
        return index_beside(path)
    return data_dir() / f"{hashlib.sha256(db_url.encode()).hexdigest()[:16]}.index"


BuildProgress = Callable[[int, int], None]  # (entries read, entries in all)
PROGRESS_EVERY = 2_000


def _counted(docs: Iterable[AssetDoc], total: int, progress: BuildProgress) -> Iterator[AssetDoc]:
    """The documents, saying how many have been read every PROGRESS_EVERY (and at the end)."""
    done = 0
    for done, doc in enumerate(docs, 1):
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        yield doc
    progress(done, max(total, done))


class LiveIndex:
    """Keeps `finder.index` the index of the data as it is now."""

    def __init__(
        self,
        engine: Engine,
        finder: Finder,
        *,
        index_file: Path | None,
        notices: list[str],
        settings: Settings | None = None,
        adopt: Finder | None = None,
        progress: BuildProgress | None = None,
    ) -> None:
        """`adopt`: the search opened before the database layer; its index is taken over when it
        reflects the same data (rather than loading a second copy). `progress`: told how far a
        build from the database has come, when there is no saved index to load."""
        self.engine, self.finder, self.index_file = engine, finder, index_file
        self.notices, self.settings = notices, settings
        self._behind = False  # others wrote since this index was made (or before our last write)
        with transaction(engine) as session:
            finder.generation = repo.generation(session)
        if adopt is not None and adopt.generation == finder.generation and finder.same_needs(adopt):
            loaded: SearchIndex | None = adopt.index
        else:
            loaded = self._load_saved()
        self.loaded = loaded is not None  # taken from a saved file (or the search opened first)
        finder.index = loaded or self._build(progress)
        self.saved = self.loaded and not self._behind  # the saved file is this index: nothing to save

    @property
    def index(self) -> SearchIndex:
        return self.finder.index

    # ------------------------------------------------------------ loading and saving
    def _load_saved(self) -> SearchIndex | None:
        """The saved index, if it reflects the data as it is now and can be believed."""
        if self.index_file is None:
            return None
        # A file's index is used only as of the file's data now; a server's, whatever others
        # have written since: it catches up from the server (only the entries that changed).
        server = self.settings is not None and sqlite_path(self.settings.db_url) is None
        try:
            found = SearchIndex.load(
                self.index_file,
                generation=None if server else self.finder.generation,
                synonyms=self.finder.synonyms,
                need_labels=self.finder.need_labels,
            )
            if found is not None and SearchIndex.saved_generation(self.index_file) != self.finder.generation:
                self._behind = True
            return found
        except Damaged as exc:
            self.notices.append(
                f"The saved search index {self.index_file.name} could not be used ({exc}); "
                "it was rebuilt from the database."
            )
        except OSError:
            pass  # an unreadable file only costs a rebuild
        return None

    def _build(self, progress: BuildProgress | None = None) -> SearchIndex:
        with Session(self.engine) as session:
            docs = docs_from_rows(session, self.finder.gazetteer, self.finder.need_labels)
            if progress is not None:
                docs = _counted(docs, repo.count_assets(session), progress)
            return SearchIndex.build(docs, self.finder.synonyms, self.finder.need_labels)

    def save(self) -> None:
        """Save the index beside the database, unless nothing changed or another process wrote
        since (then it is not this index that reflects the data)."""
        if self.index_file is None or self.saved:
            return
        try:
            with transaction(self.engine) as session:
                if repo.generation(session) != self.finder.generation:
                    return
        except StoreError:  # the server is away: which data this index is of cannot be told
            return
        try:
            with self.finder.lock:
                self.index.save(self.index_file, generation=self.finder.generation)
            self.saved = True
        except (OSError, ValueError):
            pass  # a read-only folder or a full disk (or a text the file cannot hold) costs a rebuild

    # ------------------------------------------------------------ rebuilding
    def rebuild(self, docs: Iterable[AssetDoc] | None = None) -> None:
        """Build the whole index again: from the database, or from `docs` when they are every
        live asset already (a first import need not read back what it just wrote)."""
        if docs is None and len(self.index) >= BUILD_APART and self._rebuilt_apart():
            return
        if docs is None:
            index = self._build()
        else:
            index = SearchIndex.build(docs, self.finder.synonyms, self.finder.need_labels)
        with self.finder.lock:
            self.finder.index = index
        self.saved = False

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
        if built.returncode != 0 or SearchIndex.saved_generation(self.index_file) != self.finder.generation:
            return False
        with self.finder.lock:  # searches wait for the load (a third of a second at 250k)
            del self.finder.index  # first, so that two indexes are never held at once
            loaded = self._load_saved()
            self.finder.index = loaded or self._build()  # a file spoilt since: built here after all
        self.saved = loaded is not None
        return True

    # ------------------------------------------------------------ after writes
    def written(self, session: Session) -> None:
        """Inside a write: the generation moves on, noting whether another process wrote first."""
        self._behind = self._behind or repo.generation(session) != self.finder.generation
        self.finder.generation = repo.bump_generation(session)
        self.saved = False

    def reindex(self, asset: Asset) -> None:
        """Bring the index up to date with one stored asset (after any write)."""
        with self._rebuilt_if_it_fails():
            with Session(self.engine) as session:
                terms = term_names(session, [asset.id]).get(asset.id, ())
            doc = asset_doc(asset, self.finder.gazetteer, self.finder.need_labels, terms)
            with self.finder.lock:
                if asset.archived_at is None:
                    self.index.upsert(doc)
                else:  # archived entries are kept in the database, not in the index
                    self.index.remove(asset.id)
            self.saved = False
        if self._behind:
            self.catch_up()

    def reindex_many(
        self,
        asset_ids: list[uuid.UUID],
        fresh: Sequence[AssetIn] = (),
        fresh_terms: Mapping[uuid.UUID, list[str]] | None = None,
    ) -> None:
        """After an import: the touched assets' new versions into the index. `fresh` are new
        assets exactly as written (indexed from memory, with `fresh_terms`, the names of the
        terms their feed gave them, when the importer has them); the others are read back."""
        with self._rebuilt_if_it_fails():
            self._reindex_many(asset_ids, fresh, fresh_terms or {})

    @contextmanager
    def _rebuilt_if_it_fails(self) -> Iterator[None]:
        """The write is in the database already; if the index cannot take it in, it is rebuilt
        from the database, and never saved as current while it lacks the change."""
        try:
            yield
        except Exception as exc:
            self.saved = True  # nothing to save: what is in memory is not the data
            self.notices.append(
                f"The search index could not take in the change ({type(exc).__name__}); "
                "it was rebuilt from the database."
            )
            self.rebuild()

    def _reindex_many(
        self, asset_ids: list[uuid.UUID], fresh: Sequence[AssetIn], fresh_terms: Mapping[uuid.UUID, list[str]]
    ) -> None:
        finder = self.finder
        touched = len(asset_ids) + len(fresh)
        terms = dict(fresh_terms)
        unread = [a.id for a in fresh if a.id is not None and a.id not in terms]
        if unread:
            with Session(self.engine) as session:  # the feeds' terms of new entries (written beside them)
                terms |= term_names(session, unread)
        if fresh and not asset_ids and len(self.index) == 0:  # a first import: all of it is in memory
            new = docs_from_inputs(fresh, finder.gazetteer, finder.need_labels, terms)
            self.rebuild(d for d in new if not d.archived)  # built at once, never patched
            return
        # Patching costs about twice as much per asset as rebuilding: rebuild for big imports.
        if touched > REBUILD_AFTER and touched * 2 > len(self.index) + touched:
            self.rebuild()
            return
        docs = [
            d for d in docs_from_inputs(fresh, finder.gazetteer, finder.need_labels, terms) if not d.archived
        ]
        with Session(self.engine) as session:
            docs += docs_from_rows(session, finder.gazetteer, finder.need_labels, ids=asset_ids)
        with finder.lock:
            for asset_id in asset_ids:
                self.index.remove(asset_id)  # archived ones have no row: they just leave
            batch = len(docs) > RANK_IN_ONE_GO
            for doc in docs:
                self.index.upsert(doc, rank=not batch)
            if batch:  # one sort of every name beats thousands of sorted insertions
                self.index.columns.rank_names()
        self.saved = False

    def catch_up(self) -> bool:
        """See what other processes sharing the database have written since we last looked;
        whether anything had (the index then reflects it).

        A cheap check of the generation each time; only when it moved on are the assets'
        versions compared, and only the changed ones re-read.
        """
        if repo.generation_now(self.engine) == self.finder.generation and not self._behind:
            return False
        with Session(self.engine) as session:
            current = repo.generation(session)  # read again with the versions, in one transaction
            stored = repo.versions_as_stored(session)
        with self.finder.lock:
            slot = self.index.slot
            # ids as the database gives them (a file's hex text, a server's UUIDs): 100,000 rows
            # compared without making 100,000 UUIDs
            as_stored = bool(stored) and isinstance(stored[0][0], str)
            where: dict[Any, int] = (
                {asset_id.hex: pos for asset_id, pos in slot.items()} if as_stored else dict(slot)
            )
            versions = self.index.columns.arrays["version"].tolist()
            changed: list[uuid.UUID] = []
            for ident, version, archived in stored:
                pos = where.pop(ident, None)
                if (pos is not None) == bool(archived) or (pos is not None and versions[pos] != version):
                    changed.append(uuid.UUID(hex=ident) if as_stored else ident)
            for gone in where:  # left over: entries of other data (a saved index of another)
                self.index.remove(uuid.UUID(hex=gone) if as_stored else gone)
        self.reindex_many(changed)
        self.finder.generation, self._behind = current, False
        self.saved = False
        return True
