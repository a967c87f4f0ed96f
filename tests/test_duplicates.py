"""Likely duplicates: similar names within a place, and contact details only when they tell.

The time bank broker's phone and email are on every time bank offer, and one organisation's
groups share its contacts: such a contact alone must not make a pair (docs/review.md).
"""

from __future__ import annotations

import uuid

from asset_map.directory import Directory
from asset_map.duplicates import (
    Candidate,
    contact_keys,
    contact_name_similarity,
    find_for,
    find_pairs,
    house_words,
)
from asset_map.search.index import AssetDoc, SearchIndex
from asset_map.search.synonyms import SynonymTable

BROKER = {"phone": "01375 000 400", "email": "broker@thurrocktimebank.example.org"}
OFFERS = [
    "Dog walking",
    "Ironing",
    "Help with shopping",
    "Smartphone help",
    "Knitting lessons",
    "Listening ear",
    "Friendly phone calls",
    "Small DIY jobs",
]


def doc(
    name: str,
    locality: str = "Grays",
    *,
    phone: str = "",
    email: str = "",
    website: str = "",
    status: str = "active",
    archived: bool = False,
    point: tuple[float, float] | None = None,
) -> AssetDoc:
    return AssetDoc(
        id=uuid.uuid4(),
        name=name,
        kind="group",
        locality=locality,
        status=status,
        point=point,
        cost="free",
        accessibility=frozenset(),
        needs=(),
        slots=(),
        schedule_note="",
        verified_on=None,
        texts={"name": name},
        archived=archived,
        contacts=contact_keys(phone, email, website),
    )


def names(pairs: list) -> set[frozenset[str]]:
    return {frozenset({p.first.name, p.second.name}) for p in pairs}


def index_of(docs: list[AssetDoc]) -> SearchIndex:
    return SearchIndex.build(docs, SynonymTable([]), {})


def time_bank() -> list[AssetDoc]:
    places = ["Grays", "Tilbury", "Aveley", "Orsett", "Corringham", "Belhus", "Linford", "Fobbing"]
    return [doc(f"{offer} (time bank)", place, **BROKER) for offer, place in zip(OFFERS, places, strict=True)]


# ---------------------------------------------------------------- contact keys
def test_contact_keys_ignore_formatting() -> None:
    assert contact_keys("+44 1375 000 400") == contact_keys("01375 000400")
    assert contact_keys(email=" Broker@Example.org ") == {"mailto:broker@example.org"}
    assert contact_keys(website="https://www.Example.org/") == contact_keys(website="example.org")
    assert contact_keys("123", "not an email", "nohost") == frozenset()


# ---------------------------------------------------------------- pairs in the directory
def test_similar_names_in_the_same_locality_pair() -> None:
    pairs = find_pairs([doc("Tilbury Lunch Club", "Tilbury"), doc("Tilbury Lunch Club.", "Tilbury")])
    assert len(pairs) == 1
    assert pairs[0].reasons[0].startswith("similar name")


def test_similar_names_in_different_localities_do_not_pair() -> None:
    """Pairs are looked for within a locality (blocking): two "Knit and Natter"s are two groups."""
    assert find_pairs([doc("Knit and Natter", "Grays"), doc("Knit and Natter", "Tilbury")]) == []


def test_a_contact_shared_by_two_entries_is_a_signal() -> None:
    a, b = doc("Chatty Café", phone="01375 000 111"), doc("Digital Drop-in", phone="01375000111")
    pairs = find_pairs([a, b, doc("Something else", phone="01375 000 222")])
    assert names(pairs) == {frozenset({"Chatty Café", "Digital Drop-in"})}
    assert pairs[0].reasons == ("same phone",)


def test_a_contact_shared_by_many_is_not_a_signal_on_its_own() -> None:
    offers = time_bank()
    assert find_pairs(offers) == []


def test_a_widely_shared_contact_counts_when_the_names_are_alike() -> None:
    offers = [*time_bank(), doc("Dog walking and sitting (time bank)", "Aveley", **BROKER)]
    pairs = find_pairs(offers)
    assert names(pairs) == {frozenset({"Dog walking (time bank)", "Dog walking and sitting (time bank)"})}
    assert set(pairs[0].reasons) == {"same phone", "same email"}


def test_words_all_the_sharers_have_do_not_make_names_alike() -> None:
    house = house_words(f"{offer} (time bank)" for offer in OFFERS)
    assert house == {"time", "bank"}
    assert contact_name_similarity("Ironing (time bank)", "Listening ear (time bank)", house) < 60
    # the same names with the house words kept would pass the bar
    assert contact_name_similarity("Ironing (time bank)", "Listening ear (time bank)", frozenset()) >= 60


