"""The judged sets from real directories (tests/data/judged_feeds) are well formed.

Each file judges queries over one real Open Referral feed in ../shared/feeds: every expected or
acceptable record must be a record of that feed, named by the feed's own id and name (the one
the import keeps when a feed gives an id twice), every need a need of asset_map/data/needs.json,
every query in the "tune", "check", "held", "held2", "held3", "held4", "held5" or "held6" set (the held
sets: written and judged after a part's tuning, committed before they were first run), no
query (its words and needs) asked twice of a feed, and at least 100 queries in all. No search
is run here: the figures are benchmarks/quality.py's.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from benchmarks.quality import FEEDS, JUDGED_FEEDS, judged_feed_files, load_feed_judged, ndcg, wanted

NEEDS = Path(__file__).parents[1] / "asset_map" / "data" / "needs.json"
CATEGORIES = {"plain", "synonym", "typo", "prefix", "need", "place"}
SETS = {"tune", "check", "held", "held2", "held3", "held4", "held5", "held6"}
MIN_QUERIES = 100


def files() -> list[Path]:
    found = judged_feed_files()
    assert found, f"no judged feed files in {JUDGED_FEEDS}"
    return found


def feeds_or_skip() -> Path:
    if not (FEEDS / "README.md").is_file():
        pytest.skip(f"the real feeds are not in {FEEDS} (the shared 'feeds' folder)")
    return FEEDS


@cache
def records(feed: str) -> dict[str, str]:
    """The feed's service ids and names, in its own order; an id given twice keeps its first
    record (the import leaves the later one out, naming it)."""
    path = feeds_or_skip() / feed
    if path.is_dir():
        table = next(path.rglob("services.csv"))
        with table.open(encoding="utf-8", newline="") as handle:
            rows: list[dict[str, Any]] = list(csv.DictReader(handle))
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data if isinstance(data, list) else data["content"]
    kept: dict[str, str] = {}
    for row in rows:
        kept.setdefault(str(row["id"]), str(row["name"]))
    return kept


def test_at_least_100_queries_over_the_three_feeds() -> None:
    counts = {path.stem: len(load_feed_judged(path)["queries"]) for path in files()}
    assert sum(counts.values()) >= MIN_QUERIES, counts
    assert set(counts) >= {"bristol", "northlincs", "miami"}


@pytest.mark.parametrize("path", files(), ids=lambda p: p.stem)
def test_queries_are_well_formed(path: Path) -> None:
    judged = load_feed_judged(path)
    assert judged["about"] and judged["feed"]
    needs = {need["id"] for need in json.loads(NEEDS.read_text(encoding="utf-8"))["needs"]}
    queries = judged["queries"]
    for query in queries:
        assert query["text"].strip(), query
        assert query["category"] in CATEGORIES, query["text"]
        assert query["set"] in SETS, query["text"]
        assert query["note"], query["text"]
        assert query["expected"], f"{query['text']!r} expects nothing"
        assert query.get("typing", True) is True, "typing is given only when true"
        assert set(query.get("needs", ())) <= needs, f"{query['text']!r}: unknown need"
        if query["category"] == "need":
            assert query.get("needs"), f"{query['text']!r} is a need query without a need"
        if query.get("near") or query["category"] == "place":
            assert query.get("near") and query.get("radius_km"), query["text"]
        expected = {item["id"] for item in query["expected"]}
        acceptable = [item["id"] for item in query.get("acceptable", ())]
        assert len(expected) == len(query["expected"]), f"{query['text']!r}: an expected record twice"
        assert len(set(acceptable)) == len(acceptable), f"{query['text']!r}: an acceptable record twice"
        assert not expected & set(acceptable), f"{query['text']!r}: expected and acceptable at once"
    # the same words with another need chosen are another query ("help" + money, "help" + dementia)
    asked = Counter((query["text"], *sorted(query.get("needs", ())), query.get("near")) for query in queries)
    assert [key for key, n in asked.items() if n > 1] == [], "a query asked twice of the same feed"
    halves = Counter(query["set"] for query in queries)
    split = halves["tune"] + halves["check"]  # the held sets aside: about half in each
    assert min(halves["tune"], halves["check"]) >= split // 3, halves


@pytest.mark.parametrize("path", files(), ids=lambda p: p.stem)
def test_every_judged_record_is_in_its_feed(path: Path) -> None:
    judged = load_feed_judged(path)
    kept = records(judged["feed"])
    for query in judged["queries"]:
        for item in query["expected"] + query.get("acceptable", []):
            where = f"{query['text']!r}: record {item['id']} of {judged['feed']}"
            assert item["id"] in kept, f"{where} is not in the feed"
            assert kept[item["id"]] == item["name"], f"{where} is {kept[item['id']]!r}, not {item['name']!r}"


def test_ndcg_as_documented() -> None:
    """Gain 2**grade - 1 over log2(rank + 1), against the best order of the judged grades."""
    assert ndcg([2, 1], [2, 1]) == pytest.approx(1.0)
    assert ndcg([0, 2], [2]) == pytest.approx(1 / 1.584962500721156)  # log2(3)
    assert ndcg([1, 2], [2, 1]) == pytest.approx((1 + 3 / 1.584962500721156) / (3 + 1 / 1.584962500721156))
    assert ndcg([0] * 10 + [2], [2]) == 0.0  # beyond the top 10
    assert ndcg([], [2, 2]) == 0.0


def test_sets_are_chosen_by_label_feed_or_half() -> None:
    assert wanted("bristol/tune", [])
    assert wanted("bristol/tune", ["bristol"]) and wanted("bristol/tune", ["tune"])
    assert wanted("miami/check", ["miami/check"]) and not wanted("miami/check", ["miami/tune"])
    assert wanted("thurrock", ["thurrock"]) and not wanted("thurrock", ["bristol", "check"])
