"""The directory file (seed, import, export): all-or-nothing loading, clear errors, exact round trip."""

from __future__ import annotations

import json
import string
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeGuard

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asset_map import validation
from asset_map.directory.facade import Directory
from asset_map.interop import directory_file
from asset_map.interop.directory_file import (
    input_to_record,
    load_directory_file,
    read_json,
    record_to_input,
)
from asset_map.interop.errors import FileRejected, RecordError
from asset_map.store.enums import Access, Audience, Cost, Kind, Status
from asset_map.store.models import ALL_DETAIL_FIELDS, AssetIn, ReferenceCheck
from tests.conftest import (
    MINI_DIRECTORY,
    MINI_LUNCH_CLUB,
    OpenDirectory,
    document,
    read_records,
    record,
    require_seed,
    write_directory_file,
    write_json,
)


@pytest.fixture
def check(empty_directory: Directory) -> ReferenceCheck:
    """The reference check (known localities and needs) the directory applies to files."""
    return empty_directory.check_references


def rejected(path: Path, check: ReferenceCheck | None = None) -> list[RecordError]:
    with pytest.raises(FileRejected) as caught:
        load_directory_file(path, check=check)
    assert caught.value.errors, "a rejection must say why"
    assert "nothing was loaded" in str(caught.value)
    return caught.value.errors


def only_error(path: Path, check: ReferenceCheck | None = None) -> RecordError:
    errors = rejected(path, check)
    assert len(errors) == 1, errors
    return errors[0]


# ---------------------------------------------------------------- loading good files


def test_mini_directory_loads(check: ReferenceCheck) -> None:
    assets = load_directory_file(MINI_DIRECTORY, check=check)
    assert [a.name for a in assets] == ["Tilbury Lunch Club", "Grays Dementia Café", "Happy Feet"]
    feet = assets[2]
    assert feet.kind == Kind.MICRO_ENTERPRISE
    assert feet.price == "£25 per visit"  # kind-specific details are flattened into the model
    assert feet.comes_to_home is True
    assert feet.insurance_expires_on == date(2026, 12, 1)
    assert assets[1].schedule[0].week == 1


def test_sample_directory_loads_and_is_marked_as_sample(check: ReferenceCheck) -> None:
    seed = require_seed()
    assets = load_directory_file(seed, check=check)
    assert len(assets) >= 150
    assert {a.kind for a in assets} == set(Kind)
    assert "SAMPLE" in json.loads(seed.read_text("utf-8")).get("notice", "").upper()


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document([record(name="Café")])).encode("utf-8"))
    assert [a.name for a in load_directory_file(path)] == ["Café"]


# ---------------------------------------------------------------- whole-file problems


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "asset-map/directory",\n "assets": [\n  {"name": "x",}\n]}')
    error = only_error(path)
    assert error.record is None
    assert "not valid JSON" in error.message
    assert "line 3" in error.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(document([record(name="Cafe")])).replace("Cafe", "Caf\xe9").encode("latin-1"))
    error = only_error(path)
    assert error.record is None
    assert "not UTF-8" in error.message


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.json"
    path.write_bytes(json.dumps(document([record()])).encode("utf-16"))
    assert "not UTF-8" in only_error(path).message


def test_missing_file(tmp_path: Path) -> None:
    error = only_error(tmp_path / "nowhere.json")
    assert "cannot read the file" in error.message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert "not valid JSON" in only_error(path).message


@pytest.mark.parametrize(
    "value",
    [
        [],
        "assets",
        {"assets": []},
        {"format": "other/format", "version": 1, "assets": []},
        {"format": "asset-map/directory", "version": 2, "assets": []},
        {"format": "asset-map/directory", "version": 1, "assets": {}},
        {"format": "asset-map/directory", "version": 1, "assets": [], "extra": True},
    ],
)
def test_not_a_directory_file(tmp_path: Path, value: Any) -> None:
    errors = rejected(write_json(tmp_path / "x.json", value))
    assert any(e.record is None for e in errors)


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(
        '{"format": "asset-map/directory", "version": 1, "assets": ' + "[" * 5000 + "]" * 5000 + "}"
    )
    assert "nested" in only_error(path).message


def test_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(directory_file, "MAX_FILE_BYTES", 2_000_000)
    path = write_directory_file(tmp_path / "big.json", [record(description="x" * 2_100_000)])
    assert "over 2 MB, the limit" in only_error(path).message


