"""The real Open Referral feeds in ../shared/feeds (see its README): each imports whole, or
every record not imported is named with its field and a reason that matches the data; the
export of what came in is valid (JSON and CSV, HSDS 3.0 and ORUK 3.0), and goes round
exactly (import -> export -> import into a fresh directory -> the same records).

A hypothesis test mangles feed records (keys missing, values of the wrong type, coordinates
swapped, ids repeated, items that are no object) and checks every record is imported or named
with its field and reason, never a traceback.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from asset_map.cli.output import format_asset
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.directory.hsds_export import export_hsds
from asset_map.directory.hsds_import import import_hsds
from asset_map.interop.errors import FileRejected
from asset_map.interop.hsds import HsdsImportReport, schemas
from asset_map.interop.hsds.taxonomy import stable_id
from asset_map.store.enums import Access, Audience, Cost, Delivery, Kind, Status
from asset_map.store.repo import asset_to_in
from asset_map.store.sources import AssetSource
from tests.conftest import FIXED_NOW, CliRun, write_directory_file, write_json

FEEDS = Path(__file__).parents[1].parent / "shared" / "feeds"
PROFILES = ("hsds-3.0", "oruk-3.0")


def feeds_or_skip() -> Path:
    if not (FEEDS / "README.md").is_file():
        pytest.skip(f"the real feeds are not in {FEEDS} (the shared 'feeds' folder)")
    return FEEDS


@dataclass(frozen=True)
class Expected:
    """What one feed holds and what becomes of it."""

    path: str  # under FEEDS: a file, or a folder (a package, or a folder of JSON files)
    feed: str
    records: int
    imported: int
    refused: dict[str, int]  # field -> records refused for it
    shape: str
    merged: int = 0


EXPECTED = [
    Expected("bristol-oruk1/services.json", "bristol", 819, 817, {"name": 1, "id": 1}, "ORUK 1.0"),
    Expected("northlincs-oruk1/services.json", "northlincs", 738, 738, {}, "ORUK 1.0"),
    Expected("miami-open211-hsds1.1-csv", "miami", 4089, 4089, {}, "HSDS 1.x tabular CSV"),
    Expected("ohana-smc-csv", "ohana", 23, 23, {}, "HSDS 1.x tabular CSV"),
    Expected("sample-hsds-datapackage-1.1", "sample", 13, 13, {}, "HSDS 1.x tabular CSV"),
    Expected("hsds-3.1-dev-examples", "examples", 6, 1, {}, "HSDS 3 paginated list", merged=5),
    Expected("hsds-3.1-dev-examples/csv", "examples-csv", 1, 1, {}, "HSDS 3.1 tabular CSV"),
    Expected("ohana-in-openreferral-2014", "ohana-2014", 21, 21, {}, "Open Referral 2014 CSV"),
    Expected(
        "oruk3-validator-mocks/service_list_Test.json", "oruk3-test", 128, 1, {"id": 127}, "HSDS 3 service"
    ),
    Expected("oruk3-validator-mocks/service_list_Default.json", "oruk3-default", 1, 1, {}, "HSDS 3 service"),
    Expected("oruk3-validator-mocks/service_list_Warn.json", "oruk3-warn", 1, 1, {}, "HSDS 3 service"),
    Expected(
        "oruk3-validator-mocks/service_list_Fail.json",
        "oruk3-fail",
        4,
        0,
        {"name": 3, "id": 1},
        "HSDS 3 service",
    ),
    Expected("oruk3-validator-mocks/service_full_Fail.json", "oruk3-full-fail", 1, 1, {}, "HSDS 3 service"),
]
LARGEST = "miami-open211-hsds1.1-csv"


def fresh_directory(folder: Path) -> Directory:
    """A directory with no entries (reference data only), its clock fixed."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = write_directory_file(folder / "seed.json", [])
    opened = Directory.open(
        Settings(db_url=f"sqlite:///{folder / 'dir.db'}", online_geocoding=False), seed=seed
    )
    opened.clock = lambda: FIXED_NOW
    return opened


