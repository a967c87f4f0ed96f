"""Likely duplicates: a similar name at or near the same place, or the same contact details.

Used while a volunteer types a new entry (so they open the existing one instead of making
the fifth "Tilbury Lunch Club") and by the review queue to find pairs already in the directory.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz, process, utils

from asset_map.places import Point, distance_km
from asset_map.search.index import AssetDoc, SearchIndex

SAME_NAME = 92.0  # this similar: a duplicate wherever it is
SIMILAR_NAME = 80.0  # this similar: a duplicate when at or near the same place
NEAR_KM = 0.1


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


def _near(a: AssetDoc | Candidate, b: AssetDoc) -> str | None:
    if a.point is not None and b.point is not None and distance_km(a.point, b.point) <= NEAR_KM:
        return "within 100 m"
    if a.locality and a.locality == b.locality:
        return f"also in {b.locality}"
    return None


def find_for(candidate: Candidate, index: SearchIndex, limit: int = 5) -> list[DuplicateMatch]:
    """Existing entries the candidate may duplicate, most likely first."""
    found: dict[uuid.UUID, DuplicateMatch] = {}
    if len(candidate.name.strip()) >= 3:
        names = {pos: doc.name for pos, doc in enumerate(index.docs) if doc is not None and not doc.archived}
        for _, score, pos in process.extract(
            candidate.name,
            names,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            limit=50,
            score_cutoff=SIMILAR_NAME,
        ):
            doc = index.docs[pos]
            if doc is None or doc.id == candidate.exclude:
                continue
            near = _near(candidate, doc)
            if score >= SAME_NAME or near:
                reasons = [f"similar name ({score:.0f}%)"] + ([near] if near else [])
                found[doc.id] = DuplicateMatch(doc.id, doc.name, doc.locality, tuple(reasons), score)
    for key in candidate.contacts:
        for pos in index.contacts.get(key, ()):
            doc = index.docs[pos]
            if doc is None or doc.id == candidate.exclude or doc.archived:
                continue
            what = {"tel": "same phone", "mailto": "same email", "web": "same website"}[key.split(":")[0]]
            previous = found.get(doc.id)
            reasons = (*previous.reasons, what) if previous else (what,)
            found[doc.id] = DuplicateMatch(
                doc.id, doc.name, doc.locality, reasons, previous.similarity if previous else 100.0
            )
    ranked = sorted(found.values(), key=lambda m: (-len(m.reasons), -m.similarity, m.name))
    return ranked[:limit]


@dataclass(frozen=True)
class DuplicatePair:
    first: AssetDoc
    second: AssetDoc
    reasons: tuple[str, ...]


def find_pairs(docs: Iterable[AssetDoc]) -> list[DuplicatePair]:
    """Pairs already in the directory: compared within a locality, and by shared contacts."""
    live = [d for d in docs if not d.archived]
    by_locality: dict[str, list[AssetDoc]] = {}
    for doc in live:
        by_locality.setdefault(doc.locality, []).append(doc)
    pairs: dict[tuple[uuid.UUID, uuid.UUID], list[str]] = {}
    for group in by_locality.values():
        for a, b in combinations(group, 2):
            score = fuzz.token_sort_ratio(a.name, b.name, processor=utils.default_process)
            if score >= SIMILAR_NAME:
                key = (a.id, b.id) if str(a.id) < str(b.id) else (b.id, a.id)
                pairs.setdefault(key, []).append(f"similar name ({score:.0f}%) in {a.locality}")
    by_contact: dict[str, list[AssetDoc]] = {}
    for doc in live:
        for key in doc.contacts:
            by_contact.setdefault(key, []).append(doc)
    for key, group in by_contact.items():
        what = {"tel": "same phone", "mailto": "same email", "web": "same website"}[key.split(":")[0]]
        for a, b in combinations(group, 2):
            pair = (a.id, b.id) if str(a.id) < str(b.id) else (b.id, a.id)
            pairs.setdefault(pair, []).append(what)
    docs_by_id = {d.id: d for d in live}
    return [
        DuplicatePair(docs_by_id[a], docs_by_id[b], tuple(dict.fromkeys(reasons)))
        for (a, b), reasons in sorted(pairs.items(), key=lambda kv: docs_by_id[kv[0][0]].name)
    ]
