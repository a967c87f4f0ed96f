"""Search quality on the sample directory: the judged queries must find what a practitioner expects.

The judged set (tests/data/judged_queries.json) lists, for each query, the assets a practitioner
would be content to see in the top 5; success@5 over the set must be at least 0.9. The metric
code is benchmarks/quality.py, which the benchmark also prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from asset_map.directory.facade import Directory
from benchmarks.quality import JUDGED, SEED, evaluate, format_failures, load_judged, open_sample

MIN_SUCCESS_AT_5 = 0.9
REQUIRED_CATEGORIES = {"typo", "synonym", "plural", "place", "hyphen", "apostrophe", "accent", "typing"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    """A fresh database seeded from seed_assets.json, the clock fixed (a Monday morning)."""
    directory = open_sample(tmp_path_factory.mktemp("quality") / "quality.db")
    yield directory
    directory.close()


def test_judged_set_is_well_formed() -> None:
    """At least 45 queries over every kind of difficulty, each expecting real, open assets."""
    judged = load_judged()
    assets = {a["name"]: a for a in json.loads(Path(SEED).read_text("utf-8"))["assets"]}
    assert len(judged) >= 45
    assert {q["category"] for q in judged} >= REQUIRED_CATEGORIES
    assert any(q.get("near") and any(ch.isdigit() for ch in q["near"]) for q in judged), "a postcode query"
    assert any(q.get("radius_km") for q in judged)
    for query in judged:
        assert query["text"] and query["expected"], query
        for name in query["expected"]:
            assert name in assets, f"{name!r} (for {query['text']!r}) is not an asset of {SEED.name}"
            assert assets[name]["status"] != "closed", f"{name!r} is closed: search leaves it out"
    assert len({json.dumps(q, sort_keys=True) for q in judged}) == len(judged), "a query is repeated"
    assert JUDGED.exists()


def test_success_at_5(sample: Directory, capsys: pytest.CaptureFixture[str]) -> None:
    judged = load_judged()
    success, mrr, failures = evaluate(sample, judged)
    report = (
        f"{len(judged)} judged queries: success@5 {success:.3f} (need {MIN_SUCCESS_AT_5}), MRR {mrr:.3f}\n"
        + format_failures(failures)
    )
    with capsys.disabled():
        print("\n" + report)
    assert success >= MIN_SUCCESS_AT_5, report


def test_metrics_count_ranks_as_documented(sample: Directory) -> None:
    """Rank 1 scores 1, rank 2 scores 0.5 and a miss scores 0, in the top 5 or not."""
    first = {"text": "tai chi", "expected": ["Corringham Tai Chi"]}
    missing = {"text": "tai chi", "expected": ["Grays Library"]}
    success, mrr, failures = evaluate(sample, [first, missing])
    assert success == 0.5
    assert mrr == pytest.approx(0.5)
    assert [f.query for f in failures] == [missing]
    assert failures[0].rank is None and failures[0].got[0] == "Corringham Tai Chi"
