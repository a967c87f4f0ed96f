"""The command line: asset_map.main, its output shapes and its errors.

The environment (conftest.env_isolation) points ASSET_MAP_DB at a temporary file and seeds new
databases from the mini test directory; --db tests use their own files.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from asset_map.store.migrations import SCHEMA_VERSION
from tests.conftest import (
    MINI_DEMENTIA_CAFE,
    MINI_HAPPY_FEET,
    MINI_LUNCH_CLUB,
    CliRun,
    document,
    read_records,
    record,
    require_seed,
    write_directory_file,
    write_json,
)

JSON_KEYS = {"id", "name", "kind", "locality", "distance_km", "needs", "score"}


def one_clear_error(code: int, out: str, err: str, *expected: str) -> str:
    """A failed command: non-zero, nothing on stdout, a message on stderr and no traceback."""
    assert code != 0
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines, "no message on stderr"
    assert lines[0].startswith("asset-map: ")
    for text in expected:
        assert text in err, (text, err)
    return err


def single_line_error(code: int, out: str, err: str, *expected: str) -> None:
    one_clear_error(code, out, err, *expected)
    assert len(err.strip().splitlines()) == 1, err


# ---------------------------------------------------------------- search


def test_search_lonley_near_tilbury_json_on_the_sample(cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSET_MAP_SEED", str(require_seed()))
    code, out, err = cli("search", "lonley", "--near", "Tilbury", "--radius-km", "3", "--json")
    assert (code, err) == (0, "")
    results = json.loads(out)
    assert isinstance(results, list) and len(results) >= 5
    for each in results:
        assert set(each) >= JSON_KEYS
        # the need's tag, or (below it) the need's own words in the entry's text
        assert "company" in each["needs"] or "words of Company and friendship" in each["why"], each["name"]
        assert isinstance(each["distance_km"], float)
        # within 3 km, or it comes to the home in an area that takes in Tilbury (docs/gaps.md)
        assert each["distance_km"] <= 3 or "home" in each["delivery"], each["name"]
    for a, b in itertools.pairwise(results):
        assert a["score"] >= b["score"]
        if a["score"] == b["score"]:
            assert a["distance_km"] <= b["distance_km"], (a["name"], b["name"])


def test_a_paused_walk_is_not_open_on_wednesday_on_the_sample(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in real use: "Chafford Hundred Health Walks [paused] … tomorrow 10:00"."""
    monkeypatch.setenv("ASSET_MAP_SEED", str(require_seed()))
    code, out, _ = cli("search", "walk", "--open", "wed", "--limit", "200", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown and all(r["status"] == "active" and not r["possibly_closed"] for r in shown)
    code, out, _ = cli("search", "walk", "--limit", "200")
    paused = [line for line in out.splitlines() if "[paused]" in line]
    assert paused and all("tomorrow" not in line and " - " in line for line in paused), paused


def test_search_json_shape(cli: CliRun) -> None:
    code, out, _ = cli("search", "lunch", "--near", "Tilbury", "--json")
    assert code == 0
    results = json.loads(out)
    assert [r["name"] for r in results] == ["Tilbury Lunch Club"]
    club = results[0]
    assert club["id"] == MINI_LUNCH_CLUB
    assert club["kind"] == "group"
    assert club["locality"] == "Tilbury"
    assert club["needs"] == ["company", "food"]
    assert 0 <= club["distance_km"] < 0.5
    assert club["score"] > 0
    assert club["status"] == "active"
    assert club["last_verified"] == "2026-10-01"
    assert club["opening"] == "Wed 12:00–14:00"
    assert isinstance(club["why"], list) and club["why"]
    assert isinstance(club["stale"], bool)


def test_search_json_distance_is_null_without_near(cli: CliRun) -> None:
    code, out, _ = cli("search", "dementia", "--json")
    assert code == 0
    results = json.loads(out)
    assert results[0]["name"] == "Grays Dementia Café"
    assert all(r["distance_km"] is None for r in results)


def test_search_json_no_results_is_an_empty_list(cli: CliRun) -> None:
    code, out, _ = cli("search", "qqqxxzz", "--json")
    assert code == 0
    assert json.loads(out) == []


def test_search_filters(cli: CliRun) -> None:
    def found(*args: str) -> list[str]:
        code, out, _ = cli("search", *args, "--json")
        assert code == 0
        return [r["name"] for r in json.loads(out)]

    assert found("", "--need", "dementia") == ["Grays Dementia Café"]
    assert found("", "--need", "lonely", "--kind", "group", "--open", "wed") == ["Tilbury Lunch Club"]
    assert found("", "--kind", "micro_enterprise") == ["Happy Feet"]
    assert found("", "--free") == ["Grays Dementia Café"]
    assert found("", "--step-free") == ["Tilbury Lunch Club"]
    assert found("", "--open", "wed 13:00") == ["Tilbury Lunch Club"]
    assert found("", "--open", "wed 14:00") == []
    assert len(found("", "--limit", "2")) == 2
    assert found("", "--near", "RM18 7NR", "--radius-km", "1") == ["Tilbury Lunch Club"]


def test_search_text_output(cli: CliRun) -> None:
    code, out, err = cli("search", "lonley", "--near", "Tilbury")
    assert (code, err) == (0, "")
    assert "Near Tilbury" in out
    assert "lonley → lonely" in out
    assert "Tilbury Lunch Club" in out
    assert "11111111" in out  # the short id to use with show


def test_search_with_no_results_suggests_what_to_relax(cli: CliRun) -> None:
    code, out, _ = cli("search", "lunch", "--near", "Tilbury", "--radius-km", "0.01")
    assert code == 0
    assert "No matches" in out
    assert "widen the radius" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--near", "Narnia"], "'Narnia' is not a known place"),
        (["--near", "ZZ1 1ZZ"], "outside the built-in gazetteer"),
        (["--need", "flying"], "'flying' is not a need"),
        (["--kind", "club"], "'club' is not a kind"),
        (["--radius-km", "3"], "a radius needs a place"),
        (["--near", "Grays", "--radius-km", "-2"], "radius must be between"),
        (["--near", "Grays", "--radius-km", "nan"], "radius must be between"),
        (["--near", "Grays", "--radius-km", "inf"], "radius must be between"),
        (["--open", "funday"], "not a day of the week"),
        (["--open", "wed 25:00"], "not a time"),
    ],
)
def test_search_errors_are_one_clear_line(cli: CliRun, args: list[str], expected: str) -> None:
    single_line_error(*cli("search", "lunch", *args), expected)


