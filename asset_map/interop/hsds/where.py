"""Where a feed's record is: a locality of our gazetteer, its postcode and (maybe) its point.

Feeds give coordinates that are missing, out of range, (0, 0) or swapped, cities we do not
know and postcodes with typos. The rules (docs/hsds.md): the locality comes from our own
attribute, else the address's town, else the postcode's sector, else the nearest locality
to a trusted point; a point far from its locality is swapped if that fits, else dropped.
Offline only: the gazetteer's tables, never the online geocoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asset_map.interop.hsds.text import as_list, as_text, clean, tidy
from asset_map.places import Gazetteer, Point, distance_km
from asset_map.validation import normalise_postcode, postcode_parts

NEAREST_KM = 6.0  # a point this close to a locality's centre is in it
FAR_KM = 25.0  # a point further than this from its locality is wrong


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


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # an integer too large for a float
        return None
    return number if number == number else None  # NaN is no number


def feed_point(location: dict[str, Any], warnings: list[str], *, trust: bool = False) -> Point | None:
    lat, lon = _number(location.get("latitude")), _number(location.get("longitude"))
    if lat is None and lon is None:
        return None
    if trust and lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        return (lat, lon)
    if lat is None or lon is None:
        warnings.append("coordinates: only one of latitude and longitude given; both dropped")
        return None
    if lat == 0 and lon == 0:
        warnings.append("coordinates: (0, 0) is no place; dropped")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
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


def _postcode(address: dict[str, Any], warnings: list[str]) -> str:
    raw = tidy(as_text(address.get("postal_code")))
    if not raw:
        return ""
    try:
        return normalise_postcode(raw)
    except ValueError:
        warnings.append(f"postcode: {raw!r} is not a UK postcode; dropped")
        return ""


def _check_point(
    gazetteer: Gazetteer, point: Point | None, locality: str, warnings: list[str]
) -> Point | None:
    if point is None:
        return None
    centre = gazetteer.localities[locality].point
    if distance_km(point, centre) <= FAR_KM:
        return point
    swapped = (point[1], point[0])
    if -90 <= swapped[0] <= 90 and distance_km(swapped, centre) <= FAR_KM:
        warnings.append("coordinates: latitude and longitude were swapped; put right")
        return swapped
    warnings.append(f"coordinates: more than {FAR_KM:.0f} km from {locality}; dropped")
    return None


def locate(
    gazetteer: Gazetteer,
    location: dict[str, Any],
    *,
    own_locality: str | None,
    warnings: list[str],
    trust: bool = False,
) -> Where:
    """Resolve a feed location to one of our localities, or raise MappingProblem.

    `trust` is for our own exports: their points and text are taken exactly as written.
    """
    addresses = [a for a in as_list(location.get("addresses")) if isinstance(a, dict)]
    addresses.sort(key=lambda a: a.get("address_type") not in (None, "", "physical"))
    address = addresses[0] if addresses else {}
    postcode = _postcode(address, warnings)
    point = feed_point(location, warnings, trust=trust)
    by_postcode = postcode_point(gazetteer, postcode) if postcode else None
    locality, how = None, ""
    for candidate in ([own_locality] if own_locality else []) + _town_candidates(address, location):
        locality = gazetteer.canonical_locality(candidate)
        if locality:
            break
    if locality is None and by_postcode is not None:
        locality = by_postcode[1] or nearest_locality(gazetteer, by_postcode[0])
        how = f"from {by_postcode[2]}"
    if locality is None and point is not None:
        locality, how = nearest_locality(gazetteer, point), "as the nearest to its coordinates"
    if locality is None and not (location or address):
        raise MappingProblem("locality", "no location given (no address, postcode or coordinates)")
    if locality is None:
        city = tidy(as_text(address.get("city")))
        raw_pc = tidy(as_text(address.get("postal_code")))
        raise MappingProblem(
            "locality",
            f"no locality of the gazetteer fits (town {city or 'not given'!r}, postcode "
            f"{raw_pc or 'not given'!r}, coordinates {'none usable' if point is None else point})",
        )
    if how:
        warnings.append(f"locality: taken as {locality} {how}")
    point = point if trust else _check_point(gazetteer, point, locality, warnings)
    if point is None:
        fallback = by_postcode[2] if by_postcode else f"the centre of {locality}"
        warnings.append(f"coordinates: none kept; distances use {fallback}")
    line1 = clean(address.get("address_1"), raw=trust)
    line2 = clean(address.get("address_2"), raw=trust)
    text = ", ".join(p for p in (line1, line2) if p)
    return Where(locality=locality, address=text, postcode=postcode, point=point)
