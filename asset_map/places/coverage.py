"""Where a service reaches: the area it says it serves, read as places, and the places a
place asked about stands for.

A service that comes to the home, or works by phone or online, is not "near" anywhere: it
serves an area ("Grays and Tilbury", "RM17", "Thurrock"). Both sides become keys — a
locality `L:Grays`, an integrated locality area `A:grays`, a postcode district `D:RM17`, or
everywhere `*` — and a service covers a place when they share one. Search and the gaps
matrix both judge reach by these keys, so a cell counts what a search near that place finds.
"""

from __future__ import annotations

import re

from asset_map import validation
from asset_map.places.gazetteer import Gazetteer, Place
from asset_map.places.names import place_key

EVERYWHERE = "*"
# Said of a whole country or of no bounds at all: covers every place.
_EVERYWHERE_WORDS = frozenset(
    {
        "uk",
        "united kingdom",
        "great britain",
        "england",
        "national",
        "nationwide",
        "anywhere",
        "everywhere",
        "all areas",
        "any area",
        "countrywide",
        "online",
        "remote",
    }
)
# The shipped gazetteer's borough: every built-in area.
_BOROUGH_WORDS = frozenset({"thurrock", "the borough", "borough wide", "whole borough", "all of thurrock"})
_PARTS = re.compile(r"[,;/&+|]|\band\b|\bor\b", re.IGNORECASE)


def served_keys(gazetteer: Gazetteer, text: str) -> frozenset[str]:
    """The places an "area served" names, as keys; empty when none is understood (then the
    service's reach is judged as if it named none)."""
    found = gazetteer.served_memo.get(text)
    if found is None:
        found = gazetteer.served_memo[text] = _served_keys(gazetteer, text)
    return found


def _served_keys(gazetteer: Gazetteer, text: str) -> frozenset[str]:
    text = " ".join(text.split())
    if not text:
        return frozenset()
    whole = _part_keys(gazetteer, text)  # "Tilbury and Chadwell" is one area
    if whole:
        return whole
    keys: set[str] = set()
    for part in _PARTS.split(text):
        keys |= _part_keys(gazetteer, part.strip())
    return frozenset(keys)


def _part_keys(gazetteer: Gazetteer, part: str) -> frozenset[str]:
    key = place_key(part)
    if not key:
        return frozenset()
    if key in _EVERYWHERE_WORDS:
        return frozenset({EVERYWHERE})
    if key in _BOROUGH_WORDS:
        return frozenset(f"A:{area_id}" for area_id in gazetteer.areas)
    if validation.looks_like_postcode(part):
        parts = validation.postcode_parts(part)
        return frozenset({f"D:{parts[0]}"}) if parts else frozenset()
    locality = gazetteer.canonical_locality(part)
    if locality is not None:
        return frozenset({f"L:{locality}"})
    for area_id, (name, _members) in gazetteer.areas.items():
        if key in (place_key(name), place_key(f"{name} area")):
            return frozenset({f"A:{area_id}"})
    return frozenset()


def place_keys(gazetteer: Gazetteer, place: Place) -> frozenset[str]:
    """What a place asked about stands for: itself, the area it is in, the districts it
    spans (an area stands for its localities too: a service for Aveley serves that area)."""
    keys = {EVERYWHERE}
    if place.precision == "area":
        area_id = next((i for i, (name, _m) in gazetteer.areas.items() if name == place.area), None)
        if area_id is not None:
            keys.add(f"A:{area_id}")
            for member in gazetteer.areas[area_id][1]:
                keys |= _locality_keys(gazetteer, member)
        return frozenset(keys)
    if place.precision.startswith("postcode"):
        parts = validation.postcode_parts(place.label)
        if parts is not None:
            keys.add(f"D:{parts[0]}")
            if place.precision == "postcode district":  # it stands for the localities in it too
                for locality in gazetteer.localities_in(parts[0]):
                    keys |= {f"L:{locality}", *_area_key(gazetteer, locality)}
    if place.locality:
        keys |= _locality_keys(gazetteer, place.locality)
    return frozenset(keys)


def _locality_keys(gazetteer: Gazetteer, locality: str) -> set[str]:
    keys = {f"L:{locality}", *_area_key(gazetteer, locality)}
    keys |= {f"D:{district}" for district in gazetteer.districts_of(locality)}
    return keys


def _area_key(gazetteer: Gazetteer, locality: str) -> set[str]:
    info = gazetteer.localities.get(locality)
    return {f"A:{info.area_id}"} if info is not None and info.area_id else set()
