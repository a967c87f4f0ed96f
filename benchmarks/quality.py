"""Search quality over judged sets: success@5, MRR and nDCG@10, per set.

Each judged query names the entries a practitioner would expect near the top ("expected",
grade 2; any one of them counts) and, for the sets from real directories, those that would
do ("acceptable", grade 1). Per set:

- success@5: the share of queries with an expected entry in the top 5;
- MRR: the mean over queries of 1 / rank of the first expected entry in the top 10 (0 if none);
- nDCG@10: the discounted cumulative gain of the top 10, gain 2**grade - 1 (3 for expected,
  1 for acceptable, 0 otherwise) over log2(rank + 1), divided by the gain of the best order
  of the query's judged entries; averaged over queries.

The sets:

- ``thurrock``: tests/data/judged_queries.json, the 74 queries over a fresh copy of
  seed_assets.json (entries named by their name);
- ``bristol/tune``, ``bristol/check``, ``northlincs/…``, ``miami/…``:
  tests/data/judged_feeds/*.json, queries over the real Open Referral feeds in
  ../shared/feeds, each imported into a fresh, empty directory through the app's own import
  (``import_hsds``, what ``asset-map import`` runs), entries named by the feed's own id. The
  search may be tuned on the ``tune`` halves; the ``check`` halves are only for checking; the
  ``held`` sets were written after the second part's tuning and committed before they were
  first run (then tuned on in the third part), the ``held2`` sets likewise after the third's
  (tuned on in the fourth), the ``held3`` sets after the fourth's (tuned on in the fifth), the
  ``held4`` sets after the fifth's (tuned on in the fifth), the ``held5`` sets after the sixth's
  general changes (tuned on in the sixth), the ``held6`` sets after that tuning.

    python benchmarks/quality.py                       # every set
    python benchmarks/quality.py --sets thurrock       # the Thurrock set alone (no feed imported)
    python benchmarks/quality.py --sets bristol check  # both Bristol halves and every check half
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, select

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.search.query import SearchResult

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "tests" / "data" / "judged_queries.json"
JUDGED_FEEDS = ROOT / "tests" / "data" / "judged_feeds"
FEEDS = ROOT.parent / "shared" / "feeds"
SEED = ROOT / "seed_assets.json"
FIXED_NOW = datetime(2026, 11, 23, 9, 30)  # a Monday morning, as in the tests
TOP = 5
DEPTH = 10
SHOWN_EXPECTED = 8  # a failure lists at most this many of the expected names
USER = "quality benchmark"
# the held sets: written after a part's tuning
HALVES = ("tune", "check", "held", "held2", "held3", "held4", "held5", "held6")

Grades = dict[str, int]  # an entry's key (its name, or the feed's id for it) -> 2 expected, 1 acceptable
KeyOf = Callable[[SearchResult], str]


@dataclass(frozen=True)
class Failure:
    """A judged query whose expected entries were not in the top 5."""

    query: dict[str, Any]
    rank: int | None  # of the first expected entry within the top 10, else None
    got: tuple[str, ...]  # the top 10 names returned
    corrections: dict[str, str]

    @property
    def label(self) -> str:
        return describe(self.query)


@dataclass(frozen=True)
class Scores:
    """One set's figures, and the queries that missed the top 5."""

    label: str
    queries: int
    success: float
    mrr: float
    ndcg: float
    failures: list[Failure] = field(default_factory=list)


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


def load_feed_judged(path: Path) -> dict[str, Any]:
    """A judged feed file: its "about", its feed's path under ../shared/feeds and its queries."""
    return json.loads(path.read_text(encoding="utf-8"))


def judged_feed_files(folder: Path = JUDGED_FEEDS) -> list[Path]:
    return sorted(folder.glob("*.json"))


def _key(item: str | dict[str, Any]) -> str:
    """An expected entry as the Thurrock set names it (a name) or a feed set does ({id, name})."""
    return item if isinstance(item, str) else str(item["id"])


def _name(item: str | dict[str, Any]) -> str:
    return item if isinstance(item, str) else str(item["name"])


def grades_of(query: dict[str, Any]) -> Grades:
    grades = {_key(item): 1 for item in query.get("acceptable", ())}
    grades.update({_key(item): 2 for item in query["expected"]})
    return grades


