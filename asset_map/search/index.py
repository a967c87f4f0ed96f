"""The inverted index: terms → postings, needs → assets, kept current one asset at a time.

Each query resolves its words against the vocabulary (exact, plural-folded, typo-corrected
with rapidfuzz, and as a prefix while typing), expands synonyms and needs, and then scores
only the assets in those postings — never every asset in Python.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from asset_map.search.synonyms import SynonymTable
from asset_map.search.text import terms

# How much a word counts by where it appears.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 3.0,
    "summary": 1.6,
    "organisation": 1.3,
    "tags": 1.3,
    "locality": 1.0,
    "description": 1.0,
    "details": 0.8,
}


@dataclass(frozen=True)
class Slot:
    day: str
    start: str
    end: str
    week: int | None = None


@dataclass(frozen=True)
class AssetDoc:
    """What the index needs to know of one asset: text to match and facts to filter on."""

    id: uuid.UUID
    name: str
    kind: str
    locality: str
    status: str
    point: tuple[float, float] | None
    cost: str
    accessibility: frozenset[str]
    needs: tuple[str, ...]
    slots: tuple[Slot, ...]
    schedule_note: str
    verified_on: date | None
    texts: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    archived: bool = False
    contacts: frozenset[str] = frozenset()  # normalised phone/email/website, for duplicates

    @property
    def summary(self) -> str:
        return self.texts.get("summary", "")


class SearchIndex:
    """An in-memory inverted index over the directory, updated in place on every write."""

    def __init__(self, synonyms: SynonymTable, need_labels: dict[str, str]) -> None:
        self.synonyms = synonyms
        self.need_labels = need_labels
        self.docs: list[AssetDoc | None] = []
        self.slot: dict[uuid.UUID, int] = {}
        self.free: list[int] = []
        self.postings: dict[str, dict[int, float]] = {}
        self.doc_fields: list[dict[str, frozenset[str]]] = []
        self.need_docs: dict[str, set[int]] = {}
        self.contacts: dict[str, set[int]] = {}
        self._vocab_sorted: list[str] | None = None
        self._fuzzy_choices: list[str] | None = None

    # ------------------------------------------------------------ building
    @classmethod
    def build(
        cls, docs: Iterable[AssetDoc], synonyms: SynonymTable, need_labels: dict[str, str]
    ) -> SearchIndex:
        index = cls(synonyms, need_labels)
        for doc in docs:
            index.upsert(doc)
        return index

    def __len__(self) -> int:
        return len(self.slot)

    def get(self, asset_id: uuid.UUID) -> AssetDoc | None:
        pos = self.slot.get(asset_id)
        return self.docs[pos] if pos is not None else None

    def upsert(self, doc: AssetDoc) -> None:
        """Add or replace one asset's entry: the cost is that asset's words, not a rebuild."""
        self.remove(doc.id)
        if self.free:
            pos = self.free.pop()
            self.docs[pos] = doc
        else:
            pos = len(self.docs)
            self.docs.append(doc)
            self.doc_fields.append({})
        self.slot[doc.id] = pos
        fields: dict[str, frozenset[str]] = {}
        for name, text in doc.texts.items():
            fields[name] = frozenset(terms(text))
        self.doc_fields[pos] = fields
        for name, words in fields.items():
            weight = FIELD_WEIGHTS.get(name, 1.0)
            for term in words:
                posting = self.postings.get(term)
                if posting is None:
                    posting = self.postings[term] = {}
                    self._vocab_sorted = self._fuzzy_choices = None
                if posting.get(pos, 0.0) < weight:
                    posting[pos] = weight
        for need in doc.needs:
            self.need_docs.setdefault(need, set()).add(pos)
        for key in doc.contacts:
            self.contacts.setdefault(key, set()).add(pos)

    def remove(self, asset_id: uuid.UUID) -> None:
        pos = self.slot.pop(asset_id, None)
        if pos is None:
            return
        doc = self.docs[pos]
        for words in self.doc_fields[pos].values():
            for term in words:
                posting = self.postings.get(term)
                if posting is not None:
                    posting.pop(pos, None)
                    if not posting:
                        del self.postings[term]
                        self._vocab_sorted = self._fuzzy_choices = None
        if doc is not None:
            for need in doc.needs:
                self.need_docs.get(need, set()).discard(pos)
            for key in doc.contacts:
                self.contacts.get(key, set()).discard(pos)
        self.docs[pos] = None
        self.doc_fields[pos] = {}
        self.free.append(pos)

    # ------------------------------------------------------------ vocabulary
    @property
    def vocabulary(self) -> list[str]:
        if self._vocab_sorted is None:
            self._vocab_sorted = sorted(self.postings)
        return self._vocab_sorted

    def _choices(self) -> list[str]:
        if self._fuzzy_choices is None:
            self._fuzzy_choices = sorted(set(self.postings) | self.synonyms.words)
        return self._fuzzy_choices

    def known(self, word: str) -> bool:
        return word in self.postings or word in self.synonyms.words

    def correct(self, word: str) -> list[tuple[str, float]]:
        """Likely intended spellings of an unknown word, with a confidence 0–1."""
        if len(word) < 4 or any(ch.isdigit() for ch in word):
            return []
        cutoff = 75.0 if len(word) <= 5 else 78.0
        matches = process.extract(word, self._choices(), scorer=fuzz.ratio, limit=3, score_cutoff=cutoff)
        return [(m[0], m[1] / 100.0) for m in matches]

    def prefixed(self, prefix: str, limit: int = 40) -> list[str]:
        """The most common terms that start with what has been typed so far."""
        vocab = self._choices()
        start = bisect.bisect_left(vocab, prefix)
        found: list[str] = []
        for term in vocab[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
        if len(found) > limit:
            found.sort(key=lambda t: -len(self.postings.get(t, ())))
            found = found[:limit]
        return found

    def idf(self, term: str) -> float:
        from math import log

        live = max(len(self.slot), 1)
        return log(1.0 + live / (1 + len(self.postings.get(term, ()))))
