"""Random walks through the app, as people use it, checking after every step that nothing
has gone wrong and that what the screen shows is true.

A walk is a list of what a person does — type words (real, nonsense, empty, other scripts,
very long), Backspace, Ctrl+U, tick and untick filters, choose a place, a distance and a day,
move through the results, open an entry and come back, add to a list, open the lists, start
an entry and leave it, open the review queue, the palette and help, resize between 80×24 and
130×40. Hypothesis draws the walks and, when one fails, shrinks it to the fewest steps; a
walk found that way is kept below as an `@example`, so it stays a regular test.

After every step: the app has not raised. Whenever the search screen is on top, the results
are the answer to the question the bar now asks, the count in the status line matches the
rows, every row honours every filter (checked against the stored entry, not the index), the
footer's keys are all on screen and, on a wide terminal, the card shows the highlighted entry.

In CI a fixed set of walks runs (WALKS, default 60, of 8 to 40 steps: about 1,400 steps in
all, each walk paying for a fresh app and directory). For a longer hunt:
`ASSET_MAP_WALKS=2000 ASSET_MAP_WALKS_RANDOM=1 pytest tests/tui/test_walks.py`.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.database import ExampleDatabase
from rich.console import Console
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from textual.widgets._footer import FooterKey

from asset_map.app import AssetMapApp, create_app
from asset_map.checks import runs_as_usual
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.schedule import DAY_CODES
from asset_map.screens.search import RADII, SearchScreen
from asset_map.store.models import AssetIn
from asset_map.widgets.asset_card import AssetCard
from asset_map.widgets.results import MAX_ROWS, ResultsTable
from tests.tui.conftest import FIXED_NOW, SEED
from tests.tui.test_real_use import footer_fits

WALKS = int(os.environ.get("ASSET_MAP_WALKS", "60"))
RANDOM = bool(os.environ.get("ASSET_MAP_WALKS_RANDOM"))
SIZES = [(80, 24), (130, 40)]

WORDS = st.sampled_from(
    [
        "lunch",
        "club",
        "lunch club",
        "walk",
        "lonely",
        "lonley",
        "gardening",
        "dementia cafe",
        "qqzzxx",
        "the and of",
        "",
        " ",
        "café",
        "社区午餐",
        "مرحبا",
        "🧶 knit",
        "[bold]tea[/]",
        "x" * 300,
        "lifts to hospital",
        "ukul",
        "a",
    ]
)
PLACES = st.sampled_from(["Tilbury", "RM18 7NR", "Grays", "grayz", "Narnia", "RM16", "", "S Ockendon"])
DAYS = st.sampled_from([None, "now", "today", *DAY_CODES])
NO_FIXED_PLACE = [("Befriending Phone Line", ["phone"]), ("Online Lunch Club Chat", ["online", "phone"])]
WAYS = st.sampled_from([None, "in_person", "home", "phone", "online"])
TOGGLES = st.sampled_from(["#free", "#step-free", "#closed"])
KEYS = st.sampled_from(["backspace", "ctrl+u", "down", "down", "up", "pagedown", "enter", "escape", "ctrl+f"])
STEP = st.one_of(
    st.tuples(st.just("type"), WORDS),
    st.tuples(st.just("key"), KEYS),
    st.tuples(st.just("toggle"), TOGGLES),
    st.tuples(st.just("near"), PLACES),
    st.tuples(st.just("radius"), st.sampled_from([None, *RADII])),
    st.tuples(st.just("day"), DAYS),
    st.tuples(st.just("delivery"), WAYS),
    st.tuples(st.just("resize"), st.sampled_from(SIZES)),
    st.tuples(st.just("go"), st.sampled_from(["open", "add", "lists", "edit", "review", "palette", "help"])),
)
WALK = st.lists(STEP, min_size=8, max_size=40)  # each walk pays for starting the app: make it count


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample directory made once, with its saved index: each walk starts from a copy."""
    folder = tmp_path_factory.mktemp("pristine")
    directory = Directory.open(Settings.resolve(str(folder / "walk.db")), seed=SEED)
    for name, ways in NO_FIXED_PLACE:  # services with no place to go to, among the rest
        directory.add(
            AssetIn.model_validate({"kind": "group", "name": name, "summary": "A chat", "delivery": ways}),
            user="Walker",
        )
    directory.close()
    return folder


