"""Search that understands what people mean (issue 17): a word being typed is a beginning
before it is a typo, other forms of a word are found, some of a phrase counts, and how near an
entry is counts with how well it matches."""

from __future__ import annotations

import uuid
from typing import Any

from asset_map.directory.facade import Directory
from tests.conftest import TILBURY, CliRun, OpenDirectory, record

FAR = (51.52, 0.42)  # about 8 km from Tilbury's centre
NEAR = (51.466, 0.362)  # about half a kilometre


def entry(name: str, point: tuple[float, float] = TILBURY, **fields: Any) -> dict[str, Any]:
    base = {"verified_on": "2026-10-01", "verified_by": "Sam", "verified_how": "visited"}
    return record(id=str(uuid.uuid4()), name=name, latitude=point[0], longitude=point[1], **base | fields)


FILLER = [entry(f"{topic} Group {n}", FAR) for n in range(6) for topic in ("Knitting", "Walking", "Choir")]


def names(directory: Directory, text: str, **words: Any) -> list[str]:
    return [r.name for r in directory.search(directory.make_query(text, **words)).results]


def test_a_word_being_typed_is_a_beginning_before_it_is_a_typo(open_directory: OpenDirectory) -> None:
    town = open_directory(
        [entry("Mardyke Valley Ramblers"), entry("Card Making Circle"), entry("Ockendon Ukulele Strummers")]
    )
    typed = town.search(town.make_query("mard", typing=True))
    assert [r.name for r in typed.results] == ["Mardyke Valley Ramblers"] and typed.corrections == {}
    assert names(town, "ukul", typing=True) == ["Ockendon Ukulele Strummers"]
    assert names(town, "ukul") == ["Ockendon Ukulele Strummers"]  # the command line: nothing else it can be
    assert names(town, "cadr")[0] == "Card Making Circle"  # a finished word with a slip is still a slip


def test_other_forms_of_a_word_and_a_slip_before_a_plural_s(open_directory: OpenDirectory) -> None:
    town = open_directory(
        [entry("Community Garden", summary="Grow vegetables together"), entry("Pilates for Beginners")]
    )
    assert names(town, "gardening") == ["Community Garden"]
    assert names(town, "pilatis") == ["Pilates for Beginners"]


def test_some_of_a_phrase_counts_above_a_need_the_phrase_stands_for(open_directory: OpenDirectory) -> None:
    town = open_directory(
        [
            entry("St John's Wednesday Lunch", NEAR, summary="A hot meal and company", needs=["food"]),
            entry("Community Allotment", NEAR, summary="Grow your own vegetables", needs=["food"]),
            entry("Riverside Lunch Club", FAR, summary="Two courses", needs=["food"]),
            *FILLER,  # a directory of some size, so that a word's rarity means what it does
        ]
    )
    ranked = names(town, "lunch club", near="Tilbury")
    assert ranked.index("St John's Wednesday Lunch") < ranked.index("Community Allotment")
    assert ranked[0] == "Riverside Lunch Club"  # the whole phrase, even 8 km away


def test_how_near_counts_with_how_well(open_directory: OpenDirectory) -> None:
    town = open_directory(
        [
            entry("Gardening Services", FAR, summary="Garden tidying", cost="paid"),
            entry("Community Garden", NEAR, summary="Gardening together on Wednesdays"),
        ]
    )
    assert names(town, "gardening", near="Tilbury") == ["Community Garden", "Gardening Services"]
    assert names(town, "gardening")[0] == "Gardening Services"  # no place: the words alone decide
    results = town.search(town.make_query("gardening", near="Tilbury")).results
    assert results[0].score > results[1].score  # the score shown is the one ranked by


def test_a_place_a_day_and_free_said_in_the_words_are_filters(directory: Directory) -> None:
    query = directory.make_query("lunch club tilbury wednesday free")
    assert query.near is not None and query.near.label == "Tilbury"
    assert query.open_day == 2 and query.free_only
    assert query.text == "lunch club"
    assert query.read_as == (
        "“tilbury” as near Tilbury",
        "“wednesday” as on Wednesday",
        "“free” as free only",
    )
    # a filter set in the bar is not overridden by a word, and the word stays a word
    chosen = directory.make_query("lunch club grays", near="Tilbury")
    assert chosen.near is not None and chosen.near.label == "Tilbury" and chosen.text == "lunch club grays"
    # a place alone is what is wanted, not a filter on nothing
    alone = directory.make_query("tilbury")
    assert alone.near is None and alone.text == "tilbury" and alone.read_as == ()


def test_free_is_a_word_where_costs_are_not_stated(open_directory: OpenDirectory) -> None:
    feed_like = open_directory(
        [entry(f"Tax Help {n}", summary="Free tax preparation", cost="unknown") for n in range(3)]
    )
    query = feed_like.make_query("free tax preparation")
    assert not query.free_only and query.text == "free tax preparation"
    assert len(feed_like.search(query).results) == 3


def test_the_words_taken_are_said(cli: CliRun, directory: Directory) -> None:
    directory.close()
    code, out, _ = cli("search", "lunch club tilbury")
    assert code == 0 and "Read as: “tilbury” as near Tilbury" in out


def test_a_need_reaches_the_words_of_an_entry_with_no_tag_for_it(open_directory: OpenDirectory) -> None:
    """Seen: "lonely" did not find "Chadwell Phone Friends — befriending calls for people who
    feel isolated" (from a feed: no need tags); a tagged entry still comes first."""
    town = open_directory(
        [
            entry("Chadwell Phone Friends", summary="Weekly calls for people who feel isolated or alone"),
            entry("Friendship Club", summary="Tea and chat", needs=["company"]),
            *FILLER,
        ]
    )
    found = town.search(town.make_query("lonely")).results
    assert [r.name for r in found][:2] == ["Friendship Club", "Chadwell Phone Friends"]
    assert found[1].why == ("words of Company and friendship",)


def test_a_need_s_words_remembered_between_writes_follow_a_write(open_directory: OpenDirectory) -> None:
    town = open_directory([entry("Friendship Club", summary="Tea", needs=["company"]), *FILLER])
    assert "Phone Friends" not in names(town, "lonely")
    town.add(town_entry := record_in("Phone Friends", "Calls for people who feel isolated"), user="Sam")
    assert town_entry.name in names(town, "lonely")  # the remembered scores were let go


def record_in(name: str, summary: str) -> Any:
    from tests.conftest import asset_in

    return asset_in(name=name, summary=summary, latitude=NEAR[0], longitude=NEAR[1])


def test_how_a_word_was_read_is_kept_between_writes_and_follows_a_write(
    open_directory: OpenDirectory,
) -> None:
    """'cadr' is a slip for 'card' until an entry says 'cadr'; a word being typed finds a
    completion added since it was last read."""
    town = open_directory([entry("Card Making Circle"), *FILLER])
    first = town.search(town.make_query("cadr"))
    assert first.corrections == {"cadr": "card"}
    assert town.search(town.make_query("cadr")).corrections == {"cadr": "card"}  # read again, the same
    assert "Mardyke Valley Ramblers" not in names(town, "mard", typing=True)
    town.add(record_in("Cadr Drop-in", "Cadr, a family name"), user="Sam")
    town.add(record_in("Mardyke Valley Ramblers", "Walks"), user="Sam")
    again = town.search(town.make_query("cadr"))
    assert again.corrections == {} and [r.name for r in again.results] == ["Cadr Drop-in"]
    assert names(town, "mard", typing=True) == ["Mardyke Valley Ramblers"]
