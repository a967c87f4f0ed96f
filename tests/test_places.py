"""The offline gazetteer: place names (fuzzy) and full or partial postcodes to points."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources

import pytest
from geopy.distance import geodesic

from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.places import (
    Gazetteer,
    LocalityInfo,
    OnlineLookup,
    PlaceNotFound,
    PostcodeInfo,
    distance_km,
)
from tests.conftest import document, write_json

PRODUCT_LOCALITIES = [
    "Grays",
    "Tilbury",
    "Chadwell St Mary",
    "East Tilbury",
    "South Ockendon",
    "Aveley",
    "Purfleet-on-Thames",
    "West Thurrock",
    "Chafford Hundred",
    "Stifford Clays",
    "Little Thurrock",
    "Stanford-le-Hope",
    "Corringham",
    "Orsett",
    "Horndon-on-the-Hill",
    "Fobbing",
    "Bulphan",
]


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    """The gazetteer as the app builds it: packaged data → reference tables → Gazetteer."""
    folder = tmp_path_factory.mktemp("places")
    seed = write_json(folder / "empty.json", document([]))
    opened = Directory.open(
        Settings(db_url=f"sqlite:///{folder / 'p.db'}", online_geocoding=False), seed=seed
    )
    yield opened.gazetteer
    opened.close()


# ---------------------------------------------------------------- the built-in data


def test_every_locality_of_the_brief_is_known_with_an_area(gazetteer: Gazetteer) -> None:
    for name in PRODUCT_LOCALITIES:
        assert name in gazetteer.localities, name
        assert gazetteer.area_name(name), name
    areas = {loc.area_name for loc in gazetteer.localities.values()}
    assert len(areas) == 4


def test_borough_postcode_districts_have_centroids(gazetteer: Gazetteer) -> None:
    for code in ["RM15", "RM16", "RM17", "RM18", "RM19", "RM20", "SS17"]:
        info = gazetteer.postcodes[code]
        assert info.level == "district"
        assert info.in_borough
        lat, lon = info.point
        assert 51.4 < lat < 51.6 and 0.2 < lon < 0.5, code
    sectors = [p for p in gazetteer.postcodes.values() if p.level == "sector"]
    assert sectors
    assert all(p.locality in gazetteer.localities for p in sectors)


def test_packaged_gazetteer_is_consistent() -> None:
    data = json.loads(resources.files("asset_map.data").joinpath("gazetteer.json").read_text("utf-8"))
    area_ids = {a["id"] for a in data["areas"]}
    names = [loc["name"] for loc in data["localities"]]
    assert len(names) == len(set(names))
    for loc in data["localities"]:
        assert loc["area"] in area_ids, loc["name"]
    for sector in data["sectors"]:
        assert sector["locality"] in names, sector["sector"]


# ---------------------------------------------------------------- resolving names


@pytest.mark.parametrize(
    ("typed", "locality"),
    [
        ("Tilbury", "Tilbury"),
        ("tilbury", "Tilbury"),
        ("  TILBURY ", "Tilbury"),
        ("Stanford le Hope", "Stanford-le-Hope"),
        ("S Ockendon", "South Ockendon"),
        ("Purfleet on Thames", "Purfleet-on-Thames"),
        ("Chafford", "Chafford Hundred"),
        ("Chadwell St. Mary", "Chadwell St Mary"),
        ("Horndon", "Horndon-on-the-Hill"),
    ],
)
def test_names_and_alternative_spellings(gazetteer: Gazetteer, typed: str, locality: str) -> None:
    place = gazetteer.resolve(typed)
    assert place.locality == locality
    assert place.label == locality
    assert place.precision == "locality"
    assert place.point == gazetteer.localities[locality].point
    assert place.note == ""


@pytest.mark.parametrize(
    ("typed", "locality"),
    [
        ("tilbry", "Tilbury"),
        ("Corringam", "Corringham"),
        ("East Tilbry", "East Tilbury"),
        ("Orset", "Orsett"),
    ],
)
def test_typos_resolve_with_a_note(gazetteer: Gazetteer, typed: str, locality: str) -> None:
    place = gazetteer.resolve(typed)
    assert place.locality == locality
    assert locality in place.note and typed in place.note


def test_a_typed_escape_is_shown_not_sent_in_the_note(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Tilbry\x1b")
    assert "\x1b" not in place.note and "\\x1b" in place.note


def test_canonical_locality_only_for_exact_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.canonical_locality("s ockendon") == "South Ockendon"
    assert gazetteer.canonical_locality("tilbry") is None
    assert gazetteer.area_name("Tilbury") == "Tilbury and Chadwell"
    assert gazetteer.area_name("Atlantis") is None


def test_unknown_place_gives_a_clear_message_with_suggestions(gazetteer: Gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.resolve("Grase")
    assert "Grays" in caught.value.suggestions
    message = str(caught.value)
    assert "'Grase' is not a known place" in message
    assert "did you mean" in message and "Grays" in message
    assert isinstance(caught.value, ValueError)


def test_place_that_does_not_exist(gazetteer: Gazetteer) -> None:
    with pytest.raises(PlaceNotFound, match="'Narnia' is not a known place or postcode"):
        gazetteer.resolve("Narnia")


@pytest.mark.parametrize("typed", ["", "   "])
def test_no_place_given(gazetteer: Gazetteer, typed: str) -> None:
    with pytest.raises(PlaceNotFound, match="no place given"):
        gazetteer.resolve(typed)


# ---------------------------------------------------------------- resolving postcodes


def test_full_postcode_resolves_to_its_sector_centre(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("rm187nr")
    sector = gazetteer.postcodes["RM18 7"]
    assert place.label == "RM18 7NR"
    assert place.precision == "postcode sector"
    assert place.point == sector.point
    assert place.locality == "Tilbury"
    assert place.area == "Tilbury and Chadwell"
    assert "RM18 7" in place.note


@pytest.mark.parametrize(
    ("typed", "code"), [("RM18 7", "RM18 7"), ("ss17 0", "SS17 0"), ("RM18 7N", "RM18 7")]
)
def test_sector_resolves(gazetteer: Gazetteer, typed: str, code: str) -> None:
    place = gazetteer.resolve(typed)
    assert place.precision == "postcode sector"
    assert place.point == gazetteer.postcodes[code].point


@pytest.mark.parametrize("typed", ["RM18", "rm17", "SS17", "RM15"])
def test_district_resolves(gazetteer: Gazetteer, typed: str) -> None:
    place = gazetteer.resolve(typed)
    assert place.precision == "postcode district"
    assert place.label == typed.upper()
    assert place.point == gazetteer.postcodes[typed.upper()].point


def test_full_postcode_in_a_district_without_sectors_uses_the_district(gazetteer: Gazetteer) -> None:
    assert "RM19 9" not in gazetteer.postcodes
    place = gazetteer.resolve("RM19 9ZZ")
    assert place.label == "RM19 9ZZ"
    assert place.precision == "postcode district"
    assert place.point == gazetteer.postcodes["RM19"].point


@pytest.mark.parametrize("typed", ["ZZ1 1ZZ", "RM99", "N1 9GU"])
def test_postcode_outside_the_gazetteer_offline(gazetteer: Gazetteer, typed: str) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.resolve(typed)
    message = str(caught.value)
    assert "outside the built-in gazetteer" in message
    assert "online" in message  # says how to look it up


def test_malformed_postcode_suggests_the_nearest_district(gazetteer: Gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.resolve("RM18 7NRX")
    assert "RM18" in caught.value.suggestions


# ---------------------------------------------------------------- online lookup (opt-in, faked)


def _tiny_gazetteer(online: OnlineLookup | None = None) -> Gazetteer:
    return Gazetteer(
        [LocalityInfo("Tilbury", "t", "Tilbury and Chadwell", (51.462, 0.36), ("Tilbury Docks",))],
        [PostcodeInfo("RM18", "district", (51.471, 0.387))],
        online=online,
    )


def test_online_lookup_only_for_what_the_gazetteer_lacks() -> None:
    asked: list[str] = []

    def lookup(text: str) -> tuple[float, float] | None:
        asked.append(text)
        return (51.5, -0.1) if text.startswith("N1") else None

    gaz = _tiny_gazetteer(lookup)
    assert gaz.resolve("Tilbury Docks").locality == "Tilbury"
    assert gaz.resolve("RM18").precision == "postcode district"
    assert asked == []
    place = gaz.resolve("N1 9GU")
    assert (place.precision, place.point, place.label) == ("online", (51.5, -0.1), "N1 9GU")
    with pytest.raises(PlaceNotFound, match="did not find it"):
        gaz.resolve("ZZ1 1ZZ")
    assert asked == ["N1 9GU", "ZZ1 1ZZ"]


def test_no_online_lookup_when_off() -> None:
    gaz = _tiny_gazetteer(None)
    with pytest.raises(PlaceNotFound, match="turn on online geocoding"):
        gaz.resolve("N1 9GU")


# ---------------------------------------------------------------- distances


def test_distance_is_geodesic_kilometres(gazetteer: Gazetteer) -> None:
    tilbury = gazetteer.localities["Tilbury"].point
    grays = gazetteer.localities["Grays"].point
    km = distance_km(tilbury, grays)
    assert km == pytest.approx(geodesic(tilbury, grays).km)
    assert 2.5 < km < 3.5
    assert distance_km(grays, tilbury) == pytest.approx(km)
    assert distance_km(tilbury, tilbury) == 0.0


def test_localities_are_within_the_borough_scale(gazetteer: Gazetteer) -> None:
    points = [loc.point for loc in gazetteer.localities.values()]
    tilbury = gazetteer.localities["Tilbury"].point
    assert max(distance_km(tilbury, p) for p in points) < 20  # Thurrock is ~20 km across


@pytest.mark.parametrize(
    ("typed", "locality"),
    [
        ("Grayz", "Grays"),
        ("Gray", "Grays"),
        ("Aveley village", "Aveley"),
        ("Chadwel St Marey", "Chadwell St Mary"),
    ],
)
def test_one_slip_a_beginning_or_a_longer_phrase_is_read_as_the_place(
    gazetteer: Gazetteer, typed: str, locality: str
) -> None:
    """Seen: "Tilbry" was taken as Tilbury while "Grayz" was refused (WRatio's quirks)."""
    place = gazetteer.resolve(typed)
    assert place.locality == locality and locality in place.note


@pytest.mark.parametrize(
    ("typed", "suggested", "never"),
    [
        ("London", [], "Horndon-on-the-Hill"),  # seen: "did you mean Horndon-on-the-Hill?"
        ("Grase", ["Grays"], "Chadwell St Mary"),
        ("Thurrock", ["Grays", "Little Thurrock", "West Thurrock"], ""),  # the borough: not one place
    ],
)
def test_suggestions_are_places_that_look_like_what_was_typed(
    gazetteer: Gazetteer, typed: str, suggested: list[str], never: str
) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.resolve(typed)
    assert sorted(caught.value.suggestions) == suggested
    assert never not in caught.value.suggestions
