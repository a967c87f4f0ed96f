"""Files in and out in the directory's own format (`import`, `add`, `export`): read by one
reader with one set of rules, written through the one way into the directory
(`Writer.writing`), all or nothing. Open Referral feeds are hsds_import.py and hsds_export.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asset_map.checks import verification_moves_forward
from asset_map.directory.place_files import learn_places, reread_areas_served
from asset_map.directory.vocabulary import with_own_locality
from asset_map.directory.writes import Writer
from asset_map.errors import DirectoryError
from asset_map.interop.directory_file import (
    as_document,
    directory_document,
    load_directory_file,
    parse_document,
    write_json_atomically,
)
from asset_map.store import repo
from asset_map.store.db import transaction
from asset_map.store.models import Asset, AssetIn


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def add_file(writer: Writer, path: Path, *, user: str) -> list[Asset]:
    """New entries from a file of one record, a list of them or a directory file: read by
    the same reader, with the same rules, as `import_file`; all or none."""
    assets = load_directory_file(path, check=writer.check_references, records_alone=True)
    return _add_all(writer, assets, user=user)


def add_from_records(writer: Writer, records: Any, *, user: str, source: str) -> list[Asset]:
    assets = parse_document(as_document(records), source, check=writer.check_references, new_entries=True)
    return _add_all(writer, assets, user=user)


def _add_all(writer: Writer, assets: list[AssetIn], *, user: str) -> list[Asset]:
    added: list[Asset] = []
    with writer.writing() as session:
        for asset_in in assets:
            if asset_in.id is not None and repo.get_asset(session, asset_in.id) is not None:
                raise DirectoryError(f"an asset with id {asset_in.id} already exists")
            added.append(  # checked while parsing: only the locality's own name is left to set
                repo.create_asset(
                    session, asset_in=with_own_locality(asset_in, writer.finder.gazetteer), user=user
                )
            )
        session.flush()
        added = [repo.get_asset(session, a.id) or a for a in added]
    for asset in added:
        writer.live.reindex(asset)
    return added


def import_file(writer: Writer, path: Path, *, user: str) -> ImportReport:
    """Import a directory file in one transaction: all records or none.

    Existing ids are updated; "last verified" only moves forward, never back.
    """
    assets = load_directory_file(path, check=writer.check_references)
    writer.backup_before("import")
    report = ImportReport()
    touched: list[uuid.UUID] = []
    with writer.writing() as session:
        canonical = [
            with_own_locality(  # checked while loading the file
                a if a.id is not None else a.model_copy(update={"id": uuid.uuid4()}),
                writer.finder.gazetteer,
            )
            for a in assets
        ]
        present = repo.existing_ids(session, [a.id for a in canonical if a.id is not None])
        fresh = [a for a in canonical if a.id is None or a.id not in present]
        report.added = repo.create_assets(session, assets_in=fresh, user=user)
        for asset_in in canonical:
            if asset_in.id is None or asset_in.id not in present:
                continue
            existing = repo.get_asset(session, asset_in.id)
            if existing is None:  # pragma: no cover - checked just above, same transaction
                continue
            if repo.same_content(repo.asset_to_in(existing), asset_in):
                report.unchanged += 1
                continue
            newer = verification_moves_forward(existing.verified_on, asset_in.verified_on)
            verified: dict[str, object] = {
                "verified_on": asset_in.verified_on,
                "verified_by": asset_in.verified_by,
                "verified_how": asset_in.verified_how,
            }
            repo.update_asset(
                session,
                asset=existing,
                asset_in=asset_in,
                user=user,
                also=verified if newer else None,
                action="imported",
            )
            touched.append(existing.id)
            report.updated += 1
    writer.live.reindex_many(touched, fresh)
    learned = learn_places(writer.engine, writer.finder.gazetteer, canonical)  # postcodes, towns with a point
    reread_areas_served(writer.engine, writer.live, learned)
    return report


def export_file(writer: Writer, path: Path, *, notice: str = "") -> int:
    writer.ensure_sound("the export")
    with transaction(writer.engine) as session:
        assets = [repo.asset_to_in(a) for a in repo.list_assets(session, include_archived=True)]
    write_json_atomically(path, directory_document(assets, notice=notice))
    return len(assets)
