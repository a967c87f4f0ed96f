"""Likely duplicates: the same thing, at the same place, run by the same people.

Used while a volunteer types a new entry (so they open the existing one instead of making
the fifth "Tilbury Lunch Club") and by the review queue to find pairs already in the directory.
The rules are written, with the reasons for them, in docs/review.md. In short:

- Names are compared without the words that say nothing about which entry it is: the
  locality's own name (every entry in Tilbury may say "Tilbury"), the shared words of an
  organisation whose contact both give ("time bank"), and little words ("for", "and"). Two
  names are alike when they are `SIMILAR_NAME` alike as a whole *and* their own words —
  generic ones such as "club", "group", "help", "for beginners" set aside too — are
  `OWN_WORDS` alike: "Guitar lessons for beginners" and "IT help for beginners" share only
  generic words, "Tilbury Community Hub" and "Tilbury Community Pantry" only the place and one.
- A contact held by at most `MAX_SHARING` live entries says "run by the same people": a
  pair, unless their timetables show two different sessions (they meet on no common day).
- A contact held by more (an umbrella organisation: a time bank, a council, a charity running
  several groups) is never evidence on its own: it only adds to names already alike.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process, utils

from asset_map.places import Point, distance_km
from asset_map.search.columns import STATUSES
from asset_map.search.index import AssetDoc, SearchIndex

SAME_NAME = 92.0  # this similar: a duplicate wherever it is (while typing; or sharing a contact)
SIMILAR_NAME = 80.0  # this similar: a duplicate when at or near the same place
OWN_WORDS = 60.0  # ... and the names' own words (generic ones set aside) at least this alike
MAX_SHARING = 2  # a contact held by at most this many live entries is a duplicate signal
NEAR_KM = 0.1
HOUSE_MIN = 3  # an organisation's words are in at least this many of its entries' names
PREFILTER = 75.0  # whole names at least this alike are scored properly (while typing)

# Words that never tell one entry from another.
FUNCTION_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "our", "the", "to", "with", "your"]
)
# Words that say what sort of thing an entry is, not which one (as `_stem` leaves them);
# "time bank" is a kind of entry ("Ironing (time bank)"), so its words are among them.
GENERIC_WORDS = frozenset(
    [
        *("association", "bank", "beginner", "class", "club", "community", "course", "group"),
        *("help", "lesson", "local", "monthly", "service", "session", "society", "time", "weekly"),
    ]
)
GENERIC_LIKE = 85.0  # a word this like a generic word is one, misspelt ("clubb", "comunity")

CONTACT_WORDS = {"tel": "same phone", "mailto": "same email", "web": "same website"}

# Decisions that two entries are not the same: pair of ids -> each id's name when decided.
Decided = Mapping[frozenset[uuid.UUID], Mapping[uuid.UUID, str]]


_NOT_DIGIT = re.compile(r"\D")
_SCHEME_AND_WWW = re.compile(r"^(https?://)?(www\.)?")


def contact_keys(phone: str = "", email: str = "", website: str = "") -> frozenset[str]:
    """Contact details reduced to what identifies them: digits, lower-case address, bare host+path."""
    keys = set()
    digits = _NOT_DIGIT.sub("", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if len(digits) >= 9:
        keys.add(f"tel:{digits}")
    if "@" in email:
        keys.add(f"mailto:{email.strip().lower()}")
    site = _SCHEME_AND_WWW.sub("", website.strip().lower()).rstrip("/")
    if "." in site:
        keys.add(f"web:{site}")
    return frozenset(keys)


@dataclass(frozen=True)
class DuplicateMatch:
    asset_id: uuid.UUID
    name: str
    locality: str
    reasons: tuple[str, ...]
    similarity: float


@dataclass(frozen=True)
class Candidate:
    """What has been typed so far for a new or edited entry."""

    name: str
    locality: str = ""
    point: Point | None = None
    contacts: frozenset[str] = frozenset()
    exclude: uuid.UUID | None = None
    days: frozenset[str] = frozenset()  # the weekdays of its timetable ("mon", …)


def is_live(doc: AssetDoc) -> bool:
    """In the directory as people see it: neither archived nor closed."""
    return not doc.archived and doc.status != "closed"


# ---------------------------------------------------------------- comparing names
def _stem(word: str) -> str:
    """Plural and -ing endings off (walks, walking: walk), the same both sides; not English."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    return word


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[str, ...]:
    """A name's words without case, accents, punctuation or endings ("Café" = "cafe")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return tuple(_stem(w) for w in utils.default_process(folded).split() if len(w) > 1 or w.isdigit())


@lru_cache(maxsize=1 << 14)
def _generic(word: str) -> bool:
    if word in FUNCTION_WORDS or word in GENERIC_WORDS:
        return True
    return len(word) >= 4 and bool(
        process.extractOne(word, GENERIC_WORDS, scorer=fuzz.ratio, score_cutoff=GENERIC_LIKE)
    )


@lru_cache(maxsize=256)
def place_words(locality: str) -> frozenset[str]:
    """The words of a locality's name: in names of entries there, they tell nothing apart."""
    return frozenset(name_words(locality))


