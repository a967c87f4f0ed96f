"""Likely duplicates: a similar name at or near the same place, or the same contact details.

Used while a volunteer types a new entry (so they open the existing one instead of making
the fifth "Tilbury Lunch Club") and by the review queue to find pairs already in the directory.

A contact detail shared by many entries is not a sign of a duplicate: every time bank offer
gives the broker's phone and email, and groups run by one organisation share its contacts. So
a shared contact counts only when at most `MAX_SHARING` live entries hold it, or when the two
names are also somewhat alike (`SHARED_CONTACT_NAME`) once the words most of those entries'
names share ("time bank", "South Ockendon") are set aside — otherwise "Dog walking (time bank)"
and "Ironing (time bank)" would look alike. The rules are written in docs/review.md.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process, utils

from asset_map.places import Point, distance_km
from asset_map.search.index import AssetDoc, SearchIndex

SAME_NAME = 92.0  # this similar: a duplicate wherever it is
SIMILAR_NAME = 80.0  # this similar: a duplicate when at or near the same place
SHARED_CONTACT_NAME = 60.0  # this similar: a contact shared by many still counts
MAX_SHARING = 2  # a contact held by at most this many live entries is a duplicate signal
NEAR_KM = 0.1

CONTACT_WORDS = {"tel": "same phone", "mailto": "same email", "web": "same website"}


def contact_keys(phone: str = "", email: str = "", website: str = "") -> frozenset[str]:
    """Contact details reduced to what identifies them: digits, lower-case address, bare host+path."""
    keys = set()
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if len(digits) >= 9:
        keys.add(f"tel:{digits}")
    if "@" in email:
        keys.add(f"mailto:{email.strip().lower()}")
    site = re.sub(r"^(https?://)?(www\.)?", "", website.strip().lower()).rstrip("/")
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


def is_live(doc: AssetDoc) -> bool:
    """In the directory as people see it: neither archived nor closed."""
    return not doc.archived and doc.status != "closed"


def name_similarity(a: str, b: str) -> float:
    """0–100: how alike two names are, ignoring case, punctuation and word order."""
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process)


def _words(name: str) -> list[str]:
    return utils.default_process(name).split()


def house_words(names: Iterable[str]) -> frozenset[str]:
    """Words in at least half of the names that share a contact: the organisation's, not the entry's."""
    names = list(names)
    counts: dict[str, int] = {}
    for name in names:
        for word in set(_words(name)):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(word for word, n in counts.items() if 2 * n >= len(names))


def _without(name: str, house: frozenset[str]) -> str:
    """The name's own words (all of them if it has nothing but house words), processed."""
    words = _words(name)
    return " ".join(w for w in words if w not in house) or " ".join(words)


def contact_name_similarity(a: str, b: str, house: frozenset[str]) -> float:
    """0–100: how alike two names are once the house words are set aside."""
    return fuzz.token_sort_ratio(_without(a, house), _without(b, house))


def contact_signal(sharing: int, similarity: float) -> bool:
    """A shared contact means "maybe the same" only if few share it or the names are alike too."""
    return sharing <= MAX_SHARING or similarity >= SHARED_CONTACT_NAME


def _what(key: str) -> str:
    return CONTACT_WORDS[key.split(":", 1)[0]]


def _near(a: AssetDoc | Candidate, b: AssetDoc) -> str | None:
    if a.point is not None and b.point is not None and distance_km(a.point, b.point) <= NEAR_KM:
        return "within 100 m"
    if a.locality and a.locality == b.locality:
        return f"also in {b.locality}"
    return None