def search_judged(
    directory: Directory, query: dict[str, Any], limit: int = DEPTH
) -> tuple[list[SearchResult], dict[str, str]]:
    """The top results for one judged query, and the corrections made."""
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
    return list(outcome.results), dict(outcome.corrections)


def run_judged(
    directory: Directory, query: dict[str, Any], limit: int = DEPTH
) -> tuple[list[str], dict[str, str]]:
    """The names of the top results for one judged query, and the corrections made."""
    results, corrections = search_judged(directory, query, limit)
    return [r.name for r in results], corrections


def ndcg(got: Sequence[int], judged: Sequence[int], depth: int = DEPTH) -> float:
    """nDCG@depth of the grades in the order returned, against the best order of the judged grades."""

    def dcg(grades: Sequence[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 1) for i, g in enumerate(grades[:depth], start=1))

    ideal = dcg(sorted(judged, reverse=True))
    return dcg(got) / ideal if ideal else 0.0


def score(directory: Directory, queries: Sequence[dict[str, Any]], key_of: KeyOf, label: str = "") -> Scores:
    """success@5, MRR over the top 10 and nDCG@10 of one set of judged queries."""
    if not queries:
        raise ValueError("the judged set is empty")
    hits = 0
    reciprocal = gain = 0.0
    failures: list[Failure] = []
    for query in queries:
        results, corrections = search_judged(directory, query)
        grades = grades_of(query)
        got = [grades.get(key_of(r), 0) for r in results]
        rank = next((i for i, g in enumerate(got, start=1) if g == 2), None)
        if rank is not None:
            reciprocal += 1.0 / rank
        if rank is not None and rank <= TOP:
            hits += 1
        else:
            failures.append(Failure(query, rank, tuple(r.name for r in results), corrections))
        gain += ndcg(got, list(grades.values()))
    n = len(queries)
    return Scores(label, n, hits / n, reciprocal / n, gain / n, failures)


def by_name(result: SearchResult) -> str:
    return result.name


def evaluate(
    directory: Directory, judged: list[dict[str, Any]] | dict[str, Any]
) -> tuple[float, float, list[Failure]]:
    """(success@5, mean reciprocal rank over the top 10, the queries that missed the top 5),
    entries named by their names (the Thurrock set)."""
    queries = judged["queries"] if isinstance(judged, dict) else judged
    scores = score(directory, queries, by_name)
    return scores.success, scores.mrr, scores.failures


def format_failures(failures: list[Failure]) -> str:
    """A plain-text table: the query, where the first expected entry came, and what came first."""
    if not failures:
        return "every judged query has an expected entry in the top 5"
    lines = [f"{'query':<44} {'rank':>4}  top 5 returned (expected: any of)"]
    for f in failures:
        rank = str(f.rank) if f.rank else "-"
        fixes = f"  [corrected {f.corrections}]" if f.corrections else ""
        lines.append(f"{f.label[:44]:<44} {rank:>4}  {' | '.join(f.got[:TOP]) or '(nothing)'}{fixes}")
        names = list(dict.fromkeys(_name(item) for item in f.query["expected"]))
        more = f" (+{len(names) - SHOWN_EXPECTED} more)" if len(names) > SHOWN_EXPECTED else ""
        lines.append(f"{'':<44} {'':>4}  expected: {' | '.join(names[:SHOWN_EXPECTED])}{more}")
    return "\n".join(lines)


def open_sample(db_path: Path, seed: Path = SEED) -> Directory:
    """A Directory on a new database seeded from the sample directory, with the clock fixed."""
    directory = Directory.open(Settings(db_url=f"sqlite:///{db_path}", online_geocoding=False), seed=seed)
    directory.clock = lambda: FIXED_NOW
    return directory


def open_feed(folder: Path, feed: Path, name: str) -> tuple[Directory, dict[str, str]]:
    """A fresh, empty directory with `feed` imported through the app's own Open Referral import
    (then closed and opened again, as `asset-map import` then `asset-map search` would), the
    clock fixed; and the feed's id for each imported entry (by the entry's id)."""
    from asset_map.directory.hsds_import import import_hsds
    from asset_map.interop.directory_file import directory_document, write_json_atomically
    from asset_map.store.sources import AssetSource

    empty = folder / "empty.json"
    write_json_atomically(empty, directory_document([]))
    settings = Settings(db_url=f"sqlite:///{folder / (name + '.db')}", online_geocoding=False)
    directory = Directory.open(settings, seed=empty)
    try:
        import_hsds(directory, feed, user=USER, feed=name)
    finally:
        directory.close()
    directory = Directory.open(settings, seed=empty)
    directory.clock = lambda: FIXED_NOW
    with Session(directory.engine) as session:
        links = session.exec(select(AssetSource).where(AssetSource.feed == name)).all()
        source_ids = {str(link.asset_id): link.source_id for link in links}
    return directory, source_ids


