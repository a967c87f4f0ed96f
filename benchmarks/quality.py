"""Search quality over the judged set (tests/data/judged_queries.json): success@5 and MRR.

Each judged query names the assets a practitioner would expect near the top; any one of them
counts. success@5: the share of queries with an expected asset in the top 5. Mean reciprocal
rank: the mean over queries of 1 / rank of the first expected asset in the top 10 (0 if none).

    python benchmarks/quality.py            # on a fresh copy of seed_assets.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asset_map.config import Settings
from asset_map.directory.facade import Directory

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "tests" / "data" / "judged_queries.json"
SEED = ROOT / "seed_assets.json"
FIXED_NOW = datetime(2026, 11, 23, 9, 30)  # a Monday morning, as in the tests
TOP = 5
DEPTH = 10


@dataclass(frozen=True)
class Failure:
    """A judged query whose expected assets were not in the top 5."""

    query: dict[str, Any]
    rank: int | None  # of the first expected asset within the top 10, else None
    got: tuple[str, ...]  # the top 10 names returned
    corrections: dict[str, str]

    @property
    def label(self) -> str:
        return describe(self.query)


def describe(query: dict[str, Any]) -> str:
    parts = [repr(query["text"])]
    if query.get("near"):
        radius = query.get("radius_km")
        parts.append(f"near {query['near']}" + (f" {radius:g} km" if radius else ""))
    for need in query.get("needs", ()):
        parts.append(f"need {need}")
    if query.get("typing"):
        parts.append("(typing)")
    return " ".join(parts)


def load_judged(path: Path = JUDGED) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def run_judged(
    directory: Directory, query: dict[str, Any], limit: int = DEPTH
) -> tuple[list[str], dict[str, str]]:
    """The names of the top results for one judged query, and the corrections made."""
    built = directory.make_query(
        query["text"],
        near=query.get("near"),
        radius_km=query.get("radius_km"),
        needs=query.get("needs", ()),
        kinds=query.get("kinds", ()),
        typing=query.get("typing", False),
        limit=limit,
    )
    outcome = directory.search(built)
    return [r.name for r in outcome.results], dict(outcome.corrections)


def evaluate(
    directory: Directory, judged: list[dict[str, Any]] | dict[str, Any]
) -> tuple[float, float, list[Failure]]:
    """(success@5, mean reciprocal rank over the top 10, the queries that missed the top 5)."""
    queries = judged["queries"] if isinstance(judged, dict) else judged
    if not queries:
        raise ValueError("the judged set is empty")
    hits = 0
    reciprocal = 0.0
    failures: list[Failure] = []
    for query in queries:
        names, corrections = run_judged(directory, query)
        expected = set(query["expected"])
        rank = next((i for i, name in enumerate(names, start=1) if name in expected), None)
        if rank is not None:
            reciprocal += 1.0 / rank
        if rank is not None and rank <= TOP:
            hits += 1
        else:
            failures.append(Failure(query, rank, tuple(names), corrections))
    return hits / len(queries), reciprocal / len(queries), failures


def format_failures(failures: list[Failure]) -> str:
    """A plain-text table: the query, where the first expected asset came, and what came first."""
    if not failures:
        return "every judged query has an expected asset in the top 5"
    lines = [f"{'query':<44} {'rank':>4}  top 5 returned (expected: any of)"]
    for f in failures:
        rank = str(f.rank) if f.rank else "-"
        fixes = f"  [corrected {f.corrections}]" if f.corrections else ""
        lines.append(f"{f.label[:44]:<44} {rank:>4}  {' | '.join(f.got[:TOP]) or '(nothing)'}{fixes}")
        lines.append(f"{'':<44} {'':>4}  expected: {' | '.join(f.query['expected'])}")
    return "\n".join(lines)


def open_sample(db_path: Path, seed: Path = SEED) -> Directory:
    """A Directory on a new database seeded from the sample directory, with the clock fixed."""
    directory = Directory.open(Settings(db_url=f"sqlite:///{db_path}", online_geocoding=False), seed=seed)
    directory.clock = lambda: FIXED_NOW
    return directory


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="asset-map-quality-") as tmp:
        directory = open_sample(Path(tmp) / "quality.db")
        try:
            judged = load_judged()
            success, mrr, failures = evaluate(directory, judged)
        finally:
            directory.close()
    print(f"{len(judged)} judged queries: success@5 {success:.3f}, MRR {mrr:.3f}")
    print(format_failures(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
