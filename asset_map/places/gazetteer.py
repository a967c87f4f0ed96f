"""The offline gazetteer: place names and postcodes to points, and distances between them.

Practitioners say "near Tilbury" or give a postcode, never coordinates. The built-in
localities (with their alternative spellings) and postcode districts and sectors come from
the reference tables, held in memory. Places loaded from open data (`asset-map places load`:
every postcode of the country, its towns and villages) and learned from the directory's own
entries stay in the database and are asked for one at a time (store/place_lookup.py): a full
postcode resolves to its own point when it is known, else to its sector's or district's
centre. geopy does the geodesy. An online geocoder can be plugged in, but only when the user
has turned it on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from geopy.distance import geodesic
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from asset_map import validation
from asset_map.errors import AssetMapError
from asset_map.places.loaded import Found, LoadedPlaces
from asset_map.places.names import place_key, slips_allowed
from asset_map.store.place_lookup import StoredPlaces

Point = tuple[float, float]
OnlineLookup = Callable[[str], Point | None]


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
    # "locality" (built in), "place" (loaded or learned), "postcode" (its own point),
    # "postcode sector", "postcode district" (their centres), "online"
    precision: str
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


_key = place_key
LEARNED_NOTE = "learned from an entry of the directory"


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


class Localities(dict[str, LocalityInfo]):
    """The built-in localities by name. Iterating, `in` and `get` see only these; indexing
    with the name of a loaded or learned place (as `Gazetteer.canonical_locality` may give)
    finds it too, so code written when every locality was built in keeps working."""

    def __init__(self, built_in: dict[str, LocalityInfo], gazetteer: Gazetteer) -> None:
        super().__init__(built_in)
        self._gazetteer = gazetteer

    def __missing__(self, name: str) -> LocalityInfo:
        found = self._gazetteer.locality(name)
        if found is None:
            raise KeyError(name)
        return found


class Gazetteer:
    """Resolve place names (fuzzy) and full or partial UK postcodes to points."""

    def __init__(
        self,
        localities: Iterable[LocalityInfo],
        postcodes: Iterable[PostcodeInfo],
        *,
        online: OnlineLookup | None = None,
        stored: StoredPlaces | None = None,
    ) -> None:
        """`stored`: the places loaded from open data and learned from entries, asked for
        one at a time (None: the built-in places only)."""
        self.localities = Localities({loc.name: loc for loc in localities}, self)
        self.postcodes = {pc.code: pc for pc in postcodes}
        self.online = online
        self._names: dict[str, str] = {}
        for loc in self.localities.values():
            for spelling in (loc.name, *loc.aliases):
                self._names.setdefault(_key(spelling), loc.name)
        points = [loc.point for loc in self.localities.values()]
        home = (
            (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
            if points
            else None
        )
        self.loaded = LoadedPlaces(stored, home) if stored is not None else None
        # The integrated locality areas, by id: their name and localities (a gaps matrix's
        # rows, and a place to search near: "Tilbury and Chadwell", or "Grays area")
        self.areas: dict[str, tuple[str, tuple[str, ...]]] = {}
        for loc in self.localities.values():
            if loc.area_id:
                name, members = self.areas.get(loc.area_id, (loc.area_name, ()))
                self.areas[loc.area_id] = (name, (*members, loc.name))
        self._area_names: dict[str, str] = {}
        self.served_memo: dict[str, frozenset[str]] = {}  # places/coverage.py: each text read once
        # districts by locality, localities by district (from the sectors), made when first asked
        self._districts: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None = None
        for area_id, (name, _members) in self.areas.items():
            self._area_names.setdefault(_key(f"{name} area"), area_id)
            if _key(name) not in self._names:
                self._area_names.setdefault(_key(name), area_id)

    @classmethod
    def from_rows(
        cls,
        areas: Iterable[AreaLike],
        localities: Iterable[LocalityLike],
        postcodes: Iterable[PostcodeLike],
        online: OnlineLookup | None = None,
        *,
        stored: StoredPlaces | None = None,
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
            stored=stored,
        )

    def forget(self) -> None:
        """Places were loaded or learned since this was made: ask the database again."""
        self.served_memo.clear()
        if self.loaded is not None:
            self.loaded.forget()

    # ------------------------------------------------------------ lookups
    def canonical_locality(self, text: str) -> str | None:
        """The place's own name for an exact name or alternative spelling — a built-in
        locality, else a loaded or learned place — else None."""
        key = _key(text)
        if key in self._names:
            return self._names[key]
        found = self.loaded.exact(key) if self.loaded is not None else None
        return found.place.name if found else None

    def locality(self, name: str) -> LocalityInfo | None:
        """A built-in locality, else the loaded or learned place of that name (its district
        or county as its area), else None."""
        if name in self.localities:
            return self.localities[name]
        found = self.loaded.exact(_key(name)) if self.loaded is not None and name else None
        if found is None:
            return None
        return LocalityInfo(found.place.name, "", found.area, (found.place.latitude, found.place.longitude))

    def area_name(self, locality: str) -> str | None:
        loc = self.locality(locality)
        return loc.area_name if loc else None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Localities a slip more than is forgiven away from what was typed, with its first
        letter (people seldom slip on the first), or starting with it or with it as a word,
        closest first — the built-in ones, then loaded places; for something like a postcode,
        the districts that look most like it."""
        key = _key(text)
        near = self._near_spellings(key, slips_allowed(key) + 1)
        names = [name for name, _ in near if name[:1].casefold() == key[:1]]
        names += self._starting_with(key) if len(key) >= 3 else []
        names += sorted({n for s, n in self._names.items() if key and key in s.split()})  # "Thurrock"
        if self.loaded is not None and len(names) < limit:
            names += self.loaded.suggest(key, limit)
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

    def resolve(self, text: str, *, offline: bool = False) -> Place:
        """Turn "Tilbury", "S Ockendon", "tilbry", "RM18", "RM18 7" or "RM18 7NR" — or, once
        loaded, "Keswick", "Milton, Oxfordshire" or "CA12 5DQ" — into a Place. `offline`: never
        the online geocoder, even when it is on (a resident's home, read for counts only)."""
        raw = " ".join(text.split())
        if not raw:
            raise PlaceNotFound(text, "no place given")
        if validation.looks_like_postcode(raw):
            return self._resolve_postcode(raw, offline)
        exact = self._names.get(_key(raw))
        if exact:
            return self._locality_place(exact, raw)
        area_id = self._area_names.get(_key(raw))
        if area_id is not None:
            return self.area_place(area_id)
        loaded = self._loaded_place(raw)
        if loaded:
            return loaded
        name = self._best_guess(_key(raw))
        if name is not None:
            # the words as typed go back to a terminal: escapes shown, never acted on
            return self._locality_place(name, raw, note=f"taken '{validation.visible(raw)}' as {name}")
        guessed = self.loaded.guess(_key(raw)) if self.loaded is not None else None
        found = self.loaded.exact(guessed) if self.loaded is not None and guessed else None
        if found is not None:
            return self._found_place(found, note=f"taken '{validation.visible(raw)}' as {found.place.name}")
        online = None if offline else self._online(raw)
        if online:
            return online
        raise PlaceNotFound(raw, f"'{raw}' is not a known place or postcode", self.suggest(raw))

    def area_place(self, area_id: str) -> Place:
        """An integrated locality area as a place: the centre of its localities."""
        name, members = self.areas[area_id]
        points = [self.localities[m].point for m in members]
        centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        return Place(label=f"{name} area", point=centre, precision="area", area=name)

    def districts_of(self, locality: str) -> tuple[str, ...]:
        """The built-in postcode districts a locality's sectors are in ("Grays": RM16, RM17)."""
        return self._sectors()[0].get(locality, ())

    def localities_in(self, district: str) -> tuple[str, ...]:
        """The built-in localities with a sector in a postcode district ("RM16": Chadwell St
        Mary, Grays, Orsett …)."""
        return self._sectors()[1].get(district, ())

    def _sectors(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Districts by locality and localities by district, from the sectors (made once)."""
        if self._districts is None:
            by_locality: dict[str, set[str]] = {}
            by_district: dict[str, set[str]] = {}
            for code, info in self.postcodes.items():
                if info.level == "sector" and info.locality:
                    by_locality.setdefault(info.locality, set()).add(code.split()[0])
                    by_district.setdefault(code.split()[0], set()).add(info.locality)
            self._districts = (
                {name: tuple(sorted(found)) for name, found in by_locality.items()},
                {code: tuple(sorted(found)) for code, found in by_district.items()},
            )
        return self._districts

    # ------------------------------------------------------------ helpers
    def _locality_place(self, name: str, typed: str, note: str = "") -> Place:
        loc = self.localities[name]
        return Place(
            label=name, point=loc.point, precision="locality", locality=name, area=loc.area_name, note=note
        )

    def _loaded_place(self, raw: str) -> Place | None:
        """A loaded or learned place named exactly so ("Milton", or "Milton, Oxfordshire")."""
        if self.loaded is None:
            return None
        name, comma, qualifier = raw.partition(",")
        found = self.loaded.exact(_key(name), _key(qualifier))
        if found is None and comma and self.loaded.named(_key(name)):
            choices = self.loaded.choices(_key(name))
            raise PlaceNotFound(raw, f"no place called {name.strip()!r} is in {qualifier.strip()!r}", choices)
        if found is None:
            return None
        note = ""
        if found.others and not qualifier.strip():
            say = f"'{found.place.name}, {found.area}'" if found.area else "its county after a comma"
            note = f"one of {found.others + 1} places called {found.place.name}: for another, say {say}"
        return self._found_place(found, note=note)

    def _found_place(self, found: Found, note: str = "") -> Place:
        place = found.place
        label = f"{place.name}, {found.area}" if found.others and found.area else place.name
        if place.learned:
            note = f"{note}; {LEARNED_NOTE}" if note else LEARNED_NOTE
        return Place(
            label=label,
            point=(place.latitude, place.longitude),
            precision="place",
            locality=place.name,
            area=found.area or None,
            note=note,
        )

    def _resolve_postcode(self, raw: str, offline: bool = False) -> Place:
        parts = validation.postcode_parts(raw)
        if parts is None:  # pragma: no cover - guarded by looks_like_postcode
            raise PlaceNotFound(raw, f"'{raw}' is not a UK postcode")
        outward, sector = parts
        try:
            label = validation.normalise_postcode(raw)
            full = True
        except ValueError:
            label, full = sector or outward, False
        if full and self.loaded is not None:
            known = self.loaded.postcode(label)
            if known is not None:
                shipped = self.postcodes.get(sector or "") or self.postcodes.get(outward)
                locality = shipped.locality if shipped else None
                return Place(
                    label=label,
                    point=(known.latitude, known.longitude),
                    precision="postcode",
                    locality=locality,
                    area=self.area_name(locality) if locality else None,
                    note=LEARNED_NOTE if known.learned else "",
                )
        for code, level in ((sector, "sector"), (outward, "district")):
            if not code:
                continue
            if code in self.postcodes:
                return self._postcode_place(label, self.postcodes[code], f"postcode {level}")
            centre = self.loaded.centre(code if level == "sector" else f"{code} ") if self.loaded else None
            if centre is not None:
                note = "" if label == code else f"centre of postcode {level} {code}"
                return Place(label=label, point=centre, precision=f"postcode {level}", note=note)
        online = None if offline else self._online(label)
        if online:
            return online
        hint = (
            "the online geocoder did not find it or could not be reached"
            if self.online is not None
            else "load the area's postcodes (asset-map places load FILE) or turn on online "
            "geocoding (--online) to look it up"
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