def feed_sets(
    judged: dict[str, Any], directory: Directory, source_ids: dict[str, str], name: str
) -> list[Scores]:
    """The tune, check and held sets of one feed's judged queries, scored."""

    def key_of(result: SearchResult) -> str:
        return source_ids.get(str(result.id), "")

    out = []
    for half in HALVES:
        queries = [q for q in judged["queries"] if q["set"] == half]
        if queries:
            out.append(score(directory, queries, key_of, f"{name}/{half}"))
    return out


def wanted(label: str, tokens: Sequence[str]) -> bool:
    """Whether a set ("thurrock", "bristol/tune"…) is asked for: by its whole label, its feed or its half."""
    return not tokens or any(t in (label, *label.split("/")) for t in tokens)


def pooled(label: str, parts: Sequence[Scores]) -> Scores:
    """Several sets taken as one (means over all their queries)."""
    n = sum(p.queries for p in parts)
    return Scores(
        label,
        n,
        sum(p.success * p.queries for p in parts) / n,
        sum(p.mrr * p.queries for p in parts) / n,
        sum(p.ndcg * p.queries for p in parts) / n,
        [f for p in parts for f in p.failures],
    )


def format_table(rows: Sequence[Scores]) -> str:
    lines = [f"{'set':<20} {'queries':>7} {'success@5':>9} {'MRR':>6} {'nDCG@10':>7}"]
    lines += [f"{r.label:<20} {r.queries:>7} {r.success:>9.3f} {r.mrr:>6.3f} {r.ndcg:>7.3f}" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search quality over the judged sets, per set.")
    parser.add_argument(
        "--sets",
        nargs="*",
        default=[],
        metavar="SET",
        help="sets to run: thurrock, a feed (bristol, northlincs, miami), a half (tune, check, held, "
        "held2, held3, held4, held5, held6) or both (miami/check); default: all",
    )
    parser.add_argument("--feeds", type=Path, default=FEEDS, help=f"the feeds folder (default: {FEEDS})")
    args = parser.parse_args(argv)
    tokens = [t for token in args.sets for t in token.replace(",", " ").split()]

    results: list[Scores] = []
    problems = 0
    with tempfile.TemporaryDirectory(prefix="asset-map-quality-") as tmp:
        if wanted("thurrock", tokens):
            directory = open_sample(Path(tmp) / "quality.db")
            try:
                judged = load_judged()
                thurrock = score(directory, judged, by_name, "thurrock")
            finally:
                directory.close()
            results.append(thurrock)
            print(f"{len(judged)} judged queries: success@5 {thurrock.success:.3f}, MRR {thurrock.mrr:.3f}")
            print(format_failures(thurrock.failures))
        for path in judged_feed_files():
            name = path.stem
            if not any(wanted(f"{name}/{half}", tokens) for half in HALVES):
                continue
            judged_feed = load_feed_judged(path)
            feed = args.feeds / judged_feed["feed"]
            folder = Path(tmp) / name
            folder.mkdir()
            try:
                directory, source_ids = open_feed(folder, feed, name)
            except Exception as exc:  # a feed that does not import is reported, the others still run
                problems += 1
                print(f"\n{name}: could not import {feed}: {type(exc).__name__}: {exc}")
                continue
            try:
                for scores in feed_sets(judged_feed, directory, source_ids, name):
                    if not wanted(scores.label, tokens):
                        continue
                    results.append(scores)
                    print(
                        f"\n{scores.label}: {scores.queries} judged queries over {len(source_ids)} entries: "
                        f"success@5 {scores.success:.3f}, MRR {scores.mrr:.3f}, nDCG@10 {scores.ndcg:.3f}"
                    )
                    print(format_failures(scores.failures))
            finally:
                directory.close()
    for half in HALVES:
        parts = [r for r in results if r.label.endswith(f"/{half}")]
        if len(parts) > 1:
            results.append(pooled(f"all feeds/{half}", parts))
    print()
    print(format_table(results))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
