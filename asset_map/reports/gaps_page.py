"""The gaps page for a commissioning meeting: the heat map of every place against every need,
with the date, the filters and the radius, as a self-contained HTML page or an A4 landscape PDF.

Both say the same things (worded once, in `gaps_words`). The HTML page holds no script and
forbids one (its Content-Security-Policy), and everything from the data is escaped. The page
holds counts only, so it is written with ordinary file modes, but always whole.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from asset_map.directory.gaps import GapMatrix
from asset_map.errors import AssetMapError
from asset_map.reports import gaps_words as words
from asset_map.reports.gaps_words import FILL, INK, TITLE, Cell
from asset_map.store.files import written_whole

SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}
PAGE_MODE = 0o644  # counts only: shared as any document is


class PageError(AssetMapError):
    """The page cannot be written where asked (its suffix, a full disk, a folder refused)."""


def _e(text: str) -> str:
    return escape(text, quote=True)


# ---------------------------------------------------------------- HTML
def _css() -> str:
    cells = "\n".join(
        f"td.{name} {{ background-color: {fill}; color: {INK.get(name, words.DARK_TEXT)}; }}"
        for name, fill in FILL.items()
    )
    return f"""
@page {{ size: A4 landscape; margin: 10mm; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }}
body {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #111; margin: 1.5rem;
  font-size: 11pt; line-height: 1.35; }}
h1 {{ font-size: 20pt; margin: 0 0 .2rem; }}
h2 {{ font-size: 13pt; margin: 1.2rem 0 .4rem; }}
.made {{ margin: 0 0 .5rem; font-weight: bold; }}
dl.facts {{ display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .6rem; }}
dl.facts dt {{ font-weight: bold; }}
dl.facts dd {{ margin: 0; }}
.summary {{ font-weight: bold; margin: .4rem 0 .8rem; }}
table.heat {{ border-collapse: separate; border-spacing: 2px; font-size: 9pt; }}
table.heat th {{ font-weight: normal; }}
table.heat thead th.need, table.heat thead th.total {{ vertical-align: bottom; height: 12em;
  padding: 0 0 .3em; width: 3.2em; }}
table.heat thead th span {{ writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  display: inline-block; text-align: left; }}
table.heat thead th.place {{ text-align: left; vertical-align: bottom; font-weight: bold; }}
table.heat th[scope=row] {{ text-align: left; padding-right: .6em; max-width: 16em; }}
table.heat td {{ text-align: center; min-width: 3.2em; height: 1.9em; padding: 0 .2em; white-space: nowrap;
  border: 1px solid transparent; }}
