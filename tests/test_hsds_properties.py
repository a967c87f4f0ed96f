"""Property tests of the Open Referral mapping, both ways.

Our asset -> HSDS service -> our asset gives back exactly the asset (through JSON and through
the CSV package's files, whose cells never start a spreadsheet formula); any service a feed
might send, whatever it puts where, either maps to a valid asset or is refused with a reason,
never a crash; schedules and HTML follow their rules for any input.
"""

from __future__ import annotations

import csv
import html
import json
import tempfile
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from asset_map.interop.errors import FileRejected
from asset_map.interop.hsds import schemas, tabular, to_hsds
from asset_map.interop.hsds import text as text_module
from asset_map.interop.hsds.checks import check_services
from asset_map.interop.hsds.export import write_tables
from asset_map.interop.hsds.feeds import read_feed
from asset_map.interop.hsds.from_hsds import Context, Mapped, map_service
from asset_map.interop.hsds.schedules import read_schedules, slot_to_schedule
from asset_map.interop.hsds.terms import NeedWords
from asset_map.interop.hsds.text import strip_html, text_by_html_parser, tidy
from asset_map.interop.hsds.where import MappingProblem
from asset_map.places import Gazetteer, LocalityInfo, PostcodeInfo
from asset_map.store.enums import Access, Audience, Cost, Kind, Status, VerifiedHow
from asset_map.store.models import AssetIn, Need, SlotFields
from asset_map.store.reference import packaged_json
from tests.conftest import TODAY


def _gazetteer() -> Gazetteer:
    """The built-in gazetteer from the packaged data, without a database."""
    data = packaged_json("gazetteer.json")
    areas = {a["id"]: a["name"] for a in data["areas"]}
    localities = [
        LocalityInfo(
            loc["name"], loc["area"], areas[loc["area"]], (loc["lat"], loc["lon"]), tuple(loc["aliases"])
        )
        for loc in data["localities"]
    ]
    postcodes = [
        PostcodeInfo(d["district"], "district", (d["lat"], d["lon"]), d["name"], None, d["in_borough"])
        for d in data["districts"]
    ] + [
        PostcodeInfo(s["sector"], "sector", (s["lat"], s["lon"]), "", s["locality"]) for s in data["sectors"]
    ]
    return Gazetteer(localities, postcodes)


GAZETTEER = _gazetteer()
NEEDS = [
    Need(id=n["id"], label=n["label"], synonyms=n["synonyms"]) for n in packaged_json("needs.json")["needs"]
]
NEED_LABELS = {n.id: n.label for n in NEEDS}
CONTEXT = Context(GAZETTEER, NeedWords(NEEDS), "property feed", TODAY)


def text(max_size: int, *, min_size: int = 0, multiline: bool = False) -> st.SearchStrategy[str]:
    """Any text our model accepts: markup-like, spaced, accented, emoji — no control characters."""
    # No format characters (zero-width, soft hyphen, tags) or line separators: the model trims
    # or refuses them, and text of nothing but them is no text.
    alphabet: st.SearchStrategy[str] = st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))
    alphabet = st.one_of(
        alphabet, st.sampled_from(["<b>", "&amp;", "  ", "£", "é", " ", "=", "+", "-", "@", "'", "'="])
    )
    if multiline:
        alphabet = st.one_of(alphabet, st.just("\n"))
    return (
        st.lists(alphabet, max_size=max_size)
        .map(lambda parts: "".join(parts)[:max_size].strip())
        .filter(lambda s: len(s) >= min_size)
    )


@st.composite
def slots(draw: st.DrawFn) -> dict[str, Any]:
    start, end = sorted(draw(st.lists(st.integers(0, 23 * 60 + 59), min_size=2, max_size=2, unique=True)))
    return {
        "day": draw(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
        "start": f"{start // 60:02d}:{start % 60:02d}",
        "end": f"{end // 60:02d}:{end % 60:02d}",
        "week": draw(st.sampled_from([None, 1, 2, 3, 4, -1])),
    }


stamps = st.one_of(st.none(), st.datetimes(datetime(1990, 1, 1), datetime.now(), timezones=st.just(UTC)))
dates = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2090, 1, 1)))  # an expiry
past_dates = st.one_of(st.none(), st.dates(date(1990, 1, 1), date.today()))  # a check, made already


