"""The gazetteer's questions about places loaded from open data or learned from entries.

They stay in the database (millions of postcodes, tens of thousands of towns and villages)
and are asked for one at a time; the answers about names are remembered, since a directory
names the same few places over and over. Spelling slips are looked for among every name's
key, read once and only when a slip is first looked for (never at startup).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from asset_map.places.names import place_key, slips_allowed
from asset_map.store.place_lookup import StoredPlace, StoredPlaces, StoredPostcode

Point = tuple[float, float]
NAMED_CACHE = 4096  # names remembered (then forgotten all at once, and asked again)


def _squared(a: Point, b: Point) -> float:
    """Enough to tell nearer from farther in one country (not a distance)."""
    return (a[0] - b[0]) ** 2 + ((a[1] - b[1]) * 0.6) ** 2


@dataclass(frozen=True)
class Found:
    """A loaded or learned place meant by a name, and how many others share that name."""

    place: StoredPlace
    others: int = 0

    @property
    def area(self) -> str:
        return self.place.district or self.place.county


class LoadedPlaces:
    """Loaded and learned places, asked for by postcode or by the key of a name."""

    def __init__(self, stored: StoredPlaces, home: Point | None = None) -> None:
        self.stored = stored
        self.home = home  # where the built-in places are: of two equal names, the nearer
        self._named: dict[str, list[StoredPlace]] = {}
        self._sorted_keys: list[str] | None = None

    def forget(self) -> None:
        """Places were loaded or learned since: ask again."""
        self._named.clear()
        self._sorted_keys = None
        self.stored.forget()

    # ------------------------------------------------------------ postcodes
    def postcode(self, code: str) -> StoredPostcode | None:
        return self.stored.postcode(code)

    def centre(self, prefix: str) -> Point | None:
        found = self.stored.centre(prefix)
        return (found[0], found[1]) if found else None

    # ------------------------------------------------------------ names
    def named(self, key: str) -> list[StoredPlace]:
        if not key:
            return []
        if key not in self._named:
            if len(self._named) >= NAMED_CACHE:
                self._named.clear()
            self._named[key] = self.stored.named(key)
        return self._named[key]

    def exact(self, key: str, qualifier: str = "") -> Found | None:
        """The place an exact name means ("Milton"; "Milton, Oxfordshire" narrows it to the one
        whose district or county has those words): the most important of the places with that
        name, then the nearest to home."""
        found = self.named(key)
        if qualifier:
            wanted = f" {qualifier} "
            found = [
                p
                for p in found
                if wanted in f" {place_key(p.district)} " or wanted in f" {place_key(p.county)} "
            ]
        if not found:
            return None
        best = [p for p in found if p.rank == found[0].rank]
        if self.home is not None and len(best) > 1:
            home = self.home
            best.sort(key=lambda p: _squared((p.latitude, p.longitude), home))
        others = len({(p.name, p.district, p.county, p.kind) for p in found}) - 1
        return Found(best[0], others)

    def choices(self, key: str, limit: int = 3) -> list[str]:
        """How to say which of the places with this name is meant: "Milton, Oxfordshire"."""
        named = [f"{p.name}, {p.district or p.county}" for p in self.named(key) if p.district or p.county]
        return list(dict.fromkeys(named))[:limit]

    def _keys(self) -> list[str]:
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self.stored.keys())
        return self._sorted_keys

    def near_spellings(self, key: str, slips: int, limit: int = 5) -> list[tuple[str, int]]:
        """(key, slips) of names at most `slips` away from what was typed, closest first."""
        if not key or slips <= 0:
            return []
        keys = self._keys()
        if not keys:
            return []
        found = process.extract(key, keys, scorer=OSA.distance, score_cutoff=slips, limit=limit)
        return sorted(((match, int(score)) for match, score, _ in found), key=lambda m: (m[1], m[0]))

    def guess(self, key: str) -> str | None:
        """The one name meant by a slip, a beginning or a longer phrase ("the Keswick hub"),
        as its key; None when it could be more than one."""
        near = self.near_spellings(key, slips_allowed(key))
        if near and (len(near) == 1 or near[0][1] < near[1][1]):
            return near[0][0]
        keys = self._keys()
        if not keys:
            return None
        if len(key) >= 4:
            starting = _starting_with(keys, key)
            if len(starting) == 1:
                return starting[0]
        words = key.split()
        known = set(keys)
        within = {
            " ".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 1, len(words) + 1)
            if (i, j) != (0, len(words)) and " ".join(words[i:j]) in known
        }
        return within.pop() if len(within) == 1 else None

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """Names a slip more than is forgiven away, with the same first letter, or starting
        with what was typed."""
        near = [k for k, _ in self.near_spellings(key, slips_allowed(key) + 1, limit=10) if k[:1] == key[:1]]
        if len(key) >= 3:
            near += _starting_with(self._keys(), key, limit)
        names = [self.named(k)[0].name for k in dict.fromkeys(near) if self.named(k)]
        return list(dict.fromkeys(names))[:limit]


def _starting_with(keys: list[str], key: str, limit: int = 2) -> list[str]:
    """Sorted keys starting with `key` (at most `limit`): a binary search, then a walk."""
    found: list[str] = []
    for candidate in keys[bisect_left(keys, key) :]:
        if not candidate.startswith(key) or len(found) >= limit:
            break
        found.append(candidate)
    return found