def house_words(names: Iterable[str]) -> frozenset[str]:
    """Words in more than half, and at least 3, of the names that share a contact: the
    organisation's, not the entry's (two names alike are not yet an organisation's words)."""
    names = list(names)
    counts = Counter(word for name in names for word in set(name_words(name)))
    return frozenset(
        w for w, n in counts.items() if 2 * n > len(names) and n >= HOUSE_MIN and w not in FUNCTION_WORDS
    )


@dataclass(frozen=True)
class NameForm:
    """A name as it is compared: `whole` without the words set aside, `own` without generic words too."""

    whole: str
    own: str


@lru_cache(maxsize=1 << 16)
def name_form(name: str, aside: frozenset[str] = frozenset()) -> NameForm:
    """The name without `aside` words (the place's, an organisation's) and little words."""
    words = name_words(name)
    kept = [w for w in words if w not in aside and w not in FUNCTION_WORDS]
    own = [w for w in kept if not _generic(w)]
    # Nothing left (only the place's and the organisation's words): nothing of its own, and
    # two such names at one place say the same, so both are "" and alike.
    return NameForm(" ".join(kept), " ".join(own))


def alike(a: NameForm, b: NameForm, *, anywhere: bool = False) -> float | None:
    """How alike two names are (0–100), or None when not alike enough to be one entry.

    At the same place `SIMILAR_NAME` as a whole or in their own words ("IT help" and "IT help
    for beginners" are one offer); anywhere `SAME_NAME` as a whole. Either way the own words
    must be `OWN_WORDS` alike, so that generic words alone never make two names alike.
    """
    whole = float(fuzz.token_sort_ratio(a.whole, b.whole))
    own = float(fuzz.token_sort_ratio(a.own, b.own)) if a.own or b.own else whole
    if own < OWN_WORDS:
        return None
    score = whole if anywhere else max(whole, own)
    return score if score >= (SAME_NAME if anywhere else SIMILAR_NAME) else None


def different_sessions(a: Iterable[str], b: Iterable[str]) -> bool:
    """Both timetables known and no day in common: two sessions of one organisation, not one entry."""
    days_a, days_b = set(a), set(b)
    return bool(days_a) and bool(days_b) and not days_a & days_b


def _days(doc: AssetDoc) -> frozenset[str]:
    return frozenset(slot.day for slot in doc.slots)


def decided_apart(decided: Decided, a: tuple[uuid.UUID, str], b: tuple[uuid.UUID, str]) -> bool:
    """Someone said these two (id, name) are not the same, and neither has been renamed since.

    A change of case, accents or punctuation is not a rename; any other change brings the
    pair back if it is still alike, since the decision was about the names as they were.
    """
    names = decided.get(frozenset({a[0], b[0]}))
    return names is not None and all(
        asset_id in names and name_words(names[asset_id]) == name_words(name) for asset_id, name in (a, b)
    )


def _what(key: str) -> str:
    return CONTACT_WORDS[key.split(":", 1)[0]]


def _near(a: Candidate, b: AssetDoc) -> str | None:
    if a.point is not None and b.point is not None and distance_km(a.point, b.point) <= NEAR_KM:
        return "within 100 m"
    if a.locality and a.locality == b.locality:
        return f"also in {b.locality}"
    return None


# ---------------------------------------------------------------- while typing
def _same_place(candidate: Candidate, index: SearchIndex, live: np.ndarray) -> list[int]:
    """Live slots in the candidate's locality or within about 100 m of its point."""
    columns = index.columns
    found: set[int] = set()
    if candidate.locality:
        localities = columns.localities
        found = {pos for pos in np.flatnonzero(live).tolist() if localities[pos] == candidate.locality}
    if candidate.point is not None:
        lat, lon = candidate.point
        box = live & (np.abs(columns.lat - lat) < 0.002) & (np.abs(columns.lon - lon) < 0.003)
        found |= set(np.flatnonzero(box).tolist())
    return sorted(found)


