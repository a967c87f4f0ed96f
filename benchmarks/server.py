"""The same directory on an SQLite file and on a PostgreSQL server, measured in one run.

    python benchmarks/server.py --db /tmp/asset-map-bench/bench-100000.db [--rounds 3]

The generated directory (benchmarks/load.py) is copied into a fresh database of a throwaway
PostgreSQL server started for the run (tests/postgres.py: sockets only, durability off, as for
the tests), then, alternating the two stores round by round, each in a fresh process:

- search: p50 and p95 over the fixed query mix (benchmarks/queries.py), each query 5 times,
  from the saved index, as `benchmarks/search.py` measures it (before every search the app
  asks the database whether anyone wrote: on a server that is a round trip);
- first search: opening the directory from its saved index and answering one query;
- catch-up: another process saves an edit of one entry; the time from its commit until this
  process has heard of it (a server announces it; a file is looked at: both asked in a tight
  loop here, where the app asks once a second) and until its search finds the new words.

Prints a Markdown table (docs/benchmarks.md keeps the latest) and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPEAT = 5
CATCH_UP_QUERY = "zebrafinch quartet"  # words no generated entry says


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def measure(url: str) -> dict[str, Any]:
    """In a child process: every figure for one store."""
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from asset_map.store import repo
    from asset_map.store.db import transaction
    from benchmarks.queries import QUERIES

    settings = Settings(db_url=url, online_geocoding=False)
    started = time.perf_counter()
    directory = Directory.open(settings)
    first = directory.search(directory.make_query("lunch club", limit=50))
    first_s = time.perf_counter() - started
    assert first.results and directory.index_loaded, "the saved index was not used"
    queries = [directory.make_query(q.text, limit=50, **q.make_query_args()) for q in QUERIES]
    times: list[float] = []
    for _ in range(REPEAT):
        for query in queries:
            t = time.perf_counter()
            directory.search(query)
            times.append((time.perf_counter() - t) * 1000)
    target = first.results[0].id
    directory.others_wrote()  # listening from now (and ready for changes, as the app is a second in)
    other = subprocess.Popen(
        [sys.executable, __file__, "--edit", url, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ended_at = None
    while not directory.others_wrote():  # asked as the app asks, without its one-second pause
        if ended_at is None and other.poll() is not None:
            ended_at = time.monotonic()
        if ended_at is not None and time.monotonic() - ended_at > 30:
            raise SystemExit(f"the edit was never heard of; the editor said: {other.communicate()}")
        time.sleep(0.002)
    heard_at = time.time()
    found = [r.id for r in directory.search(directory.make_query(CATCH_UP_QUERY)).results]
    found_at = time.time()
    out, _ = other.communicate(timeout=120)  # after: its closing is no part of the catching up
    saved_at = float(out.strip())
    heard_s, caught_s = heard_at - saved_at, found_at - saved_at
    assert target in found, "the other process's edit was not found"
    with transaction(directory.engine) as session:
        entries = repo.count_assets(session)
    directory.close()
    return {
        "entries": entries,
        "p50": _percentile(times, 50),
        "p95": _percentile(times, 95),
        "first_search_s": first_s,
        "heard_s": heard_s,
        "caught_up_s": caught_s,
    }


def edit_one(url: str, asset_id: str) -> float:
    """In another process: save one edit; the moment its transaction committed (seconds since
    the epoch), not when this process had also brought its own index up to date."""
    import uuid

    from sqlalchemy import event

    from asset_map.config import Settings
    from asset_map.directory.facade import Directory
    from asset_map.store import repo

    directory = Directory.open(Settings(db_url=url, online_geocoding=False))
    asset = directory.get(uuid.UUID(asset_id))
    changed = repo.asset_to_in(asset).model_copy(update={"summary": f"Now with a {CATCH_UP_QUERY}"})
    committed: list[float] = []
    event.listen(directory.engine, "commit", lambda _connection: committed.append(time.time()))
    directory.update(asset.id, changed, user="benchmark")  # then indexed here: not the others' wait
    directory.close()
    return committed[0]


def child(url: str, data_dir: str, verb: str = "--measure") -> dict[str, Any]:
    env = os.environ | {"ASSET_MAP_DATA_DIR": data_dir}
    done = subprocess.run([sys.executable, __file__, verb, url], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"the {verb[2:]} run failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1])) if verb == "--measure" else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a generated directory file (benchmarks/load.py)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--edit", nargs=2, metavar=("URL", "ID"), help=argparse.SUPPRESS)
    parser.add_argument("--warm", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.edit:
        print(edit_one(*args.edit))
        return 0
    if args.warm:  # the store's saved index, made once before the rounds
        from asset_map.config import Settings
        from asset_map.directory.facade import Directory

        Directory.open(Settings(db_url=args.warm, online_geocoding=False)).close()
        return 0
    if args.db is None:
        parser.error("--db FILE is required")
    from asset_map.store.copying import copy_directory
    from tests.postgres import Server, fresh_database

    server = Server()
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="asset-map-server-bench-") as tmp:
            sqlite_url = f"sqlite:///{Path(tmp) / 'file.db'}"
            postgres_url = fresh_database(server.url)
            t = time.perf_counter()
            copy_directory(f"sqlite:///{args.db}", sqlite_url)
            copy_directory(f"sqlite:///{args.db}", postgres_url)
            print(f"copied in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            stores = {"SQLite file": sqlite_url, "PostgreSQL": postgres_url}
            for url in stores.values():  # each store's saved index, made once
                child(url, str(Path(tmp) / "data"), "--warm")
            rows: list[tuple[str, int, dict[str, Any]]] = []
            for n in range(1, args.rounds + 1):
                for name, url in stores.items():
                    rows.append((name, n, child(url, str(Path(tmp) / "data"))))
                    print(f"round {n} {name}: {rows[-1][2]}", file=sys.stderr)
    finally:
        server.remove()
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print("| store | round | entries | search p50 ms | p95 ms | first search s | heard s | caught up s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, n, f in rows:
        figures = f"{f['p50']:.2f} | {f['p95']:.2f} | {f['first_search_s']:.2f}"
        print(
            f"| {name} | {n} | {f['entries']:,} | {figures} | {f['heard_s']:.3f} | {f['caught_up_s']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
