"""The gaps screen: every place against every need as a heat map, each cell a search.

Pilot flows (open by key and by the palette, move, Enter lists the cell's very search, flip,
rows by area, an edit redrawn, a fruitless search counted once and shown as asked), how it
looks at 80×24 and 120×40, and random walks of what a person does there, checking after
every step that nothing raised and that what is shown is true: every count is what a search
for its cell finds now, and the line under the table says the cursor's cell.
"""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Select, Static

from asset_map.app import AssetMapApp, create_app
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.gaps import DEFAULT_RADIUS_KM, GapMatrix, cell_words
from asset_map.lists.asked import asked
from asset_map.screens.asset import AssetScreen
from asset_map.screens.gaps import GapEntriesScreen, GapsScreen, cell_query_words
from asset_map.screens.search import SearchScreen
from asset_map.widgets.gap_table import GapTable
from asset_map.widgets.results import ResultsTable
from tests.tui.conftest import FIXED_NOW, SEED, on_top, until
from tests.tui.test_real_use import footer_fits

SIZES = [(80, 24), (120, 40)]


async def settle(pilot: Pilot[Any]) -> None:
    """Until no worker runs and the screen has caught up with what they said."""
    app = pilot.app
    await pilot.pause()
    for _ in range(1000):
        if not any(w.is_running for w in app.workers):
            break
        await asyncio.sleep(0.005)
    await pilot.pause()
    await pilot.pause()


async def open_gaps(pilot: Pilot[Any]) -> GapsScreen:
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)
    screen = on_top(pilot.app, GapsScreen)
    assert await until(pilot, lambda: screen.matrix is not None)
    return screen


def text_of(widget: Static, width: int = 1000) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text().strip()


def cell_line(screen: GapsScreen) -> str:
    return text_of(screen.query_one("#gaps-cell", Static))


def cursor_at(screen: GapsScreen) -> tuple[str, str] | None:
    return screen.query_one(GapTable).current


async def move_to(pilot: Pilot[Any], screen: GapsScreen, place: str, need: str) -> tuple[int, int]:
    """The cursor onto a place (by its label) and a need (by its id), with the arrow keys."""
    matrix = screen.matrix
    assert matrix is not None
    i = [row.label for row in matrix.rows].index(place)
    j = [n for n, _label in matrix.needs].index(need)
    await pilot.press(*(["up"] * len(matrix.rows)))
    await pilot.press(*(["left"] * len(matrix.needs)))
    await pilot.press(*(["down"] * i), *(["right"] * j))
    await settle(pilot)
    assert cursor_at(screen) == (matrix.rows[i].key, need)
    return i, j


def search_ids(directory: Directory, matrix: GapMatrix, i: int, j: int) -> tuple[int, list[str]]:
    outcome = directory.search(directory.make_query("", **cell_query_words(matrix, i, j)))
    return outcome.total, [str(r.id) for r in outcome.results]


# ---------------------------------------------------------------- the flows