@st.composite
def assets(draw: st.DrawFn) -> AssetIn:
    kind = draw(st.sampled_from(list(Kind)))
    ages = draw(st.one_of(st.none(), st.lists(st.integers(0, 120), min_size=2, max_size=2).map(sorted)))
    point = draw(st.one_of(st.none(), st.tuples(st.floats(-90, 90), st.floats(-180, 180))))
    values: dict[str, Any] = {
        "id": draw(st.uuids()),
        "kind": kind,
        "name": draw(text(120, min_size=1)),
        "summary": draw(text(200)),
        "description": draw(text(600, multiline=True)),
        "organisation": draw(st.one_of(st.just(""), st.just("Thurrock Time Bank"), text(120))),
        "locality": draw(st.sampled_from(sorted(GAZETTEER.localities))),
        "address": draw(text(200)),
        "postcode": draw(st.sampled_from(["", "RM18 7NR", "rm17 5bt", "SS178BD", "CM13 1AA"])),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "phone": draw(st.sampled_from(["", "01375 000123", "+44 1708 000 456", "07700  900123"])),
        "email": draw(
            st.sampled_from(["", "hello@example.org", "a.b+c@sub.example.co.uk", "-x@example.org"])
        ),
        "website": draw(st.sampled_from(["", "example.org", "https://example.org/a?b=c&d=%20e"])),
        "schedule": draw(st.lists(slots(), max_size=4)),
        "schedule_note": draw(text(300)),
        "cost": draw(st.sampled_from([c for c in Cost if c != Cost.TIME_CREDITS or kind == Kind.TIME_BANK])),
        "cost_note": draw(
            st.one_of(text(200), st.sampled_from(["£3", "£2.50 with tea", "Free", "£1 or £2"]))
        ),
        "age_min": ages[0] if ages else draw(st.one_of(st.none(), st.integers(0, 120))),
        "age_max": ages[1] if ages else None,
        "status": draw(st.sampled_from(list(Status))),
        "verified_on": draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), TODAY))),
        "verified_by": draw(text(80)),
        "verified_how": draw(st.one_of(st.none(), st.sampled_from(list(VerifiedHow)))),
        "source": draw(text(200)),
        "accessibility": draw(st.lists(st.sampled_from(list(Access)), unique=True, max_size=5)),
        "audience": draw(st.lists(st.sampled_from(list(Audience)), unique=True, max_size=4)),
        "needs": draw(st.lists(st.sampled_from(sorted(NEED_LABELS)), unique=True, max_size=6)),
        "languages": draw(st.lists(text(40, min_size=1), unique=True, max_size=4)),
        "created_at": draw(stamps),
        "created_by": draw(text(80)),
        "updated_at": draw(stamps),
        "updated_by": draw(text(80)),
        "price": draw(text(120)),
        "area_served": draw(text(200)),
        "comes_to_home": draw(st.sampled_from([None, True, False])),
        "registration": draw(text(120)),
        "dbs_checked_on": draw(past_dates),
        "insurance_expires_on": draw(dates),
        "safeguarding_trained_on": draw(past_dates),
        "skill": draw(text(120)),
        "availability": draw(text(200)),
        "hours": draw(st.one_of(st.none(), st.floats(0, 1000))),
        "help_offered": draw(text(500, multiline=True)),
        "drop_in_sessions": draw(text(500, multiline=True)),
        "audience_note": draw(text(200)),
        "frequency": draw(text(120)),
    }
    return AssetIn.model_validate(values)


def exported(asset: AssetIn) -> dict[str, Any]:
    """The asset as its export writes it (through JSON, as a file would carry it)."""
    built = to_hsds.service(asset, to_hsds.organization(asset, [asset.name]), NEED_LABELS)
    return json.loads(json.dumps(built, ensure_ascii=False))


def as_imported(mapped: Mapped) -> AssetIn:
    """What import makes of our own record (see importing._Run.verified)."""
    verified = {
        "verified_on": mapped.assured,
        "verified_by": mapped.values.get("verified_by") or "",
        "verified_how": mapped.values.get("verified_how"),
    }
    return AssetIn.model_validate(mapped.values | verified | {"id": uuid.UUID(mapped.source_id)})


def comparable(asset: AssetIn) -> dict[str, Any]:
    return asset.model_dump(mode="json", exclude={"archived_at"})