def find_for(candidate: Candidate, index: SearchIndex, limit: int = 5) -> list[DuplicateMatch]:
    """Existing entries the candidate may duplicate, most likely first.

    The queue's rules, with the candidate as if it were saved: it counts as one of a
    contact's sharers, a very similar name counts wherever the entry is, and "the same
    place" includes within 100 m. Closed entries are offered too (it may have restarted).
    Slots are read from the index's columns; documents are built only for what matches.
    """
    columns = index.columns
    live = columns.alive & ~columns.archived
    if candidate.exclude is not None and candidate.exclude in index.slot:
        live[index.slot[candidate.exclude]] = False  # the entry being edited is not its own duplicate
    closed = STATUSES.index("closed")
    names: dict[int, tuple[str, float]] = {}  # slot -> the name reason and its score
    contacts: dict[int, list[str]] = {}  # contact reasons that count on their own
    backing: dict[int, list[str]] = {}  # contact reasons that only back a name
    org: dict[int, frozenset[str]] = {}  # words of an umbrella organisation both give
    for key in sorted(candidate.contacts):
        others = sorted(pos for pos in index.contacts.get(key, ()) if live[pos])
        sharers = [pos for pos in others if columns.status[pos] != closed]
        if len(sharers) + 1 <= MAX_SHARING:  # +1: the candidate, once saved
            for pos in others:
                telling = not different_sessions(candidate.days, (s.day for s in columns.slots[pos]))
                (contacts if telling else backing).setdefault(pos, []).append(_what(key))
            continue
        house = house_words([candidate.name, *(columns.names[pos] for pos in sharers)])
        for pos in others:
            backing.setdefault(pos, []).append(_what(key))
            org[pos] = org.get(pos, frozenset()) | house

    if len(candidate.name.strip()) >= 3:
        here = place_words(candidate.locality)
        for pos in _same_place(candidate, index, live):
            extra = org.get(pos, frozenset())
            theirs = place_words(columns.localities[pos]) | extra
            score = alike(name_form(candidate.name, here | extra), name_form(columns.names[pos], theirs))
            if score is not None:
                names[pos] = (f"similar name ({score:.0f}%)", score)
        everywhere = {pos: columns.names[pos] for pos in np.flatnonzero(live).tolist()}
        for _, _, pos in process.extract(
            candidate.name,
            everywhere,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            limit=50,
            score_cutoff=PREFILTER,
        ):
            if pos in names:
                continue
            extra = org.get(pos, frozenset())
            score = alike(
                name_form(candidate.name, extra), name_form(columns.names[pos], extra), anywhere=True
            )
            if score is not None:
                names[pos] = (f"similar name ({score:.0f}%)", score)

    found = []
    for pos in dict.fromkeys([*names, *contacts]):
        doc = columns.doc(pos)
        why: list[str] = []
        score = 100.0
        if pos in names:
            reason, score = names[pos]
            near = _near(candidate, doc)
            why = [reason, *([near] if near else [])]
        why += contacts.get(pos, []) + (backing.get(pos, []) if why else [])
        found.append(DuplicateMatch(doc.id, doc.name, doc.locality, tuple(dict.fromkeys(why)), score))
    ranked = sorted(found, key=lambda m: (-len(m.reasons), -m.similarity, m.name))
    return ranked[:limit]


# ---------------------------------------------------------------- pairs in the directory
@dataclass(frozen=True)
class DuplicatePair:
    first: AssetDoc
    second: AssetDoc
    reasons: tuple[str, ...]

    @property
    def key(self) -> str:
        """Stable for the pair whichever way round it was found (a table row key)."""
        return f"{self.first.id}+{self.second.id}"


BLOCK = 512  # rows compared at once: memory stays at BLOCK x group size scores


def _alike(texts: list[str], cutoff: float) -> Iterator[tuple[int, int, float]]:
    """(i, j, score) with i < j for every two texts at least `cutoff` alike (already processed).

    rapidfuzz compares a block of rows against all the others in C, on every core, so even a
    locality with thousands of entries takes well under a second.
    """
    for start in range(0, len(texts) - 1, BLOCK):
        scores = process.cdist(
            texts[start : start + BLOCK],
            texts,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=cutoff,
            dtype=np.float32,
            workers=-1,
        )
        rows, cols = np.nonzero(scores)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            if col > start + row:
                yield start + row, col, float(scores[row, col])


