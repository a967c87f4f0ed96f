"""The synthetic directory generator, its gazetteer, the loader and the benchmark query mix."""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]  # no types published (types-jsonschema is not a dependency)

from asset_map.directory.facade import Directory
from asset_map.search.text import fold
from asset_map.store.reference import packaged_json
from asset_map.validation import normalise_postcode
from benchmarks.generate import LAT_RANGE, LON_RANGE, generate, iter_records, main, write_directory
from benchmarks.load import build_database
from benchmarks.queries import CATEGORIES, QUERIES
from benchmarks.vocabulary import all_words

SIZE = 300
SEED = 7
KINDS = {"hub", "micro_enterprise", "time_bank", "group"}


@pytest.fixture(scope="module")
def generated() -> tuple[dict[str, Any], dict[str, Any]]:
    return generate(SIZE, SEED)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    directory = build_database(tmp_path_factory.mktemp("bench") / "bench.db", SIZE, SEED)
    yield directory
    directory.close()


def _words(document: dict[str, Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for asset in document["assets"]:
        for field in ("name", "summary", "description"):
            counts.update(re.findall(r"[a-z][a-z'-]*", fold(asset[field])))
    return counts


# ---------------------------------------------------------------- the directory file


def test_output_validates_against_the_schema(generated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, _ = generated
    validator = Draft202012Validator(packaged_json("seed.schema.json"), format_checker=FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert len(document["assets"]) == SIZE


def test_records_are_realistic(generated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, extension = generated
    assets = document["assets"]
    need_ids = {n["id"] for n in packaged_json("needs.json")["needs"]}
    localities = {loc["name"] for loc in extension["localities"]}
    assert {a["kind"] for a in assets} == KINDS
    assert Counter(a["status"] for a in assets)["active"] > 0.8 * SIZE
    assert len({a["id"] for a in assets}) == SIZE
    assert {n for a in assets for n in a["needs"]} == need_ids  # every need, at 300 assets
    for a in assets:
        assert a["needs"] and set(a["needs"]) <= need_ids
        assert a["locality"] in localities
        assert normalise_postcode(a["postcode"]) == a["postcode"]
        assert (a["cost"] == "time_credits") == (a["kind"] == "time_bank")
        for slot in a["schedule"]:
            assert slot["start"] < slot["end"]
    assert sum(bool(a["schedule"]) for a in assets) > SIZE / 2
    assert any(a["postcode"].startswith("AM") for a in assets)
    assert any(a["postcode"].startswith(("RM", "SS")) for a in assets)  # Thurrock too
    by_kind = {a["kind"]: a["details"] for a in assets}
    assert "area_served" in by_kind["micro_enterprise"] and "skill" in by_kind["time_bank"]
    assert "help_offered" in by_kind["hub"] and "frequency" in by_kind["group"]


def test_same_seed_same_output_other_seed_other_output() -> None:
    first, _ = generate(SIZE, SEED)
    again, _ = generate(SIZE, SEED)
    other, _ = generate(SIZE, SEED + 1)
    assert json.dumps(first) == json.dumps(again)
    assert first["assets"] != other["assets"]
    # a bigger directory starts with the smaller one's assets
    assert list(iter_records(50, SEED)) == first["assets"][:50]


def test_streamed_file_matches_generate(
    tmp_path: Path, generated: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    document, extension = generated
    buffer = io.StringIO()
    write_directory(buffer, SIZE, SEED)
    assert json.loads(buffer.getvalue()) == document
    out, gazetteer = tmp_path / "dir.json", tmp_path / "gaz.json"
    assert (
        main(["--size", str(SIZE), "--seed", str(SEED), "--out", str(out), "--gazetteer-out", str(gazetteer)])
        == 0
    )
    assert json.loads(out.read_text("utf-8")) == document
    assert json.loads(gazetteer.read_text("utf-8")) == extension


def test_vocabulary_is_large_and_zipf_like(generated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, _ = generated
    counts = _words(document)
    assert len(all_words()) > 2000
    assert len(counts) > 1000
    freqs = [n for _, n in counts.most_common()]
    assert sum(freqs[:10]) / sum(freqs) < 0.35  # not a handful of words repeated
    # rank-frequency falls off like a power law with exponent near 1
    slope = (math.log(freqs[299]) - math.log(freqs[9])) / (math.log(300) - math.log(10))
    assert -1.5 < slope < -0.6


# ---------------------------------------------------------------- the gazetteer extension


def test_gazetteer_extension(generated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, extension = generated
    real = packaged_json("gazetteer.json")
    synthetic = [loc for loc in extension["localities"] if not loc["builtin"]]
    builtin = {loc["name"] for loc in extension["localities"] if loc["builtin"]}
    assert builtin == {loc["name"] for loc in real["localities"]}
    assert 200 <= len(synthetic) <= 600
    names = [loc["name"] for loc in synthetic]
    assert len(set(names)) == len(names) and not set(names) & builtin
    areas = {a["id"] for a in extension["areas"]}
    sectors = {s["sector"]: s for s in extension["sectors"]}
    districts = {d["district"] for d in extension["districts"]}
    for loc in synthetic:
        assert LAT_RANGE[0] <= loc["lat"] <= LAT_RANGE[1] and LON_RANGE[0] <= loc["lon"] <= LON_RANGE[1]
        assert loc["area"] in areas
        assert (
            re.fullmatch(r"AM\d{1,2} \d", loc["sector"]) and sectors[loc["sector"]]["locality"] == loc["name"]
        )
        assert loc["sector"].split()[0] in districts
        assert normalise_postcode(loc["sector"] + "AB") == loc["sector"] + "AB"
    lats = [loc["lat"] for loc in synthetic]
    lons = [loc["lon"] for loc in synthetic]
    assert max(lats) - min(lats) > 0.45 and max(lons) - min(lons) > 1.2  # spread, not clustered
    assert generate(5, 1)[1] == generate(5, 2)[1] == extension  # the same places for every seed


# ---------------------------------------------------------------- loading into a Directory


def test_loads_into_a_directory(loaded: Directory, generated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, extension = generated
    assert len(loaded.index) == SIZE
    synthetic = next(loc for loc in extension["localities"] if not loc["builtin"])
    place = loaded.gazetteer.resolve(synthetic["name"])
    assert place.point == (synthetic["lat"], synthetic["lon"])
    assert loaded.gazetteer.resolve(f"{synthetic['sector']}XY").locality == synthetic["name"]
    for alias in synthetic["aliases"]:
        assert loaded.gazetteer.canonical_locality(alias) == synthetic["name"]
    first = document["assets"][0]
    outcome = loaded.search(loaded.make_query(first["name"], limit=10))
    assert first["name"] in [r.name for r in outcome.results]


def test_building_refuses_to_overwrite(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    build_database(db, 5, SEED).close()
    with pytest.raises(FileExistsError):
        build_database(db, 5, SEED)
    rebuilt = build_database(db, 7, SEED, replace=True)
    assert len(rebuilt.index) == 7
    rebuilt.close()


# ---------------------------------------------------------------- the benchmark query mix


def test_query_mix_covers_every_category() -> None:
    assert len(QUERIES) >= 32
    assert {q.category for q in QUERIES} == set(CATEGORIES)
    prefixes = {q.text for q in QUERIES if q.category == "prefix"}
    assert {"l", "lu", "g", "ga"} <= prefixes
    assert all(q.typing for q in QUERIES if q.category == "prefix")
    assert all(q.radius_km and q.near for q in QUERIES if q.category == "radius")
    assert all(q.need for q in QUERIES if q.category == "need")
    typos = [q for q in QUERIES if q.category == "typo"]
    assert len(typos) >= 8 and all(q.correct_spelling for q in typos)
    assert {"gardenning", "befrending", "lonley", "knitt and natter"} <= {q.text for q in typos}


def test_typo_queries_have_real_targets() -> None:
    """The meant words are in the generator's vocabulary; each typo has a word that is not."""
    vocabulary = {fold(w) for w in all_words()}
    for query in QUERIES:
        if query.correct_spelling:
            meant = fold(query.correct_spelling).split()
            assert all(w in vocabulary for w in meant), query
            assert any(w not in vocabulary for w in fold(query.text).split()), query


def test_every_query_runs(loaded: Directory) -> None:
    """Every place resolves and every need exists, so the benchmark can build every query."""
    for query in QUERIES:
        built = loaded.make_query(query.text, limit=50, **query.make_query_args())
        outcome = loaded.search(built)
        assert outcome.total >= 0
    assert loaded.search(loaded.make_query("lunch club", near="Elmminster", limit=5)).results
