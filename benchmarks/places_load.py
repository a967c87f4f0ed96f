"""A whole country's postcodes: `asset-map places load` on a 2.7 million-row NSPL file.

    python benchmarks/places_load.py                  # 2,700,000 rows
    python benchmarks/places_load.py --rows 100000    # a smaller run
    python benchmarks/places_load.py --dir /tmp/pl    # keep the file and databases there

Generates (seeded) a file in the NSPL 2021 layout — 35 columns as ONS publish them, sorted by
postcode, about a third of the rows terminated, 1 % without a grid reference, a few bad rows —
into a temporary folder (never into the repository), then measures, each in a fresh child
process so that its peak memory (VmHWM) is its own:

- **baseline**: plain `csv.reader` over the same file, counting rows (reading it and nothing
  else: the floor for any loader);
- **load**: `load_places` into a fresh directory database (one transaction, as the command);
- **look-ups**: `Gazetteer.resolve` of full postcodes, sectors, districts and built-in names,
  with the 2.7 M postcodes loaded and with Thurrock only, through the opened directory and
  through the first screen's finder (store/peek.py), and that finder's opening time.

The targets (issue 16): within 5 minutes, under 500 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search import peak_rss_mb, percentile

DEFAULT_ROWS = 2_700_000
DEFAULT_SEED = 16
LOOKUPS = 2_000  # full postcodes resolved per run

HEADER = (
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,"
    "nhser,ctry,rgn,pcon,ttwa,itl,npark,lsoa21,msoa21,wz11,sicbl,bua22,ru11ind,oac11,lat,long,"
    "lep1,lep2,pfa,imd,icb"
)
AREAS = " ".join(  # the postcode areas of the UK
    (
        "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT",
        "DY E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL",
        "LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL",
        "SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE",
    )
).split()
UNITS = [a + b for a in "ABDEFGHJLNPQRSTUWXYZ" for b in "ABDEFGHJLNPQRSTUWXYZ"]


# ---------------------------------------------------------------- the file


def _codes(rng: random.Random) -> tuple[str, str, str, str]:
    """Some of the codes a row carries (9 characters, as ONS's GSS codes)."""
    return tuple(f"{p}{rng.randrange(10**8):08d}" for p in ("E0", "E1", "E0", "E0"))  # type: ignore[return-value]


def generate(path: Path, rows: int, seed: int) -> dict[str, int]:
    """Write `rows` rows in the NSPL 2021 layout, sorted by postcode; return what is in it."""
    rng = random.Random(seed)
    districts = {area: rng.randint(8, 40) for area in AREAS}
    possible = sum(districts.values()) * 10 * len(UNITS)
    keep = min(1.0, rows / possible * 1.02)  # a little over: the last postcodes are not written
    made = {"rows": 0, "live": 0, "terminated": 0, "no_grid": 0, "bad": 0}
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for area in sorted(AREAS):
            for district in sorted(range(1, districts[area] + 1), key=str):
                centre = (rng.uniform(50.2, 57.5), rng.uniform(-5.5, 1.6))
                for sector in range(10):
                    for unit in UNITS:
                        if made["rows"] >= rows or rng.random() > keep:
                            continue
                        code = f"{area}{district} {sector}{unit}"
                        seven = f"{area}{district:<{4 - len(area)}}{sector}{unit}"[:7]
                        roll = rng.random()
                        doterm, lat, lon = "", centre[0] + rng.gauss(0, 0.03), centre[1] + rng.gauss(0, 0.05)
                        if roll < 0.30:
                            doterm, made["terminated"] = (
                                f"{rng.randint(1990, 2024)}06",
                                made["terminated"] + 1,
                            )
                        elif roll < 0.31:
                            made["no_grid"] += 1
                        elif roll < 0.31001:
                            made["bad"] += 1
                        else:
                            made["live"] += 1
                        lat_text, lon_text = f"{lat:.6f}", f"{lon:.6f}"
                        if 0.30 <= roll < 0.31:
                            lat_text, lon_text = "99.999999", "0.000000"
                        elif 0.31 <= roll < 0.31001:
                            lat_text = "n/a"
                        oa, lsoa, msoa, ward = _codes(rng)
                        east, north = rng.randint(100000, 600000), rng.randint(10000, 999999)
                        out.write(
                            f'"{seven}","{code:<8}","{code}","198001","{doterm}","0","{east}","{north:07d}",'
                            f'"1","{oa}","E99999999","E99999999","E06000034","{ward}","E40000007",'
                            f'"E92000001","E12000006","E14000996","E30000246","E06000034","E99999999",'
                            f'"{lsoa}","{msoa}","E33000001","E38000185","E63000001","C1","4B2",'
                            f"{lat_text},{lon_text},"
                            f'"E37000017","","E23000032",{rng.randint(1, 32844)},"E54000026"\r\n'
                        )
                        made["rows"] += 1
    return made


# ---------------------------------------------------------------- children


def child_baseline(file: Path) -> dict[str, Any]:
    """Plain csv.reader over the file: the floor for reading it."""
    import csv

    began = time.perf_counter()
    with file.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    return {"seconds": time.perf_counter() - began, "rows": rows, "peak_mb": peak_rss_mb()}


def _open(db: Path) -> Any:
    from asset_map.config import Settings
    from asset_map.directory.facade import Directory

    seed = db.with_suffix(".seed.json")
    seed.write_text(json.dumps({"format": "asset-map/directory", "version": 1, "assets": []}))
    return Directory.open(Settings(db_url=f"sqlite:///{db}", online_geocoding=False), seed=seed)


def child_load(file: Path, db: Path) -> dict[str, Any]:
    from asset_map.directory.place_files import load_places

    began = time.perf_counter()
    directory = _open(db)
    opened = time.perf_counter()
    report = load_places(directory, file)
    loaded = time.perf_counter()
    directory.close()
    return {
        "seconds": loaded - opened,
        "open_seconds": opened - began,
        "rows": report.rows,
        "postcodes": report.postcodes,
        "terminated": report.terminated,
        "no_grid": report.no_grid,
        "bad": report.bad,
        "problems": report.problems[:3],
        "peak_mb": peak_rss_mb(),
        "db_mb": db.stat().st_size / 1e6,
    }


def _timed(resolve: Any, queries: list[str]) -> dict[str, float]:
    samples = []
    for query in queries:
        began = time.perf_counter()
        resolve(query)
        samples.append((time.perf_counter() - began) * 1e6)
    return {"p50_us": percentile(samples, 50), "p95_us": percentile(samples, 95), "max_us": max(samples)}


def child_lookup(db: Path, codes_file: Path) -> dict[str, Any]:
    """Look-ups through the opened directory and through the first screen's finder."""
    from asset_map.config import Settings
    from asset_map.directory.finder import open_finder
    from asset_map.places import PlaceNotFound

    codes = json.loads(codes_file.read_text())
    settings = Settings(db_url=f"sqlite:///{db}", online_geocoding=False)
    began = time.perf_counter()
    finder = open_finder(settings)
    finder_seconds = time.perf_counter() - began
    directory = _open(db)

    def resolving(gazetteer: Any) -> Any:
        def resolve(text: str) -> None:
            with contextlib.suppress(PlaceNotFound):
                gazetteer.resolve(text)

        return resolve

    found = 0
    for code in codes["postcodes"][:200]:
        with contextlib.suppress(PlaceNotFound):
            found += directory.gazetteer.resolve(code).precision == "postcode"
    result: dict[str, Any] = {"finder_open_s": finder_seconds, "full_postcodes_with_own_point": found}
    for via, gazetteer in (("directory", directory.gazetteer), ("first screen", finder and finder.gazetteer)):
        if gazetteer is None:
            continue
        resolve = resolving(gazetteer)
        for query in [*codes["postcodes"][:50], "Tilbury", "RM18 7"]:  # warm the page cache
            resolve(query)
        result[via] = {
            "full postcode": _timed(resolve, codes["postcodes"]),
            "sector": _timed(resolve, codes["sectors"]),
            "district": _timed(resolve, codes["districts"]),
            "Thurrock postcode": _timed(resolve, ["RM18 7NR", "RM17 6SL", "SS17 0AA", "RM16 2XX"] * 50),
            "built-in name": _timed(resolve, ["Tilbury", "S Ockendon", "Grays", "tilbry"] * 50),
        }
    directory.close()
    result["peak_mb"] = peak_rss_mb()
    return result


def _child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# ---------------------------------------------------------------- the run


def _queries(file: Path, seed: int) -> dict[str, list[str]]:
    """Full postcodes that are live in the file, and sectors and districts outside Thurrock."""
    import csv

    rng = random.Random(seed + 1)
    live: list[str] = []
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if not row[4] and row[28] not in ("99.999999", "n/a") and rng.random() < 0.01:
                live.append(row[2])
    rng.shuffle(live)
    postcodes = (live * (LOOKUPS // max(len(live), 1) + 1))[:LOOKUPS]
    sectors = [code[:-2] for code in postcodes[:200]]
    districts = [code.split()[0] for code in postcodes[:200]]
    return {"postcodes": postcodes, "sectors": sectors, "districts": districts}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--dir", type=Path, help="keep the file and databases here (default: a temporary folder)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *paths = args.child
        runs: dict[str, Callable[..., dict[str, Any]]] = {
            "baseline": child_baseline,
            "load": child_load,
            "lookup": child_lookup,
        }
        print(json.dumps(runs[kind](*(Path(p) for p in paths))))
        return

    folder = args.dir or Path(tempfile.mkdtemp(prefix="asset-map-places-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        file = folder / "NSPL_BENCH_UK.csv"
        began = time.perf_counter()
        made = generate(file, args.rows, args.seed)
        size = file.stat().st_size / 1e6
        print(f"generated {file} ({size:,.0f} MB) in {time.perf_counter() - began:.0f} s: {made}")
        codes = folder / "queries.json"
        codes.write_text(json.dumps(_queries(file, args.seed)))

        baseline = _child("baseline", str(file))
        print(f"baseline csv.reader: {baseline}")
        loaded_db, thurrock_db = folder / "loaded.db", folder / "thurrock.db"
        for db in (loaded_db, thurrock_db):
            for extra in folder.glob(db.name + "*"):
                extra.unlink()
        load = _child("load", str(file), str(loaded_db))
        print(f"load: {json.dumps(load)}")
        empty = folder / "empty.csv"
        empty.write_text(HEADER + "\r\n")
        _child("load", str(empty), str(thurrock_db))  # the same steps, nothing in the file
        with_all = _child("lookup", str(loaded_db), str(codes))
        thurrock = _child("lookup", str(thurrock_db), str(codes))
        print(json.dumps({"machine": _machine(), "rows": args.rows, "seed": args.seed}))
        print(
            f"\nload {load['seconds']:.1f} s (baseline {baseline['seconds']:.1f} s, "
            f"{load['seconds'] / baseline['seconds']:.1f}×), peak {load['peak_mb']:.0f} MB "
            f"(baseline {baseline['peak_mb']:.0f} MB), database {load['db_mb']:.0f} MB"
        )
        print("\nlook-ups, µs p50 / p95 (2.7 M loaded | Thurrock only):")
        for via in ("directory", "first screen"):
            for what in with_all.get(via, {}):
                a, b = with_all[via][what], thurrock.get(via, {}).get(what)
                other = f"{b['p50_us']:.0f} / {b['p95_us']:.0f}" if b else "—"
                print(f"  {via:<12} {what:<18} {a['p50_us']:7.0f} / {a['p95_us']:7.0f}   |  {other}")
        print(
            f"\nfirst screen's finder opened in {with_all['finder_open_s'] * 1000:.0f} ms "
            f"(Thurrock only: {thurrock['finder_open_s'] * 1000:.0f} ms); "
            f"{with_all['full_postcodes_with_own_point']} of 200 sampled full postcodes answered "
            "with their own point"
        )
        print(
            json.dumps(
                {"baseline": baseline, "load": load, "lookup_loaded": with_all, "lookup_thurrock": thurrock}
            )
        )
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)


def _machine() -> str:
    system = f"{platform.system()} {platform.release()}"
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {system}"


if __name__ == "__main__":
    main()
