"""`asset-map gaps`: every place against every need, on the terminal, as JSON or CSV, or as a
printable page (PDF or HTML) for a commissioning meeting."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from asset_map.cli.lists import open_lists
from asset_map.directory.facade import Directory
from asset_map.directory.gaps import (
    ASKED_MARK,
    DEFAULT_RADIUS_KM,
    MARKS,
    ROWS_BY,
    ROWS_WORDS,
    Asked,
    GapFilters,
    GapMatrix,
    cell_words,
)
from asset_map.lists.asked import asked
from asset_map.reports.gaps_words import asked_gaps, filter_phrases
from asset_map.store.db import StoreError
from asset_map.validation import visible


def register(sub: Any, common: argparse.ArgumentParser, filters: argparse.ArgumentParser) -> None:
    g = sub.add_parser(
        "gaps",
        parents=[common, filters],
        help="every place against every need: what is within reach, and where nothing is",
        description="Each cell counts what `asset-map search --need NEED --near PLACE --radius-km R` "
        "(with the same filters) finds; ×0 marks a gap, !N how often people asked for it and found nothing.",
    )
    g.add_argument(
        "--by", choices=ROWS_BY, default="locality", help="rows: localities (default), areas or districts"
    )
    radii = ", ".join(f"{by} {km:g}" for by, km in DEFAULT_RADIUS_KM.items())
    g.add_argument(
        "--radius-km", type=float, metavar="R", help=f"reach of every row (default by size: {radii} km)"
    )
    out = g.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="machine-readable output")
    out.add_argument("--csv", action="store_true", help="one line per place and need, for a spreadsheet")
    out.add_argument(
        "--page", type=Path, metavar="FILE", help="write the printable page: FILE.pdf or FILE.html"
    )


def filters_given(args: argparse.Namespace) -> GapFilters:
    """The filters `search` and `gaps` share (parser._filter_options), as the domain takes them."""
    return GapFilters(
        kinds=args.kind,
        open_on=args.open,
        free_only=args.free,
        step_free_only=args.step_free,
        delivery=args.delivery,
        verified_recently=args.verified_recently,
    )


def run(directory: Directory, args: argparse.Namespace) -> int:
    if args.page is not None and args.page.suffix.lower() not in {".pdf", ".html", ".htm"}:
        print(f"asset-map: {visible(str(args.page))}: the page is written as .pdf or .html", file=sys.stderr)
        return 2
    filters = filters_given(args)
    matrix = directory.gap_matrix(args.by, radius_km=args.radius_km, asked=_asked(directory), **filters)
    if args.json:
        print(json.dumps(matrix_json(matrix), ensure_ascii=False, indent=2))
    elif args.csv:
        _write_csv(matrix)
    elif args.page is not None:
        from asset_map.reports.gaps_page import write_page

        written = write_page(matrix, args.page)
        print(f"wrote the gaps page to {visible(str(written))}")
    else:
        print(format_matrix(matrix))
    return 0


def _asked(directory: Directory) -> list[Asked]:
    """What was asked for and not found; nothing (and a note) when the lists cannot be read."""
    try:
        lists = open_lists(directory)
        try:
            return asked(lists)
        finally:
            lists.close()
    except StoreError as exc:
        print(f"asset-map: note: what was asked for is left out: {visible(str(exc))}", file=sys.stderr)
        return []


def matrix_json(matrix: GapMatrix) -> dict[str, Any]:
    return {
        "by": matrix.by,
        "made_at": matrix.made_at.isoformat(timespec="minutes"),
        "radius_km": matrix.radius_km,
        "filters": dict(matrix.filters),
        "needs": [{"id": need, "label": label} for need, label in matrix.needs],
        "rows": [
            {
                "place": row.label,
                "near": row.near,
                "radius_km": row.radius_km,
                "entries": {need: n for (need, _l), n in zip(matrix.needs, supply, strict=True)},
                "asked": {need: n for (need, _l), n in zip(matrix.needs, asked_for, strict=True) if n},
            }
            for row, supply, asked_for in zip(matrix.rows, matrix.supply, matrix.asked, strict=True)
        ],
        "notes": list(matrix.notes),
    }


def _write_csv(matrix: GapMatrix) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["place", "near", "radius_km", "need", "need_label", "entries", "asked"])
    for row, supply, asked_for in zip(matrix.rows, matrix.supply, matrix.asked, strict=True):
        for (need, label), n, a in zip(matrix.needs, supply, asked_for, strict=True):
            out.writerow([_cell(row.label), _cell(row.near), f"{row.radius_km:g}", need, _cell(label), n, a])


def _cell(text: str) -> str:
    """A spreadsheet never runs a cell as a formula (=, +, -, @ first)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CELL = 6  # a cell's width in the terminal table: " ▒12!3"


def format_matrix(matrix: GapMatrix) -> str:
    """The matrix as a terminal table: a column per need (numbered, named below)."""
    width = max((len(visible(r.label)) for r in matrix.rows), default=5)
    width = min(max(width, 5), 20)
    numbers = "".join(f"{j + 1:>{CELL}}" for j in range(len(matrix.needs)))
    lines = [_heading(matrix), "", f"{'':<{width}}{numbers}"]
    for row, supply, asked_for in zip(matrix.rows, matrix.supply, matrix.asked, strict=True):
        cells = "".join(
            f"{cell_words(n, a, matrix.busiest):>{CELL}}" for n, a in zip(supply, asked_for, strict=True)
        )
        lines.append(f"{visible(row.label)[:width]:<{width}}{cells}")
    lines.append("")
    lines += [f"{j + 1:>3} {visible(label)}" for j, (_need, label) in enumerate(matrix.needs)]
    steps = "".join(MARKS[1:])
    lines.append(
        f"{MARKS[0]}0 nothing within reach (a gap);  {steps} few to most ({matrix.busiest});  "
        f"{ASKED_MARK}N asked for N times and not found"
    )
    wanted = asked_gaps(matrix)
    if wanted:
        lines.append("Asked for and missing:")
        lines += [f"  {place}: {need} (asked {times})" for place, need, times in wanted]
    lines += [f"note: {visible(note)}" for note in matrix.notes]
    return "\n".join(lines)


def _heading(matrix: GapMatrix) -> str:
    reach = (
        f"within {matrix.radius_km:g} km"
        if matrix.radius_km
        else f"within {matrix.rows[0].radius_km:g} km"
        if matrix.rows
        else ""
    )
    chosen = ", ".join(filter_phrases(matrix.filters, matrix.made_at)) or "no filters"
    places = ROWS_WORDS[matrix.by]
    return f"Gaps by {places}, {reach}; {chosen}; {matrix.made_at:%d %b %Y %H:%M}"
