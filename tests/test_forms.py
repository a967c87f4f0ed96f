"""Form text to model values: one field at a time, the schedule mini-language, the whole form."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asset_map.config import Settings
from asset_map.directory import forms
from asset_map.directory.facade import Directory
from asset_map.store import repo
from asset_map.store.enums import Day, Kind
from asset_map.store.models import AssetIn, SlotFields

SEED = Path(__file__).resolve().parent.parent / "seed_assets.json"


def slot(day: str, start: str, end: str, week: int | None = None) -> SlotFields:
    return SlotFields(day=Day(day), start=start, end=end, week=week)


# ---------------------------------------------------------------- one field
@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("postcode", "XX1", "not a UK postcode"),
        ("phone", "123", "not a whole UK phone number"),
        ("email", "sam@", "not an email address"),
        ("website", "not a site", "not a web address"),
        ("name", "", "Required"),
        ("name", "x" * 121, "At most 120 characters"),
        ("name", "Tea\x1b[31m", "control character"),
        ("age_min", "sixty", "A whole number"),
        ("age_min", "130", "At most 120"),
        ("hours", "-2", "At least 0"),
        ("dbs_checked_on", "31/02/2025", "A date"),
        ("schedule", "Mon 14:00-12:00", "start must be earlier"),
        ("schedule", "Mon", "give the day(s) and times"),
    ],
)
def test_field_error_uses_the_models_rules(name: str, value: str, says: str) -> None:
    error = forms.field_error(name, value)
    assert error is not None and says in error


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("postcode", "rm18 7nr"),
        ("postcode", ""),
        ("phone", "01375 000123"),
        ("age_min", ""),
        ("age_min", "65"),
        ("dbs_checked_on", "31/03/2025"),
        ("dbs_checked_on", "2025-03-31"),
        ("languages", "English, Polish"),
        ("schedule", ""),
        ("name", "[bold]Tea[/] and chat"),  # markup is text, stored as typed
        ("cost", "time_credits"),  # only wrong together with a kind: not this field's fault
    ],
)
def test_field_error_accepts_good_values(name: str, value: str) -> None:
    assert forms.field_error(name, value) is None


def test_field_error_refuses_unknown_fields() -> None:
    with pytest.raises(KeyError):
        forms.field_error("colour", "red")


# ---------------------------------------------------------------- schedules
def test_parse_schedule_text_reads_the_examples() -> None:
    slots = forms.parse_schedule_text("Mon, Wed 10:00-12:00; 1st Tue 14:00-16:00; last Fri 9-11")
    assert slots == [
        slot("mon", "10:00", "12:00"),
        slot("wed", "10:00", "12:00"),
        slot("tue", "14:00", "16:00", 1),
        slot("fri", "09:00", "11:00", -1),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday to Thursday 9:30 to 11.15", "Tue, Wed, Thu 09:30-11:15"),
        ("sat & sun 10am - 4pm", "Sat, Sun 10:00-16:00"),
        ("weekdays 9-17", "Mon, Tue, Wed, Thu, Fri 09:00-17:00"),
        ("Mon 10-12, 14-16", "Mon 10:00-12:00; Mon 14:00-16:00"),
        ("1st Tue of month 14:00–16:00", "1st Tue 14:00-16:00"),  # as the asset card words it
        ("  ;  ", ""),
    ],
)
def test_parse_schedule_text_understands_common_ways_of_saying_it(text: str, expected: str) -> None:
    assert forms.format_schedule(forms.parse_schedule_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mon 9-5", "use 24-hour times: 17:00 for 5pm"),
        ("Mon 10-25", "not a time"),
        ("ss 10-12", "not a day"),
        ("5th Mon 10-11", "1st, 2nd, 3rd, 4th or last"),
        ("10-12", "say which day"),
        ("Fri-Mon 10-12", "runs forwards"),
        ("Mon 13pm-14pm", "with am/pm"),
    ],
)
def test_parse_schedule_text_says_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(ValueError, match="“") as caught:
        forms.parse_schedule_text(text)
    assert says in str(caught.value)


times = st.builds(
    lambda h1, m1, h2, m2: (f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 23),
    st.integers(0, 59),
).filter(lambda pair: pair[0] < pair[1])
slots = st.builds(
    lambda day, pair, week: slot(day, pair[0], pair[1], week),
    st.sampled_from([d.value for d in Day]),
    times,
    st.sampled_from([None, 1, 2, 3, 4, -1]),
)


def _key(s: SlotFields) -> tuple[str, str, str, int]:
    return (str(s.day), s.start, s.end, s.week or 0)


@given(st.lists(slots, max_size=8, unique_by=_key))
def test_format_then_parse_gives_the_same_slots(original: list[SlotFields]) -> None:
    again = forms.parse_schedule_text(forms.format_schedule(original))
    assert sorted(again, key=_key) == sorted(original, key=_key)


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        forms.parse_schedule_text(text)


@given(st.text(alphabet="MonTuesWdhFriSat0123456789:;,.- amp1stlo", max_size=40))
def test_schedule_like_text_reads_back_the_same(text: str) -> None:
    try:
        slots = forms.parse_schedule_text(text)
    except ValueError:
        return
    again = forms.parse_schedule_text(forms.format_schedule(slots))
    assert sorted(again, key=_key) == sorted(slots, key=_key)


def test_parse_list() -> None:
    assert forms.parse_list("English, Polish;  BSL,, English") == ["English", "Polish", "BSL"]
    assert forms.parse_list("  ") == []


# ---------------------------------------------------------------- the whole form
def good_values(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": "group",
        "name": "Grays Knit and Natter",
        "locality": "Grays",
        "postcode": "rm17 5aa",
        "schedule": "Tue 10-12",
        "languages": "English, Polish",
        "accessibility": ["step_free"],
        "needs": ["company"],
        "age_min": "",
        "frequency": "Weekly",
        "price": "£5",  # a micro-enterprise detail: dropped for a group
    }
    values.update(changes)
    return values


def test_build_asset_gives_a_valid_asset() -> None:
    asset, errors = forms.build_asset(good_values())
    assert errors == {}
    assert isinstance(asset, AssetIn)
    assert asset.postcode == "RM17 5AA"
    assert asset.schedule == [slot("tue", "10:00", "12:00")]
    assert asset.languages == ["English", "Polish"]
    assert asset.age_min is None
    assert asset.frequency == "Weekly" and asset.price == ""


def test_build_asset_reports_every_field_at_once() -> None:
    asset, errors = forms.build_asset(
        good_values(name="", postcode="XX1", phone="123", schedule="Mon 14:00-12:00")
    )
    assert asset is None
    assert set(errors) == {"name", "postcode", "phone", "schedule"}


def test_build_asset_puts_rules_across_fields_under_a_field() -> None:
    _, errors = forms.build_asset(good_values(age_min="70", age_max="18"))
    assert "age_max" in errors
    _, errors = forms.build_asset(good_values(cost="time_credits"))
    assert "only for time bank" in errors["cost"]
    asset, errors = forms.build_asset(good_values(kind="time_bank", cost="time_credits", hours="2"))
    assert errors == {} and asset is not None and asset.hours == 2


def test_build_asset_refuses_unknown_fields() -> None:
    with pytest.raises(KeyError):
        forms.build_asset({"colour": "red"})


def test_form_values_round_trip_every_stored_asset(tmp_path: Path) -> None:
    """Opening an entry in the form and saving it unchanged changes nothing."""
    directory = Directory.open(Settings.resolve(str(tmp_path / "forms.db")), seed=SEED)
    outside_form = {*forms.NOT_IN_FORM, "id", "created_at", "created_by", "updated_at", "updated_by"}
    try:
        for stored in directory.all_assets():
            asset, errors = forms.build_asset(forms.form_values(stored))
            assert errors == {}, (stored.name, errors)
            assert asset is not None
            assert directory.check_references(asset) == []
            expected = repo.asset_to_in(stored).model_dump(exclude={*outside_form, "archived_at", "schedule"})
            assert asset.model_dump(exclude={*outside_form, "archived_at", "schedule"}) == expected
            assert sorted(_key(s) for s in asset.schedule) == sorted(_key(s) for s in stored.schedule)
    finally:
        directory.close()


def test_reference_errors_only_for_fields_given(tmp_path: Path) -> None:
    directory = Directory.open(Settings.resolve(str(tmp_path / "refs.db")), seed=SEED)
    try:
        check = directory.check_references
        assert forms.reference_errors(check, {"locality": "Tilbury"}) == {}
        problems = forms.reference_errors(check, {"locality": "Tilbry"})
        assert "not a known locality" in problems["locality"] and "Tilbury" in problems["locality"]
        assert forms.reference_errors(check, {"locality": ""}) == {}  # "Required" is field_error's
        assert "needs" in forms.reference_errors(check, {"needs": ["flying"]})
    finally:
        directory.close()


def test_partial_asset_keeps_only_valid_values() -> None:
    partial = forms.partial_asset({"name": "Tilbury Lunch Clu", "postcode": "XX1", "phone": "01375 000123"})
    assert partial.name == "Tilbury Lunch Clu"
    assert partial.postcode == ""
    assert partial.phone == "01375 000123"
    assert partial.kind == Kind.GROUP
    assert forms.partial_asset({"latitude": "51.5"}).latitude is None  # needs its longitude


def test_coordinates_typed_in_a_form_are_numbers_to_the_duplicate_check(tmp_path: Path) -> None:
    """Typed coordinates reached the duplicate check as text ("51.4712"), and numpy could not
    subtract text from the index's latitudes: the edit screen's worker failed."""
    partial = forms.partial_asset({"name": "Lunch", "latitude": "51.4712", "longitude": "0.3612"})
    assert (partial.latitude, partial.longitude) == (51.4712, 0.3612)
    assert forms.field_value("latitude", "51.4712") == 51.4712
    assert forms.field_error("latitude", "91") is not None
    directory = Directory.open(Settings.resolve(str(tmp_path / "typed.db")), seed=SEED)
    try:
        directory.likely_duplicates(directory.candidate_for(partial))  # no error
    finally:
        directory.close()


def test_an_entry_met_in_person_says_where_and_a_phone_line_need_not() -> None:
    asset, errors = forms.build_asset(good_values(locality="", postcode=""))
    assert asset is None and "say where people go" in errors["locality"]
    asset, errors = forms.build_asset(good_values(locality="", postcode="", delivery=["phone"]))
    assert errors == {} and asset is not None and asset.locality == ""
    asset, errors = forms.build_asset(good_values(locality="", delivery=["in_person"]))
    assert errors == {}  # a postcode is a place
    asset, errors = forms.build_asset(good_values(postcode=""))
    assert errors == {}  # and so is a locality
    asset, errors = forms.build_asset(good_values(delivery=[]))
    assert asset is None and "delivery" in errors


def test_a_merge_takes_what_only_they_changed_and_names_what_we_both_changed() -> None:
    opened = {"name": "Club", "phone": "1", "summary": "Old", "cost_note": ""}
    theirs = {"name": "Club", "phone": "2", "summary": "Theirs", "cost_note": ""}
    take, both = forms.merge_plan(opened, theirs, mine_changed={"summary", "cost_note"})
    assert take == {"phone": "2"} and both == ["summary"]
    assert forms.changed_fields(opened, theirs) == {"phone", "summary"}
