"""Opening a directory's database: checked, tidied, upgraded, its reference data current and,
on the very first run, the sample directory loaded — or, where the file cannot be changed,
opened read-only and said so."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from asset_map.config import Settings
from asset_map.directory.geocoding import online_lookup
from asset_map.directory.vocabulary import reference_checker, with_own_locality
from asset_map.interop.directory_file import load_directory_file
from asset_map.places import Gazetteer
from asset_map.store import contents, repo
from asset_map.store.backup import tidy
from asset_map.store.db import make_engine, read_only_here, sqlite_path, transaction
from asset_map.store.integrity import check_sound
from asset_map.store.migrations import SCHEMA_VERSION, migrate
from asset_map.store.models import Need
from asset_map.store.place_data import stored_places
from asset_map.store.reference import refresh_reference_data

SEED_ENV = "ASSET_MAP_SEED"
SYSTEM_USER = "asset-map"


def default_seed_path() -> Path | None:
    """seed_assets.json: ASSET_MAP_SEED, else beside the package (a source checkout)."""
    if os.environ.get(SEED_ENV):
        return Path(os.environ[SEED_ENV])
    candidate = Path(__file__).resolve().parents[2] / "seed_assets.json"
    return candidate if candidate.exists() else None


@dataclass
class Prepared:
    """A database ready to be searched and read (and written, unless read-only)."""

    engine: Engine
    gazetteer: Gazetteer
    needs: list[Need]
    seeded_now: bool = False
    notices: list[str] = field(default_factory=list)


def prepare(settings: Settings, *, seed: Path | None = None) -> Prepared:
    """The database behind `settings`, made ready; a damaged file is refused before anything is
    written to it, naming the backup to put back."""
    file = sqlite_path(settings.db_url)
    read_only = file is not None and read_only_here(file)
    if file is not None:
        check_sound(file)
        if not read_only:
            tidy(file)
    engine = make_engine(settings.db_url, read_only=read_only)
    upgraded_from = migrate(engine, read_only=read_only)
    refused = contents.problems(engine) if 0 < upgraded_from < SCHEMA_VERSION else []
    with transaction(engine) as session:
        if not read_only:  # read-only: the places and needs the file already holds
            refresh_reference_data(session)
        areas, localities = repo.list_areas(session), repo.list_localities(session)
        postcodes, needs = repo.list_postcode_areas(session), list(repo.list_needs(session))
    online = online_lookup(engine) if settings.online_geocoding else None
    gazetteer = Gazetteer.from_rows(areas, localities, postcodes, online, stored=stored_places(engine))
    prepared = Prepared(engine, gazetteer, needs)
    if not read_only:
        prepared.seeded_now = _seeded(engine, gazetteer, needs, seed)
    if read_only:
        prepared.notices.append(
            f"{file} cannot be changed from here (a read-only folder or file): you can search "
            "and read it, and back it up elsewhere, but changes cannot be saved"
        )
    if refused:  # an old file upgraded: checked as typed input is; kept, shown escaped, said
        prepared.notices.append(
            f"{len(refused)} entries hold text this release would refuse if it were typed in "
            f"(shown escaped; edit them to correct it): {contents.summary(refused)}"
        )
    return prepared


def _seeded(engine: Engine, gazetteer: Gazetteer, needs: list[Need], seed: Path | None) -> bool:
    """On the very first run only, load the sample directory (never over anyone's edits)."""
    with transaction(engine) as session:
        if repo.get_meta(session, "seeded_at") is not None:
            return False
        seed_path = seed or default_seed_path()
        seeded = False
        if seed_path is not None and repo.count_assets(session) == 0:
            checker = reference_checker(gazetteer, {n.id for n in needs})
            assets = [with_own_locality(a, gazetteer) for a in load_directory_file(seed_path, check=checker)]
            repo.create_assets(
                session, assets_in=assets, user=SYSTEM_USER, action="added from the sample data"
            )
            repo.bump_generation(session)
            seeded = True
        repo.set_meta(session, "seeded_at", datetime.now().isoformat(timespec="seconds"))
    return seeded
