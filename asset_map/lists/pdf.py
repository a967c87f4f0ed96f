"""The printed connection list: A4, large clear type, connections one after another.

fpdf2 lays the page out; the bundled DejaVu Sans covers accents and other alphabets (Zoë,
Łukasz, Siobhán), and segno draws each website's QR code as vector squares so it prints sharp.
A list with other writing systems (Arabic, Urdu, Hebrew, Nepali, Punjabi, Bengali, Chinese,
emoji…) loads the bundled fonts it needs (`scripts.plan`) and switches on text shaping
(uharfbuzz: joined letters, right-to-left order); a Latin-only list does neither, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import segno
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.unicode_script import UnicodeScript, get_unicode_script
from fpdf.util import Padding

from asset_map.lists import scripts
from asset_map.lists.document import ListDocument
from asset_map.lists.render import (
    EMAIL_LABEL,
    FILE_TITLE,
    NOTE_LABEL,
    PHONE_LABEL,
    WEBSITE_LABEL,
    Section,
    byline,
    changes_heading,
    empty_message,
    footer,
    sections,
    title,
    web_address,
)

FONT = "DejaVu"
BODY_PT = 14
HEADING_PT = 24
NAME_PT = 18
SMALL_PT = 11  # the page number only: everything the resident needs is at least BODY_PT
LINE_MM = 6.0  # 14pt type on a 1.2 line
BOX_PADDING = Padding(1.5, 1.5, 1.5, 1.5)  # inside a warning's box, all round
LABEL_MM = 42
QR_MM = 28
QR_GAP_MM = 5
MARGIN_MM = 15  # left and right
TOP_MM = 12
BOTTOM_MM = 10  # below the contact line
FOOTER_GAP_MM = 4
PAGE_NUMBER_MM = 30
GAP_MM = 7  # between two connections (a thin rule in it)
KEEP_WITH_NAME_MM = 45  # a connection split over two pages starts only where this much of it fits
BLANK_AT_MOST = 1 / 5  # of a page, left blank to keep a connection whole
CONTACT_LABELS = (PHONE_LABEL, EMAIL_LABEL, WEBSITE_LABEL)  # the QR code sits beside these
ZWSP = "\u200b"  # an invisible place where a long email or web address may wrap


SHARED_SCRIPTS = (UnicodeScript.COMMON, UnicodeScript.INHERITED)


def qr_address(url: str) -> str:
    """The address as a QR code carries it: an internationalised domain in punycode and the
    rest percent-encoded, which every phone's scanner reads (https://社区.example →
    https://xn--dkrp89f.example)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return url
    netloc = parts.netloc.replace(host, ascii_host, 1)
    safe = "/:@!$&'()*+,;=%-._~"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            quote(parts.fragment, safe=safe + "?"),
        )
    )