def test_archived_and_closed_entries_neither_pair_nor_count_as_sharers() -> None:
    a = doc("Chatty Café", phone="01375 000 111")
    b = doc("Digital Drop-in", phone="01375 000 111")
    gone = doc("Old Coffee Morning", phone="01375 000 111", archived=True)
    closed = doc("Closed Coffee Morning", phone="01375 000 111", status="closed")
    assert names(find_pairs([a, b, gone, closed])) == {frozenset({"Chatty Café", "Digital Drop-in"})}
    assert find_pairs([a, doc("Chatty Café", archived=True), doc("Chatty Café", status="closed")]) == []


def test_pairs_are_reported_once_with_every_reason() -> None:
    a = doc("Tilbury Chatty Cafe", "Tilbury", phone="01375 000 111", email="chat@example.org")
    b = doc("Tilbury Chatty Café", "Tilbury", phone="01375 000 111", email="chat@example.org")
    (pair,) = find_pairs([a, b])
    assert pair.reasons[0].startswith("similar name")
    assert {"same phone", "same email"} <= set(pair.reasons)
    assert pair.key == f"{pair.first.id}+{pair.second.id}"


# ---------------------------------------------------------------- while typing a new entry
def test_typing_an_offer_with_the_broker_phone_lists_no_other_offers() -> None:
    index = index_of(time_bank())
    candidate = Candidate("Piano lessons (time bank)", "Grays", contacts=contact_keys(**BROKER))
    assert find_for(candidate, index) == []


def test_typing_an_existing_offer_with_the_broker_phone_finds_it() -> None:
    index = index_of(time_bank())
    candidate = Candidate("Dog walking (time bank)", "Grays", contacts=contact_keys(**BROKER))
    matches = find_for(candidate, index)
    assert [m.name for m in matches] == ["Dog walking (time bank)"]
    assert {"same phone", "same email"} <= set(matches[0].reasons)


def test_a_contact_only_one_entry_has_is_a_signal() -> None:
    existing = doc("Chatty Café", phone="01375 000 111")
    index = index_of([existing, *time_bank()])
    matches = find_for(Candidate("Tuesday Coffee", contacts=contact_keys("01375000111")), index)
    assert [(m.name, m.reasons) for m in matches] == [("Chatty Café", ("same phone",))]


def test_a_contact_two_entries_have_already_is_not_a_signal_for_a_third() -> None:
    """Saved, the new entry would make three sharers: as in the queue, the contact alone says nothing."""
    index = index_of([doc("Chatty Café", phone="01375 000 111"), doc("Digital Drop-in", phone="01375000111")])
    assert find_for(Candidate("Job Club", "Tilbury", contacts=contact_keys("01375 000 111")), index) == []


def test_editing_an_entry_does_not_count_it_as_its_own_sharer() -> None:
    a, b = doc("Chatty Café", phone="01375 000 111"), doc("Digital Drop-in", phone="01375000111")
    index = index_of([a, b])
    candidate = Candidate("Chatty Café", "Grays", contacts=contact_keys("01375 000 111"), exclude=a.id)
    assert [m.name for m in find_for(candidate, index)] == ["Digital Drop-in"]


def test_similar_name_nearby_and_same_name_anywhere() -> None:
    here = doc("Tilbury Lunch Club", "Tilbury", point=(51.4626, 0.3585))
    index = index_of([here, doc("Grays Lunch Club", "Grays"), doc("Knit and Natter", "Grays")])
    nearby = find_for(Candidate("Tilbury Lunch Clubs", "", point=(51.4627, 0.3586)), index)
    assert [m.name for m in nearby] == ["Tilbury Lunch Club"]
    assert "within 100 m" in nearby[0].reasons
    anywhere = find_for(Candidate("knit and natter", "Tilbury"), index)
    assert [m.name for m in anywhere] == ["Knit and Natter"]


def test_archived_entries_are_not_offered() -> None:
    index = index_of([doc("Tilbury Lunch Club", "Tilbury", phone="01375 000 111", archived=True)])
    assert (
        find_for(Candidate("Tilbury Lunch Club", "Tilbury", contacts=contact_keys("01375000111")), index)
        == []
    )


# ---------------------------------------------------------------- on the sample directory
def test_sample_time_bank_offers_are_not_all_paired(seeded_directory: Directory) -> None:
    pairs = find_pairs(d for d in seeded_directory.index.docs if d is not None)
    offers = [p for p in pairs if "time bank" in p.first.name and "time bank" in p.second.name]
    assert len(offers) <= 5  # was 666: every offer with every other, by the broker's contacts
    assert len(pairs) < 20
    assert all(p.first.id != p.second.id for p in pairs)


def test_sample_new_offer_with_the_broker_contacts(seeded_directory: Directory) -> None:
    candidate = Candidate("Piano lessons (time bank)", "Grays", contacts=contact_keys(**BROKER))
    assert seeded_directory.likely_duplicates(candidate) == []
