"""The gaps matrix at scale: the whole matrix, against one search, in the same process.

    python benchmarks/gaps.py --db /tmp/asset-map-bench/bench-250000.db [--rounds 5]

The database is one benchmarks/load.py made (generate it first: `python benchmarks/load.py
--size 250000 --db …`). The directory is opened from its saved index, as the app is, then,
round after round (the machine is shared: what counts is the ratio within a round):

- baseline: one cell's search, `search --need N --near PLACE --radius-km R` with no words
  (the work a cell stands for), a tenth of the cells' worth, one after another;
- the whole matrix by locality, by area and by postcode district, with no filters and with
  several (free, step-free, a day, verified this year);
- after an edit: one entry's needs changed and saved, then the whole matrix again (the
  redraw a screen does: it includes hearing of the change and indexing it).

Prints a Markdown table (docs/benchmarks.md keeps the latest) and the machine. The target is
the whole matrix at 250k entries in under 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.gaps import GapFilters, GapMatrix, RowsBy
from asset_map.store import repo

FILTERED = GapFilters(free_only=True, step_free_only=True, open_on="wed", verified_recently=True)
CASES: list[tuple[str, RowsBy, GapFilters]] = [
    ("by locality", "locality", GapFilters()),
    ("by area", "area", GapFilters()),
    ("by district", "district", GapFilters()),
    ("by locality, 4 filters", "locality", FILTERED),
]


def _timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def one_cell_each(directory: Directory, matrix: GapMatrix, share: int = 10) -> float:
    """Seconds for the searches of every `share`-th cell, scaled up to the whole matrix."""
    cells = [(i, j) for i in range(len(matrix.rows)) for j in range(len(matrix.needs))][::share]
    started = time.perf_counter()
    for i, j in cells:
        directory.search(replace(directory.make_query("", **matrix.words(i, j)), limit=1))
    return (time.perf_counter() - started) / len(cells)


def edit_one(directory: Directory, round_: int) -> None:
    """Change one entry's needs and save it, as a form would."""
    first = directory.search(directory.make_query("", limit=1)).results[0]
    asset = directory.get(first.id)
    needs = ["pets"] if round_ % 2 else ["pets", "company"]
    directory.update(asset.id, repo.asset_to_in(asset).model_copy(update={"needs": needs}), user="benchmark")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database benchmarks/load.py made")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"gaps.py: {args.db} does not exist: make it with benchmarks/load.py", file=sys.stderr)
        return 1
    opened_s, directory = _timed(lambda: Directory.open(Settings.resolve(str(args.db), online=False)))
    size = len(directory.index)
    figures: dict[str, list[float]] = {name: [] for name, _by, _f in CASES}
    figures["after an edit"] = []
    per_cell: list[float] = []
    shapes: dict[str, str] = {}
    for round_ in range(args.rounds):
        for name, by, filters in CASES:
            seconds, matrix = _timed(lambda by=by, filters=filters: directory.gap_matrix(by, **filters))
            figures[name].append(seconds)
            shapes[name] = f"{len(matrix.rows)} × {len(matrix.needs)}"
            if by == "locality" and not filters:
                per_cell.append(one_cell_each(directory, matrix))
        edit_one(directory, round_)
        seconds, _matrix = _timed(lambda: directory.gap_matrix("locality"))
        figures["after an edit"].append(seconds)
        shapes["after an edit"] = shapes["by locality"]
    directory.close()
    cells = int(shapes["by locality"].split(" × ")[0]) * int(shapes["by locality"].split(" × ")[1])
    baseline = statistics.median(per_cell) * cells
    print(f"{size:,} entries; opened in {opened_s:.2f} s; {args.rounds} rounds (median, and the slowest)\n")
    print("| matrix | rows × needs | median s | slowest s | ÷ its cells searched one by one |")
    print("| --- | --- | --- | --- | --- |")
    shape = shapes["by locality"]
    print(f"| baseline: every cell of by locality as its own search | {shape} | {baseline:.2f} | | 1 |")
    for name, times in figures.items():
        ratio = statistics.median(times) / baseline if name != "by area" and name != "by district" else None
        shown = f"{ratio:.3f}" if ratio is not None else ""
        print(f"| {name} | {shapes[name]} | {statistics.median(times):.3f} | {max(times):.3f} | {shown} |")
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, {system}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