def records(directory: Directory) -> dict[uuid.UUID, dict[str, Any]]:
    return {a.id: asset_to_in(a).model_dump() for a in directory.all_assets(include_archived=True)}


@dataclass
class Outcome:
    expected: Expected
    report: HsdsImportReport
    directory: Directory
    exported: dict[str, Any]  # the JSON export, read back
    package: Path  # the CSV export's folder
    again: dict[str, HsdsImportReport]  # "json" / "csv": the export imported into a fresh directory
    round_trip: dict[str, dict[uuid.UUID, dict[str, Any]]]
    re_exported: dict[str, Any]  # the JSON export of the directory the JSON export went into


def _param(expected: Expected) -> Any:
    marks = [pytest.mark.slow] if expected.path == LARGEST else []
    return pytest.param(expected, id=expected.feed, marks=marks)


@pytest.fixture(scope="module", params=[_param(e) for e in EXPECTED])
def outcome(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    """One feed imported into a fresh directory, exported as JSON and CSV, and each export
    imported into a fresh directory of its own."""
    expected: Expected = request.param
    folder = tmp_path_factory.mktemp(expected.feed)
    directory = fresh_directory(folder / "a")
    report = import_hsds(directory, feeds_or_skip() / expected.path, user="Importer", feed=expected.feed)
    export_hsds(directory, folder / "export.json")
    export_hsds(directory, folder / "package", tabular=True)
    opened = [directory]
    again, round_trip = {}, {}
    for kind, path in (("json", folder / "export.json"), ("csv", folder / "package")):
        other = fresh_directory(folder / kind)
        opened.append(other)
        again[kind] = import_hsds(other, path, user="Importer", feed=expected.feed)
        round_trip[kind] = records(other)
        if kind == "json":
            export_hsds(other, folder / "re-export.json")
    yield Outcome(
        expected,
        report,
        directory,
        json.loads((folder / "export.json").read_text("utf-8")),
        folder / "package",
        again,
        round_trip,
        json.loads((folder / "re-export.json").read_text("utf-8")),
    )
    for each in opened:
        each.close()


def refused_by_field(report: HsdsImportReport) -> dict[str, int]:
    """How many records were refused for each field (a record counts once per field)."""
    return dict(Counter(field for _, field in {(e.record, e.field) for e in report.skipped}))


def messages(report: HsdsImportReport) -> str:
    return "\n".join(str(e) for e in report.warnings + report.skipped)


def the(directory: Directory, name: str) -> Any:
    return next(a for a in directory.all_assets() if a.name == name)


# ---------------------------------------------------------------- every feed


def test_every_feed_in_the_shared_folder_is_tested() -> None:
    folder = feeds_or_skip()
    tested = {e.path for e in EXPECTED}
    for feed in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(feed.glob("*.json"))
        if (
            any(f.name == "datapackage.json" for f in files)
            or any(feed.glob("*.csv"))
            or any(feed.glob("*/*.csv"))
        ):
            assert str(feed.relative_to(folder)) in tested
        elif feed.name == "oruk3-validator-mocks":  # separate mocks of the validator: each its own feed
            assert {str(f.relative_to(folder)) for f in files} <= tested
        else:  # a feed in one file, or a folder of JSON files
            assert (
                str(feed.relative_to(folder)) in tested
                or {str(f.relative_to(folder)) for f in files} <= tested
            )


def test_counts_records_imported_and_refused_by_reason(outcome: Outcome) -> None:
    expected, report = outcome.expected, outcome.report
    assert report.records == expected.records
    assert (report.imported, report.added, report.merged) == (
        expected.imported,
        expected.imported,
        expected.merged,
    )
    assert refused_by_field(report) == expected.refused
    assert expected.shape in report.shapes
    # every record accounted for, once: imported, merged into an earlier one, or refused
    assert report.imported + report.merged + report.skipped_records == report.records
    assert all(1 <= e.record <= report.records and e.field and e.message for e in report.skipped if e.record)
    assert len(outcome.directory.all_assets(include_archived=True)) == expected.imported


def test_the_export_is_valid_json_and_csv_against_hsds_and_oruk(outcome: Outcome) -> None:
    assert len(outcome.exported["contents"]) == outcome.expected.imported
    for profile in PROFILES:
        assert schemas.document_errors(outcome.exported, profile) == [], profile
        assert schemas.tabular_errors(outcome.package, profile) == [], profile


def test_the_round_trip_is_exact(outcome: Outcome) -> None:
    before = records(outcome.directory)
    for kind in ("json", "csv"):
        report = outcome.again[kind]
        assert (report.added, report.skipped) == (len(before), []), kind
        assert outcome.round_trip[kind] == before, kind
    assert outcome.re_exported == outcome.exported


# ---------------------------------------------------------------- records, field by field


@pytest.fixture(scope="module")
def bristol(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Directory, HsdsImportReport]]:
    directory = fresh_directory(tmp_path_factory.mktemp("bristol"))
    report = import_hsds(
        directory, feeds_or_skip() / "bristol-oruk1" / "services.json", user="I", feed="bristol"
    )
    yield directory, report
    directory.close()


