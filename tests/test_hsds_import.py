"""Open Referral import: the round trip is exact, re-imports update instead of duplicating,
published example data and a legacy ORUK 1.0 page import with every record mapped or reported,
and messy feeds follow the rules in docs/hsds.md."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from asset_map.directory.facade import Directory
from asset_map.directory.hsds_export import export_hsds
from asset_map.directory.hsds_import import default_feed_name, import_hsds
from asset_map.interop.errors import FileRejected
from asset_map.interop.hsds import HsdsImportReport
from asset_map.interop.hsds.from_hsds import Context, map_service
from asset_map.interop.hsds.taxonomy import stable_id
from asset_map.interop.hsds.terms import NeedWords
from asset_map.store.enums import Access, Cost, Delivery, Kind, Status, VerifiedHow
from asset_map.store.repo import asset_to_in
from asset_map.store.sources import AssetSource
from tests.conftest import TODAY, OpenDirectory, record, write_json

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "hsds" / "examples" / "hsds-3.0"


def examples_or_skip() -> Path:
    if not (EXAMPLES / "service_full.json").is_file():
        pytest.skip(f"the published HSDS example data is not in {EXAMPLES} (the shared 'hsds' folder)")
    return EXAMPLES


@pytest.fixture(scope="module")
def sample_export(seeded_directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hsds") / "sample.json"
    export_hsds(seeded_directory, path)
    return path


def contents(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text("utf-8"))["contents"]


def page(services: list[dict[str, Any]], number: int = 1, pages: int = 1) -> dict[str, Any]:
    return {
        "total_items": len(services) * pages,
        "total_pages": pages,
        "page_number": number,
        "size": len(services),
        "first_page": number == 1,
        "last_page": number == pages,
        "empty": not services,
        "contents": services,
    }


def service(**fields: Any) -> dict[str, Any]:
    """A plain HSDS 3.0 service from someone else's feed, in Tilbury, with fields overridden."""
    sid = fields.pop("id", str(uuid.uuid4()))
    location = {
        "id": str(uuid.uuid4()),
        "location_type": "physical",
        "latitude": 51.4625,
        "longitude": 0.3605,
        "addresses": [
            {
                "id": str(uuid.uuid4()),
                "address_1": "Civic Square",
                "city": "Tilbury",
                "state_province": "Essex",
                "postal_code": "RM18 7NR",
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }
    location.update(fields.pop("location", {}))
    built = {
        "id": sid,
        "name": "Tilbury Knit and Natter",
        "description": "Knitting, tea and a chat.",
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Tilbury Crafters", "description": ""},
        "service_at_locations": [{"id": str(uuid.uuid4()), "location": location}],
    }
    built.update(fields)
    return built


ImportFeed = Callable[..., HsdsImportReport]


@pytest.fixture
def feed_into(tmp_path: Path) -> Callable[[Directory], ImportFeed]:
    """import_hsds of a feed given as JSON-able data (written to a file first)."""
    counter = iter(range(1000))

    def bind(directory: Directory) -> ImportFeed:
        def run(data: Any, *, feed: str = "council", **kwargs: Any) -> HsdsImportReport:
            path = write_json(tmp_path / f"feed-{next(counter)}.json", data)
            return import_hsds(directory, path, user="Importer", feed=feed, **kwargs)

        return run

    return bind


def the(directory: Directory, name: str) -> Any:
    return next(a for a in directory.all_assets() if a.name == name)


def messages(report: HsdsImportReport) -> str:
    return "\n".join(str(e) for e in report.warnings + report.skipped)


# ---------------------------------------------------------------- round trip and re-import


def test_round_trip_is_exact(sample_export: Path, empty_directory: Directory, tmp_path: Path) -> None:
    report = import_hsds(empty_directory, sample_export, user="Importer")
    total = len(contents(sample_export))
    assert (report.added, report.updated, report.unchanged, report.skipped) == (total, 0, 0, [])
    again = tmp_path / "again.json"
    export_hsds(empty_directory, again)
    assert json.loads(again.read_text("utf-8")) == json.loads(sample_export.read_text("utf-8"))


def test_round_trip_through_the_csv_package_is_exact(
    seeded_directory: Directory, sample_export: Path, empty_directory: Directory, tmp_path: Path
) -> None:
    export_hsds(seeded_directory, tmp_path / "package", tabular=True)
    report = import_hsds(empty_directory, tmp_path / "package", user="Importer")
    assert report.added == len(contents(sample_export)) and not report.skipped
    export_hsds(empty_directory, tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text("utf-8")) == json.loads(
        sample_export.read_text("utf-8")
    )


def test_reimporting_the_same_feed_updates_instead_of_duplicating(
    sample_export: Path, empty_directory: Directory, tmp_path: Path
) -> None:
    import_hsds(empty_directory, sample_export, user="Importer")
    count = len(empty_directory.all_assets())
    again = import_hsds(empty_directory, sample_export, user="Importer")
    assert (again.added, again.updated, again.unchanged) == (0, 0, count)
    changed = contents(sample_export)
    changed[0]["name"] = changed[0]["name"] + " (new name)"
    report = import_hsds(
        empty_directory, write_json(tmp_path / "sample.json", page(changed)), user="Importer"
    )
    assert (report.added, report.updated, report.unchanged) == (0, 1, count - 1)
    assert len(empty_directory.all_assets()) == count
    assert empty_directory.get(uuid.UUID(changed[0]["id"])).name.endswith("(new name)")


def test_records_gone_from_the_feed_are_reported_not_deleted(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    run = feed_into(empty_directory)
    first, second = service(name="Stays"), service(name="Goes")
    run(page([first, second]))
    report = run(page([first]))
    assert [m.name for m in report.missing_from_feed] == ["Goes"]
    assert report.missing_from_feed[0].source_id == second["id"]
    assert the(empty_directory, "Goes").archived_at is None  # still there, untouched
    other = run(page([first]), feed="another council")
    assert other.missing_from_feed == []  # feeds are told apart by name


def test_one_page_of_many_reports_nothing_missing(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    run = feed_into(empty_directory)
    run(page([service(name="A"), service(name="B")]))
    report = run(page([service(name="C")], number=1, pages=3))
    assert report.missing_from_feed == []
    assert "only some pages" in messages(report)


def test_a_folder_of_pages_is_one_feed(empty_directory: Directory, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    write_json(folder / "page-1.json", page([service(name="One")], 1, 2))
    write_json(folder / "page-2.json", page([service(name="Two")], 2, 2))
    report = import_hsds(empty_directory, folder, user="Importer")
    assert report.added == 2 and report.feed == "pages"
    assert not any("only some pages" in str(w) for w in report.warnings)


def test_last_verified_moves_only_forward(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    run = feed_into(empty_directory)
    item = service(name="Checked", assured_date="2026-05-01")
    run(page([item]))
    asset = the(empty_directory, "Checked")
    assert (asset.verified_on.isoformat(), asset.verified_by) == ("2026-05-01", "feed: council")
    empty_directory.verify(asset.id, user="Sam K", how=VerifiedHow.VISITED)  # today: 2026-11-23
    report = run(page([item | {"assured_date": "2026-06-01"}]))
    assert report.unchanged == 1
    assert (the(empty_directory, "Checked").verified_by, the(empty_directory, "Checked").verified_how) == (
        "Sam K",
        "visited",
    )
    report = run(page([item | {"assured_date": "2026-11-20", "description": "New words."}]))
    assert report.updated == 1
    assert the(empty_directory, "Checked").verified_by == "Sam K"  # older than Sam's visit
    future = run(page([item | {"assured_date": "2027-01-01"}]))
    assert "in the future" in messages(future)


def test_a_feed_changes_only_what_it_speaks_for(
    open_directory: OpenDirectory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    directory = open_directory([])
    run = feed_into(directory)
    item = service(name="Natter")
    run(page([item]))
    asset = the(directory, "Natter")
    current = asset_to_in(asset).model_copy(
        update={"needs": ["company"], "inferred_needs": [], "kind": Kind.HUB}
    )
    directory.update(asset.id, current, user="Sam K")
    run(page([item | {"description": "New description."}]))
    after = the(directory, "Natter")
    assert after.description == "New description."
    assert after.need_ids == ["company"]  # needs added by hand stay
    assert after.kind == Kind.HUB  # the feed gave no kind: the one set by hand stays
    assert after.summary == "New description."  # the summary follows the description it came from


def test_an_import_is_all_or_nothing(sample_export: Path, empty_directory: Directory) -> None:
    def crash(done: int, total: int) -> None:
        if done == 5:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        import_hsds(empty_directory, sample_export, user="Importer", progress=crash)
    assert empty_directory.all_assets() == []
    with Session(empty_directory.engine) as session:
        assert session.exec(select(AssetSource)).all() == []


def test_progress_is_reported_and_the_search_index_updated(
    sample_export: Path, empty_directory: Directory
) -> None:
    calls: list[tuple[int, int]] = []
    import_hsds(empty_directory, sample_export, user="Importer", progress=lambda d, t: calls.append((d, t)))
    total = len(contents(sample_export))
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    outcome = empty_directory.search(empty_directory.make_query("memory cafe"))
    assert "Aveley Memory Café" in [r.name for r in outcome.results]


def test_a_first_import_is_indexed_from_memory_as_a_rebuild_indexes_it(
    sample_export: Path, empty_directory: Directory, tmp_path: Path
) -> None:
    """The new entries are indexed as written, not read back: the same facts, words and name
    order (entries of one name too) as the index rebuilt from the database."""
    services = contents(sample_export)
    services.sort(key=lambda s: s["id"], reverse=True)  # the feed's order is not the ids' order
    for service in services[:3]:
        service["name"] = "Knit and Natter"

    def state(directory: Directory) -> tuple[Any, ...]:
        index = directory.index
        ids = {pos: asset_id for asset_id, pos in index.slot.items()}
        ranked = [ids[p] for p in sorted(ids, key=lambda p: float(index.columns.arrays["name_rank"][p]))]
        postings = {}
        for term in set(index.term_index) | set(index.pending):
            found = index.postings(term)
            assert found is not None
            postings[term] = sorted(
                (str(ids[int(d)]), int(f)) for d, f in zip(found.docs, found.fields, strict=True) if d in ids
            )
        return {ids[p]: index.columns.doc(p) for p in ids}, ranked, {t: p for t, p in postings.items() if p}

    import_hsds(empty_directory, write_json(tmp_path / "feed.json", page(services)), user="Importer")
    from_memory = state(empty_directory)
    empty_directory.rebuild_index()
    assert state(empty_directory) == from_memory
    assert len(from_memory[0]) == len(services)


# ---------------------------------------------------------------- the published examples


@pytest.mark.parametrize(
    "name",
    [
        ".",
        "csv",
        "service_full.json",
        "service_list.json",
        "organization_full.json",
        "service_at_location_full.json",
        "tabular.json",
    ],
)
def test_published_examples_have_every_record_mapped_or_reported(
    empty_directory: Directory, name: str
) -> None:
    path = examples_or_skip() / name
    report = import_hsds(empty_directory, path, user="Importer")
    assert report.records == report.imported + report.merged + report.skipped_records
    assert (report.added, report.skipped) == (1, [])  # one service, "Community Counselling"
    asset = the(empty_directory, "Community Counselling")
    if name != "service_list.json":  # list items carry no location
        # in "MyCity" (USA), a place the gazetteer does not know: kept as written, with a warning
        assert (asset.locality, asset.latitude, asset.postcode) == ("MyCity", None, "")
        text = messages(report)
        assert "locality: 'MyCity' is not a place the gazetteer knows; kept as written" in text
        assert "(100, 101) are out of range" in text
        assert "'ABC 1234' is not a UK postcode" in text
        assert asset.feed_extra["address"]["postal_code"] == "ABC 1234"
    else:
        assert asset.locality == ""


def test_the_example_service_maps_every_field_once_it_is_in_thurrock(
    empty_directory: Directory, tmp_path: Path
) -> None:
    example = json.loads((examples_or_skip() / "service_full.json").read_text("utf-8"))
    address = example["service_at_locations"][0]["location"]["addresses"][0]
    address.update(city="Grays", postal_code="RM17 5BT", country="GB")  # moved, in memory only
    report = import_hsds(empty_directory, write_json(tmp_path / "moved.json", example), user="Importer")
    assert report.added == 1, messages(report)
    asset = the(empty_directory, "Community Counselling")
    assert (asset.locality, asset.postcode, asset.latitude) == ("Grays", "RM17 5BT", None)
    assert asset.organisation == "Example Organization Inc."
    assert (asset.email, asset.website) == ("email@example.com", "http://example.com/counselling")
    assert asset.phone == "+44 1234 234567"  # the quotes the example has around it are gone
    assert (asset.age_min, asset.age_max, asset.status) == (12, 100, Status.ACTIVE)
    assert asset.languages == ["Urdu"]
    assert set(asset.accessibility) == {Access.HEARING_LOOP, Access.STEP_FREE}
    assert asset.cost == Cost.PAID and asset.cost_note.startswith("Non-NHS patients")
    assert asset.verified_on.isoformat() == "2005-01-01"
    assert asset.registration.startswith("All of our practitioners")
    text = messages(report)
    assert "ended on 2005-01-01" in text  # its schedule ran out in 2005
    assert "kind: not given; taken as community group" in text
    with Session(empty_directory.engine) as session:
        link = session.exec(select(AssetSource)).one()
    assert link.source_id == example["id"] and link.terms == [
        {"vocabulary": "name", "name": "name", "code": "code"}
    ]


# ---------------------------------------------------------------- messy feeds


def test_html_emails_urls_and_coordinates_are_cleaned(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    report = feed_into(empty_directory)(
        page(
            [
                service(
                    name="Messy",
                    description="<p>Tea &amp; <b>cake</b>.</p><ul><li>Mondays</li></ul><script>x()</script>",
                    email="not-an-email",
                    url="javascript:alert(1)",
                    location={"latitude": 0.3605, "longitude": 51.4625},  # swapped
                ),
                service(name="Far away", location={"latitude": 200, "longitude": 0}),
            ]
        )
    )
    messy = the(empty_directory, "Messy")
    assert messy.description == "Tea & cake.\n\n• Mondays"
    assert messy.summary == "Tea & cake."
    assert (messy.email, messy.website) == ("", "")
    assert (messy.latitude, messy.longitude) == (51.4625, 0.3605)
    text = messages(report)
    assert "email: 'not-an-email' is not usable (it is not an email address" in text
    assert "url: 'javascript:alert(1)' is not usable (" in text
    assert "swapped" in text and "(200, 0) are out of range" in text
    assert "distances use postcode sector RM18 7" in text
    assert the(empty_directory, "Far away").latitude is None


def test_one_organisation_name_however_it_is_spelt(
    open_directory: OpenDirectory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    directory = open_directory([record(name="Ours", organisation="Thurrock Council")])
    feed_into(directory)(
        page(
            [
                service(name="A", organization={"id": str(uuid.uuid4()), "name": "THURROCK  COUNCIL "}),
                service(name="B", organization={"id": str(uuid.uuid4()), "name": "Tilbury Crafters Ltd"}),
                service(name="C", organization={"id": str(uuid.uuid4()), "name": "tilbury crafters ltd."}),
            ]
        )
    )
    assert the(directory, "A").organisation == "Thurrock Council"
    assert the(directory, "B").organisation == the(directory, "C").organisation == "Tilbury Crafters Ltd"


def test_unknown_taxonomies_are_kept_and_known_need_words_mapped(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed], tmp_path: Path
) -> None:
    attributes = [
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {"id": str(uuid.uuid4()), "name": "Lunch clubs", "taxonomy": "esdServiceTypes"},
        },
        {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {
                "id": str(uuid.uuid4()),
                "name": "Widowed",
                "code": "W1",
                "taxonomy": "esdCircumstances",
            },
        },
    ]
    report = feed_into(empty_directory)(page([service(name="Tagged", attributes=attributes)]))
    tagged = the(empty_directory, "Tagged")
    assert tagged.need_ids == ["food"]
    with Session(empty_directory.engine) as session:
        link = session.exec(select(AssetSource)).one()
    assert link.terms == [
        {"vocabulary": "esdServiceTypes", "name": "Lunch clubs"},
        {"vocabulary": "esdCircumstances", "name": "Widowed", "code": "W1"},
    ]
    assert "terms kept as tags on the source record: Widowed" in messages(report)
    export_hsds(empty_directory, tmp_path / "out.json")  # published again, under their vocabulary
    (exported,) = contents(tmp_path / "out.json")
    kept = [a["taxonomy_term"] for a in exported["attributes"] if a["link_type"] == "category"]
    assert [(t["taxonomy"], t["name"]) for t in kept] == [
        ("esdServiceTypes", "Lunch clubs"),
        ("esdCircumstances", "Widowed"),
    ]


def test_schedules_only_in_words_become_the_schedule_note(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    schedules = [
        {"id": str(uuid.uuid4()), "description": "Term time only, ring first"},
        {
            "id": str(uuid.uuid4()),
            "freq": "WEEKLY",
            "interval": 2,
            "byday": "MO",
            "opens_at": "10:00",
            "closes_at": "12:00",
        },
        {
            "id": str(uuid.uuid4()),
            "freq": "MONTHLY",
            "byday": "1TU,-1FR",
            "opens_at": "10:00:00Z",
            "closes_at": "11:30:00Z",
        },
        {"id": str(uuid.uuid4()), "byday": "WE", "opens_at": "18:00", "closes_at": "09:00"},
    ]
    report = feed_into(empty_directory)(page([service(name="Timed", schedules=schedules)]))
    timed = the(empty_directory, "Timed")
    assert [(s.day, s.start, s.end, s.week) for s in timed.schedule] == [
        ("tue", "10:00", "11:30", 1),
        ("fri", "10:00", "11:30", -1),
    ]
    assert (
        timed.schedule_note
        == "Term time only, ring first; Every 2 weeks Monday 10:00–12:00; Wednesday 18:00–09:00"
    )
    assert "opens at 18:00 but closes at 09:00" in messages(report)


def test_locality_from_the_postcode_or_the_point_else_reported(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    unknown_town = {
        "addresses": [
            {
                "id": str(uuid.uuid4()),
                "address_1": "1 High St",
                "city": "Nowhere",
                "postal_code": "rm16 4ab",
                "country": "GB",
            }
        ]
    }
    only_point = {"addresses": [], "latitude": 51.5175, "longitude": 0.4212}
    leeds = {
        "addresses": [
            {"id": str(uuid.uuid4()), "address_1": "1 Long Rd", "city": "Leeds", "postal_code": "LS1 4AP"}
        ],
        "latitude": 53.8,
        "longitude": -1.55,
    }
    report = feed_into(empty_directory)(
        page(
            [
                service(name="By postcode", location=unknown_town),
                service(name="By point", location=only_point),
                service(name="In Leeds", location=leeds),
            ]
        )
    )
    assert the(empty_directory, "By postcode").locality == "Chadwell St Mary"
    assert the(empty_directory, "By postcode").postcode == "RM16 4AB"
    assert the(empty_directory, "By point").locality == "Stanford-le-Hope"
    assert report.skipped == []  # a place the gazetteer does not know is kept
    leeds_entry = the(empty_directory, "In Leeds")
    assert (leeds_entry.locality, leeds_entry.postcode, leeds_entry.address) == (
        "Leeds",
        "LS1 4AP",
        "1 Long Rd",
    )
    assert (leeds_entry.latitude, leeds_entry.longitude) == (53.8, -1.55)  # used as given: in the UK
    text = messages(report)
    assert "record 3 ('In Leeds'): locality: 'Leeds' is not a place the gazetteer knows" in text
    assert "locality: taken as Chadwell St Mary from postcode sector RM16 4" in text
    assert "locality: taken as Stanford-le-Hope as the nearest to its coordinates" in text


# ---------------------------------------------------------------- invalid feeds


def test_invalid_records_get_clear_per_record_errors(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    report = feed_into(empty_directory)(
        page(
            [
                service(name="Fine"),
                service(name=""),
                service(id="", name="No id"),
                service(name="x" * 300, minimum_age=70, maximum_age=12),
            ]
        )
    )
    assert report.added == 2
    assert [(e.record, e.field) for e in report.skipped] == [(2, "name"), (3, "id")]
    text = messages(report)
    assert "record 4" in text and "name: 300 characters, cut to 120" in text
    assert "ages: minimum 70 is above maximum 12; both dropped" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"hello": "world"}), "no services found"),
        (json.dumps([]), "no services found"),
    ],
)
def test_unreadable_feeds_are_rejected_with_a_reason(
    empty_directory: Directory, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "feed.json"
    path.write_text(content, "utf-8")
    with pytest.raises(FileRejected, match=expected):
        import_hsds(empty_directory, path, user="Importer")


def test_default_feed_names(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "services.csv").write_text("id\n", "utf-8")
    (tmp_path / "thurrock.json").write_text("{}", "utf-8")
    assert default_feed_name(tmp_path / "thurrock.json") == "thurrock"
    assert default_feed_name(tmp_path / "pkg") == "pkg"
    assert default_feed_name(tmp_path / "pkg" / "services.csv") == "pkg"


# ---------------------------------------------------------------- legacy ORUK 1.0


LEGACY_PAGE: dict[str, Any] = {
    "totalElements": 2,
    "totalPages": 1,
    "number": 0,
    "size": 2,
    "first": True,
    "last": True,
    "content": [
        {
            "id": "1001",
            "name": "Stifford Clays Lunch Club",
            "description": "<p>A hot lunch &amp; a chat every <b>Thursday</b>.</p>",
            "url": "www.stiffordlunch.example.org",
            "email": "lunch@stiffordlunch.example.org",
            "status": "active",
            "fees": "£4 per lunch",
            "accreditations": None,
            "deliverable_type": None,
            "assured_date": "2026-06-01",
            "attending_type": "venue",
            "attending_access": "drop-in",
            "organization": {
                "id": "5a0fbd7e-3c1c-4e63-9a5c-1f2d1c3b9a01",
                "name": "Stifford Clays Community Association",
                "description": "Run by local volunteers",
                "url": "https://stiffordclays.example.org",
                "logo": None,
                "uri": None,
            },
            "service_taxonomys": [
                {
                    "id": "st1",
                    "taxonomy": {
                        "id": "esdNeeds:42",
                        "name": "Lunch clubs",
                        "vocabulary": "esdNeeds",
                        "parent": None,
                    },
                },
                {
                    "id": "st2",
                    "taxonomy": {
                        "id": "esdCircumstances:7",
                        "name": "Retired",
                        "vocabulary": "esdCircumstances",
                        "parent": None,
                    },
                },
            ],
            "regular_schedules": [
                {
                    "id": "rs1",
                    "freq": "WEEKLY",
                    "interval": 1,
                    "byday": "TH",
                    "opens_at": "12:00",
                    "closes_at": "14:00",
                    "description": "Every Thursday",
                }
            ],
            "holiday_schedules": [],
            "eligibilitys": [
                {
                    "id": "e1",
                    "eligibility": "Over 60s",
                    "minimum_age": 60,
                    "maximum_age": None,
                    "taxonomys": [],
                }
            ],
            "languages": [{"id": "l1", "language": "English"}, {"id": "l2", "language": "Polish"}],
            "contacts": [
                {
                    "id": "c1",
                    "name": "Pat",
                    "title": "Organiser",
                    "phones": [{"id": "p1", "number": "01375 000 111"}],
                }
            ],
            "service_areas": [{"id": "sa1", "service_area": "Stifford Clays and Grays", "uri": None}],
            "cost_options": [
                {"id": "co1", "option": "Lunch", "amount": 4.0, "amount_description": "per lunch"}
            ],
            "service_at_locations": [
                {
                    "id": "sal1",
                    "location": {
                        "id": "loc1",
                        "name": "St Mary's Hall",
                        "description": "",
                        "latitude": 51.4905,
                        "longitude": 0.3318,
                        "physical_addresses": [
                            {
                                "id": "pa1",
                                "address_1": "St Mary's Hall, Clays Road",
                                "city": "Stifford Clays",
                                "state_province": "Essex",
                                "postal_code": "RM16 2ST",
                                "country": "GB",
                            }
                        ],
                        "accessibility_for_disabilities": [
                            {"id": "a1", "accessibility": "Wheelchair accessible entrance"},
                            {"id": "a2", "accessibility": "Friendly volunteers"},
                        ],
                    },
                }
            ],
        },
        {
            "id": "1002",
            "name": "Leeds Advice Line",
            "organization": {
                "id": "5a0fbd7e-3c1c-4e63-9a5c-1f2d1c3b9a02",
                "name": "Leeds Advice",
                "description": "",
            },
            "service_at_locations": [
                {
                    "id": "sal2",
                    "location": {
                        "id": "loc2",
                        "physical_addresses": [
                            {
                                "id": "pa2",
                                "city": "Leeds",
                                "state_province": "West Yorkshire",
                                "postal_code": "LS1 4AP",
                                "country": "GB",
                            }
                        ],
                    },
                }
            ],
        },
    ],
}


def test_a_legacy_oruk_1_page_imports(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    run = feed_into(empty_directory)
    report = run(LEGACY_PAGE, feed="legacy council")
    assert "ORUK 1.0 page" in report.shapes
    assert (report.added, report.skipped_records) == (2, 0)  # a place the gazetteer does not know is kept
    leeds = the(empty_directory, "Leeds Advice Line")
    assert (leeds.locality, leeds.postcode, leeds.latitude) == ("Leeds", "LS1 4AP", None)
    assert leeds.feed_extra["address"] == {"state_province": "West Yorkshire"}
    lunch = the(empty_directory, "Stifford Clays Lunch Club")
    assert lunch.description == "A hot lunch & a chat every Thursday."
    assert (lunch.kind, lunch.locality, lunch.postcode) == (Kind.GROUP, "Stifford Clays", "RM16 2ST")
    assert (lunch.organisation, lunch.website) == (
        "Stifford Clays Community Association",
        "https://www.stiffordlunch.example.org",
    )
    assert (lunch.phone, lunch.email) == ("01375 000 111", "lunch@stiffordlunch.example.org")
    assert [(s.day, s.start, s.end, s.week) for s in lunch.schedule] == [("thu", "12:00", "14:00", None)]
    assert (lunch.age_min, lunch.audience_note, lunch.languages) == (60, "Over 60s", ["English", "Polish"])
    assert (lunch.cost, lunch.cost_note, lunch.area_served) == (
        Cost.LOW_COST,
        "£4 per lunch",
        "Stifford Clays and Grays",
    )
    assert lunch.accessibility == [Access.STEP_FREE]
    assert lunch.need_ids == ["food"]
    assert lunch.verified_on.isoformat() == "2026-06-01"
    assert lunch.id == uuid.UUID(stable_id("feed", "legacy council", "1001"))  # ids that are no UUIDs
    assert lunch.delivery == [Delivery.IN_PERSON] and lunch.how_to_join == "drop-in"  # attending_*
    again = run(LEGACY_PAGE, feed="legacy council")
    assert (again.added, again.unchanged) == (0, 2)
    assert "'Friendly volunteers' matches no access feature; kept as a tag" in messages(report)


@pytest.mark.parametrize(
    ("fields", "cost", "note"),
    [
        ({"fees": "Free, donations welcome"}, Cost.FREE, "Free, donations welcome"),
        ({"cost_options": [{"id": "c", "option": "Session", "amount": 0}]}, Cost.FREE, "Session: free"),
        (
            {"cost_options": [{"id": "c", "option": "Lunch", "amount": 4, "amount_description": "a plate"}]},
            Cost.LOW_COST,
            "Lunch: £4 a plate",
        ),
        ({"cost_options": [{"id": "c", "amount": 22.5}, {"id": "d", "amount": "nan"}]}, Cost.PAID, "£22.50"),
        ({"fees_description": "£3 for tea and cake"}, Cost.LOW_COST, "£3 for tea and cake"),
        ({"fees": "Ask at reception"}, Cost.PAID, "Ask at reception"),
        ({"fees": "None. Donations welcome"}, Cost.FREE, "None. Donations welcome"),
        ({"fees": "$2.50 suggested donation"}, Cost.LOW_COST, "$2.50 suggested donation"),
        ({}, Cost.UNKNOWN, ""),  # a feed that states no fees has said neither free nor paid
        ({"fees": ""}, Cost.UNKNOWN, ""),
    ],
)
def test_cost_rules(empty_directory: Directory, fields: dict[str, Any], cost: Cost, note: str) -> None:
    ctx = Context(empty_directory.gazetteer, NeedWords(empty_directory.needs.values()), "council", TODAY)
    mapped = map_service(service(**fields), ctx)
    assert (mapped.values["cost"], mapped.values["cost_note"]) == (cost, note)
    assert ("cost: no fees stated" in "\n".join(mapped.warnings)) == (cost == Cost.UNKNOWN)


def test_an_archived_entry_is_updated_and_stays_archived(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    run = feed_into(empty_directory)
    item = service(name="Old club")
    run(page([item]))
    empty_directory.archive(the(empty_directory, "Old club").id, user="Sam K")
    report = run(page([item | {"description": "Back again."}]))
    assert report.updated == 1 and "stays archived" in messages(report)
    assert the(empty_directory, "Old club").archived_at is not None


def test_a_feeds_service_terms_are_searched_but_not_whom_it_is_for(
    empty_directory: Directory, feed_into: Callable[[Directory], ImportFeed]
) -> None:
    """A 211 directory often says what a service is only by the AIRS term it files it under
    ("Food Stamps/SNAP Applications"); a target population ("Preadolescent Children") would match too
    widely, and a vocabulary we do not know may be one of audiences."""

    def term(name: str, code: str, vocabulary: str = "Open211 Miami - AIRS") -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "taxonomy_term": {"id": str(uuid.uuid4()), "name": name, "code": code, "taxonomy": vocabulary},
        }

    feed = [
        service(
            name="Benefits Office",
            description="Walk in.",
            attributes=[term("Food Stamps/SNAP Applications", "NL-6000.2000-220")],
        ),
        service(
            name="Day Centre",
            description="Walk in.",
            attributes=[term("Preadolescent Children", "YB-8000.1100")],
        ),
        service(
            name="Hospice", description="Walk in.", attributes=[term("Cancer", "C1", "ORUK target audience")]
        ),
    ]
    feed_into(empty_directory)(page(feed))

    def found(text: str) -> list[str]:
        return [r.name for r in empty_directory.search(empty_directory.make_query(text)).results]

    assert found("food stamps") == ["Benefits Office"]
    assert found("preadolescent") == [] and found("cancer") == []
    empty_directory.rebuild_index()  # read back from the stored source records
    assert found("snap") == ["Benefits Office"]
