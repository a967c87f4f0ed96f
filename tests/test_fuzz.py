"""Fuzzing every door text comes in by: each answers with a value or a clear refusal, never a crash.

The directory-file importer, the schedule parser and the Open Referral service mapper have their
own property tests beside their other tests; these cover the field validators, places, the
"open" words, whole Open Referral files (JSON and CSV), the command line and very large files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asset_map import validation
from asset_map.directory.facade import Directory
from asset_map.directory.hsds_import import import_hsds
from asset_map.directory.vocabulary import parse_open
from asset_map.errors import DirectoryError
from asset_map.interop.directory_file import MAX_FILE_BYTES
from asset_map.interop.errors import FileRejected
from asset_map.places import PlaceNotFound
from tests.conftest import CliRun

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
SLOW_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("[]/@=:\\\x1b\x00\u202e\u200f\n\r\t ;,.-'\"0123456789RMAZaz£€😀")),
    st.sampled_from(
        ["[bold]", "[/]", "[link=https://x]a[/link]", "\x1b[2J", "\u202eevil", "RM18 7NR", "rm187nr"]
    ),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE, inner, max_size=4),
    max_leaves=30,
)

VALIDATORS: list[Callable[[str], str]] = [
    validation.normalise_postcode,
    validation.normalise_phone,
    validation.check_email,
    validation.check_website,
    validation.check_time,
    validation.clean_text,
]


@pytest.mark.parametrize("check", VALIDATORS, ids=lambda c: c.__name__)
@FUZZ
@given(text=HOSTILE)
def test_validators_return_clean_text_or_a_value_error(check: Callable[[str], str], text: str) -> None:
    try:
        cleaned = check(text)
    except ValueError as exc:
        assert str(exc)  # a message, never an empty refusal
        return
    assert isinstance(cleaned, str)
    assert validation.visible(cleaned) == cleaned or "\n" in cleaned or "\t" in cleaned


@FUZZ
@given(text=HOSTILE)
def test_visible_text_never_carries_a_control_character(text: str) -> None:
    shown = validation.visible(text)
    assert not any(ch in shown for ch in "\x1b\x00\x07\u202e\x9b")


@FUZZ
@given(text=HOSTILE)
def test_open_words_are_read_or_refused(text: str) -> None:
    try:
        parse_open(text)
    except (DirectoryError, ValueError) as exc:
        assert str(exc)


@FUZZ
@given(text=HOSTILE)
def test_any_place_text_resolves_or_is_not_found(seeded: Directory, text: str) -> None:
    try:
        place = seeded.gazetteer.resolve(text)
    except PlaceNotFound as exc:
        assert str(exc)
        return
    assert -90 <= place.point[0] <= 90


@SLOW_FUZZ
@given(document=JSON)
def test_any_json_file_is_imported_as_open_referral_or_refused(
    seeded: Directory, tmp_path_factory: pytest.TempPathFactory, document: Any
) -> None:
    path = tmp_path_factory.mktemp("feed") / "feed.json"
    path.write_text(json.dumps(document), "utf-8")
    before = len(seeded.all_assets())
    try:
        report = import_hsds(seeded, path, user="Fuzz")
    except FileRejected as exc:
        assert str(exc)
        assert len(seeded.all_assets()) == before
        return
    assert report.added + report.updated + report.unchanged + len(report.skipped) >= 0


@SLOW_FUZZ
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(["id", "name", "description", "status", "url"]), HOSTILE), max_size=5
    )
)
def test_any_csv_package_is_imported_or_refused(
    seeded: Directory, tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    with (folder / "services.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["id", "name", "description", "status", "url"])
        writer.writeheader()
        writer.writerows(rows)
    try:
        import_hsds(seeded, folder, user="Fuzz")
    except FileRejected as exc:
        assert str(exc)


@SLOW_FUZZ
@given(query=HOSTILE.filter(lambda t: "\x00" not in t), near=HOSTILE.filter(lambda t: "\x00" not in t))
def test_the_command_line_answers_any_search_without_a_traceback(cli: CliRun, query: str, near: str) -> None:
    code, out, err = cli("search", f"--near={near or 'Tilbury'}", "--", query)
    assert code in (0, 1)
    assert "Traceback" not in err
    assert "\x1b" not in out + err and "\u202e" not in out + err


@pytest.mark.parametrize("fmt", ["directory", "hsds"])
def test_a_file_over_the_size_limit_is_refused_before_reading(cli: CliRun, tmp_path: Path, fmt: str) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:  # sparse: no time or disk spent writing it
        out.truncate(MAX_FILE_BYTES + 1)
    args = ["import", str(huge)] + (["--format", "hsds"] if fmt == "hsds" else [])
    code, _, err = cli(*args)
    assert code == 1 and "MB" in err and "Traceback" not in err


def test_a_one_megabyte_field_is_refused_naming_record_and_field(cli: CliRun, tmp_path: Path) -> None:
    record = {"kind": "group", "name": "Big", "locality": "Tilbury", "summary": "x" * 1_000_000}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(record), "utf-8")
    code, _, err = cli("add", "--from-json", path)
    assert code == 1 and "summary" in err and "200" in err and len(err) < 2000


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    """One small directory for the whole module (the fuzzed imports may add to it)."""
    from asset_map.config import Settings
    from tests.conftest import MINI_DIRECTORY

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    return Directory.open(Settings(db_url=f"sqlite:///{path}"), seed=MINI_DIRECTORY)
