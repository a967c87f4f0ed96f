"""Field checks (asset_map/validation.py) and the limits the AssetIn model applies with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from asset_map import validation
from asset_map.store.models import AssetIn
from tests.conftest import asset_in

# ---------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    "text",
    [
        "Knit \x1b[31mand\x1b[0m Natter",  # ANSI colour escape
        "Tilbury\x1b]0;owned\x07",  # OSC title change + BEL
        "nul\x00byte",
        "back\x08space",
        "del\x7f",
        "csi\x9b2J",  # 8-bit CSI (C1 control)
        "evil\u202etxt.exe",  # right-to-left override
        "isolate\u2066x\u2069",
        "carriage\rreturn",
    ],
)
def test_clean_text_refuses_control_characters(text: str) -> None:
    with pytest.raises(ValueError, match="control character"):
        validation.clean_text(text)


def test_clean_text_names_the_code_point() -> None:
    with pytest.raises(ValueError, match=r"U\+001B"):
        validation.clean_text("a\x1bb")


def test_clean_text_trims_and_keeps_markup_literally() -> None:
    assert validation.clean_text("  [bold]Lunch[/] club  ") == "[bold]Lunch[/] club"
    assert validation.clean_text("[red]x[/red] & <b>y</b> ☕ café") == "[red]x[/red] & <b>y</b> ☕ café"


def test_clean_text_newlines_and_tabs_only_when_multiline() -> None:
    assert validation.clean_text("line one\nline\ttwo", multiline=True) == "line one\nline\ttwo"
    with pytest.raises(ValueError):
        validation.clean_text("line one\nline two")
    with pytest.raises(ValueError):
        validation.clean_text("a\tb")
    with pytest.raises(ValueError):
        validation.clean_text("still\x1bbad", multiline=True)


# ---------------------------------------------------------------- postcodes


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("RM18 7NR", "RM18 7NR"),
        ("rm18 7nr", "RM18 7NR"),
        ("RM187NR", "RM18 7NR"),
        ("  rm18   7nr ", "RM18 7NR"),
        ("SS17 0AA", "SS17 0AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
    ],
)
def test_normalise_postcode(typed: str, expected: str) -> None:
    assert validation.normalise_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "RM18", "RM18 7", "XX1", "12345", "RM18 7NRX", "RM18 7CI", "RM18-7NR", "Tilbury", "1M18 7NR"],
)
def test_normalise_postcode_refuses_non_postcodes(typed: str) -> None:
    with pytest.raises(ValueError, match="not a UK postcode"):
        validation.normalise_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("RM18 7NR", ("RM18", "RM18 7")),
        ("rm187nr", ("RM18", "RM18 7")),
        ("RM18", ("RM18", None)),
        ("ss17", ("SS17", None)),
        ("RM18 7", ("RM18", "RM18 7")),
        ("RM18 7N", ("RM18", "RM18 7")),
        ("Tilbury", None),
        ("", None),
    ],
)
def test_postcode_parts(typed: str, parts: tuple[str, str | None] | None) -> None:
    assert validation.postcode_parts(typed) == parts


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("RM18", True), ("RM18 7NR", True), ("ss17 0", True), ("Tilbury", False), ("SLH", False), ("", False)],
)
def test_looks_like_postcode(typed: str, expected: bool) -> None:
    assert validation.looks_like_postcode(typed) is expected


# ---------------------------------------------------------------- phone, email, website, time


@pytest.mark.parametrize("number", ["01375 000123", "01375000123", "07700 900123", "+44 1375 000123"])
def test_phone_numbers_accepted(number: str) -> None:
    assert validation.normalise_phone(f"  {number} ") == number


@pytest.mark.parametrize("number", ["call me", "12", "999", "phone: none"])
def test_phone_numbers_refused(number: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        validation.normalise_phone(number)


@pytest.mark.parametrize("number", ["01375", "0137"])
def test_phone_number_that_is_only_an_area_code_is_refused(number: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        validation.normalise_phone(number)


def test_email() -> None:
    assert validation.check_email("  hello@example.org ") == "hello@example.org"
    assert validation.check_email("first.last+tag@sub.example.org") == "first.last+tag@sub.example.org"
    for bad in ["hello", "hello@", "@example.org", "a b@example.org", "a@example", "a@@example.org"]:
        with pytest.raises(ValueError, match="not an email address"):
            validation.check_email(bad)


def test_website_adds_https_and_refuses_non_web_addresses() -> None:
    assert validation.check_website("example.org") == "https://example.org"
    assert validation.check_website("http://example.org/page") == "http://example.org/page"
    assert validation.check_website(" https://example.org ") == "https://example.org"
    for bad in ["ftp://example.org", "https://localhost", "exa mple.org", "javascript:alert(1)"]:
        with pytest.raises(ValueError, match="not a web address"):
            validation.check_website(bad)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("www.biscayneparkfl.gov/index.asp?Type=B_BASIC&SEC={D4C91E1B}", "has '{' in its query"),
        ("https://example.org/a|b", "has '|' in its path"),
        ("https://example.org/x?y=[1]", "has '[' in its query"),
        ("https://example.org/#a#b", "has '#' in its fragment"),
        ("https://example.org/100%", "has a '%' in its path not followed by two hex digits"),
        ("https://example.org/a\\b", "has '\\' in its path"),
    ],
)
def test_a_web_address_no_uri_may_hold_is_refused_saying_why(typed: str, says: str) -> None:
    """Seen: a Miami feed's address with {…} was accepted, then failed the export's `uri` format."""
    with pytest.raises(ValueError, match=r"a web address cannot hold|not followed by two hex") as caught:
        validation.check_website(typed)
    assert says in str(caught.value)
    with pytest.raises(ValidationError, match=r"web address cannot hold|not followed"):
        asset_in(website=typed)


def test_other_alphabets_are_written_as_a_uri() -> None:
    assert validation.check_website("https://café.example/menü?q=ü") == (
        "https://xn--caf-dma.example/men%C3%BC?q=%C3%BC"
    )
    assert validation.check_website("https://example.org/a%20b") == "https://example.org/a%20b"


_URI_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(path=_URI_TEXT, query=_URI_TEXT)
def test_every_web_address_accepted_is_a_valid_uri(path: str, query: str) -> None:
    """What check_website accepts passes the `uri` format HSDS and ORUK exports are checked by."""
    from rfc3986_validator import validate_rfc3986  # type: ignore[import-untyped]  # no types published

    try:
        checked = validation.check_website(f"https://example.org/{path}?{query}")
    except ValueError:
        return
    assert validate_rfc3986(checked, rule="URI")
    assert validation.check_website(checked) == checked  # and stays as it is when checked again


@pytest.mark.parametrize(("typed", "expected"), [("09:30", "09:30"), ("9:30", "09:30"), ("23:59", "23:59")])
def test_time_accepted(typed: str, expected: str) -> None:
    assert validation.check_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "12:60", "1230", "12:5", "noon", "", "-1:00"])
def test_time_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not a time"):
        validation.check_time(typed)


# ---------------------------------------------------------------- the AssetIn model


def _fields_in_error(exc: ValidationError) -> set[str]:
    return {".".join(str(p) for p in err["loc"]) for err in exc.errors()}


def test_asset_in_normalises_postcode_and_website() -> None:
    asset = asset_in(postcode="rm187nr", website="example.org/lunch", email=" a@example.org ")
    assert asset.postcode == "RM18 7NR"
    assert asset.website == "https://example.org/lunch"
    assert asset.email == "a@example.org"


@pytest.mark.parametrize("field", ["name", "summary", "organisation", "address", "cost_note", "source"])
def test_asset_in_refuses_escape_sequences_in_any_text_field(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        asset_in(**{field: "nice\x1b[2Jname"})
    assert field in _fields_in_error(caught.value)


def test_asset_in_allows_line_breaks_only_in_long_text() -> None:
    assert asset_in(description="Line one\nLine two").description == "Line one\nLine two"
    assert asset_in(kind="hub", help_offered="Benefits\nHousing").help_offered == "Benefits\nHousing"
    with pytest.raises(ValidationError):
        asset_in(name="Two\nlines")


def test_asset_in_keeps_markup_literally() -> None:
    assert asset_in(name="[bold]x[/]").name == "[bold]x[/]"


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", 120), ("summary", 200), ("description", 5000), ("locality", 60), ("schedule_note", 300)],
)
def test_asset_in_length_limits(field: str, limit: int) -> None:
    assert len(getattr(asset_in(**{field: "x" * limit}), field)) == limit
    with pytest.raises(ValidationError) as caught:
        asset_in(**{field: "x" * (limit + 1)})
    assert field in _fields_in_error(caught.value)


def test_asset_in_required_fields() -> None:
    with pytest.raises(ValidationError) as caught:
        AssetIn.model_validate({"kind": "group"})
    assert "name" in _fields_in_error(caught.value)  # a locality is not: "" is no fixed place
    with pytest.raises(ValidationError):
        asset_in(name="   ")  # only spaces is empty once trimmed


def test_asset_in_unknown_kind_status_cost_access() -> None:
    for field, value in [
        ("kind", "club"),
        ("status", "open"),
        ("cost", "cheap"),
        ("accessibility", ["lift"]),
    ]:
        with pytest.raises(ValidationError) as caught:
            asset_in(**{field: value})
        assert any(f.startswith(field) for f in _fields_in_error(caught.value)), field


def test_asset_in_consistency_rules() -> None:
    with pytest.raises(ValidationError, match="latitude and longitude"):
        asset_in(latitude=51.5)
    with pytest.raises(ValidationError, match="age_min"):
        asset_in(age_min=60, age_max=18)
    with pytest.raises(ValidationError, match="time_credits"):
        asset_in(cost="time_credits")
    assert asset_in(kind="time_bank", cost="time_credits").cost == "time_credits"
    with pytest.raises(ValidationError):
        asset_in(latitude=91.0, longitude=0.0)


def test_asset_in_schedule_slots() -> None:
    slot = asset_in(schedule=[{"day": "tue", "start": "9:30", "end": "11:00", "week": 1}]).schedule[0]
    assert (slot.day, slot.start, slot.end, slot.week) == ("tue", "09:30", "11:00", 1)
    with pytest.raises(ValidationError, match="start must be earlier"):
        asset_in(schedule=[{"day": "tue", "start": "11:00", "end": "11:00"}])
    with pytest.raises(ValidationError):
        asset_in(schedule=[{"day": "tue", "start": "10:00", "end": "11:00", "week": 0}])
    with pytest.raises(ValidationError):
        asset_in(schedule=[{"day": "tue", "start": "10:00", "end": "11:00", "week": 5}])
    with pytest.raises(ValidationError):
        asset_in(schedule=[{"day": "someday", "start": "10:00", "end": "11:00"}])


def test_asset_in_tags_are_trimmed_deduplicated_and_limited() -> None:
    asset = asset_in(needs=[" food", "food", "company"], languages=["English", "Polish", "English"])
    assert asset.needs == ["food", "company"]
    assert asset.languages == ["English", "Polish"]
    with pytest.raises(ValidationError):
        asset_in(languages=["x" * 41])
    with pytest.raises(ValidationError):
        asset_in(needs=[""])


def test_asset_in_times_are_kept_in_utc() -> None:
    naive = asset_in(created_at=datetime(2026, 1, 2, 3, 4, 5))
    assert naive.created_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert naive.created_at is not None and naive.created_at.utcoffset() == timedelta(0)
    summer = asset_in(updated_at=datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=1))))
    assert summer.updated_at is not None
    assert (summer.updated_at.hour, summer.updated_at.utcoffset()) == (11, timedelta(0))


def test_asset_in_time_at_edge_of_calendar_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        asset_in(created_at="0001-01-01T00:00:00+01:00")


@settings(max_examples=500, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=10, max_size=10),
    spaces=st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_the_quick_path_for_ten_digit_numbers_agrees_with_phonenumbers(
    digits: str, spaces: list[bool]
) -> None:
    """Whatever the quick path accepts, the library calls a possible GB number."""
    typed = "0" + "".join((" " if gap else "") + d for d, gap in zip(digits, spaces, strict=True))
    if validation._NATIONAL_10.match(typed):
        number = phonenumbers.parse(typed, "GB")
        assert (
            phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
        )
        assert validation.normalise_phone(typed) == typed
    else:
        assert digits.startswith("0")  # only "00…" (dialling abroad) is left to the library
