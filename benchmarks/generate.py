"""Seeded, repeatable synthetic directories of N assets, and the larger gazetteer they live in.

    python benchmarks/generate.py --size 10000 --out /tmp/dir10k.json [--seed 7] \\
        [--gazetteer-out /tmp/gazetteer-ext.json]

The directory is written in the directory file format (asset_map/data/seed.schema.json), so
`asset-map import` reads it once the gazetteer extension is in the database (benchmarks/load.py
does both). Words are drawn from benchmarks/vocabulary.py with Zipf-like weights (1 / rank ** s),
so a few words are everywhere and most are rare, as in a real directory.

Places: a fixed synthetic gazetteer of a few hundred invented localities spread over about
100 km × 60 km of Essex and around (lat 51.3–51.9, lon -0.3–1.2), with integrated areas and
postcode districts and sectors under the made-up outward code "AM" (AM1–AM99, so "AM12 3AB"
has a valid UK postcode shape), plus Thurrock's real localities from gazetteer.json. The
gazetteer does not depend on the seed, so the fixed query mix (benchmarks/queries.py) can name
its places; the assets do, and the same size and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import uuid
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asset_map.store.reference import packaged_json
from benchmarks import vocabulary as V

FORMAT = "asset-map/directory"
VERSION = 1
GAZETTEER_FORMAT = "asset-map/gazetteer-extension"
DEFAULT_SEED = 7
GAZETTEER_SEED = 2011  # fixed: the query mix names places of this gazetteer
OUTWARD = "AM"  # not a real UK postcode area, but the right shape
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters allowed in the last two places of a postcode
LAT_RANGE = (51.3, 51.9)
LON_RANGE = (-0.3, 1.2)
GRID_ROWS, GRID_COLS = 15, 25  # one synthetic locality per cell of about 4.4 km × 4.2 km
THURROCK_BOX = ((51.44, 51.56), (0.20, 0.50))  # left to the real localities
THURROCK_SHARE = 0.05  # of all assets
TODAY = date(2026, 11, 20)  # "now" for verified and created dates: fixed, so output repeats

KIND_WEIGHTS = (("group", 0.46), ("micro_enterprise", 0.24), ("time_bank", 0.24), ("hub", 0.06))
STATUS_WEIGHTS = (("active", 0.88), ("paused", 0.07), ("closed", 0.05))
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}
SAINTS = (
    "Mary",
    "John",
    "Peter",
    "Andrew",
    "Michael",
    "Luke",
    "Mark",
    "Paul",
    "George",
    "Margaret",
    "Clement",
    "Cedd",
    "Botolph",
    "Nicholas",
    "Catherine",
    "Edmund",
    "Alban",
    "Helen",
)
HELP_OFFERED = (
    "Information and signposting",
    "help with forms",
    "digital help",
    "benefits advice",
    "Local Area Coordinator drop-in",
    "Talking Shop (adult social care)",
    "warm space in winter",
    "free wifi and printing",
    "community noticeboard",
    "room hire",
    "food bank referrals",
    "housing advice",
    "money advice (monthly)",
    "volunteering opportunities",
    "family information",
    "library books and large print",
    "a quiet room to talk",
)
DROP_INS = (
    "Talking Shop",
    "LAC drop-in",
    "Digital help",
    "Money advice",
    "Housing advice",
    "Rhyme time",
    "Citizens Advice outreach",
    "Carers' drop-in",
    "Job search help",
)
AUDIENCE_NOTES = ("beginners welcome", "all abilities", "no need to book", "carers welcome too")
PROPER = {"IT", "CV", "ESOL", "LGBT+", "Parkinson's", "English", "Deaf", "DIY"}


# ---------------------------------------------------------------- drawing with Zipf-like weights


class Zipf:
    """Draw items with weight 1 / rank ** s (rank 1 = the first item)."""

    __slots__ = ("cum", "items", "last", "total")

    def __init__(self, items: Sequence[Any], s: float = 1.0) -> None:
        self.items = list(items)
        self.cum = list(accumulate(rank**-s for rank in range(1, len(self.items) + 1)))
        self.total = self.cum[-1]
        self.last = len(self.items) - 1

    def __call__(self, rng: random.Random) -> Any:
        return self.items[min(bisect(self.cum, rng.random() * self.total), self.last)]


class Weighted:
    """Draw items with explicit weights."""

    __slots__ = ("cum", "items", "last", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]
        self.last = len(self.items) - 1

    def __call__(self, rng: random.Random) -> Any:
        return self.items[min(bisect(self.cum, rng.random() * self.total), self.last)]


# ---------------------------------------------------------------- the gazetteer


@dataclass(frozen=True)
class Town:
    """A locality assets can be in: a synthetic one or one of Thurrock's real ones."""

    name: str
    area: str
    area_name: str
    lat: float
    lon: float
    sector: str
    weight: float
    builtin: bool = False


