"""Where a feed's record is: its locality, address, postcode and (maybe) its point.

Feeds give coordinates that are missing, out of range, (0, 0) or swapped, towns we do not
know and postcodes with typos or from other countries. The rules (docs/hsds.md): the
locality comes from our own attribute, else the address's town as the gazetteer knows it,
else the postcode's sector, else the nearest locality to the point; failing all of these the
town is **kept as written** (the entry is found by words; it has a distance only when the
feed gave coordinates). Coordinates are used as given once checked: in range, not (0, 0),
not swapped (judged against the locality when the gazetteer knows it, else against the
country the address is in). Nothing here refuses a record: an entry may have no fixed place.
Offline only: the gazetteer's tables, never the online geocoder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from asset_map.interop.hsds.mapping import COUNTRY, STATE_PROVINCE
from asset_map.interop.hsds.text import as_list, as_text, clean, tidy
from asset_map.places import Gazetteer, Point, distance_km
from asset_map.store.models import AssetFields
from asset_map.validation import max_length, normalise_postcode, postcode_parts, shortened

NEAREST_KM = 6.0  # a point this close to a locality's centre is in it
FAR_KM = 25.0  # a point further than this from its locality is wrong
LOCALITY_LENGTH = max_length(AssetFields, "locality")

# (south, north, west, east) of the countries whose addresses we can recognise, to tell a
# swapped pair of coordinates from a right one when the gazetteer does not know the town.
COUNTRY_BOXES: dict[str, tuple[float, float, float, float]] = {
    "GB": (49.8, 60.9, -8.7, 1.8),
    "US": (18.9, 71.4, -179.2, -66.9),
}
COUNTRY_NAMES = {"GB": "the United Kingdom", "US": "the United States"}
_COUNTRY_WORDS = {
    "gb": "GB", "uk": "GB", "united kingdom": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "us": "US", "usa": "US", "united states": "US", "united states of america": "US",
}  # fmt: skip
US_STATES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
        "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
        "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
        "WY",
    }
)  # fmt: skip
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


class MappingProblem(ValueError):
    """A record that cannot become an asset, with the field to blame."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.warnings: list[str] = []  # what was found wrong on the way


@dataclass
class Where:
    locality: str
    address: str
    postcode: str
    point: Point | None
    kept: dict[str, str] = field(default_factory=dict)  # address parts we have no field for
    given: bool = False  # whether the feed gave any place at all (an address, a town, a point)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # an integer too large for a float
        return None
    return number if number == number and abs(number) != float("inf") else None  # NaN, inf


def _in_range(point: Point) -> bool:
    return -90 <= point[0] <= 90 and -180 <= point[1] <= 180


def feed_point(location: dict[str, Any], warnings: list[str], *, trust: bool = False) -> Point | None:
    """The location's coordinates when they are a pair of numbers on the earth (swapped back
    when only the swapped pair is), else None with a warning."""
    lat, lon = _number(location.get("latitude")), _number(location.get("longitude"))
    if lat is None and lon is None:
        given = any(as_text(location.get(k)).strip() for k in ("latitude", "longitude"))
        if given:
            warnings.append("coordinates: not numbers; dropped")
        return None
    if trust and lat is not None and lon is not None and _in_range((lat, lon)):
        return (lat, lon)
    if lat is None or lon is None:
        warnings.append("coordinates: only one of latitude and longitude given; both dropped")
        return None
    if lat == 0 and lon == 0:
        warnings.append("coordinates: (0, 0) is no place; dropped")
        return None
    if not _in_range((lat, lon)):
        if _in_range((lon, lat)):
            warnings.append(
                f"coordinates: latitude {as_text(lat)} is out of range but longitude {as_text(lon)} "
                "is a latitude: swapped back"
            )
            return (lon, lat)
        warnings.append(f"coordinates: ({as_text(lat)}, {as_text(lon)}) are out of range; dropped")
        return None
    return (lat, lon)


