"""The offline gazetteer: place names and postcodes to points, and distances between them.

Practitioners say "near Tilbury" or give a postcode, never coordinates. Localities (with
their alternative spellings) and postcode districts and sectors come from the reference
tables; a full postcode resolves to its sector's centre. geopy does the geodesy. An online
geocoder can be plugged in, but only when the user has turned it on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from geopy.distance import geodesic
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from asset_map import validation
from asset_map.errors import AssetMapError

Point = tuple[float, float]
OnlineLookup = Callable[[str], Point | None]


def slips_allowed(text: str) -> int:
    """Typing slips forgiven in a place name: one from 4 letters, two from 9 (a swap of
    neighbouring letters is one slip). "Grayz" is Grays; "London" is not Horndon."""
    letters = len(text.replace(" ", ""))
    return 0 if letters < 4 else 1 if letters < 9 else 2


@dataclass(frozen=True)
class LocalityInfo:
    name: str
    area_id: str
    area_name: str
    point: Point
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostcodeInfo:
    code: str
    level: str  # "district" or "sector"
    point: Point
    name: str = ""
    locality: str | None = None
    in_borough: bool = True


@dataclass(frozen=True)
class Place:
    """A resolved place: what the user typed, the point used and how precise it is."""

    label: str
    point: Point
    precision: str  # "locality", "postcode sector", "postcode district", "online"
    locality: str | None = None
    area: str | None = None
    note: str = ""


@dataclass
class PlaceNotFound(AssetMapError, ValueError):
    """An unknown place or a malformed postcode, with the nearest suggestions."""

    text: str
    reason: str
    suggestions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"{self.reason}{hint}"


def distance_km(a: Point, b: Point) -> float:
    """Distance along the earth's surface (WGS-84 ellipsoid) in kilometres."""
    return float(geodesic(a, b).km)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("st.", "st")).strip()