def _key(text: str) -> str:
    """As asset_map.places keys place names: lower case, "st." as "st", other marks as spaces."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("st.", "st")).strip()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _place_name(rng: random.Random) -> str:
    base = rng.choice(V.PLACE_ROOTS) + rng.choice(V.PLACE_SUFFIXES)
    base = re.sub(r"(.)\1\1", r"\1\1", base)  # "Bellley" → "Belley"
    roll = rng.random()
    if roll < 0.16:
        prefix = rng.choice(V.PLACE_PREFIXES)
        return base if base.startswith(prefix) else f"{prefix} {base}"
    if roll < 0.24:
        tail = rng.choice(V.PLACE_TAILS)
        return f"{base}{tail}" if tail.startswith("-") else f"{base} {tail}"
    return base


def _invented(name: str) -> bool:
    """Not a real place's name, in whole or as its main word."""
    return not any(part in V.REAL_PLACES for part in (name, *re.split(r"[ -]", name)))


_ALIAS_PREFIX = {
    "Great": "Gt",
    "Little": "Lt",
    "North": "N",
    "South": "S",
    "East": "E",
    "West": "W",
    "Upper": "Upr",
    "Lower": "Lwr",
    "Nether": "Nthr",
    "Old": "Olde",
    "High": "Hy",
}


def _aliases(name: str) -> list[str]:
    first, _, rest = name.partition(" ")
    out = []
    if first in _ALIAS_PREFIX and rest:
        out.append(f"{_ALIAS_PREFIX[first]} {rest}")
    if "-" in name:
        out.append(name.replace("-", " "))
    if " St " in f" {name} ":
        out.append(name.replace("St ", "Saint "))
    return out


def _sector_of(locality: dict[str, Any], sectors: list[dict[str, Any]]) -> str:
    own = [s["sector"] for s in sectors if s["locality"] == locality["name"]]
    if own:
        return own[0]
    return min(sectors, key=lambda s: (s["lat"] - locality["lat"]) ** 2 + (s["lon"] - locality["lon"]) ** 2)[
        "sector"
    ]


