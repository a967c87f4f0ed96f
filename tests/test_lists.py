"""Connection lists in the domain: building, reordering, outcomes, frozen copies, privacy."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asset_map import validation
from asset_map.config import lists_url
from asset_map.directory.facade import Directory
from asset_map.directory.vocabulary import parse_past_day
from asset_map.errors import DirectoryError
from asset_map.lists.document import ListDocument
from asset_map.lists.service import ConnectionLists, ListError
from asset_map.store import repo
from asset_map.store.db import sqlite_path
from asset_map.store.enums import Status
from asset_map.store.lists import Outcome
from tests.conftest import MINI_DEMENTIA_CAFE, MINI_HAPPY_FEET, MINI_LUNCH_CLUB

RESIDENT = {"resident_ref": "AB 1234", "home": "RM18 7", "what_matters": "Getting out; I miss singing."}


@pytest.fixture
def lists(directory: Directory) -> Iterator[ConnectionLists]:
    opened = ConnectionLists.open(directory)
    yield opened
    opened.close()


def new(lists: ConnectionLists, **values: str) -> uuid.UUID:
    return lists.new_list(RESIDENT | values, practitioner="Sam K").id


def names(lists: ConnectionLists, list_id: uuid.UUID) -> list[str]:
    return [c.asset_name for c in lists.connections(list_id)]


# ---------------------------------------------------------------- what is typed


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"resident_ref": ""}, "resident reference: Required"),
        ({"resident_ref": "x" * 41}, "resident reference: At most 40 characters"),
        ({"resident_ref": "AB\x1b[31m"}, "resident reference"),
        ({"home": "Atlantis"}, "home: 'Atlantis' is not a known place"),
        ({"what_matters": "x" * 2001}, "what matters: At most 2000 characters"),
    ],
)
def test_list_details_are_checked_with_the_field_named(
    lists: ConnectionLists, values: dict[str, str], message: str
) -> None:
    with pytest.raises(ListError, match=message.replace("(", r"\(")):
        new(lists, **values)
    assert lists.overview("Sam K") == []


@given(text=st.text(max_size=60))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_any_resident_reference_is_stored_exactly_or_refused_clearly(
    lists: ConnectionLists, text: str
) -> None:
    try:
        made = lists.new_list({"resident_ref": text}, practitioner="Sam K")
    except ListError as exc:
        assert str(exc).startswith("resident reference:")
        return
    assert lists.get(made.id).resident_ref == validation.clean_text(text) != ""


def test_markup_in_a_reference_is_kept_as_typed(lists: ConnectionLists) -> None:
    made = lists.get(new(lists, resident_ref="[bold]AB[/]"))
    assert made.resident_ref == "[bold]AB[/]"


# ---------------------------------------------------------------- building


def test_connections_are_added_in_order_and_not_twice(lists: ConnectionLists) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB, note="Hot lunch, friendly")
    lists.add(list_id, MINI_DEMENTIA_CAFE)
    with pytest.raises(ListError, match="already on the list"):
        lists.add(list_id, MINI_LUNCH_CLUB)
    assert names(lists, list_id) == ["Tilbury Lunch Club", "Grays Dementia Café"]
    assert lists.connections(list_id)[0].note == "Hot lunch, friendly"


def test_an_unknown_asset_is_refused(lists: ConnectionLists) -> None:
    with pytest.raises(DirectoryError, match="no asset"):
        lists.add(new(lists), str(uuid.uuid4()))


def test_reorder_remove_and_note(lists: ConnectionLists) -> None:
    list_id = new(lists)
    for asset in (MINI_LUNCH_CLUB, MINI_DEMENTIA_CAFE, MINI_HAPPY_FEET):
        lists.add(list_id, asset)
    last = lists.connections(list_id)[2]
    lists.move(last.id or 0, -1)
    assert names(lists, list_id) == ["Tilbury Lunch Club", "Happy Feet", "Grays Dementia Café"]
    lists.move(last.id or 0, -10)  # past the top: stays first
    assert names(lists, list_id)[0] == "Happy Feet"
    lists.remove(lists.connections(list_id)[1].id or 0)
    assert names(lists, list_id) == ["Happy Feet", "Grays Dementia Café"]
    assert [c.position for c in lists.connections(list_id)] == [0, 1]
    lists.set_note(last.id or 0, "Ask for Jo")
    assert lists.connections(list_id)[0].note == "Ask for Jo"
    with pytest.raises(ListError, match="note: At most 500"):
        lists.set_note(last.id or 0, "x" * 501)


def test_every_list_is_seen_own_first_newest_first(lists: ConnectionLists) -> None:
    first = new(lists, resident_ref="first")
    colleague = lists.new_list({"resident_ref": "theirs"}, practitioner="Jo B").id
    second = new(lists, resident_ref="second")
    order = [s.list.id for s in lists.overview("Sam K")]
    assert order == [second, first, colleague]


def test_a_list_can_start_from_a_copy_with_fresh_outcomes(lists: ConnectionLists) -> None:
    source = new(lists)
    lists.add(source, MINI_LUNCH_CLUB, note="Friendly")
    lists.set_outcome(lists.connections(source)[0].id or 0, Outcome.WENT, user="Sam K")
    copy = lists.duplicate(source, {"resident_ref": "CD 5678"}, practitioner="Sam K")
    copied = lists.connections(copy.id)
    assert [(c.asset_name, c.note, c.outcome) for c in copied] == [
        ("Tilbury Lunch Club", "Friendly", Outcome.SUGGESTED)
    ]
    assert copy.what_matters == ""  # the first resident's words stay theirs


def test_lists_are_found_by_the_start_of_their_id(lists: ConnectionLists) -> None:
    list_id = new(lists)
    assert lists.get(str(list_id)[:8]).id == list_id
    with pytest.raises(ListError, match="no connection list"):
        lists.get("zzzz")


# ---------------------------------------------------------------- following up


@pytest.mark.parametrize("outcome", [Outcome.CLOSED, Outcome.COULD_NOT_REACH])
def test_closed_or_unreachable_sends_the_asset_for_review(
    lists: ConnectionLists, directory: Directory, outcome: Outcome
) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB)
    lists.set_outcome(lists.connections(list_id)[0].id or 0, outcome, user="Sam K")
    asset = directory.get(MINI_LUNCH_CLUB)
    assert asset.flagged_at is not None
    assert "AB 1234" not in asset.flag_reason  # nothing about the resident crosses over
    assert outcome.label.lower() in asset.flag_reason
    assert asset.id in {item.asset_id for item in directory.review_queue().flagged}


def test_other_outcomes_do_not_flag_and_are_dated(lists: ConnectionLists, directory: Directory) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB)
    item = lists.set_outcome(lists.connections(list_id)[0].id or 0, Outcome.STILL_GOING, user="Sam K")
    assert item.outcome_on == directory.today()
    assert directory.get(MINI_LUNCH_CLUB).flagged_at is None


def test_usage_counts_suggestions_and_visits(lists: ConnectionLists) -> None:
    for outcome in (Outcome.WENT, Outcome.STILL_GOING, Outcome.NOT_SUITABLE, None):
        list_id = new(lists)
        lists.add(list_id, MINI_LUNCH_CLUB)
        if outcome:
            lists.set_outcome(lists.connections(list_id)[0].id or 0, outcome, user="Sam K")
    usage = lists.usage(uuid.UUID(MINI_LUNCH_CLUB))
    assert (usage.suggested, usage.went) == (4, 2)
    assert str(usage) == "Suggested 4 times on connection lists; people went 2"
    assert str(lists.usage(uuid.UUID(MINI_HAPPY_FEET))) == "Not yet suggested on a connection list"


# ---------------------------------------------------------------- printed copies


def test_a_printed_copy_is_frozen_and_a_reprint_says_what_changed(
    lists: ConnectionLists, directory: Directory
) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB)
    first = lists.document(list_id)
    lists.record_printing(list_id, first, user="Sam K")
    asset = directory.get(MINI_LUNCH_CLUB)
    directory.update(
        asset.id, repo.asset_to_in(asset).model_copy(update={"phone": "01375 999999"}), user="Jo"
    )
    lists.add(list_id, MINI_DEMENTIA_CAFE)

    ((_, kept),) = lists.printed_copies(list_id)
    assert kept == first  # what the resident was given has not moved
    assert kept.connections[0].phone != "01375 999999"
    again = lists.document(list_id)
    assert again.previous_copy_on == first.made_on
    assert any("Tilbury Lunch Club: phone was" in c and "01375 999999" in c for c in again.changes)
    assert "Added: Grays Dementia Café" in again.changes


def test_the_document_gives_distance_from_home_and_next_session(lists: ConnectionLists) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB)
    printed = lists.document(list_id).connections[0]
    assert printed.distance.startswith("About ") and "miles" in printed.distance
    assert printed.next_on  # the lunch club meets weekly
    assert printed.how_to_join


def test_a_closed_or_vanished_asset_is_printed_with_a_warning(
    lists: ConnectionLists, directory: Directory
) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB)
    lists.add(list_id, MINI_HAPPY_FEET)
    asset = directory.get(MINI_LUNCH_CLUB)
    directory.update(
        asset.id, repo.asset_to_in(asset).model_copy(update={"status": Status.CLOSED}), user="Jo"
    )
    directory.archive(uuid.UUID(MINI_HAPPY_FEET), user="Jo")
    closed, archived = lists.document(list_id).connections
    assert closed.notice == "This has closed." and closed.next_on == ""
    assert archived.notice.startswith("No longer in the directory")


def test_a_document_survives_its_json_round_trip(lists: ConnectionLists) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB, note="Zoë said yes")
    document = lists.document(list_id)
    assert ListDocument.from_json(document.to_json()) == document


# ---------------------------------------------------------------- privacy


def test_lists_live_apart_from_the_directory(
    lists: ConnectionLists, directory: Directory, tmp_path: Path
) -> None:
    list_id = new(lists, resident_ref="ZZ-PRIVATE-9")
    lists.add(list_id, MINI_LUNCH_CLUB)
    directory_file = sqlite_path(str(directory.engine.url))
    lists_file = sqlite_path(lists_url(str(directory.engine.url)))
    assert directory_file is not None and lists_file is not None and directory_file != lists_file
    with sqlite3.connect(directory_file) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not tables & {"connection_list", "connection", "printing"}
    exported = tmp_path / "export.json"
    directory.export_file(exported)
    assert "ZZ-PRIVATE-9" not in exported.read_text("utf-8")


def test_purge_removes_old_lists_for_good(lists: ConnectionLists, directory: Directory) -> None:
    old = new(lists, resident_ref="OLD-RESIDENT-REF")
    lists.add(old, MINI_LUNCH_CLUB, note="OLD-NOTE-TEXT")
    keep = new(lists, resident_ref="recent")
    with lists.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE connection_list SET updated_at = ? WHERE id = ?",
            (datetime.now(UTC) - timedelta(days=400), old.hex),
        )
    assert lists.purge(365).removed == (old,)
    assert [s.list.id for s in lists.overview("Sam K")] == [keep]
    lists_file = sqlite_path(lists_url(str(directory.engine.url)))
    assert lists_file is not None
    raw = b"".join(p.read_bytes() for p in lists_file.parent.glob(lists_file.name + "*"))
    assert b"OLD-RESIDENT-REF" not in raw and b"OLD-NOTE-TEXT" not in raw


def test_purge_refuses_a_negative_age(lists: ConnectionLists) -> None:
    with pytest.raises(ListError, match="between 0 and 36,500 days"):
        lists.purge(-1)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("today", date(2026, 11, 23)),
        ("", date(2026, 11, 23)),
        ("Yesterday", date(2026, 11, 22)),
        ("mon", date(2026, 11, 23)),  # today is a Monday: today
        ("fri", date(2026, 11, 20)),
        ("Wednesday", date(2026, 11, 18)),
        ("28 Oct", date(2026, 10, 28)),
        ("28 December", date(2025, 12, 28)),  # said in November: last December
        ("2/11", date(2026, 11, 2)),
        ("2/11/26", date(2026, 11, 2)),
        ("2026-11-02", date(2026, 11, 2)),
    ],
)
def test_the_day_an_outcome_happened_is_said_in_plain_words(said: str, expected: date) -> None:
    assert parse_past_day(said, date(2026, 11, 23)) == expected


@pytest.mark.parametrize("said", ["tomorrow", "31 Feb", "soon", "2026-11-24", "24/11/2026", "may"])
def test_a_day_that_is_not_a_past_day_is_refused_clearly(said: str) -> None:
    with pytest.raises(DirectoryError, match=r"not a day|after today"):
        parse_past_day(said, date(2026, 11, 23))


def test_an_outcome_can_be_dated_but_never_after_today(lists: ConnectionLists, directory: Directory) -> None:
    list_id = new(lists)
    lists.add(list_id, MINI_LUNCH_CLUB)
    connection = lists.connections(list_id)[0].id or 0
    item = lists.set_outcome(connection, Outcome.WENT, user="Sam K", on=date(2026, 11, 20))
    assert item.outcome_on == date(2026, 11, 20)
    with pytest.raises(ListError, match="after today"):
        lists.set_outcome(connection, Outcome.WENT, user="Sam K", on=directory.today() + timedelta(days=1))