def test_bristol_record_numbers_stay_true_and_the_repeated_id_is_named(
    bristol: tuple[Directory, HsdsImportReport],
) -> None:
    directory, report = bristol
    first, repeated = report.skipped
    assert (first.record, first.field, first.message) == (1, "name", "the service has no name")
    assert (repeated.record, repeated.field, repeated.name) == (811, "id", "'Yoga for Fitness & Relaxation'")
    assert "also the id of record 374 ('Fishponds Yoga for Fitness & Wellbeing')" in repeated.message
    assert the(directory, "Fishponds Yoga for Fitness & Wellbeing").id == uuid.UUID(
        "2af617e5-4532-bebe-1036-ffdf2e93ce55"
    )
    # the last item is record 819, not 818
    warned = {w.record for w in report.warnings if w.name == "'Zumba Gold with Marie'"}
    assert warned == {819}
    the(directory, "Zumba Gold with Marie")


def test_a_bristol_service_field_by_field(bristol: tuple[Directory, HsdsImportReport]) -> None:
    directory, report = bristol
    people = the(directory, "1625 Independent People")
    assert people.id == uuid.UUID("2a3483ea-8966-4f50-9dc3-7bafa1e5c623")  # its own id, a UUID
    assert (people.organisation, people.website, people.email) == (
        "1625 Independent People",
        "http://1625ip.co.uk",
        "enquiries@1625ip.co.uk",
    )
    assert people.description.startswith("1625 Independent People works with young people aged 16 to 25")
    assert "<h4>" not in people.description
    assert (people.locality, people.address, people.latitude) == ("", "", None)  # list items: no place
    assert people.delivery == [Delivery.ONLINE]  # no place, no phone, a web address
    assert people.cost == Cost.UNKNOWN  # no fees stated: not "paid"
    assert (people.verified_on.isoformat(), people.verified_by, people.verified_how) == (
        "2023-04-13",
        "feed: bristol",
        None,
    )
    # the organisation's own id and description, and what the app has no field for, are kept
    assert people.feed_extra["organization"]["id"] == "42d3fa20-b36d-4822-b5dc-68029911caaf"
    assert people.feed_extra["organization"]["description"].startswith("1625 Independent People works")
    assert people.feed_extra["pc_targetAudience"] == [{"id": "Homeless", "audienceType": "Homeless"}]
    home = the(directory, "Autumn Years Friends and Home Help")
    assert (home.delivery, home.comes_to_home) == ([Delivery.HOME], True)  # attending_type "Home visit"
    assert home.how_to_join == "Assessment"  # attending_access
    assert set(home.audience) == {Audience.DEMENTIA, Audience.MEN, Audience.WOMEN, Audience.CARERS}
    assert home.feed_extra["deliverable_type"] == "1 to 1 support"
    ways = Counter(w for a in directory.all_assets() for w in a.delivery)
    assert ways[Delivery.PHONE] >= 4 and ways[Delivery.HOME] >= 2 and ways[Delivery.IN_PERSON] >= 13
    with Session(directory.engine) as session:
        link = session.exec(select(AssetSource).where(AssetSource.asset_id == home.id)).one()
    kept = {(t["vocabulary"], t["name"]) for t in link.terms}
    assert ("ORUK target audience", "Parkinsons") in kept and (
        "ORUK deliverable type",
        "1 to 1 support",
    ) in kept
    assert "delivery: not stated and no place given, only a web address; taken as online" in messages(report)


