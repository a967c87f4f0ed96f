"""The saved index's file: data only, checked before it is believed.

The index beside the database is a cache, and a file beside the database can be written by
anyone who can write there, so nothing in it may ever run: no pickle. The file is

    MAGIC, the header's length (4 bytes, little-endian), the header (JSON), its CRC-32,
    then each section's bytes, one after another

and the header names every section: its kind ("array" with a numpy dtype from a short list,
"text" — items joined by RECORD_SEP — or "bytes"), how many items, how many bytes and the
CRC-32 of those bytes. Every length is checked against the file before anything is
allocated, and every checksum before anything is used, so a damaged or crafted file is
`Damaged` — a rebuild, never a crash, a hang or a wrong answer.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from asset_map.store.files import written_whole

MAGIC = b"AMINDEX\n"
RECORD_SEP = "\x1e"  # between text items: control characters never reach the directory
MAX_HEADER = 1 << 20
DTYPES = frozenset({"|b1", "|u1", "<u2", "<u4", "<u8", "<i4", "<i8", "<f4", "<f8"})
KINDS = frozenset({"array", "text", "bytes"})


Decoded = np.ndarray | bytes | list[str]  # a section as read: an array, bytes, or text items


class Damaged(Exception):
    """The saved index cannot be believed (cut short, overwritten, crafted, or not ours)."""


@dataclass(frozen=True)
class Section:
    """One named piece of the file, as written."""

    name: str
    kind: str
    data: bytes | np.ndarray
    count: int
    dtype: str = ""

    @classmethod
    def array(cls, name: str, values: np.ndarray) -> Section:
        little = values.astype(values.dtype.newbyteorder("<"), copy=False)
        return cls(name, "array", np.ascontiguousarray(little), len(values), little.dtype.str)

    @classmethod
    def text(cls, name: str, items: Iterable[str]) -> Section:
        """Items joined by RECORD_SEP (ValueError when an item holds one: not saved)."""
        listed = list(items)
        joined = RECORD_SEP.join(listed)
        if joined.count(RECORD_SEP) != max(len(listed) - 1, 0):
            raise ValueError(f"{name}: an item holds the record separator")
        return cls(name, "text", joined.encode("utf-8"), len(listed))

    @classmethod
    def raw(cls, name: str, data: bytes, count: int) -> Section:
        return cls(name, "bytes", data, count)


def write(path: Path, header: Mapping[str, Any], sections: Iterable[Section]) -> None:
    """Write the file whole, or not at all (a temporary file beside it, then a rename)."""
    listed = list(sections)
    described = [
        [s.name, s.kind, s.dtype, s.count, _nbytes(s.data), zlib.crc32(_bytes_of(s.data))] for s in listed
    ]
    head = json.dumps({**header, "sections": described}, separators=(",", ":")).encode("utf-8")
    with written_whole(path) as handle:
        handle.write(MAGIC + struct.pack("<I", len(head)) + head + struct.pack("<I", zlib.crc32(head)))
        for section in listed:
            handle.write(_bytes_of(section.data))


def read_header(handle: BinaryIO) -> dict[str, Any]:
    """The header, checked (magic, length, checksum, shape); Damaged otherwise."""
    start = handle.read(len(MAGIC) + 4)
    if start[:1] == b"\x80":  # a pickle, as releases before this one wrote: never unpickled
        raise Damaged("it was saved by an earlier release")
    if len(start) < len(MAGIC) + 4 or not start.startswith(MAGIC):
        raise Damaged("it is not a saved index of this app")
    (length,) = struct.unpack("<I", start[len(MAGIC) :])
    if length > MAX_HEADER:
        raise Damaged("its header is too long")
    head = handle.read(length)
    tail = handle.read(4)
    if len(head) != length or len(tail) != 4 or struct.unpack("<I", tail)[0] != zlib.crc32(head):
        raise Damaged("its header does not match its checksum")
    try:
        header = json.loads(head.decode("utf-8"))
    except ValueError as exc:
        raise Damaged("its header cannot be read") from exc
    if not isinstance(header, dict) or not isinstance(header.get("sections"), list):
        raise Damaged("its header is not one this app writes")
    return header


def read(path: Path) -> tuple[dict[str, Any], dict[str, Decoded]]:
    """(header, {name: array | list of str | bytes}), every length and checksum checked."""
    with path.open("rb") as handle:
        header = read_header(handle)
        remaining = os.fstat(handle.fileno()).st_size - handle.tell()
        specs = [_spec(entry) for entry in header["sections"]]
        if sum(spec[4] for spec in specs) != remaining:
            raise Damaged("it is not as long as its header says")
        found: dict[str, Decoded] = {}
        for name, kind, dtype, count, size, crc in specs:
            buffer = bytearray(size)  # writable: the columns grow and change in place
            if handle.readinto(buffer) != size or zlib.crc32(buffer) != crc:
                raise Damaged(f"its {name} do not match their checksum")
            found[name] = _decode(name, kind, dtype, count, buffer)
    return header, found


def _spec(entry: Any) -> tuple[str, str, str, int, int, int]:
    if not (isinstance(entry, list) and len(entry) == 6):
        raise Damaged("its header describes a section it cannot have")
    name, kind, dtype, count, size, crc = entry
    if not (isinstance(name, str) and kind in KINDS and isinstance(dtype, str)):
        raise Damaged("its header describes a section it cannot have")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (count, size, crc)):
        raise Damaged(f"its {name} have an impossible size")
    if kind == "array" and (dtype not in DTYPES or np.dtype(dtype).itemsize * count != size):
        raise Damaged(f"its {name} are not the size their header says")
    return name, kind, dtype, count, size, crc


def _decode(name: str, kind: str, dtype: str, count: int, buffer: bytearray) -> Decoded:
    if kind == "array":
        stored = np.dtype(dtype)
        return np.frombuffer(buffer, dtype=stored).astype(stored.newbyteorder("="), copy=False)
    if kind == "bytes":
        return bytes(buffer)
    try:
        items = buffer.decode("utf-8").split(RECORD_SEP) if count else []
    except UnicodeDecodeError as exc:
        raise Damaged(f"its {name} are not text") from exc
    if len(items) != count:
        raise Damaged(f"its {name} are not as many as its header says")
    return items


def _bytes_of(data: bytes | np.ndarray) -> memoryview:
    """The data's bytes, unsigned, without a copy (an array's through its buffer)."""
    return memoryview(data if isinstance(data, bytes) else data.data).cast("B")


def _nbytes(data: bytes | np.ndarray) -> int:
    return data.nbytes if isinstance(data, np.ndarray) else len(data)
