"""The directory as the CLI and the TUI use it: open, search, read, add, edit, import, export.

One `Directory` per process owns the engine, the gazetteer and the search index, and keeps
the index current after every write it makes, so the next search sees the change.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import Engine

from asset_map import schedule
from asset_map.config import Settings
from asset_map.duplicates import Candidate, DuplicateMatch, contact_keys, find_for
from asset_map.geocoding import online_lookup
from asset_map.indexing import asset_doc, build_gazetteer
from asset_map.interop.directory_file import (
    directory_document,
    load_directory_file,
    parse_records,
    write_json_atomically,
)
from asset_map.interop.errors import FileRejected
from asset_map.places import Gazetteer, Place, PlaceNotFound
from asset_map.review import ReviewQueue, build_queue
from asset_map.search.engine import run_search
from asset_map.search.index import SearchIndex
from asset_map.search.query import SearchOutcome, SearchQuery
from asset_map.search.relax import Relaxation, relaxations
from asset_map.search.synonyms import SynonymTable
from asset_map.store import repo
from asset_map.store.db import StoreError, make_engine, transaction
from asset_map.store.migrations import migrate
from asset_map.store.models import Asset, AssetIn, Kind, Need, VerifiedHow, utcnow
from asset_map.store.reference import refresh_reference_data
from asset_map.validation import clean_text

SEED_ENV = "ASSET_MAP_SEED"
SYSTEM_USER = "asset-map"


class DirectoryError(Exception):
    """A request the directory cannot carry out, in words the user can act on."""


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def default_seed_path() -> Path | None:
    """seed_assets.json: ASSET_MAP_SEED, else beside the package (a source checkout)."""
    if os.environ.get(SEED_ENV):
        return Path(os.environ[SEED_ENV])
    candidate = Path(__file__).resolve().parent.parent / "seed_assets.json"
    return candidate if candidate.exists() else None


class Directory:
    def __init__(self, engine: Engine, gazetteer: Gazetteer, needs: list[Need]) -> None:
        self.engine = engine
        self.gazetteer = gazetteer
        self.needs = {n.id: n for n in needs}
        self.need_labels = {n.id: n.label for n in needs}
        synonyms = SynonymTable((n.id, n.label, n.synonyms) for n in needs)
        with transaction(engine) as session:
            assets = repo.list_assets(session)
            self.index = SearchIndex.build(
                (asset_doc(a, gazetteer, self.need_labels) for a in assets), synonyms, self.need_labels
            )
        self.seeded_now = False
        # The TUI searches in a worker thread while writes happen on the main thread.
        self._index_lock = threading.RLock()
        # What "now" is for next-on times and staleness; tests and snapshots fix it.
        self.clock: Callable[[], datetime] = datetime.now

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, settings: Settings, *, seed: Path | None = None) -> Directory:
        """Open (creating, migrating and on first run seeding) the database."""
        engine = make_engine(settings.db_url)
        migrate(engine)
        seeded_now = False
        with transaction(engine) as session:
            refresh_reference_data(session)
            areas, localities = repo.list_areas(session), repo.list_localities(session)
            postcodes, needs = repo.list_postcode_areas(session), list(repo.list_needs(session))
        online = online_lookup(engine) if settings.online_geocoding else None
        gazetteer = build_gazetteer(areas, localities, postcodes, online)
        with transaction(engine) as session:
            if repo.get_meta(session, "seeded_at") is None:
                seed_path = seed or default_seed_path()
                if seed_path is not None and repo.count_assets(session) == 0:
                    checker = _reference_checker(gazetteer, {n.id for n in needs})
                    assets = load_directory_file(seed_path, check=checker)
                    repo.create_assets(session, assets_in=assets, user=SYSTEM_USER)
                    seeded_now = True
                repo.set_meta(session, "seeded_at", datetime.now().isoformat(timespec="seconds"))
        directory = cls(engine, gazetteer, needs)
        directory.seeded_now = seeded_now
        return directory

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ searching
    def make_query(
        self,
        text: str = "",
        *,
        near: str | None = None,
        radius_km: float | None = None,
        needs: list[str] | tuple[str, ...] = (),
        kinds: list[str] | tuple[str, ...] = (),
        open_on: str | None = None,
        free_only: bool = False,
        step_free_only: bool = False,
        include_closed: bool = False,
        limit: int = 50,
        typing: bool = False,
    ) -> SearchQuery:
        """Build a query from words as people give them; unknown names raise DirectoryError."""
        place: Place | None = None
        if near:
            try:
                place = self.gazetteer.resolve(near)
            except PlaceNotFound as exc:
                raise DirectoryError(str(exc)) from exc
        if radius_km is not None and (radius_km <= 0 or radius_km > 500):
            raise DirectoryError("the radius must be between 0 and 500 km")
        if radius_km is not None and place is None:
            raise DirectoryError("a radius needs a place: give --near PLACE_OR_POSTCODE")
        day, at = parse_open(open_on) if open_on else (None, None)
        return SearchQuery(
            text=text,
            near=place,
            radius_km=radius_km,
            needs=frozenset(self.resolve_need(n) for n in needs),
            kinds=frozenset(resolve_kind(k) for k in kinds),
            open_day=day,
            open_time=at,
            free_only=free_only,
            step_free_only=step_free_only,
            include_closed=include_closed,
            limit=max(1, min(limit, 10_000)),
            typing=typing,
        )

    def search(self, query: SearchQuery, now: datetime | None = None) -> SearchOutcome:
        with self._index_lock:
            return run_search(self.index, query, now or self.clock())

    def relaxations(self, query: SearchQuery) -> list[Relaxation]:
        with self._index_lock:
            return relaxations(self.index, query, self.clock())

    def resolve_need(self, text: str) -> str:
        """A need id from its id, its label or one of its plain-words synonyms."""
        key = text.strip().lower()
        for need in self.needs.values():
            if key in {need.id, need.label.lower(), *(s.lower() for s in need.synonyms)}:
                return need.id
        raise DirectoryError(f"'{text}' is not a need; needs are: {', '.join(sorted(self.needs))}")

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

    def today(self) -> date:
        return self.clock().date()

    def review_queue(self, today: date | None = None) -> ReviewQueue:
        docs = [d for d in self.index.docs if d is not None]
        return build_queue(self.all_assets(include_archived=False), docs, today or self.today())

    def likely_duplicates(self, candidate: Candidate) -> list[DuplicateMatch]:
        with self._index_lock:
            return find_for(candidate, self.index)

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
        )

    def all_assets(self, *, include_archived: bool = True) -> list[Asset]:
        with transaction(self.engine) as session:
            return list(repo.list_assets(session, include_archived=include_archived))

    # ------------------------------------------------------------ writing
    def check_references(self, asset: AssetIn) -> list[tuple[str, str]]:
        return _reference_checker(self.gazetteer, set(self.needs))(asset)

    def _canonical(self, asset_in: AssetIn) -> AssetIn:
        problems = self.check_references(asset_in)
        if problems:
            raise DirectoryError("; ".join(f"{f}: {m}" for f, m in problems))
        canonical = self.gazetteer.canonical_locality(asset_in.locality)
        return asset_in.model_copy(update={"locality": canonical or asset_in.locality})

    def add(self, asset_in: AssetIn, *, user: str) -> Asset:
        asset_in = self._canonical(asset_in)
        with transaction(self.engine) as session:
            if asset_in.id is not None and repo.get_asset(session, asset_in.id) is not None:
                raise DirectoryError(f"an asset with id {asset_in.id} already exists")
            asset = repo.create_asset(session, asset_in=asset_in, user=user)
            session.flush()
            asset = repo.get_asset(session, asset.id) or asset
        self._reindex(asset)
        return asset

    def update(
        self, asset_id: uuid.UUID, asset_in: AssetIn, *, user: str, expected_version: int | None = None
    ) -> Asset:
        asset_in = self._canonical(asset_in)
        with transaction(self.engine) as session:
            asset = repo.get_asset(session, asset_id)
            if asset is None:
                raise DirectoryError(f"no asset has the id {asset_id}")
            try:
                repo.update_asset(
                    session, asset=asset, asset_in=asset_in, user=user, expected_version=expected_version
                )
            except repo.ConflictError as exc:
                raise DirectoryError(str(exc)) from exc
        self._reindex(asset)
        return asset

    def verify(self, asset_id: uuid.UUID, *, user: str, how: VerifiedHow) -> Asset:
        with transaction(self.engine) as session:
            asset = repo.get_asset(session, asset_id)
            if asset is None:
                raise DirectoryError(f"no asset has the id {asset_id}")
            repo.mark_verified(session, asset=asset, user=user, how=how)
        self._reindex(asset)
        return asset

    def flag(self, asset_id: uuid.UUID, *, reason: str, user: str) -> Asset:
        """Mark as possibly closed: it goes to the review queue until someone checks."""
        reason = clean_text(reason)
        if not reason:
            raise DirectoryError("say why you think it may have closed")
        return self._change(asset_id, user, flagged_at=utcnow(), flagged_by=user, flag_reason=reason[:300])

    def clear_flag(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self._change(asset_id, user, flagged_at=None, flagged_by="", flag_reason="")

    def archive(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        """Take out of search and lists; nothing is deleted and it can be restored."""
        return self._change(asset_id, user, archived_at=utcnow())

    def restore(self, asset_id: uuid.UUID, *, user: str) -> Asset:
        return self._change(asset_id, user, archived_at=None, merged_into=None)

    def merge(self, keep_id: uuid.UUID, other_id: uuid.UUID, *, user: str) -> Asset:
        """Keep one of a duplicate pair; the other is archived with a pointer to it, so the
        history of both stays. The kept entry gains needs, access and contact details it lacked."""
        if keep_id == other_id:
            raise DirectoryError("an asset cannot be merged with itself")
        with transaction(self.engine) as session:
            keep, other = repo.get_asset(session, keep_id), repo.get_asset(session, other_id)
            if keep is None or other is None:
                raise DirectoryError("one of the two assets no longer exists")
            repo.merge_assets(session, keep=keep, other=other, user=user)
        self._reindex(keep)
        self._reindex(other)
        return keep

    def _change(self, asset_id: uuid.UUID, user: str, **values: object) -> Asset:
        with transaction(self.engine) as session:
            asset = repo.get_asset(session, asset_id)
            if asset is None:
                raise DirectoryError(f"no asset has the id {asset_id}")
            repo.set_fields(session, asset=asset, user=user, **values)
        self._reindex(asset)
        return asset

    def _reindex(self, asset: Asset) -> None:
        doc = asset_doc(asset, self.gazetteer, self.need_labels)
        with self._index_lock:
            self.index.upsert(doc)

    # ------------------------------------------------------------ files
    def add_from_records(self, records: list[dict[str, object]], *, user: str, source: str) -> list[Asset]:
        assets, errors = parse_records(records, check=self.check_references)
        if errors:
            raise FileRejected(source, errors)
        added: list[Asset] = []
        with transaction(self.engine) as session:
            for asset_in in assets:
                if asset_in.id is not None and repo.get_asset(session, asset_in.id) is not None:
                    raise DirectoryError(f"an asset with id {asset_in.id} already exists")
                added.append(repo.create_asset(session, asset_in=self._canonical(asset_in), user=user))
            session.flush()
            added = [repo.get_asset(session, a.id) or a for a in added]
        for asset in added:
            self._reindex(asset)
        return added

    def import_file(self, path: Path, *, user: str) -> ImportReport:
        """Import a directory file in one transaction: all records or none.

        Existing ids are updated; "last verified" only moves forward, never back.
        """
        assets = load_directory_file(path, check=self.check_references)
        report = ImportReport()
        touched: list[uuid.UUID] = []
        with transaction(self.engine) as session:
            for asset_in in assets:
                asset_in = self._canonical(asset_in)
                existing = repo.get_asset(session, asset_in.id) if asset_in.id else None
                if existing is None:
                    created = repo.create_asset(session, asset_in=asset_in, user=user)
                    touched.append(created.id)
                    report.added += 1
                    continue
                if _same(repo.asset_to_in(existing), asset_in):
                    report.unchanged += 1
                    continue
                repo.update_asset(session, asset=existing, asset_in=asset_in, user=user)
                newer = asset_in.verified_on and (
                    existing.verified_on is None or asset_in.verified_on > existing.verified_on
                )
                if newer:
                    existing.verified_on = asset_in.verified_on
                    existing.verified_by = asset_in.verified_by
                    existing.verified_how = asset_in.verified_how
                touched.append(existing.id)
                report.updated += 1
        with transaction(self.engine) as session:
            for asset_id in touched:
                asset = repo.get_asset(session, asset_id)
                if asset is not None:
                    self._reindex(asset)
        return report

    def export_file(self, path: Path, *, notice: str = "") -> int:
        assets = [repo.asset_to_in(a) for a in self.all_assets(include_archived=True)]
        write_json_atomically(path, directory_document(assets, notice=notice))
        return len(assets)

    def is_sample(self) -> bool:
        return self.seeded_now


def _same(a: AssetIn, b: AssetIn) -> bool:
    ignore = {
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "verified_on",
        "verified_by",
        "verified_how",
    }
    return a.model_dump(exclude=ignore) == b.model_dump(exclude=ignore)


def _reference_checker(gazetteer: Gazetteer, need_ids: set[str]):  # type: ignore[no-untyped-def]
    def check(asset: AssetIn) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        if gazetteer.canonical_locality(asset.locality) is None:
            hints = gazetteer.suggest(asset.locality)
            hint = f"; did you mean {', '.join(hints)}?" if hints else ""
            problems.append(("locality", f"'{asset.locality}' is not a known locality{hint}"))
        for need in asset.needs:
            if need not in need_ids:
                problems.append(("needs", f"'{need}' is not a need in the taxonomy"))
        return problems

    return check


def resolve_kind(text: str) -> str:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "hub": "hub",
        "community_hub": "hub",
        "micro_enterprise": "micro_enterprise",
        "microenterprise": "micro_enterprise",
        "micro": "micro_enterprise",
        "time_bank": "time_bank",
        "timebank": "time_bank",
        "time_bank_offer": "time_bank",
        "group": "group",
        "community_group": "group",
    }
    if key not in aliases:
        raise DirectoryError(f"'{text}' is not a kind; kinds are: {', '.join(k.value for k in Kind)}")
    return aliases[key]


def parse_open(text: str) -> tuple[int, time | None]:
    """ "wed", "Wednesday 10:30", "today", "tomorrow 14:00" → (weekday, time or None)."""
    parts = text.split()
    if not parts or len(parts) > 2:
        raise DirectoryError(f"'{text}' is not a day (and time), like 'wed' or 'wed 10:30'")
    word = parts[0].lower()
    today = date.today().weekday()
    try:
        day = (
            today if word == "today" else (today + 1) % 7 if word == "tomorrow" else schedule.parse_day(word)
        )
        at = None
        if len(parts) == 2:
            from asset_map.validation import check_time

            hours, minutes = check_time(parts[1]).split(":")
            at = time(int(hours), int(minutes))
    except ValueError as exc:
        raise DirectoryError(str(exc)) from exc
    return day, at


__all__ = ["Directory", "DirectoryError", "FileRejected", "ImportReport", "StoreError"]
