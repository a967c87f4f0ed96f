"""The results table: one row per asset, keyed by id, rebuilt in one go per search."""

from __future__ import annotations

import uuid
from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from asset_map.checks import is_stale
from asset_map.search.query import SearchResult
from asset_map.store.enums import KIND_SHORT

MAX_ROWS = 500


def _name_cell(result: SearchResult) -> Text:
    text = Text(result.name)
    if result.status != "active":
        text.append(f" ({result.status})", style="italic")
    if result.flagged:
        text.append(" (possibly closed)", style="italic")
    return text


def _next_cell(result: SearchResult) -> Text:
    """When it is next on; nothing is "next" while it is paused, closed or possibly closed."""
    if result.next_on_short:
        return Text(result.next_on_short)
    if result.status != "active" or result.flagged:
        return Text("check first", style="italic")
    return Text("arranged" if not result.opening else result.opening[:11])


def _verified_cell(result: SearchResult, today: date) -> Text:
    """When it was last checked, with ⚠ past 12 months: a mark, not a colour."""
    if result.verified_on is None:
        return Text("never ⚠")
    text = Text(result.verified_on.strftime("%b %Y"))
    if is_stale(result.verified_on, today):
        text.append(" ⚠")
    return text


# Fixed columns (key, title, width); the name takes what is left.
FIXED_COLUMNS = (
    ("kind", "Kind", 9),
    ("locality", "Locality", 14),
    ("km", "km", 4),
    ("next", "Next on", 11),
    ("verified", "Checked", 10),
)
MIN_NAME = 18
NARROW = 90


class ResultsTable(DataTable[Text]):
    """Search results; the cursor row is the asset shown beside it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self._results: list[SearchResult] = []
        self._today = date.today()
        self._name_width = 0
        self._laid_out: tuple[tuple[str, str, int], ...] = FIXED_COLUMNS  # the columns on screen

    def on_mount(self) -> None:
        self._layout_columns()

    def on_resize(self) -> None:
        """Lay the columns out again for a new width; a hidden table (width 0) keeps its own."""
        if not self.size.width:
            return
        if self._name_width != self._wanted_name_width() or self._laid_out != self._columns():
            self._layout_columns()
            self.show(self._results)

    def _columns(self) -> tuple[tuple[str, str, int], ...]:
        """At narrow widths the kind column gives its room to the name (the card shows kind)."""
        if self.size.width and self.size.width < NARROW:
            return tuple(c for c in FIXED_COLUMNS if c[0] != "kind")
        return FIXED_COLUMNS

    def _wanted_name_width(self) -> int:
        fixed = sum(width + 2 for _, _, width in self._columns())
        return max(MIN_NAME, self.size.width - fixed - 4)

    def _layout_columns(self) -> None:
        self.clear(columns=True)
        self._name_width = self._wanted_name_width()
        self._laid_out = self._columns()
        self.add_column("Name", key="name", width=self._name_width)
        for key, title, width in self._laid_out:
            self.add_column(title, key=key, width=width)

    def show(self, results: list[SearchResult], today: date | None = None) -> None:
        self._results = results
        self._today = today or self._today
        self.clear()
        laid_out = [key for key, _, _ in self._laid_out]  # the row fits the columns there are
        for r in results[:MAX_ROWS]:
            cells = {
                "kind": Text(KIND_SHORT.get(r.kind, r.kind)),
                "locality": Text(r.where_words),
                "km": Text(
                    f"{r.distance_km:.1f}" if r.distance_km is not None and not r.serves_here else "",
                    justify="right",
                ),
                "next": _next_cell(r),
                "verified": _verified_cell(r, self._today),
            }
            row = [_name_cell(r), *(cells[key] for key in laid_out)]
            self.add_row(*row, key=str(r.id))

    @property
    def current_result(self) -> SearchResult | None:
        """The result under the cursor (what it matched by, how far it is)."""
        wanted = self.current_id
        return next((r for r in self._results if r.id == wanted), None)

    @property
    def current_id(self) -> uuid.UUID | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return uuid.UUID(key) if key else None