def test_a_bristol_entry_shows_no_empty_brackets(bristol: tuple[Directory, HsdsImportReport]) -> None:
    directory, _ = bristol
    text = format_asset(the(directory, "1625 Independent People"), directory)
    assert "Last verified: 2023-04-13 by feed: bristol\n" in text and "()" not in text


@pytest.mark.slow  # the largest feed, imported again
def test_miami_girl_scouts_has_its_address(tmp_path: Path) -> None:
    directory = fresh_directory(tmp_path / "miami")
    try:
        report = import_hsds(directory, feeds_or_skip() / LARGEST, user="I", feed="miami")
        scouts = the(directory, "GIRL SCOUTS COUNCIL OF TROPICAL FLORIDA, INC.")
        assert scouts.id == uuid.UUID(stable_id("feed", "miami", "136"))
        assert (scouts.address, scouts.locality, scouts.postcode) == ("11347 SW 160th Street", "Miami", "")
        assert scouts.feed_extra["address"] == {"state_province": "FL", "postal_code": "33157"}
        assert (scouts.latitude, scouts.delivery) == (None, [Delivery.IN_PERSON])
        assert (scouts.phone, scouts.email, scouts.website) == (
            "305-253-4841",
            "cwilkerson@girlscoutsfl.org",
            "https://www.girlscoutsfl.org",
        )
        assert [(s.day, s.start, s.end) for s in scouts.schedule] == [
            (day, "09:00", "17:00") for day in ("mon", "tue", "wed", "thu", "fri")
        ]
        assert scouts.schedule_note == "9:00am-5:00pm, Mon-Fri"  # the 1.x original_text
        assert (scouts.how_to_join, scouts.cost) == ("Call to register", Cost.UNKNOWN)
        assert scouts.languages[:2] == ["English", "Spanish"]
        assert scouts.description.endswith("self-worth.\n\n###MON###")  # its "\n" are line breaks
        text = messages(report)
        assert (
            "record 1 ('GIRL SCOUTS COUNCIL OF TROPICAL FLORIDA, INC.'): locality: 'Miami' is not a place "
            "the gazetteer knows; kept as written; found by words, shown without a distance"
        ) in text
        assert "postcode: '33157' is not a UK postcode (the address is in the United States)" in text
        # a web address no URI may hold is dropped, naming the record and the character
        assert "url: 'www.biscayneparkfl.gov/index.asp?Type=B_BASIC&SEC={D4C91E1B" in text
        assert "eligibility.csv: 2,244 rows name no service (service_id empty); not read" in text
        assert "the package's files were found in data/, not where datapackage.json says" in text
        step_free = [a for a in directory.all_assets() if Access.STEP_FREE in a.accessibility]
        assert len(step_free) > 1000  # "Handicap accessible"
        points = [(a.latitude, a.longitude) for a in directory.all_assets()]
        located = [(lat, lon) for lat, lon in points if lat is not None and lon is not None]
        assert located and all(18 < lat < 72 and -180 < lon < -66 for lat, lon in located)  # in the US
    finally:
        directory.close()