@cache
def build_gazetteer() -> tuple[dict[str, Any], tuple[Town, ...]]:
    """The gazetteer extension document and every town assets may be placed in (fixed)."""
    rng = random.Random(GAZETTEER_SEED)
    real = packaged_json("gazetteer.json")
    taken = {_key(s) for loc in real["localities"] for s in (loc["name"], *loc["aliases"])}
    dlat = (LAT_RANGE[1] - LAT_RANGE[0]) / GRID_ROWS
    dlon = (LON_RANGE[1] - LON_RANGE[0]) / GRID_COLS
    cells: list[dict[str, Any]] = []
    for row in range(GRID_ROWS):
        for col in range(GRID_COLS):
            lat = LAT_RANGE[0] + (row + 0.5) * dlat
            lon = LON_RANGE[0] + (col + 0.5) * dlon
            (lat0, lat1), (lon0, lon1) = THURROCK_BOX
            if lat0 <= lat <= lat1 and lon0 <= lon <= lon1:
                continue
            name = _place_name(rng)
            while _key(name) in taken or not _invented(name):
                name = _place_name(rng)
            taken.add(_key(name))
            aliases = [a for a in _aliases(name) if _key(a) not in taken]
            taken.update(_key(a) for a in aliases)
            cells.append(
                {
                    "name": name,
                    "row": row,
                    "col": col,
                    "lat": round(lat + rng.uniform(-0.35, 0.35) * dlat, 4),
                    "lon": round(lon + rng.uniform(-0.35, 0.35) * dlon, 4),
                    "aliases": aliases,
                }
            )
    # how big each place is: a shuffled Zipf-like rank, so towns and villages are mixed up
    ranks = list(range(1, len(cells) + 1))
    rng.shuffle(ranks)
    for cell, rank in zip(cells, ranks, strict=True):
        cell["weight"] = rank**-0.85
    # integrated areas: blocks of 5 × 5 cells, named after their biggest place
    areas: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for cell in cells:
        areas.setdefault((cell["row"] // 5, cell["col"] // 5), []).append(cell)
    area_rows = []
    for block in sorted(areas):
        members = areas[block]
        lead = max(members, key=lambda c: c["weight"])
        area_id = f"am-{_slug(lead['name'])}"[:40]
        area_name = f"{lead['name']} and District"
        area_rows.append({"id": area_id, "name": area_name})
        for cell in members:
            cell["area"], cell["area_name"] = area_id, area_name
    # postcode districts: blocks of 2 rows × 3 columns, numbered AM1–AM99 at random
    districts: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for cell in cells:
        districts.setdefault((cell["row"] // 2, cell["col"] // 3), []).append(cell)
    numbers = rng.sample(range(1, 100), len(districts))
    district_rows, sector_rows = [], []
    for number, block in zip(numbers, sorted(districts), strict=True):
        members = districts[block]
        code = f"{OUTWARD}{number}"
        district_rows.append(
            {
                "district": code,
                "name": ", ".join(c["name"] for c in members[:3])[:120],
                "lat": round(sum(c["lat"] for c in members) / len(members), 4),
                "lon": round(sum(c["lon"] for c in members) / len(members), 4),
                "in_borough": False,
            }
        )
        for digit, cell in zip(rng.sample(range(10), len(members)), members, strict=False):
            cell["sector"] = f"{code} {digit}"
            sector_rows.append(
                {
                    "sector": cell["sector"],
                    "locality": cell["name"],
                    "lat": round(cell["lat"] + rng.uniform(-0.003, 0.003), 4),
                    "lon": round(cell["lon"] + rng.uniform(-0.003, 0.003), 4),
                }
            )
    towns = [
        Town(c["name"], c["area"], c["area_name"], c["lat"], c["lon"], c["sector"], c["weight"])
        for c in cells
    ]
    # Thurrock's real localities take a fixed share, the bigger ones more of it
    real_areas = {a["id"]: a["name"] for a in real["areas"]}
    thurrock = real["localities"]
    synthetic_total = sum(t.weight for t in towns)
    share = synthetic_total * THURROCK_SHARE / (1 - THURROCK_SHARE)
    real_weights = [1.0 / (1 + i) ** 0.5 for i in range(len(thurrock))]
    scale = share / sum(real_weights)
    for loc, w in zip(thurrock, real_weights, strict=True):
        towns.append(
            Town(
                loc["name"],
                loc["area"],
                real_areas[loc["area"]],
                loc["lat"],
                loc["lon"],
                _sector_of(loc, real["sectors"]),
                w * scale,
                builtin=True,
            )
        )
    extension = {
        "format": GAZETTEER_FORMAT,
        "version": 1,
        "about": (
            "SYNTHETIC gazetteer for benchmarks (benchmarks/generate.py): invented localities "
            f"around Essex with postcode districts {OUTWARD}1–{OUTWARD}99 (not a real postcode area). "
            "Localities marked builtin are Thurrock's real ones, already in asset_map/data/gazetteer.json."
        ),
        "seed": GAZETTEER_SEED,
        "areas": area_rows,
        "localities": [
            {
                "name": c["name"],
                "area": c["area"],
                "lat": c["lat"],
                "lon": c["lon"],
                "aliases": c["aliases"],
                "sector": c["sector"],
                "builtin": False,
            }
            for c in cells
        ]
        + [
            {
                "name": loc["name"],
                "area": loc["area"],
                "lat": loc["lat"],
                "lon": loc["lon"],
                "aliases": loc["aliases"],
                "sector": _sector_of(loc, real["sectors"]),
                "builtin": True,
            }
            for loc in thurrock
        ],
        "districts": district_rows,
        "sectors": sector_rows,
    }
    return extension, tuple(towns)


@cache
def _neighbours() -> dict[str, tuple[str, ...]]:
    """The three nearest other towns of each town (for "area served")."""
    _, towns = build_gazetteer()
    out = {}
    for town in towns:
        others = sorted(
            (t for t in towns if t.name != town.name),
            key=lambda t: ((t.lat - town.lat) * 1.6) ** 2 + (t.lon - town.lon) ** 2,
        )
        out[town.name] = tuple(t.name for t in others[:3])
    return out


# ---------------------------------------------------------------- text


def _lower(name: str) -> str:
    """An activity name as it reads in running text ("Men's Shed" → "men's shed", "IT help" kept)."""
    return " ".join(w if w in PROPER or w.isupper() else w.lower() for w in name.split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fit(text: str, limit: int) -> str:
    """Cut at a word boundary so the text is at most `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


class Words:
    """The samplers the sentence templates draw from."""

    def __init__(self) -> None:
        self.adj = Zipf(V.ADJECTIVES, 1.0)
        self.noun = Zipf(V.NOUNS, 1.0)
        self.verb = Zipf(V.VERBS, 1.0)
        self.adv = Zipf(V.ADVERBS, 1.0)
        self.people = Zipf(V.PEOPLE, 1.0)
        self.feeling = Zipf(V.FEELINGS, 0.9)
        self.first = Zipf(V.FIRST_NAMES, 0.8)
        self.surname = Zipf(V.SURNAMES, 0.8)
        self.venue = Zipf(V.VENUES, 1.0)
        self.org = Zipf(V.ORG_WORDS, 1.0)
        self.brand = Zipf(V.BRAND_WORDS, 0.9)
        self.brand_noun = Zipf(V.BRAND_NOUNS, 0.9)
        self.opening = Zipf(V.OPENINGS, 1.0)
        self.topic = Zipf(V.TOPICS, 0.8)
        self.street_root = Zipf(V.SURNAMES + V.BRAND_WORDS + V.PLACE_ROOTS, 0.7)
        self.street_type = Zipf(V.STREET_TYPES, 1.0)
        self.activity = {
            "group": Zipf(V.GROUP_ACTIVITIES, 1.05),
            "micro_enterprise": Zipf(V.MICRO_SERVICES, 1.05),
            "time_bank": Zipf(V.TIME_BANK_SKILLS, 1.0),
            "hub": Zipf(V.HUB_TYPES, 1.1),
        }
        needs = [n["id"] for n in packaged_json("needs.json")["needs"]]
        self.need = Zipf(needs, 0.8)
        self.sentences = _sentences(self)

    def street(self, rng: random.Random) -> str:
        return f"{self.street_root(rng)} {self.street_type(rng)}"


Sentence = Callable[[random.Random, str, str], str]


def _sentences(w: Words) -> tuple[Sentence, ...]:
    """Description sentence templates: (rng, activity in running text, locality) → sentence."""
    return (
        lambda r, a, loc: f"{_cap(w.adj(r))} {w.noun(r)}, {w.noun(r)} and {w.noun(r)} for {w.people(r)}.",
        lambda r, a, loc: (
            f"We {w.verb(r)} {w.noun(r)} and {w.verb(r)} {w.noun(r)} in a {w.adj(r)} {w.adj(r)} {w.noun(r)}."
        ),
        lambda r, a, loc: (
            f"Sessions are {w.adj(r)} and {w.adj(r)}, with {w.noun(r)} and {w.noun(r)} {w.adv(r)}."
        ),
        lambda r, a, loc: f"Good for {w.people(r)} who feel {w.feeling(r)} or {w.feeling(r)}.",
        lambda r, a, loc: f"{w.first(r)} and the other volunteers {w.verb(r)} {w.noun(r)} and {w.noun(r)}.",
        lambda r, a, loc: f"Bring {w.noun(r)} if you can; {w.noun(r)} and {w.noun(r)} are provided.",
        lambda r, a, loc: f"Find us at the {w.venue(r)} on {w.street(r)}, {loc}.",
        lambda r, a, loc: (
            f"There is {w.adj(r)} {w.noun(r)} and {w.noun(r)} {w.adv(r)}, and a {w.adj(r)} "
            f"{w.noun(r)} afterwards."
        ),
        lambda r, a, loc: f"Many {w.people(r)} come for the {w.noun(r)} and stay for the {w.noun(r)}.",
        lambda r, a, loc: f"Expect {w.adj(r)} {w.noun(r)}, {w.noun(r)} and plenty of {w.noun(r)}.",
        lambda r, a, loc: (
            f"You can {w.verb(r)} {w.noun(r)}, {w.verb(r)} {w.noun(r)} or just {w.verb(r)} "
            f"with {w.people(r)}."
        ),
        lambda r, a, loc: f"Talks cover {w.topic(r)}, {w.topic(r)} and {w.noun(r)}.",
        lambda r, a, loc: f"This season: {w.topic(r)}, then {w.topic(r)}.",
        lambda r, a, loc: f"Ideal for {w.people(r)} and {w.people(r)} who would like {w.adj(r)} {a}.",
        lambda r, a, loc: f"No need to {w.verb(r)} {w.noun(r)}: the {a} is {w.adj(r)} and {w.adj(r)}.",
        lambda r, a, loc: w.opening(r),
    )


# ---------------------------------------------------------------- one asset


@dataclass
class Generator:
    """Draws assets one at a time from a seeded random source."""

    seed: int

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.w = Words()
        _, towns = build_gazetteer()
        self.towns = Weighted([(t, t.weight) for t in towns])
        self.neighbours = _neighbours()
        self.kind = Weighted(KIND_WEIGHTS)
        self.status = Weighted(STATUS_WEIGHTS)

    # -------------------------------------------------------- helpers
    def _date(self, days_ago: int) -> str:
        return (TODAY - timedelta(days=days_ago)).isoformat()

    def _stamp(self, days_ago: int) -> str:
        r = self.rng
        hour, minute = r.randint(8, 17), r.choice((0, 10, 20, 30, 40, 50))
        return f"{TODAY - timedelta(days=days_ago)}T{hour:02d}:{minute:02d}:00Z"

    def _person(self) -> str:
        return f"{self.w.first(self.rng)} {self.w.surname(self.rng)[0]}"

    def _slot(self, day: str, week: int | None, morning: bool | None = None) -> dict[str, Any]:
        r = self.rng
        if morning is None:
            morning = r.random() < 0.6
        start = r.choice(
            (9 * 60, 9 * 60 + 30, 10 * 60, 10 * 60 + 30, 11 * 60)
            if morning
            else (12 * 60, 13 * 60, 13 * 60 + 30, 14 * 60, 18 * 60, 18 * 60 + 30, 19 * 60, 19 * 60 + 30)
        )
        end = min(start + r.choice((60, 90, 120, 120, 150, 180)), 23 * 60 + 30)
        return {
            "day": day,
            "start": f"{start // 60:02d}:{start % 60:02d}",
            "end": f"{end // 60:02d}:{end % 60:02d}",
            "week": week,
        }

    def _schedule(self, kind: str) -> tuple[list[dict[str, Any]], str, str]:
        """Slots, a schedule note and (for groups) how often it meets."""
        r = self.rng
        note = ""
        if kind == "hub":
            days = sorted(r.sample(range(6), r.randint(3, 6)))
            slots = []
            for d in days:
                closes = r.choice(("16:00", "17:00", "13:00", "15:00"))
                slots.append(
                    {
                        "day": DAYS[d],
                        "start": r.choice(("09:00", "09:30", "10:00")),
                        "end": closes,
                        "week": None,
                    }
                )
            return slots, r.choice(("", "Closed on bank holidays", "Hours may change in school holidays")), ""
        if kind in ("micro_enterprise", "time_bank") and r.random() < (
            0.6 if kind == "micro_enterprise" else 0.5
        ):
            note = (
                r.choice(V.SCHEDULE_NOTES[:3]) if kind == "micro_enterprise" else "Arrange through the broker"
            )
            return [], note, ""
        roll = r.random()
        if kind == "group" and roll < 0.05:
            return [], "Dates vary; phone for details", "Varies"
        if roll < 0.33 and kind == "group":
            week = r.choice((1, 2, 3, 4, -1))
            d = r.randrange(7)
            return [self._slot(DAYS[d], week)], "", f"{ORDINALS[week]} {DAY_NAMES[d]} of the month"
        count = 1 if roll < 0.75 else 2 if roll < 0.95 else 3
        days = sorted(r.sample(range(7), count))
        morning = r.random() < 0.6
        slots = [self._slot(DAYS[d], None, morning) for d in days]
        if r.random() < 0.15:
            note = r.choice(V.SCHEDULE_NOTES)
        return slots, note, ("Weekly", "Twice a week", "Three times a week")[count - 1]

    def _needs(self, base: tuple[str, ...]) -> list[str]:
        needs = list(base)
        if self.rng.random() < 0.25:
            extra = self.w.need(self.rng)
            if extra not in needs:
                needs.append(extra)
        return needs

    # -------------------------------------------------------- names and text
    def _name(self, kind: str, act: str, town: Town) -> str:
        r, w, loc = self.rng, self.w, town.name
        roll = r.random()
        if kind == "group":
            if roll < 0.45:
                return f"{loc} {act}"
            if roll < 0.58:
                return f"St {r.choice(SAINTS)}'s {act}"
            if roll < 0.72:
                return f"{w.brand(r)} {act}"
            if roll < 0.82:
                return f"{act} for {_cap(w.people(r))}"
            if roll < 0.92:
                return f"{loc} {act} at the {w.venue(r).title()}"
            return f"{w.surname(r)} Park {act}"
        if kind == "micro_enterprise":
            if roll < 0.25:
                return f"{w.first(r)}'s {act}"
            if roll < 0.40:
                return f"{act} by {w.first(r)}"
            if roll < 0.60:
                return f"{w.brand(r)} {w.brand_noun(r)}"
            if roll < 0.85:
                return f"{w.brand(r)} {act}"
            return f"{loc} {act}"
        if kind == "time_bank":
            if roll < 0.5:
                return f"{act} (time bank)"
            if roll < 0.8:
                return f"{act} in {loc} (time bank)"
            return f"{act} for {w.people(r)} (time bank)"
        if roll < 0.7:
            return f"{loc} {act}"
        if roll < 0.8:
            return f"St {r.choice(SAINTS)}'s {act}"
        return f"{w.brand(r)} {act}"

    def _summary(self, kind: str, a: str, town: Town, status: str) -> str:
        r, w, loc = self.rng, self.w, town.name
        roll = r.random()
        if kind == "group":
            if roll < 0.3:
                text = f"{_cap(w.adj(r))} {a} for {w.people(r)} in {loc}."
            elif roll < 0.6:
                text = f"{_cap(w.adj(r))} {a} with {w.noun(r)}, {w.noun(r)} and {w.noun(r)}."
            elif roll < 0.8:
                text = (
                    f"A {w.adj(r)} {a} at the {w.venue(r)}: {w.noun(r)}, {w.noun(r)} "
                    f"and a {w.adj(r)} welcome."
                )
            else:
                text = f"{_cap(w.adj(r))} {a} for anyone feeling {w.feeling(r)}; {w.noun(r)} and {w.noun(r)}."
        elif kind == "micro_enterprise":
            if roll < 0.4:
                text = f"{_cap(a)} at home for {w.people(r)} in {loc} and nearby."
            elif roll < 0.7:
                text = f"{_cap(w.adj(r))}, {w.adj(r)} {a} covering {loc} and {self.neighbours[loc][0]}."
            else:
                text = f"{_cap(w.adj(r))} {a}: {w.noun(r)}, {w.noun(r)} and {w.noun(r)}."
        elif kind == "time_bank":
            if roll < 0.5:
                text = f"A time bank member offers {a} for {w.people(r)} in {loc}."
            else:
                text = f"{_cap(a)}: {w.adj(r)} help with {w.noun(r)} and {w.noun(r)}, paid in time credits."
        else:
            text = (
                f"{_cap(w.adj(r))} {a} in {loc}: {w.noun(r)}, {w.noun(r)}, {w.noun(r)} "
                f"and a {w.adj(r)} welcome."
            )
        if status == "closed" and r.random() < 0.6:
            text = text.rstrip(".") + "; no longer running."
        elif status == "paused" and r.random() < 0.6:
            text = text.rstrip(".") + "; paused for now."
        return _fit(text, 200)

    def _description(self, a: str, town: Town) -> str:
        r = self.rng
        count = r.choice((1, 2, 3, 3, 4, 4, 5, 6, 8, 10))
        sentences = self.w.sentences
        picked = [sentences[r.randrange(len(sentences))](r, a, town.name) for _ in range(count)]
        return _fit(" ".join(picked), 5000)

    # -------------------------------------------------------- the record
    def record(self) -> dict[str, Any]:
        r, w = self.rng, self.w
        asset_id = str(uuid.UUID(int=r.getrandbits(128), version=4))
        kind = self.kind(r)
        town: Town = self.towns(r)
        act, act_needs = w.activity[kind](r)
        a = _lower(act)
        status = self.status(r)
        name = _fit(self._name(kind, act, town), 120)
        slots, schedule_note, frequency = self._schedule(kind)
        lat = round(town.lat + r.gauss(0, 0.008), 5)
        lon = round(town.lon + r.gauss(0, 0.012), 5)
        postcode = f"{town.sector}{r.choice(UNIT_LETTERS)}{r.choice(UNIT_LETTERS)}"
        street = f"{r.randint(1, 180)} {w.street(r)}, {town.name}"
        if kind in ("group", "hub"):
            address = f"{w.venue(r).title()}, {street}"
        else:
            address = "Comes to your home" if r.random() < 0.6 else street
        if kind == "group":
            organisation = (
                name
                if r.random() < 0.5
                else f"{town.name} {w.org(r)}"
                if r.random() < 0.6
                else f"{w.brand(r)} {w.org(r)}"
            )
        elif kind == "time_bank":
            organisation = f"{town.area_name.removesuffix(' and District')} Time Bank"
        elif kind == "hub":
            organisation = f"{name} volunteers" if r.random() < 0.7 else f"{town.area_name} Libraries"
        else:
            organisation = name
        organisation = _fit(organisation, 120)
        slug = re.sub(r"[^a-z0-9]+", "", organisation.lower())[:30] or "contact"
        verified_ago = r.randint(0, 540) if r.random() < 0.7 else r.randint(540, 1300)
        has_verified = r.random() >= 0.05
        created_ago = verified_ago + r.randint(0, 900)
        updated_ago = r.randint(0, verified_ago) if has_verified else r.randint(0, created_ago)
        if kind == "time_bank":
            cost, cost_note = "time_credits", "1 hour = 1 time credit"
        else:
            cost = {
                "group": Weighted((("free", 0.55), ("low_cost", 0.4), ("paid", 0.05))),
                "hub": Weighted((("free", 0.9), ("low_cost", 0.1))),
                "micro_enterprise": Weighted((("paid", 0.8), ("low_cost", 0.2))),
            }[kind](r)
            cost_note = {
                "free": "Free",
                "low_cost": f"£{r.randint(1, 5)} including tea",
                "paid": f"£{r.randint(6, 35)} per {r.choice(('hour', 'visit', 'session'))}",
            }[cost]
        record: dict[str, Any] = {
            "id": asset_id,
            "kind": kind,
            "name": name,
            "summary": self._summary(kind, a, town, status),
            "description": self._description(a, town),
            "organisation": organisation,
            "locality": town.name,
            "address": _fit(address, 200),
            "postcode": postcode,
            "latitude": lat if r.random() < 0.9 else None,
            "longitude": lon,
            "phone": (
                f"01632 960 {r.randint(0, 999):03d}"
                if r.random() < 0.5
                else f"07700 900 {r.randint(0, 999):03d}"
            ),
        }
        if record["latitude"] is None:
            record["longitude"] = None
        if r.random() < 0.6:
            record["email"] = f"hello@{slug}.example.org"
        if r.random() < 0.4:
            record["website"] = f"https://{slug}.example.org"
        record["schedule"] = slots
        if schedule_note:
            record["schedule_note"] = schedule_note
        record["cost"] = cost
        record["cost_note"] = cost_note
        record["accessibility"] = self._access(kind)
        record["audience"] = self._audience(a)
        if a == "youth club":
            record["age_min"], record["age_max"] = 11, 18
        elif r.random() < 0.04:
            record["age_min"] = r.choice((50, 60, 65))
        record["needs"] = self._needs(act_needs)
        record["languages"] = ["English"] if r.random() < 0.9 else ["English", r.choice(V.LANGUAGES[1:])]
        record["status"] = status
        if has_verified:
            record["verified_on"] = self._date(verified_ago)
            record["verified_by"] = self._person()
            record["verified_how"] = r.choice(("visited", "phoned", "provider_confirmed", "emailed"))
        else:
            record["verified_on"] = None
        record["created_at"] = self._stamp(created_ago)
        record["created_by"] = self._person()
        record["updated_at"] = self._stamp(min(updated_ago, created_ago))
        record["updated_by"] = self._person()
        record["source"] = r.choice(V.SOURCES)
        record["details"] = self._details(kind, act, town, frequency)
        return record

    def _access(self, kind: str) -> list[str]:
        r = self.rng
        if kind in ("micro_enterprise", "time_bank") and r.random() < 0.75:
            return []
        odds = (
            ("step_free", 0.7),
            ("accessible_toilet", 0.5),
            ("hearing_loop", 0.2),
            ("parking", 0.4),
            ("bus_stop", 0.5),
            ("large_print", 0.1),
            ("quiet_space", 0.15),
            ("seating", 0.3),
            ("assistance_dogs", 0.1),
        )
        return [name for name, p in odds if r.random() < p]

    def _audience(self, a: str) -> list[str]:
        r = self.rng
        if "dementia" in a or "memory" in a:
            return ["dementia", "carers"]
        if "carer" in a:
            return ["carers"]
        if any(word in a for word in ("toddler", "baby", "play", "homework", "youth", "family")):
            return ["families", "children"]
        roll = r.random()
        if roll < 0.5:
            return ["everyone"]
        if roll < 0.75:
            return ["adults", "older_people"]
        return [
            r.choice(
                (
                    "adults",
                    "older_people",
                    "men",
                    "women",
                    "disability",
                    "learning_disability",
                    "young_people",
                )
            )
        ]

    def _details(self, kind: str, act: str, town: Town, frequency: str) -> dict[str, Any]:
        r, w = self.rng, self.w
        near = self.neighbours[town.name]
        if kind == "micro_enterprise":
            details: dict[str, Any] = {
                "price": f"£{r.randint(8, 40)} per {r.choice(('hour', 'visit', 'session', 'week'))}",
                "area_served": _fit(f"{town.name}, {near[0]}, {near[1]} and {near[2]}", 200),
                "comes_to_home": r.random() < 0.65,
                "registration": (
                    "CQC registered"
                    if act in ("Home Care", "Personal Care")
                    else "Ofsted registered"
                    if act == "Childminding"
                    else "HCPC registered podiatrist"
                    if act == "Chiropody"
                    else ""
                ),
            }
            for field in ("dbs_checked_on", "insurance_expires_on", "safeguarding_trained_on"):
                if r.random() < 0.7:
                    ago = r.randint(-400, 300) if field == "insurance_expires_on" else r.randint(30, 1500)
                    details[field] = self._date(ago)
            return details
        if kind == "time_bank":
            return {
                "skill": _fit(act, 120),
                "availability": r.choice(V.AVAILABILITY),
                "hours": r.choice((0.5, 1, 1, 1.5, 2, 2, 3, 4)),
            }
        if kind == "hub":
            offered = r.sample(HELP_OFFERED, r.randint(3, 6))
            sessions = []
            for name in r.sample(DROP_INS, r.randint(1, 3)):
                start = r.choice((10, 13, 14))
                sessions.append(f"{name}: {r.choice(DAY_NAMES[:5])}s {start:02d}:00–{start + 2:02d}:00")
            return {
                "help_offered": _fit(", ".join(offered), 500),
                "drop_in_sessions": _fit("; ".join(sessions), 500),
            }
        return {
            "audience_note": _fit(f"{_cap(w.people(r))}; {r.choice(AUDIENCE_NOTES)}", 200),
            "frequency": frequency or "Weekly",
        }


# ---------------------------------------------------------------- the public entry points


def notice(seed: int) -> str:
    return (
        f"SYNTHETIC DATA generated by benchmarks/generate.py (seed {seed}) for benchmarks. Every name, "
        "place, postcode, phone number, email and person here is invented."
    )


def iter_records(size: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """The `size` asset records of the directory for `seed`, one at a time."""
    generator = Generator(seed)
    for _ in range(size):
        yield generator.record()


def gazetteer_extension() -> dict[str, Any]:
    """The synthetic gazetteer (plus Thurrock's localities, marked builtin); a fresh copy."""
    extension, _ = build_gazetteer()
    return json.loads(json.dumps(extension))


def generate(size: int, seed: int = DEFAULT_SEED) -> tuple[dict[str, Any], dict[str, Any]]:
    """(directory document, gazetteer extension) for `size` assets drawn with `seed`."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "notice": notice(seed),
        "assets": list(iter_records(size, seed)),
    }
    return document, gazetteer_extension()


def write_directory(handle: TextIO, size: int, seed: int = DEFAULT_SEED) -> int:
    """Stream the directory document to an open text file without holding it all in memory."""
    head = {"format": FORMAT, "version": VERSION, "notice": notice(seed)}
    handle.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "assets": [\n')
    count = 0
    for record in iter_records(size, seed):
        if count:
            handle.write(",\n")
        handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        count += 1
    handle.write("\n]}\n")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of assets")
    parser.add_argument("--out", type=Path, required=True, help="directory file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--gazetteer-out", type=Path, help="also write the gazetteer extension here")
    args = parser.parse_args(argv)
    if args.size < 0:
        parser.error("--size must be 0 or more")
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        count = write_directory(handle, args.size, args.seed)
    if args.gazetteer_out:
        args.gazetteer_out.parent.mkdir(parents=True, exist_ok=True)
        args.gazetteer_out.write_text(
            json.dumps(gazetteer_extension(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    elapsed = time.perf_counter() - started
    size_mb = args.out.stat().st_size / 1e6
    print(
        f"wrote {count} assets (seed {args.seed}) to {args.out} ({size_mb:.1f} MB) in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
