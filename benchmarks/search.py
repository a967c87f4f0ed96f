"""Search at scale: latency, index build, memory, start-up and recall against a baseline.

    python benchmarks/search.py                      # 10k, 100k and 250k
    python benchmarks/search.py --sizes 10000        # one size
    python benchmarks/search.py --fresh              # rebuild the cached databases

Databases are generated once (benchmarks/load.py) and cached in --cache (default
/tmp/asset-map-bench). Each size is measured in a fresh child process, so memory and start-up
figures belong to that size alone. Latency is reported as p50/p95/p99 over the fixed query mix
(benchmarks/queries.py), each query run REPEAT times, and as a ratio to the baseline measured in
the same process: rapidfuzz.process.extract with fuzz.WRatio over every asset's name + summary.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_SIZES = (10_000, 100_000, 250_000)
REPEAT = 5
STARTUP_RUNS = 5
TOP = 50


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Linux's getrusage keeps the parent's peak
    across fork and exec, so a child started by a big parent would report the parent's;
    /proc's VmHWM belongs to this process alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def baseline_top3(text: str, choices: list[str], live: list[int]) -> tuple[set[int], int]:
    """The baseline's top 3 with its ties: every entry scoring at least its third-best score.

    On generated data hundreds of entries share WRatio's top score, and `process.extract`
    breaks the tie by list order, so its literal "top 3" is arbitrary; the tie group is not.
    The comparison ignores case (rapidfuzz's `default_process`): without it "Gardening" in a
    name scores below "gardening" in a summary, which no person would call a better match.
    """
    from rapidfuzz import fuzz, process, utils

    def extract(limit: int | None, cutoff: float | None = None) -> list[tuple[str, float, int]]:
        return process.extract(
            text,
            choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=cutoff,
        )

    top = extract(3)
    if not top:
        return set(), 0
    # WRatio prunes against the cutoff after scaling it, in floating point: on the exact third
    # score "dementia cafe" (86.4) matched nothing at all. Ask a point lower, then filter.
    third = top[-1][1]
    group = [hit for hit in extract(None, third - 1.0) if hit[1] >= third - 1e-6]
    return {live[i] for _, _, i in group}, len(group)


def measure(db: Path) -> dict[str, Any]:
    """Run in a child process: every figure for one database."""
    from rapidfuzz import fuzz, process

    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from benchmarks.queries import QUERIES, TYPO_QUERIES

    directory = Directory.open(Settings.resolve(str(db)))
    if not directory.index_loaded:  # an older saved index: rebuilt just now; save it and reopen
        directory.close()
    started = time.perf_counter()
    directory = Directory.open(Settings.resolve(str(db)))
    open_s = time.perf_counter() - started
    assert directory.index_loaded, "the saved index was not used"

    queries = [(q, directory.make_query(q.text, limit=TOP, **q.make_query_args())) for q in QUERIES]
    ours: list[float] = []
    for _ in range(REPEAT):
        for _, query in queries:
            t = time.perf_counter()
            directory.search(query)
            ours.append((time.perf_counter() - t) * 1000)

    columns = directory.index.columns
    live = list(directory.index.slot.values())
    choices = [f"{columns.names[p]} {columns.summaries[p]}" for p in live]
    baseline: list[float] = []
    for q, _ in queries:
        t = time.perf_counter()
        process.extract(q.text, choices, scorer=fuzz.WRatio, limit=TOP)
        baseline.append((time.perf_counter() - t) * 1000)

    # The recall check compares like with like: the entries a search offers by default
    # (closed ones are left out unless asked for), not the whole table.
    from asset_map.search.columns import STATUSES

    offered = [p for p in live if STATUSES[columns.status[p]] != "closed"]
    offered_choices = [f"{columns.names[p]} {columns.summaries[p]}" for p in offered]
    recall_misses, not_found = [], []
    for q in TYPO_QUERIES:
        assert q.correct_spelling is not None  # what makes it a typo query
        wanted, ties = baseline_top3(q.correct_spelling, offered_choices, offered)
        everything = directory.search(directory.make_query(q.text, limit=len(live), **q.make_query_args()))
        found = {directory.index.slot[r.id] for r in everything.results}
        if len(wanted) <= 10 and wanted - found:  # recall proper: is it found at all?
            not_found.append(q.text)
        got_slots = [directory.index.slot[r.id] for r in everything.results[:10]]
        if len(wanted) <= 10:  # a real top 3 (ties included): all of it must be in our top 10
            missing = sorted(wanted - set(got_slots))
        else:  # hundreds share the top score: ours must come from that best-scoring group
            missing = [p for p in got_slots if p not in wanted]
        if missing:
            recall_misses.append(
                {"query": q.text, "tied": ties, "missing": [columns.names[p] for p in missing[:5]]}
            )

    directory.close()
    return {
        "assets": len(live),
        "open_s": open_s,
        "p50": percentile(ours, 50),
        "p95": percentile(ours, 95),
        "p99": percentile(ours, 99),
        "baseline_p50": percentile(baseline, 50),
        "baseline_p95": percentile(baseline, 95),
        "recall_misses": recall_misses,
        "not_found": not_found,
        "typo_queries": len(TYPO_QUERIES),
        "typo_queries_list": [q.text for q in TYPO_QUERIES],
    }


def measure_in_use(db: Path) -> dict[str, float]:
    """Run in a child process: peak memory of the directory as the app uses it (open, then
    every query of the mix), without the benchmark's own rebuild and baseline beside it."""
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from benchmarks.queries import QUERIES

    directory = Directory.open(Settings.resolve(str(db)))
    for q in QUERIES:
        directory.search(directory.make_query(q.text, limit=TOP, **q.make_query_args()))
    directory.close()
    return {"in_use_mb": peak_rss_mb()}


def measure_build(db: Path) -> dict[str, float]:
    """Run in a child process: build the index from scratch (as on the first start after an
    upgrade of its format) and answer the query mix; seconds and peak memory."""
    import tempfile

    import asset_map.directory.facade
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from benchmarks.queries import QUERIES

    with tempfile.TemporaryDirectory() as folder:  # no saved index there: a build from scratch
        asset_map.directory.facade.index_path = lambda db_url: Path(folder) / "fresh.index"
        started = time.perf_counter()
        directory = Directory.open(Settings.resolve(str(db)))
        build_s = time.perf_counter() - started
        assert not directory.index_loaded
        for q in QUERIES:
            directory.search(directory.make_query(q.text, limit=TOP, **q.make_query_args()))
        build_mb = peak_rss_mb()
        directory.engine.dispose()
    return {"build_s": build_s, "build_mb": build_mb}


def measure_rebuild(db: Path) -> dict[str, float]:
    """Run in a child process: open the directory as the app does (its saved index loaded),
    answer the query mix, then rebuild the whole index, as after an import that touches most
    of the directory: peak memory of this process and of the builder, if one was started."""
    from unittest import mock

    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from benchmarks.queries import QUERIES

    builder: dict[str, float] = {"builder_mb": 0.0}
    real_run = subprocess.run

    def run_builder(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        """The same builder, started through this script so that it reports its own peak."""
        done = real_run([sys.executable, __file__, "--child-builder", *command[3:]], **kwargs)
        builder.update(json.loads(done.stdout.decode().strip().splitlines()[-1]))
        return done

    mock.patch.object(subprocess, "run", run_builder).start()  # the builder's, in this child
    directory = Directory.open(Settings.resolve(str(db)))
    assert directory.index_loaded and directory.index_file is not None
    for q in QUERIES:
        directory.search(directory.make_query(q.text, limit=TOP, **q.make_query_args()))
    directory.index_file.unlink()  # else the builder would find it current and load it
    started = time.perf_counter()
    directory.rebuild_index()
    rebuild_s = time.perf_counter() - started
    for q in QUERIES:
        directory.search(directory.make_query(q.text, limit=TOP, **q.make_query_args()))
    directory.close()  # saved again: the next run loads it
    return {"rebuild_s": rebuild_s, "rebuild_mb": peak_rss_mb(), **builder}


def run_builder_child(argv: list[str]) -> int:
    from asset_map.directory import index_builder

    code = index_builder.main(argv)
    print(json.dumps({"builder_mb": peak_rss_mb()}))
    return code


def measure_startup(db: Path) -> dict[str, float]:
    """Run in a child process: seconds to the first interactive screen and to the first answer."""
    started = time.perf_counter()
    import asyncio

    import asset_map.cli  # noqa: F401  the entry point `asset-map` loads first
    from asset_map.app import create_app
    from asset_map.config import Settings
    from asset_map.screens.search import SearchScreen

    result: dict[str, float] = {}

    async def run() -> None:
        app = create_app(Settings.resolve(str(db)))
        async with app.run_test(size=(100, 30)) as pilot:
            while not (isinstance(app.screen, SearchScreen) and app.screen.query("#query")):
                await pilot.pause(0.01)
            result["screen_s"] = time.perf_counter() - started
            screen = app.screen
            screen.query_one("#query").value = "lunch club"  # type: ignore[attr-defined]
            while "lunch club" not in screen.shown_queries:
                await pilot.pause(0.01)
            result["first_search_s"] = time.perf_counter() - started
            while app.directory is None:  # the rest of the directory, opening behind
                await pilot.pause(0.01)
            result["opened_s"] = time.perf_counter() - started
            result["app_mb"] = peak_rss_mb()

    os.environ.setdefault("ASSET_MAP_USER", "benchmark")
    asyncio.run(run())
    return result


def quality() -> tuple[float, float]:
    import tempfile

    from benchmarks.quality import evaluate, load_judged, open_sample

    with tempfile.TemporaryDirectory() as folder:
        directory = open_sample(Path(folder) / "q.db")
        try:
            success, mrr, _ = evaluate(directory, load_judged())
        finally:
            directory.close()
    return success, mrr


def _child(kind: str, db: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, f"--child-{kind}", str(db)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"child {kind} failed for {db}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_database(cache: Path, size: int, fresh: bool) -> tuple[Path, float | None]:
    """The cached database of this size, generated when missing or asked for, with the seconds
    its import took (`Directory.import_file` over the chunk files: not the gazetteer set-up
    or the drawing of the records, which are the benchmark's own work)."""
    from benchmarks.load import build_database

    db = cache / f"bench-{size}.db"
    if db.exists() and not fresh:
        return db, None
    cache.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    directory = build_database(db, size, replace=True, timings=timings)
    directory.close()  # saves the index
    return db, timings["import"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/asset-map-bench"))
    parser.add_argument("--fresh", action="store_true", help="regenerate the databases")
    parser.add_argument("--child-measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-startup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-in_use", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-rebuild", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-builder", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_measure:
        print(json.dumps(measure(args.child_measure)))
        return 0
    if args.child_startup:
        print(json.dumps(measure_startup(args.child_startup)))
        return 0
    if args.child_in_use:
        print(json.dumps(measure_in_use(args.child_in_use)))
        return 0
    if args.child_build:
        print(json.dumps(measure_build(args.child_build)))
        return 0
    if args.child_builder:
        return run_builder_child(args.child_builder)
    if args.child_rebuild:
        print(json.dumps(measure_rebuild(args.child_rebuild)))
        return 0

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    success, mrr = quality()
    print(f"quality over tests/data/judged_queries.json: success@5 {success:.3f}, MRR {mrr:.3f}")
    header = (
        f"{'assets':>8} {'import s':>9} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'base p50':>9} {'speed-up':>9} {'in use MB':>9} {'build MB':>8} {'app MB':>6} "
        f"{'rebuild MB':>10} {'builder MB':>10} "
        f"{'screen s':>9} {'1st search s':>12} {'opened s':>9} recall"
    )
    print(header)
    for size in args.sizes:
        db, import_s = ensure_database(args.cache, size, args.fresh)
        figures = _child("measure", db)
        in_use = _child("in_use", db)
        build = _child("build", db)
        rebuild = _child("rebuild", db)
        runs = sorted((_child("startup", db) for _ in range(STARTUP_RUNS)), key=lambda r: r["first_search_s"])
        startup = runs[len(runs) // 2]  # the median run: the first can meet a cold file cache
        ratio = figures["baseline_p50"] / figures["p50"] if figures["p50"] else float("inf")
        top10 = len(figures["typo_queries_list"]) - len(figures["recall_misses"])
        found = len(figures["typo_queries_list"]) - len(figures["not_found"])
        recall = f"top10 {top10}/{len(figures['typo_queries_list'])}, found {found}"
        print(
            f"{figures['assets']:>8} {import_s if import_s is not None else float('nan'):>9.1f} "
            f"{build['build_s']:>8.2f} {figures['p50']:>7.2f} {figures['p95']:>7.2f} "
            f"{figures['p99']:>7.2f} "
            f"{figures['baseline_p50']:>9.1f} {ratio:>8.0f}x "
            f"{in_use['in_use_mb']:>9.0f} {build['build_mb']:>8.0f} {startup['app_mb']:>6.0f} "
            f"{rebuild['rebuild_mb']:>10.0f} {rebuild['builder_mb']:>10.0f} "
            f"{startup['screen_s']:>9.2f} {startup['first_search_s']:>12.2f} "
            f"{startup['opened_s']:>9.2f} {recall}"
        )
        for miss in figures["recall_misses"]:
            print(
                f"    recall miss: {miss['query']!r} (baseline top 3 with ties: {miss['tied']}): "
                f"{miss['missing']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
