"""Build a benchmark database: the synthetic gazetteer, then N generated assets, imported.

    python benchmarks/load.py --size 10000 --db /tmp/bench10k.db [--seed 7] [--replace]

The gazetteer extension goes into the reference tables (Area, Locality, PostcodeArea) through
SQLModel sessions; the Directory is then opened again so its gazetteer knows the new places;
then the generated records are imported through the public `Directory.import_file`, in chunks
(the importer refuses files over 100 MB, and 100k assets make about 135 MB of JSON).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store.db import transaction
from asset_map.store.models import Area, Locality, PostcodeArea
from benchmarks.generate import (
    DEFAULT_SEED,
    FORMAT,
    VERSION,
    gazetteer_extension,
    iter_records,
    notice,
)

CHUNK = 25_000  # records per imported file: about 34 MB, well under the importer's 100 MB
USER = "benchmark"


def add_gazetteer(engine: Engine, extension: dict[str, Any]) -> int:
    """Insert the extension's areas, localities, districts and sectors; rows already there are kept."""
    added = 0
    with transaction(engine) as session:
        for area in extension["areas"]:
            if session.get(Area, area["id"]) is None:
                session.add(Area(id=area["id"], name=area["name"]))
                added += 1
        session.flush()
        for loc in extension["localities"]:
            if loc.get("builtin") or session.get(Locality, loc["name"]) is not None:
                continue
            session.add(
                Locality(
                    name=loc["name"],
                    area_id=loc["area"],
                    latitude=loc["lat"],
                    longitude=loc["lon"],
                    aliases=list(loc["aliases"]),
                )
            )
            added += 1
        for district in extension["districts"]:
            if session.get(PostcodeArea, district["district"]) is None:
                session.add(
                    PostcodeArea(
                        code=district["district"],
                        level="district",
                        name=district["name"],
                        in_borough=district["in_borough"],
                        latitude=district["lat"],
                        longitude=district["lon"],
                    )
                )
                added += 1
        for sector in extension["sectors"]:
            if session.get(PostcodeArea, sector["sector"]) is None:
                session.add(
                    PostcodeArea(
                        code=sector["sector"],
                        level="sector",
                        locality=sector["locality"],
                        latitude=sector["lat"],
                        longitude=sector["lon"],
                    )
                )
                added += 1
    return added


def _remove_database(path: Path) -> None:
    """The SQLite file, its journal files and the search index saved beside it."""
    for suffix in ("", "-wal", "-shm", ".index"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_database(
    db_path: str | Path,
    size: int,
    seed: int = DEFAULT_SEED,
    *,
    chunk: int = CHUNK,
    replace: bool = False,
    timings: dict[str, float] | None = None,
) -> Directory:
    """A Directory on a new database holding the synthetic gazetteer and `size` generated assets.

    `timings`, when given, is filled with seconds per phase: gazetteer (opening the database and
    adding the places), generate (drawing records and writing chunk files), import, total.
    The caller closes the Directory.
    """
    path = Path(db_path)
    if path.exists():
        if not replace:
            raise FileExistsError(f"{path} already exists; pass replace=True (--replace) to rebuild it")
        _remove_database(path)
    times = timings if timings is not None else {}
    started = time.perf_counter()
    settings = Settings.resolve(str(path), online=False)
    with tempfile.TemporaryDirectory(prefix="asset-map-bench-") as tmp:
        empty = Path(tmp) / "empty.json"  # open without the sample directory
        empty.write_text(json.dumps({"format": FORMAT, "version": VERSION, "assets": []}), encoding="utf-8")
        directory = Directory.open(settings, seed=empty)
        add_gazetteer(directory.engine, gazetteer_extension())
        directory.close()
        directory = Directory.open(settings, seed=empty)  # now its gazetteer has the new places
        times["gazetteer"] = time.perf_counter() - started
        times["generate"] = times["import"] = 0.0
        records = iter_records(size, seed)
        for number in itertools.count():
            t0 = time.perf_counter()
            batch = list(itertools.islice(records, max(chunk, 1)))
            if not batch:
                break
            part = Path(tmp) / f"part{number}.json"
            document = {"format": FORMAT, "version": VERSION, "notice": notice(seed), "assets": batch}
            part.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            t1 = time.perf_counter()
            directory.import_file(part, user=USER)
            part.unlink()
            times["generate"] += t1 - t0
            times["import"] += time.perf_counter() - t1
    times["total"] = time.perf_counter() - started
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of assets")
    parser.add_argument("--db", type=Path, required=True, help="SQLite file to create")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--chunk", type=int, default=CHUNK, help="records per imported file")
    parser.add_argument("--replace", action="store_true", help="delete the database first if it exists")
    args = parser.parse_args(argv)
    timings: dict[str, float] = {}
    try:
        directory = build_database(
            args.db, args.size, args.seed, chunk=args.chunk, replace=args.replace, timings=timings
        )
    except FileExistsError as exc:
        print(f"load.py: {exc}", file=sys.stderr)
        return 1
    count = len(directory.index)
    directory.close()
    print(
        f"{count} assets in {args.db}: gazetteer {timings['gazetteer']:.1f} s, "
        f"generate {timings['generate']:.1f} s, "
        f"import {timings['import']:.1f} s ({args.size / max(timings['import'], 1e-9):.0f} assets/s), "
        f"total {timings['total']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
