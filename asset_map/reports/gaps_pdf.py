"""The gaps page as an A4 landscape PDF (fpdf2, the bundled fonts of `lists.pdf.PrintedPdf`).

The heat map is drawn cell by cell: a colour step for each count, hatching on a gap, a heavy
outline and near-black fill where people asked for what is missing, so a black-and-white copy
reads as well as a colour one. Need names stand upright over narrow columns; a long place
name is set smaller, then wrapped. A table longer than a page carries on overleaf under its
heading row again. The same matrix always makes the same bytes (dated by when it was made).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from fpdf.enums import MethodReturnValue, XPos, YPos

from asset_map.directory.gaps import GapMatrix
from asset_map.lists.pdf import FONT, PrintedPdf
from asset_map.reports import gaps_words as words
from asset_map.reports.gaps_words import FILL, INK, Cell

MARGIN_MM = 12
TOP_MM = 10
BOTTOM_MM = 14  # the footer line sits in it
TITLE_PT = 18
TEXT_PT = 10.0
CELL_PT = 8.5
SMALL_PT = 7
HEADER_PT = 8.0
SMALLEST_PT = 5.5  # the smallest type of a cell or a column's name (many needs)
NAME_PT_LEAST = 7.0  # a long place name is set this small to keep it on one line…
NAME_PT_WRAPPED = 7.5  # …or, longer still, wrapped at this size
ROW_MM = 6.0
ROW_MM_LEAST = 4.8  # rows are made this low, no lower, to keep the table on one page
PLACE_MM = (28.0, 62.0)  # the place column, at least and at most
TOTAL_MM = 11.0
NEED_MM_MAX = 20.0
HEADER_MM = (20.0, 46.0)  # the upright need names' height, at least and at most
GUTTER_MM = 0.35  # white between cells
HATCH_MM = 1.4
KEY_CELL_MM = (11.0, 4.6)
KEY_MM = 100.0  # the key's width, at the right of the facts
KEY_PT = 8.0
LABEL_MM = 20.0  # "Filters" and the other facts' names


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


class _GapsPdf(PrintedPdf):
    def __init__(self, matrix: GapMatrix, title: str) -> None:
        self.matrix = matrix
        self.page_title = words.shown(title)
        super().__init__(words.data_texts(matrix, self.page_title), orientation="landscape")
        self.set_margins(MARGIN_MM, TOP_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=BOTTOM_MM)
        self.set_title(self.printable(self.page_title))
        self.set_creator("Asset Map")
        self.set_lang("en-GB")
        made = matrix.made_at if matrix.made_at.tzinfo else matrix.made_at.replace(tzinfo=UTC)
        self.set_creation_date(made)  # the same page, the same bytes
        self.grid = words.cells(matrix)
        self.needs = [self.printable(words.shown(label)) for _need, label in matrix.needs]
        self.places = [self.printable(words.row_label(matrix, i)) for i in range(len(matrix.rows))]
        self.add_page()
        self._measure()

    def _render_styled_text_line(self, *args: Any, **kwargs: Any) -> bool:
        """fpdf2 (2.8) sets a fallback font's fragment (Arabic, Chinese…) inside a text object
        yet still counts its own font as the page's, so the next text in the same font and size
        would be drawn with the fallback font's glyphs (a "1" printed as "."): with fallback
        fonts loaded, each text sets its font afresh."""
        drawn = super()._render_styled_text_line(*args, **kwargs)
        if self.plan.faces:
            self.current_font_is_set_on_page = False
        return drawn

    # ------------------------------------------------------------ the pieces
    def footer(self) -> None:
        self.set_font(FONT, "", SMALL_PT)
        self.set_text_color(60, 60, 60)
        y = self.h - BOTTOM_MM + 5
        left = f"{self.page_title} · made {words.made_words(self.matrix.made_at)} · {words.FOOTER}"
        self.set_xy(self.l_margin, y)
        self.cell(self.epw - 30, 4, self.printable(left))
        self.set_xy(self.l_margin + self.epw - 30, y)
        self.cell(30, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def _height(self, width: float, line: float, text: str, **style: Any) -> float:
        measured = self.multi_cell(width, line, text, dry_run=True, output=MethodReturnValue.HEIGHT, **style)
        if not isinstance(measured, int | float):  # pragma: no cover - output=HEIGHT gives a number
            raise TypeError(f"fpdf measured {measured!r}, not a height")
        return float(measured)

    def room_for(self, height: float) -> None:
        if self.y + height > self.page_break_trigger and self.y > self.t_margin + 1:
            self.add_page()

    def para(self, text: str, *, size: float = TEXT_PT, bold: bool = False, after: float = 1.0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        line = size * 0.45
        self.room_for(min(self._height(self.epw, line, text), 3 * line))
        self.set_x(self.l_margin)
        self.multi_cell(self.epw, line, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(self.y + after)

    def heading(self, text: str) -> None:
        self.room_for(18)  # a heading never ends a page alone
        self.set_y(self.y + 2)
        self.para(text, size=12, bold=True, after=1)

    def title_line(self, made: str) -> None:
        """The title, and the date made at the right of the same line (a sheet's first fact)."""
        self.set_font(FONT, "B", TEXT_PT + 1)
        made = f"Made {made}"
        made_w = self.get_string_width(made) + 2
        self.set_xy(self.l_margin + self.epw - made_w, self.y + 2.2)
        self.cell(made_w, 5, made, align="R")
        self.set_font(FONT, "B", TITLE_PT)
        self.set_xy(self.l_margin, self.t_margin)
        self.multi_cell(self.epw - made_w - 4, TITLE_PT * 0.45, self.printable(self.page_title))
        self.set_y(self.y + 1.5)

    def fact(self, name: str, value: str, width: float) -> None:
        """A bold name and its value beside it ("Filters  free only; step-free")."""
        self.set_font(FONT, "B", TEXT_PT)
        y = self.y
        self.set_xy(self.l_margin, y)
        self.cell(LABEL_MM, TEXT_PT * 0.45, name)
        self.set_font(FONT, "", TEXT_PT)
        self.set_xy(self.l_margin + LABEL_MM, y)
        self.multi_cell(width - LABEL_MM, TEXT_PT * 0.45, self.printable(value), new_x=XPos.LMARGIN)
        self.set_y(self.y + 0.6)

    # ------------------------------------------------------------ the table's measures
    def _measure(self) -> None:
        """Column widths, the heading row's height and each place name's size and rows."""
        widest = 0.0
        for place in [*self.places, words.COLUMN_GAPS_LABEL]:
            self.set_font(FONT, "B" if place == words.COLUMN_GAPS_LABEL else "", CELL_PT)
            widest = max(widest, self.get_string_width(place))
        self.place_w = min(max(widest + 3 + 2 * self.c_margin, PLACE_MM[0]), PLACE_MM[1])
        n = len(self.needs)
        self.need_w = min(NEED_MM_MAX, (self.epw - self.place_w - TOTAL_MM) / n) if n else 0.0
        self.set_font(FONT, "", HEADER_PT)
        longest = max((self.get_string_width(t) for t in [*self.needs, words.ROW_GAPS_HEADING]), default=0.0)
        # Names on two lines when the columns are wide enough: a lower heading row leaves
        # more of the page to the places.
        lines = 2 if self.need_w >= 3 * HEADER_PT * 0.42 + 1 else 1
        self.header_h = min(max(longest / lines + 6, HEADER_MM[0]), HEADER_MM[1])
        self.cell_pt = self._cell_size()
        self.labels = [self._fit(place, self.place_w - 2) for place in self.places]
        self.row_h = ROW_MM

    def fit_rows(self) -> None:
        """Lower the rows (to ROW_MM_LEAST at most) when that keeps the table on this page:
        a meeting reads one sheet more easily than two."""
        room = self.page_break_trigger - self.y - self.header_h - 0.4
        row_h = ROW_MM
        while row_h >= ROW_MM_LEAST:
            if sum(max(row_h, height) for _size, height in self.labels) + row_h <= room:
                self.row_h = row_h
                return
            row_h = round(row_h - 0.2, 1)

    def _cell_size(self) -> float:
        """The cells' type: smaller only when many needs make the columns narrow."""
        texts = [c.text for row in self.grid for c in row] or ["0"]
        size = CELL_PT
        while size > SMALLEST_PT:
            self.set_font(FONT, "B", size)
            if max(self.get_string_width(t) for t in texts) <= self.need_w - 1.2:
                break
            size -= 0.5
        return size

    def _fit(self, text: str, width: float) -> tuple[float, float]:
        """A name's size, and its height: on one line if a smaller size allows, else wrapped."""
        size = CELL_PT
        self.set_font(FONT, "", size)
        while self.get_string_width(text) > width and size > NAME_PT_LEAST:
            size -= 0.5
            self.set_font(FONT, "", size)
        if self.get_string_width(text) > width:  # wrapped at a size still easy to read
            size = NAME_PT_WRAPPED
            self.set_font(FONT, "", size)
        height = self._height(width, size * 0.42, text)
        return size, height + 1.2 if height > size * 0.42 * 1.5 else 0.0  # 0: one line

    # ------------------------------------------------------------ the table
    def heat_map(self) -> None:
        self.room_for(self.header_h + 3 * ROW_MM)
        self.fit_rows()
        self._header_row()
        for i, (place, row) in enumerate(zip(self.places, self.grid, strict=True)):
            size, wrapped = self.labels[i]
            height = max(self.row_h, wrapped)
            self._break_for(height)
            self._place(place, size, height)
            for j, cell in enumerate(row):
                self._cell(cell, self._column_x(j), self.y, self.need_w, height)
            gaps = sum(c.gap for c in row)
            self._total(str(gaps), self._column_x(len(self.needs)), height, bold=gaps > 0)
            self.set_y(self.y + height)
        self._break_for(self.row_h + 1)
        self._totals_row()

    def _break_for(self, height: float) -> None:
        """Overleaf, under the heading row again, when a row does not fit on this page."""
        if self.y + height <= self.page_break_trigger:
            return
        self.add_page()
        self.set_font(FONT, "", TEXT_PT)
        self.cell(self.epw, 5, self.printable(f"{self.page_title} (continued)"))
        self.set_y(self.y + 6)
        self._header_row()

    def _column_x(self, j: int) -> float:
        return self.l_margin + self.place_w + j * self.need_w

    def _header_row(self) -> None:
        top = self.y
        bottom = top + self.header_h
        self.set_font(FONT, "B", CELL_PT)
        self.set_xy(self.l_margin, bottom - 5)
        self.cell(self.place_w, 4.5, words.COLUMN_HEADING[self.matrix.by])
        for j, label in enumerate([*self.needs, words.ROW_GAPS_HEADING]):
            width = self.need_w if j < len(self.needs) else TOTAL_MM
            self._upright(label, self._column_x(j), width, bottom, bold=j == len(self.needs))
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.3)
        self.line(self.l_margin, bottom, self._column_x(len(self.needs)) + TOTAL_MM, bottom)
        self.set_y(bottom + 0.4)

    def _upright(self, text: str, x: float, width: float, bottom: float, *, bold: bool) -> None:
        """A column's name read upwards from the heading row's foot, centred on the column."""
        room = self.header_h - 2
        size = float(HEADER_PT)
        while True:
            self.set_font(FONT, "B" if bold else "", size)
            line = size * 0.42
            block = self._height(room, line, text)
            if block <= width - 0.6 or size <= SMALLEST_PT:
                break
            size -= 0.5
        pivot_x = x + (width - block) / 2
        pivot_y = bottom - 1.2
        with self.rotation(90, pivot_x, pivot_y):
            self.set_xy(pivot_x, pivot_y)
            self.multi_cell(room, line, text, align="L")

    def _place(self, text: str, size: float, height: float) -> None:
        self.set_font(FONT, "", size)
        line = size * 0.42
        block = self._height(self.place_w - 2, line, text)
        top = self.y
        self.set_xy(self.l_margin, top + (height - block) / 2)
        self.multi_cell(self.place_w - 2, line, text, align="L")
        self.set_draw_color(215, 215, 215)
        self.set_line_width(0.2)
        end = self._column_x(len(self.needs)) + TOTAL_MM
        self.line(self.l_margin, top + height, end, top + height)  # guides the eye along a row
        self.set_y(top)

    def _cell(self, cell: Cell, x: float, y: float, width: float, height: float) -> None:
        """One cell: its colour step, a gap's hatching, an asked-for gap's heavy outline, and
        its count (with ▲ and the times asked)."""
        g = GUTTER_MM
        box = (x + g, y + g, width - 2 * g, height - 2 * g)
        self.set_fill_color(*_rgb(FILL[cell.css]))
        self.rect(*box, style="F")
        if cell.css == "s0":
            self._hatch(*box)
        if cell.asked_gap:
            self.set_draw_color(0, 0, 0)
            self.set_line_width(0.7)
            self.rect(x + 0.35, y + 0.35, width - 0.7, height - 0.7, style="D")
        self.set_text_color(*_rgb(INK.get(cell.css, words.DARK_TEXT)))
        count = str(cell.count)
        self.set_font(FONT, "B" if cell.gap else "", self.cell_pt)
        count_w = self.get_string_width(count)
        asked_w = 0.0
        if cell.asked:
            self.set_font(FONT, "B", self.cell_pt - 1)
            asked_w = self.get_string_width(cell.asked_text) + 0.6
        left = x + (width - count_w - asked_w) / 2
        self.set_font(FONT, "B" if cell.gap else "", self.cell_pt)
        self.set_xy(left, y)
        self.cell(count_w, height, count)
        if cell.asked:
            self.set_font(FONT, "B", self.cell_pt - 1)
            self.set_xy(left + count_w + 0.6, y)
            self.cell(asked_w, height, cell.asked_text)
        self.set_text_color(0, 0, 0)

    def _hatch(self, x: float, y: float, w: float, h: float) -> None:
        """Diagonal lines across a gap: "nothing here" on any printer."""
        self.set_draw_color(*_rgb(words.HATCH))
        self.set_line_width(0.15)
        with self.rect_clip(x, y, w, h):
            start = -h
            while start < w:
                self.line(x + start, y + h, x + start + h, y)
                start += HATCH_MM

    def _total(self, text: str, x: float, height: float, *, bold: bool) -> None:
        self.set_font(FONT, "B" if bold else "", self.cell_pt)
        self.set_xy(x, self.y)
        self.cell(TOTAL_MM, height, text, align="C")

    def _totals_row(self) -> None:
        top = self.y
        end = self._column_x(len(self.needs)) + TOTAL_MM
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.3)
        self.line(self.l_margin, top, end, top)
        self.set_font(FONT, "B", CELL_PT)
        self.set_xy(self.l_margin, top)
        self.cell(self.place_w, self.row_h, words.COLUMN_GAPS_LABEL)
        for j, n in enumerate(words.column_gaps(self.grid, len(self.needs))):
            self._total(str(n), self._column_x(j), self.row_h, bold=n > 0)
        self._total(str(len(self.matrix.gaps)), self._column_x(len(self.needs)), self.row_h, bold=True)
        self.set_y(top + self.row_h + 2)

    # ------------------------------------------------------------ after the table
    def key(self, x: float, y: float) -> float:
        """The key, at the top right of the first page beside the facts; its foot."""
        cell_w, cell_h = KEY_CELL_MM
        line = cell_h + 0.9
        self.set_font(FONT, "B", 9)
        self.set_xy(x, y)
        self.cell(KEY_MM, 4.5, "Key")
        y += 5
        for n, (cell, meaning) in enumerate(words.key_marks(self.matrix)):
            self._cell(cell, x, y + n * line, cell_w, cell_h)
            self.set_font(FONT, "", KEY_PT)
            self.set_xy(x + cell_w + 2, y + n * line)
            self.cell(KEY_MM - cell_w - 2, cell_h, meaning)
        y += 3 * line
        self.set_font(FONT, "", KEY_PT)
        label_w = self.get_string_width(words.KEY_SCALE_LABEL) + 2
        self.set_xy(x, y)
        self.cell(label_w, cell_h, words.KEY_SCALE_LABEL)
        scale = words.key_scale(self.matrix)
        for n, (css, counts) in enumerate(scale):
            self._swatch(css, counts, x + label_w + n * (cell_w + 1), y, cell_w, cell_h)
        if not scale:
            self.set_xy(x + label_w, y)
            self.cell(KEY_MM - label_w, cell_h, words.NOTHING_FOUND)
        return y + line

    def _swatch(self, css: str, text: str, x: float, y: float, width: float, height: float) -> None:
        """A colour step of the key, the counts it stands for written in it."""
        self.set_fill_color(*_rgb(FILL[css]))
        self.rect(x, y, width, height, style="F")
        self.set_text_color(*_rgb(INK.get(css, words.DARK_TEXT)))
        self.set_font(FONT, "", KEY_PT)
        self.set_xy(x, y)
        self.cell(width, height, text, align="C")
        self.set_text_color(0, 0, 0)

    def asked_list(self) -> None:
        self.heading(words.ASKED_HEADING)
        found = words.asked_gaps(self.matrix)
        if not found:
            self.para(words.NONE_ASKED)
            return
        columns = (self.epw * 0.3, self.epw * 0.3, 28.0)
        self._asked_row(("Place", "Need", "Times asked"), columns, bold=True)
        for place, need, times in found:
            if self._asked_row((place, need, str(times)), columns, bold=False, measure=True):
                self._asked_row(("Place", "Need", "Times asked"), columns, bold=True)
                self._asked_row((place, need, str(times)), columns, bold=False)

    def _asked_row(
        self, texts: tuple[str, str, str], columns: tuple[float, ...], *, bold: bool, measure: bool = False
    ) -> bool:
        """One line of the asked-for list; with `measure`, first a new page if it does not
        fit (then True, and nothing drawn: the caller repeats the column names)."""
        self.set_font(FONT, "B" if bold else "", 9)
        line = 4.2
        printed = [self.printable(t) for t in texts]
        height = max(self._height(w - 2, line, t) for w, t in zip(columns, printed, strict=True)) + 1
        if measure and self.y + height > self.page_break_trigger:
            self.add_page()
            return True
        top = self.y
        x = self.l_margin
        for n, (w, t) in enumerate(zip(columns, printed, strict=True)):
            self.set_xy(x, top + 0.5)
            self.multi_cell(w - 2, line, t, align="R" if n == 2 else "L")
            x += w
        self.set_draw_color(190, 190, 190)
        self.set_line_width(0.2)
        self.line(self.l_margin, top + height, self.l_margin + sum(columns), top + height)
        self.set_y(top + height)
        return False

    def method(self) -> None:
        self.heading("How the counts are made")
        for text in words.method(self.matrix):
            self.para(self.printable(text.replace("`", "")), size=9)
        found = words.notes(self.matrix)
        if found:
            self.para("Notes:", size=9, bold=True)
            for note in found:
                self.para(self.printable(f"•  {note}"), size=9)


def to_pdf(matrix: GapMatrix, *, title: str = words.TITLE) -> bytes:
    pdf = _GapsPdf(matrix, title)
    pdf.title_line(words.made_words(matrix.made_at))
    top = pdf.y
    facts_w = pdf.epw - KEY_MM - 8
    pdf.fact("Rows", f"{words.places_words(matrix)} against {len(matrix.needs)} needs", facts_w)
    pdf.fact("Radius", words.reach_words(matrix), facts_w)
    pdf.fact("Filters", words.filters_words(matrix), facts_w)
    facts_end = pdf.y
    key_end = pdf.key(pdf.l_margin + pdf.epw - KEY_MM, top)
    pdf.set_y(max(facts_end, key_end) + 1.5)
    pdf.para(words.summary(matrix), bold=True, after=2)
    if matrix.rows and matrix.needs:
        pdf.heat_map()
    else:
        pdf.para("There is nothing to show: no places or no needs.")
    pdf.asked_list()
    pdf.method()
    return bytes(pdf.output())
