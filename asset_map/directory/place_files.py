"""Places beyond the built-in borough, for the CLI and the app alike: load a file of open data
(`asset-map places load FILE`), say what is loaded (`asset-map places`), and learn places from
the entries an import brings in.

A load is one transaction through the directory's one way in (`Directory.writing`): all of
the file or none of it; the same bytes loaded again change nothing. Afterwards the gazetteer
asks again, and the search index is rebuilt, since entries given only a postcode may now have
a point of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlmodel import col, select

from asset_map.places import Gazetteer
from asset_map.places.learning import HasPlace, to_learn
from asset_map.places.loading import LoadReport, Progress, fingerprint, load_place_file, open_place_file
from asset_map.store import repo
from asset_map.store.db import StoreError, transaction
from asset_map.store.models import Asset
from asset_map.store.place_data import stored_places, writing_places
from asset_map.store.place_lookup import PlaceCounts, SourceRow

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory
    from asset_map.directory.live_index import LiveIndex


def load_places(directory: Directory, path: Path, *, progress: Progress | None = None) -> LoadReport:
    """Load an ONSPD/NSPL, Code-Point Open or OS Open Names file (or a folder of one kind).
    PlaceFileRefused, before anything is written, when it is none of them."""
    place_file = open_place_file(path)
    printed = fingerprint(place_file)
    with transaction(directory.engine) as session, writing_places(session) as reader:
        earlier = reader.loaded_before(printed)
    if earlier is not None:
        return LoadReport(
            place_file.name, place_file.layout.name, loaded_before=f"{earlier[1]} as {earlier[0]}"
        )
    with directory.writing() as session, writing_places(session) as writer:
        report = load_place_file(place_file, printed, writer, progress=progress)
    directory.gazetteer.forget()
    directory.rebuild_index()  # an entry with only a postcode may now have its own point
    return report


@dataclass(frozen=True)
class PlacesHeld:
    """What the gazetteer holds beyond the built-in places."""

    sources: list[SourceRow]
    counts: PlaceCounts


def places_held(engine: Engine) -> PlacesHeld:
    stored = stored_places(engine)
    return PlacesHeld(stored.sources(), stored.counts())


def learn_places(engine: Engine, gazetteer: Gazetteer, records: Iterable[HasPlace]) -> tuple[int, int]:
    """Learn the postcodes and towns given with coordinates in these records (after an import,
    in a transaction of its own: the import stands whatever happens here). (postcodes, places)
    newly learned; (0, 0) when the database could not take them just now."""
    postcodes, places = to_learn(records, gazetteer)
    if not postcodes and not places:
        return 0, 0
    try:
        with transaction(engine) as session, writing_places(session) as writer:
            learned = writer.learn_postcodes(postcodes), writer.learn_places(places)
    except StoreError:
        return 0, 0
    gazetteer.forget()
    return learned


def reread_areas_served(engine: Engine, live: LiveIndex, learned: tuple[int, int]) -> None:
    """Towns just learned may be named in the areas entries serve: those entries are indexed
    again, so search and the gaps matrix read their areas with the new places."""
    if not learned[1]:
        return
    with transaction(engine) as session:
        ids = repo.ids_serving_an_area(session)
    if ids:
        live.reindex_many(ids)


def learn_places_of(directory: Directory, asset_ids: Iterable[uuid.UUID]) -> tuple[int, int]:
    """Learn places from these stored entries (an Open Referral import's)."""
    ids = list(dict.fromkeys(asset_ids))
    if not ids:
        return 0, 0
    rows: list[_Located] = []
    with transaction(directory.engine) as session:
        for start in range(0, len(ids), 500):
            query = select(Asset.postcode, Asset.locality, Asset.latitude, Asset.longitude).where(
                col(Asset.id).in_(ids[start : start + 500])
            )
            rows += [_Located(*row) for row in session.exec(query).all()]
    learned = learn_places(directory.engine, directory.gazetteer, rows)
    reread_areas_served(directory.engine, directory.live, learned)
    return learned


@dataclass(frozen=True)
class _Located:
    postcode: str
    locality: str
    latitude: float | None
    longitude: float | None
