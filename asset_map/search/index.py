"""The search index: columnar facts per asset and compressed postings per term.

Why columnar (numpy): a query must stay instant on a quarter of a million assets, so scoring
and filtering run as array operations over postings, never as a Python loop over assets.
Postings are stored once, sorted by term (CSR: offsets + doc slots + field codes); a write
marks the old slot dead and appends the new version to small pending postings, so an edit
costs milliseconds, and `compact()` folds them in later. The whole index can be saved to a
file and loaded back with no rebuild, so the app starts fast on a large directory.
"""

from __future__ import annotations

import bisect
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from math import log
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from asset_map.search import saved
from asset_map.search.columns import COSTS, Columns
from asset_map.search.saved import Damaged, Section
from asset_map.search.synonyms import SynonymTable
from asset_map.search.text import index_terms

# How much a word counts by where it appears; the field code is the index in this tuple.
FIELDS = ("name", "summary", "organisation", "tags", "locality", "description", "details", "terms")
# "terms": the names of a feed's service taxonomy terms ("Food Stamps/SNAP"), what a 211 directory
# files a service under: as telling as its summary, whom it is for left out (documents.term_names).
FIELD_WEIGHTS = np.array([3.0, 1.6, 1.3, 1.3, 1.0, 1.0, 0.8, 2.0], dtype=np.float32)
NAME = 0
FORMAT_VERSION = 13  # bump whenever what is saved changes shape (13: the areas served)


@dataclass(frozen=True, slots=True)
class WordRead:
    """How one word of a query is read: its best spelling, every term it may stand for (term
    -> factor; never changed once made), its completions if unfinished, and the correction
    said back for a typo."""

    best: str
    alternatives: dict[str, float]
    completions: list[str]
    correction: str | None = None


@dataclass(frozen=True, slots=True)
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
    version: int = 1  # the stored asset's version, to notice other processes' edits
    flagged: bool = False  # possibly closed: its timetable is not to be trusted
    delivery: frozenset[str] = frozenset({"in_person"})  # in_person, home, phone, online
    served: frozenset[str] = frozenset()  # the area it serves, as place keys (places/coverage.py)

    @property
    def summary(self) -> str:
        return self.texts.get("summary", "")


@dataclass
class Postings:
    """Doc slots and field codes for one term (base and pending joined)."""

    docs: npt.NDArray[np.int32]
    fields: npt.NDArray[np.uint8]

    @property
    def weights(self) -> npt.NDArray[np.float32]:
        return FIELD_WEIGHTS[self.fields]


