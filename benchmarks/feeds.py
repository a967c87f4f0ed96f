"""The real Open Referral feeds of ../shared/feeds, measured: for each, the records, how many
were imported, refused (by field) and merged, the import's time and peak memory, whether the
export (JSON and CSV) is valid against HSDS 3.0 and ORUK 3.0, and whether the round trip
(import -> export -> import into a fresh directory) gives back exactly the same records.

    python benchmarks/feeds.py [--repeat 3] [--breakdown] [FEED ...]

Each feed is measured in a process of its own (`--one`), so its peak memory (the process's
maximum resident set, and the most Python itself held during the import, by tracemalloc) is
its own. The import time is the best of `--repeat` runs, each into a fresh directory.
`--breakdown` also times the import with the needs guessed from words and the search index
left out, to show what the reading and mapping cost on their own. Prints a Markdown table
(docs/hsds.md keeps the latest).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.hsds_export import export_hsds
from asset_map.directory.hsds_import import import_hsds
from asset_map.interop.hsds import HsdsImportReport, schemas
from asset_map.store.repo import asset_to_in

FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "feeds"
# (path under FEEDS, feed name): every feed of the shared folder, as tests/test_feeds.py reads them
ALL = [
    ("bristol-oruk1/services.json", "bristol"),
    ("northlincs-oruk1/services.json", "northlincs"),
    ("miami-open211-hsds1.1-csv", "miami"),
    ("ohana-smc-csv", "ohana"),
    ("sample-hsds-datapackage-1.1", "sample"),
    ("hsds-3.1-dev-examples", "examples"),
    ("hsds-3.1-dev-examples/csv", "examples-csv"),
    ("ohana-in-openreferral-2014", "ohana-2014"),
    ("oruk3-validator-mocks/service_list_Test.json", "oruk3-test"),
    ("oruk3-validator-mocks/service_list_Default.json", "oruk3-default"),
    ("oruk3-validator-mocks/service_list_Warn.json", "oruk3-warn"),
    ("oruk3-validator-mocks/service_list_Fail.json", "oruk3-fail"),
    ("oruk3-validator-mocks/service_full_Fail.json", "oruk3-full-fail"),
]
PROFILES = ("hsds-3.0", "oruk-3.0")


def fresh(folder: Path) -> Directory:
    folder.mkdir(parents=True, exist_ok=True)
    seed = folder / "seed.json"
    seed.write_text(json.dumps({"format": "asset-map/directory", "version": 1, "assets": []}), "utf-8")
    return Directory.open(
        Settings(db_url=f"sqlite:///{folder / 'dir.db'}", online_geocoding=False), seed=seed
    )


def records(directory: Directory) -> dict[Any, dict[str, Any]]:
    return {a.id: asset_to_in(a).model_dump() for a in directory.all_assets(include_archived=True)}


def timed_import(
    path: Path, feed: str, folder: Path, *, lean: bool = False
) -> tuple[float, float, Directory]:
    """(wall seconds, CPU seconds, the directory) of one import into a fresh directory. `lean`:
    without the needs guessed from words and without the search index."""
    directory = fresh(folder)
    restore: list[Callable[[], None]] = []
    if lean:
        import asset_map.interop.hsds.from_hsds as mapping
        from asset_map.interop.hsds import terms

        def plain(t: terms.ReadTerms, *_: Any, **__: Any) -> dict[str, list[str]]:
            return {"needs": list(t.needs), "inferred_needs": []}

        setattr(mapping, "needs_values", plain)  # noqa: B010  (the lean run only: needs not guessed)
        restore.append(lambda: setattr(mapping, "needs_values", terms.needs_values))

        def no_index(*_: Any) -> None:
            return None

        directory.reindex_many = no_index  # type: ignore[method-assign,assignment]  # the lean run only
    wall, cpu = time.perf_counter(), time.process_time()
    import_hsds(directory, path, user="benchmark", feed=feed)
    result = time.perf_counter() - wall, time.process_time() - cpu
    for undo in restore:
        undo()
    return result[0], result[1], directory


def measure_one(path: Path, feed: str, repeat: int, breakdown: bool) -> dict[str, Any]:
    """Everything about one feed (run in its own process)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        directory = fresh(root / "measured")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        wall = time.perf_counter()
        report: HsdsImportReport = import_hsds(directory, path, user="benchmark", feed=feed)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        first_wall = time.perf_counter() - wall
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        runs = [timed_import(path, feed, root / f"run-{n}") for n in range(repeat)]
        best = min(runs, key=lambda r: r[0])
        for _, _, each in runs:
            each.close()
        lean = None
        if breakdown:
            lean_runs = [timed_import(path, feed, root / f"lean-{n}", lean=True) for n in range(repeat)]
            lean = min(r[0] for r in lean_runs)
            for _, _, each in lean_runs:
                each.close()
        wall = time.perf_counter()
        export_hsds(directory, root / "export.json")
        export_hsds(directory, root / "package", tabular=True)
        export_seconds = time.perf_counter() - wall
        document = json.loads((root / "export.json").read_text("utf-8"))
        errors = {
            profile: len(schemas.document_errors(document, profile))
            + len(schemas.tabular_errors(root / "package", profile))
            for profile in PROFILES
        }
        before = records(directory)
        exact = {}
        for kind, exported in (("json", root / "export.json"), ("csv", root / "package")):
            other = fresh(root / f"again-{kind}")
            again = import_hsds(other, exported, user="benchmark", feed=feed)
            exact[kind] = not again.skipped and records(other) == before
            other.close()
        directory.close()
    refused = Counter(field for _, field in {(e.record, e.field) for e in report.skipped})
    return {
        "feed": feed,
        "path": str(path.relative_to(FEEDS)) if path.is_relative_to(FEEDS) else str(path),
        "shapes": report.shapes,
        "records": report.records,
        "imported": report.imported,
        "merged": report.merged,
        "refused": dict(sorted(refused.items())),
        "warnings": len(report.warnings),
        "first_seconds": first_wall,
        "seconds": best[0],
        "cpu_seconds": best[1],
        "lean_seconds": lean,
        "peak_rss_mb": max(rss_after, rss_before) / 1024,
        "rss_added_mb": (rss_after - rss_before) / 1024,
        "traced_peak_mb": traced / 1_000_000,
        "export_seconds": export_seconds,
        "schema_errors": errors,
        "round_trip_exact": exact,
    }


