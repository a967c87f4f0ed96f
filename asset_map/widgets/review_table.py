"""The review queue's tables: one row per entry (or duplicate pair), with what is due and why.

Everything here is presentation: the rules of what is due live in asset_map/review.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from asset_map.directory.duplicates import DuplicatePair
from asset_map.directory.review import ReviewItem
from asset_map.store.enums import KIND_LABELS, KIND_SHORT

# (key, title, width): an int is a fixed width, a float a share of what the fixed ones leave.
Column = tuple[str, str, int | float]


@dataclass(frozen=True)
class Tab:
    """One list of the queue: what its table shows, and what to say when it is empty."""

    id: str
    title: str
    columns: tuple[Column, ...]
    empty: str
    hint: str  # what to do about a row, in words, under the table
    row_height: int | None = 1  # None: as tall as the row's content


TABS = (
    Tab(
        "unverified",
        "Not verified",
        (
            ("name", "Name", 1.0),
            ("kind", "Kind", 9),
            ("locality", "Locality", 18),
            ("due", "Last verified", 13),
        ),
        "Nothing to verify — every entry was checked in the last 12 months.",
        "Still as described? v verifies it · e corrects it · closed? a archives it",
    ),
    Tab(
        "flagged",
        "Possibly closed",
        (("name", "Name", 1.0), ("due", "Why (who flagged it)", 1.4)),
        "Nothing flagged — no one has reported an entry as possibly closed.",
        "Still running? c clears the flag (v verifies it too) · closed? a archives it",
        row_height=None,
    ),
    Tab(
        "lapsing",
        "Checks lapsing",
        (("name", "Micro-enterprise", 1.0), ("due", "What is due", 1.4)),
        "No checks lapsing — every DBS check, insurance and safeguarding training is in date "
        "for at least 30 days.",
        "Renewed? e enters the new date · stopped trading? a archives it",
        row_height=None,
    ),
    Tab(
        "duplicates",
        "Duplicates",
        (("first", "First entry", 1.0), ("second", "Second entry", 1.0), ("due", "Why alike", 0.8)),
        "No likely duplicates — no two entries share a name, a place or a telling contact detail.",
        "Same thing twice? m merges, keeping one you choose · not? n · o / O open each",
        row_height=None,
    ),
)
ASSET_TABS = {"unverified", "flagged", "lapsing"}
KIND_NAMES = {str(kind): label for kind, label in KIND_LABELS.items()}
SHORT_CHECKS = {
    "DBS check": "DBS",
    "public liability insurance": "insurance",
    "safeguarding training": "safeguarding",
}


@dataclass(frozen=True)
class Row:
    """One thing to act on, already worded: the screen never formats queue items itself."""

    key: str  # the asset id, or the pair's key on the Duplicates tab
    name: str
    cells: dict[str, Text]
    detail: Text  # the whole story, under the table, for what the columns cut short


def when(day: date) -> str:
    """ "26 Jan 2025": unambiguous to UK readers, unlike 01/02/2025."""
    return f"{day.day} {day:%b %Y}"


def _entry(name: str, locality: str) -> Text:
    """A name over its locality: two lines, so neither is cut short at 80 columns."""
    return Text.assemble(name, "\n", (f"in {locality}", "italic"))


def unverified_rows(items: list[ReviewItem]) -> list[Row]:
    rows = []
    for i in items:
        last = Text(when(i.due)) if i.due else Text("never ⚠")
        why = f"last verified {when(i.due)}" if i.due else "never verified"
        kind = Text(KIND_SHORT.get(i.kind, i.kind))
        cells = {"name": Text(i.name), "kind": kind, "locality": Text(i.locality), "due": last}
        detail = Text.assemble(
            (i.name, "bold"), f" · {KIND_NAMES.get(i.kind, i.kind)} in {i.locality} · {why}"
        )
        rows.append(Row(str(i.asset_id), i.name, cells, detail))
    return rows


def flagged_rows(items: list[ReviewItem]) -> list[Row]:
    rows = []
    for i in items:
        why = i.reason.removeprefix("possibly closed: ")
        cells = {"name": _entry(i.name, i.locality), "due": Text(why)}
        detail = Text.assemble((i.name, "bold"), f" · {i.locality} · possibly closed: {why}")
        rows.append(Row(str(i.asset_id), i.name, cells, detail))
    return rows


def _check(item: ReviewItem, today: date, short: bool) -> Text:
    """ "DBS check lapsed 2025-01-26" → "⚠ DBS lapsed 26 Jan 2025" (a mark and a word, not a colour)."""
    what, verb, _ = [*item.reason.rsplit(" ", 2), "", ""][:3]
    if item.due is None or verb not in {"lapsed", "lapses"}:
        return Text(item.reason)
    what = SHORT_CHECKS.get(what, what) if short else what
    if item.due < today:
        return Text(f"⚠ {what} lapsed {when(item.due)}", style="bold")
    days = (item.due - today).days
    soon = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return Text(f"{what} lapses {soon}, {when(item.due)}")


def lapsing_rows(items: list[ReviewItem], today: date) -> list[Row]:
    """One row per micro-enterprise with all its due checks, the soonest-due first."""
    grouped: dict[uuid.UUID, list[ReviewItem]] = {}
    for item in sorted(items, key=lambda i: (i.due or date.min, i.name)):
        grouped.setdefault(item.asset_id, []).append(item)
    rows = []
    for asset_id, group in grouped.items():
        due = Text("\n").join(_check(i, today, short=True) for i in group)
        full = Text("; ").join(_check(i, today, short=False) for i in group)
        first = group[0]
        cells = {"name": _entry(first.name, first.locality), "due": due}
        detail = Text.assemble((first.name, "bold"), f" · {first.locality} · ", full)
        rows.append(Row(str(asset_id), first.name, cells, detail))
    return rows


def reasons_text(reasons: tuple[str, ...]) -> str:
    """("same phone", "same email") → "same phone, email"."""
    same = [r.removeprefix("same ") for r in reasons if r.startswith("same ")]
    other = [r for r in reasons if not r.startswith("same ")]
    return "; ".join([*other, *(["same " + ", ".join(same)] if same else [])])


def duplicate_rows(pairs: list[DuplicatePair]) -> list[Row]:
    rows = []
    for p in pairs:
        a, b, why = p.first, p.second, reasons_text(p.reasons)

        cells = {"first": _entry(a.name, a.locality), "second": _entry(b.name, b.locality), "due": Text(why)}
        detail = Text.assemble(
            (a.name, "bold"), f" ({a.locality}) and ", (b.name, "bold"), f" ({b.locality}): {why}"
        )
        rows.append(Row(p.key, a.name, cells, detail))
    return rows


class ReviewTable(DataTable[Text]):
    """One tab's rows; the columns are laid out to the width, so nothing needs side-scrolling."""

    def __init__(self, tab: Tab, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.tab = tab
        self.rows_shown: list[Row] = []
        self._laid_out_for = -1

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for:
            self.show(self.rows_shown)

    def show(self, rows: list[Row]) -> None:
        """Replace the rows; the cursor stays on the same key, or as near its old place as it can."""
        old_key, old_row = self.current_key, self.cursor_row
        self.rows_shown, self._laid_out_for = rows, self.size.width
        self.clear(columns=True)
        columns = self.tab.columns
        spare = self.size.width - 2 - sum(w + 2 for _, _, w in columns if isinstance(w, int))
        weights = sum(w for _, _, w in columns if isinstance(w, float))
        for key, title, w in columns:
            width = w if isinstance(w, int) else max(10, int(spare * w / weights) - 2)
            self.add_column(title, key=key, width=width)
        for row in rows:
            cells = (row.cells[key] for key, _, _ in columns)
            self.add_row(*cells, key=row.key, height=self.tab.row_height)
        keys = [row.key for row in rows]
        if rows:
            self.move_cursor(row=keys.index(old_key) if old_key in keys else min(old_row, len(rows) - 1))

    @property
    def current(self) -> Row | None:
        row = self.cursor_row
        return self.rows_shown[row] if 0 <= row < len(self.rows_shown) else None

    @property
    def current_key(self) -> str | None:
        return self.current.key if self.current else None