class AreaLike(Protocol):
    """An area as the gazetteer reads it: the model, or a plain row (read-only either way)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class LocalityLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def area_id(self) -> str: ...
    @property
    def latitude(self) -> float: ...
    @property
    def longitude(self) -> float: ...
    @property
    def aliases(self) -> Sequence[str]: ...


class PostcodeLike(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def locality(self) -> str | None: ...
    @property
    def in_borough(self) -> bool: ...
    @property
    def latitude(self) -> float: ...
    @property
    def longitude(self) -> float: ...


class Gazetteer:
    """Resolve place names (fuzzy) and full or partial UK postcodes to points."""

    def __init__(
        self,
        localities: Iterable[LocalityInfo],
        postcodes: Iterable[PostcodeInfo],
        *,
        online: OnlineLookup | None = None,
    ) -> None:
        self.localities = {loc.name: loc for loc in localities}
        self.postcodes = {pc.code: pc for pc in postcodes}
        self.online = online
        self._names: dict[str, str] = {}
        for loc in self.localities.values():
            for spelling in (loc.name, *loc.aliases):
                self._names.setdefault(_key(spelling), loc.name)

    @classmethod
    def from_rows(
        cls,
        areas: Iterable[AreaLike],
        localities: Iterable[LocalityLike],
        postcodes: Iterable[PostcodeLike],
        online: OnlineLookup | None = None,
    ) -> Gazetteer:
        """From the reference tables' rows (models, or plain rows read before the models load)."""
        area_names = {a.id: a.name for a in areas}
        return cls(
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

    # ------------------------------------------------------------ lookups
    def canonical_locality(self, text: str) -> str | None:
        """The locality's own name for an exact name or alternative spelling, else None."""
        return self._names.get(_key(text))

    def area_name(self, locality: str) -> str | None:
        loc = self.localities.get(locality)
        return loc.area_name if loc else None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Localities a slip more than is forgiven away from what was typed, with its first
        letter (people seldom slip on the first), or starting with it or with it as a word,
        closest first; for something like a postcode, the districts that look most like it."""
        key = _key(text)
        near = self._near_spellings(key, slips_allowed(key) + 1)
        names = [name for name, _ in near if name[:1].casefold() == key[:1]]
        names += self._starting_with(key) if len(key) >= 3 else []
        names += sorted({n for s, n in self._names.items() if key and key in s.split()})  # "Thurrock"
        names = list(dict.fromkeys(names))
        if not names and any(ch.isdigit() for ch in text):
            names = self._similar_districts(text)
        return names[:limit]

    def _near_spellings(self, key: str, slips: int) -> list[tuple[str, int]]:
        """(locality, slips) for spellings at most `slips` away, whole or word by word, closest first."""
        if not key or slips <= 0:
            return []
        found: dict[str, int] = {}
        for spelling, name in self._names.items():
            whole = OSA.distance(key, spelling, score_cutoff=slips)
            if whole <= slips:
                found[name] = min(found.get(name, whole), whole)
        return sorted(found.items(), key=lambda item: (item[1], item[0]))

    def _starting_with(self, key: str) -> list[str]:
        """Localities one of whose spellings starts with what was typed ("stanf", "gray")."""
        return sorted({name for spelling, name in self._names.items() if spelling.startswith(key)})

    def _containing(self, key: str) -> list[str]:
        """Localities one of whose spellings is there, as whole words, in what was typed
        ("Aveley village", "the Tilbury hub")."""
        words = f" {key} "
        return sorted({name for spelling, name in self._names.items() if f" {spelling} " in words})

    def _best_guess(self, key: str) -> str | None:
        """The one locality meant by a slip, a beginning or a longer phrase; None when it is
        not one place (a second, equally close, would be a guess)."""
        near = self._near_spellings(key, slips_allowed(key))
        if near and (len(near) == 1 or near[0][1] < near[1][1]):
            return near[0][0]
        for candidates in (self._starting_with(key) if len(key) >= 4 else [], self._containing(key)):
            if len(candidates) == 1:
                return candidates[0]
        return None

    def _similar_districts(self, text: str) -> list[str]:
        """Known districts that look most like the outward part of what was typed."""
        outward = text.upper().split()[0] if text.split() else text.upper()
        districts = [c for c, p in self.postcodes.items() if p.level == "district"]
        ranked = process.extract(outward, districts, scorer=fuzz.ratio, limit=3)
        return [match[0] for match in ranked]

    def resolve(self, text: str) -> Place:
        """Turn "Tilbury", "S Ockendon", "tilbry", "RM18", "RM18 7" or "RM18 7NR" into a Place."""
        raw = " ".join(text.split())
        if not raw:
            raise PlaceNotFound(text, "no place given")
        if validation.looks_like_postcode(raw):
            return self._resolve_postcode(raw)
        exact = self.canonical_locality(raw)
        if exact:
            return self._locality_place(exact, raw)
        name = self._best_guess(_key(raw))
        if name is not None:
            # the words as typed go back to a terminal: escapes shown, never acted on
            return self._locality_place(name, raw, note=f"taken '{validation.visible(raw)}' as {name}")
        online = self._online(raw)
        if online:
            return online
        raise PlaceNotFound(raw, f"'{raw}' is not a known place or postcode", self.suggest(raw))

    # ------------------------------------------------------------ helpers
    def _locality_place(self, name: str, typed: str, note: str = "") -> Place:
        loc = self.localities[name]
        return Place(
            label=name, point=loc.point, precision="locality", locality=name, area=loc.area_name, note=note
        )

    def _resolve_postcode(self, raw: str) -> Place:
        parts = validation.postcode_parts(raw)
        if parts is None:  # pragma: no cover - guarded by looks_like_postcode
            raise PlaceNotFound(raw, f"'{raw}' is not a UK postcode")
        outward, sector = parts
        try:
            label = validation.normalise_postcode(raw)
        except ValueError:
            label = sector or outward
        if sector and sector in self.postcodes:
            info = self.postcodes[sector]
            return self._postcode_place(label, info, "postcode sector")
        if outward in self.postcodes:
            info = self.postcodes[outward]
            return self._postcode_place(label, info, "postcode district")
        online = self._online(label)
        if online:
            return online
        hint = (
            "the online geocoder did not find it or could not be reached"
            if self.online is not None
            else "turn on online geocoding (--online) to look it up"
        )
        raise PlaceNotFound(
            raw, f"'{raw}' is outside the built-in gazetteer (Thurrock and its edges); {hint}", []
        )

    def _postcode_place(self, label: str, info: PostcodeInfo, precision: str) -> Place:
        locality = info.locality
        area = self.area_name(locality) if locality else None
        note = "" if label == info.code else f"centre of {precision} {info.code}"
        return Place(
            label=label, point=info.point, precision=precision, locality=locality, area=area, note=note
        )

    def _online(self, text: str) -> Place | None:
        if self.online is None:
            return None
        point = self.online(text)
        if point is None:
            return None
        return Place(label=text, point=point, precision="online", note="found by online geocoder")