td.s0 {{ background-image: repeating-linear-gradient(45deg, transparent 0 3px, {words.HATCH} 3px 4px);
  border: 1px dashed #333; font-weight: bold; }}
td.ag {{ font-weight: bold; border: 3px solid #000; }}
{cells}
td.total, th.total {{ font-weight: bold; background: #fff; }}
tr.totals th, tr.totals td {{ border-top: 2px solid #111; background: #fff; color: #111; }}
.asked {{ font-size: 85%; margin-left: .15em; }}
.key {{ display: flex; flex-wrap: wrap; gap: .4rem 1.4rem; padding: 0; list-style: none; margin: .6rem 0; }}
.key li {{ display: flex; align-items: center; gap: .4em; }}
.key table {{ border-spacing: 0; }}
.key table {{ border-spacing: 2px; }}
.key td {{ min-width: 3.2em; height: 1.9em; text-align: center; }}
table.asked-list {{ border-collapse: collapse; }}
table.asked-list th, table.asked-list td {{ text-align: left; padding: .15em 1.2em .15em 0;
  border-bottom: 1px solid #bbb; }}
table.asked-list td.times {{ text-align: right; }}
code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 90%; overflow-wrap: anywhere; }}
footer {{ margin-top: 1rem; font-size: 9pt; color: #333; }}
@media print {{
  body {{ margin: 0; font-size: 9.5pt; }}
  h1 {{ font-size: 16pt; }}
  thead {{ display: table-header-group; }}
  tr, .key li, table.asked-list tr {{ break-inside: avoid; page-break-inside: avoid; }}
  section.after {{ break-before: auto; }}
  h2 {{ break-after: avoid; page-break-after: avoid; }}
}}
"""


def _cell_html(cell: Cell, place: str = "", need: str = "") -> str:
    asked = f'<span class="asked">{_e(cell.asked_text)}</span>' if cell.asked else ""
    about = ""
    if place:
        said = f"{place} · {need}: {cell.count} found"
        if cell.asked:
            times = f"{cell.asked} time{'s' if cell.asked != 1 else ''}"
            said += f"; asked for {times}, " + ("nothing found" if cell.gap else "nothing worked out")
        about = f' title="{_e(said)}"'
    return f'<td class="{cell.css}"{about}>{cell.count}{" " if asked else ""}{asked}</td>'


def _heat_table(matrix: GapMatrix) -> str:
    grid = words.cells(matrix)
    needs = [words.shown(label) for _need, label in matrix.needs]
    head = "".join(f'<th scope="col" class="need"><span>{_e(label)}</span></th>' for label in needs)
    rows = []
    for i, (row_cells, gaps) in enumerate(zip(grid, words.row_gaps(grid), strict=True)):
        place = words.row_label(matrix, i)
        tds = "".join(_cell_html(c, place, need) for c, need in zip(row_cells, needs, strict=True))
        rows.append(f'<tr><th scope="row">{_e(place)}</th>{tds}<td class="total">{gaps}</td></tr>')
    totals = "".join(f'<td class="total">{n}</td>' for n in words.column_gaps(grid, len(needs)))
    rows.append(
        f'<tr class="totals"><th scope="row">{_e(words.COLUMN_GAPS_LABEL)}</th>{totals}'
        f'<td class="total">{len(matrix.gaps)}</td></tr>'
    )
    return (
        f'<table class="heat"><caption class="summary">{_e(words.summary(matrix))}</caption>'
        f'<thead><tr><th scope="col" class="place">{_e(words.COLUMN_HEADING[matrix.by])}</th>{head}'
        f'<th scope="col" class="total"><span>{_e(words.ROW_GAPS_HEADING)}</span></th></tr></thead>'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody></table>"
    )


def _key(matrix: GapMatrix) -> str:
    marks = "".join(
        f"<li><table><tr>{_cell_html(cell)}</tr></table> {_e(meaning)}</li>"
        for cell, meaning in words.key_marks(matrix)
    )
    steps = "".join(f'<td class="{css}">{_e(counts)}</td>' for css, counts in words.key_scale(matrix))
    shown_steps = f"<table><tr>{steps}</tr></table>" if steps else _e(words.NOTHING_FOUND)
    scale = f"<li>{_e(words.KEY_SCALE_LABEL)} {shown_steps}</li>"
    return f'<h2>Key</h2><ul class="key">{marks}{scale}</ul>'


def _asked_list(matrix: GapMatrix) -> str:
    found = words.asked_gaps(matrix)
    if not found:
        return f"<h2>{_e(words.ASKED_HEADING)}</h2><p>{_e(words.NONE_ASKED)}</p>"
    rows = "".join(
        f'<tr><td>{_e(place)}</td><td>{_e(need)}</td><td class="times">{times}</td></tr>'
        for place, need, times in found
    )
    return (
        f"<h2>{_e(words.ASKED_HEADING)}</h2>"
        '<table class="asked-list"><thead><tr><th scope="col">Place</th><th scope="col">Need</th>'
        f'<th scope="col">Times asked</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _method(matrix: GapMatrix) -> str:
    paragraphs = "".join(f"<p>{_code(text)}</p>" for text in words.method(matrix))
    notes = words.notes(matrix)
    listed = ("<p>Notes:</p><ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>") if notes else ""
    return f"<h2>How the counts are made</h2>{paragraphs}{listed}"


def _code(text: str) -> str:
    """A paragraph with `command` spans set as code (escaped first, the backquotes ours)."""
    parts = escape(text, quote=True).split("`")
    return "".join(f"<code>{part}</code>" if n % 2 else part for n, part in enumerate(parts))


def html_page(matrix: GapMatrix, *, title: str = TITLE) -> str:
    """The page as one self-contained HTML5 document: inline CSS, no script, nothing fetched."""
    facts = [
        ("Made", words.made_words(matrix.made_at)),
        ("Rows", f"{words.places_words(matrix)} against {len(matrix.needs)} needs"),
        ("Radius", words.reach_words(matrix)),
        ("Filters", words.filters_words(matrix)),
    ]
    dl = "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in facts)
    shown_title = words.shown(title)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Asset Map">
<title>{_e(shown_title)} – {_e(words.made_words(matrix.made_at))}</title>
<style>{_css()}</style>
</head>
<body>
<header>
<h1>{_e(shown_title)}</h1>
<dl class="facts">{dl}</dl>
<section class="key-section">{_key(matrix)}</section>
</header>
<main>
{_heat_table(matrix)}
<section class="after">{_asked_list(matrix)}</section>
<section class="after">{_method(matrix)}</section>
</main>
<footer>{_e(words.FOOTER)}</footer>
</body>
</html>
"""


# ---------------------------------------------------------------- PDF and files
def pdf_page(matrix: GapMatrix, *, title: str = TITLE) -> bytes:
    """The page as an A4 landscape PDF (fpdf2 is loaded only when a PDF is made)."""
    from asset_map.reports.gaps_pdf import to_pdf

    return to_pdf(matrix, title=title)


def write_page(matrix: GapMatrix, path: Path) -> Path:
    """Write the page as its suffix says (.pdf, .html), whole or not at all; the path written."""
    form = SUFFIXES.get(path.suffix.lower())
    if form is None:
        raise PageError(f"{path.name}: the gaps page is written as .pdf or .html")
    data = pdf_page(matrix) if form == "pdf" else html_page(matrix).encode("utf-8")
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.write_bytes(data)  # a device, pipe or link (/dev/stdout): never replaced
            return path
        with written_whole(path) as handle:
            if hasattr(os, "fchmod"):  # POSIX: not private (written_whole's 0600); Windows has no modes
                os.fchmod(handle.fileno(), PAGE_MODE)
            handle.write(data)
    except OSError as exc:
        raise PageError(f"cannot save the gaps page to {path}: {exc.strerror or exc}") from None
    return path
