"""Services with no fixed place: by phone, online, or coming to the person's home.

How a service is delivered is a field, a search filter (the CLI's --delivery, the TUI's "Any
way"), worded in results, on the card and on the printout instead of a distance, and an
entry whose place is not in the gazetteer is found by words and shown without a distance.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from asset_map.cli.output import format_asset
from asset_map.directory.facade import Directory
from asset_map.errors import DirectoryError
from asset_map.lists.document import distance_words, printed_connection, where_words
from asset_map.lists.pdf import to_pdf
from asset_map.lists.service import ConnectionLists
from asset_map.search.index import SearchIndex
from asset_map.store.enums import Delivery, delivery_words
from asset_map.store.models import AssetIn
from tests.conftest import TILBURY, CliRun, asset_in

NOW = datetime(2026, 11, 23, 9, 30)


def befriending_line(directory: Directory) -> AssetIn:
    phone_line = asset_in(
        name="Silver Line Befriending Calls",
        summary="A befriending telephone call for people who feel isolated",
        locality="",
        phone="0117 496 0000",
        delivery=["phone"],
    )
    directory.add(phone_line, user="Sam")
    return phone_line


def names(directory: Directory, text: str, **words: object) -> list[str]:
    query = directory.make_query(text, **words)  # type: ignore[arg-type]  # words as a test gives them
    return [r.name for r in directory.search(query).results]


def test_a_phone_line_is_found_near_any_place_and_says_how_it_is_reached(directory: Directory) -> None:
    befriending_line(directory)
    query = directory.make_query("befriending", near="Tilbury", radius_km=1)
    [result] = [r for r in directory.search(query).results if r.name == "Silver Line Befriending Calls"]
    assert result.distance_km is None
    assert result.delivery == ("phone",)
    assert result.where_words == "By phone"


def keep_unknown_places(directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add as an import does: a town the gazetteer does not know is kept (a form refuses it,
    with suggestions, since there it is most likely a slip)."""
    monkeypatch.setattr(directory.writer, "check_references", lambda asset: [])


def test_an_entry_in_a_town_the_gazetteer_does_not_know_is_found_by_words_without_a_distance(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_unknown_places(directory, monkeypatch)
    directory.add(asset_in(name="Bristol Knit Circle", locality="Bishopston"), user="Sam")
    assert "Bristol Knit Circle" in names(directory, "knit")
    found = directory.search(directory.make_query("knit", near="Tilbury"))
    [row] = [r for r in found.results if r.name == "Bristol Knit Circle"]
    assert row.distance_km is None and row.where_words == "Bishopston"
    # a radius asks for a distance: a place not known offline has none to give
    assert "Bristol Knit Circle" not in names(directory, "knit", near="Tilbury", radius_km=5)
    [asset] = [a for a in directory.all_assets() if a.name == "Bristol Knit Circle"]
    assert directory.where_of(asset) == ("", False)


def test_the_delivery_filter_keeps_any_of_the_ways_asked_for(directory: Directory) -> None:
    befriending_line(directory)
    directory.add(asset_in(name="Online Chair Yoga", locality="", delivery=["online"]), user="Sam")
    directory.add(asset_in(name="Tilbury Yoga", delivery=["in_person", "online"]), user="Sam")
    assert sorted(names(directory, "yoga", delivery=["online"])) == ["Online Chair Yoga", "Tilbury Yoga"]
    assert names(directory, "yoga", delivery=["phone"]) == []
    assert names(directory, "befriending", delivery=["By phone"]) == ["Silver Line Befriending Calls"]
    assert "Online Chair Yoga" not in names(directory, "yoga", delivery=["in person"])
    with pytest.raises(DirectoryError, match="'by pigeon' is not a way a service is delivered"):
        directory.make_query("yoga", delivery=["by pigeon"])


def test_comes_to_the_home_is_one_fact_whichever_field_says_it() -> None:
    said_old_way = asset_in(kind="micro_enterprise", name="Hair at Home", comes_to_home=True)
    assert said_old_way.delivery == [Delivery.HOME]
    both = asset_in(kind="micro_enterprise", name="Salon", comes_to_home=True, delivery=["in_person"])
    assert both.delivery == [Delivery.IN_PERSON, Delivery.HOME]
    assert asset_in().delivery == [Delivery.IN_PERSON]
    with pytest.raises(ValueError, match="delivery"):
        asset_in(delivery=[])


def test_delivery_words() -> None:
    assert delivery_words(["in_person"]) == ""
    assert delivery_words(["phone"]) == "By phone"
    assert delivery_words(["phone", "online"]) == "By phone, online"
    assert delivery_words(["in_person", "home"], "BS5") == "In person, comes to your home in BS5"


def test_the_printout_says_how_instead_of_a_distance(directory: Directory) -> None:
    phone = directory.add(
        asset_in(name="Helpline", locality="", phone="0117 496 0000", delivery=["phone"]), user="S"
    )
    online = directory.add(
        asset_in(name="Online Group", locality="", website="example.org", delivery=["online"]), user="S"
    )
    home = directory.add(
        asset_in(kind="micro_enterprise", name="Mobile Hairdresser", area_served="BS5", delivery=["home"]),
        user="S",
    )
    hall = directory.add(
        asset_in(name="Hall Group", latitude=TILBURY[0] + 0.05, longitude=TILBURY[1]), user="S"
    )
    assert where_words(phone) == "By phone: 0117 496 0000"
    assert where_words(online) == "Online: https://example.org"
    assert where_words(home) == "Comes to your home in BS5"
    for asset in (phone, online, home):
        assert distance_words(TILBURY, asset) == ""
    assert distance_words(TILBURY, hall).startswith("About 3.5 miles")
    printed = printed_connection(phone, "", TILBURY, NOW)
    assert printed.where == "By phone: 0117 496 0000" and printed.getting_there == ""


def test_the_pdf_reads_by_phone(directory: Directory) -> None:
    lists = ConnectionLists.open(directory)
    made = lists.new_list({"resident_ref": "A.", "home": "RM18 7"}, practitioner="Sam").id
    helpline = directory.add(
        asset_in(name="Helpline", locality="", phone="0117 496 0000", delivery=["phone"]), user="S"
    )
    lists.add(made, helpline.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(lists.document(made)))).pages)
    lists.close()
    assert "By phone: 0117 496 0000" in text
    assert "miles" not in text


