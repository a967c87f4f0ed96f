"""The gaps matrix: every place against every need, each cell what a search near that place
for that need finds (issue 19) — checked cell by cell against search itself, on the command
line as well, for random filters and radii; reach by the area a service serves; what people
asked for and did not find, counted and never kept as words."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.gaps import (
    DEFAULT_RADIUS_KM,
    ROWS_BY,
    Asked,
    GapFilters,
    GapMatrix,
    heat,
)
from asset_map.directory.place_files import learn_places
from asset_map.errors import DirectoryError
from asset_map.lists import asked as asked_for
from asset_map.lists.service import ConnectionLists
from asset_map.places import PlaceNotFound
from asset_map.places.coverage import EVERYWHERE, place_keys, served_keys
from asset_map.store import lists as store_lists
from asset_map.store import repo
from asset_map.store.db import make_engine, transaction
from asset_map.store.lists import Outcome
from tests.conftest import CliRun, OpenDirectory, answered, asset_in, record

EXAMPLES = int(os.environ.get("ASSET_MAP_WALKS", "100")) // 2


def cell_total(directory: Directory, matrix: GapMatrix, row: int, column: int) -> int:
    return directory.search(replace(directory.make_query("", **matrix.words(row, column)), limit=1)).total


def assert_agrees_with_search(directory: Directory, matrix: GapMatrix) -> None:
    for i, row in enumerate(matrix.rows):
        for j, (need, _label) in enumerate(matrix.needs):
            assert matrix.supply[i][j] == cell_total(directory, matrix, i, j), (row.label, need)


# ---------------------------------------------------------------- counts agree with search


@pytest.mark.parametrize("by", ROWS_BY)
def test_every_cell_is_what_its_search_finds(seeded_directory: Directory, by: str) -> None:
    matrix = seeded_directory.gap_matrix(by)  # type: ignore[arg-type]
    assert len(matrix.needs) == len(seeded_directory.needs) == 16
    assert {r.radius_km for r in matrix.rows} == {DEFAULT_RADIUS_KM[by]}  # type: ignore[index]
    assert matrix.busiest > 0 and matrix.gaps  # the sample has both
    assert_agrees_with_search(seeded_directory, matrix)


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "kinds": st.lists(st.sampled_from(["hub", "group", "time_bank", "micro_enterprise"]), max_size=2),
        "open_on": st.sampled_from(["wed", "sat", "mon 10:30", "today"]),
        "free_only": st.booleans(),
        "step_free_only": st.booleans(),
        "delivery": st.lists(st.sampled_from(["in_person", "home", "phone", "online"]), max_size=2),
        "verified_recently": st.booleans(),
    },
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    by=st.sampled_from(ROWS_BY),
    radius=st.one_of(st.none(), st.sampled_from([0.3, 1.0, 2.5, 6.0, 40.0])),
    filters=FILTERS,
)
def test_any_filters_and_radius_every_cell_agrees(
    seeded_directory: Directory, by: Any, radius: float | None, filters: GapFilters
) -> None:
    matrix = seeded_directory.gap_matrix(by, radius_km=radius, **filters)
    assert all(r.radius_km == (radius or DEFAULT_RADIUS_KM[by]) for r in matrix.rows)
    assert_agrees_with_search(seeded_directory, matrix)


def test_a_cell_on_the_command_line_is_what_search_lists(
    cli: CliRun, tmp_path: Path, seeded_directory: Directory
) -> None:
    """`asset-map gaps --json` against `asset-map search --need N --near PLACE --radius-km R`
    with the same filters, for cells across the matrix (gaps and busy ones)."""
    db = tmp_path / "cli.db"
    code, out, err = cli("gaps", "--by", "area", "--free", "--json", "--db", db)
    assert code == 0, err
    matrix = json.loads(out)
    assert matrix["filters"] == {"free_only": True}
    checked = 0
    for row in matrix["rows"]:
        for need in list(row["entries"])[::3]:
            args = ["search", "--need", need, "--near", row["near"], "--radius-km", str(row["radius_km"])]
            code, out, err = cli(*args, "--free", "--json", "--limit", "10000", "--db", db)
            assert code == 0, err
            assert len(json.loads(out)) == row["entries"][need], (row["place"], need)
            checked += 1
    assert checked >= 20


def test_the_matrix_is_redrawn_after_an_edit(open_directory: OpenDirectory) -> None:
    directory = open_directory([record(name="Bulphan Pet Pals", locality="Bulphan", needs=["company"])])
    before = directory.gap_matrix("locality")
    row = next(i for i, r in enumerate(before.rows) if r.label == "Bulphan")
    pets = next(j for j, (need, _l) in enumerate(before.needs) if need == "pets")
    assert before.supply[row][pets] == 0
    pals = directory.search(directory.make_query("pet pals")).results[0]
    edit = repo.asset_to_in(directory.get(pals.id)).model_copy(update={"needs": ["company", "pets"]})
    directory.update(pals.id, edit, user="Test User")
    after = directory.gap_matrix("locality")
    assert after.supply[row][pets] == 1
    assert_agrees_with_search(directory, after)


def test_rows_by_area_and_district_and_places_beyond_the_borough(open_directory: OpenDirectory) -> None:
    directory = open_directory([])
    town = SimpleNamespace(postcode="", locality="Keswick", latitude=54.6, longitude=-3.13)
    assert learn_places(directory.engine, directory.gazetteer, [town]) == (0, 1)
    directory.add(asset_in(name="Keswick Walkers", locality="Keswick", needs=["active"]), user="Test User")
    localities = directory.gap_matrix("locality")
    assert "Keswick" in [r.label for r in localities.rows]  # learned from the entry
    keswick = next(i for i, r in enumerate(localities.rows) if r.label == "Keswick")
    assert sum(localities.supply[keswick]) == 1
    areas = directory.gap_matrix("area")
    assert [r.near for r in areas.rows] == [
        "Aveley, South Ockendon and Purfleet area",
        "Grays area",
        "Stanford-le-Hope and Corringham area",
        "Tilbury and Chadwell area",
    ]
    districts = directory.gap_matrix("district", radius_km=5)
    assert [r.label for r in districts.rows][:3] == ["RM15", "RM16", "RM17"]
    assert all(r.radius_km == 5 for r in districts.rows)


def test_wrong_rows_or_radius_or_filters_are_refused_in_words(seeded_directory: Directory) -> None:
    with pytest.raises(DirectoryError, match="rows are by"):
        seeded_directory.gap_matrix("county")  # type: ignore[arg-type]
    for radius in (0, -1, 501, float("nan")):
        with pytest.raises(DirectoryError, match="radius"):
            seeded_directory.gap_matrix(radius_km=radius)
    with pytest.raises(DirectoryError, match="no filter"):
        seeded_directory.gap_matrix(near="Grays")  # type: ignore[call-arg]
    with pytest.raises(DirectoryError):
        seeded_directory.gap_matrix(kinds=["shop"])


def test_heat_steps() -> None:
    assert [heat(n, 3) for n in range(5)] == [0, 1, 2, 3, 4]
    assert heat(0, 100) == 0 and heat(1, 100) == 1 and heat(100, 100) == 4 and heat(51, 100) == 3


# ---------------------------------------------------------------- reach by the area served


def test_what_an_area_served_names(seeded_directory: Directory) -> None:
    gazetteer = seeded_directory.gazetteer
    assert served_keys(gazetteer, "Stanford-le-Hope, Corringham, East Tilbury and villages") == {
        "L:Stanford-le-Hope",
        "L:Corringham",
        "L:East Tilbury",
    }
    assert served_keys(gazetteer, "Tilbury and Chadwell") == {"A:tilbury-chadwell"}
    assert served_keys(gazetteer, "RM17 and RM16") == {"D:RM17", "D:RM16"}
    assert served_keys(gazetteer, "Thurrock") == {f"A:{a}" for a in gazetteer.areas}
    assert served_keys(gazetteer, "Nationwide") == {EVERYWHERE}
    assert served_keys(gazetteer, "within 5 miles of the shop") == frozenset()
    assert served_keys(gazetteer, "Grays, Tilbury and all") == {"L:Grays", "L:Tilbury"}
    assert served_keys(gazetteer, "") == frozenset()
    grays = place_keys(gazetteer, gazetteer.resolve("Grays"))
    assert {"L:Grays", "A:grays", EVERYWHERE} <= grays and any(k.startswith("D:RM1") for k in grays)
    area = place_keys(gazetteer, gazetteer.resolve("Tilbury and Chadwell"))
    assert {"A:tilbury-chadwell", "L:Tilbury", "L:Orsett"} <= area
    assert "D:RM18" in place_keys(gazetteer, gazetteer.resolve("RM18 7NR"))
    rm16 = place_keys(gazetteer, gazetteer.resolve("RM16"))  # a district: its localities too
    assert {"D:RM16", "L:Chadwell St Mary", "A:tilbury-chadwell"} <= rm16


FAR = {"latitude": 51.75, "longitude": 0.47}  # Chelmsford: 30 km from anywhere here


def home_visits(area: str = "Bulphan") -> dict[str, Any]:
    """A home-help micro-enterprise based far away that comes to the homes of `area`."""
    return record(
        name="Bulphan Visits",
        kind="micro_enterprise",
        **FAR,
        needs=["help-at-home"],
        delivery=["home"],
        details={"area_served": area, "comes_to_home": True},
    )


def test_a_service_reaches_where_its_area_says(open_directory: OpenDirectory) -> None:
    """Coming to the home in Bulphan counts at Bulphan however far its base; a phone line for
    Orsett only there; a phone line naming no area everywhere; a hub met in person by distance
    and by the area it also visits."""
    directory = open_directory(
        [
            home_visits(),
            record(
                name="Orsett Line",
                **FAR,
                needs=["help-at-home"],
                delivery=["phone"],
                details={"area_served": "Orsett"},
            ),
            record(name="Anyone Line", **FAR, needs=["help-at-home"], delivery=["phone"]),
            record(
                name="Far Helpers", kind="micro_enterprise", **FAR, needs=["help-at-home"], delivery=["home"]
            ),
            record(
                name="Chelmsford Venue",  # met in person only: its area served says where from
                kind="hub",
                **FAR,
                needs=["help-at-home"],
                delivery=["in_person"],
                details={"area_served": "Bulphan"},
            ),
            record(
                name="Tilbury Hub",
                kind="hub",
                locality="Tilbury",
                needs=["help-at-home"],
                delivery=["in_person", "home"],
                details={"area_served": "Bulphan"},
            ),
        ]
    )
    matrix = directory.gap_matrix("locality")
    help_at_home = next(j for j, (need, _l) in enumerate(matrix.needs) if need == "help-at-home")
    found = {r.label: matrix.supply[i][help_at_home] for i, r in enumerate(matrix.rows)}
    assert found["Bulphan"] == 3  # its visitors, the hub visiting it, and the line for anyone
    assert found["Orsett"] == 2  # the Orsett line and the line for anyone
    assert found["Tilbury"] == 2  # the hub in person, and the line for anyone
    assert found["Grays"] == 1
    assert_agrees_with_search(directory, matrix)
    districts = directory.gap_matrix("district")
    by_district = {r.label: districts.supply[i][help_at_home] for i, r in enumerate(districts.rows)}
    assert by_district["RM16"] == 2  # the Orsett line (Orsett is in RM16) and the line for anyone
    assert_agrees_with_search(directory, districts)
    near_bulphan = directory.search(directory.make_query("", near="Bulphan", radius_km=1))
    assert {r.name for r in near_bulphan.results} == {"Bulphan Visits", "Tilbury Hub", "Anyone Line"}


# ---------------------------------------------------------------- asked for and not found


@pytest.fixture
def lists(directory: Directory) -> Any:
    opened = ConnectionLists.open(directory)
    yield opened
    opened.close()


def test_a_fruitless_search_counts_once_without_its_words(directory: Directory, lists: Any) -> None:
    query = directory.make_query("llama grooming lonely", near="Bulphan", radius_km=0.5)
    outcome = directory.search(query)
    assert outcome.total == 0 and "company" in outcome.needs_meant
    assert asked_for.count_unmet_search(lists, query, outcome)
    assert asked_for.count_unmet_search(lists, query, outcome)
    # nothing counted without a place, without a need, or when something was found
    for q in (
        directory.make_query("llama lonely"),
        directory.make_query("llama grooming", near="Bulphan", radius_km=0.5),
        directory.make_query("", near="Tilbury", needs=["company"]),
    ):
        assert not asked_for.count_unmet_search(lists, q, directory.search(q))
    matrix = directory.gap_matrix("locality", asked=asked_for.asked(lists))
    bulphan = next(i for i, r in enumerate(matrix.rows) if r.label == "Bulphan")
    company = next(j for j, (n, _l) in enumerate(matrix.needs) if n == "company")
    assert matrix.asked[bulphan][company] == 2
    area = directory.gap_matrix("area", asked=asked_for.asked(lists))
    assert sum(map(sum, area.asked)) == 2  # in Bulphan's area only
    with lists.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("unmet_search")}
        rows = conn.execute(text("SELECT * FROM unmet_search")).all()
    assert columns == {"id", "month", "place_keys", "need", "count"}
    assert "llama" not in repr(rows) and "lonely" not in repr(rows)


def test_a_list_where_nothing_worked_out_is_asked_for(directory: Directory, lists: Any) -> None:
    found = directory.search(directory.make_query("", near="Tilbury", needs=["company"])).results
    first, second = found[0], found[1]
    resident = lists.new_list({"resident_ref": "R-1", "home": "Orsett"}, practitioner="Test User")
    a = lists.add(resident.id, first.id)
    lists.set_outcome(a.id, Outcome.NOT_SUITABLE, user="Test User")
    other = lists.new_list({"resident_ref": "R-2", "home": ""}, practitioner="Test User")
    b = lists.add(other.id, first.id)
    c = lists.add(other.id, second.id)
    lists.set_outcome(b.id, Outcome.COULD_NOT_REACH, user="Test User")
    lists.set_outcome(c.id, Outcome.WENT, user="Test User")  # something for company worked
    trying = lists.new_list({"resident_ref": "R-3", "home": "Grays"}, practitioner="Test User")
    d = lists.add(trying.id, first.id)
    lists.add(trying.id, second.id)  # still only suggested: it may yet work out
    assert d.id is not None
    lists.set_outcome(d.id, Outcome.CLOSED, user="Test User")
    asked = asked_for.asked(lists)
    company = [a for a in asked if a.need == "company"]
    assert len(company) == 1 and "L:Orsett" in company[0].keys and company[0].count == 1
    assert not any("R-1" in repr(a) or "R-2" in repr(a) for a in asked)


def test_asked_counts_add_up_by_the_keys_of_each_row(seeded_directory: Directory) -> None:
    gazetteer = seeded_directory.gazetteer
    orsett = place_keys(gazetteer, gazetteer.resolve("Orsett"))
    asked = [Asked(orsett, "pets", 2), Asked(orsett, "pets", 1), Asked(frozenset({"L:Keswick"}), "pets", 5)]
    matrix = seeded_directory.gap_matrix("area", asked=asked)
    pets = next(j for j, (n, _l) in enumerate(matrix.needs) if n == "pets")
    by_row = {r.label: matrix.asked[i][pets] for i, r in enumerate(matrix.rows)}
    assert by_row == {
        "Aveley, South Ockendon and Purfleet": 0,
        "Grays": 0,
        "Stanford-le-Hope and Corringham": 0,
        "Tilbury and Chadwell": 3,
    }


# ---------------------------------------------------------------- the command line, any way


@st.composite
def gaps_args(draw: st.DrawFn) -> list[str]:
    args = ["gaps"]
    if draw(st.booleans()):
        args += ["--by", draw(st.sampled_from(["locality", "area", "district", "county", ""]))]
    if draw(st.booleans()):
        args += ["--radius-km", draw(st.sampled_from(["0.5", "2", "7.5", "0", "-1", "nan", "600", "far"]))]
    for kind in draw(st.lists(st.sampled_from(["hub", "group", "Community group", "shop"]), max_size=2)):
        args += ["--kind", kind]
    for way in draw(st.lists(st.sampled_from(["home", "phone", "online", "in_person", "post"]), max_size=2)):
        args += ["--delivery", way]
    if draw(st.booleans()):
        args += ["--open", draw(st.sampled_from(["wed", "sat 10:30", "funday", "now"]))]
    args += [f for f in ("--free", "--step-free", "--verified-recently") if draw(st.booleans())]
    args += draw(st.sampled_from([["--json"], ["--csv"], [], ["--json", "--csv"]]))
    return args


@pytest.fixture(scope="module")
def on_todays_clock(seeded_directory: Directory) -> Iterator[Directory]:
    """The sample again, on the clock the command line runs on ("now", the last 12 months)."""
    opened = Directory.open(Settings(db_url=str(seeded_directory.engine.url), online_geocoding=False))
    yield opened
    opened.close()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(args=gaps_args())
def test_any_gaps_command_answers_truly_or_refuses_in_one_line(
    cli: CliRun, on_todays_clock: Directory, args: list[str]
) -> None:
    """Whatever a script passes: a matrix whose cells are what search finds (a few checked),
    or one line saying what is wrong; never a traceback."""
    seeded_directory = on_todays_clock
    db = seeded_directory.engine.url.database  # the same entries as the directory checked against
    assert db is not None
    out = answered(cli, *args, "--db", db)
    if out is None:
        return
    if "--json" in args:
        matrix = json.loads(out)
        rows = matrix["rows"]
        assert len(rows) == len(seeded_directory.gap_matrix(matrix["by"]).rows)
        filters = matrix["filters"]
        for row in rows[:: max(1, len(rows) // 3)]:
            for need, count in list(row["entries"].items())[::5]:
                query = seeded_directory.make_query(
                    "", near=row["near"], radius_km=row["radius_km"], needs=[need], **filters
                )
                assert seeded_directory.search(query).total == count, (row["place"], need)
    elif "--csv" in args:
        lines = out.splitlines()
        assert lines[0] == "place,near,radius_km,need,need_label,entries,asked"
        assert (len(lines) - 1) % 16 == 0
    else:
        assert out.startswith("Gaps by ") and "nothing within reach" in out


def test_the_page_is_written_as_pdf_or_html_only(cli: CliRun, tmp_path: Path) -> None:
    code, out, err = cli("gaps", "--page", tmp_path / "gaps.docx", "--db", tmp_path / "x.db")
    assert code == 2 and out == "" and "pdf or .html" in err
    assert not (tmp_path / "gaps.docx").exists()


def test_a_spreadsheet_never_runs_a_place_name(cli: CliRun, tmp_path: Path) -> None:
    from asset_map.cli.gaps import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("Grays") == "Grays"


def test_the_areas_served_are_saved_with_the_index(open_directory: OpenDirectory, tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    records = [
        home_visits("Bulphan, Orsett"),
        record(name="Grays Line", needs=["company"], delivery=["phone"], details={"area_served": "RM17"}),
    ]
    first = open_directory(records, db=db)
    before = first.gap_matrix("locality")
    first.save_index()
    first.close()
    again = Directory.open(Settings.resolve(str(db)))
    try:
        assert again.index_loaded
        assert {frozenset(s) for s in again.index.columns.served_sets} == {
            frozenset(),
            frozenset({"L:Bulphan", "L:Orsett"}),
            frozenset({"D:RM17"}),
        }
        assert again.gap_matrix("locality").supply == before.supply
    finally:
        again.close()


def test_the_page_on_the_command_line_reads_back(cli: CliRun, tmp_path: Path) -> None:
    from pypdf import PdfReader

    db = tmp_path / "x.db"
    code, out, err = cli("gaps", "--by", "district", "--free", "--page", tmp_path / "gaps.pdf", "--db", db)
    assert code == 0 and err == "" and "wrote the gaps page" in out
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "gaps.pdf").pages)
    assert "Where the gaps are" in text and "RM17" in text and "free only" in text
    code, out, err = cli("gaps", "--page", tmp_path / "gaps.html", "--db", db)
    assert code == 0 and "<table" in (tmp_path / "gaps.html").read_text("utf-8")


def test_fruitless_searches_counted_at_once_from_several_places_all_count(
    directory: Directory, lists: Any
) -> None:
    """Four at once, each in its own transaction on its own connection: every one counted."""
    query = directory.make_query("llama lonely", near="Bulphan", radius_km=0.5)
    outcome = directory.search(query)
    engines = [make_engine(str(lists.engine.url)) for _ in range(4)]

    def count(engine: Any) -> None:
        for _ in range(25):
            with transaction(engine) as session:
                store_lists.count_unmet_search(session, "2026-11", query.near_keys, "company")

    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(count, engines))
    finally:
        for engine in engines:
            engine.dispose()
    assert asked_for.count_unmet_search(lists, query, outcome)  # this month's, one more
    assert sum(a.count for a in asked_for.asked(lists) if a.need == "company") == 101


def test_an_area_served_is_read_again_when_its_town_is_learned(
    open_directory: OpenDirectory, tmp_path: Path
) -> None:
    """A phone line for Keswick reaches everyone while Keswick is not a known place (its area
    is not understood); once an import teaches Keswick, it reaches Keswick only — at once,
    and after the app is opened again from its saved index."""
    from asset_map.directory.hsds_import import import_hsds
    from tests.conftest import write_json
    from tests.test_places_learned import _feed

    db = tmp_path / "keswick.db"
    line = record(name="Fell Line", needs=["company"], delivery=["phone"], details={"area_served": "Keswick"})
    directory = open_directory([line], db=db)

    def near_grays(opened: Directory) -> list[str]:
        found = opened.search(opened.make_query("", near="Grays", radius_km=1, needs=["company"]))
        return [r.name for r in found.results]

    assert "Fell Line" in near_grays(directory)
    feed = _feed((54.6, -3.134))
    address = feed["contents"][0]["service_at_locations"][0]["location"]["addresses"][0]
    address.update(city="Keswick", state_province="Cumbria", postal_code="CA12 5DQ")
    report = import_hsds(directory, write_json(tmp_path / "feed.json", feed), user="Importer", feed="fells")
    assert report.added == 1
    assert "Fell Line" not in near_grays(directory)
    directory.save_index()
    directory.close()
    again = Directory.open(Settings.resolve(str(db)))
    try:
        assert again.index_loaded and "Fell Line" not in near_grays(again)
    finally:
        again.close()


def test_now_is_one_moment_for_every_row(open_directory: OpenDirectory) -> None:
    """A clock that moves on while the rows are made (a minute turning) changes nothing."""
    directory = open_directory([record(name="Evening Club", needs=["company"])])
    ticks = iter(range(1_000_000))
    directory.clock = lambda: datetime(2026, 11, 23, 9, 30) + timedelta(minutes=next(ticks))
    matrix = directory.gap_matrix("locality", open_on="now")
    assert len(matrix.rows) == 22


def test_a_vanished_lists_file_is_said_by_gaps_and_by_a_counted_search(cli: CliRun, tmp_path: Path) -> None:
    """Counting what was asked for opens the lists: what opening them found (a lists file that
    went missing) is told then, as `list` tells it, never swallowed."""
    db = tmp_path / "x.db"
    code, _out, err = cli("list", "new", "--resident", "AB 1", "--db", db)
    assert code == 0, err
    (tmp_path / "x.lists.db").unlink()
    code, _out, err = cli("search", "--need", "pets", "--near", "Bulphan", "--radius-km", "0.5", "--db", db)
    assert code == 0 and "was missing" in err, err


def test_a_place_search_cannot_find_is_left_out_with_a_note(
    open_directory: OpenDirectory, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = open_directory([])
    town = SimpleNamespace(postcode="", locality="Keswick", latitude=54.6, longitude=-3.13)
    learn_places(directory.engine, directory.gazetteer, [town])
    directory.add(asset_in(name="Keswick Walkers", locality="Keswick", needs=["active"]), user="Test User")
    resolve = directory.gazetteer.resolve

    def refusing(text: str, **kwargs: Any) -> Any:
        if text == "Keswick":
            raise PlaceNotFound(text, "'Keswick' reads as something else")
        return resolve(text, **kwargs)

    monkeypatch.setattr(directory.gazetteer, "resolve", refusing)
    matrix = directory.gap_matrix("locality")
    assert len(matrix.rows) == 22 and "Keswick left out: 'Keswick' reads as something else" in matrix.notes
    assert_agrees_with_search(directory, matrix)


def test_a_result_kept_by_its_area_says_how_it_reaches_not_how_far(open_directory: OpenDirectory) -> None:
    directory = open_directory(
        [
            home_visits(),
            record(name="Bulphan Club", locality="Bulphan", needs=["help-at-home"]),
        ]
    )
    found = directory.search(directory.make_query("", near="Bulphan", radius_km=1)).results
    by_name = {r.name: r for r in found}
    visits, club = by_name["Bulphan Visits"], by_name["Bulphan Club"]
    assert visits.serves_here and visits.where_words == "Comes to your home"
    assert visits.distance_km is not None and visits.distance_km > 1  # true, kept for --json
    assert not club.serves_here and club.where_words == "Bulphan"
    unbounded = directory.search(directory.make_query("", near="Bulphan")).results
    assert not any(r.serves_here for r in unbounded)  # without a radius: distance, as before
