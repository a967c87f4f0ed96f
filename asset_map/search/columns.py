"""One row of facts per asset slot, as numpy columns (for filters) and plain lists (for display).

Filters ("step-free", "on Wednesdays", "within 3 km", "not closed") become boolean array
operations over these columns; the lists give a result its name, summary and times.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from asset_map.schedule import DAY_CODES
from asset_map.search.saved import Damaged, Decoded, Section
from asset_map.store.enums import Access, Cost, Delivery, Kind, Status

if TYPE_CHECKING:
    from asset_map.search.index import AssetDoc, Slot

# A value's position is its code in the columns and in saved indexes: the enums only ever grow
# at the end (a reordering would need a new index FORMAT_VERSION).
KINDS = tuple(k.value for k in Kind)
STATUSES = tuple(s.value for s in Status)
COSTS = tuple(c.value for c in Cost)
ACCESS = tuple(a.value for a in Access)
DELIVERY = tuple(d.value for d in Delivery)
# Phone and online reach a person wherever they are: no distance keeps them out.
REMOTE_ONLY = ~np.uint8(sum(1 << DELIVERY.index(d) for d in ("in_person", "home")))
NEVER = 0  # verified ordinal for "never verified"

_NUMERIC = {
    "kind": np.uint8,
    "status": np.uint8,
    "cost": np.uint8,
    "access": np.uint16,
    "delivery": np.uint8,
    "needs": np.uint32,
    "days": np.uint8,
    "lat": np.float32,
    "lon": np.float32,
    "verified": np.int32,
    "inverse_name_len": np.float32,  # 1 / words in the name: what share of it a match is
    "focus": np.uint8,  # name and summary's length in 4-character steps: shorter is more focused
    "alive": np.bool_,
    "archived": np.bool_,
    "flagged": np.bool_,
    "name_rank": np.float64,
    "version": np.int32,
    "served": np.uint32,  # which of `served_sets` (0: it names no area it serves)
}
LAST_RANK = 999_999.0
T = TypeVar("T")
Read_co = TypeVar("Read_co", covariant=True)
Held = TypeVar("Held")
FOCUS_STEPS = 64
NEED_SEP = ","  # between a slot's need ids in a saved index (ids are letters and underscores)


class Compact(Protocol[Read_co, Held]):
    """A column held compactly (bytes, a string) and made the object it stands for when read."""

    def __getitem__(self, pos: int, /) -> Read_co: ...
    def __len__(self) -> int: ...
    def append(self, value: Held, /) -> None: ...
    def held(self) -> Iterator[Held]: ...  # the values as held, for saving


class Columns:
    """Growable columns; a slot is never reused, a replaced asset's old slot is marked dead."""

    def __init__(self, need_bits: dict[str, int]) -> None:
        self.need_bits = need_bits
        self.size = 0
        self.dead = 0
        self._capacity = 0
        self.arrays: dict[str, np.ndarray] = {name: np.zeros(0, dtype) for name, dtype in _NUMERIC.items()}
        # ids, timetables and contact keys are held compact (16 bytes, a shared string, one
        # joined string) and made objects when read: at 250k entries the objects cost 150 MB
        self.ids: Compact[uuid.UUID, bytes] = _LazyIds()
        self.names: list[str] = []
        self.localities: list[str] = []
        self.summaries: list[str] = []
        self.slots: Compact[tuple[Slot, ...], str] = _LazySlots()
        self.notes: list[str] = []
        self.needs_list: list[tuple[str, ...]] = []
        self._contacts: Compact[frozenset[str], str] = _LazyContacts()
        # the distinct areas served, each once: a few hundred sets for a whole directory
        self.served_sets: list[frozenset[str]] = [frozenset()]
        self._served_codes: dict[frozenset[str], int] = {frozenset(): 0}
        self._interned: dict[Any, Any] = {}
        self._sorted: tuple[list[str], list[float]] | None = None  # names by rank, for insertions

    @property
    def contacts(self) -> Compact[frozenset[str], str]:
        return self._contacts

    def __getattr__(self, name: str) -> np.ndarray:
        arrays: dict[str, np.ndarray] = self.__dict__.get("arrays", {})
        if name in arrays:
            return arrays[name][: self.size]
        raise AttributeError(name)

    def _grow(self) -> None:
        self._capacity = max(1024, self._capacity * 2)
        for name, values in self.arrays.items():
            grown = np.zeros(self._capacity, dtype=values.dtype)
            grown[: len(values)] = values
            self.arrays[name] = grown

    def _intern(self, value: T) -> T:
        """Many entries share a locality, a timetable, a set of needs: hold each once."""
        held: T = self._interned.setdefault(value, value)  # of the same type: it is equal to value
        return held

    def append(self, doc: AssetDoc) -> int:
        if self.size >= self._capacity:
            self._grow()
        pos = self.size
        a = self.arrays
        a["kind"][pos] = KINDS.index(doc.kind) if doc.kind in KINDS else 0
        a["status"][pos] = STATUSES.index(doc.status) if doc.status in STATUSES else 0
        a["cost"][pos] = COSTS.index(doc.cost) if doc.cost in COSTS else 0
        a["access"][pos] = sum(1 << ACCESS.index(x) for x in doc.accessibility if x in ACCESS)
        a["delivery"][pos] = sum(1 << DELIVERY.index(x) for x in doc.delivery if x in DELIVERY)
        a["needs"][pos] = sum(self.need_bits.get(n, 0) for n in doc.needs)
        a["days"][pos] = sum(1 << DAY_CODES.index(s.day) for s in doc.slots if s.day in DAY_CODES)
        lat, lon = doc.point if doc.point is not None else (np.nan, np.nan)
        a["lat"][pos], a["lon"][pos] = lat, lon
        a["verified"][pos] = doc.verified_on.toordinal() if doc.verified_on else NEVER
        a["inverse_name_len"][pos] = 1 / (len(set(doc.texts.get("name", doc.name).split())) or 1)
        a["focus"][pos] = min((len(doc.name) + len(doc.summary)) // 4, FOCUS_STEPS - 1)
        a["alive"][pos] = True
        a["archived"][pos] = doc.archived
        a["flagged"][pos] = doc.flagged
        a["name_rank"][pos] = LAST_RANK
        a["version"][pos] = doc.version
        a["served"][pos] = self._served_code(doc.served)
        self.ids.append(doc.id.bytes)
        self.names.append(doc.name)
        self.localities.append(self._intern(doc.locality))
        self.summaries.append(doc.summary)
        self.slots.append(self._intern(_encode_slots(doc.slots)))
        self.notes.append(self._intern(doc.schedule_note))
        self.needs_list.append(self._intern(doc.needs))
        self.contacts.append(_join_contacts(doc.contacts))
        self.size += 1
        return pos

    def _served_code(self, served: frozenset[str]) -> int:
        code = self._served_codes.get(served)
        if code is None:
            code = self._served_codes[served] = len(self.served_sets)
            self.served_sets.append(served)
        return code

    def rank_names(self) -> None:
        """Alphabetical rank of every slot's name: the last tie-break of the ranking."""
        order = sorted(range(self.size), key=lambda p: self.names[p].casefold())
        ranks = np.empty(self.size, np.float64)
        ranks[order] = np.arange(self.size, dtype=np.float64)
        self.arrays["name_rank"][: self.size] = ranks
        self._sorted = None

    def place_name(self, pos: int) -> None:
        """Give a new or renamed slot a rank between its alphabetical neighbours."""
        if self._sorted is None:
            live = np.flatnonzero(self.alive[:pos]).tolist()
            live.sort(key=lambda p: self.arrays["name_rank"][p])
            self._sorted = (
                [self.names[p].casefold() for p in live],
                [float(self.arrays["name_rank"][p]) for p in live],
            )
        keys, values = self._sorted
        key = self.names[pos].casefold()
        i = bisect.bisect_right(keys, key)
        low = values[i - 1] if i > 0 else -1.0
        high = values[i] if i < len(values) else low + 2.0
        rank = (low + high) / 2
        if not low < rank < high:  # the gap has been halved away: renumber everything
            self.rank_names()
            return
        keys.insert(i, key)
        values.insert(i, rank)
        self.arrays["name_rank"][pos] = rank

    def kill(self, pos: int) -> None:
        self.arrays["alive"][pos] = False
        self.dead += 1

    def doc(self, pos: int) -> AssetDoc:
        """Rebuild the document of a slot (for results and duplicate checks)."""
        from asset_map.search.index import AssetDoc

        a = self.arrays
        lat, lon = float(a["lat"][pos]), float(a["lon"][pos])
        verified = int(a["verified"][pos])
        return AssetDoc(
            id=self.ids[pos],
            name=self.names[pos],
            kind=KINDS[a["kind"][pos]],
            locality=self.localities[pos],
            status=STATUSES[a["status"][pos]],
            point=None if np.isnan(lat) else (lat, lon),
            cost=COSTS[a["cost"][pos]],
            accessibility=frozenset(x for i, x in enumerate(ACCESS) if int(a["access"][pos]) >> i & 1),
            needs=self.needs_list[pos],
            delivery=frozenset(x for i, x in enumerate(DELIVERY) if int(a["delivery"][pos]) >> i & 1),
            slots=self.slots[pos],
            schedule_note=self.notes[pos],
            verified_on=date.fromordinal(verified) if verified != NEVER else None,
            texts={"name": self.names[pos], "summary": self.summaries[pos]},
            archived=bool(a["archived"][pos]),
            contacts=self.contacts[pos],
            flagged=bool(a["flagged"][pos]),
            served=self.served_sets[int(a["served"][pos])],
        )

    # ------------------------------------------------------------ persistence
    def sections(self) -> list[Section]:
        """What is saved: the numeric columns as arrays, the rest as text (fast to split back:
        timetables as objects were 1.2 s of a 100k index's 1.4 s load). ValueError when a text
        holds a character that would break its file (then the index is not saved)."""
        n = self.size
        out = [Section.array(f"column {name}", values[:n]) for name, values in self.arrays.items()]
        out.append(Section.raw("ids", b"".join(self.ids.held()), n))  # held as 16 bytes each
        out += [Section.text(name, getattr(self, name)) for name in ("names", "localities", "summaries")]
        out.append(Section.text("notes", self.notes))
        out.append(Section.text("slots", self.slots.held()))  # held encoded
        out.append(Section.text("needs_list", (NEED_SEP.join(needs) for needs in self.needs_list)))
        out.append(Section.text("contacts", self.contacts.held()))  # held joined
        out.append(Section.text("served_sets", (_join_contacts(keys) for keys in self.served_sets)))
        return out

    @classmethod
    def from_sections(
        cls, found: Mapping[str, Decoded], size: int, dead: int, need_bits: dict[str, int]
    ) -> Columns:
        """Columns from a saved file's sections, each checked to be what the searches assume
        (Damaged otherwise): every column as long as there are slots, every code in range."""
        columns = cls(need_bits)
        columns.size = columns._capacity = size
        columns.dead = dead
        arrays: dict[str, np.ndarray] = {}
        for name, dtype in _NUMERIC.items():
            values = found.get(f"column {name}")
            if not isinstance(values, np.ndarray) or values.dtype != np.dtype(dtype) or len(values) != size:
                raise Damaged(f"its {name} column is not as the app writes it")
            arrays[name] = values
        _check_codes(arrays)
        columns.arrays = arrays
        ids = found.get("ids")
        if not isinstance(ids, bytes) or len(ids) != 16 * size:
            raise Damaged("its ids are not as the app writes them")
        texts: dict[str, list[str]] = {}
        for name in ("names", "localities", "summaries", "notes", "slots", "needs_list", "contacts"):
            items = found.get(name)
            if not isinstance(items, list) or len(items) != size:
                raise Damaged("its lists are not one entry a slot")
            texts[name] = items
        columns.ids = _LazyIds(np.frombuffer(ids, dtype="V16").tolist())  # 3x a slicing loop
        columns.names, columns.summaries = texts["names"], texts["summaries"]
        columns.localities, columns.notes = _shared(texts["localities"]), _shared(texts["notes"])
        slots = _shared(texts["slots"])
        for code in set(slots):
            try:
                _decode_slots(code)
            except (ValueError, TypeError) as exc:
                raise Damaged("its timetables cannot be read") from exc
        columns.slots = _LazySlots(slots)
        needs = {code: tuple(code.split(NEED_SEP)) if code else () for code in set(texts["needs_list"])}
        columns.needs_list = [needs[code] for code in texts["needs_list"]]
        columns._contacts = _LazyContacts(texts["contacts"])
        served = found.get("served_sets")
        if not isinstance(served, list) or not served or served[0] != "":
            raise Damaged("its areas served are not as the app writes them")
        if size and int(arrays["served"].max()) >= len(served):
            raise Damaged("its served column holds a code the app does not know")
        columns.served_sets = [frozenset(k.split(CONTACT_SEP)) if k else frozenset() for k in served]
        columns._served_codes = {keys: code for code, keys in enumerate(columns.served_sets)}
        columns._interned = {}
        return columns


def _shared(items: list[str]) -> list[str]:
    """Equal strings held once (a locality, a timetable is shared by thousands of slots)."""
    held: dict[str, str] = {}
    return [held.setdefault(item, item) for item in items]


def _check_codes(arrays: dict[str, np.ndarray]) -> None:
    """Codes the searches index lists with, and dates they turn into `date`s, in range."""
    for name, vocabulary in (("kind", KINDS), ("status", STATUSES), ("cost", COSTS)):
        if len(arrays[name]) and int(arrays[name].max()) >= len(vocabulary):
            raise Damaged(f"its {name} column holds a code the app does not know")
    verified = arrays["verified"]
    if len(verified) and (int(verified.min()) < NEVER or int(verified.max()) > date.max.toordinal()):
        raise Damaged("its verified column holds an impossible date")
    if len(arrays["delivery"]) and int(arrays["delivery"].max()) >= 1 << len(DELIVERY):
        raise Damaged("its delivery column holds a code the app does not know")
    if len(arrays["focus"]) and int(arrays["focus"].max()) >= FOCUS_STEPS:
        raise Damaged("its focus column is out of range")


def _encode_slots(slots: tuple[Slot, ...]) -> str:
    return ";".join(f"{s.day} {s.start} {s.end} {'' if s.week is None else s.week}" for s in slots)


@lru_cache(maxsize=8192)
def _decode_slots(code: str) -> tuple[Slot, ...]:
    """Many assets share a timetable: each distinct one is decoded once."""
    from asset_map.search.index import Slot

    slots = []
    for part in filter(None, code.split(";")):
        day, start, end, *week = part.split(" ")
        slots.append(Slot(day, start, end, int(week[0]) if week and week[0] else None))
    return tuple(slots)


# The lazy lists below are read as `Compact` says (a UUID, a timetable, a set): their own
# `__getitem__` is typed Any because it replaces every form of list's (an index, a slice).


class _LazySlots(list[str]):
    """Timetables held as short strings, turned back into slots when read."""

    def __getitem__(self, pos: Any) -> Any:  # a tuple of Slots
        return _decode_slots(super().__getitem__(pos))

    def held(self) -> Iterator[str]:
        return list.__iter__(self)


class _LazyIds(list[bytes]):
    """Asset ids held as 16 bytes each, made UUIDs when read: most are never read."""

    def __getitem__(self, pos: Any) -> Any:  # a UUID
        return uuid.UUID(bytes=super().__getitem__(pos))

    def held(self) -> Iterator[bytes]:
        return list.__iter__(self)


CONTACT_SEP = "\x00"  # never in a contact key: control characters are refused on input


def _join_contacts(keys: frozenset[str]) -> str:
    """One string per entry (a tuple of strings took three times the memory at 250k)."""
    return CONTACT_SEP.join(sorted(keys))


class _LazyContacts(list[str]):
    """Contact keys as held (one joined string per entry), made sets when read."""

    def __getitem__(self, pos: Any) -> Any:  # a frozenset of str
        value = super().__getitem__(pos)
        return frozenset(value.split(CONTACT_SEP)) if value else frozenset()

    def held(self) -> Iterator[str]:
        return list.__iter__(self)