def test_unknown_place_suggests_the_nearest_names(cli: CliRun) -> None:
    single_line_error(*cli("search", "lunch", "--near", "Grase"), "did you mean", "Grays")


# ---------------------------------------------------------------- show


def test_show_by_id_prefix(cli: CliRun) -> None:
    code, out, _ = cli("show", "33333333")
    assert code == 0
    assert out.startswith("Happy Feet\n")
    assert "Micro-enterprise" in out
    assert "£25 per visit" in out
    assert "Chadwell St Mary" in out
    assert MINI_HAPPY_FEET in out


def test_show_json(cli: CliRun) -> None:
    code, out, _ = cli("show", MINI_DEMENTIA_CAFE, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["id"] == MINI_DEMENTIA_CAFE
    assert shown["name"] == "Grays Dementia Café"
    assert shown["schedule"] == [{"day": "tue", "start": "10:00", "end": "12:00", "week": 1}]
    assert shown["version"] == 1


@pytest.mark.parametrize(
    ("ref", "expected"), [("abcdef12", "no asset has the id"), ("12", "at least the first 4 characters")]
)
def test_show_errors(cli: CliRun, ref: str, expected: str) -> None:
    single_line_error(*cli("show", ref), expected)


# ---------------------------------------------------------------- add, import, export


def test_add_one_record_from_json(cli: CliRun, tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "new.json",
        {"kind": "group", "name": "Aveley Walking Group", "locality": "Avely", "needs": ["active"]},
    )
    code, out, err = cli("add", "--from-json", path)
    assert (code, err) == (0, "")
    assert out.startswith("added ") and "Aveley Walking Group" in out
    code, out, _ = cli("search", "walking", "--json")
    found = json.loads(out)
    assert [(r["name"], r["locality"]) for r in found] == [("Aveley Walking Group", "Aveley")]
    code, out, _ = cli("show", found[0]["id"], "--json")
    assert json.loads(out)["created_by"] == "Test User"


def test_add_a_list_and_a_directory_file(cli: CliRun, tmp_path: Path) -> None:
    listed = write_json(tmp_path / "list.json", [record(name="List One"), record(name="List Two")])
    assert cli("add", "--from-json", listed, "--user", "Sam")[0] == 0
    whole = write_directory_file(tmp_path / "dir.json", [record(name="File One")])
    assert cli("add", "--from-json", whole)[0] == 0
    _code, out, _ = cli("search", "one", "--json")
    assert {r["name"] for r in json.loads(out)} >= {"List One", "File One"}


def test_add_bad_record_adds_nothing(cli: CliRun, tmp_path: Path) -> None:
    path = write_json(tmp_path / "bad.json", [record(name="Fine Group"), record(name="Bad", kind="club")])
    err = one_clear_error(*cli("add", "--from-json", path), "record 2", "kind")
    assert "nothing was loaded" in err
    _code, out, _ = cli("search", "fine group", "--json")
    assert "Fine Group" not in [r["name"] for r in json.loads(out)]


def test_add_existing_id_is_refused(cli: CliRun, tmp_path: Path) -> None:
    path = write_json(tmp_path / "dup.json", record(id=MINI_LUNCH_CLUB, name="Copy of the club"))
    single_line_error(*cli("add", "--from-json", path), "already exists")


def test_add_missing_file(cli: CliRun, tmp_path: Path) -> None:
    one_clear_error(*cli("add", "--from-json", tmp_path / "nowhere.json"), "cannot read the file")


def test_import_and_export(cli: CliRun, tmp_path: Path) -> None:
    path = write_directory_file(tmp_path / "in.json", [record(name="Imported Choir", needs=["arts"])])
    code, out, err = cli("import", path, "--user", "Importer")
    assert (code, err) == (0, "")
    assert "1 added, 0 updated, 0 unchanged" in out
    out_path = tmp_path / "out.json"
    code, out, _ = cli("export", out_path)
    assert code == 0
    assert "exported 4 assets" in out
    exported = {r["name"]: r for r in read_records(out_path)}
    assert set(exported) == {"Imported Choir", "Tilbury Lunch Club", "Grays Dementia Café", "Happy Feet"}
    assert exported["Imported Choir"]["created_by"] == "Importer"


def test_export_then_import_into_an_empty_database_round_trips(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_seed = write_json(tmp_path / "empty.json", document([]))
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert cli("export", first, "--db", tmp_path / "a.db")[0] == 0
    monkeypatch.setenv("ASSET_MAP_SEED", str(empty_seed))  # b.db starts empty
    assert cli("import", first, "--db", tmp_path / "b.db")[0] == 0
    assert cli("export", second, "--db", tmp_path / "b.db")[0] == 0
    assert second.read_bytes() == first.read_bytes()
    assert len(read_records(second)) == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "asset-map/directory", "version": 1, "assets": [', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"format": "something else", "version": 1, "assets": []}', "format"),
    ],
)
def test_import_malformed_file(cli: CliRun, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    err = one_clear_error(*cli("import", path), expected)
    assert "nothing was loaded" in err.splitlines()[0]


def test_import_with_a_bad_record_names_it_and_loads_nothing(cli: CliRun, tmp_path: Path) -> None:
    path = write_directory_file(
        tmp_path / "bad.json", [record(name="Good Group"), record(name="Lost Group", locality="Tilbry")]
    )
    err = one_clear_error(*cli("import", path), "record 2 ('Lost Group'): locality", "did you mean Tilbury")
    assert "1 problem" in err
    _code, out, _ = cli("export", tmp_path / "after.json")
    assert "exported 3 assets" in out


def test_import_missing_file(cli: CliRun, tmp_path: Path) -> None:
    one_clear_error(*cli("import", tmp_path / "nowhere.json"), "cannot read the file")


# ---------------------------------------------------------------- places and needs


def test_places(cli: CliRun) -> None:
    code, out, _ = cli("places")
    assert code == 0
    assert "Tilbury and Chadwell:" in out
    assert "Chadwell St Mary" in out and "Stanford-le-Hope" in out
    assert "Postcode districts:" in out and "RM18" in out and "SS17" in out


def test_places_json(cli: CliRun) -> None:
    code, out, _ = cli("places", "--json")
    assert code == 0
    places = json.loads(out)
    localities = {p["name"]: p for p in places["localities"]}
    assert localities["South Ockendon"]["area"] == "Aveley, South Ockendon and Purfleet"
    assert "S Ockendon" in localities["South Ockendon"]["aliases"]
    codes = {p["code"]: p for p in places["postcodes"]}
    assert codes["RM18"]["level"] == "district"
    assert codes["RM18 7"]["locality"] == "Tilbury"


def test_needs(cli: CliRun) -> None:
    code, out, _ = cli("needs")
    assert code == 0
    assert "company" in out and "Company and friendship" in out and "lonely" in out
    code, out, _ = cli("needs", "--json")
    needs = {n["id"]: n for n in json.loads(out)}
    assert len(needs) == 16
    assert "lifts" in needs["getting-out"]["synonyms"]


# ---------------------------------------------------------------- --db on every command


def _commands(tmp_path: Path) -> list[list[str | Path]]:
    new = write_json(tmp_path / "new.json", record(name="Via Db Group"))
    imported = write_directory_file(tmp_path / "imp.json", [record(name="Imported Via Db")])
    return [
        ["search", "lunch", "--json"],
        ["show", "11111111"],
        ["add", "--from-json", new],
        ["import", imported],
        ["export", tmp_path / "export.json"],
        ["places"],
        ["needs"],
    ]


@pytest.mark.parametrize("position", ["after", "before"])
def test_db_option_on_every_command(cli: CliRun, tmp_path: Path, env_isolation: Path, position: str) -> None:
    for args in _commands(tmp_path):
        db = tmp_path / f"{args[0]}-{position}.db"
        argv = [*args, "--db", db] if position == "after" else ["--db", db, *args]
        code, _, err = cli(*argv)
        assert (code, err) == (0, ""), args
        assert db.exists(), args
    assert not env_isolation.exists()  # ASSET_MAP_DB was never used


def test_db_option_keeps_databases_apart(cli: CliRun, tmp_path: Path) -> None:
    new = write_json(tmp_path / "new.json", record(name="Only In A"))
    assert cli("add", "--from-json", new, "--db", tmp_path / "a.db")[0] == 0
    _, out_a, _ = cli("search", "only in a", "--json", "--db", tmp_path / "a.db")
    _, out_b, _ = cli("search", "only in a", "--json", "--db", tmp_path / "b.db")
    assert "Only In A" in [r["name"] for r in json.loads(out_a)]
    assert "Only In A" not in [r["name"] for r in json.loads(out_b)]


def test_db_environment_variable_is_used_without_the_option(cli: CliRun, env_isolation: Path) -> None:
    assert cli("needs")[0] == 0
    assert env_isolation.exists()


@pytest.mark.parametrize("kind", ["foreign", "corrupt", "newer"])
def test_unusable_database_is_one_clear_line(cli: CliRun, tmp_path: Path, kind: str) -> None:
    import random
    import sqlite3

    path = tmp_path / f"{kind}.db"
    if kind == "corrupt":
        path.write_bytes(random.Random(7).randbytes(4096))
    elif kind == "foreign":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    else:
        assert cli("needs", "--db", path)[0] == 0
        con = sqlite3.connect(path)
        con.execute(
            "UPDATE schema_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 5),)
        )
        con.commit()
        con.close()
    single_line_error(*cli("search", "lunch", "--db", path))


def test_version(cli: CliRun, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli("--version")
    assert caught.value.code == 0
    assert "asset-map" in capsys.readouterr().out


def test_exit_status_is_as_documented(cli: CliRun, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/cli.md: 0 done (nothing found included), 1 could not, 2 mistyped command."""
    doc = (Path(__file__).parents[1] / "docs" / "cli.md").read_text("utf-8")
    assert "**0**" in doc and "**1**" in doc and "**2**" in doc
    assert cli("search", "qqzzxx")[0] == 0
    assert cli("show", "ffffffff")[0] == 1
    for mistyped in (["search", "--radius-km", "far"], ["search", "--no-such-option"], ["show"]):
        with pytest.raises(SystemExit) as caught:
            cli(*mistyped)
        assert caught.value.code == 2, mistyped
        assert "usage: asset-map" in capsys.readouterr().err


def test_an_open_referral_file_is_recognised_without_format(cli: CliRun, tmp_path: Path) -> None:
    """Seen: 11 lines of "unknown field" for an HSDS file imported without --format hsds."""
    service = {
        "id": "7b1c2f5e-1111-4111-8111-000000000001",
        "name": "Tilbury Knit and Natter",
        "description": "Bring your needles: knitting, tea and a chat.",
        "status": "active",
        "organization": {"id": "7b1c2f5e-2222-4222-8222-000000000002", "name": "Tilbury Crafters"},
        "service_at_locations": [
            {
                "id": "7b1c2f5e-3333-4333-8333-000000000003",
                "location": {
                    "id": "7b1c2f5e-4444-4444-8444-000000000004",
                    "name": "Tilbury Hub",
                    "addresses": [
                        {"address_1": "1 Civic Square", "city": "Tilbury", "postal_code": "RM18 8AD"}
                    ],
                },
            }
        ],
    }
    path = write_json(tmp_path / "council-feed.json", [service])
    code, out, err = cli("import", path)
    assert code == 0, err
    assert "unknown field" not in out + err
    code, out, _ = cli("search", "knit natter")
    assert "Tilbury Knit and Natter" in out
    # our own files are still read as our own
    exported = tmp_path / "ours.json"
    assert cli("export", exported)[0] == 0
    assert "imported" in cli("import", exported)[1]


TEA = '{"kind": "group", "name": "Tea", "locality": "Tilbury"'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"kind": "group", "name": "\\u200b\\ufeff", "locality": "Tilbury"}', "name: holds nothing visible"),
        (TEA + ', "verified_on": "9999-12-31"}', "in the future"),
        (TEA + ', "latitude": true, "longitude": 0.3}', "not true"),
        (TEA + ', "colour": "red"}', "colour: unknown field"),
        (TEA + ', "name": "Coffee"}', "'name' is given twice"),
        ("42", "expected an object"),
        (
            '{"kind": "group", "name": "Tea", "locality": "Tilbury", '
            '"website": "https://www.thurrock.gov.uk@evil.example/"}',
            "would really open evil.example",
        ),
        ('{"kind": "group", "name": "Tea\\u2028Time", "locality": "Tilbury"}', "U+2028"),
        ('{"kind": "group", "name": "Tea\\udb40\\udc41", "locality": "Tilbury"}', "control character"),
    ],
)
def test_add_and_import_read_a_file_by_the_same_rules(
    cli: CliRun, tmp_path: Path, content: str, expected: str
) -> None:
    """Seen: `add` took duplicate keys, "latitude": true, unknown fields and a bare 42 that
    `import` refused; a name of invisible characters; a verification dated 9999-12-31."""
    path = tmp_path / "record.json"
    path.write_text(content, "utf-8")
    before = cli("search", "", "--json", "--limit", "500")[1]
    one_clear_error(*cli("add", "--from-json", path), expected)
    wrapped = tmp_path / "file.json"
    wrapped.write_text(f'{{"format": "asset-map/directory", "version": 1, "assets": [{content}]}}', "utf-8")
    one_clear_error(*cli("import", "--format", "directory", wrapped), expected)
    assert cli("search", "", "--json", "--limit", "500")[1] == before  # nothing added either way
