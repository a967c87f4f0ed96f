"""The saved index is a cache that nothing can take over: a crafted, damaged or cut file is
rebuilt from the database with a one-line notice — never code run, a crash, a hang or an
answer that is not the data's (issue 14, items 1 and 2)."""

from __future__ import annotations

import json
import pickle
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asset_map.config import Settings
from asset_map.directory.facade import Directory, index_path
from asset_map.search import saved
from asset_map.search.index import SearchIndex
from asset_map.search.saved import Damaged, Section
from tests.conftest import CliRun, record, write_json

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def made(tmp_db: Path) -> Path:
    """A directory (the mini test directory) closed with its index saved; the index's path."""
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    directory.close()
    path = index_path(f"sqlite:///{tmp_db}")
    assert path.exists() and saved.read(path)
    return path


def load(directory_db: Path, path: Path) -> SearchIndex | None:
    directory = Directory.open(Settings.resolve(str(directory_db)))
    try:
        return SearchIndex.load(
            path,
            generation=directory.generation,
            synonyms=directory.synonyms,
            need_labels=directory.need_labels,
        )
    finally:
        directory.engine.dispose()


class Pwned:
    """What an attacker would put in a pickle: opening the file would run this."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_a_crafted_pickle_beside_the_database_runs_nothing(cli: CliRun, made: Path, tmp_path: Path) -> None:
    """Seen: `asset-map.db.index` was unpickled unchecked; a crafted one ran any command."""
    marker = tmp_path / "PWNED"
    made.write_bytes(pickle.dumps(Pwned(marker)))
    code, out, err = cli("search", "lunch")
    assert code == 0 and "Lunch" in out
    assert not marker.exists()
    assert "could not be used (it was saved by an earlier release)" in err and "rebuilt" in err
    assert saved.read(made)  # replaced by a good one
    code, _, err = cli("search", "lunch")
    assert code == 0 and err == ""  # said once: the next run loads the new file quietly


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[:5] + b"\xff" * 56 + data[61:],  # seen: a MemoryError, the app stuck 30 s
        lambda data: data[:-40] + b"\x00" * 40,  # seen: a UnicodeDecodeError after a write
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: b"\x00" * 4096,
    ],
    ids=["bytes 5-60", "last bytes", "cut in half", "empty", "zeros"],
)
def test_a_damaged_index_is_rebuilt_with_a_notice(cli: CliRun, made: Path, spoil: Any) -> None:
    made.write_bytes(spoil(made.read_bytes()))
    code, out, err = cli("search", "lunch")
    assert code == 0 and "Lunch" in out and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "could not be used" in err and "rebuilt from the database" in err


def test_a_write_after_damage_is_found_at_once_and_after(cli: CliRun, made: Path, tmp_path: Path) -> None:
    """Seen: `add` failed after saving the row, then saved an index "current" without it."""
    made.write_bytes(made.read_bytes()[:-40] + b"\x00" * 40)
    new = write_json(tmp_path / "new.json", record(name="Knit and Natter Newcomers"))
    code, _, err = cli("add", "--from-json", new)
    assert code == 0, err
    assert "Knit and Natter Newcomers" in cli("search", "knit natter")[1]


def test_an_index_that_cannot_take_in_a_write_is_rebuilt_and_never_saved_stale(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    broken = {"on": True}
    upsert = SearchIndex.upsert

    def failing(self: SearchIndex, *args: Any, **kwargs: Any) -> None:
        if broken["on"]:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "spoilt")
        upsert(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "upsert", failing)
    from tests.conftest import asset_in

    added = directory.add(asset_in(name="Brand New Choir"), user="Sam")
    assert any(r.id == added.id for r in directory.search(directory.make_query("choir")).results)
    assert any("rebuilt from the database" in n for n in directory.take_notices())
    directory.close()
    again = Directory.open(Settings.resolve(str(tmp_db)))
    try:
        assert any(r.id == added.id for r in again.search(again.make_query("choir")).results)
    finally:
        again.close()


@SETTINGS
@given(data=st.data())
def test_any_change_to_a_saved_index_is_noticed(made: Path, tmp_db: Path, data: st.DataObject) -> None:
    """Every byte is under a checksum: a flipped byte or a cut anywhere is `Damaged`, never
    another exception and never an index."""
    original = made.read_bytes()
    try:
        if data.draw(st.booleans(), label="cut"):
            spoilt = original[: data.draw(st.integers(0, len(original) - 1), label="at")]
        else:
            at = data.draw(st.integers(0, len(original) - 1), label="at")
            flip = data.draw(st.integers(1, 255), label="xor")
            spoilt = original[:at] + bytes([original[at] ^ flip]) + original[at + 1 :]
        made.write_bytes(spoilt)
        with pytest.raises(Damaged):
            load(tmp_db, made)
    finally:
        made.write_bytes(original)


def rewrite(path: Path, change: Any) -> None:
    """Re-save the file with one section changed and every checksum right (a crafted file)."""
    header, found = saved.read(path)
    del header["sections"]
    sections = []
    for name, value in found.items():
        value = change(name, value)
        if isinstance(value, np.ndarray):
            sections.append(Section.array(name, value))
        elif isinstance(value, bytes):
            sections.append(Section.raw(name, value, len(value) // 16))
        else:
            sections.append(Section.text(name, value))
    saved.write(path, header, sections)


@pytest.mark.parametrize(
    ("name", "spoil"),
    [
        ("column kind", lambda v: np.full_like(v, 200)),
        ("column verified", lambda v: np.full_like(v, -5)),
        ("postings", lambda v: v + 10_000),
        ("offsets", lambda v: v[::-1].copy()),
        ("slots", lambda v: ["mon 10:00" for _ in v]),
        ("names", lambda v: v[:-1]),
        ("column alive", lambda v: v.astype(np.int32)),
        ("column served", lambda v: np.full_like(v, 99)),  # no such area served
        ("served_sets", lambda v: ["L:Tilbury", *v[1:]]),  # the first is "names none"
    ],
)
def test_a_crafted_index_with_good_checksums_is_still_refused(
    made: Path, tmp_db: Path, name: str, spoil: Any
) -> None:
    """What a search assumes is checked too: codes in range, postings inside, lists whole."""
    rewrite(made, lambda section, value: spoil(value) if section == name else value)
    with pytest.raises(Damaged):
        load(tmp_db, made)


def test_a_header_that_claims_a_huge_section_is_refused_before_anything_is_allocated(made: Path) -> None:
    data = made.read_bytes()
    (length,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12 : 12 + length])
    header["sections"][0][4] = 1 << 40  # a terabyte
    head = json.dumps(header).encode()
    made.write_bytes(data[:8] + struct.pack("<I", len(head)) + head + struct.pack("<I", zlib.crc32(head)))
    with pytest.raises(Damaged):
        saved.read(made)


def test_the_saved_index_answers_exactly_as_the_built_one(made: Path, tmp_db: Path) -> None:
    directory = Directory.open(Settings.resolve(str(tmp_db)))
    try:
        from sqlmodel import Session

        from asset_map.directory.documents import docs_from_rows

        with Session(directory.engine) as session:  # every text field, as a rebuild reads them
            docs = list(docs_from_rows(session, directory.gazetteer, directory.need_labels))
        built = SearchIndex.build(docs, directory.synonyms, directory.need_labels)
        loaded = load(tmp_db, made)
        assert loaded is not None
        for text in ("lunch", "dementia cafe", "", "foot care", "lonley"):
            query = directory.make_query(text)
            from asset_map.search.engine import run_search

            ours = run_search(loaded, query, directory.clock())
            theirs = run_search(built, query, directory.clock())
            assert [r.id for r in ours.results] == [r.id for r in theirs.results], text
        assert [loaded.columns.doc(p) for p in range(loaded.columns.size)] == [
            built.columns.doc(p) for p in range(built.columns.size)
        ]
    finally:
        directory.close()


async def test_the_app_opens_on_a_damaged_index_and_says_so(made: Path, tmp_db: Path) -> None:
    """Seen: the app sat on "Opening the directory…" for over 30 s."""
    from asset_map.app import create_app
    from asset_map.widgets.results import ResultsTable

    data = made.read_bytes()
    made.write_bytes(data[:5] + b"\xff" * 56 + data[61:])
    app = create_app(Settings.resolve(str(tmp_db)))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.directory is not None and app.screen.query_one(ResultsTable).row_count:
                break
        assert app.screen.query_one(ResultsTable).row_count == 3
        await pilot.pause(0.1)
        told = [str(n.message) for n in app._notifications]
        assert any("rebuilt from the database" in message for message in told), told
