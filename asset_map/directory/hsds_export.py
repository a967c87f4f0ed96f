"""Export the directory as Open Referral: what is stored, read here; the shaping and the
checks are the codec's (interop/hsds/export.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from asset_map.interop.hsds.export import build_services, write_hsds
from asset_map.store import repo, sources

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory


def export_hsds(directory: Directory, path: Path, *, tabular: bool = False) -> int:
    """Every live entry as HSDS 3.0 JSON (or, `tabular`, the CSV package); how many. A damaged
    database is refused first: an export never carries damage on."""
    directory.ensure_sound("the export")
    live = [repo.asset_to_in(a) for a in directory.all_assets(include_archived=False)]
    sources.ensure_table(directory.engine)
    with Session(directory.engine) as session:
        kept = sources.kept_terms(session)
    services = build_services(live, kept, directory.need_labels)
    return write_hsds(
        services, path, need_labels=directory.need_labels, today=directory.today(), tabular=tabular
    )