class SearchIndex:
    """Terms → postings, plus one row of facts per asset slot."""

    def __init__(self, synonyms: SynonymTable, need_labels: dict[str, str]) -> None:
        self.synonyms = synonyms
        self.need_labels = need_labels
        self.need_bits = {need: 1 << i for i, need in enumerate(sorted(need_labels))}
        self.columns = Columns(self.need_bits)
        # id → slot and contact key → slots: built on first use after a load (a search needs
        # neither, and at 250k entries building them was a third of the start-up)
        self._slot: dict[uuid.UUID, int] | None = {}
        self._contacts: dict[str, set[int]] | None = {}
        self._live = 0
        # Scores that depend on the index alone (a need's words), kept until the next write.
        self.remembered: dict[object, tuple[np.ndarray, np.ndarray]] = {}
        # How each word of a query was read (spellings, forms, corrections, completions): it
        # depends on the vocabulary alone, so it too is kept until the next write.
        self.words_read: dict[tuple[str, bool], WordRead] = {}
        # two words read together: (first, second) -> the word found in place of one, or None
        self.pairs_read: dict[tuple[str, str], tuple[int, str, float] | None] = {}
        self.said_together: dict[tuple[str, str], int] = {}
        self._radians: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        # base postings (CSR, sorted by term) and postings added since
        self.term_index: dict[str, int] = {}
        self.offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self.post_docs: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self.post_fields: npt.NDArray[np.uint8] = np.zeros(0, dtype=np.uint8)
        self.pending: dict[str, tuple[array[int], array[int]]] = {}  # docs ("i"), fields ("B")
        self.df: dict[str, int] = {}
        self._choices: list[str] | None = None

    # ------------------------------------------------------------ building
    @classmethod
    def build(
        cls, docs: Iterable[AssetDoc], synonyms: SynonymTable, need_labels: dict[str, str]
    ) -> SearchIndex:
        """Build from scratch in one pass: per-doc term codes go into compact arrays, then one sort."""
        index = cls(synonyms, need_labels)
        term_ids: dict[str, int] = {}
        # Every (term, field) of every document, in document order; memory-lean on purpose
        # (14 million at 250k): term codes in 2 bytes until there are too many terms, and a
        # count per document instead of a document number per posting.
        col_terms, col_fields, per_doc = array("H"), array("B"), array("I")
        for doc in docs:
            # straight into the columns: the id → slot and contact maps are made on first use
            index.columns.append(doc)
            index._live += 1
            best = _best_fields(doc)
            new = [term for term in best if term not in term_ids]
            if new:  # numbered in the order first met
                term_ids.update(zip(new, range(len(term_ids), len(term_ids) + len(new)), strict=True))
            codes = list(map(term_ids.__getitem__, best))
            if len(term_ids) > 0xFFFF and col_terms.typecode == "H":
                col_terms = array("i", col_terms)
            col_terms.extend(codes)
            col_fields.extend(best.values())
            per_doc.append(len(codes))
        index._slot = index._contacts = None
        index.columns.rank_names()
        ends = np.cumsum(np.frombuffer(per_doc, np.uint32), dtype=np.int64)
        index._set_base(
            term_ids,
            np.frombuffer(col_terms, np.uint16 if col_terms.typecode == "H" else np.int32),
            lambda start, stop: np.searchsorted(ends, np.arange(start, stop), side="right").astype(np.int32),
            np.frombuffer(col_fields, np.uint8),
        )
        return index

    def _set_base(self, term_ids: dict[str, int], t: np.ndarray, docs_of: DocsOf, f: np.ndarray) -> None:
        counts = np.bincount(t, minlength=len(term_ids)) if len(t) else np.zeros(len(term_ids), np.int64)
        self.offsets = np.zeros(len(term_ids) + 1, np.int64)
        np.cumsum(counts, out=self.offsets[1:])
        self.post_docs, self.post_fields = _group_by_term(t, docs_of, f, self.offsets)
        self.term_index = term_ids
        self.pending = {}
        self.remembered = {}
        self.words_read = {}
        self.pairs_read = {}
        self.said_together = {}
        self.df = {term: int(counts[tid]) for term, tid in term_ids.items() if counts[tid]}
        self._choices = None

    @property
    def slot(self) -> dict[uuid.UUID, int]:
        if self._slot is None:
            ids = self.columns.ids
            self._slot = {ids[pos]: pos for pos in np.flatnonzero(self.columns.alive).tolist()}
        return self._slot

    def prepare_for_changes(self) -> None:
        """Make the lookups that taking in a change needs (entries by id and by contact): a
        quarter-second each at 100,000 entries, better spent before anyone is waiting."""
        if self._slot is None:
            _ = self.slot
        if self._contacts is None:
            _ = self.contacts

    @property
    def contacts(self) -> dict[str, set[int]]:
        if self._contacts is None:
            found: dict[str, set[int]] = {}
            contacts = self.columns.contacts
            for pos in np.flatnonzero(self.columns.alive).tolist():
                for key in contacts[pos]:
                    found.setdefault(key, set()).add(pos)
            self._contacts = found
        return self._contacts

    def _add_row(self, doc: AssetDoc) -> int:
        pos = self.columns.append(doc)
        self.slot[doc.id] = pos
        self._live += 1
        for key in doc.contacts:
            self.contacts.setdefault(key, set()).add(pos)
        return pos

    def compact(self) -> None:
        """Fold pending postings into the sorted base and drop dead slots' postings (arrays only)."""
        term_ids = dict(self.term_index)
        counts = np.diff(self.offsets)
        t_parts = [np.repeat(np.arange(len(counts), dtype=np.int32), counts)]
        d_parts, f_parts = [self.post_docs], [self.post_fields]
        for term, (docs_, fields_) in self.pending.items():
            docs = np.frombuffer(docs_, np.int32)
            t_parts.append(np.full(len(docs), term_ids.setdefault(term, len(term_ids)), np.int32))
            d_parts.append(docs)
            f_parts.append(np.frombuffer(fields_, np.uint8))
        t, d, f = np.concatenate(t_parts), np.concatenate(d_parts), np.concatenate(f_parts)
        keep = self.columns.alive[d] if len(d) else np.zeros(0, np.bool_)
        d = d[keep]
        self._set_base(term_ids, t[keep], lambda start, stop: d[start:stop], f[keep])

    # ------------------------------------------------------------ keeping current
    def __len__(self) -> int:
        return self._live

    def get(self, asset_id: uuid.UUID) -> AssetDoc | None:
        pos = self.slot.get(asset_id)
        return self.columns.doc(pos) if pos is not None else None

    def upsert(self, doc: AssetDoc, *, rank: bool = True) -> None:
        """Replace one asset's entry: its old slot dies, its words go to the pending postings.

        `rank=False` leaves the alphabetical rank to one `rank_names` after a batch."""
        self.remove(doc.id)
        self.remembered.clear()
        self.words_read.clear()
        self.pairs_read.clear()
        self.said_together.clear()
        pos = self._add_row(doc)
        if rank:
            self.columns.place_name(pos)
        for term, code in _best_fields(doc).items():
            docs_, fields_ = self.pending.setdefault(term, (array("i"), array("B")))
            docs_.append(pos)
            fields_.append(code)
            if term not in self.df:
                self._choices = None
            self.df[term] = self.df.get(term, 0) + 1

    def remove(self, asset_id: uuid.UUID) -> None:
        pos = self.slot.pop(asset_id, None)
        if pos is None:
            return
        self.remembered.clear()
        self.words_read.clear()
        self.pairs_read.clear()
        self.said_together.clear()
        self._live -= 1
        for key in self.columns.contacts[pos]:
            self.contacts.get(key, set()).discard(pos)
        self.columns.kill(pos)

    @property
    def docs(self) -> list[AssetDoc | None]:
        """Every live asset as a document (slow on a huge directory: for the review queue)."""
        out: list[AssetDoc | None] = [None] * self.columns.size
        for pos in self.slot.values():
            out[pos] = self.columns.doc(pos)
        return out

    def live_docs(self) -> Iterator[AssetDoc]:
        for pos in self.slot.values():
            yield self.columns.doc(pos)

    # ------------------------------------------------------------ postings and vocabulary
    def postings(self, term: str) -> Postings | None:
        tid = self.term_index.get(term)
        pending = self.pending.get(term)
        if tid is None and pending is None:
            return None
        parts_d, parts_f = [], []
        if tid is not None:
            start, end = self.offsets[tid], self.offsets[tid + 1]
            parts_d.append(self.post_docs[start:end])
            parts_f.append(self.post_fields[start:end])
        if pending is not None:
            parts_d.append(np.frombuffer(pending[0], np.int32))
            parts_f.append(np.frombuffer(pending[1], np.uint8))
        if len(parts_d) == 1:
            return Postings(parts_d[0], parts_f[0])
        return Postings(np.concatenate(parts_d), np.concatenate(parts_f))

    def _vocab(self) -> list[str]:
        if self._choices is None:
            self._choices = sorted(set(self.df) | self.synonyms.words)
        return self._choices

    def known(self, word: str) -> bool:
        return word in self.df or word in self.synonyms.words

    def together(self, first: str, second: str) -> int:
        """How many entries say both words (slots of removed entries included: few, and this
        only compares one pair with another); kept between writes."""
        key = (first, second) if first <= second else (second, first)
        count = self.said_together.get(key)
        if count is None:
            count = self.said_together[key] = self._count_together(*key)
        return count

    def _count_together(self, first: str, second: str) -> int:
        a, b = self.postings(first), self.postings(second)
        if a is None or b is None:
            return 0
        if len(a.docs) > len(b.docs):
            a, b = b, a
        said = np.zeros(self.columns.size, np.bool_)  # the rarer word's entries, looked up by slot
        said[a.docs] = True
        return int(said.take(b.docs).sum())

    def correct(self, word: str) -> list[tuple[str, float]]:
        """Likely intended spellings of an unknown word, with a confidence 0–1.

        Edit distance counting a swap of neighbours as one slip (optimal string alignment):
        "lonley" is one slip from "lonely" but two from "lone", which plain insert/delete
        similarity rated almost the same."""
        # Short words are too near too many others; but three letters with no vowel are no
        # word at all: a vowel was dropped ("gld" for "gold").
        vowelless = len(word) == 3 and not set(word) & set("aeiouy")
        if (len(word) < 4 and not vowelless) or any(ch.isdigit() for ch in word):
            return []
        cutoff = 0.75 if len(word) <= 5 else 0.78
        found: dict[str, float] = {}
        # a slip before a plural's "s" ("pilatis" for "pilates", held as "pilate")
        for form in (word, word[:-1]) if word.endswith("s") and len(word) > 4 else (word,):
            for match, similarity, _ in process.extract(
                form, self._vocab(), scorer=OSA.normalized_similarity, limit=3, score_cutoff=cutoff
            ):
                found[match] = max(found.get(match, 0.0), float(similarity))
        return sorted(found.items(), key=lambda m: -m[1])[:3]

    def prefixed(self, prefix: str, limit: int = 40) -> list[str]:
        """The most common terms that start with what has been typed so far."""
        vocab = self._vocab()
        start = bisect.bisect_left(vocab, prefix)
        found: list[str] = []
        for term in vocab[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
        if len(found) > limit:
            found.sort(key=lambda t: -self.df.get(t, 0))
            found = found[:limit]
        return found

    def costs_known(self) -> bool:
        """Whether most live entries say what they cost (a feed that states no fees does not)."""
        columns = self.columns
        live = columns.alive & ~columns.archived
        stated = columns.cost[live] != COSTS.index("unknown")
        return bool(stated.mean() >= 0.5) if len(stated) else True

    def radians(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Each slot's latitude and longitude in radians and its latitude's cosine, for
        distances: worked out once for the whole column, again only when slots were added (a
        slot's place never changes: an edit appends a new slot)."""
        size = self.columns.size
        if self._radians is None or len(self._radians[0]) != size:
            lat = np.radians(self.columns.lat.astype(np.float64))
            lon = np.radians(self.columns.lon.astype(np.float64))
            self._radians = (lat, lon, np.cos(lat))
        return self._radians

    def idf(self, term: str) -> float:
        return log(1.0 + max(self._live, 1) / (1 + self.df.get(term, 0)))

    # ------------------------------------------------------------ saving and loading
    def save(self, path: Path, *, generation: str) -> None:
        """Write the index beside the database; `generation` says which data it reflects.

        ValueError (nothing written) when a text would not survive the file's format."""
        if self.pending:
            self.compact()
        terms = [""] * len(self.term_index)
        for term, tid in self.term_index.items():
            terms[tid] = term
        header = {
            "format": FORMAT_VERSION,
            "generation": generation,
            "size": self.columns.size,
            "dead": self.columns.dead,
            "need_bits": self.need_bits,
        }
        sections = [
            Section.text("terms", terms),
            Section.array("offsets", self.offsets),
            Section.array("postings", self.post_docs),
            Section.array("fields", self.post_fields),
            *self.columns.sections(),
        ]
        saved.write(path, header, sections)

    @staticmethod
    def saved_generation(path: Path) -> str | None:
        """Which generation of the data a saved index reflects (None: none that can be read)."""
        try:
            with path.open("rb") as handle:
                header = saved.read_header(handle)
        except (OSError, Damaged):
            return None
        generation = header.get("generation")
        return generation if header.get("format") == FORMAT_VERSION and isinstance(generation, str) else None

    @classmethod
    def load(
        cls, path: Path, *, generation: str | None, synonyms: SynonymTable, need_labels: dict[str, str]
    ) -> SearchIndex | None:
        """The saved index if it reflects this generation of the data (any, for None: the caller
        catches up); None when there is none or it is of other data (a rebuild, as usual);
        `Damaged` when it cannot be believed."""
        try:
            with path.open("rb") as handle:
                header = saved.read_header(handle)
            if header.get("format") != FORMAT_VERSION:
                return None
            if generation is not None and header.get("generation") != generation:
                return None
            header, found = saved.read(path)
        except FileNotFoundError:
            return None
        index = cls(synonyms, need_labels)
        if header.get("need_bits") != index.need_bits:
            return None  # the needs taxonomy changed: rebuild
        size, dead = header.get("size"), header.get("dead")
        if not (isinstance(size, int) and isinstance(dead, int) and 0 <= dead <= size):
            raise Damaged("its header has impossible counts")
        index.columns = Columns.from_sections(found, size, dead, index.need_bits)
        terms, offsets, docs, fields = _checked_postings(
            found.get("terms"), found.get("offsets"), found.get("postings"), found.get("fields"), size
        )
        index.term_index = {term: tid for tid, term in enumerate(terms)}
        index.offsets, index.post_docs, index.post_fields = offsets, docs, fields
        counts: list[int] = np.diff(offsets).tolist()
        index.df = {term: count for term, count in zip(terms, counts, strict=True) if count}
        index._slot, index._contacts = None, None
        index._live = int(np.count_nonzero(index.columns.alive))
        return index


def _checked_postings(
    terms: object, offsets: object, docs: object, fields: object, size: int
) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.uint8]]:
    """The postings as a search reads them: a term's run inside the arrays, every slot and
    field code in range (an index out of range would crash a search, or answer wrongly)."""
    if not (isinstance(terms, list) and len(set(terms)) == len(terms)):
        raise Damaged("its terms are not as the app writes them")
    if not (
        isinstance(offsets, np.ndarray) and isinstance(docs, np.ndarray) and isinstance(fields, np.ndarray)
    ):
        raise Damaged("its postings are not as the app writes them")
    if offsets.dtype != np.int64 or docs.dtype != np.int32 or fields.dtype != np.uint8:
        raise Damaged("its postings are not as the app writes them")
    if len(offsets) != len(terms) + 1 or offsets[0] != 0 or offsets[-1] != len(docs):
        raise Damaged("its postings do not add up")
    if len(docs) != len(fields):
        raise Damaged("its postings do not add up")
    if len(offsets) > 1 and bool((np.diff(offsets) < 0).any()):
        raise Damaged("its postings do not add up")
    if len(docs) and (int(docs.min()) < 0 or int(docs.max()) >= size or int(fields.max()) >= len(FIELDS)):
        raise Damaged("its postings point outside the index")
    return terms, offsets, docs, fields  # their dtypes checked above


DocsOf = Callable[[int, int], np.ndarray]
SORT_SLICE = 1 << 18  # postings placed per step while grouping: bounds the build's extra memory


def _group_by_term(
    t: np.ndarray, docs_of: DocsOf, f: np.ndarray, offsets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Docs and fields grouped by term (in input order within a term), a slice at a time.

    A counting sort: each term's place is known from `offsets`, so every slice is sorted on its
    own and written straight into place. One argsort over all 14 million postings of a 250k
    directory needed 100 MB for the order alone and as much again for its copies.
    `docs_of(start, stop)` gives the document of each posting in that range, so the caller
    need not hold a document number per posting."""
    docs = np.empty(len(t), np.int32)
    fields = np.empty(len(t), np.uint8)
    cursor = offsets[:-1].copy()
    for start in range(0, len(t), SORT_SLICE):
        part = t[start : start + SORT_SLICE]
        order = np.argsort(part, kind="stable")
        by_term = part[order]
        first = np.searchsorted(by_term, by_term, side="left")  # where each term's run begins
        place = cursor[by_term] + (np.arange(len(part)) - first)
        docs[place] = docs_of(start, start + len(part))[order]
        fields[place] = f[start : start + SORT_SLICE][order]
        cursor += np.bincount(part, minlength=len(cursor))
    return docs, fields


def _best_fields(doc: AssetDoc) -> dict[str, int]:
    """Each term of a document with the most important field it appears in."""
    best: dict[str, int] = {}
    texts = doc.texts
    for code, name in enumerate(FIELDS):
        text = texts.get(name)
        if text:
            found = dict.fromkeys(index_terms(text), code)  # "breast-feeding" is "breastfeeding" too
            for term in found.keys() & best.keys():  # met in a more important field already
                del found[term]
            best.update(found)
    return best
