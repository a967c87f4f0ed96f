"""A connection list laid out for the resident: the words and their order, once for every format.

`sections` says what is printed and in which order; the text and HTML renderers here and
the PDF renderer in `pdf.py` only lay it out. Everything is user text, so HTML escapes it all
and the plain text never contains anything but the characters typed.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import segno

from asset_map.lists.document import ListDocument, PrintedConnection, long_date
from asset_map.validation import check_email, check_website

WIDTH = 76
FORMATS = ("pdf", "txt", "html")
NOTE_LABEL = "Why try it"  # the practitioner's note, in the resident's terms
PHONE_LABEL = "Phone"
EMAIL_LABEL = "Email"
WEBSITE_LABEL = "Website"


@dataclass(frozen=True)
class Section:
    """One connection as printed: its heading, any warning, labelled rows and the note."""

    number: int
    name: str
    notice: str
    rows: list[tuple[str, str]]
    note: str
    website: str
    check_first: str = ""


def title(document: ListDocument) -> str:
    return f"Connections for {document.resident_ref}"


# What a file's metadata says (a PDF's Title, a web page's <title>): viewers put it in window
# titles, recent-file lists and print logs, so it never names the resident; the page does.
FILE_TITLE = "Connection list"


def byline(document: ListDocument) -> str:
    return f"Made on {document.made_on_words} with {document.practitioner}"


def footer(document: ListDocument) -> str:
    """ "Your contact is Sam K: 01375 000 100", never naming the practitioner twice.

    The saved contact often begins with (or holds) the name already ("Sam K, 01375 000 100"),
    so then it is printed alone. The name is matched without any role after a comma
    ("Sam K, Local Area Coordinator" is Sam K).
    """
    name = document.practitioner.strip()
    contact = document.practitioner_contact.strip()
    if not contact:
        return f"Your contact is {name}"
    person = name.split(",")[0].strip()
    if person and re.search(rf"(?<!\w){re.escape(person)}(?!\w)", contact, re.IGNORECASE):
        return f"Your contact is {contact}"
    return f"Your contact is {name}: {contact}"


def changes_heading(document: ListDocument) -> str:
    return f"What has changed since your copy of {long_date(date.fromisoformat(document.previous_copy_on))}"


def rows(item: PrintedConnection) -> list[tuple[str, str]]:
    found = [
        ("What it is", " — ".join(p for p in (item.kind, item.what) if p)),
        ("Next on", item.next_on),
        ("Usual times", item.times),
        ("Where", item.where),
        ("Distance", item.distance),
        ("Getting there", item.getting_there),
        ("How to join", item.how_to_join),
        ("Cost", item.cost),
        (PHONE_LABEL, item.phone),
        (EMAIL_LABEL, item.email),
        (WEBSITE_LABEL, item.website),
        ("Access", item.access),
        ("Last checked", item.last_checked),
    ]
    return [(label, value) for label, value in found if value]


def sections(document: ListDocument) -> list[Section]:
    return [
        Section(n, c.name, c.notice, rows(c), c.note, c.website, c.check_first)
        for n, c in enumerate(document.connections, start=1)
    ]


def empty_message() -> str:
    return "No connections have been added to this list yet."


def web_address(website: str) -> str | None:
    """The http(s) address to link to or draw as a QR code; None for anything else."""
    try:
        return check_website(website) if website.strip() else None
    except ValueError:
        return None


def qr_svg_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


# ---------------------------------------------------------------- plain text
def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    out: list[str] = []
    for n, paragraph in enumerate(text.splitlines() or [""]):
        lead = first if n == 0 and first else indent
        out += textwrap.wrap(paragraph, WIDTH, initial_indent=lead, subsequent_indent=indent) or [lead]
    return out


def to_text(document: ListDocument) -> str:
    lines = [title(document), "=" * min(WIDTH, len(title(document))), byline(document), ""]
    if document.changes:
        lines += [changes_heading(document), *(f"  - {c}" for c in document.changes), ""]
    if document.what_matters:
        lines += ["What matters to me", *_wrap(document.what_matters, "  "), ""]
    if not document.connections:
        lines += [empty_message(), ""]
    for section in sections(document):
        lines += [f"{section.number}. {section.name}"]
        if section.notice:
            lines += _wrap(f"!! {section.notice}", "   ", "   ")
        if section.check_first:
            lines += _wrap(f"!! {section.check_first}", "   ", "   ")
        for label, value in section.rows:
            lines += _wrap(value, " " * 21, f"   {label + ':':<18}")
        if section.note:
            lines += _wrap(section.note, " " * 21, f"   {NOTE_LABEL + ':':<18}")
        lines.append("")
    lines += ["-" * WIDTH, footer(document), ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- HTML
STYLE = """
body { font-family: Verdana, Arial, sans-serif; font-size: 14pt; line-height: 1.5;
       max-width: 46em; margin: 2em auto; color: #000; background: #fff; }
h1 { font-size: 22pt; margin-bottom: 0; } h2 { font-size: 17pt; margin-top: 1.6em; }
dl { display: grid; grid-template-columns: 10em 1fr; gap: 0.2em 1em; }
dt { font-weight: bold; } dd { margin: 0; }
.notice { font-weight: bold; border: 3px solid #000; padding: 0.3em 0.6em; }
.check { font-weight: bold; }
a { color: #00e; }
h1, h2, p, li, dd { unicode-bidi: plaintext; text-align: start; }  /* as dir="auto" on each */
.qr { float: right; margin-left: 1em; }
footer { border-top: 2px solid #000; margin-top: 2em; padding-top: 0.5em; }
@media print { h2 { break-after: avoid; } section { break-inside: avoid; } }
"""


def _html_value(label: str, value: str) -> str:
    """A row's value as HTML: emails and web addresses are links, everything is escaped."""
    e = html.escape
    if label == EMAIL_LABEL:
        try:
            address = check_email(value)
        except ValueError:
            return e(value)
        return f'<a href="mailto:{e(quote(address, safe="@"))}">{e(value)}</a>'
    if label == WEBSITE_LABEL and (url := web_address(value)) is not None:
        return f'<a href="{e(url)}">{e(value)}</a>'
    return e(value)


def to_html(document: ListDocument) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{FILE_TITLE}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{e(title(document))}</h1><p>{e(byline(document))}</p></header>",
    ]
    if document.changes:
        items = "".join(f"<li>{e(c)}</li>" for c in document.changes)
        parts.append(f"<h2>{e(changes_heading(document))}</h2><ul>{items}</ul>")
    if document.what_matters:
        parts.append(f"<h2>What matters to me</h2><p>{e(document.what_matters)}</p>")
    if not document.connections:
        parts.append(f"<p>{e(empty_message())}</p>")
    for section in sections(document):
        parts.append("<section>")
        if url := web_address(section.website):
            alt = f"QR code for {section.website}"
            parts.append(f'<img class="qr" src="{qr_svg_uri(url)}" alt="{e(alt)}">')
        parts.append(f"<h2>{section.number}. {e(section.name)}</h2>")
        if section.notice:
            parts.append(f'<p class="notice">{e(section.notice)}</p>')
        if section.check_first:
            parts.append(f'<p class="check">{e(section.check_first)}</p>')
        cells = "".join(
            f"<dt>{e(label)}</dt><dd>{_html_value(label, value)}</dd>" for label, value in section.rows
        )
        if section.note:
            cells += f"<dt>{NOTE_LABEL}</dt><dd>{e(section.note)}</dd>"
        parts.append(f"<dl>{cells}</dl></section>")
    parts.append(f"<footer><p>{e(footer(document))}</p></footer></body></html>")
    return "\n".join(parts) + "\n"
