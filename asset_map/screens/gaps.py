"""Where the gaps are: every place against every need as a heat map (directory/gaps.py).

A cell counts what a search of no words near that place, for that need, finds; Enter lists
those very entries. Beside each count goes how often people asked for that need there and
found nothing (from connection lists and fruitless searches: counts only), so what was
asked for and is missing stands out. The matrix is made again in a worker whenever the screen
comes back (an entry may have been edited) and when others' writes are heard, the cursor
staying on its place and need.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import get_current_worker

from asset_map.directory.gaps import (
    ASKED_MARK,
    DEFAULT_RADIUS_KM,
    MARKS,
    ROWS_BY,
    ROWS_WORDS,
    Asked,
    GapFilters,
    GapMatrix,
    RowsBy,
)
from asset_map.errors import AssetMapError
from asset_map.reports.gaps_words import filter_phrases
from asset_map.schedule import DAY_CODES
from asset_map.screens.base import DirectoryScreen
from asset_map.search.query import QueryWords, SearchOutcome, SearchQuery
from asset_map.store.enums import Delivery, Kind
from asset_map.widgets.gap_table import GapTable
from asset_map.widgets.results import MAX_ROWS, ResultsTable

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory
    from asset_map.lists.service import ConnectionLists

RADIUS_STEPS = (0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 8.0, 10.0, 15.0, 20.0)
TOGGLES = frozenset({"free_only", "step_free_only", "verified_recently"})  # switched on and off
# The filters stepped through, one choice at a time, then back to any: a kind, a day, a way.
CHOICES: dict[str, tuple[str, ...]] = {
    "kinds": tuple(kind.value for kind in Kind),
    "open_on": DAY_CODES,
    "delivery": tuple(way.value for way in Delivery),
}
OTHERS_EVERY_S = 0.5  # as the search screen: a look for others' writes

ListsOpener = Callable[[], "ConnectionLists | None"]


def next_radius(now: float, step: int) -> float:
    """The next radius up (step 1) or down (-1) from `now`, within RADIUS_STEPS."""
    if step > 0:
        return next((r for r in RADIUS_STEPS if r > now), RADIUS_STEPS[-1])
    return next((r for r in reversed(RADIUS_STEPS) if r < now), RADIUS_STEPS[0])


def cell_query_words(matrix: GapMatrix, row: int, column: int) -> QueryWords:
    """The search a cell counts, as the search screen would ask it (its rows' limit)."""
    words: QueryWords = {**matrix.words(row, column), "limit": MAX_ROWS}
    return words


class GapsScreen(DirectoryScreen[None]):
    CSS_PATH = "gaps.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="gaps.back"),
        Binding("enter", "open_cell", "Entries", key_display="⏎", id="gaps.open"),
        Binding("t", "flip", "Flip", id="gaps.flip", tooltip="Swap rows and columns"),
        Binding(
            "b", "rows_by", "Rows", id="gaps.rows", tooltip="Rows by locality, area or postcode district"
        ),
        Binding("plus,equals_sign", "radius(1)", "Radius", key_display="+-", id="gaps.wider"),
        Binding("minus", "radius(-1)", "Nearer", show=False, id="gaps.nearer"),
        Binding(
            "f",
            "filter('free_only')",
            "Filters",
            key_display="fsvkdw",
            id="gaps.free",
            tooltip="f free only, s step-free only, v checked in the last 12 months (each on or off); "
            "k a kind, d a day, w a way to reach people (each in turn, then any)",
        ),
        Binding("s", "filter('step_free_only')", "Step-free", show=False, id="gaps.step_free"),
        Binding("v", "filter('verified_recently')", "Checked", show=False, id="gaps.checked"),
        Binding("k", "choose('kinds')", "Kind", show=False, id="gaps.kind"),
        Binding("d", "choose('open_on')", "Day", show=False, id="gaps.day"),
        Binding("w", "choose('delivery')", "Way", show=False, id="gaps.way"),
    ]

    class Built(Message):
        """A freshly made matrix (dropped when a newer one was asked for)."""

        def __init__(
            self, generation: int, matrix: GapMatrix | None, note: str, error: str, made_from: str = ""
        ) -> None:
            super().__init__()
            self.generation, self.matrix, self.note, self.error = generation, matrix, note, error
            self.made_from = made_from  # the directory's generation it was counted from

    class OthersWrote(Message):
        """Someone else changed the directory: the matrix is made again."""

    others_every = OTHERS_EVERY_S

    def __init__(self, directory: Directory, open_lists: ListsOpener | None = None) -> None:
        super().__init__(directory)
        self.open_lists = open_lists
        self.by: RowsBy = "locality"
        self.radius_km: float | None = None  # None: each kind of row's own default
        self.filters: GapFilters = {}
        self.flipped = False
        self.matrix: GapMatrix | None = None
        self.generation = 0
        self.built = 0  # the generation shown
        self.lists_note = ""
        self.made_from: str | None = None  # the directory's generation the matrix shown counts
        self._looking = False

    def compose(self) -> ComposeResult:
        yield Static("", id="gaps-title")
        yield GapTable(id="gaps-table")
        yield Static("", id="gaps-cell")
        yield Static("", id="gaps-note")
        yield Static("", id="gaps-key")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#gaps-note").display = False
        self.query_one("#gaps-cell", Static).update("Counting every place against every need…")
        self.query_one(GapTable).focus()
        self.set_interval(self.others_every, self._look_for_others)
        self.remake()

    def on_screen_resume(self) -> None:
        """Back from a cell's entries (one may have been edited): count again."""
        if self.matrix is not None:
            self.remake()

    # ------------------------------------------------------------ making the matrix
    @property
    def reach_km(self) -> float:
        return self.radius_km if self.radius_km is not None else DEFAULT_RADIUS_KM[self.by]

    def remake(self) -> None:
        """Count again, off the screen's thread, for the rows, radius and filters chosen now."""
        self.generation += 1
        lists: ConnectionLists | None = None
        note = ""
        if self.open_lists is not None:
            try:
                lists = self.open_lists()
            except AssetMapError as exc:
                note = str(exc)
            if lists is None and not note:
                note = "the connection lists could not be opened"
        self.lists_note = note
        self._make(self.generation, self.by, self.radius_km, dict(self.filters), lists)

    @work(thread=True, exclusive=True, group="gaps", exit_on_error=False)
    def _make(
        self,
        generation: int,
        by: RowsBy,
        radius_km: float | None,
        filters: GapFilters,
        lists: ConnectionLists | None,
    ) -> None:
        note = ""
        demand: list[Asked] = []
        if lists is not None:
            from asset_map.lists.asked import asked

            try:
                demand = asked(lists)
            except AssetMapError as exc:
                note = f"What people asked for could not be read ({exc}): supply only."
        made_from = self.directory.generation  # before it catches up: never later than its counts
        try:
            matrix = self.directory.gap_matrix(by, radius_km=radius_km, asked=demand, **filters)
        except AssetMapError as exc:
            self.post_message(self.Built(generation, None, note, str(exc), made_from))
            return
        except Exception as exc:  # never left "counting…" for good: said, and counted again later
            self.post_message(self.Built(generation, None, note, f"{type(exc).__name__}: {exc}", made_from))
            raise
        if not get_current_worker().is_cancelled:
            self.post_message(self.Built(generation, matrix, note, "", made_from))

    def on_gaps_screen_built(self, message: Built) -> None:
        if message.generation != self.generation:
            return  # a newer matrix is on its way
        if message.matrix is None:  # said once: looked at again when the directory moves on
            self.built, self.made_from = message.generation, message.made_from
            self.say(f"Could not count the gaps: {message.error}", error=True)
            return
        table = self.query_one(GapTable)
        keep = table.current
        self.matrix, self.built, self.made_from = message.matrix, message.generation, message.made_from
        table.show(message.matrix, self.flipped, keep=keep)
        notes = [*message.matrix.notes]
        if self.lists_note:
            notes.insert(0, f"What people asked for could not be read ({self.lists_note}): supply only.")
        elif message.note:
            notes.insert(0, message.note)
        note = self.query_one("#gaps-note", Static)
        note.update(Text(" · ".join(notes)))
        note.display = bool(notes)
        self._show_title()
        self._show_key()
        self._show_cell()

    def _look_for_others(self) -> None:
        """A look, unless one is under way or a matrix is being made (it would be cancelled)."""
        if self.is_active and not self._looking and self.built == self.generation:
            self._looking = True
            self._catch_up_with_others()

    @work(thread=True, group="gaps-others")
    def _catch_up_with_others(self) -> None:
        """Others' writes, heard here or by whichever screen looked first (the news is told
        once): the directory has moved on from what the matrix counts."""
        try:
            try:
                news = self.directory.others_wrote()
            except AssetMapError:  # busy this time: look again at the next look
                return
            if news or self.directory.generation != self.made_from:
                self.post_message(self.OthersWrote())
        finally:
            self._looking = False

    def on_gaps_screen_others_wrote(self) -> None:
        if self.built == self.generation:  # else a newer matrix is on its way already
            self.remake()

    # ------------------------------------------------------------ what is shown
    def _show_title(self) -> None:
        matrix = self.matrix
        if matrix is None:
            return
        chosen = self.chosen_words()
        radius = f"within {self.reach_km:g} km"
        parts = [
            f"Gaps: {len(matrix.rows)} {ROWS_WORDS[matrix.by]} × {len(matrix.needs)} needs",
            radius,
            ", ".join(chosen) if chosen else "no filters",
        ]
        self.query_one("#gaps-title", Static).update(Text(" · ".join(parts)))

    def _show_key(self) -> None:
        """The legend, drawn in the table's own colours."""
        matrix, table = self.matrix, self.query_one(GapTable)
        if matrix is None:
            return
        part = table.part_style
        key = Text("Key ")
        key.append(f"{MARKS[0]}0", part("gap-table--step-0"))
        key.append(" none  ")
        for step, mark in enumerate(MARKS[1:], start=1):
            key.append(mark, part(f"gap-table--step-{step}"))
        key.append(f" few→most ({matrix.busiest})  ")
        key.append(f"{ASKED_MARK}N", part("gap-table--asked"))
        key.append(" asked, not found  ")
        key.append(f"{MARKS[0]}0{ASKED_MARK}N", part("gap-table--missing"))
        key.append(" missing")
        self.query_one("#gaps-key", Static).update(key)

    def _show_cell(self) -> None:
        """The cursor's cell in full: its place, its need, what it counts."""
        matrix, table = self.matrix, self.query_one(GapTable)
        cell = table.current_cell
        if matrix is None or cell is None:
            return
        place, (_need, label) = matrix.rows[cell.row], matrix.needs[cell.column]
        supply, asked = matrix.supply[cell.row][cell.column], matrix.asked[cell.row][cell.column]
        found = f"{supply} found" if supply else "none"
        text = Text(f"{place.label} · {label}: {found} within {place.radius_km:g} km")
        if not supply:
            text.append(" (a gap)")
        if asked:
            times = "once" if asked == 1 else f"{asked} times"
            text.append(f" · asked for {times}, not found", "bold" if not supply else "")
        if supply:
            text.append(" · ⏎ lists them")
        self.query_one("#gaps-cell", Static).update(text)

    @on(DataTable.CellHighlighted)
    def _cell_highlighted(self) -> None:
        self._show_cell()

    # ------------------------------------------------------------ actions
    @on(DataTable.CellSelected)
    def _cell_selected(self) -> None:
        self.action_open_cell()

    def action_open_cell(self) -> None:
        matrix, cell = self.matrix, self.query_one(GapTable).current_cell
        if matrix is None or cell is None:
            return
        place, (_need, label) = matrix.rows[cell.row], matrix.needs[cell.column]
        title = f"{label} near {place.label} within {place.radius_km:g} km"
        chosen = self.chosen_words()
        if chosen:
            title += f" ({', '.join(chosen)})"
        self.app.push_screen(
            GapEntriesScreen(self.directory, cell_query_words(matrix, cell.row, cell.column), title)
        )

    def action_flip(self) -> None:
        self.flipped = not self.flipped
        if self.matrix is not None:
            table = self.query_one(GapTable)
            table.show(self.matrix, self.flipped, keep=table.current)
            self._show_cell()

    def action_rows_by(self) -> None:
        self.by = ROWS_BY[(ROWS_BY.index(self.by) + 1) % len(ROWS_BY)]
        self.remake()

    def action_radius(self, step: int) -> None:
        self.radius_km = next_radius(self.reach_km, step)
        self.remake()

    def action_filter(self, name: str) -> None:
        if name not in TOGGLES:
            return
        if self.filters.get(name):
            self.filters.pop(name)  # type: ignore[misc]
        else:
            self.filters[name] = True  # type: ignore[literal-required]
        self.remake()

    def action_choose(self, name: str) -> None:
        """The next kind, day or way in turn; after the last, any."""
        choices = CHOICES.get(name)
        if choices is None:
            return
        now = self.filters.get(name)
        current = now[0] if isinstance(now, list | tuple) and now else now
        following = choices[choices.index(current) + 1 :] if current in choices else choices
        if not following:
            self.filters.pop(name)  # type: ignore[misc]
        elif name == "open_on":
            self.filters["open_on"] = following[0]
        else:
            self.filters[name] = [following[0]]  # type: ignore[literal-required]
        self.remake()

    def chosen_words(self) -> list[str]:
        """The filters on now, in the words the page prints them."""
        made = self.matrix.made_at if self.matrix is not None else self.directory.clock()
        return filter_phrases(self.filters, made)


