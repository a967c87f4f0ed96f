"""The review queue's rules (docs/review.md): what is due, and what never is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from asset_map.checks import DBS_VALID, LAPSE_WARNING, REVIEW_AFTER, SAFEGUARDING_VALID
from asset_map.config import Settings
from asset_map.directory.duplicates import contact_keys
from asset_map.directory.facade import Directory
from asset_map.directory.review import ReviewQueue, build_queue
from asset_map.errors import DirectoryError
from asset_map.search.index import AssetDoc
from asset_map.store import repo
from asset_map.store.decisions import history_action
from asset_map.store.enums import Kind, Status
from asset_map.store.models import Asset
from tests.conftest import TODAY, record, require_seed, write_directory_file


def asset(name: str = "Tilbury Lunch Club", kind: Kind = Kind.GROUP, **fields: Any) -> Asset:
    fields.setdefault("verified_on", TODAY - timedelta(days=30))
    return Asset(kind=kind, name=name, locality="Tilbury", **fields)


def business(name: str = "Odd Jobs by Dave", **fields: Any) -> Asset:
    """A micro-enterprise whose checks are all comfortably in date unless told otherwise."""
    fields.setdefault("dbs_checked_on", TODAY - timedelta(days=100))
    fields.setdefault("safeguarding_trained_on", TODAY - timedelta(days=100))
    fields.setdefault("insurance_expires_on", TODAY + timedelta(days=200))
    return asset(name, Kind.MICRO_ENTERPRISE, **fields)


def as_doc(a: Asset, phone: str = "") -> AssetDoc:
    return AssetDoc(
        id=a.id,
        name=a.name,
        kind=str(a.kind),
        locality=a.locality,
        status=str(a.status),
        point=None,
        cost="free",
        accessibility=frozenset(),
        needs=(),
        slots=(),
        schedule_note="",
        verified_on=a.verified_on,
        archived=a.archived_at is not None,
        contacts=contact_keys(phone),
    )


def queue_of(*assets: Asset) -> ReviewQueue:
    return build_queue(assets, [as_doc(a) for a in assets], TODAY)


# ---------------------------------------------------------------- not verified for 12 months
def test_twelve_months_without_a_check_is_due() -> None:
    old = asset("Old", verified_on=TODAY - REVIEW_AFTER - timedelta(days=1))
    just = asset("Just in time", verified_on=TODAY - REVIEW_AFTER)
    fresh = asset("Fresh")
    queue = queue_of(old, just, fresh)
    assert [i.name for i in queue.unverified] == ["Old"]
    assert queue.unverified[0].due == old.verified_on
    assert "last verified" in queue.unverified[0].reason


def test_never_verified_comes_first() -> None:
    queue = queue_of(asset("Old", verified_on=date(2023, 1, 1)), asset("Never", verified_on=None))
    assert [i.name for i in queue.unverified] == ["Never", "Old"]
    assert queue.unverified[0].reason == "never verified"


# ---------------------------------------------------------------- flagged as possibly closed
def test_flagged_entries_say_why_and_who() -> None:
    flagged = asset(flagged_at=datetime.now(UTC), flagged_by="Sam K", flag_reason="phone not answered")
    queue = queue_of(flagged, asset("Not flagged"))
    assert [i.name for i in queue.flagged] == ["Tilbury Lunch Club"]
    assert "phone not answered" in queue.flagged[0].reason
    assert "Sam K" in queue.flagged[0].reason


# ---------------------------------------------------------------- checks lapsing (micro-enterprises)
@pytest.mark.parametrize(
    ("field", "valid_for", "what"),
    [
        ("dbs_checked_on", DBS_VALID, "DBS check"),
        ("safeguarding_trained_on", SAFEGUARDING_VALID, "safeguarding training"),
        ("insurance_expires_on", timedelta(0), "public liability insurance"),
    ],
)
def test_a_check_is_due_when_lapsed_or_lapsing_within_30_days(
    field: str, valid_for: timedelta, what: str
) -> None:
    def lapsing_on(day: date) -> Asset:
        return business(f"lapses {day}", **{field: day - valid_for})

    lapsed = lapsing_on(TODAY - timedelta(days=1))
    soon = lapsing_on(TODAY + LAPSE_WARNING)
    later = lapsing_on(TODAY + LAPSE_WARNING + timedelta(days=1))
    queue = queue_of(lapsed, soon, later)
    assert [i.asset_id for i in queue.lapsing] == [lapsed.id, soon.id]
    assert queue.lapsing[0].reason == f"{what} lapsed {TODAY - timedelta(days=1)}"
    assert queue.lapsing[1].reason == f"{what} lapses {TODAY + LAPSE_WARNING}"
    assert queue.lapsing[1].due == TODAY + LAPSE_WARNING


def test_dbs_and_safeguarding_last_three_years_from_the_date() -> None:
    assert DBS_VALID == SAFEGUARDING_VALID == timedelta(days=3 * 365)


def test_each_lapsing_check_is_its_own_item() -> None:
    both = business(dbs_checked_on=date(2020, 1, 1), insurance_expires_on=TODAY + timedelta(days=3))
    queue = queue_of(both)
    assert [i.reason.rsplit(" ", 2)[0] for i in queue.lapsing] == ["DBS check", "public liability insurance"]


def test_only_micro_enterprises_have_checks_in_the_queue() -> None:
    group = asset("Choir", dbs_checked_on=date(2015, 1, 1), insurance_expires_on=date(2020, 1, 1))
    assert queue_of(group).lapsing == []


def test_missing_dates_are_not_lapsed() -> None:
    unknown = business(dbs_checked_on=None, safeguarding_trained_on=None, insurance_expires_on=None)
    assert queue_of(unknown).lapsing == []


# ---------------------------------------------------------------- closed and archived
def test_archived_entries_are_in_no_list() -> None:
    gone = business(
        "Gone",
        verified_on=None,
        dbs_checked_on=date(2015, 1, 1),
        archived_at=datetime.now(UTC),
        flagged_at=datetime.now(UTC),
        flag_reason="closed",
    )
    twin = business("Gone", archived_at=datetime.now(UTC))
    queue = queue_of(gone, twin)
    assert queue.total == 0


def test_closed_entries_need_no_verifying_checks_or_merging() -> None:
    closed = business("Closed", status=Status.CLOSED, verified_on=None, dbs_checked_on=date(2015, 1, 1))
    twin = business("Closed", status=Status.CLOSED)
    queue = queue_of(closed, twin)
    assert (queue.unverified, queue.lapsing, queue.duplicates) == ([], [], [])


def test_closed_entries_are_not_flagged_as_possibly_closed() -> None:
    closed = asset(status=Status.CLOSED, flagged_at=datetime.now(UTC), flag_reason="closed")
    assert queue_of(closed).flagged == []


# ---------------------------------------------------------------- duplicates in the queue
def test_the_queue_pairs_likely_duplicates() -> None:
    a, b = asset("Chatty Café"), asset("Digital Drop-in")
    queue = build_queue([a, b], [as_doc(a, "01375 000 111"), as_doc(b, "01375000111")], TODAY)
    assert [(p.first.name, p.second.name) for p in queue.duplicates] == [("Chatty Café", "Digital Drop-in")]


def test_pairs_said_to_be_two_entries_are_left_out_until_renamed() -> None:
    a, b = asset("Chatty Café"), asset("Digital Drop-in")
    docs = [as_doc(a, "01375 000 111"), as_doc(b, "01375000111")]
    decided = {frozenset({a.id, b.id}): {a.id: "Chatty Café", b.id: "Digital Drop-in"}}
    assert build_queue([a, b], docs, TODAY, decided).duplicates == []
    renamed = {frozenset({a.id, b.id}): {a.id: "Chatty Café", b.id: "Digital Help"}}
    assert len(build_queue([a, b], docs, TODAY, renamed).duplicates) == 1


# ---------------------------------------------------------------- "not the same", remembered
def _hub_sessions(tmp_path: Path) -> Path:
    """A database with two entries the queue pairs by their one shared phone."""
    db = tmp_path / "hub.db"
    phone = "01375 000 217"
    seed = write_directory_file(
        tmp_path / "hub.json",
        [
            record(name="Tilbury Chatty Café", phone=phone),
            record(name="Tilbury Digital Drop-in", phone=phone),
        ],
    )
    Directory.open(Settings.resolve(str(db)), seed=seed).close()
    return db


def test_not_the_same_is_remembered_with_who_and_when(tmp_path: Path) -> None:
    db = _hub_sessions(tmp_path)
    first = Directory.open(Settings.resolve(str(db)))
    try:
        (pair,) = first.review_queue(TODAY).duplicates
        chat, digital = pair.first, pair.second
        first.mark_not_duplicates(chat.id, digital.id, user="Sam K")
        assert first.review_queue(TODAY).duplicates == []
    finally:
        first.close()
    again = Directory.open(Settings.resolve(str(db)))  # closed and opened again: still decided
    try:
        assert again.review_queue(TODAY).duplicates == []
        for one, other in ((chat, digital), (digital, chat)):
            change = again.history(one.id)[0]
            assert change.action == history_action(other.name)
            assert change.by == "Sam K"
            assert abs(change.at.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
        # editing one of them: the other is not offered as its duplicate any more
        form = repo.asset_to_in(again.get(chat.id))
        assert again.likely_duplicates(again.candidate_for(form, exclude=chat.id)) == []
        # a new name asks again, a new accent does not
        again.update(chat.id, form.model_copy(update={"name": "Tilbury Chatty Cafe"}), user="Jo")
        assert again.review_queue(TODAY).duplicates == []
        again.update(chat.id, form.model_copy(update={"name": "Tilbury Chatter Café"}), user="Jo")
        assert len(again.review_queue(TODAY).duplicates) == 1
    finally:
        again.close()


def test_history_says_not_the_same_as_whom_within_its_column() -> None:
    assert history_action("Tilbury Chatty Café") == "not the same as “Tilbury Chatty Café”"
    long = history_action("Tilbury Digital Drop-in for everyone")
    assert long == "not the same as “Tilbury Digital…”" and len(long) <= 40  # cut at a word
    assert history_action("Chatty Café", undone=True) == "may be the same as “Chatty Café”"


def test_not_the_same_can_be_taken_back(tmp_path: Path) -> None:
    directory = Directory.open(Settings.resolve(str(_hub_sessions(tmp_path))))
    try:
        (pair,) = directory.review_queue(TODAY).duplicates
        with pytest.raises(DirectoryError, match="were not marked"):
            directory.mark_not_duplicates(pair.first.id, pair.second.id, user="Sam K", undo=True)
        directory.mark_not_duplicates(pair.first.id, pair.second.id, user="Sam K")
        directory.mark_not_duplicates(pair.second.id, pair.first.id, user="Jo", undo=True)
        assert [p.key for p in directory.review_queue(TODAY).duplicates] == [pair.key]
        assert directory.history(pair.first.id)[0].action == history_action(pair.second.name, undone=True)
        assert directory.history(pair.first.id)[0].by == "Jo"
        with pytest.raises(DirectoryError, match="same as itself"):
            directory.mark_not_duplicates(pair.first.id, pair.first.id, user="Jo")
    finally:
        directory.close()


# ---------------------------------------------------------------- the sample directory
def test_sample_queue_has_work_in_every_list_but_flags_and_duplicates(seeded_directory: Directory) -> None:
    queue = seeded_directory.review_queue(TODAY)
    assert len(queue.unverified) >= 35
    assert any(i.reason == "never verified" for i in queue.unverified)
    assert any("lapsed" in i.reason for i in queue.lapsing)
    assert any(" lapses " in i.reason for i in queue.lapsing)
    assert {seeded_directory.get(i.asset_id).kind for i in queue.lapsing} == {Kind.MICRO_ENTERPRISE}
    assert queue.duplicates == []  # no entry is in the sample twice (tests/test_duplicates.py)
    assert queue.flagged == []


def test_sample_queue_follows_changes(tmp_path: Path) -> None:
    sample = Directory.open(Settings.resolve(str(tmp_path / "s.db")), seed=require_seed())
    try:
        item = sample.review_queue(TODAY).unverified[0]
        sample.flag(item.asset_id, reason="phone not answered", user="Test")
        assert item.asset_id in {i.asset_id for i in sample.review_queue(TODAY).flagged}
        sample.archive(item.asset_id, user="Test")
        after = sample.review_queue(TODAY)
        assert item.asset_id not in {i.asset_id for i in [*after.unverified, *after.flagged, *after.lapsing]}
    finally:
        sample.close()
