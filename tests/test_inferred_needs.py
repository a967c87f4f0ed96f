"""A service imported with no needs has them guessed from its words, is found by what a person
types ("lonely"), is shown with its guesses marked as guessed, and a person confirms or
removes each guess like any other edit (issue 16)."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from asset_map.cli.output import format_asset
from asset_map.directory import forms
from asset_map.directory.changes import change_lines
from asset_map.directory.facade import Directory
from asset_map.directory.hsds_import import import_hsds
from asset_map.lists.document import printed_connection
from asset_map.needs.wording import GUESSED
from asset_map.store.enums import VerifiedHow
from asset_map.store.models import Asset
from tests.conftest import TILBURY, CliRun, write_json

NOW = datetime(2026, 11, 23, 9, 30)
NAME = "Call Companions"
WORDS = "A befriending telephone call for people who feel isolated."


def befriending_service(**fields: Any) -> dict[str, Any]:
    """An Open Referral service from another directory: no taxonomy, so no needs given."""
    service: dict[str, Any] = {
        "id": "c8a98fcd-81a7-3982-8cfb-49892219b22f",
        "name": NAME,
        "description": f"<p>{WORDS}</p>",
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Bristol Friends", "description": ""},
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "latitude": TILBURY[0],
                    "longitude": TILBURY[1],
                    "addresses": [
                        {"address_1": "Civic Square", "city": "Tilbury", "postal_code": "RM18 7NR"}
                    ],
                },
            }
        ],
    }
    return service | fields


def import_befriending(directory: Directory, tmp_path: Path, **fields: Any) -> Asset:
    feed = {"total_items": 1, "total_pages": 1, "page_number": 1, "contents": [befriending_service(**fields)]}
    report = import_hsds(directory, write_json(tmp_path / "feed.json", feed), user="Importer", feed="Bristol")
    assert report.added == 1, [str(e) for e in report.skipped]
    return next(a for a in directory.all_assets() if a.name == NAME)


def names(directory: Directory, text: str, **words: Any) -> list[str]:
    return [r.name for r in directory.search(directory.make_query(text, **words)).results]


def test_a_local_area_coordinator_who_types_lonely_finds_the_befriending_call(
    directory: Directory, tmp_path: Path
) -> None:
    asset = import_befriending(directory, tmp_path)
    assert asset.need_ids == ["company"]
    assert asset.inferred_needs == ["company"]
    assert "lonely" not in WORDS.casefold()  # found by the need its words gave, not by the word
    assert NAME in names(directory, "lonely")
    assert NAME in names(directory, "lonley")  # typed in a hurry
    assert NAME in names(directory, "", needs=["company"])


def test_needs_a_feed_gives_are_not_guessed(directory: Directory, tmp_path: Path) -> None:
    airs = {"taxonomy_term": {"id": "PH-1400.1000", "name": "Buddy Programs", "taxonomy": "AIRS"}}
    asset = import_befriending(directory, tmp_path, attributes=[airs])
    assert asset.need_ids == ["company"] and asset.inferred_needs == []


def test_show_says_which_needs_were_guessed(directory: Directory, tmp_path: Path, cli: CliRun) -> None:
    asset = import_befriending(directory, tmp_path)
    assert f"Needs:         Company and friendship ({GUESSED})" in format_asset(asset, directory)
    code, out, _ = cli("show", str(asset.id), "--json")
    assert code == 0
    record = json.loads(out)
    assert (record["needs"], record["inferred_needs"]) == (["company"], ["company"])


def test_the_printout_never_says_a_guessed_need(directory: Directory, tmp_path: Path) -> None:
    asset = import_befriending(directory, tmp_path)
    printed = printed_connection(asset, "", TILBURY, NOW)
    text = json.dumps(dataclasses.asdict(printed), default=str)
    assert "Company and friendship" not in text and GUESSED not in text


def save_form(directory: Directory, asset: Asset, **changed: object) -> Asset:
    """Save the edit form as a person would: what it shows, with these fields changed."""
    values = forms.form_values(asset) | changed
    asset_in, errors = forms.build_asset(values)
    assert asset_in is not None, errors
    return directory.update(asset.id, asset_in, user="Sam", expected_version=asset.version)


def test_saving_the_form_with_a_guessed_need_kept_confirms_it(directory: Directory, tmp_path: Path) -> None:
    asset = import_befriending(directory, tmp_path)
    saved = save_form(directory, asset)
    assert saved.need_ids == ["company"] and saved.inferred_needs == []
    assert format_asset(saved, directory).count(GUESSED) == 0
    (last, *_) = sorted(directory.history(asset.id), key=lambda c: -c.version)
    assert last.by == "Sam" and "inferred_needs: company → (empty)" in change_lines(last)


def test_removing_a_guessed_need_in_the_form_removes_it(directory: Directory, tmp_path: Path) -> None:
    asset = import_befriending(directory, tmp_path)
    saved = save_form(directory, asset, needs=["food"])
    assert saved.need_ids == ["food"] and saved.inferred_needs == []
    assert NAME not in names(directory, "", needs=["company"])  # no longer tagged (its words still say it)
    (last, *_) = sorted(directory.history(asset.id), key=lambda c: -c.version)
    assert {line.split(":")[0] for line in change_lines(last)} >= {"needs", "inferred_needs"}


def test_other_changes_keep_the_guesses_as_guesses(directory: Directory, tmp_path: Path) -> None:
    asset = import_befriending(directory, tmp_path)
    directory.verify(asset.id, user="Sam", how=VerifiedHow.PHONED)
    assert directory.get(asset.id).inferred_needs == ["company"]


def test_importing_the_feed_again_never_brings_back_a_guess_a_person_removed(
    directory: Directory, tmp_path: Path
) -> None:
    asset = import_befriending(directory, tmp_path)
    save_form(directory, asset, needs=["food"])  # the person knows better than the words
    feed = {"total_items": 1, "total_pages": 1, "page_number": 1, "contents": [befriending_service()]}
    import_hsds(directory, write_json(tmp_path / "again.json", feed), user="Importer", feed="Bristol")
    again = directory.get(asset.id)
    assert again.need_ids == ["food"] and again.inferred_needs == []
    airs = {"taxonomy_term": {"id": "PH-1400.1000", "name": "Buddy Programs", "taxonomy": "AIRS"}}
    feed["contents"] = [befriending_service(attributes=[airs])]  # the feed now says it, as a fact
    import_hsds(directory, write_json(tmp_path / "given.json", feed), user="Importer", feed="Bristol")
    given = directory.get(asset.id)
    assert given.need_ids == ["company", "food"] and given.inferred_needs == []


def test_a_need_removed_takes_its_guess_with_it() -> None:
    """A guess marks one of its needs: removing the need (a person, a feed's update) leaves
    no mark on nothing, however the record was put together."""
    from tests.conftest import asset_in

    guessed = asset_in(needs=["company", "arts"], inferred_needs=["arts"])
    assert guessed.inferred_needs == ["arts"]
    edited = guessed.model_copy(update={"needs": ["company"]})
    again = type(guessed).model_validate(edited.model_dump())
    assert again.needs == ["company"] and again.inferred_needs == []
    assert asset_in(inferred_needs=["food"]).inferred_needs == []