@pytest.fixture
def walk_in(
    pristine: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """A function that runs one walk on a fresh copy of the sample directory."""
    monkeypatch.setattr(SearchScreen, "debounce", 0.03)  # a walk waits for each answer anyway

    def run(steps: list[tuple[str, Any]]) -> None:
        folder = tmp_path_factory.mktemp("walk")
        shutil.copytree(pristine, folder, dirs_exist_ok=True)
        directory = Directory.open(Settings.resolve(str(folder / "walk.db")))
        directory.clock = lambda: FIXED_NOW
        try:
            asyncio.run(_walk(create_app(directory=directory), steps))
        finally:
            directory.close()

    yield run


async def _walk(app: AssetMapApp, steps: list[tuple[str, Any]]) -> None:
    async with app.run_test(size=SIZES[0]) as pilot:
        await _settle(app, pilot)
        for number, step in enumerate(steps, start=1):
            await _do(app, pilot, step)
            await _settle(app, pilot)
            assert app._exception is None, f"step {number} {step}: {app._exception!r}"
            if isinstance(app.screen, SearchScreen):
                _check_search_screen(app, app.screen, f"after step {number} {step}")


async def _settle(app: AssetMapApp, pilot: Pilot[None]) -> None:
    """Until no worker runs (a search, a duplicate check) and the screen has caught up."""
    await pilot.pause()
    for _ in range(500):
        if not any(w.is_running for w in app.workers):
            break
        await asyncio.sleep(0.005)
    await pilot.pause()
    for _ in range(50):  # a footer recomposed (new bindings, a resize) is laid out a frame later
        if all(key.region.width for key in app.screen.query(FooterKey)):
            break
        await pilot.pause(0.01)


async def _home(app: AssetMapApp, pilot: Pilot[None]) -> SearchScreen:
    """Back to the search screen, as a person does: Escape until it is there."""
    for _ in range(6):
        if isinstance(app.screen, SearchScreen):
            break
        _keys(app, "escape")
        await _settle(app, pilot)
    assert isinstance(app.screen, SearchScreen), f"Escape did not lead back from {app.screen}"
    return app.screen


def _keys(app: AssetMapApp, *keys: str) -> None:
    """Keys as a quick typist sends them (the pilot's own `press` waits ~60 ms after each)."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(key if key.isalnum() else _character_to_key(key), key))
        else:
            app.post_message(events.Key(key, None))


async def _do(app: AssetMapApp, pilot: Pilot[None], step: tuple[str, Any]) -> None:
    what, value = step
    if what == "type":
        focused = app.screen.focused if isinstance(app.screen, SearchScreen) else None
        before = focused.value if isinstance(focused, Input) else ""
        start, end = sorted(focused.selection) if isinstance(focused, Input) else (0, 0)
        _keys(app, *value)
        await _settle(app, pilot)
        if isinstance(focused, Input | ResultsTable) and value:
            box = focused if isinstance(focused, Input) else app.screen.query_one("#query", Input)
            # typed in a box: it replaces what was selected (Ctrl+F selects all) or goes at the
            # cursor; typed in the results: a new search with it
            wanted = before[:start] + value + before[end:] if isinstance(focused, Input) else value
            assert box.value == wanted, f"typed {value!r}: the box says {box.value!r}, not {wanted!r}"
    elif what == "key":
        _keys(app, value)
    elif what == "resize":
        await pilot.resize_terminal(*value)
    elif what == "toggle":
        screen = await _home(app, pilot)
        await pilot.click(value)
        del screen
    elif what == "near":
        screen = await _home(app, pilot)
        screen.query_one("#near", Input).focus()
        _keys(app, "ctrl+u", *value)
    elif what in {"radius", "day", "delivery"}:
        screen = await _home(app, pilot)
        select = screen.query_one(f"#{what}", Select)
        if value is None:
            select.clear()
        else:
            select.value = float(value) if what == "radius" else value
    elif what == "go":
        await _go(app, pilot, value)


async def _go(app: AssetMapApp, pilot: Pilot[None], where: str) -> None:
    """Somewhere else and back again, the way a person would."""
    keys = {
        "lists": ["ctrl+l"],
        "edit": ["ctrl+n"],
        "review": ["ctrl+r"],
        "palette": ["ctrl+p"],
        "help": ["f1"],
    }
    if where in {"open", "add"}:
        screen = await _home(app, pilot)
        table = screen.query_one(ResultsTable)
        if not (table.display and table.row_count):
            return
        table.focus()
        _keys(app, "enter" if where == "open" else "plus")
        await _settle(app, pilot)
        if where == "add" and not isinstance(app.screen, SearchScreen):
            _keys(app, *"AB 1", "ctrl+s")  # the first time: start a list
    else:
        _keys(app, *keys[where])
    await _settle(app, pilot)
    _keys(app, "escape")


# ---------------------------------------------------------------- what must be true


def _check_search_screen(app: AssetMapApp, screen: SearchScreen, when: str) -> None:
    table = screen.query_one(ResultsTable)
    status = _text(screen.query_one("#status", Static), width=100_000)  # one line, as it is held
    shown = [row.key.value for row in table.ordered_rows]
    footer_fits(app)
    if screen.finder is None:
        return
    filters = screen.filters()
    try:
        query = screen.make_query(screen.finder, screen.query_one("#query", Input).value, filters)
    except Exception as exc:  # a place that cannot be read: said, and no rows of another question
        assert status.startswith("⚠") and str(exc)[:30] in status, f"{when}: {status!r} for {exc}"
        assert not table.display and not shown, f"{when}: rows shown for a question not asked"
        return
    outcome = screen.finder.search(query)
    expected = [str(r.id) for r in outcome.results[:MAX_ROWS]]
    assert shown == expected, f"{when}: the rows are not the answer to {query.text!r} {filters}"
    count = re.match(r"(\d+) found|(\d+) of (\d+) shown", status)
    assert count, f"{when}: no count in {status!r}"
    total = int(count.group(1) or count.group(3))
    assert total == outcome.total and len(shown) == min(total, MAX_ROWS), (
        f"{when}: {status!r}, {len(shown)} rows"
    )
    assert table.display == bool(shown), f"{when}: the table is {'shown' if table.display else 'hidden'}"
    _rows_honour_filters(app, screen, outcome.results[:12], filters, when)
    if screen.has_class("-wide") and app.directory is not None and shown:
        card = _text(screen.query_one(AssetCard), width=60)
        name = outcome.results[table.cursor_row].name
        assert name[:20] in card, f"{when}: the card does not show {name!r}"


def _rows_honour_filters(
    app: AssetMapApp, screen: SearchScreen, results: list[Any], filters: Any, when: str
) -> None:
    """Each row against the stored entry: what the screen promises, checked another way."""
    if app.directory is None:
        return
    for result in results:
        asset = app.directory.get(result.id)
        why = f"{when}: {asset.name}"
        assert asset.archived_at is None, why
        if filters.free_only:
            assert asset.cost == "free", why
        if filters.step_free_only:
            assert "step_free" in asset.accessibility, why
        if not filters.include_closed:
            assert asset.status != "closed", why
        if filters.day is not None:
            assert runs_as_usual(asset.status, flagged=asset.flagged_at is not None), why
            assert asset.schedule, why
        if filters.delivery is not None:
            assert filters.delivery in asset.delivery, why
        remote = not {"in_person", "home"} & set(asset.delivery)
        if filters.radius_km is not None and filters.near and not remote:
            assert result.distance_km is not None and result.distance_km <= filters.radius_km, why
        if remote:  # no place to go to: how it is reached, where a locality would be
            assert result.distance_km is None and result.where_words.startswith(("By phone", "Online")), why
        if not runs_as_usual(asset.status, flagged=asset.flagged_at is not None):
            assert result.next_on == "", f"{why}: a next time shown for an entry that is not running"


def _text(widget: Static, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


# ---------------------------------------------------------------- the walks


def default_database() -> ExampleDatabase | None:
    """The default profile's example database."""
    default = settings.default
    assert default is not None  # loaded when hypothesis is imported
    return default.database


WALK_SETTINGS = settings(
    max_examples=WALKS,
    deadline=None,
    derandomize=not RANDOM,
    database=None if not RANDOM else default_database(),
    suppress_health_check=list(HealthCheck),
)


@WALK_SETTINGS
@given(steps=WALK)
@example(steps=[("type", "qqzzxx"), ("key", "ctrl+u")])  # nothing found, then something (80×24)
@example(steps=[("resize", (130, 40)), ("type", "qqzzxx"), ("key", "backspace")])
@example(steps=[("type", "walk"), ("key", "down"), ("type", "lunch")])  # letters in the results
@example(steps=[("near", "Narnia"), ("near", "Tilbury")])  # a place not known, then one
@example(steps=[("type", "lunch"), ("key", "down"), ("type", "lifts to hospital")])  # found by a walk
@example(steps=[("near", "Tilbury"), ("type", "x" * 300)])  # found by a walk (a test's own slip)
@example(steps=[("type", "lunch"), ("key", "ctrl+f"), ("type", "lunch")])  # the same again
def test_a_person_using_the_app_never_breaks_it(walk_in: Any, steps: list[tuple[str, Any]]) -> None:
    walk_in(steps)