def test_the_oruk3_community_counselling_field_by_field(tmp_path: Path) -> None:
    directory = fresh_directory(tmp_path / "oruk3")
    try:
        path = feeds_or_skip() / "oruk3-validator-mocks" / "service_full_Fail.json"
        report = import_hsds(directory, path, user="I", feed="oruk3")
        counselling = the(directory, "Community Counselling")
        assert counselling.id == uuid.UUID("ac148810-d857-441c-9679-408f346de14b")
        assert (counselling.locality, counselling.address, counselling.postcode) == (
            "MyCity",
            "1-30 Main Street",
            "",
        )
        assert counselling.latitude is None  # (100, 101) is no place
        assert counselling.feed_extra["address"] == {
            "state_province": "MyState",
            "country": "US",
            "region": "MyRegion",
            "postal_code": "ABC 1234",
        }
        assert counselling.delivery == [
            Delivery.IN_PERSON,
            Delivery.ONLINE,
        ]  # "in-person or remotely via video"
        assert (counselling.age_min, counselling.age_max, counselling.status) == (12, 100, Status.ACTIVE)
        assert (counselling.cost, counselling.cost_note) == (Cost.PAID, "fees_description")
        assert set(counselling.accessibility) == {Access.HEARING_LOOP, Access.STEP_FREE}
        assert counselling.area_served.startswith(
            "The service is available to all residents of the MyCity area"
        )
        assert counselling.organisation == "Example Organization Inc."
        assert counselling.kind == Kind.GROUP
        assert counselling.feed_extra["alert"].startswith("Following COVID-19 we have moved")
        # "example/counselling" and "email-example_com" are no web or email address
        assert (counselling.website, counselling.email) == ("http://example.com", "email@example.com")
        text = messages(report)
        assert "url: 'example/counselling' is not usable (" in text
        assert "email: 'email-example_com' is not usable (" in text
        export_hsds(directory, tmp_path / "out.json")
        (service,) = json.loads((tmp_path / "out.json").read_text("utf-8"))["contents"]
        assert service["alert"] == counselling.feed_extra["alert"]  # given back where HSDS keeps it
        assert service["organization"]["id"] == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
        assert service["organization"]["description"].startswith("Example Org is a non-profit")
        address = service["service_at_locations"][0]["location"]["addresses"][0]
        assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
            "1-30 Main Street",
            "MyCity",
            "ABC 1234",
            "US",
        )
    finally:
        directory.close()


def test_coordinates_are_used_as_given_once_checked(tmp_path: Path) -> None:
    """In range, not (0, 0), not swapped: judged against the country when the gazetteer does not
    know the town (a US feed with latitude and longitude swapped), else refused with a reason."""
    directory = fresh_directory(tmp_path / "points")

    def at(name: str, lat: Any, lon: Any, **address: str) -> dict[str, Any]:
        service = copy.deepcopy(MIAMI_SERVICE) | {"id": name, "name": name}
        location = service["service_at_locations"][0]["location"]
        location.update(latitude=lat, longitude=lon)
        location["addresses"][0].update(address)
        return service

    try:
        page = [
            at("as given", 25.6154, -80.3756),
            at("swapped", -80.3756, 25.6154),
            at("in Essex", 51.46, 0.36),  # a Miami address with Tilbury's point
            at("nowhere", 0, 0),
            at("in Leeds, swapped", -1.55, 53.8, city="Leeds", postal_code="LS1 4AP", state_province=""),
        ]
        report = import_hsds(directory, write_json(tmp_path / "points.json", {"contents": page}), user="I")
        assert report.added == 5  # no place refuses a record
        points = {a.name: (a.latitude, a.longitude) for a in directory.all_assets()}
        assert points == {
            "as given": (25.6154, -80.3756),
            "swapped": (25.6154, -80.3756),
            "in Essex": (None, None),
            "nowhere": (None, None),
            "in Leeds, swapped": (53.8, -1.55),
        }
        text = messages(report)
        assert "record 2 ('swapped'): coordinates: (-80.3756, 25.6154) are not in the United States" in text
        assert "but swapped they are; swapped back" in text
        assert "record 3 ('in Essex'): coordinates: (51.46, 0.36) are not in the United States" in text
        assert "record 4 ('nowhere'): coordinates: (0, 0) is no place; dropped" in text
        assert (
            "record 5 ('in Leeds, swapped'): coordinates: (-1.55, 53.8) are not in the United Kingdom" in text
        )
    finally:
        directory.close()