class GapEntriesScreen(DirectoryScreen[None]):
    """A cell's entries: exactly what its search finds, as the search screen lists them."""

    CSS_PATH = "gaps.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="gap-entries.back"),
        Binding("enter", "open_asset", "Open", key_display="⏎", id="gap-entries.open"),
    ]

    class Found(Message):
        def __init__(self, outcome: SearchOutcome | None, query: SearchQuery | None, error: str) -> None:
            super().__init__()
            self.outcome, self.query, self.error = outcome, query, error

    def __init__(self, directory: Directory, words: QueryWords, title: str) -> None:
        super().__init__(directory)
        self.words = words
        self.title_text = title
        self.outcome: SearchOutcome | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text), id="gap-entries-title")
        yield ResultsTable(id="gap-entries")
        yield Static("", id="gap-entries-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ResultsTable).focus()
        self.search()

    def on_screen_resume(self) -> None:
        """Back from an entry (it may have been edited): search again."""
        self.search()

    @work(thread=True, exclusive=True, group="gap-entries", exit_on_error=False)
    def search(self) -> None:
        try:
            query = self.directory.make_query("", **self.words)
            outcome = self.directory.search(query)
        except AssetMapError as exc:
            self.post_message(self.Found(None, None, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Found(outcome, query, ""))

    def on_gap_entries_screen_found(self, message: Found) -> None:
        status = self.query_one("#gap-entries-status", Static)
        table = self.query_one(ResultsTable)
        if message.outcome is None:
            table.show([])
            status.update(Text(f"⚠ {message.error}"))
            return
        kept = table.current_id
        self.outcome = message.outcome
        table.show(message.outcome.results, today=self.directory.today())
        if kept is not None:
            with suppress(RowDoesNotExist):  # gone from the answer since: the cursor starts at the top
                table.move_cursor(row=table.get_row_index(str(kept)))
        total, shown = message.outcome.total, min(len(message.outcome.results), MAX_ROWS)
        said = f"{total} found" if total == shown else f"{shown} of {total} shown"
        if not total:
            said = "Nothing found: a gap"
        status.update(Text(f"{said} · ⏎ opens an entry · Esc back to the gaps"))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_asset()

    def action_open_asset(self) -> None:
        asset_id = self.query_one(ResultsTable).current_id
        if asset_id is not None:
            from asset_map.screens.asset import AssetScreen

            self.app.push_screen(AssetScreen(self.directory, asset_id))
