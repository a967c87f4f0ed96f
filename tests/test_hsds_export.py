"""Open Referral export: the sample directory validates against HSDS 3.0 and ORUK 3.0, ids are
stable, every reference resolves, and the checks the schemas cannot make are made."""

from __future__ import annotations

import copy
import csv
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from asset_map.directory.facade import Directory
from asset_map.directory.hsds_export import export_hsds
from asset_map.interop.hsds import HsdsExportError, schemas
from asset_map.interop.hsds.checks import check_services, check_tables
from asset_map.interop.hsds.tabular import TABLES, flatten
from asset_map.interop.hsds.taxonomy import KINDS, NEEDS, URN, stable_id
from tests.conftest import TODAY, OpenDirectory, record


def shared_or_skip() -> Path:
    """The shared HSDS schema folder, or skip saying where it was looked for."""
    try:
        return schemas.shared_dir()
    except schemas.SchemaFilesMissing as exc:
        pytest.skip(str(exc))


def export_document(directory: Directory, path: Path) -> dict[str, Any]:
    export_hsds(directory, path)
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def exported(seeded_directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample directory exported once for the module (read only)."""
    return export_document(seeded_directory, tmp_path_factory.mktemp("hsds") / "export.json")


@pytest.fixture(scope="module")
def exported_csv(seeded_directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hsds-csv") / "package"
    export_hsds(seeded_directory, folder, tabular=True)
    return folder


def services(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["contents"]


def by_name(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in services(document) if s["name"] == name)


def terms(service: dict[str, Any], link_type: str) -> list[dict[str, Any]]:
    return [a["taxonomy_term"] for a in service["attributes"] if a["link_type"] == link_type]


# ---------------------------------------------------------------- the schemas


@pytest.mark.parametrize("profile", ["hsds-3.0", "oruk-3.0"])
def test_the_sample_directory_validates_against_both_schemas(exported: dict[str, Any], profile: str) -> None:
    shared_or_skip()
    assert len(services(exported)) >= 150
    assert schemas.document_errors(exported, profile) == []


def test_the_page_wrapper_is_an_hsds_page(exported: dict[str, Any]) -> None:
    shared = shared_or_skip()
    openapi = json.loads((shared / "hsds-3.0/schema/openapi.json").read_text("utf-8"))
    page = openapi["components"]["schemas"]["Page"]
    wrapper = {k: v for k, v in exported.items() if k != "contents"}
    assert set(wrapper) == set(page["properties"])
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no types published (types-jsonschema is not a dependency)

    assert list(Draft202012Validator(page).iter_errors(wrapper)) == []
    assert exported["total_items"] == len(exported["contents"])


def test_the_format_checker_really_checks_uris_and_emails(exported: dict[str, Any]) -> None:
    shared_or_skip()
    assert schemas.uri_checking_available(), (
        "URI formats are not checked: install jsonschema[format-nongpl] (rfc3986-validator)"
    )
    service = copy.deepcopy(services(exported)[0])
    service["url"] = "not a web address"
    service["email"] = "nobody-at-example.org"
    service["organization"]["website"] = "http://exa mple.org"
    for profile in ("hsds-3.0", "oruk-3.0"):
        problems = schemas.errors(service, profile, "service")
        assert any(p.startswith("url:") for p in problems), problems
        assert any(p.startswith("email:") for p in problems), problems
    assert any("website" in p for p in schemas.errors(service, "hsds-3.0", "service"))


def test_a_missing_schema_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(schemas.ENV, str(tmp_path / "nowhere"))
    with pytest.raises(schemas.SchemaFilesMissing, match="HSDS schema files are not in"):
        schemas.shared_dir()


# ---------------------------------------------------------------- ids and references


def test_every_reference_resolves_and_the_extra_checks_pass(exported: dict[str, Any]) -> None:
    assert check_services(services(exported), TODAY + timedelta(days=1)) == []


def test_ids_are_uuids_and_stable_across_exports(
    seeded_directory: Directory, exported: dict[str, Any], tmp_path: Path
) -> None:
    again = export_document(seeded_directory, tmp_path / "again.json")
    assert again == exported
    asset_ids = {str(a.id) for a in seeded_directory.all_assets(include_archived=False)}
    assert {s["id"] for s in services(exported)} == asset_ids  # the service id is the asset id
    for service in services(exported):
        location = service["service_at_locations"][0]["location"]
        assert location["id"] == stable_id("location", service["id"])
        uuid.UUID(service["organization_id"])


def test_one_organisation_per_name_and_time_bank_offers_belong_to_the_time_bank(
    exported: dict[str, Any],
) -> None:
    offers = [s for s in services(exported) if terms(s, "asset_kind")[0]["code"] == "time_bank"]
    assert len(offers) >= 10
    assert {s["organization"]["name"] for s in offers} == {"Thurrock Time Bank"}
    assert len({s["organization_id"] for s in offers}) == 1
    term = terms(offers[0], "asset_kind")[0]
    assert term["id"] == KINDS.term_id("time_bank")
    assert term["taxonomy_detail"]["uri"] == f"{URN}:kinds"


def test_needs_are_published_as_a_taxonomy_with_stable_ids_and_uris(exported: dict[str, Any]) -> None:
    shared_or_skip()
    seen = {}
    for service in services(exported):
        for term in terms(service, "need"):
            seen[term["code"]] = term
    assert {"company", "food", "dementia"} <= set(seen)
    food = seen["food"]
    assert food["id"] == NEEDS.term_id("food") == stable_id("term", "needs", "food")
    assert food["term_uri"] == f"{URN}:needs:food"
    assert food["taxonomy_id"] == NEEDS.id
    for profile in ("hsds-3.0", "oruk-3.0"):
        assert schemas.errors(food, profile, "taxonomy_term") == []


# ---------------------------------------------------------------- what each asset says


def test_schedules_use_rrule_fields(exported: dict[str, Any]) -> None:
    memory = by_name(exported, "Aveley Memory Café")  # last Tuesday of the month 10:30–12:30
    (schedule,) = memory["schedules"]
    assert (schedule["freq"], schedule["byday"]) == ("MONTHLY", "-1TU")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("10:30", "12:30")
    shed = by_name(exported, "Aveley Men's Shed")  # every Wednesday
    assert (shed["schedules"][0]["freq"], shed["schedules"][0]["byday"]) == ("WEEKLY", "WE")
    lunch = by_name(exported, "African Caribbean Elders' Lunch")  # 2nd and 4th Saturday
    assert [s["byday"] for s in lunch["schedules"]] == ["2SA", "4SA"]
    assert {s["notes"] for s in lunch["schedules"]} == {"Not in August"}


def test_cost_eligibility_languages_access_and_assurance(exported: dict[str, Any]) -> None:
    lunch = by_name(exported, "African Caribbean Elders' Lunch")
    assert lunch["fees"] == lunch["fees_description"] == "£3"  # ORUK `fees` and HSDS text alike
    assert lunch["cost_options"][0] | {"id": ""} == {
        "id": "",
        "service_id": lunch["id"],
        "option": "Low cost",
        "amount": 3.0,
        "currency": "GBP",
        "amount_description": "£3",
    }
    assert lunch["assured_date"] == "2025-04-10"
    assert [(lang["name"], lang.get("code")) for lang in lunch["languages"]] == [
        ("English", "en"),
        ("Yoruba", "yo"),
    ]
    location = lunch["service_at_locations"][0]["location"]
    assert [a["description"] for a in location["accessibility"]] == [
        "Step-free access",
        "Accessible toilet",
        "Bus stop nearby",
    ]
    assert location["addresses"][0]["postal_code"] == "RM17 5BT"
    assert terms(lunch, "eligibility")[0]["code"] == "older_people"
    assert lunch["eligibility_description"].startswith("Older people from African")


def test_micro_enterprises_publish_their_area_and_registration(exported: dict[str, Any]) -> None:
    care = by_name(exported, "Brightwell Care at Home")
    assert care["accreditations"] == "CQC registered"
    area = care["service_areas"][0]
    assert area["name"] == area["service_area"] == "Stanford-le-Hope, Corringham, East Tilbury and villages"
    fields = {a["taxonomy_term"]["code"]: a["value"] for a in care["attributes"] if "value" in a}
    assert fields["comes_to_home"] == "true"
    assert fields["insurance_expires_on"] == "2027-07-21"


# ---------------------------------------------------------------- the tabular form


def test_csv_files_are_named_and_laid_out_as_the_spec_says(exported_csv: Path) -> None:
    shared = shared_or_skip()
    package = json.loads((shared / "hsds-3.0" / "datapackage.json").read_text("utf-8"))
    spec = {
        r["name"]: (r["path"], tuple(f["name"] for f in r["schema"]["fields"])) for r in package["resources"]
    }
    assert spec == TABLES
    for name, (path, columns) in TABLES.items():
        with (exported_csv / path).open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns, name
    ours = json.loads((exported_csv / "datapackage.json").read_text("utf-8"))
    assert [r["path"] for r in ours["resources"]] == [r["path"] for r in package["resources"]]


@pytest.mark.parametrize("profile", ["hsds-3.0", "oruk-3.0"])
def test_csv_rows_validate_against_both_schemas(exported_csv: Path, profile: str) -> None:
    shared_or_skip()
    assert schemas.tabular_errors(exported_csv, profile) == []


def test_the_csv_package_publishes_the_whole_needs_taxonomy(
    exported_csv: Path, seeded_directory: Directory
) -> None:
    with (exported_csv / "taxonomy_terms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    needs = {r["code"]: r for r in rows if r["taxonomy_id"] == NEEDS.id}
    assert set(needs) == set(seeded_directory.need_labels)
    assert needs["pets"]["term_uri"] == f"{URN}:needs:pets" and needs["pets"]["name"] == "Pets"


def test_csv_foreign_keys_resolve(exported: dict[str, Any]) -> None:
    tables = flatten(services(exported))
    assert check_tables(tables) == []
    assert len(tables["service"]) == len(services(exported))
    assert len(tables["organization"]) < len(tables["service"])  # shared organisations, once each


# ---------------------------------------------------------------- the extra checks


def _problems(change: Any, exported: dict[str, Any]) -> list[str]:
    service = copy.deepcopy(by_name(exported, "African Caribbean Elders' Lunch"))
    change(service)
    return check_services([service], TODAY)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s["service_at_locations"][0]["location"].update(latitude=100), "latitude 100"),
        (lambda s: s["service_at_locations"][0]["location"].update(longitude=-181), "longitude -181"),
        (lambda s: s["schedules"][0].update(opens_at="15:00"), "opens at '15:00'"),
        (
            lambda s: s["service_at_locations"][0]["location"]["addresses"][0].update(postal_code="RM99"),
            "postcode",
        ),
        (lambda s: s.update(assured_date="2999-01-01"), "in the future"),
        (lambda s: s.update(assured_date="last week"), "not a date"),
        (lambda s: s.update(organization_id=str(uuid.uuid4())), "nested organization"),
        (lambda s: s["phones"][0].update(service_id=str(uuid.uuid4())), "does not match the service"),
        (lambda s: s["attributes"][0].update(link_id=str(uuid.uuid4())), "link_id"),
        (lambda s: s.update(id="not-a-uuid"), "not a UUID"),
    ],
)
def test_the_checks_schemas_cannot_make(change: Any, expected: str, exported: dict[str, Any]) -> None:
    problems = _problems(change, exported)
    assert any(expected in p for p in problems), problems


def test_dangling_csv_references_are_found(exported: dict[str, Any]) -> None:
    tables = flatten(services(exported)[:3])
    tables["phone"][0]["contact_id"] = str(uuid.uuid4())
    assert any("contact_id" in p for p in check_tables(tables))


@pytest.fixture
def future_verified(open_directory: OpenDirectory) -> Iterator[Directory]:
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    yield open_directory([record(name="From the future", verified_on=tomorrow, verified_by="Jo")])


def test_an_export_that_breaks_a_check_writes_nothing(future_verified: Directory, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(HsdsExportError, match=r"From the future.*in the future"):
        export_hsds(future_verified, target)
    assert not target.exists()


def test_archived_entries_are_not_published(open_directory: OpenDirectory, tmp_path: Path) -> None:
    directory = open_directory([record(name="Kept"), record(name="Gone")])
    gone = next(a for a in directory.all_assets() if a.name == "Gone")
    directory.archive(gone.id, user="Test User")
    document = export_document(directory, tmp_path / "out.json")
    assert [s["name"] for s in services(document)] == ["Kept"]