def row(m: dict[str, Any]) -> str:
    refused = ", ".join(f"{n} {field}" for field, n in m["refused"].items()) or "0"
    if m["merged"]:
        refused += f"; {m['merged']} merged"
    rate = f"{m['records'] / m['seconds']:,.0f}/s" if m["seconds"] else ""
    lean = f" ({m['records'] / m['lean_seconds']:,.0f}/s lean)" if m.get("lean_seconds") else ""
    valid = "yes" if not any(m["schema_errors"].values()) else f"no {m['schema_errors']}"
    exact = "yes" if all(m["round_trip_exact"].values()) else f"no {m['round_trip_exact']}"
    return (
        f"| {m['path']} | {m['records']:,} | {m['imported']:,} | {refused} | {m['seconds']:.2f} s, "
        f"{rate}{lean} | {m['peak_rss_mb']:.0f} MB (+{m['rss_added_mb']:.0f}; "
        f"Python {m['traced_peak_mb']:.0f}) "
        f"| {valid} | {exact} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feeds", nargs="*", help="feed names (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="imports timed per feed (best kept)")
    parser.add_argument("--breakdown", action="store_true", help="also time without needs guessing and index")
    parser.add_argument("--one", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--feed", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(Path(args.one), args.feed, args.repeat, args.breakdown)))
        return 0
    chosen = [(p, f) for p, f in ALL if not args.feeds or f in args.feeds]
    print(
        "| feed | records | imported | refused (by field) | import (best of "
        f"{args.repeat}) | peak memory | export valid | round trip exact |"
    )
    print("| --- | ---: | ---: | --- | --- | --- | --- | --- |")
    total_records = total_seconds = 0.0
    for path, feed in chosen:
        command = [sys.executable, __file__, "--one", str(FEEDS / path), "--feed", feed]
        command += ["--repeat", str(args.repeat)] + (["--breakdown"] if args.breakdown else [])
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"| {path} | failed: {done.stderr.strip().splitlines()[-1:]} |")
            continue
        measured = json.loads(done.stdout)
        total_records += measured["records"]
        total_seconds += measured["seconds"]
        print(row(measured), flush=True)
    if total_seconds:
        rate = total_records / total_seconds
        print(f"\nAll feeds: {total_records:,.0f} records in {total_seconds:.2f} s, {rate:,.0f}/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
