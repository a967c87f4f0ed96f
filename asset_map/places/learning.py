"""Places learned from the directory's own entries: a postcode, or a town the gazetteer does
not know, given with coordinates in an imported record, is a place it can answer next time.

Only points that make sense are learned (in range, not 0,0, a UK postcode in the UK); a
learned postcode or place never replaces one already held (a loaded point is official), and
a town already known under any of its spellings is not learned again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from asset_map.places.formats import UK_LATITUDE, UK_LONGITUDE
from asset_map.places.gazetteer import Gazetteer
from asset_map.places.names import place_key
from asset_map.store.place_data import NAME_LENGTH, PlaceRow, PostcodeRow
from asset_map.validation import needs_escaping, normalise_postcode

LEARNED_ID = "learned:"  # a learned place's id is this and its name's key


class HasPlace(Protocol):
    """What learning reads of an entry: the stored asset, or a record handed in."""

    @property
    def postcode(self) -> str: ...
    @property
    def locality(self) -> str: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...


def _in_uk(lat: float, lon: float) -> bool:
    return UK_LATITUDE[0] <= lat <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= lon <= UK_LONGITUDE[1]


def to_learn(records: Iterable[HasPlace], gazetteer: Gazetteer) -> tuple[list[PostcodeRow], list[PlaceRow]]:
    """The postcodes and places these records teach (the first record naming one wins)."""
    postcodes: dict[str, PostcodeRow] = {}
    places: dict[str, PlaceRow] = {}
    for record in records:
        lat, lon = record.latitude, record.longitude
        if (
            lat is None
            or lon is None
            or not (-90 <= lat <= 90 and -180 <= lon <= 180)
            or (lat, lon) == (0, 0)
        ):
            continue
        if record.postcode and _in_uk(lat, lon):
            try:
                code = normalise_postcode(record.postcode)
            except ValueError:
                code = ""
            if code:
                postcodes.setdefault(code, (code, lat, lon))
        name = " ".join(record.locality.split())
        key = place_key(name)
        if not key or key in places or len(name) > NAME_LENGTH or needs_escaping(name):
            continue
        if gazetteer.canonical_locality(name) is None:
            places[key] = (f"{LEARNED_ID}{key}", key, name, False, "", "", "", lat, lon)
    return list(postcodes.values()), list(places.values())