def postcode_point(gazetteer: Gazetteer, postcode: str) -> tuple[Point, str | None, str] | None:
    """(centre, locality or None, what it is) of a postcode's sector, else its district."""
    parts = postcode_parts(postcode)
    if parts is None:
        return None
    outward, sector = parts
    for code in (sector, outward):
        info = gazetteer.postcodes.get(code or "")
        if info is not None:
            return info.point, info.locality, f"postcode {info.level} {info.code}"
    return None


def nearest_locality(gazetteer: Gazetteer, point: Point, within_km: float = NEAREST_KM) -> str | None:
    best = min(
        ((distance_km(point, loc.point), loc.name) for loc in gazetteer.localities.values()),
        default=None,
    )
    return best[1] if best and best[0] <= within_km else None


def _town_candidates(address: dict[str, Any], location: dict[str, Any]) -> list[str]:
    found = [as_text(address.get(k)) for k in ("city", "address_2", "region")]
    found += [p.strip() for p in as_text(address.get("address_1")).split(",")][::-1]
    found.append(as_text(location.get("name")))
    return [tidy(f) for f in found if f and f.strip()]


def _postcode(raw: str, country: str | None, warnings: list[str]) -> tuple[str, str]:
    """(UK postcode, the feed's own postal code when it is not a UK one)."""
    if not raw:
        return "", ""
    try:
        return normalise_postcode(raw), ""
    except ValueError:
        where = f" (the address is in {COUNTRY_NAMES[country]})" if country and country != "GB" else ""
        warnings.append(
            f"postcode: {raw[:40]!r} is not a UK postcode{where}; kept with the address as written"
        )
        return "", raw


def country_of(address: dict[str, Any], postcode: str, raw_postcode: str) -> str | None:
    """Which country the address is in, when it says so clearly enough ("GB", "US"), else None."""
    named = _COUNTRY_WORDS.get(tidy(as_text(address.get("country"))).casefold().rstrip("."))
    if named:
        return named
    if postcode:
        return "GB"
    state = tidy(as_text(address.get("state_province"))).upper()
    if state in US_STATES or _ZIP.match(raw_postcode):
        return "US"
    return None


def _check_against_country(point: Point, country: str | None, warnings: list[str]) -> Point | None:
    if country not in COUNTRY_BOXES:
        return point
    south, north, west, east = COUNTRY_BOXES[country]

    def inside(p: Point) -> bool:
        return south <= p[0] <= north and west <= p[1] <= east

    if inside(point):
        return point
    swapped = (point[1], point[0])
    if inside(swapped):
        warnings.append(
            f"coordinates: ({as_text(point[0])}, {as_text(point[1])}) are not in {COUNTRY_NAMES[country]} "
            "but swapped they are; swapped back"
        )
        return swapped
    warnings.append(
        f"coordinates: ({as_text(point[0])}, {as_text(point[1])}) are not in {COUNTRY_NAMES[country]}, "
        "where the address is, even swapped; dropped"
    )
    return None


def centre_of(gazetteer: Gazetteer, locality: str) -> Point | None:
    """A locality's centre: a built-in one, else a place the gazetteer loaded or learned."""
    info = gazetteer.localities.get(locality)
    if info is None:
        find = getattr(gazetteer, "locality", None)  # places loaded from open data, when there are
        info = find(locality) if callable(find) else None
    point = getattr(info, "point", None)
    return point if isinstance(point, tuple) else None


def _check_against_locality(
    gazetteer: Gazetteer, point: Point, locality: str, warnings: list[str]
) -> Point | None:
    centre = centre_of(gazetteer, locality)
    if centre is None:
        return point
    if distance_km(point, centre) <= FAR_KM:
        return point
    swapped = (point[1], point[0])
    if _in_range(swapped) and distance_km(swapped, centre) <= FAR_KM:
        warnings.append("coordinates: latitude and longitude were swapped; put right")
        return swapped
    warnings.append(f"coordinates: more than {FAR_KM:.0f} km from {locality}; dropped")
    return None


