"""Every ranked result of many queries, written one query a line, to compare two versions of
the search: a change made for speed alone must leave the file the same byte for byte.

    python benchmarks/results_dump.py OUT [--db /tmp/asset-map-bench/bench-10000.db]
    cmp before.jsonl after.jsonl

The queries: the benchmark's mix (benchmarks/queries.py) as given, with and without typing,
and typed letter by letter, over a generated directory (--db; omitted, this part is
skipped); then the judged queries (benchmarks/quality.py), typed and not, over the sample
directory and each real feed imported as quality.py imports it. Each line holds the top 50
ids (the feed's own ids for a feed; names for the sample), their scores, why each was found
and its distance, with the total, the corrections and the notes. The clock is fixed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.search.query import SearchResult
from benchmarks import quality
from benchmarks.queries import QUERIES

TOP = 50


def dump(
    directory: Directory,
    out: TextIO,
    text: str,
    key: Callable[[SearchResult], str] = lambda r: str(r.id),
    **words: Any,
) -> None:
    outcome = directory.search(directory.make_query(text, limit=TOP, **words))
    line = {
        "text": text,
        "words": {k: v for k, v in words.items() if v},
        "total": outcome.total,
        "corrections": outcome.corrections,
        "closed_hidden": outcome.closed_hidden,
        "notes": outcome.notes,
        "results": [[key(r), r.score, list(r.why), r.distance_km] for r in outcome.results],
    }
    out.write(json.dumps(line, sort_keys=True) + "\n")


def generated(db: Path, out: TextIO) -> None:
    directory = Directory.open(Settings.resolve(str(db)))
    directory.clock = lambda: quality.FIXED_NOW
    try:
        for q in QUERIES:
            words = q.make_query_args()
            dump(directory, out, q.text, **words)
            dump(directory, out, q.text, **(words | {"typing": not words["typing"]}))
            for end in range(1, len(q.text)):  # typed letter by letter
                dump(directory, out, q.text[:end], **(words | {"typing": True}))
    finally:
        directory.close()


def by_feed_id(source_ids: dict[str, str]) -> Callable[[SearchResult], str]:
    """A result named by the feed's own id for it."""

    def key(result: SearchResult) -> str:
        return source_ids.get(str(result.id), str(result.id))

    return key


def judged(out: TextIO, feeds: Path) -> None:
    def ask(
        directory: Directory, queries: Sequence[dict[str, Any]], key: Callable[[SearchResult], str]
    ) -> None:
        for q in queries:
            for typing in (False, True):
                dump(
                    directory,
                    out,
                    q["text"],
                    key,
                    near=q.get("near"),
                    radius_km=q.get("radius_km"),
                    needs=q.get("needs", ()),
                    kinds=q.get("kinds", ()),
                    typing=typing or q.get("typing", False),
                )

    with tempfile.TemporaryDirectory(prefix="asset-map-results-") as tmp:
        directory = quality.open_sample(Path(tmp) / "sample.db")
        try:
            ask(directory, quality.load_judged(), quality.by_name)
        finally:
            directory.close()
        for path in quality.judged_feed_files():
            judged_feed = quality.load_feed_judged(path)
            folder = Path(tmp) / path.stem
            folder.mkdir()
            directory, source_ids = quality.open_feed(folder, feeds / judged_feed["feed"], path.stem)
            try:
                ask(directory, judged_feed["queries"], by_feed_id(source_ids))
            finally:
                directory.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path, help="a generated directory (benchmarks/search.py makes them)")
    parser.add_argument("--feeds", type=Path, default=quality.FEEDS)
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as out:
        if args.db:
            generated(args.db, out)
        judged(out, args.feeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
