"""Turning stored assets into search documents, and the gazetteer from reference rows."""

from __future__ import annotations

from collections.abc import Sequence

from asset_map.duplicates import contact_keys
from asset_map.places import Gazetteer, LocalityInfo, Point, PostcodeInfo
from asset_map.search.index import AssetDoc, Slot
from asset_map.store.models import KIND_LABELS, Area, Asset, Kind, Locality, PostcodeArea

DETAIL_TEXT_FIELDS = (
    "skill",
    "help_offered",
    "drop_in_sessions",
    "audience_note",
    "area_served",
    "availability",
    "price",
)


def build_gazetteer(
    areas: Sequence[Area], localities: Sequence[Locality], postcodes: Sequence[PostcodeArea], online=None
) -> Gazetteer:  # type: ignore[no-untyped-def]
    area_names = {a.id: a.name for a in areas}
    return Gazetteer(
        [
            LocalityInfo(
                loc.name,
                loc.area_id,
                area_names.get(loc.area_id, ""),
                (loc.latitude, loc.longitude),
                tuple(loc.aliases),
            )
            for loc in localities
        ],
        [
            PostcodeInfo(p.code, p.level, (p.latitude, p.longitude), p.name, p.locality, p.in_borough)
            for p in postcodes
        ],
        online=online,
    )


def effective_point(asset: Asset, gazetteer: Gazetteer) -> Point | None:
    """The asset's own point, else its postcode's centre, else its locality's centre."""
    if asset.latitude is not None and asset.longitude is not None:
        return (asset.latitude, asset.longitude)
    if asset.postcode:
        try:
            return gazetteer.resolve(asset.postcode).point
        except ValueError:
            pass
    loc = gazetteer.localities.get(asset.locality)
    return loc.point if loc else None


def asset_doc(asset: Asset, gazetteer: Gazetteer, need_labels: dict[str, str]) -> AssetDoc:
    needs = tuple(asset.need_ids)
    details = " ".join(str(getattr(asset, f) or "") for f in DETAIL_TEXT_FIELDS)
    return AssetDoc(
        id=asset.id,
        name=asset.name,
        kind=str(asset.kind),
        locality=asset.locality,
        status=str(asset.status),
        point=effective_point(asset, gazetteer),
        cost=str(asset.cost),
        accessibility=frozenset(asset.accessibility),
        needs=needs,
        slots=tuple(Slot(str(s.day), s.start, s.end, s.week) for s in asset.schedule),
        schedule_note=asset.schedule_note,
        verified_on=asset.verified_on,
        archived=asset.archived_at is not None,
        contacts=contact_keys(asset.phone, asset.email, asset.website),
        texts={
            "name": asset.name,
            "summary": asset.summary,
            "organisation": asset.organisation,
            "description": asset.description,
            "locality": f"{asset.locality} {gazetteer.area_name(asset.locality) or ''}",
            "tags": " ".join([KIND_LABELS[Kind(asset.kind)], *(need_labels.get(n, n) for n in needs)]),
            "details": details,
        },
    )
