"""What the gaps page says, worded once for both its forms (HTML and PDF): the heading's
facts, each cell's count and marks, the key, the asked-for gaps and how the counts are made.

Every text taken from the data (a place's or a need's name, a note) passes through `shown`
first, so a control or bidi character prints as a visible escape and never reorders the
page; escaping for HTML is the HTML page's own business.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime

from asset_map.directory.gaps import HEAT_STEPS, GapFilters, GapMatrix, RowsBy, heat
from asset_map.schedule import DAY_NAMES, parse_day
from asset_map.validation import visible

TITLE = "Where the gaps are"
ASKED_MARK = "▲"  # beside a count: how many times people asked for it there and found nothing
PLACE_WORDS: dict[RowsBy, tuple[str, str]] = {  # (one, many)
    "locality": ("locality", "localities"),
    "area": ("integrated locality area", "integrated locality areas"),
    "district": ("postcode district", "postcode districts"),
}
COLUMN_HEADING: dict[RowsBy, str] = {"locality": "Locality", "area": "Area", "district": "District"}
ROW_GAPS_HEADING = "Needs with nothing"
COLUMN_GAPS_LABEL = "Places with nothing"
ASKED_HEADING = "Asked for and missing"
NONE_ASKED = "No gap on this page was asked for: nobody recorded needing something that is missing here."
FOOTER = "Asset Map · counts only: no resident, list or search is named on this page"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
KIND_WORDS = {
    "hub": "community hubs",
    "micro_enterprise": "micro-enterprises",
    "time_bank": "time bank offers",
    "group": "community groups",
}
WAY_WORDS = {"in_person": "in person", "home": "comes to the home", "phone": "by phone", "online": "online"}
FILTER_FLAGS = {
    "free_only": "--free",
    "step_free_only": "--step-free",
    "verified_recently": "--verified-recently",
}


def shown(text: str) -> str:
    """Text from the data as printed: control and bidi characters as visible escapes, and
    on one line (a name with a line break would split its row of the table)."""
    return " ".join(visible(text).split())


def made_words(when: datetime) -> str:
    """ "Monday 23 November 2026 at 09:30": the same in every locale."""
    return f"{DAY_NAMES[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year} at {when:%H:%M}"


def places_words(matrix: GapMatrix) -> str:
    """ "22 localities", "1 postcode district"."""
    one, many = PLACE_WORDS[matrix.by]
    return f"{len(matrix.rows)} {one if len(matrix.rows) == 1 else many}"


def radii(matrix: GapMatrix) -> list[float]:
    return sorted({row.radius_km for row in matrix.rows})


def reach_words(matrix: GapMatrix) -> str:
    """How far from each place a count reaches: the radius chosen, or each row's own."""
    one = PLACE_WORDS[matrix.by][0]
    if matrix.radius_km is not None:
        return f"{matrix.radius_km:g} km from each {one} (the radius chosen)"
    found = radii(matrix)
    if len(found) == 1:
        return f"{found[0]:g} km from each {one} (the usual reach; no radius was chosen)"
    if not found:
        return "no places, so no reach"
    return f"each place's own reach, {found[0]:g} to {found[-1]:g} km (beside its name)"


def _day_words(open_on: str, made_at: datetime) -> str:
    """ "on Wednesdays", "on Wednesdays at 10:30"; "now" and "today" as the day made."""
    words = open_on.split()
    at = f" at {words[1]}" if len(words) > 1 else ""
    if words[:1] == ["now"]:
        return f"open when the page was made ({DAY_NAMES[made_at.weekday()]} {made_at:%H:%M})"
    if words[:1] == ["today"]:
        return f"open on the day the page was made ({DAY_NAMES[made_at.weekday()]}){at}"
    try:
        day = parse_day(words[0]) if words else -1
    except ValueError:
        day = -1
    return f"on {DAY_NAMES[day]}s{at}" if day >= 0 else f"open {open_on}"