def test_the_oruk3_test_page_reports_its_one_id_truthfully(tmp_path: Path) -> None:
    directory = fresh_directory(tmp_path / "test")
    try:
        path = feeds_or_skip() / "oruk3-validator-mocks" / "service_list_Test.json"
        report = import_hsds(directory, path, user="I", feed="test")
        assert (report.records, report.added, report.skipped_records) == (128, 1, 127)
        assert [e.record for e in report.skipped] == list(range(2, 129))
        assert all(
            e.field == "id" and "is also the id of record 1 ('Community Counselling')" in e.message
            for e in report.skipped
        )
    finally:
        directory.close()


def test_hsds_31_fields_the_app_has_none_for_are_kept_and_given_back(tmp_path: Path) -> None:
    directory = fresh_directory(tmp_path / "examples")
    try:
        import_hsds(directory, feeds_or_skip() / "hsds-3.1-dev-examples", user="I", feed="examples")
        counselling = the(directory, "Community Counselling")
        extra = counselling.feed_extra
        assert extra["additional_urls"] == [
            {"id": "30951f94-7b24-11ef-ba1b-a79405d4dcaa", "label": "Website", "url": "https://example.org"}
        ]
        assert extra["capacities"][0]["description"] == "Beds available for people experiencing homelessness."
        assert extra["wait_time"] == "wait_time" and extra["alert"].startswith("Following COVID-19")
        export_hsds(directory, tmp_path / "out.json")
        (service,) = json.loads((tmp_path / "out.json").read_text("utf-8"))["contents"]
        for key in ("additional_urls", "capacities", "alert", "wait_time"):
            assert service[key] == extra[key]
    finally:
        directory.close()


def test_ohana_and_the_2014_csv_read_their_own_tables(tmp_path: Path) -> None:
    directory = fresh_directory(tmp_path / "ohana")
    try:
        import_hsds(directory, feeds_or_skip() / "ohana-smc-csv", user="I", feed="ohana")
        fair_oaks = the(directory, "Fair Oaks Adult Activity Center")  # located by services.location_id
        assert (fair_oaks.address, fair_oaks.locality) == ("2600 Middlefield Road", "Redwood City")
        assert fair_oaks.feed_extra["address"] == {
            "state_province": "CA",
            "country": "US",
            "postal_code": "94063",
        }
        assert fair_oaks.latitude is not None and 37 < fair_oaks.latitude < 38  # in the US, as given
        assert fair_oaks.cost == Cost.LOW_COST  # "$2.50 suggested donation for lunch"
        assert fair_oaks.phone == "650 780-7525"
        assert {Access.STEP_FREE, Access.PARKING, Access.ACCESSIBLE_TOILET} <= set(fair_oaks.accessibility)
        assert fair_oaks.area_served == "Colma"  # services.service_areas, as text
    finally:
        directory.close()
    directory = fresh_directory(tmp_path / "2014")
    try:
        report = import_hsds(directory, feeds_or_skip() / "ohana-in-openreferral-2014", user="I", feed="2014")
        fair_oaks = the(
            directory, "Fair Oaks Adult Activity Center"
        )  # the location's name: none on the service
        assert fair_oaks.how_to_join == "Walk in or apply by phone."  # in the layout its exporter wrote
        assert fair_oaks.area_served == "Redwood City"
        assert fair_oaks.audience_note == "Age 55 or over for most programs, age 60 or over for lunch program"
        assert fair_oaks.organisation == "Peninsula Family Service"
        assert (fair_oaks.email, fair_oaks.website) == (
            "cgonzalez@peninsulafamilyservice.org",
            "http://www.peninsulafamilyservice.org",
        )
        assert fair_oaks.latitude is None  # "0.0,0.0"
        assert fair_oaks.feed_extra["wait_time"] == "No wait."
        text = messages(report)
        assert "name: none on the service; its location's, 'Fair Oaks Adult Activity Center', is used" in text
        assert "service.csv: 21 rows have 15 cells under 17 column names" in text
    finally:
        directory.close()


