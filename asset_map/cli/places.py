"""`asset-map places`: what the gazetteer knows offline; `asset-map places load FILE`: add the
postcodes and towns of an area (or the whole country) from open data."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from asset_map.directory.facade import Directory
from asset_map.directory.place_files import load_places, places_held
from asset_map.places.loading import Progress, counted
from asset_map.validation import visible

SHOWN_PROBLEMS = 20  # bad rows named without --verbose


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "places",
        parents=[common],
        help="the places known offline; 'places load FILE' adds an area from open data",
        description="With no action: the localities, areas and postcode districts known offline, "
        "and the files loaded. 'load FILE' adds postcodes and places from the ONS Postcode "
        "Directory or NSPL, OS Code-Point Open or OS Open Names (see docs/places.md).",
    )
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(dest="places_action", metavar="ACTION")
    load = actions.add_parser(
        "load",
        parents=[common],
        help="load an ONSPD/NSPL, Code-Point Open or OS Open Names CSV file (or a folder of them)",
    )
    load.add_argument("file", type=Path, help="a CSV file, or a folder of CSV files of one kind")
    load.add_argument("--verbose", action="store_true", help="name every bad row, not just the first 20")


def run(directory: Directory, args: argparse.Namespace) -> int:
    if getattr(args, "places_action", None) == "load":
        return _load(directory, args)
    return _list(directory, args)


def _progress(name: str) -> Progress:
    """Progress on stderr: a bar on a terminal, else a line every tenth of the file."""
    terminal = sys.stderr.isatty()
    said = [-1]

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        if terminal:
            filled = int(30 * share)
            sys.stderr.write(
                f"\rloading {name} [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} "
                f"({done / 1e6:,.0f} of {total / 1e6:,.0f} MB)"
            )
            if done >= total:
                sys.stderr.write("\n")
        elif int(share * 10) > said[0]:
            said[0] = int(share * 10)
            sys.stderr.write(f"loading {name}: {share:.0%}\n")
        sys.stderr.flush()

    return show


def _load(directory: Directory, args: argparse.Namespace) -> int:
    report = load_places(directory, args.file, progress=_progress(visible(args.file.name)))
    print(f"loaded {visible(str(args.file))} ({report.format}): {report}")
    shown = report.problems if args.verbose else report.problems[:SHOWN_PROBLEMS]
    for problem in shown:
        print(f"  skipped {visible(problem)}")
    if report.bad > len(shown):
        more = report.bad - len(shown)
        how = " (see them with --verbose)" if not args.verbose else " (not named: only the first are)"
        print(f"  … and {counted(more, 'more bad row', 'more bad rows')}{how}")
    return 1 if report.bad else 0


def _list(directory: Directory, args: argparse.Namespace) -> int:
    gaz = directory.gazetteer
    held = places_held(directory.engine)
    if args.json:
        print(
            json.dumps(
                {
                    "localities": [
                        {
                            "name": loc.name,
                            "area": loc.area_name,
                            "aliases": list(loc.aliases),
                            "latitude": loc.point[0],
                            "longitude": loc.point[1],
                        }
                        for loc in gaz.localities.values()
                    ],
                    "postcodes": [
                        {
                            "code": p.code,
                            "level": p.level,
                            "locality": p.locality,
                            "in_borough": p.in_borough,
                            "latitude": p.point[0],
                            "longitude": p.point[1],
                        }
                        for p in gaz.postcodes.values()
                    ],
                    "loaded": [
                        {
                            "file": s.name,
                            "format": s.kind,
                            "loaded_at": s.loaded_at,
                            "rows": s.rows,
                            "postcodes": s.postcodes,
                            "places": s.places,
                            "terminated": s.terminated,
                            "no_grid_reference": s.no_grid,
                            "bad_rows": s.bad,
                        }
                        for s in held.sources
                    ],
                    "held": {
                        "postcodes": held.counts.postcodes,
                        "learned_postcodes": held.counts.learned_postcodes,
                        "places": held.counts.places,
                        "learned_places": held.counts.learned_places,
                    },
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    by_area: dict[str, list[str]] = {}
    for loc in gaz.localities.values():
        by_area.setdefault(loc.area_name, []).append(loc.name)
    for area, names in sorted(by_area.items()):
        print(f"{area}:\n  {', '.join(sorted(names))}")
    districts = sorted(p.code for p in gaz.postcodes.values() if p.level == "district")
    print(f"Postcode districts: {', '.join(districts)}")
    print()
    sectors = sum(1 for p in gaz.postcodes.values() if p.level == "sector")
    print(
        f"Built in: {counted(len(gaz.localities), 'locality', 'localities')} in "
        f"{counted(len(by_area), 'area')}, {counted(len(districts), 'postcode district')} and "
        f"{counted(sectors, 'sector')}"
    )
    if held.sources:
        print("Loaded (asset-map places load):")
    for s in held.sources:
        found = [counted(s.postcodes, "postcode")] + ([counted(s.places, "place")] if s.places else [])
        passed = [
            counted(n, what, what)
            for n, what in (
                (s.terminated, "terminated"),
                (s.no_grid, "without a grid reference"),
                (s.bad, "bad"),
            )
            if n
        ]
        skipped = f"; skipped {', '.join(passed)}" if passed else ""
        print(
            f"  {visible(s.name)} ({s.kind}), {s.loaded_at[:16]}: {' and '.join(found)} from "
            f"{counted(s.rows, 'row')}{skipped}"
        )
    counts = held.counts
    if counts.learned_postcodes or counts.learned_places:
        print(
            f"Learned from the directory's entries: {counted(counts.learned_postcodes, 'postcode')}, "
            f"{counted(counts.learned_places, 'place')}"
        )
    if counts.postcodes or counts.places:
        print(
            f"Held now: {counted(counts.postcodes, 'full postcode')} and "
            f"{counted(counts.places, 'town or village', 'towns, villages and other places')}"
        )
    else:
        print("Nothing loaded: a full postcode resolves to its sector's centre (see docs/places.md)")
    return 0
