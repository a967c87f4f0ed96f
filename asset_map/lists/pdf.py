"""The printed connection list: A4, large clear type, one connection never split across pages.

fpdf2 lays the page out; the bundled DejaVu Sans covers accents and other alphabets (Zoë,
Łukasz, Siobhán), and segno draws each website's QR code as vector squares so it prints sharp.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from asset_map.lists.document import ListDocument
from asset_map.lists.render import (
    NOTE_LABEL,
    Section,
    byline,
    changes_heading,
    empty_message,
    footer,
    sections,
    title,
)

FONT = "DejaVu"
BODY_PT = 14
HEADING_PT = 24
NAME_PT = 18
LINE_MM = 6.5
LABEL_MM = 47
QR_MM = 28
MARGIN_MM = 18


def _font_file(name: str) -> str:
    return str(files("asset_map") / "data" / "fonts" / name)


class _ListPdf(FPDF):
    def __init__(self, document: ListDocument) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        self.add_font(FONT, "", _font_file("DejaVuSans.ttf"))
        self.add_font(FONT, "B", _font_file("DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + 6)
        self.set_title(title(document))
        self.set_creator("Asset Map")
        self.set_lang("en-GB")

    def footer(self) -> None:
        self.set_y(-MARGIN_MM - 4)
        self.set_font(FONT, "", 11)
        self.multi_cell(0, 5.5, footer(self.document), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(0, 5.5, f"Page {self.page_no()} of {{nb}}", align="R")

    # ------------------------------------------------------------ pieces
    def para(self, text: str, *, size: int = BODY_PT, bold: bool = False, width: float = 0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(width, size * 0.52, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def labelled(self, label: str, value: str, width: float) -> None:
        """A bold label and its value beside it; the next row starts below the taller one."""
        self.set_font(FONT, "B", BODY_PT)
        top = self.get_y()
        self.multi_cell(LABEL_MM, LINE_MM, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_bottom = self.get_y()
        self.set_xy(self.l_margin + LABEL_MM, top)
        self.set_font(FONT, "", BODY_PT)
        self.multi_cell(width - LABEL_MM, LINE_MM, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(max(self.get_y(), label_bottom))

    def qr(self, url: str, x: float, y: float) -> None:
        code = segno.make(url if "://" in url else f"https://{url}", error="m")
        matrix = list(code.matrix_iter(border=0))
        size = QR_MM / len(matrix)
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.rect(x + c * size, y + r * size, size, size, style="F")

    def connection(self, section: Section) -> None:
        top = self.get_y()
        text_width = self.epw - (QR_MM + 6 if section.website else 0)
        self.para(f"{section.number}. {section.name}", size=NAME_PT, bold=True, width=text_width)
        if section.website:
            self.qr(section.website, self.l_margin + self.epw - QR_MM, top)
        if section.notice:
            self.set_font(FONT, "B", BODY_PT)
            self.set_line_width(0.8)
            self.multi_cell(text_width, LINE_MM, section.notice, border=1, padding=1.5, align="L")
            self.ln(1)
        for label, value in section.rows:
            self.labelled(label, value, text_width)
        if section.note:
            self.labelled(NOTE_LABEL, section.note, text_width)
        if section.website:
            self.set_y(max(self.get_y(), top + QR_MM + 2))
        self.ln(3)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.ln(4)

    def kept_together(self, section: Section) -> None:
        """Start a connection on a new page rather than split it, when it fits on one."""
        with self.offset_rendering() as trial:
            trial.connection(section)
        fits_on_a_page = trial.y - self.y < self.eph - 20
        if trial.page_break_triggered and fits_on_a_page:
            self.add_page()
        self.connection(section)


def to_pdf(document: ListDocument) -> bytes:
    pdf = _ListPdf(document)
    pdf.add_page()
    pdf.para(title(document), size=HEADING_PT, bold=True)
    pdf.ln(1)
    pdf.para(byline(document))
    pdf.ln(4)
    if document.changes:
        pdf.para(changes_heading(document), size=NAME_PT, bold=True)
        for change in document.changes:
            pdf.para(f"•  {change}")
        pdf.ln(4)
    if document.what_matters:
        pdf.para("What matters to me", size=NAME_PT, bold=True)
        pdf.para(document.what_matters)
        pdf.ln(5)
    if not document.connections:
        pdf.para(empty_message())
    for section in sections(document):
        pdf.kept_together(section)
    return bytes(pdf.output())


def write_pdf(document: ListDocument, path: Path) -> None:
    path.write_bytes(to_pdf(document))