class PrintedPdf(FPDF):
    """An A4 PDF in the bundled fonts: DejaVu Sans, and the fallback fonts and shaping that
    `texts` need (`scripts.plan`). Shared by every printout (the connection list, the reports'
    pages), so each prints any writing system the same way."""

    def __init__(self, texts: Iterable[str], *, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.plan = scripts.plan(texts)
        self._previous_fallback: str | None = None
        self._add_fonts()

    def printable(self, text: str) -> str:
        """`text` as printed: characters no bundled font has become a visible substitute."""
        return scripts.substitute(text, self.plan.missing, self.plan.hidden)

    def _add_fonts(self) -> None:
        """DejaVu alone for a printout it prints whole (the usual case: nothing else is loaded or
        shaped); otherwise the fallback fonts the printout needs, and shaping for every line."""
        if self.plan.plain:
            self.add_font(FONT, "", scripts.font_file(scripts.MAIN_REGULAR))
            self.add_font(FONT, "B", scripts.font_file(scripts.MAIN_BOLD))
            return
        main = sorted(scripts.main_coverage())
        self.add_font(FONT, "", scripts.font_file(scripts.MAIN_REGULAR), unicode_range=main)
        self.add_font(FONT, "B", scripts.font_file(scripts.MAIN_BOLD), unicode_range=main)
        for face in self.plan.faces:
            self.add_font(face.family, "", scripts.font_file(face.regular))
            if face.bold:
                self.add_font(face.family, "B", scripts.font_file(face.bold))
        if self.plan.faces:
            # Bold text in a font with no bold (emoji, Chinese) takes its regular weight.
            self.set_fallback_fonts([face.family for face in self.plan.faces], exact_match=False)
        self.set_text_shaping(use_shaping_engine=True)  # direction: each paragraph's own

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """A joiner, mark or shared sign (ZWJ, a danda, a comma) stays in the font of the
        letters before it, so a word or an emoji sequence is shaped as one."""
        previous = self._previous_fallback
        if (
            previous is not None
            and get_unicode_script(char) in SHARED_SCRIPTS
            and isinstance(font := self.fonts[previous], TTFFont)  # a fallback font is a TrueType one
            and ord(char) in font.cmap
        ):
            return previous
        found = super().get_fallback_font(char, style)
        if found is not None:
            self._previous_fallback = found
        return found


class _ListPdf(PrintedPdf):
    """Connections flow down the page, each kept whole when that wastes little paper.

    Every block is measured (fpdf2's dry run) before it is drawn. A connection that does not
    fit in what is left of a page starts the next one when less than a fifth of this page
    would be left blank; otherwise it starts here and carries on overleaf, breaking only
    between rows, under its name again ("… (continued)").
    """

    def __init__(self, document: ListDocument) -> None:
        super().__init__(text for _, text in scripts.printed_texts(document))
        self.document = document
        self.last_connection_page = 0
        self.set_margins(MARGIN_MM, TOP_MM, MARGIN_MM)
        self.set_title(FILE_TITLE)
        self.set_creator("Asset Map")
        self.set_lang("en-GB")
        self.add_page()  # fpdf2 measures text only on a page
        contact = footer(document)
        self.footer_mm = self._text(contact, 0, self._contact_width(), BODY_PT, bold=True, draw=False)
        # A safety net only: every block is placed by measuring it first.
        self.set_auto_page_break(True, margin=BOTTOM_MM + self.footer_mm + FOOTER_GAP_MM)

    def _pieces(self, text: str) -> list[tuple[str, Align]]:
        """The paragraphs of `text` as printed, each with its alignment.

        Characters no font has become a visible substitute. A right-to-left paragraph (its
        first letter Arabic, Hebrew…: a browser's dir="auto") is set right-aligned; a
        left-to-right one has each right-to-left run closed with a mark.
        """
        text = scripts.substitute(text, self.plan.missing, self.plan.hidden)
        if self.plan.plain or not scripts.has_right_to_left(text):
            return [(text, Align.L)]
        return [
            (line, Align.R)
            if scripts.right_to_left(line)
            else (scripts.end_right_to_left_runs(line), Align.L)
            for line in text.split("\n")
        ]

    def _contact_width(self) -> float:
        return self.w - 2 * MARGIN_MM - PAGE_NUMBER_MM

    def footer(self) -> None:
        """The resident's way back to the practitioner, in body type, on every page."""
        top = self.h - BOTTOM_MM - self.footer_mm
        self.set_line_width(0.4)
        self.line(self.l_margin, top - 2, self.l_margin + self.epw, top - 2)
        self._text(footer(self.document), top, self._contact_width(), BODY_PT, bold=True)
        self.set_font(FONT, "", SMALL_PT)
        self.set_xy(self.l_margin + self._contact_width(), top)
        self.cell(PAGE_NUMBER_MM, LINE_MM, f"Page {self.page_no()} of {{nb}}", align="R")

    # ------------------------------------------------------------ measured pieces
    def _height(self, width: float, line: float, text: str, **style: Any) -> float:
        """How tall `text` would be in the current font, without drawing it."""
        measured = self.multi_cell(
            width, line, text, align="L", dry_run=True, output=MethodReturnValue.HEIGHT, **style
        )
        if not isinstance(measured, int | float):  # pragma: no cover - output=HEIGHT gives a number
            raise TypeError(f"fpdf measured {measured!r}, not a height")
        return float(measured)

    def _text(
        self, text: str, y: float, width: float, size: int, *, bold: bool = False, draw: bool = True
    ) -> float:
        """A paragraph at `y` (drawn, or only measured); its height."""
        self.set_font(FONT, "B" if bold else "", size)
        line = LINE_MM if size == BODY_PT else size * 0.45
        return self._paragraphs(text, self.l_margin, y, width, line, draw=draw)

    def _paragraphs(self, text: str, x: float, y: float, width: float, line: float, *, draw: bool) -> float:
        """`text` at (x, y), each paragraph aligned to its direction (drawn, or only measured);
        its height."""
        height = 0.0
        for n, (piece, align) in enumerate(self._pieces(text)):
            if draw:
                self.set_xy(x, y if n == 0 else self.get_y())
                self.multi_cell(width, line, piece, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
            height += self._height(width, line, piece)
        return height

    def _boxed(self, text: str, y: float, width: float, *, draw: bool) -> float:
        """A warning in a heavy box (closed, paused, possibly closed): it cannot be missed."""
        self.set_font(FONT, "B", BODY_PT)
        self.set_line_width(0.8)
        text = scripts.substitute(text, self.plan.missing, self.plan.hidden)  # English: one paragraph
        if draw:
            self.set_xy(self.l_margin, y)
            self.multi_cell(width, LINE_MM, text, border=1, padding=BOX_PADDING, align="L")
        return self._height(width, LINE_MM, text, border=1, padding=BOX_PADDING) + 2

    def _row(self, label: str, value: str, y: float, width: float, *, draw: bool) -> float:
        """A bold label and its value beside it; its height is the taller of the two."""
        self.set_font(FONT, "", BODY_PT)
        value_width = width - LABEL_MM
        if label in (EMAIL_LABEL, WEBSITE_LABEL) and self.get_string_width(value) > value_width - 2:
            value = re.sub(r"(?<=[@/])(?!/)|(?=\.)", ZWSP, value)  # wrap at "@", "/" or "."
        height = 0.0
        for x, w, text, bold in ((0, LABEL_MM, label, True), (LABEL_MM, value_width, value, False)):
            self.set_font(FONT, "B" if bold else "", BODY_PT)
            height = max(height, self._paragraphs(text, self.l_margin + x, y, w, LINE_MM, draw=draw))
        return height

    def para(self, text: str, *, size: int = BODY_PT, bold: bool = False, after: float = 0) -> None:
        """A paragraph of the heading part, on the next page if it does not fit on this one."""
        height = self._text(text, self.y, self.epw, size, bold=bold, draw=False)
        self.room_for(height)
        self.set_y(self.y + self._text(text, self.y, self.epw, size, bold=bold) + after)

    def room_for(self, height: float) -> bool:
        """Start a new page when `height` does not fit on what is left of this one."""
        if self.y + height <= self.page_break_trigger or self.y <= self.t_margin:
            return False
        self.add_page()
        return True

    def qr(self, url: str, x: float, y: float) -> None:
        code = segno.make(qr_address(url), error="m")
        matrix = list(code.matrix_iter(border=0))
        size = QR_MM / len(matrix)
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.rect(x + c * size, y + r * size, size, size, style="F")

    # ------------------------------------------------------------ one connection
    def _connection(self, section: Section, *, draw: bool) -> float:
        """Lay out one connection from the current position (or only measure it); its height.

        The QR code sits at the right of the contact rows (phone, email, website), which are
        narrowed beside it; every other row has the full width.
        """
        start = y = self.y
        url = web_address(section.website)
        qr_placed = False
        beside_qr_until = float("-inf")

        def width_at(at: float) -> float:
            return self.epw - (QR_MM + QR_GAP_MM) if at < beside_qr_until else self.epw

        heading = f"{section.number}. {section.name}"
        y += self._text(heading, y, self.epw, NAME_PT, bold=True, draw=draw) + 1
        if section.notice:
            y += self._boxed(section.notice, y, self.epw, draw=draw)
        if section.check_first:
            y += self._text(section.check_first, y, self.epw, BODY_PT, bold=True, draw=draw) + 1
        labelled = [*section.rows, *([(NOTE_LABEL, section.note)] if section.note else [])]
        for label, value in labelled:
            qr_here = url is not None and label in CONTACT_LABELS and not qr_placed
            if qr_here:
                qr_placed = True
                beside_qr_until = y + QR_MM + 2
            height = self._row(label, value, y, width_at(y), draw=False)
            needs = max(height, QR_MM + 2) if qr_here else height
            if draw and y + needs > self.page_break_trigger:  # only a connection longer than a page
                self.add_page()
                y = self.t_margin
                y += self._text(f"{heading} (continued)", y, self.epw, BODY_PT, bold=True) + 1
                beside_qr_until = y + QR_MM + 2 if qr_here else float("-inf")
                height = self._row(label, value, y, width_at(y), draw=False)
            if draw:
                if qr_here and url is not None:
                    self.qr(url, self.l_margin + self.epw - QR_MM, y + 1)
                page = self.page
                self._row(label, value, y, width_at(y), draw=True)
                if self.page != page:  # a row taller than a page (no field is): fpdf2 broke it
                    y = self.get_y() - height
            y += height
        y = max(y, beside_qr_until) + GAP_MM
        if draw:
            self.set_y(y)
        return y - start

    def connection(self, section: Section) -> None:
        """Kept whole when it fits here, or overleaf at the cost of less than a fifth of a
        page; otherwise split between rows, its name and first rows always together."""
        height = self._connection(section, draw=False)
        left = self.page_break_trigger - self.y
        page = self.page_break_trigger - self.t_margin
        if height > left and height <= page and left < page * BLANK_AT_MOST:
            self.add_page()
        else:
            self.room_for(min(height, KEEP_WITH_NAME_MM))
        if self.page == self.last_connection_page:  # a rule between two on one page, none at its foot
            rule_y = self.y - GAP_MM * 0.6
            self.set_line_width(0.3)
            self.line(self.l_margin, rule_y, self.l_margin + self.epw, rule_y)
        self._connection(section, draw=True)
        self.last_connection_page = self.page


def to_pdf(document: ListDocument) -> bytes:
    pdf = _ListPdf(document)
    pdf.para(title(document), size=HEADING_PT, bold=True, after=1)
    pdf.para(byline(document), after=4)
    if document.changes:
        pdf.para(changes_heading(document), size=NAME_PT, bold=True)
        for change in document.changes:
            pdf.para(f"•  {change}")
        pdf.set_y(pdf.y + 4)
    if document.what_matters:
        pdf.para("What matters to me", size=NAME_PT, bold=True)
        pdf.para(document.what_matters, after=5)
    if not document.connections:
        pdf.para(empty_message())
    for section in sections(document):
        pdf.connection(section)
    return bytes(pdf.output())


def write_pdf(document: ListDocument, path: Path) -> None:
    path.write_bytes(to_pdf(document))
