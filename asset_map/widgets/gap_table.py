"""The gaps matrix as a heat map: a table of places against needs, one cell per search.

Each cell shows how many entries its search finds, with a colour step from `heat()` AND a
mark, so it reads without colour too: `×` nothing (a gap), `░ ▒ ▓ █` few to most. How often
people asked for that need there and found nothing follows the count after a `!`, and a gap
that people asked for (`×0!3`) is drawn reversed in the warning colour, so it stands out
most. The colours are the table's component classes, styled in screens/gaps.tcss.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from asset_map.directory.gaps import HEAT_STEPS, GapMatrix, cell_words, heat

# Short column headers for the shipped needs; another need is shortened from its label.
SHORT_NEEDS = {
    "arts": "Arts",
    "caring": "Carer",
    "company": "Frnds",
    "families": "Famly",
    "food": "Food",
    "getting-out": "Out",
    "help-at-home": "Home",
    "housing": "House",
    "learning": "Learn",
    "self-care": "Self",
    "dementia": "Memry",
    "wellbeing": "Mind",
    "money": "Money",
    "pets": "Pets",
    "active": "Activ",
    "work": "Work",
}
NEED_WIDTH = 5
PLACE_WIDTH = 7  # a place as a column header (flipped): "Chaffo…"
LABEL_WIDTH = 16  # a row's label: "Horndon-on-the-…"


def short(text: str, width: int) -> str:
    """`text` in at most `width` cells, an ellipsis where it was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def short_need(need_id: str, label: str) -> str:
    if need_id in SHORT_NEEDS:
        return SHORT_NEEDS[need_id]
    words = [w for w in label.split() if w.casefold() not in {"and", "for", "the", "of", "a"}]
    return short(words[0] if words else label, NEED_WIDTH)


@dataclass(frozen=True)
class Cell:
    """Where a cell of the table is in the matrix."""

    row: int
    column: int


class GapTable(DataTable[Text]):
    """Places down the side and needs across (or flipped); the labels stay while it scrolls."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        *(f"gap-table--step-{step}" for step in range(HEAT_STEPS + 1)),
        "gap-table--asked",
        "gap-table--missing",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=False, id=id)
        self.matrix: GapMatrix | None = None
        self.flipped = False

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())

    def _redraw(self) -> None:
        if self.matrix is not None:
            self.show(self.matrix, self.flipped, keep=self.current)

    # ------------------------------------------------------------ drawing
    def show(self, matrix: GapMatrix, flipped: bool, keep: tuple[str, str] | None = None) -> None:
        """Draw `matrix` (needs down the side when `flipped`); the cursor goes back to the
        place and need `keep` names (a row key and a need id) when they are still there."""
        before = self.current_cell
        self.matrix, self.flipped = matrix, flipped
        self.clear(columns=True)
        words = [
            [cell_words(supply, asked, matrix.busiest) for supply, asked in zip(s, a, strict=True)]
            for s, a in zip(matrix.supply, matrix.asked, strict=True)
        ]
        if flipped:
            for i, row in enumerate(matrix.rows):
                header = short(row.label, PLACE_WIDTH)
                width = max([len(header), *(len(w) for w in words[i])])
                self.add_column(Text(header, justify="right"), key=row.key, width=width)
            for j, (need_id, label) in enumerate(matrix.needs):
                cells = [self._cell(i, j) for i in range(len(matrix.rows))]
                self.add_row(*cells, key=need_id, label=Text(short(label, LABEL_WIDTH)))
        else:
            for j, (need_id, label) in enumerate(matrix.needs):
                header = short_need(need_id, label)
                width = max([len(header), *(len(row[j]) for row in words)])
                self.add_column(Text(header, justify="right"), key=need_id, width=width)
            for i, row in enumerate(matrix.rows):
                cells = [self._cell(i, j) for j in range(len(matrix.needs))]
                self.add_row(*cells, key=row.key, label=Text(short(row.label, LABEL_WIDTH)))
        if keep is not None:
            self.move_to(*keep, before=before)

    def _cell(self, i: int, j: int) -> Text:
        assert self.matrix is not None
        supply, asked = self.matrix.supply[i][j], self.matrix.asked[i][j]
        step = heat(supply, self.matrix.busiest)
        if supply == 0 and asked:
            part = "gap-table--missing"
        elif asked:
            part = "gap-table--asked"
        else:
            part = f"gap-table--step-{step}"
        style = self.part_style(part)
        return Text(cell_words(supply, asked, self.matrix.busiest), style=style, justify="right")

    def part_style(self, part: str) -> Style:
        """The style of one of the table's parts (a heat step, an asked-for cell): a
        see-through background is laid over the table's own, as a terminal cannot blend."""
        try:
            style = self.get_component_rich_style(part, partial=True)
            styles = self.get_component_styles(part)
        except KeyError:  # not styled (a stylesheet without the screen's rules)
            return Style()
        if styles.has_rule("background") and styles.background.a < 1:
            under = self.background_colors[1]
            style += Style(bgcolor=(under + styles.background).rich_color)
        return style

    # ------------------------------------------------------------ the cursor
    def cell_at(self, coordinate: Coordinate) -> Cell | None:
        """The matrix's (row, need) at a coordinate of the table."""
        if self.matrix is None or not self.is_valid_coordinate(coordinate):
            return None
        if self.flipped:
            return Cell(coordinate.column, coordinate.row)
        return Cell(coordinate.row, coordinate.column)

    @property
    def current_cell(self) -> Cell | None:
        return self.cell_at(self.cursor_coordinate)

    @property
    def current(self) -> tuple[str, str] | None:
        """The place's key and the need's id under the cursor."""
        cell, matrix = self.current_cell, self.matrix
        if cell is None or matrix is None:
            return None
        return matrix.rows[cell.row].key, matrix.needs[cell.column][0]

    def move_to(self, place_key: str, need_id: str, before: Cell | None = None) -> None:
        """The cursor to a place and need; a place (or need) no longer shown keeps the cursor's
        line (`before`, where it was)."""
        matrix = self.matrix
        if matrix is None:
            return
        rows = [row.key for row in matrix.rows]
        needs = [need for need, _label in matrix.needs]
        i = rows.index(place_key) if place_key in rows else None
        j = needs.index(need_id) if need_id in needs else None
        here = before or self.current_cell or Cell(0, 0)
        i = min(here.row, len(rows) - 1) if i is None else i
        j = min(here.column, len(needs) - 1) if j is None else j
        if i < 0 or j < 0:
            return
        if self.flipped:
            self.move_cursor(row=j, column=i)
        else:
            self.move_cursor(row=i, column=j)