# ---------------------------------------------------------------- refusals and the command line


def test_the_import_command_exits_1_when_nothing_came_in(cli: CliRun, tmp_path: Path) -> None:
    mocks = feeds_or_skip() / "oruk3-validator-mocks"
    code, out, err = cli("import", mocks / "service_list_Fail.json", "--format", "hsds")
    assert code == 1
    assert "4 records: 0 added" in out and "none of the 4 records was imported" in err
    assert "record 1: name: the service has no name" in out
    code, out, _ = cli("import", mocks / "service_list_Test.json", "--format", "hsds")
    assert code == 0 and "128 records: 1 added" in out and "127 skipped" in out


def test_the_export_of_an_empty_directory_imports(tmp_path: Path) -> None:
    empty = fresh_directory(tmp_path / "empty")
    other = fresh_directory(tmp_path / "other")
    try:
        export_hsds(empty, tmp_path / "empty.json")
        export_hsds(empty, tmp_path / "empty-csv", tabular=True)
        for path in (tmp_path / "empty.json", tmp_path / "empty-csv"):
            report = import_hsds(other, path, user="I")
            assert (report.records, report.imported, report.skipped) == (0, 0, [])
    finally:
        empty.close()
        other.close()


# ---------------------------------------------------------------- mangled records


TILBURY_SERVICE: dict[str, Any] = {
    "id": "4c0f3f6e-8b8a-4d0e-9d7e-0a1b2c3d4e5f",
    "name": "Tilbury Knit and Natter",
    "description": "Knitting, tea and a chat.",
    "status": "active",
    "fees": "Free",
    "organization": {
        "id": "9b1c1f0e-0000-4000-8000-000000000001",
        "name": "Tilbury Crafters",
        "description": "",
    },
    "service_at_locations": [
        {
            "id": "sal-1",
            "location": {
                "id": "loc-1",
                "location_type": "physical",
                "latitude": 51.4625,
                "longitude": 0.3605,
                "addresses": [
                    {
                        "id": "adr-1",
                        "address_1": "Civic Square",
                        "city": "Tilbury",
                        "postal_code": "RM18 7NR",
                        "country": "GB",
                        "address_type": "physical",
                    }
                ],
            },
        }
    ],
}
MIAMI_SERVICE: dict[str, Any] = {
    "id": "136",
    "name": "Girl Scouts",
    "status": "",
    "url": "www.girlscoutsfl.org",
    "phones": [{"id": "p1", "number": "305-253-4841"}],
    "service_at_locations": [
        {
            "id": "136",
            "location": {
                "id": "136",
                "latitude": "25.6154",
                "longitude": "-80.3756",
                "addresses": [
                    {
                        "address_1": "11347 SW 160th Street",
                        "city": "Miami",
                        "state_province": "FL",
                        "postal_code": "33157",
                    }
                ],
            },
        }
    ],
}
BRISTOL_ITEM: dict[str, Any] = {
    "id": "354c346f-7989-5f48-bb84-cd6f020d51e9",
    "name": "Autumn Years Friends and Home Help",
    "description": "<p>Friendship service for people living in isolation</p>",
    "url": "www.autumnyearscommunitycare.com",
    "email": "info@autumnyearscommunitycare.com",
    "status": "active",
    "fees": "",
    "deliverable_type": "1 to 1 support",
    "attending_type": "Home visit",
    "attending_access": "Assessment",
    "assured_date": "2023-09-13",
    "organization": {"id": "71a92c61-3fae-a674-9ed9-f42328aea690", "name": "Autumn Years", "description": ""},
    "pc_targetAudience": [{"id": "ChronicallyIll", "audienceType": "Dementia "}],
}
BASES = (TILBURY_SERVICE, MIAMI_SERVICE, BRISTOL_ITEM)
wrong_types = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def _location(item: dict[str, Any]) -> dict[str, Any] | None:
    sals = item.get("service_at_locations")
    if (
        isinstance(sals, list)
        and sals
        and isinstance(sals[0], dict)
        and isinstance(sals[0].get("location"), dict)
    ):
        return sals[0]["location"]
    return None