def filter_phrases(filters: GapFilters, made_at: datetime) -> list[str]:
    """The filters chosen, as a commissioner would say them ("free only", "on Wednesdays")."""
    said = []
    if filters.get("free_only"):
        said.append("free only")
    if filters.get("step_free_only"):
        said.append("step-free")
    if open_on := filters.get("open_on"):
        said.append(_day_words(open_on, made_at))
    if ways := filters.get("delivery"):
        said.append(" or ".join(WAY_WORDS.get(w, w) for w in ways))
    if filters.get("verified_recently"):
        said.append("verified in the last 12 months")
    if kinds := filters.get("kinds"):
        said.append("only " + " or ".join(KIND_WORDS.get(k, k) for k in kinds))
    return [shown(s) for s in said]


def filters_words(matrix: GapMatrix) -> str:
    return "; ".join(filter_phrases(matrix.filters, matrix.made_at)) or "none (everything open, any kind)"


def row_label(matrix: GapMatrix, index: int) -> str:
    """A row's place as printed, with its own reach when the rows' reaches differ."""
    row = matrix.rows[index]
    if len(radii(matrix)) > 1:
        return f"{shown(row.label)} ({row.radius_km:g} km)"
    return shown(row.label)


@dataclass(frozen=True)
class Cell:
    """One place and need: what is there, what was asked for, and how it is drawn."""

    count: int
    asked: int
    step: int  # 0 (a gap) .. HEAT_STEPS

    @property
    def gap(self) -> bool:
        return self.count <= 0

    @property
    def asked_gap(self) -> bool:
        """Asked for and missing: the cells a meeting should look at first."""
        return self.gap and self.asked > 0

    @property
    def asked_text(self) -> str:
        return f"{ASKED_MARK}{self.asked}" if self.asked else ""

    @property
    def text(self) -> str:
        return f"{self.count} {self.asked_text}" if self.asked else str(self.count)

    @property
    def css(self) -> str:
        return "ag" if self.asked_gap else f"s{self.step}"


def cells(matrix: GapMatrix) -> list[list[Cell]]:
    busiest = matrix.busiest
    return [
        [Cell(n, a, heat(n, busiest)) for n, a in zip(supply, asked, strict=True)]
        for supply, asked in zip(matrix.supply, matrix.asked, strict=True)
    ]


def row_gaps(grid: list[list[Cell]]) -> list[int]:
    return [sum(cell.gap for cell in row) for row in grid]


def column_gaps(grid: list[list[Cell]], needs: int) -> list[int]:
    return [sum(row[j].gap for row in grid) for j in range(needs)]


def step_ranges(busiest: int) -> list[tuple[int, str]]:
    """Each colour step and the counts it stands for ("1–7"), as `heat` makes them."""
    found: dict[int, list[int]] = {}
    for count in range(1, busiest + 1):
        found.setdefault(heat(count, busiest), []).append(count)
    return [
        (step, f"{c[0]}" if c[0] == c[-1] else f"{c[0]}–{c[-1]}")
        for step in range(1, HEAT_STEPS + 1)
        if (c := found.get(step))
    ]


def asked_gaps(matrix: GapMatrix) -> list[tuple[str, str, int]]:
    """(place, need, times asked) for every gap people asked for, the most asked first."""
    found = [
        (row_label(matrix, i), shown(label), a)
        for i, (supply, asked) in enumerate(zip(matrix.supply, matrix.asked, strict=True))
        for (_need, label), n, a in zip(matrix.needs, supply, asked, strict=True)
        if n <= 0 and a > 0
    ]
    return sorted(found, key=lambda f: (-f[2], f[0], f[1]))


def summary(matrix: GapMatrix) -> str:
    """The page in one sentence: how many gaps, and how many of them people asked for."""
    pairs = len(matrix.rows) * len(matrix.needs)
    gaps = len(matrix.gaps)
    wanted = asked_gaps(matrix)
    said = f"{gaps} of {pairs} places and needs have nothing within reach"
    if wanted:
        times = sum(a for _p, _n, a in wanted)
        said += (
            f"; people asked for {len(wanted)} of them and found nothing "
            f"({times} time{'s' if times != 1 else ''} in all)"
        )
    return said + "."