def test_what_is_read_is_limited_not_what_the_file_system_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen: `add --from-json /dev/zero` read until MemoryError; a FIFO passed the size check."""
    monkeypatch.setattr(directory_file, "MAX_FILE_BYTES", 1_000_000)
    assert "over 1 MB, the limit" in only_error(Path("/dev/zero")).message


# ---------------------------------------------------------------- record problems


def test_every_error_is_reported_with_record_and_field(tmp_path: Path, check: ReferenceCheck) -> None:
    path = write_directory_file(
        tmp_path / "many.json",
        [
            record(name="Fine"),
            record(name="Bad Kind", kind="club"),
            record(name="Bad Postcode", postcode="XX1"),
            record(name="Bad Need", needs=["flying"]),
            record(name="Bad Place", locality="Tilbry"),
            {"id": new_uuid(), "kind": "group", "locality": "Grays"},
            record(name="Bad Email", email="nobody"),
        ],
    )
    errors = rejected(path, check)
    found = {(e.record, e.field) for e in errors}
    assert found == {(2, "kind"), (3, "postcode"), (4, "needs"), (5, "locality"), (6, "name"), (7, "email")}
    assert [e.record for e in errors] == sorted(e.record or 0 for e in errors)
    by_record = {e.record: e for e in errors}
    assert by_record[3].name == "'Bad Postcode'"
    assert (
        str(by_record[3]) == "record 3 ('Bad Postcode'): postcode: 'XX1' is not a UK postcode (like RM18 7NR)"
    )
    assert "id " in by_record[6].name  # a record without a name is named by its id


def new_uuid() -> str:
    return str(uuid.uuid4())


def test_unknown_kind(tmp_path: Path) -> None:
    error = only_error(write_directory_file(tmp_path / "k.json", [record(kind="club")]))
    assert (error.record, error.field) == (1, "kind")
    assert "'hub'" in error.message and "'group'" in error.message  # says what the kinds are


def test_unknown_need(tmp_path: Path, check: ReferenceCheck) -> None:
    error = only_error(
        write_directory_file(tmp_path / "n.json", [record(needs=["company", "flying"])]), check
    )
    assert (error.record, error.field) == (1, "needs")
    assert "'flying' is not a need" in error.message


def test_unknown_locality_with_a_suggestion(tmp_path: Path, check: ReferenceCheck) -> None:
    error = only_error(write_directory_file(tmp_path / "l.json", [record(locality="Tilbry")]), check)
    assert (error.record, error.field) == (1, "locality")
    assert error.message.startswith("'Tilbry' is not a known locality; did you mean Tilbury")


def test_alternative_spelling_of_a_locality_is_accepted(tmp_path: Path, check: ReferenceCheck) -> None:
    path = write_directory_file(tmp_path / "l.json", [record(locality="S Ockendon")])
    assert load_directory_file(path, check=check)[0].locality == "S Ockendon"


def test_alternative_spelling_is_stored_as_the_localitys_own_name_on_import(
    empty_directory: Directory, tmp_path: Path
) -> None:
    added = record(locality="S Ockendon", name="Ockendon Walkers")
    empty_directory.import_file(write_directory_file(tmp_path / "l.json", [added]), user="Test User")
    assert empty_directory.get(added["id"]).locality == "South Ockendon"


def test_alternative_spelling_is_stored_as_the_localitys_own_name_when_seeding(
    open_directory: OpenDirectory,
) -> None:
    added = record(locality="S Ockendon", name="Ockendon Walkers")
    seeded = open_directory([added])
    assert seeded.get(added["id"]).locality == "South Ockendon"


@pytest.mark.parametrize("postcode", ["XX1", "RM18", "RM18 7CI", "12345", "RM18 7NRX"])
def test_invalid_postcode(tmp_path: Path, postcode: str) -> None:
    error = only_error(write_directory_file(tmp_path / "p.json", [record(postcode=postcode)]))
    assert (error.record, error.field) == (1, "postcode")
    assert "not a UK postcode" in error.message


def test_postcode_is_stored_in_standard_form(tmp_path: Path) -> None:
    path = write_directory_file(tmp_path / "p.json", [record(postcode="rm187nr")])
    assert load_directory_file(path)[0].postcode == "RM18 7NR"


def test_duplicate_uuid(tmp_path: Path) -> None:
    same = new_uuid()
    path = write_directory_file(
        tmp_path / "d.json", [record(id=same, name="First"), record(), record(id=same.upper(), name="Again")]
    )
    error = only_error(path)
    assert (error.record, error.field) == (3, "id")
    assert "duplicate id" in error.message and "record 1" in error.message


def test_missing_required_fields(tmp_path: Path) -> None:
    path = write_directory_file(tmp_path / "m.json", [{"kind": "group"}])
    errors = rejected(path)
    assert {e.field for e in errors} == {"id", "name", "locality"}
    assert all(e.record == 1 for e in errors)
    assert all("required" in e.message for e in errors)


def test_invalid_uuid(tmp_path: Path) -> None:
    error = only_error(write_directory_file(tmp_path / "u.json", [record(id="not-a-uuid")]))
    assert (error.record, error.field) == (1, "id")


def test_name_of_121_characters_is_refused(tmp_path: Path) -> None:
    path = write_directory_file(tmp_path / "o.json", [record(name="n" * 121)])
    error = only_error(path)
    assert (error.record, error.field) == (1, "name")
    assert "too long" in error.message or "at most 120 characters" in error.message
    ok = write_directory_file(tmp_path / "ok.json", [record(name="n" * 120)])
    assert len(load_directory_file(ok)[0].name) == 120


def test_ten_megabyte_description_is_refused(tmp_path: Path) -> None:
    path = write_directory_file(tmp_path / "huge.json", [record(name="Huge", description="d" * 10_000_000)])
    error = only_error(path)
    assert (error.record, error.field) == (1, "description")
    assert len(str(error)) < 400  # the 10 MB are not echoed back


@pytest.mark.parametrize("length", [5001, 10_000_000])
def test_overlong_description_message_says_it_is_too_long(tmp_path: Path, length: int) -> None:
    path = write_directory_file(tmp_path / "long.json", [record(name="Long", description="d" * length)])
    error = only_error(path)
    assert "too long" in error.message or "at most 5000 characters" in error.message


@pytest.mark.parametrize(
    "name",
    ["Knit \x1b[31mand\x1b[0m Natter", "Title\x1b]0;pwned\x07", "nul\x00", "evil\u202etxt", "two\nlines"],
)
def test_control_characters_in_a_name_are_refused(tmp_path: Path, name: str) -> None:
    error = only_error(write_directory_file(tmp_path / "c.json", [record(name=name)]))
    assert (error.record, error.field) == (1, "name")
    assert "control character" in error.message
    assert "\x1b" not in str(error) and "\x00" not in str(error)  # the message itself is safe to print


def test_control_characters_in_details_are_refused(tmp_path: Path) -> None:
    path = write_directory_file(
        tmp_path / "c.json", [record(kind="micro_enterprise", details={"price": "£5\x1b[2J"})]
    )
    error = only_error(path)
    assert (error.record, error.field) == (1, "price")


def test_rich_markup_is_accepted_and_stored_literally(
    tmp_path: Path, empty_directory: Directory, check: ReferenceCheck
) -> None:
    marked = record(name="[bold]x[/]", summary="[link=https://evil.example]click[/link] [red]!")
    path = write_directory_file(tmp_path / "markup.json", [marked])
    assert load_directory_file(path, check=check)[0].name == "[bold]x[/]"
    empty_directory.import_file(path, user="Test User")
    stored = empty_directory.get(marked["id"])
    assert stored.name == "[bold]x[/]"
    assert stored.summary == "[link=https://evil.example]click[/link] [red]!"
    out = tmp_path / "out.json"
    empty_directory.export_file(out)
    assert read_records(out)[0]["name"] == "[bold]x[/]"


def test_schedule_problems_name_the_slot(tmp_path: Path) -> None:
    path = write_directory_file(
        tmp_path / "s.json",
        [
            record(
                schedule=[
                    {"day": "wed", "start": "10:00", "end": "11:00"},
                    {"day": "wed", "start": "14:00", "end": "12:00"},
                ]
            )
        ],
    )
    error = only_error(path)
    assert (error.record, error.field) == (1, "schedule.1")
    assert "start must be earlier" in error.message


def test_time_credits_only_for_time_bank(tmp_path: Path) -> None:
    error = only_error(write_directory_file(tmp_path / "t.json", [record(cost="time_credits")]))
    assert error.record == 1
    assert "time bank" in error.message


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_date_time_at_edge_of_calendar_is_a_record_error(tmp_path: Path, when: str) -> None:
    error = only_error(write_directory_file(tmp_path / "t.json", [record(created_at=when)]))
    assert (error.record, error.field) == (1, "created_at")


# ---------------------------------------------------------------- all or nothing in the database


def _snapshot(directory: Directory) -> list[dict[str, Any]]:
    from asset_map.store.repo import asset_to_in

    return [input_to_record(asset_to_in(a)) for a in directory.all_assets(include_archived=True)]


def test_import_with_any_error_changes_nothing(directory: Directory, tmp_path: Path) -> None:
    before = _snapshot(directory)
    generation = directory.generation
    path = write_directory_file(
        tmp_path / "mixed.json",
        [
            record(name="Brand New Group"),
            record(id=MINI_LUNCH_CLUB, name="Renamed Lunch Club", locality="Tilbury"),
            record(name="Broken", locality="Atlantis"),
        ],
    )
    with pytest.raises(FileRejected) as caught:
        directory.import_file(path, user="Test User")
    assert [(e.record, e.field) for e in caught.value.errors] == [(3, "locality")]
    assert _snapshot(directory) == before
    assert directory.generation == generation
    assert "Brand New Group" not in [
        r.name for r in directory.search(directory.make_query("brand new")).results
    ]
    assert directory.get(MINI_LUNCH_CLUB).name == "Tilbury Lunch Club"


def test_add_from_records_with_any_error_adds_nothing(directory: Directory) -> None:
    before = _snapshot(directory)
    with pytest.raises(FileRejected):
        directory.add_from_records(
            [{"kind": "group", "name": "Good", "locality": "Grays"}, {"kind": "group", "name": "No place"}],
            user="Test User",
            source="new.json",
        )
    assert _snapshot(directory) == before


def test_import_adds_updates_and_leaves_unchanged(directory: Directory, tmp_path: Path) -> None:
    current = {r["id"]: r for r in _snapshot(directory)}
    changed = dict(current[MINI_LUNCH_CLUB], summary="Now with pudding")
    unchanged = current["22222222-2222-4222-8222-222222222222"]
    path = write_directory_file(tmp_path / "i.json", [changed, unchanged, record(name="Extra Group")])
    report = directory.import_file(path, user="Importer")
    assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
    club = directory.get(MINI_LUNCH_CLUB)
    assert club.summary == "Now with pudding"
    assert club.updated_by == "Importer"
    assert [r.name for r in directory.search(directory.make_query("pudding")).results] == [
        "Tilbury Lunch Club"
    ]


def test_import_never_moves_last_verified_back(directory: Directory, tmp_path: Path) -> None:
    current = {r["id"]: r for r in _snapshot(directory)}
    older = dict(current[MINI_LUNCH_CLUB], summary="Edited", verified_on="2020-01-01", verified_by="Old")
    directory.import_file(write_directory_file(tmp_path / "old.json", [older]), user="Importer")
    club = directory.get(MINI_LUNCH_CLUB)
    assert (club.summary, club.verified_on, club.verified_by) == ("Edited", date(2026, 10, 1), "Sam K")
    newer = dict(older, summary="Edited again", verified_on="2026-11-20", verified_by="New")
    directory.import_file(write_directory_file(tmp_path / "new.json", [newer]), user="Importer")
    club = directory.get(MINI_LUNCH_CLUB)
    assert (club.verified_on, club.verified_by) == (date(2026, 11, 20), "New")


# ---------------------------------------------------------------- exact round trip


AWKWARD = record(
    id="44444444-4444-4444-8444-444444444444",
    kind="time_bank",
    name="[bold]Lifts[/] & shopping — Łódź ☕",
    summary="Lifts to the shops",
    description="First line\nSecond line\twith a tab\n\n“Quotes” and emoji 🚗",
    organisation="Thurrock Time Bank",
    locality="South Ockendon",
    address="1 Example Road",
    postcode="rm15 5aa",
    latitude=51.50712345678901,
    longitude=0.28711111111111,
    phone="01708 000 123",
    email="lifts@example.org",
    website="example.org/lifts",
    schedule=[
        {"day": "tue", "start": "09:00", "end": "12:30", "week": -1},
        {"day": "mon", "start": "9:00", "end": "10:00"},
        {"day": "tue", "start": "13:00", "end": "14:00", "week": 1},
    ],
    schedule_note="Ring first",
    cost="time_credits",
    cost_note="1 hour = 1 credit",
    accessibility=["parking", "step_free"],
    audience=["older_people", "carers"],
    age_min=18,
    age_max=99,
    needs=["help-at-home", "getting-out"],
    languages=["English", "Polish"],
    status="paused",
    verified_on="2024-02-29",
    verified_by="Sam K",
    verified_how="provider_confirmed",
    created_at="2023-05-06T07:08:09.123456+01:00",
    created_by="Importer",
    updated_at="2024-03-01T10:00:00Z",
    updated_by="Editor",
    source="Time bank list, 2024",
    archived_at="2025-01-02T03:04:05.000001Z",
    details={"skill": "Driving", "availability": "Weekday mornings", "hours": 1.5},
)


def _round_trip(open_directory: OpenDirectory, tmp_path: Path, records: list[dict[str, Any]]) -> None:
    source = open_directory(records)
    first = tmp_path / "first.json"
    source.export_file(first)
    target = open_directory([])
    report = target.import_file(first, user="Someone Else")
    assert report.added == len(records)
    second = tmp_path / "second.json"
    target.export_file(second)
    assert json.loads(second.read_text("utf-8")) == json.loads(first.read_text("utf-8"))
    assert second.read_bytes() == first.read_bytes()


def test_export_import_export_is_exact(open_directory: OpenDirectory, tmp_path: Path) -> None:
    mini = json.loads(MINI_DIRECTORY.read_text("utf-8"))["assets"]
    _round_trip(open_directory, tmp_path, [*mini, AWKWARD])


def test_export_keeps_every_field(open_directory: OpenDirectory, tmp_path: Path) -> None:
    source = open_directory([AWKWARD])
    out = tmp_path / "out.json"
    count = source.export_file(out)
    assert count == 1
    exported = read_records(out)[0]
    assert exported["locality"] == "South Ockendon"  # stored under the locality's own name
    assert exported["postcode"] == "RM15 5AA"
    assert exported["website"] == "https://example.org/lifts"
    assert exported["created_at"].startswith("2023-05-06T06:08:09.123456")  # kept, in UTC
    assert exported["archived_at"].startswith("2025-01-02T03:04:05.000001")
    assert exported["verified_on"] == "2024-02-29"
    assert exported["details"] == {"skill": "Driving", "availability": "Weekday mornings", "hours": 1.5}
    assert exported["latitude"] == AWKWARD["latitude"]
    assert [s["week"] for s in exported["schedule"]] == [-1, None, 1]
    assert exported["description"] == AWKWARD["description"]
    assert exported["created_by"] == "Importer"


def test_sample_directory_round_trips_exactly(open_directory: OpenDirectory, tmp_path: Path) -> None:
    seed = require_seed()
    _round_trip(open_directory, tmp_path, json.loads(seed.read_text("utf-8"))["assets"])


def test_export_is_a_valid_directory_file_and_leaves_no_temporary_files(
    directory: Directory, tmp_path: Path, check: ReferenceCheck
) -> None:
    out = tmp_path / "exports" / "directory.json"
    assert directory.export_file(out, notice="Exported for a test") == 3
    assert sorted(p.name for p in out.parent.iterdir()) == ["directory.json"]
    data = json.loads(out.read_text("utf-8"))
    assert (data["format"], data["version"], data["notice"]) == (
        "asset-map/directory",
        1,
        "Exported for a test",
    )
    assert len(load_directory_file(out, check=check)) == 3


# ---------------------------------------------------------------- property tests

NEED_IDS = [
    "company",
    "getting-out",
    "active",
    "food",
    "help-at-home",
    "self-care",
    "caring",
    "dementia",
    "money",
    "housing",
    "learning",
    "work",
    "arts",
    "wellbeing",
    "pets",
    "families",
]
LOCALITIES = ["Tilbury", "Grays", "South Ockendon", "Stanford-le-Hope", "Chadwell St Mary"]
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def text_field(max_size: int, *, min_size: int = 0, multiline: bool = False) -> st.SearchStrategy[str]:
    """Text a person could type: no control characters, trimmed (as the model stores it)."""
    alphabet = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=BIDI)
    if multiline:
        alphabet = st.one_of(alphabet, st.sampled_from("\n\t"))

    def stored(text: str) -> str | None:
        try:
            return validation.clean_text(text, multiline=multiline)
        except ValueError:  # nothing visible, or a tag character: refused, as typed input is
            return None

    def kept(text: str | None) -> TypeGuard[str]:
        return text is not None and len(text) >= min_size

    return st.text(alphabet, max_size=max_size).map(stored).filter(kept)


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def slots(draw: st.DrawFn) -> dict[str, Any]:
    start, end = sorted(draw(st.lists(st.integers(0, 23 * 60 + 59), min_size=2, max_size=2, unique=True)))
    return {
        "day": draw(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
        "start": _time(start),
        "end": _time(end),
        "week": draw(st.sampled_from([None, 1, 2, 3, 4, -1])),
    }


optional_date = st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2099, 12, 31)))  # an expiry
past_date = st.one_of(st.none(), st.dates(date(1950, 1, 1), date.today()))  # a check, made already
optional_datetime = st.one_of(
    st.none(),
    st.datetimes(datetime(1970, 1, 1), datetime.now(), timezones=st.just(UTC)),
)


@st.composite
def valid_assets(draw: st.DrawFn, *, with_id: bool = False) -> AssetIn:
    kind = draw(st.sampled_from(list(Kind)))
    costs = [c for c in Cost if c != Cost.TIME_CREDITS or kind == Kind.TIME_BANK]
    ages = draw(st.one_of(st.none(), st.lists(st.integers(0, 120), min_size=2, max_size=2).map(sorted)))
    point = draw(st.one_of(st.none(), st.tuples(st.floats(-90, 90), st.floats(-180, 180))))
    data: dict[str, Any] = {
        "id": draw(st.uuids()) if with_id else draw(st.one_of(st.none(), st.uuids())),
        "kind": kind,
        "name": draw(text_field(120, min_size=1)),
        "summary": draw(text_field(200)),
        "description": draw(text_field(400, multiline=True)),
        "organisation": draw(text_field(120)),
        "locality": draw(st.sampled_from(LOCALITIES)),
        "address": draw(text_field(200)),
        "postcode": draw(st.sampled_from(["", "RM18 7NR", "rm17 5aa", "SS170AA"])),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "phone": draw(st.sampled_from(["", "01375 000123", "+44 1708 000 456"])),
        "email": draw(st.sampled_from(["", "hello@example.org"])),
        "website": draw(st.sampled_from(["", "example.org", "https://example.org/a?b=c"])),
        "schedule": draw(st.lists(slots(), max_size=4)),
        "schedule_note": draw(text_field(300)),
        "cost": draw(st.sampled_from(costs)),
        "cost_note": draw(text_field(200)),
        "age_min": ages[0] if ages else None,
        "age_max": ages[1] if ages else None,
        "accessibility": draw(st.lists(st.sampled_from(list(Access)), unique=True, max_size=4)),
        "audience": draw(st.lists(st.sampled_from(list(Audience)), unique=True, max_size=4)),
        "needs": draw(st.lists(st.sampled_from(NEED_IDS), unique=True, max_size=5)),
        "languages": draw(st.lists(text_field(40, min_size=1), unique=True, max_size=3)),
        "status": draw(st.sampled_from(list(Status))),
        "verified_on": draw(past_date),
        "verified_by": draw(text_field(80)),
        "verified_how": draw(st.sampled_from([None, "visited", "phoned", "provider_confirmed", "emailed"])),
        "source": draw(text_field(200)),
        "created_at": draw(optional_datetime),
        "created_by": draw(text_field(80)),
        "updated_at": draw(optional_datetime),
        "updated_by": draw(text_field(80)),
        "archived_at": draw(optional_datetime),
        "price": draw(text_field(120)),
        "area_served": draw(text_field(200)),
        "comes_to_home": draw(st.sampled_from([None, True, False])),
        "registration": draw(text_field(120)),
        "dbs_checked_on": draw(past_date),
        "insurance_expires_on": draw(optional_date),
        "safeguarding_trained_on": draw(past_date),
        "skill": draw(text_field(120)),
        "availability": draw(text_field(200)),
        "hours": draw(st.one_of(st.none(), st.floats(0, 1000))),
        "help_offered": draw(text_field(500, multiline=True)),
        "drop_in_sessions": draw(text_field(500, multiline=True)),
        "audience_note": draw(text_field(200)),
        "frequency": draw(text_field(120)),
    }
    return AssetIn.model_validate(data)


@settings(max_examples=80, deadline=None)
@given(valid_assets())
def test_any_valid_asset_round_trips_through_a_record(asset: AssetIn) -> None:
    record_ = input_to_record(asset)
    assert set(record_["details"]) <= set(ALL_DETAIL_FIELDS)
    assert not set(ALL_DETAIL_FIELDS) & (set(record_) - {"details"})
    assert record_to_input(record_).model_dump() == asset.model_dump()
    through_json = json.loads(json.dumps(record_, ensure_ascii=False))
    assert record_to_input(through_json).model_dump() == asset.model_dump()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(valid_assets(with_id=True), min_size=1, max_size=3, unique_by=lambda a: a.id))
def test_any_valid_asset_passes_the_schema_and_loads_back(
    tmp_path_factory: pytest.TempPathFactory, assets: list[AssetIn]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "file.json"
    directory_file.write_json_atomically(path, directory_file.directory_document(assets))
    loaded = load_directory_file(path)
    assert [a.model_dump() for a in loaded] == [a.model_dump() for a in assets]


FIELD_NAMES = sorted({*AssetIn.model_fields, "details"} - set(ALL_DETAIL_FIELDS))
INTERESTING_TEXT = st.sampled_from(
    [
        "",
        " ",
        "x" * 300,
        "2026-02-30",
        "2026-11-23",
        "2026-11-23T09:30:00",
        "2026-11-23T09:30:00+25:00",
        "99999-01-01",
        "RM18 7NR",
        "mon",
        "25:00",
        "\x1b[31m",
        "\ud800",
        "NaN",
        "hub",
        "time_credits",
        "11111111-1111-4111-8111-111111111111",
    ]
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    INTERESTING_TEXT,
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
mangled_records = st.builds(
    lambda base, changes: {**base, **changes},
    st.builds(
        lambda name: record(name=name, needs=["food"]), st.text(string.ascii_letters, min_size=1, max_size=8)
    ),
    st.dictionaries(st.sampled_from([*FIELD_NAMES, "schedule", "details"]), json_values, max_size=3),
)
any_file_content = st.one_of(
    json_values,
    st.builds(document, st.lists(st.one_of(mangled_records, json_values), max_size=4)),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_file_content)
def test_arbitrary_json_is_loaded_or_rejected_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, empty_checker: ReferenceCheck, content: Any
) -> None:
    path = tmp_path_factory.mktemp("any") / "any.json"
    path.write_text(json.dumps(content), "utf-8")
    try:
        loaded = load_directory_file(path, check=empty_checker)
    except FileRejected as exc:
        assert exc.errors
        assert all(isinstance(e.record, int | None) and isinstance(e.message, str) for e in exc.errors)
        str(exc)  # the message can always be shown
    else:
        assert all(isinstance(a, AssetIn) for a in loaded)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_rejected_cleanly(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "raw.json"
    path.write_bytes(raw)
    try:
        read_json(path)
    except FileRejected as exc:
        assert exc.errors[0].record is None


@pytest.fixture(scope="module")
def empty_checker(tmp_path_factory: pytest.TempPathFactory) -> ReferenceCheck:
    """A reference check that does not depend on a function-scoped fixture (for hypothesis)."""
    from asset_map.config import Settings

    folder = tmp_path_factory.mktemp("checker")
    seed = write_json(folder / "empty.json", document([]))
    opened = Directory.open(
        Settings(db_url=f"sqlite:///{folder / 'c.db'}", online_geocoding=False), seed=seed
    )
    check = opened.check_references
    opened.close()
    return check


def test_a_big_first_import_is_indexed_from_memory_and_found(
    empty_directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("asset_map.directory.live_index.REBUILD_AFTER", 1)  # any import counts as big
    records = [record(name=f"Knit Club {n}") for n in range(3)]
    records.append(record(name="Knit Club Gone", archived_at="2026-01-01T00:00:00Z"))
    empty_directory.import_file(write_directory_file(tmp_path / "big.json", records), user="Test User")
    found = empty_directory.search(empty_directory.make_query("knit club"))
    assert sorted(r.name for r in found.results) == ["Knit Club 0", "Knit Club 1", "Knit Club 2"]
    from_memory = {d.id: d.name for d in empty_directory.index.live_docs()}
    empty_directory.rebuild_index()  # the same, read back from the database
    assert {d.id: d.name for d in empty_directory.index.live_docs()} == from_memory