@st.composite
def mangled_pages(draw: st.DrawFn) -> tuple[list[Any], dict[int, int], set[int]]:
    """(items, {record: the earlier record whose id it took}, records with only their
    coordinates swapped)."""
    items: list[Any] = []
    repeats: dict[int, int] = {}
    swapped_only: set[int] = set()
    for number in range(1, draw(st.integers(1, 6)) + 1):
        item = copy.deepcopy(draw(st.sampled_from(BASES)))
        item["id"] = f"{item['id']}-{number}"
        operations = draw(st.lists(st.sampled_from(["drop", "wrong", "deep", "swap", "repeat"]), max_size=3))
        swapped = False
        if draw(st.integers(0, 9)) == 0:
            items.append(draw(wrong_types))  # not an object at all
            continue
        for operation in operations:
            location = _location(item)
            if operation == "drop" and item:
                item.pop(draw(st.sampled_from(sorted(item))))
            elif operation == "wrong" and item:
                item[draw(st.sampled_from(sorted(item)))] = draw(wrong_types)
            elif operation == "deep" and location is not None:
                location[draw(st.sampled_from(sorted(location)))] = draw(wrong_types)
            elif operation == "swap" and location is not None:
                location["latitude"], location["longitude"] = (
                    location.get("longitude"),
                    location.get("latitude"),
                )
                swapped = not swapped  # twice is back as it was
            elif operation == "repeat" and number > 1:
                earlier = draw(st.integers(1, number - 1))
                if isinstance(items[earlier - 1], dict) and "id" in items[earlier - 1]:
                    item["id"] = items[earlier - 1]["id"]
        if swapped and set(operations) == {"swap"}:
            swapped_only.add(number)
        items.append(item)
    ids: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        key = (
            str(item.get("id")).strip()
            if isinstance(item, dict) and item.get("id") not in (None, "")
            else None
        )
        if key is not None and isinstance(item.get("id"), str | int | float) and key:
            if key in ids:
                repeats[number] = ids[key]
            else:
                ids[key] = number
    return items, repeats, swapped_only


@pytest.fixture(scope="module")
def mangled_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Directory, Path]]:
    folder = tmp_path_factory.mktemp("mangled")
    directory = fresh_directory(folder / "dir")
    yield directory, folder
    directory.close()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(page=mangled_pages())
def test_every_mangled_record_is_imported_or_named_with_field_and_reason(
    mangled_directory: tuple[Directory, Path], page: tuple[list[Any], dict[int, int], set[int]]
) -> None:
    directory, folder = mangled_directory
    items, repeats, swapped_only = page
    path = write_json(folder / "page.json", {"total_items": len(items), "total_pages": 1, "contents": items})
    feed = f"mangled-{uuid.uuid4()}"  # a new feed each time: no links from an earlier example
    try:
        report = import_hsds(directory, path, user="I", feed=feed)
    except FileRejected as rejected:  # only when no item was a service at all
        assert "no services found" in str(rejected)
        assert not any(isinstance(i, dict) for i in items) or all(
            "status" not in i and "name" not in i for i in items if isinstance(i, dict)
        )
        return
    assert report.records == len(items)
    assert report.imported + report.merged + report.skipped_records == report.records
    for error in report.skipped:
        assert error.record is not None and 1 <= error.record <= len(items)
        assert error.field and error.message
    refused = {e.record: e for e in report.skipped}
    for number, earlier in repeats.items():
        assert refused[number].field == "id" and f"also the id of record {earlier}" in refused[number].message
    for number in swapped_only - set(repeats):
        item = items[number - 1]
        if number in refused:
            continue
        location = _location(item)
        assert location is not None
        text = messages(report)
        assert f"record {number}" in text and "coordinates" in text  # put right or dropped, and said
