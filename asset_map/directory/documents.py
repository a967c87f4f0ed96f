"""Turning stored assets into search documents, and the gazetteer from reference rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session

from asset_map.directory.duplicates import contact_keys
from asset_map.needs.taxonomies import packaged_taxonomy_needs
from asset_map.places import Gazetteer, Point
from asset_map.places.coverage import served_keys
from asset_map.search.index import AssetDoc, Slot
from asset_map.store import repo, sources
from asset_map.store.enums import KIND_LABELS, Kind
from asset_map.store.models import Asset, AssetIn
from asset_map.store.sources import AssetSource
from asset_map.validation import needs_escaping, visible

# What a result shows of a row: escaped, however it got into the file (models.py says why).
SHOWN = ("name", "locality", "summary", "schedule_note")
TERMS_CHUNK = 500  # asset ids per query for their feeds' terms


def effective_point(row: Any, gazetteer: Gazetteer) -> Point | None:
    """The asset's own point, else its postcode's, else its locality's centre (a built-in
    locality, or a loaded or learned town)."""
    if row.latitude is not None and row.longitude is not None:
        return (row.latitude, row.longitude)
    if row.postcode:
        try:
            return gazetteer.resolve(row.postcode).point
        except ValueError:
            pass
    loc = gazetteer.locality(row.locality) if row.locality else None
    return loc.point if loc else None


def term_names(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """The names of the taxonomy terms feeds gave these assets ("Food Stamps/SNAP",
    "Swimming/Swimming Lessons"): a 211 directory often says what a service is only there, so
    they are searched too. Nothing where no feed was ever imported."""
    if not ids or not inspect(session.connection()).has_table(AssetSource.__tablename__):
        return {}
    found: dict[uuid.UUID, list[str]] = {}
    for start in range(0, len(ids), TERMS_CHUNK):
        kept = sources.kept_terms(session, asset_ids=ids[start : start + TERMS_CHUNK])
        found.update({asset_id: service_term_names(terms) for asset_id, terms in kept.items()})
    return found


def service_term_names(terms: Iterable[object]) -> list[str]:
    """Of a feed's kept terms, the names that say what a service is (not whom it is for)."""
    rules = packaged_taxonomy_needs()
    names = [
        str(t["name"])
        for t in terms
        if isinstance(t, dict)
        and t.get("name")
        and rules.names_a_service(str(t.get("vocabulary") or ""), str(t.get("code") or ""))
    ]
    return list(dict.fromkeys(names))


def _doc(
    row: Any,
    needs: Sequence[str],
    slots: Sequence[Slot],
    archived: bool,
    gazetteer: Gazetteer,
    need_labels: dict[str, str],
    terms: Sequence[str] = (),
) -> AssetDoc:
    details = " ".join(str(getattr(row, f) or "") for f in repo.DETAIL_TEXT_FIELDS)
    needs = tuple(sorted(needs))
    return AssetDoc(
        id=row.id,
        name=row.name,
        kind=str(row.kind),
        locality=row.locality,
        status=str(row.status),
        point=effective_point(row, gazetteer),
        cost=str(row.cost),
        accessibility=frozenset(row.accessibility),
        needs=needs,
        delivery=frozenset(str(d) for d in row.delivery),
        served=served_keys(gazetteer, row.area_served) if row.area_served else frozenset(),
        slots=tuple(slots),
        schedule_note=row.schedule_note,
        verified_on=row.verified_on,
        archived=archived,
        flagged=getattr(row, "flagged_at", None) is not None,  # an entry handed in is never flagged
        contacts=contact_keys(row.phone, row.email, row.website),
        texts={
            "name": row.name,
            "summary": row.summary,
            "organisation": row.organisation,
            "description": row.description,
            "locality": f"{row.locality} {gazetteer.area_name(row.locality) or ''}",
            "tags": " ".join([KIND_LABELS[Kind(row.kind)], *(need_labels.get(n, n) for n in needs)]),
            "details": details,
            "terms": " ".join(terms),
        },
    )


def asset_doc(
    asset: Asset, gazetteer: Gazetteer, need_labels: dict[str, str], terms: Sequence[str] = ()
) -> AssetDoc:
    slots = [Slot(str(s.day), s.start, s.end, s.week) for s in asset.schedule]
    return _doc(asset, asset.need_ids, slots, asset.archived_at is not None, gazetteer, need_labels, terms)


def docs_from_inputs(
    assets: Iterable[AssetIn],
    gazetteer: Gazetteer,
    need_labels: dict[str, str],
    terms: Mapping[uuid.UUID, Sequence[str]] | None = None,
) -> Iterator[AssetDoc]:
    """Documents for assets just written, from what was written (no need to read them back)."""
    for asset in assets:
        slots = [Slot(str(s.day), s.start, s.end, s.week) for s in asset.schedule]
        own = (terms or {}).get(asset.id, ()) if asset.id is not None else ()
        yield _doc(asset, asset.needs, slots, asset.archived_at is not None, gazetteer, need_labels, own)


def docs_from_rows(
    session: Session, gazetteer: Gazetteer, need_labels: dict[str, str], ids: list[uuid.UUID] | None = None
) -> Iterator[AssetDoc]:
    """Every live asset (or those of `ids`) as a document, from plain rows (fast at scale).

    Read a page at a time, so a rebuild of a national directory never holds every row at once."""
    pages = repo.index_pages(session) if ids is None else [repo.index_rows(session, ids)]
    for rows, needs, slots in pages:
        terms = term_names(session, [row[0] for row in rows])
        for row in rows:
            values = dict(zip(repo.INDEX_COLUMNS, row, strict=True))
            if needs_escaping(" ".join(values[name] or "" for name in SHOWN)):
                values = {k: visible(v) if isinstance(v, str) else v for k, v in values.items()}
            record = SimpleNamespace(**values)
            asset_slots = [Slot(str(d), s, e, w) for d, s, e, w in slots.get(record.id, ())]
            own = terms.get(record.id, ())
            yield _doc(record, needs.get(record.id, ()), asset_slots, False, gazetteer, need_labels, own)