def search_command(matrix: GapMatrix, need: str = "NEED", place: str = "PLACE", radius: str = "R") -> str:
    """The search a cell counts, as typed: `asset-map search --need N --near PLACE ...`."""
    words = ["asset-map", "search", "--need", need, "--near", place, "--radius-km", radius]
    filters = matrix.filters
    words += [flag for key, flag in FILTER_FLAGS.items() if filters.get(key)]
    if open_on := filters.get("open_on"):
        words += ["--open", open_on]
    for way in filters.get("delivery") or ():
        words += ["--delivery", way]
    for kind in filters.get("kinds") or ():
        words += ["--kind", kind]
    return " ".join(w if w.isupper() else shlex.quote(w) for w in words)


def example_command(matrix: GapMatrix) -> str | None:
    """One cell's search with its real place and need: an asked-for gap, else any gap."""
    if not matrix.rows or not matrix.needs:
        return None
    found = [
        (i, j)
        for i, (supply, asked) in enumerate(zip(matrix.supply, matrix.asked, strict=True))
        for j, (n, a) in enumerate(zip(supply, asked, strict=True))
        if n <= 0
    ]
    i, j = max(found, key=lambda ij: matrix.asked[ij[0]][ij[1]]) if found else (0, 0)
    row = matrix.rows[i]
    return shown(search_command(matrix, matrix.needs[j][0], row.near, f"{row.radius_km:g}"))


def method(matrix: GapMatrix) -> list[str]:
    """How the counts are made, in plain words (the page's last section)."""
    one = PLACE_WORDS[matrix.by][0]
    said = [
        f"A cell counts the directory's entries for that need within reach of the {one}: "
        f"exactly what `{search_command(matrix)}` finds, with the same filters. Closed entries are "
        "not counted. Services that come to the home or work by phone or online count wherever "
        "the area they serve reaches. An entry meeting several needs counts once under each.",
        f"0 is a gap: nothing within reach. The colours run from few to many entries, up to the "
        f"busiest cell ({matrix.busiest}); the steps are in the key."
        if matrix.busiest
        else "0 is a gap: nothing within reach. With these filters nothing was found anywhere.",
        f"{ASKED_MARK} counts the times practitioners recorded that someone needed this near "
        "this place and nothing worked out. These are counts only: the page never holds a "
        "resident, a list or the words of a search.",
    ]
    if (example := example_command(matrix)) is not None:
        said.append(f"For example: {example}")
    return said


def notes(matrix: GapMatrix) -> list[str]:
    return [shown(note) for note in matrix.notes]


def key_marks(matrix: GapMatrix) -> list[tuple[Cell, str]]:
    """The key's marks: a sample cell of each and what it means."""
    found_step = heat(2, max(matrix.busiest, 2))
    return [
        (Cell(0, 3, 0), f"a gap people asked for ({ASKED_MARK} times asked)"),
        (Cell(0, 0, 0), "a gap: nothing within reach"),
        (Cell(2, 1, found_step), "found, yet asked for: nothing worked out"),
    ]


def key_scale(matrix: GapMatrix) -> list[tuple[str, str]]:
    """The key's colour steps: (the cell's style, the counts it stands for)."""
    return [(f"s{step}", counts) for step, counts in step_ranges(matrix.busiest)]


KEY_SCALE_LABEL = "Entries found"
NOTHING_FOUND = "none anywhere on this page"


def data_texts(matrix: GapMatrix, title: str) -> list[str]:
    """Every text the page prints from the data (the PDF loads the fonts these need)."""
    return [
        title,
        *(row_label(matrix, i) for i in range(len(matrix.rows))),
        *(shown(label) for _need, label in matrix.needs),
        filters_words(matrix),
        *notes(matrix),
        *method(matrix),
    ]


# The colours, shared by both forms. The steps darken evenly from pale to mid blue, and an
# asked-for gap is near-black red, darker than any of them: in black and white the greys keep
# that order, and the marks (a gap's hatching, ▲) carry the rest.
FILL = {
    "s0": "#FDE3B8",  # a gap: pale amber, hatched
    "s1": "#DEEBF7",
    "s2": "#9ECAE1",
    "s3": "#4292C6",
    "s4": "#2171B5",
    "ag": "#67000D",  # asked for and missing
}
INK = {"s4": "#FFFFFF", "ag": "#FFFFFF"}  # text on the dark cells; elsewhere near-black
DARK_TEXT = "#111111"
HATCH = "#B8860B"