def _close(forms: list[NameForm], cutoff: float) -> list[tuple[int, int]]:
    """(i, j) for every two names `cutoff` alike as a whole or in their own words: worth `alike`."""
    close = {(i, j) for i, j, _ in _alike([f.whole for f in forms], cutoff)}
    close |= {(i, j) for i, j, _ in _alike([f.own or f.whole for f in forms], cutoff)}
    return sorted(close)


def _pair_key(a: AssetDoc, b: AssetDoc) -> tuple[uuid.UUID, uuid.UUID]:
    """The two ids in a steady order: by name, then by id."""
    return (a.id, b.id) if (a.name.casefold(), str(a.id)) <= (b.name.casefold(), str(b.id)) else (b.id, a.id)


def find_pairs(docs: Iterable[AssetDoc]) -> list[DuplicatePair]:
    """Pairs already in the directory: alike names within a locality (or anywhere, for two
    entries of one organisation), and telling shared contacts.

    Closed and archived entries are left out: they are not in the review queue.
    """
    live = [d for d in docs if is_live(d)]
    by_id = {d.id: d for d in live}
    pairs: dict[tuple[uuid.UUID, uuid.UUID], list[str]] = {}
    by_locality: dict[str, list[AssetDoc]] = {}
    by_contact: dict[str, list[AssetDoc]] = {}
    for doc in live:
        by_locality.setdefault(doc.locality, []).append(doc)
        for key in sorted(doc.contacts):
            by_contact.setdefault(key, []).append(doc)
    house = {key: house_words(d.name for d in g) for key, g in by_contact.items() if len(g) > MAX_SHARING}

    def org_words(a: AssetDoc, b: AssetDoc) -> frozenset[str]:
        """The shared words of every umbrella organisation whose contact both give."""
        return frozenset().union(*(house[k] for k in a.contacts & b.contacts if k in house))

    def add(a: AssetDoc, b: AssetDoc, aside: frozenset[str], *, anywhere: bool = False) -> None:
        score = alike(name_form(a.name, aside), name_form(b.name, aside), anywhere=anywhere)
        if score is not None:
            where = "" if anywhere else f" in {a.locality}"
            pairs.setdefault(_pair_key(a, b), []).append(f"similar name ({score:.0f}%){where}")

    for locality, group in by_locality.items():
        here = place_words(locality)
        forms = [name_form(d.name, here) for d in group]
        for i, j in _close(forms, SIMILAR_NAME):
            a, b = group[i], group[j]
            if org_words(a, b):
                continue  # judged below, with the organisation's words set aside too
            score = alike(forms[i], forms[j])
            if score is not None:
                pairs.setdefault(_pair_key(a, b), []).append(f"similar name ({score:.0f}%) in {locality}")
    for key, group in by_contact.items():
        if key not in house:
            continue
        org = house[key]
        forms = [name_form(d.name, place_words(d.locality) | org) for d in group]
        for i, j in _close(forms, SIMILAR_NAME):
            a, b = group[i], group[j]
            if a.locality == b.locality and _pair_key(a, b) not in pairs:
                add(a, b, place_words(a.locality) | org_words(a, b))
        forms = [name_form(d.name, org) for d in group]  # elsewhere the place's words tell
        for i, j, _ in _alike([f.whole for f in forms], SAME_NAME):
            a, b = group[i], group[j]
            if a.locality != b.locality and _pair_key(a, b) not in pairs:
                add(a, b, org_words(a, b), anywhere=True)
    for (a_id, b_id), why in pairs.items():  # alike names: every contact they share backs them
        why += [_what(key) for key in sorted(by_id[a_id].contacts & by_id[b_id].contacts)]
    for key, group in by_contact.items():  # a contact few share: a pair on its own
        if key in house:
            continue
        for a, b in combinations(group, 2):
            pair = _pair_key(a, b)
            if pair not in pairs and not different_sessions(_days(a), _days(b)):
                pairs[pair] = [_what(k) for k in sorted(a.contacts & b.contacts) if k not in house]
    found_pairs = [
        DuplicatePair(by_id[a], by_id[b], tuple(dict.fromkeys(why))) for (a, b), why in pairs.items()
    ]
    return sorted(found_pairs, key=lambda p: (p.first.name.casefold(), p.second.name.casefold()))