def _kept_parts(address: dict[str, Any], foreign_postcode: str) -> dict[str, str]:
    """The address's parts we have no field for, as the feed wrote them (given back on export)."""
    kept = {}
    for key, ours in (("state_province", STATE_PROVINCE), ("country", COUNTRY), ("region", "")):
        value = tidy(as_text(address.get(key)))
        if value and value != ours:
            kept[key] = value
    if foreign_postcode:
        kept["postal_code"] = foreign_postcode
    return kept


def _town(address: dict[str, Any], warnings: list[str]) -> str:
    """The address's town as written, for an entry the gazetteer cannot place."""
    for key in ("city", "region"):
        text = tidy(as_text(address.get(key)))
        if text:
            if len(text) > LOCALITY_LENGTH:
                warnings.append(f"locality: {len(text)} characters, cut to {LOCALITY_LENGTH}")
                text = shortened(text, LOCALITY_LENGTH)
            return text
    return ""


def locate(
    gazetteer: Gazetteer,
    location: dict[str, Any],
    *,
    own_locality: str | None,
    warnings: list[str],
    trust: bool = False,
) -> Where:
    """Where a feed location is. Never refuses: a place the gazetteer does not know is kept
    as written, with a warning naming the field.

    `trust` is for our own exports: their points and text are taken exactly as written.
    """
    addresses = [a for a in as_list(location.get("addresses")) if isinstance(a, dict)]
    addresses.sort(key=lambda a: a.get("address_type") not in (None, "", "physical"))
    address = addresses[0] if addresses else {}
    line1 = clean(address.get("address_1"), raw=trust)
    line2 = clean(address.get("address_2"), raw=trust)
    text = ", ".join(p for p in (line1, line2) if p)
    raw_postcode = tidy(as_text(address.get("postal_code")))
    if trust:
        point = feed_point(location, warnings, trust=True)
        postcode, foreign = _postcode(raw_postcode, "GB", [])
        return Where(own_locality or "", text, postcode, point, _kept_parts(address, foreign), True)
    country_hint = country_of(address, "", raw_postcode)
    postcode, foreign = _postcode(raw_postcode, country_hint, warnings)
    country = country_of(address, postcode, raw_postcode)
    point = feed_point(location, warnings)
    given = bool(text or raw_postcode or point or _town(address, []))
    by_postcode = postcode_point(gazetteer, postcode) if postcode else None
    locality, how = None, ""
    for candidate in ([own_locality] if own_locality else []) + _town_candidates(address, location):
        locality = gazetteer.canonical_locality(candidate)
        if locality:
            break
    if locality is None and by_postcode is not None:
        locality = by_postcode[1] or nearest_locality(gazetteer, by_postcode[0])
        how = f"from {by_postcode[2]}"
    if locality is None and point is not None and country in (None, "GB"):
        locality, how = nearest_locality(gazetteer, point), "as the nearest to its coordinates"
    if locality is not None:
        if how:
            warnings.append(f"locality: taken as {locality} {how}")
        point = _check_against_locality(gazetteer, point, locality, warnings) if point else None
        if point is None and given:
            fallback = by_postcode[2] if by_postcode else f"the centre of {locality}"
            warnings.append(f"coordinates: none kept; distances use {fallback}")
    else:
        point = _check_against_country(point, country, warnings) if point else None
        locality = _town(address, warnings)
        if given:
            found = (
                "; distances from its coordinates" if point else "; found by words, shown without a distance"
            )
            if locality:
                warnings.append(
                    f"locality: {locality!r} is not a place the gazetteer knows; kept as written{found}"
                )
            elif postcode or foreign:
                shown = postcode or foreign
                warnings.append(f"locality: no town given; postcode {shown!r} kept as written{found}")
            elif not point:
                warnings.append(f"locality: no town, postcode or coordinates; address kept as written{found}")
    return Where(locality, text, postcode, point, _kept_parts(address, foreign), given)