def test_the_card_and_show_say_how_and_when_a_place_is_not_known(
    directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_unknown_places(directory, monkeypatch)
    befriending_line(directory)
    [line] = [a for a in directory.all_assets() if a.name == "Silver Line Befriending Calls"]
    shown = format_asset(line, directory)
    assert "How:           By phone" in shown
    elsewhere = directory.add(asset_in(name="Bishopston Club", locality="Bishopston"), user="S")
    assert "Bishopston (place not known offline)" in format_asset(elsewhere, directory)


def test_cli_search_and_show_by_delivery(cli: CliRun, directory: Directory) -> None:
    befriending_line(directory)
    directory.close()
    code, out, err = cli("search", "befriending", "--delivery", "phone")
    assert code == 0, err
    assert "Silver Line Befriending Calls" in out and "By phone" in out
    code, out, _ = cli("search", "befriending", "--delivery", "phone", "--json")
    assert code == 0 and '"delivery": [\n      "phone"\n    ]' in out
    code, out, err = cli("search", "lunch", "--delivery", "pigeon")
    assert code != 0 and "not a way a service is delivered" in err and "Traceback" not in err


def test_the_saved_index_keeps_how_each_is_delivered(directory: Directory, tmp_path: Path) -> None:
    befriending_line(directory)
    path = tmp_path / "index.bin"
    directory.index.save(path, generation=directory.generation)
    loaded = SearchIndex.load(
        path, generation=directory.generation, synonyms=directory.synonyms, need_labels=directory.need_labels
    )
    assert loaded is not None
    position = loaded.columns.names.index("Silver Line Befriending Calls")
    assert loaded.columns.doc(position).delivery == frozenset({"phone"})


@settings(max_examples=60, deadline=None)
@given(ways=st.lists(st.sampled_from([d.value for d in Delivery]), min_size=1, max_size=4, unique=True))
def test_any_ways_are_worded_and_any_filter_agrees_with_the_field(ways: list[str]) -> None:
    words = delivery_words(ways, "BS5")
    if ways == ["in_person"]:
        assert words == ""
    else:
        assert words and words[0].isupper()
        for way in ways:
            if way != "in_person":
                assert Delivery(way).label.lower() in words.lower()