# ---------------------------------------------------------------- our asset -> HSDS -> our asset


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assets())
def test_an_asset_survives_export_and_import_exactly(asset: AssetIn) -> None:
    mapped = map_service(exported(asset), CONTEXT)
    assert mapped.own
    assert comparable(as_imported(mapped)) == comparable(asset)


def would_run(text: str, column: str) -> bool:
    """A cell a spreadsheet would run (OWASP's list, also after spaces); a number is a number."""
    if tabular.TYPES.get(column) == "number" and text.strip() == text:
        try:
            float(text)
        except ValueError:
            pass
        else:
            return False
    return text.startswith(("=", "+", "-", "@", "\t", "\r")) or text.lstrip()[:1] in {"=", "+", "-", "@"}


def formula_cells(folder: Path) -> list[str]:
    """Cells of a CSV package a spreadsheet would run (a plain number in a number column is a number)."""
    found = []
    for filename, columns in tabular.TABLES.values():
        with (folder / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found += [f"{filename} {c}: {row[c]!r}" for c in columns if would_run(row[c], c)]
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assets())
def test_an_asset_survives_the_csv_package_exactly_and_safely(asset: AssetIn) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_tables(Path(folder) / "package", tabular.flatten([exported(asset)]))
        assert formula_cells(Path(folder) / "package") == []
        (service,) = read_feed(Path(folder) / "package").services
    assert comparable(as_imported(map_service(service, CONTEXT))) == comparable(asset)


cells = st.text(st.sampled_from("=+-@'\t\r \n0123456789.eEaZ£\u00a0")) | st.text()


@given(cells, st.sampled_from(["name", "number", "latitude", "amount", ""]))
def test_a_cell_is_never_a_formula_and_reads_back_exactly(value: str, column: str) -> None:
    written = tabular.cell(value, column)
    assert tabular.from_cell(written) == value
    assert not would_run(written, column)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assets())
def test_every_exported_asset_validates_and_passes_the_extra_checks(asset: AssetIn) -> None:
    try:
        schemas.shared_dir()
    except schemas.SchemaFilesMissing as exc:
        pytest.skip(str(exc))
    service = exported(asset)
    assert check_services([service], TODAY) == []
    for profile in ("hsds-3.0", "oruk-3.0"):
        assert schemas.errors(service, profile, "service") == []


# ---------------------------------------------------------------- any feed -> our asset or a reason

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.sampled_from([10**400, -(10**400), 2**1023 * 2]),  # integers no float can hold
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["", "  ", "<p>Hi &amp; bye</p>", "9999-12-31T23:59:59-01:00", "RM18 7NR", "rm16 4ab", "2O26-01-01"]
    ),
)
times = st.one_of(junk, st.sampled_from(["10:00", "9:30", "10:00:00Z", "23:59+01:00", "2400", "12:60"]))
schedule_items = st.fixed_dictionaries(
    {},
    optional={
        "id": junk,
        "freq": st.one_of(junk, st.sampled_from(["WEEKLY", "MONTHLY", "DAILY"])),
        "byday": st.one_of(junk, st.sampled_from(["MO", "1TU,-1FR", "5WE", "XX", "mo, tu"])),
        "interval": junk,
        "bymonthday": junk,
        "opens_at": times,
        "closes_at": times,
        "valid_to": junk,
        "description": junk,
        "notes": junk,
        "weekday": junk,
    },
)
addresses = st.fixed_dictionaries(
    {"city": st.sampled_from([*sorted(GAZETTEER.localities), "S Ockendon", "Grays Thurrock", "MyCity", ""])},
    optional={
        "address_1": junk,
        "address_2": junk,
        "postal_code": st.one_of(
            junk, st.sampled_from(["RM17 5BT", "SS17 0AA", "RM14 3AB", "LS1 4AP", "ABC 1234"])
        ),
        "address_type": junk,
    },
)
locations = st.fixed_dictionaries(
    {"addresses": st.lists(st.one_of(addresses, junk), min_size=1, max_size=2).map(lambda a: [a[0], *a[1:]])},
    optional={
        "latitude": st.one_of(st.floats(51.3, 51.7), junk),
        "longitude": st.one_of(st.floats(0.1, 0.6), junk),
        "accessibility": st.lists(st.fixed_dictionaries({}, optional={"description": junk}), max_size=3),
        "name": junk,
    },
)
feed_services = st.fixed_dictionaries(
    {
        "id": st.one_of(st.uuids().map(str), st.integers(1, 10**6)),
        "name": st.one_of(st.text(min_size=1, max_size=150), st.just("<b>Lunch</b> &amp; chat"), junk),
        "service_at_locations": st.lists(
            st.fixed_dictionaries({"location": locations}), min_size=1, max_size=2
        ),
    },
    optional={
        "description": junk,
        "status": st.one_of(junk, st.sampled_from(["active", "inactive", "defunct", "temporarily closed"])),
        "url": junk,
        "email": junk,
        "fees": junk,
        "fees_description": junk,
        "minimum_age": junk,
        "maximum_age": junk,
        "assured_date": junk,
        "last_modified": junk,
        "accreditations": junk,
        "eligibility_description": junk,
        "organization": st.fixed_dictionaries({}, optional={"name": junk, "email": junk, "website": junk}),
        "phones": st.lists(
            st.fixed_dictionaries(
                {"number": st.one_of(st.sampled_from(["01375 000123", '"+44 1375 000 123"']), junk)}
            ),
            max_size=3,
        ),
        "schedules": st.lists(
            st.one_of(
                st.builds(
                    lambda s: {"byday": s["day"][:2].upper(), "opens_at": s["start"], "closes_at": s["end"]},
                    slots(),
                ),
                schedule_items,
            ),
            max_size=4,
        ),
        "languages": st.lists(st.fixed_dictionaries({}, optional={"name": junk, "code": junk}), max_size=3),
        "cost_options": st.lists(
            st.fixed_dictionaries({}, optional={"amount": junk, "option": junk}), max_size=2
        ),
        "service_areas": st.lists(st.fixed_dictionaries({}, optional={"name": junk}), max_size=2),
        "attributes": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "taxonomy_term": st.fixed_dictionaries({}, optional={"name": junk, "taxonomy": junk})
                },
            ),
            max_size=3,
        ),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feed_services)
