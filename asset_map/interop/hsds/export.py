"""Export the directory as Open Referral: one HSDS 3.0 JSON document, or the CSV package.

The JSON document is a single page of the ORUK/HSDS `/services` list (`contents[]`), each
service fully nested, so one file carries everything and validates item by item against
both the HSDS 3.0 and the ORUK 3.0 `service` schemas. Archived entries are not published.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from asset_map.errors import AssetMapError
from asset_map.interop.directory_file import write_json_atomically
from asset_map.interop.hsds import tabular as tab
from asset_map.interop.hsds import to_hsds
from asset_map.interop.hsds.checks import check_services, check_tables
from asset_map.interop.hsds.taxonomy import all_taxonomy_terms
from asset_map.store.files import written_whole
from asset_map.store.models import AssetIn


class HsdsExportError(AssetMapError):
    """The export would publish data that breaks a rule the schemas cannot check."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"{len(problems)} problem(s) stop the export:\n" + "\n".join(f"  {p}" for p in problems[:50])
        )
        self.problems = problems


def build_services(
    live: Iterable[AssetIn], kept: Mapping[uuid.UUID, list[dict[str, Any]]], need_labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Every live asset as a nested service, in a stable order (name, then id); `kept`: each
    asset's terms from other taxonomies, as a feed gave them."""
    assets = sorted(live, key=lambda a: (a.name.casefold(), str(a.id)))
    members: dict[str, list[str]] = {}
    for asset in assets:
        members.setdefault(to_hsds.organization_id(asset), []).append(asset.name)
    own_ids = _own_organisation_ids(assets)
    orgs: dict[str, to_hsds.OrgRecord] = {}
    for asset in assets:
        org_id = to_hsds.organization_id(asset)
        orgs.setdefault(org_id, to_hsds.organization(asset, members[org_id], own_ids.get(org_id)))
    return [
        to_hsds.service(
            asset,
            orgs[to_hsds.organization_id(asset)],
            need_labels,
            kept.get(asset.id, []) if asset.id is not None else [],
        )
        for asset in assets
    ]


def _own_organisation_ids(assets: list[AssetIn]) -> dict[str, str]:
    """Our organisation id -> the organisation's own id from its feed, where that id is a UUID
    every entry of the organisation that has one agrees on, no other organisation or service
    uses, and the kept description (if any) is the same for all of them."""
    ids: dict[str, set[str]] = {}
    descriptions: dict[str, set[str]] = {}
    for asset in assets:
        kept = to_hsds.kept_organisation(asset)
        ours = to_hsds.organization_id(asset)
        if to_hsds.is_uuid(kept.get("id")):
            ids.setdefault(ours, set()).add(str(kept["id"]))
        descriptions.setdefault(ours, set()).add(str(kept.get("description") or ""))
    claimed: dict[str, int] = {}
    for found in ids.values():
        for each in found:
            claimed[each] = claimed.get(each, 0) + 1
    services = {str(a.id) for a in assets}
    return {
        ours: next(iter(found))
        for ours, found in ids.items()
        if len(found) == 1
        and claimed[next(iter(found))] == 1
        and next(iter(found)) not in services
        and len(descriptions[ours] - {""}) <= 1
    }


def services_document(services: list[dict[str, Any]]) -> dict[str, Any]:
    """One page holding every service, shaped as the HSDS/ORUK `/services` response."""
    return {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }


def datapackage(profile_name: str = "asset-map-hsds") -> dict[str, Any]:
    """A Tabular Data Package descriptor for the files `flatten` gives."""
    resources = []
    for name, (path, columns) in tab.TABLES.items():
        fields = []
        for column in columns:
            kind = tab.TYPES.get(column, "string")
            field: dict[str, Any] = {"name": column, "type": kind}
            if kind == "time":
                field["format"] = "%H:%M"
            fields.append(field)
        keys = [
            {"fields": c, "reference": {"resource": tab.PARENTS[c], "fields": "id"}}
            for c in columns
            if c in tab.PARENTS and tab.PARENTS[c] != name
        ]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": "id"}
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": schema,
            }
        )
    return {
        "name": profile_name,
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "resources": resources,
    }


def with_whole_taxonomies(tables: tab.Tables, need_labels: dict[str, str]) -> tab.Tables:
    """Publish every term of our kinds, needs and audiences, used or not, in the CSV package."""
    have_terms = {str(r["id"]) for r in tables["taxonomy_term"]}
    have_taxonomies = {str(r["id"]) for r in tables["taxonomy"]}
    for term in all_taxonomy_terms(need_labels):
        if term["id"] not in have_terms:
            tables["taxonomy_term"].append({k: v for k, v in term.items() if k != "taxonomy_detail"})
            have_terms.add(term["id"])
        if term["taxonomy_id"] not in have_taxonomies:
            tables["taxonomy"].append(term["taxonomy_detail"])
            have_taxonomies.add(term["taxonomy_id"])
    return tables


def write_tables(folder: Path, tables: tab.Tables) -> None:
    """Write every CSV (and datapackage.json) beside the target, then move them in.

    Cells go through `tab.cell`, so no cell a spreadsheet would run as a formula leaves the app.
    """
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".hsds-", dir=folder.parent))
    try:
        for name, (filename, columns) in tab.TABLES.items():
            with (staging / filename).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                writer.writerows({c: tab.cell(row.get(c), c) for c in columns} for row in tables[name])
                handle.flush()
                os.fsync(handle.fileno())
        write_json_atomically(staging / "datapackage.json", datapackage())
        for item in staging.iterdir():
            item.replace(folder / item.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_compact_json(path: Path, document: Any) -> None:
    """Write beside the target, then rename: never a half-written file. Compact, so that the
    C encoder does the work (large directories export in seconds)."""
    with written_whole(path) as handle:
        handle.write((json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))


def write_hsds(
    services: list[dict[str, Any]], path: Path, *, need_labels: dict[str, str], today: date, tabular: bool
) -> int:
    """Write services as HSDS 3.0 (+ ORUK 3.0 fields); return how many.

    `tabular=True` writes the CSV package into the folder `path`; otherwise one JSON file.
    Raises HsdsExportError, writing nothing, when a record breaks a rule the schemas cannot check.
    """
    problems = check_services(services, today)
    tables = with_whole_taxonomies(tab.flatten(services), need_labels) if tabular else None
    if tables is not None:
        problems += check_tables(tables)
    if problems:
        raise HsdsExportError(problems)
    if tables is not None:
        write_tables(path, tables)
    else:
        write_compact_json(path, services_document(services))
    return len(services)