class _LazyDocs:
    """Documents built only for the slots asked for (a large directory has 250k of them)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def __getitem__(self, pos: int) -> AssetDoc:
        return self.index.columns.doc(pos)


def find_for(candidate: Candidate, index: SearchIndex, limit: int = 5) -> list[DuplicateMatch]:
    """Existing entries the candidate may duplicate, most likely first."""
    found: dict[uuid.UUID, DuplicateMatch] = {}
    archived = index.columns.archived
    live = {pos for pos in index.slot.values() if not archived[pos]}
    docs = _LazyDocs(index)
    if len(candidate.name.strip()) >= 3:
        names = {pos: index.columns.names[pos] for pos in live}
        for _, score, pos in process.extract(
            candidate.name,
            names,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            limit=50,
            score_cutoff=SIMILAR_NAME,
        ):
            doc = docs[pos]
            if doc is None or doc.id == candidate.exclude:
                continue
            near = _near(candidate, doc)
            if score >= SAME_NAME or near:
                reasons = [f"similar name ({score:.0f}%)"] + ([near] if near else [])
                found[doc.id] = DuplicateMatch(doc.id, doc.name, doc.locality, tuple(reasons), score)
    for key in sorted(candidate.contacts):
        holders = [docs[pos] for pos in index.contacts.get(key, ()) if pos in live]
        others = [d for d in holders if d is not None and d.id != candidate.exclude and not d.archived]
        # As if the candidate were saved: it would be one more entry holding this contact.
        sharing = sum(1 for d in others if is_live(d)) + 1
        house = house_words([candidate.name, *(d.name for d in others if is_live(d))])
        for doc in others:
            similarity = contact_name_similarity(candidate.name, doc.name, house)
            if not contact_signal(sharing, similarity):
                continue
            previous = found.get(doc.id)
            why = (*previous.reasons, _what(key)) if previous else (_what(key),)
            found[doc.id] = DuplicateMatch(
                doc.id, doc.name, doc.locality, why, previous.similarity if previous else 100.0
            )
    ranked = sorted(found.values(), key=lambda m: (-len(m.reasons), -m.similarity, m.name))
    return ranked[:limit]


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


def _pair_key(a: AssetDoc, b: AssetDoc) -> tuple[uuid.UUID, uuid.UUID]:
    """The two ids in a steady order: by name, then by id."""
    return (a.id, b.id) if (a.name.casefold(), str(a.id)) <= (b.name.casefold(), str(b.id)) else (b.id, a.id)


def find_pairs(docs: Iterable[AssetDoc]) -> list[DuplicatePair]:
    """Pairs already in the directory: similar names within a locality, and telling shared contacts.

    Closed and archived entries are left out: they are not in the review queue.
    """
    live = [d for d in docs if is_live(d)]
    pairs: dict[tuple[uuid.UUID, uuid.UUID], list[str]] = {}
    by_locality: dict[str, list[AssetDoc]] = {}
    by_contact: dict[str, list[AssetDoc]] = {}
    for doc in live:
        by_locality.setdefault(doc.locality, []).append(doc)
        for key in sorted(doc.contacts):
            by_contact.setdefault(key, []).append(doc)
    for locality, group in by_locality.items():
        for i, j, score in _alike([utils.default_process(d.name) for d in group], SIMILAR_NAME):
            why = f"similar name ({score:.0f}%) in {locality}"
            pairs.setdefault(_pair_key(group[i], group[j]), []).append(why)
    for key, group in by_contact.items():
        found: Iterable[tuple[int, int]]
        if len(group) <= MAX_SHARING:
            found = combinations(range(len(group)), 2)
        else:
            house = house_words(d.name for d in group)
            texts = [_without(d.name, house) for d in group]
            found = ((i, j) for i, j, _ in _alike(texts, SHARED_CONTACT_NAME))
        for i, j in found:
            pairs.setdefault(_pair_key(group[i], group[j]), []).append(_what(key))
    by_id = {d.id: d for d in live}
    found_pairs = [
        DuplicatePair(by_id[a], by_id[b], tuple(dict.fromkeys(why))) for (a, b), why in pairs.items()
    ]
    return sorted(found_pairs, key=lambda p: (p.first.name.casefold(), p.second.name.casefold()))