@example({"id": "e3e70682-c209-4cac-629f-6fbed82c07cd", "name": "0", "last_modified": 6.366020581551e126})
def test_any_feed_service_maps_to_a_valid_asset_or_a_reason(service: dict[str, Any]) -> None:
    maps_to_a_valid_asset_or_a_reason(service)


def maps_to_a_valid_asset_or_a_reason(service: dict[str, Any]) -> None:
    try:
        mapped = map_service(service, CONTEXT)
    except MappingProblem as problem:
        assert problem.field in {"id", "name"} and problem.message
        return
    asset = AssetIn.model_validate(mapped.values | {"id": uuid.uuid4(), "verified_on": mapped.assured})
    # a place the gazetteer does not know is kept as written, and said
    known = asset.locality in GAZETTEER.localities or not asset.locality
    assert known or any(w.startswith("locality: ") for w in mapped.warnings)
    if asset.latitude is not None:
        assert asset.longitude is not None  # a point has both
        assert -90 <= asset.latitude <= 90 and -180 <= asset.longitude <= 180
    assert mapped.assured is None or mapped.assured <= TODAY
    assert all(isinstance(w, str) and ": " in w for w in mapped.warnings)


# Any JSON value at all, as a hostile feed may put anywhere: deep lists, huge numbers, odd keys.
any_json = st.recursive(
    junk | st.sampled_from(["services.csv", "contents", "=cmd|' /C calc'!A0", "../../etc/passwd"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=12,
)
service_keys = st.sampled_from(
    [
        "id", "name", "description", "organization", "service_at_locations", "schedules", "phones",
        "contacts", "languages", "cost_options", "service_areas", "attributes", "minimum_age",
        "maximum_age", "assured_date", "last_modified", "status", "fees", "url", "email",
        "eligibilitys", "regular_schedules", "service_taxonomys", "location", "services", "contents",
    ]
)  # fmt: skip


@st.composite
def hostile_services(draw: st.DrawFn) -> dict[str, Any]:
    """A feed service with any key's value, or a value deep inside it, replaced by any JSON."""
    service = draw(feed_services)
    for _ in range(draw(st.integers(1, 4))):
        target: Any = service
        for _ in range(draw(st.integers(0, 3))):  # walk down into a nested dict or list
            children = list(target.values()) if isinstance(target, dict) else target
            containers = [c for c in children if isinstance(c, dict | list)]
            if not containers:
                break
            target = draw(st.sampled_from(containers))
        if isinstance(target, dict):
            target[draw(service_keys)] = draw(any_json)
        elif isinstance(target, list) and target:
            target[draw(st.integers(0, len(target) - 1))] = draw(any_json)
    return service


def read_as_a_feed_file(document: Any) -> None:
    """Written to a file and read as a feed: refused with a reason, or every service it yields
    maps to a valid asset or a reason (legacy ones reshaped first, as import does)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.json"
        path.write_text(json.dumps(document), "utf-8")
        try:
            feed = read_feed(path)
        except FileRejected as exc:
            assert str(exc)
            return
    for service in feed.services:
        maps_to_a_valid_asset_or_a_reason(service)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_services(), st.sampled_from(["service", "page", "organization", "at location"]))
def test_any_value_anywhere_maps_to_a_valid_asset_or_a_reason(service: dict[str, Any], shape: str) -> None:
    wrapped = {
        "service": service,
        "page": {"contents": [service], "total_pages": service.get("minimum_age"), "page_number": 1},
        "organization": {"name": "Org", "services": [service]},
        "at location": {"location": service.get("location"), "service": service},
    }
    read_as_a_feed_file(wrapped[shape])


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.sampled_from([p for p, _ in tabular.TABLES.values()] + ["x.csv"]), any_json, max_size=4
    )
)
def test_any_tabular_json_view_is_read_or_refused(tables: dict[str, Any]) -> None:
    read_as_a_feed_file(tables)


# ---------------------------------------------------------------- schedules and HTML


@given(slots(), text(300))
def test_a_slot_survives_the_rrule_fields(slot: dict[str, Any], note: str) -> None:
    schedule = slot_to_schedule(SlotFields.model_validate(slot), schedule_id="s", service_id="x", note=note)
    read = read_schedules([schedule], TODAY, raw=True)  # our own words, kept exactly
    assert read.slots == [slot]
    assert read.notes == ([note] if note else [])
    assert read.warnings == []


@given(st.lists(schedule_items, max_size=5))
def test_schedules_never_hold_impossible_times(items: list[dict[str, Any]]) -> None:
    read = read_schedules(items, TODAY)
    for slot in read.slots:
        SlotFields.model_validate(slot)  # start before end, a real day, week 1–4 or -1


_words = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20).map(html.escape)
_inline = st.recursive(
    _words,
    lambda inner: (
        st.builds(
            lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag}>",
            st.sampled_from(["b", "i", "em", "span", "a", "strong"]),
            st.lists(inner, max_size=3),
        )
        | st.just("<br>")
    ),
    max_leaves=8,
)
_block = st.recursive(
    st.builds(lambda parts: f"<p>{''.join(parts)}</p>", st.lists(_inline, max_size=3)) | _inline,
    lambda inner: (
        st.builds(lambda parts: f"<div>{''.join(parts)}</div>", st.lists(inner, max_size=3))
        | st.builds(
            lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
            st.lists(inner, max_size=3),
        )
        | st.builds(lambda text: f"<script>{text}</script>", st.text(alphabet="abc(); ", max_size=10))
    ),
    max_leaves=10,
)


@given(st.lists(_block, max_size=4).map("".join))
def test_markup_reads_the_same_with_or_without_a_tree(markup: str) -> None:
    """lexbor reads descriptions; html.parser those with more tags than a tree should hold:
    a description reads the same, whichever reads it."""
    assert tidy(strip_html(markup), multiline=True) == tidy(text_by_html_parser(markup), multiline=True)


def test_deeply_nested_markup_is_not_given_to_a_tree_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 nested elements took a browser's tree builder 2 s, 200,000 seven minutes (it
    looks back over the open elements at every tag): such text is read without a tree."""

    def no_tree(_text: str) -> None:
        raise AssertionError("a tree was built for 20,000 nested elements")

    monkeypatch.setattr(text_module, "LexborHTMLParser", no_tree)
    nested = "<div>" * 20_000 + "x" + "</div>" * 20_000
    assert strip_html(nested).strip("\n") == "x"


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=200))
def test_escaped_text_comes_back_from_html_unchanged(value: str) -> None:
    assert strip_html(html.escape(value)) == value
    assert strip_html(f"<p>{html.escape(value)}</p>").strip("\n") == value