async def test_opens_by_key_and_from_the_palette(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gaps(pilot)
        assert screen.matrix is not None and screen.matrix.by == "locality"
        assert "Gaps: 22 localities × 16 needs · within 2 km" in text_of(
            screen.query_one("#gaps-title", Static)
        )
        assert {"Back", "Flip", "Rows", "Radius", "Filters", "Help"} <= set(footer_fits(app))
        await pilot.press("escape")
        await settle(pilot)
        on_top(app, SearchScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"gaps")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        on_top(app, GapsScreen)


async def test_enter_lists_the_cells_search_and_opens_an_entry(
    app: AssetMapApp, sample_directory: Directory
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gaps(pilot)
        i, j = await move_to(pilot, screen, "Grays", "company")
        matrix = screen.matrix
        assert matrix is not None
        total, ids = search_ids(sample_directory, matrix, i, j)
        assert matrix.supply[i][j] == total == 26
        assert cell_line(screen).startswith(f"Grays · Company and friendship: {total} found within 2 km")
        await pilot.press("enter")
        await settle(pilot)
        entries = on_top(app, GapEntriesScreen)
        table = entries.query_one(ResultsTable)
        assert [row.key.value for row in table.ordered_rows] == ids
        assert text_of(entries.query_one("#gap-entries-status", Static)).startswith(f"{total} found")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert str(on_top(app, AssetScreen).asset_id) == ids[1]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert on_top(app, GapsScreen) is screen and cursor_at(screen) == (matrix.rows[i].key, "company")


async def test_flip_and_rows_by_area_keep_the_need(app: AssetMapApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gaps(pilot)
        await move_to(pilot, screen, "Tilbury", "food")
        before = cell_line(screen)
        await pilot.press("t")
        await settle(pilot)
        table = screen.query_one(GapTable)
        assert table.flipped and table.row_count == 16 and cursor_at(screen) == ("L:Tilbury", "food")
        assert cell_line(screen) == before
        await pilot.press("down")  # flipped: down is the next need, same place
        await settle(pilot)
        assert cursor_at(screen) == ("L:Tilbury", "getting-out")
        await pilot.press("b")
        await settle(pilot)
        matrix = screen.matrix
        assert matrix is not None and matrix.by == "area" and len(matrix.rows) == 4
        here = cursor_at(screen)
        assert here is not None and here[1] == "getting-out"
        assert f"within {DEFAULT_RADIUS_KM['area']:g} km" in text_of(screen.query_one("#gaps-title", Static))
        await pilot.press("plus")
        await settle(pilot)
        assert screen.matrix is not None and screen.matrix.radius_km == 5.0
        await pilot.press("f")
        await settle(pilot)
        assert "free only" in text_of(screen.query_one("#gaps-title", Static))
        for key in "kdww":  # a kind, a day, a way (the second way: comes to the home)
            await pilot.press(key)
            await settle(pilot)
        assert screen.filters == {
            "free_only": True,
            "kinds": ["hub"],
            "open_on": "mon",
            "delivery": ["home"],
        }
        assert screen.matrix is not None and screen.matrix.filters == screen.filters
        title = text_of(screen.query_one("#gaps-title", Static))
        assert "on Mondays" in title or title.endswith("…"), title
        for _ in range(3):  # past the last way (by phone, online): any way again
            await pilot.press("w")
            await settle(pilot)
        assert "delivery" not in screen.filters


async def test_an_edit_is_counted_on_coming_back(app: AssetMapApp, sample_directory: Directory) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gaps(pilot)
        i, j = await move_to(pilot, screen, "Tilbury", "food")
        matrix = screen.matrix
        assert matrix is not None
        before = matrix.supply[i][j]
        others = {(a, b): matrix.supply[a][b] for a in range(len(matrix.rows)) for b in (0, 1)}
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        asset = on_top(app, AssetScreen)
        sample_directory.archive(asset.asset_id, user="Test Volunteer")  # done on its page
        await pilot.press("escape")
        await settle(pilot)
        entries = on_top(app, GapEntriesScreen)
        assert str(asset.asset_id) not in [r.key.value for r in entries.query_one(ResultsTable).ordered_rows]
        await pilot.press("escape")
        await settle(pilot)
        assert await until(pilot, lambda: screen.matrix is not None and screen.matrix is not matrix)
        now = screen.matrix
        assert now is not None
        assert now.supply[i][j] == before - 1
        assert cell_line(screen).startswith(f"Tilbury · Food and meals: {before - 1} found")
        assert cursor_at(screen) == ("L:Tilbury", "food")
        # an entry carries more needs than one: only columns it was in may change
        assert all(now.supply[a][b] <= n for (a, b), n in others.items())


async def test_others_writes_are_heard(app: AssetMapApp, sample_directory: Directory) -> None:
    assert sample_directory.settings is not None
    other = Directory.open(sample_directory.settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_gaps(pilot)
            i, j = await move_to(pilot, screen, "Grays", "company")
            matrix = screen.matrix
            assert matrix is not None
            _total, ids = search_ids(sample_directory, matrix, i, j)
            other.archive(uuid.UUID(ids[0]), user="Someone Else")
            assert await until(
                pilot,
                lambda: screen.matrix is not None and screen.matrix.supply[i][j] == matrix.supply[i][j] - 1,
            )
    finally:
        other.close()


async def test_a_fruitless_search_is_counted_once_and_shown_as_asked(
    app: AssetMapApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SearchScreen, "unmet_settle", 0.05)
    monkeypatch.setattr(SearchScreen, "debounce", 0.01)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        search = on_top(app, SearchScreen)
        await pilot.press(*"pets", "ctrl+g", *"Bulphan")
        search.query_one("#radius", Select).value = 1.0
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        for _ in range(3):  # the same again: back from somewhere, others' writes, retyped
            search.refresh_search(wait=0.0)
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
        assert "0 found" in text_of(search.query_one("#status", Static))
        lists = app.connection_lists()
        assert lists is not None
        pets = [a for a in asked(lists) if a.need == "pets" and "L:Bulphan" in a.keys]
        assert [a.count for a in pets] == [1]
        screen = await open_gaps(pilot)
        await move_to(pilot, screen, "Bulphan", "pets")
        matrix = screen.matrix
        assert matrix is not None
        i = [r.label for r in matrix.rows].index("Bulphan")
        j = [n for n, _ in matrix.needs].index("pets")
        assert (matrix.supply[i][j], matrix.asked[i][j]) == (0, 1)
        assert cell_words(0, 1, matrix.busiest) == "×0!1"
        assert "none within 2 km (a gap) · asked for once, not found" in cell_line(screen)


async def test_without_the_lists_the_matrix_says_so(app: AssetMapApp, sample_directory: Directory) -> None:
    def broken() -> None:
        return None

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(GapsScreen(sample_directory, broken))
        await settle(pilot)
        screen = on_top(app, GapsScreen)
        assert await until(pilot, lambda: screen.matrix is not None)
        note = screen.query_one("#gaps-note", Static)
        assert note.display and "could not be read" in text_of(note)
        assert screen.matrix is not None and not any(any(row) for row in screen.matrix.asked)


# ---------------------------------------------------------------- how it looks


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_gaps_screen_looks(snap_compare: Any, app: AssetMapApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_gaps(pilot)
        await move_to(pilot, screen, "Bulphan", "food")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


# ---------------------------------------------------------------- random walks

KEYS = ["up", "down", "left", "right", "pageup", "pagedown", "home", "end", "t", "b", "plus", "minus"]
STEP = st.one_of(
    st.tuples(st.just("key"), st.sampled_from(KEYS)),
    st.tuples(st.just("filter"), st.sampled_from(["f", "s", "v", "k", "d", "w"])),
    st.tuples(st.just("key"), st.sampled_from(["enter", "escape"])),
    st.tuples(st.just("edit"), st.integers(0, 30)),
    st.tuples(st.just("resize"), st.sampled_from(SIZES)),
)
WALK = st.lists(STEP, min_size=4, max_size=25)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gaps-pristine")
    Directory.open(Settings.resolve(str(folder / "gaps.db")), seed=SEED).close()
    return folder


@pytest.fixture
def walk_in(
    pristine: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    monkeypatch.setenv("ASSET_MAP_USER", "Walker")

    def run(size: tuple[int, int], steps: list[tuple[str, Any]]) -> None:
        folder = tmp_path_factory.mktemp("gaps-walk")
        shutil.copytree(pristine, folder, dirs_exist_ok=True)
        monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(folder / "config"))
        directory = Directory.open(Settings.resolve(str(folder / "gaps.db")))
        directory.clock = lambda: FIXED_NOW
        try:
            asyncio.run(_walk(create_app(directory=directory), directory, size, steps))
        finally:
            directory.close()

    yield run


async def _walk(app: AssetMapApp, directory: Directory, size: tuple[int, int], steps: list[Any]) -> None:
    archived: list[uuid.UUID] = []
    async with app.run_test(size=size) as pilot:
        await open_gaps(pilot)
        for number, step in enumerate(steps, start=1):
            await _do(pilot, directory, step, archived)
            await settle(pilot)
            when = f"after step {number} {step}"
            assert app._exception is None, f"{when}: {app._exception!r}"
            _check(app, directory, when)


async def _do(
    pilot: Pilot[Any], directory: Directory, step: tuple[str, Any], archived: list[uuid.UUID]
) -> None:
    what, value = step
    app = pilot.app
    if what == "key":
        if value == "escape" and isinstance(app.screen, GapsScreen):
            return  # the walk stays on the screen it is about
        await pilot.press(value)
    elif what == "filter":
        if isinstance(app.screen, GapsScreen):
            await pilot.press(value)
    elif what == "resize":
        await pilot.resize_terminal(*value)
    elif what == "edit":
        # as a person does: the cell's entries, one opened, archived there (or one archived
        # earlier restored), then back to the gaps
        if archived and value % 3 == 0:
            directory.restore(archived.pop(), user="Walker")
        elif isinstance(app.screen, GapsScreen):
            await pilot.press("enter")
            await settle(pilot)
            table = app.screen.query_one(ResultsTable)
            if table.row_count:
                table.move_cursor(row=value % table.row_count)
                await pilot.press("enter")
                await settle(pilot)
                asset = on_top(app, AssetScreen)
                directory.archive(asset.asset_id, user="Walker")
                archived.append(asset.asset_id)
        while not isinstance(app.screen, GapsScreen):
            await pilot.press("escape")
            await settle(pilot)


def _check(app: AssetMapApp, directory: Directory, when: str) -> None:
    """What is shown is true: the counts are what searches find now, the line says the cell."""
    screen = app.screen
    if isinstance(screen, GapEntriesScreen):
        outcome = directory.search(directory.make_query("", **screen.words))
        shown = [row.key.value for row in screen.query_one(ResultsTable).ordered_rows]
        assert shown == [str(r.id) for r in outcome.results], f"{when}: not the cell's entries"
        return
    if not isinstance(screen, GapsScreen):
        return
    footer_fits(app)
    matrix = screen.matrix
    assert matrix is not None
    assert (matrix.by, matrix.radius_km, matrix.filters) == (screen.by, screen.radius_km, screen.filters), (
        when
    )
    fresh = directory.gap_matrix(screen.by, radius_km=screen.radius_km, **screen.filters)
    assert matrix.supply == fresh.supply, f"{when}: the counts are not what searches find now"
    table = screen.query_one(GapTable)
    cell = table.current_cell
    assert cell is not None, when
    place, (need, label) = matrix.rows[cell.row], matrix.needs[cell.column]
    # the cell under the cursor, read from the table's own keys: a place and a need
    keys = table.coordinate_to_cell_key(table.cursor_coordinate)
    row_key, column_key = keys.row_key.value, keys.column_key.value
    under = (column_key, row_key) if table.flipped else (row_key, column_key)
    assert under == (place.key, need), f"{when}: the cursor is on {under}, the line says {place.key}/{need}"
    total, _ids = search_ids(directory, matrix, cell.row, cell.column)
    supply = matrix.supply[cell.row][cell.column]
    line = cell_line(screen)
    found = re.match(rf"{re.escape(place.label)} · {re.escape(label)}: (\d+ found|none) within", line)
    assert found, f"{when}: the line says {line!r}, not the cursor's cell {place.label}/{label}"
    said = 0 if found.group(1) == "none" else int(found.group(1).split()[0])
    assert said == supply == total, f"{when}: {line!r} but its search finds {total}"
    words = table.get_cell_at(table.cursor_coordinate).plain
    assert words == cell_words(supply, matrix.asked[cell.row][cell.column], matrix.busiest), when
    title = text_of(screen.query_one("#gaps-title", Static))
    assert f"within {screen.reach_km:g} km" in title, f"{when}: {title!r}"


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(size=st.sampled_from(SIZES), steps=WALK)
@example(size=(80, 24), steps=[("edit", 0), ("key", "t"), ("edit", 3), ("key", "b"), ("key", "minus")])
@example(
    size=(120, 40), steps=[("key", "pagedown"), ("key", "end"), ("key", "b"), ("key", "b"), ("key", "t")]
)
def test_a_person_on_the_gaps_screen_never_breaks_it(
    walk_in: Any, size: tuple[int, int], steps: list[tuple[str, Any]]
) -> None:
    walk_in(size, steps)
