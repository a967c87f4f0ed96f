"""The main screen: search as you type, filter, and read the entry under the cursor.

Each keystroke starts an exclusive worker that waits a moment (debounce), then searches in
a thread; a newer query cancels the older one, and a result that arrives late for a query
that is no longer current is dropped.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, Select, Static
from textual.worker import get_current_worker

from asset_map.errors import AssetMapError
from asset_map.schedule import DAY_NAMES
from asset_map.screens.base import AppScreen
from asset_map.screens.dialogs import ChoiceDialog
from asset_map.screens.messages import AddToList
from asset_map.search.query import SearchOutcome, SearchQuery
from asset_map.store.enums import DELIVERY_SHORT, Delivery
from asset_map.widgets.asset_card import AssetCard
from asset_map.widgets.results import MAX_ROWS, ResultsTable
from asset_map.widgets.toggle import Toggle

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory
    from asset_map.directory.finder import Searches
    from asset_map.lists.service import ConnectionLists
    from asset_map.search.relax import Relaxation

DEBOUNCE_S = 0.12
RADII = [1, 2, 3, 5, 10, 20]
KINDS = [
    ("Community hub", "hub"),
    ("Micro-enterprise", "micro_enterprise"),
    ("Time bank offer", "time_bank"),
    ("Community group", "group"),
]


@dataclass(frozen=True)
class Filters:
    """What the filter bar says, as plain values."""

    near: str = ""
    radius_km: float | None = None
    needs: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    day: str | None = None
    free_only: bool = False
    step_free_only: bool = False
    delivery: str | None = None  # in_person, home, phone or online
    include_closed: bool = False


OTHERS_EVERY_S = 0.5  # a look for others' writes: free on a server (it announces them), a read of a file
UNMET_SETTLE_S = 2.0  # a search that found nothing is counted once it has been on screen this long


class SearchScreen(AppScreen[None]):
    CSS_PATH = "search.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+f", "focus_search", "Search", id="search.focus", tooltip="Type what the person wants"),
        Binding("ctrl+g", "focus_near", "Near", id="search.near", tooltip="A place or postcode", show=False),
        Binding(
            "ctrl+o", "open_asset", "Open", id="search.open", tooltip="Open the highlighted entry", show=False
        ),
        Binding("escape", "clear_filters", "Clear", id="search.clear", tooltip="Every filter back to Any"),
        Binding("ctrl+n", "app.add_asset", "Add", id="search.add", tooltip="Add a new entry"),
        Binding("ctrl+r", "app.review", "Review", id="search.review", tooltip="Entries that need checking"),
        Binding("ctrl+l", "app.lists", "Lists", id="search.lists", tooltip="Connection lists for residents"),
        Binding("ctrl+q", "app.quit", "Quit", id="search.quit", priority=True),
        Binding(
            "plus",
            "add_to_list",
            "List",
            key_display="+",
            id="search.list",
            tooltip="Add the highlighted entry to the current connection list",
        ),
    ]

    class Searched(Message):
        """Results for query number `generation` (dropped if a newer query was made)."""

        def __init__(
            self,
            generation: int,
            outcome: SearchOutcome | None,
            query: SearchQuery | None,
            error: str | None,
            relaxations: list[Relaxation],
        ) -> None:
            super().__init__()
            self.generation, self.outcome, self.query = generation, outcome, query
            self.error, self.relaxations = error, relaxations

    debounce = DEBOUNCE_S  # seconds of quiet before a search starts (tests may shorten it)

    def __init__(self, directory: Directory | None) -> None:
        """`directory` is None while it is still opening: the screen is usable, the first
        search runs as soon as `attach_finder` hands over the search alone, and entries can be
        read and opened once `attach` hands over the directory."""
        super().__init__()
        self.directory = directory
        self.finder: Searches | None = directory
        self.generation = 0
        self.last_query: SearchQuery | None = None
        self.shown_queries: list[str] = []  # every query whose results were shown, in order
        self.chosen_needs: frozenset[str] = frozenset()
        self.chosen_kinds: frozenset[str] = frozenset()
        self.shown_id: uuid.UUID | None = None
        self._typing_over = False  # letters typed in the results are on their way to the box
        self._looking = False  # a look for others' writes is under way
        # Searches that found nothing near a place for a need, counted this session (the place's
        # keys and the needs): one person's one fruitless search counts once, however often
        # it is run again as they type, come back or others write.
        self.unmet_counted: set[tuple[frozenset[str], frozenset[str]]] = set()

    def compose(self) -> ComposeResult:
        days = [("Open now", "now"), ("Today", "today"), *((name, name[:3].lower()) for name in DAY_NAMES)]
        with Vertical(id="search-bar"):
            yield Input(
                placeholder="Search: what matters to the person (e.g. lunch club, lonely, gardening)",
                id="query",
                compact=True,
                select_on_focus=False,  # Ctrl+F selects; a letter typed in the results carries on
            )
            with Horizontal(id="filters"):
                yield Input(placeholder="Near: place/postcode", id="near", compact=True)
                yield Select(
                    [(f"≤ {r} km", float(r)) for r in RADII], prompt="Any distance", id="radius", compact=True
                )
                yield Button("Any need ▾", id="need", compact=True, tooltip="Choose needs (any of them)")
                yield Button("Any kind ▾", id="kind", compact=True, tooltip="Choose kinds (any of them)")
                yield Select(days, prompt="Any day", id="day", compact=True)
            with Horizontal(id="toggles"):
                yield Toggle("Free only", id="free", compact=True)
                yield Toggle("Step-free only", id="step-free", compact=True)
                yield Toggle("Include closed", id="closed", compact=True)
                yield Select(
                    [(DELIVERY_SHORT[d], d.value) for d in Delivery],
                    prompt="Any way",
                    id="delivery",
                    compact=True,
                    tooltip="How it reaches the person: in person, at home, by phone, online",
                )
                yield Static("", id="list-for")
        with Horizontal(id="body"):
            with Vertical(id="results-pane"):
                yield ResultsTable(id="results")
                yield Static("", id="empty")
            with VerticalScroll(id="detail-pane"):
                yield AssetCard(id="detail")
        yield Static("", id="status")
        yield Footer(compact=True)

    class OthersWrote(Message):
        """Someone else changed the directory: the results are brought up to date."""

    others_every = OTHERS_EVERY_S  # seconds between looks for others' writes (tests may shorten it)

    def on_mount(self) -> None:
        self.set_interval(self.others_every, self._look_for_others)
        self.query_one("#query", Input).focus()
        self.query_one("#empty", Static).display = False
        self.query_one(AssetCard).show(None)
        if self.directory is None:
            self.query_one("#status", Static).update("Opening the directory… type away: results follow.")
        self.refresh_search()

    def building_index(self, done: int, total: int) -> None:
        """While the search index is built from the directory (none was saved: a first start
        on a server, say), say how far it has come; the first search follows it."""
        self.query_one("#status", Static).update(
            f"Building the search index (once: it is kept for next time): {done:,} of {total:,} entries…"
        )

    def attach_finder(self, finder: Searches) -> None:
        """The search has opened (before the rest of the directory): answer what has been
        typed so far."""
        self.finder = finder
        self._label_choices()
        self.refresh_search(wait=0.0)  # nobody is mid-keystroke: answer at once

    def attach(self, directory: Directory) -> None:
        """The directory has opened: search it (it may have changed since the saved index was
        read), and show the entry under the cursor."""
        self.directory, self.shown_id = directory, None
        self.attach_finder(directory)

    def _look_for_others(self) -> None:
        """A look, unless the last is still going (never one cancelling another: a cancelled
        worker would fail whoever waits for the app's work to finish)."""
        if self.directory is not None and self.is_current and not self._looking:
            self._looking = True
            self._catch_up_with_others()

    @work(thread=True, group="others")
    def _catch_up_with_others(self) -> None:
        """Off the screen's thread: a server announces others' writes (LISTEN/NOTIFY), a file is
        looked at (one small read); only then is the search brought up to date and run again."""
        try:
            directory = self.directory
            if directory is None:
                return
            was_offline = directory.offline
            try:
                news = directory.others_wrote()
            except AssetMapError:  # the database said no this time (busy, say): look again soon
                return
            if news or directory.offline != was_offline:  # news, or the server came or went
                self.post_message(self.OthersWrote())
        finally:
            self._looking = False

    def on_search_screen_others_wrote(self) -> None:
        self.refresh_search(wait=0.0)

    def on_screen_resume(self) -> None:
        """Back from an entry, the form or the queue: show what changed."""
        self.refresh_search()

    # ------------------------------------------------------------ searching
    def filters(self) -> Filters:
        def value(select_id: str) -> object | None:
            chosen = self.query_one(f"#{select_id}", Select).value
            return None if chosen is Select.NULL else chosen

        radius = value("radius")
        return Filters(
            near=self.query_one("#near", Input).value.strip(),
            radius_km=float(radius) if isinstance(radius, float | int) else None,
            needs=self.chosen_needs,
            kinds=self.chosen_kinds,
            day=str(value("day")) if value("day") else None,
            free_only=self.query_one("#free", Checkbox).value,
            step_free_only=self.query_one("#step-free", Checkbox).value,
            delivery=str(value("delivery")) if value("delivery") else None,
            include_closed=self.query_one("#closed", Checkbox).value,
        )

    def refresh_search(self, wait: float | None = None) -> None:
        """Start a search for what the bar says now; any older one is cancelled."""
        self.generation += 1
        wait = self.debounce if wait is None else wait
        self.run_search(self.generation, self.query_one("#query", Input).value, self.filters(), wait)

    @on(Input.Changed, "#query, #near")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _inputs_changed(self) -> None:
        self.refresh_search()

    @staticmethod
    def make_query(finder: Searches, text: str, filters: Filters) -> SearchQuery:
        """The question the bar asks (AssetMapError when a place or day cannot be read)."""
        return finder.make_query(
            text,
            near=filters.near or None,
            radius_km=filters.radius_km if filters.near else None,
            needs=sorted(filters.needs),
            kinds=sorted(filters.kinds),
            open_on=filters.day,
            free_only=filters.free_only,
            step_free_only=filters.step_free_only,
            delivery=[filters.delivery] if filters.delivery else [],
            include_closed=filters.include_closed,
            limit=MAX_ROWS,
            typing=True,
        )

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, generation: int, text: str, filters: Filters, wait: float = DEBOUNCE_S) -> None:
        time.sleep(wait)
        worker = get_current_worker()
        finder = self.finder
        if worker.is_cancelled or finder is None:
            return  # still opening: `attach_finder` searches again
        try:
            query = self.make_query(finder, text, filters)
        except AssetMapError as exc:
            self.post_message(self.Searched(generation, None, None, str(exc), []))
            return
        outcome = finder.search(query)
        relaxed = finder.relaxations(query) if not outcome.results else []
        if not worker.is_cancelled:
            self.post_message(self.Searched(generation, outcome, query, None, relaxed))

    def on_search_screen_searched(self, message: Searched) -> None:
        if message.generation != self.generation:
            return  # a newer query has been typed since: never show stale results
        status = self.query_one("#status", Static)
        if message.error is not None or message.outcome is None or message.query is None:
            # nothing was searched: the rows of an earlier question would not be its answer
            self.last_query = None
            self.query_one(ResultsTable).show([])
            empty = self.query_one("#empty", Static)
            empty.update(Text(f"⚠ {message.error}"))
            empty.display, self.query_one(ResultsTable).display = True, False
            status.update(Text(f"⚠ {message.error}"))
            self._follow_cursor()
            return
        table = self.query_one(ResultsTable)
        # The same question asked again (back from an entry, the directory handed over, a
        # write): the cursor stays on the entry it was on. A new question starts at the top.
        kept = table.current_id if message.query == self.last_query else None
        self.last_query = message.query
        self.shown_queries.append(message.query.text)
        outcome = message.outcome
        table.show(outcome.results, today=self.finder.today() if self.finder else None)
        if kept is not None:
            self.highlight(kept)
        self._show_empty(outcome, message.query, message.relaxations)
        status.update(self._status_text(outcome, message.query))
        if self.directory is not None:  # after a write elsewhere, say what the directory noticed
            for notice in self.directory.take_notices():
                self.notify(notice, severity="warning", timeout=10, markup=False)
        self.refresh_bindings()  # + is offered only when there is an entry to add
        if kept is None:
            self.shown_id = None  # a new question: the card says what this one matched it by
        self._follow_cursor()
        if not outcome.total and message.query.near is not None:  # cheap: most searches find something
            generation = message.generation
            self.set_timer(self.unmet_settle, lambda: self._unmet_settled(generation, message))

    # ------------------------------------------------------------ what was not found
    unmet_settle = UNMET_SETTLE_S  # seconds a fruitless search stays before it counts (tests shorten it)

    def _unmet_settled(self, generation: int, message: Searched) -> None:
        """A search that found nothing near a place for a need, still the one on screen:
        counted for the gaps matrix (counts only: never the words), once per place and needs."""
        query, outcome = message.query, message.outcome
        if generation != self.generation or query is None or outcome is None:
            return  # typed on since: that search was a step on the way
        from asset_map.lists.asked import worth_counting

        said = (query.near_keys, outcome.needs_meant)
        if not worth_counting(query, outcome) or said in self.unmet_counted:
            return
        self.unmet_counted.add(said)
        opener = getattr(self.app, "connection_lists", None)  # the app's lists, opened on first use
        lists = opener(quiet=True) if callable(opener) else None
        if lists is not None:
            self._count_unmet(lists, query, outcome)

    @work(thread=True, group="unmet", exit_on_error=False)
    def _count_unmet(self, lists: ConnectionLists, query: SearchQuery, outcome: SearchOutcome) -> None:
        """Off the screen's thread; a failure is only noted (the search goes on as it was)."""
        from asset_map.lists.asked import count_unmet_search

        try:
            count_unmet_search(lists, query, outcome)
        except AssetMapError as exc:
            self.log.warning(f"a search that found nothing was not counted: {exc}")

    def _status_text(self, outcome: SearchOutcome, query: SearchQuery) -> Text:
        """The count, the place and what was read as what; the place's fine print last, as
        it is the first to be cut at 80 columns."""
        shown = min(len(outcome.results), MAX_ROWS)
        parts = [f"{outcome.total} found" if outcome.total == shown else f"{shown} of {outcome.total} shown"]
        if outcome.closed_hidden:
            parts[0] += f" ({outcome.closed_hidden} closed not shown)"
        if self.directory is not None and self.directory.offline:
            parts.insert(0, "⚠ server away: read-only")
        if query.near is not None:
            radius = f" within {query.radius_km:g} km" if query.radius_km else ""
            parts.append(f"near {query.near.label}{radius}")
        if outcome.corrections or query.read_as:
            fixed = [f"“{a}” as “{b}”" for a, b in outcome.corrections.items()]
            parts.append("read " + ", ".join([*fixed, *query.read_as]))
        if query.near is not None and query.near.note:
            parts.append(query.near.note)
        return Text(" · ".join(parts))

    def _show_empty(self, outcome: SearchOutcome, query: SearchQuery, relaxed: list[Relaxation]) -> None:
        empty = self.query_one("#empty", Static)
        table = self.query_one(ResultsTable)
        if outcome.results:
            empty.display, table.display = False, True
            return
        said = f" “{query.text}”" if query.text.strip() else ""
        with_filters = " with these filters" if relaxed else ""
        lines = [Text(f"Nothing matches{said}{with_filters}.", style="bold")]
        if outcome.did_you_mean:
            lines.append(Text(f"Did you mean “{outcome.did_you_mean}”?"))
        for option in relaxed[:4]:
            lines.append(Text(f"• {option.label}: {option.count} found"))
        if not relaxed and query.text.strip():
            lines.append(
                Text(
                    "Try fewer or different words — say what matters to the person, like "
                    "“company”, “gardening” or “lunch”."
                )
            )
        empty.update(Text("\n").join(lines))
        empty.display, table.display = True, False

    # ------------------------------------------------------------ the detail pane
    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        if not self.has_class("-wide"):
            return
        asset_id = self.query_one(ResultsTable).current_id
        if asset_id == self.shown_id and asset_id is not None:
            return
        self.shown_id = asset_id
        card = self.query_one(AssetCard)
        if asset_id is None or self.directory is None:  # entries are read once it has opened
            card.show(None)
            return
        try:
            asset = self.directory.get(asset_id)
        except AssetMapError:
            card.show(None)
            return
        area, located = self.directory.where_of(asset)
        result = self.query_one(ResultsTable).current_result
        card.show(
            asset,
            area=area,
            located=located,
            need_labels=self.directory.need_labels,
            today=self.directory.today(),
            why=result.why if result is not None else (),
        )

    # ------------------------------------------------------------ actions
    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_asset()

    @on(Input.Submitted, "#query, #near")
    def _submitted(self) -> None:
        table = self.query_one(ResultsTable)
        if table.display and table.row_count:
            table.focus()

    def key_down(self, event: events.Key) -> None:
        """Down from a search box goes into the results, at the first row."""
        if isinstance(self.focused, Input):
            table = self.query_one(ResultsTable)
            if table.display and table.row_count:
                event.stop()
                event.prevent_default()
                table.focus()

    def action_focus_search(self) -> None:
        """Back to the search box with its words selected, so what is typed next replaces them."""
        box = self.query_one("#query", Input)
        box.focus()
        box.select_all()

    def action_focus_near(self) -> None:
        self.query_one("#near", Input).focus()

    @on(Button.Pressed, "#need")
    def _choose_needs(self) -> None:
        if self.finder is None:
            return
        options = sorted((n.label, n.id) for n in self.finder.needs.values())
        self.app.push_screen(
            ChoiceDialog("Show entries for any of these needs:", options, self.chosen_needs),
            lambda chosen: self._chosen("need", chosen),
        )

    @on(Button.Pressed, "#kind")
    def _choose_kinds(self) -> None:
        self.app.push_screen(
            ChoiceDialog("Show these kinds of entry:", KINDS, self.chosen_kinds),
            lambda chosen: self._chosen("kind", chosen),
        )

    def _chosen(self, which: str, chosen: frozenset[str] | None) -> None:
        if chosen is None:
            return
        if which == "need":
            self.chosen_needs = chosen
        else:
            self.chosen_kinds = chosen
        self._label_choices()
        self.refresh_search()

    def _label_choices(self) -> None:
        needs = self.finder.needs.values() if self.finder is not None else []
        labels = {n.id: n.label for n in needs} | {v: k for k, v in KINDS}
        for which, chosen in (("need", self.chosen_needs), ("kind", self.chosen_kinds)):
            if not chosen:
                text = f"Any {which} ▾"
            elif len(chosen) == 1:
                text = f"{labels[next(iter(chosen))]} ▾"
            else:
                text = f"{len(chosen)} {which}s ▾"
            self.query_one(f"#{which}", Button).label = text

    def action_clear_filters(self) -> None:
        self.chosen_needs = self.chosen_kinds = frozenset()
        self._label_choices()
        self.query_one("#near", Input).value = ""
        for select in self.query(Select):
            select.clear()
        for box in self.query(Checkbox):
            box.value = False
        self.refresh_search()

    def action_open_asset(self) -> None:
        asset_id = self.query_one(ResultsTable).current_id
        if asset_id is None:
            return
        if self.directory is None:
            self.say("Still opening the directory: try again in a moment.")
            return
        from asset_map.screens.asset import AssetScreen

        self.app.push_screen(AssetScreen(self.directory, asset_id), lambda _: self.refresh_search())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`+` is typed text in a search box: it adds to a list only from the results and the
        filters, and only when there is an entry to add."""
        if action == "add_to_list":
            return not isinstance(self.focused, Input) and self.query_one(ResultsTable).row_count > 0
        return True

    def on_key(self, event: events.Key) -> None:
        """In the results, a letter starts a new search (as Ctrl+F does) instead of running a
        command, and Up from the first row goes back to the search box to add a word."""
        table = self.query_one(ResultsTable)
        if self.focused is not table:
            return
        box = self.query_one("#query", Input)
        if event.key == "up" and table.cursor_row <= 0:
            event.stop()
            event.prevent_default()
            box.focus()
            box.action_end()
            return
        if not event.is_printable or not event.character:
            return
        if event.character.isspace() and not self._typing_over:  # a space starts nothing
            return
        if event.key in self.app.active_bindings:  # a command key, such as + (add to list)
            return
        event.stop()
        event.prevent_default()
        # The first letter starts a new search; the letters typed on before the box has taken
        # the focus (a quick typist's "unch") still arrive here, and carry on from it.
        box.value = box.value + event.character if self._typing_over else event.character
        self._typing_over = True
        box.focus()
        box.action_end()

    def show_list_for(self, resident_ref: str | None) -> None:
        """Say which resident's list + adds to (nothing while there is no current list)."""
        label = self.query_one("#list-for", Static)
        label.update(Text(f"+ adds to: {resident_ref}") if resident_ref else "")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ResultsTable):
            self._typing_over = False  # back in the results: the next letter starts afresh
        self.refresh_bindings()

    def action_add_to_list(self) -> None:
        asset_id = self.query_one(ResultsTable).current_id
        if asset_id is not None:
            self.post_message(AddToList(asset_id))

    def highlight(self, asset_id: uuid.UUID) -> None:
        """Move the cursor to an asset if it is among the results."""
        table = self.query_one(ResultsTable)
        try:
            table.move_cursor(row=table.get_row_index(str(asset_id)))
        except Exception:
            return
