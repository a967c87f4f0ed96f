"""Words of a search that are filters: a place, a day, a cost ("lunch club tilbury wednesday free").

A practitioner types what the resident says, and residents say where and when in the same
breath as what. Such a word becomes the filter it names when that filter is not set already
and nothing else fits the word better: a locality of the area's own gazetteer always does; a
place loaded from elsewhere only when the word is no word of the directory's own ("reading"
in "reading group" stays a word). The words stay in the text too, so "Tilbury Lunch Club" is
still found by its name. "Free" is a filter only in a directory that mostly says what things
cost: in a feed that states no fees, "free tax preparation" is words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from asset_map.places import Gazetteer
from asset_map.schedule import DAY_NAMES
from asset_map.search.query import QueryWords
from asset_map.search.text import words

DAYS = {name.lower(): name[:3].lower() for name in DAY_NAMES} | {"today": "today"}
COSTS = {"free"}
LONGEST_PLACE = 3  # words: "Chadwell St Mary"


@dataclass
class WordsAsFilters:
    near: str | None = None
    open_on: str | None = None
    free_only: bool = False
    said: list[str] = field(default_factory=list)  # "“tilbury” as near Tilbury", for the person
    rest: str = ""  # the text without the words taken as filters

    def as_words(self) -> QueryWords:
        """The filters found, as the search's own words (only those a word named)."""
        found: QueryWords = {}
        if self.near:
            found["near"] = self.near
        if self.open_on:
            found["open_on"] = self.open_on
        if self.free_only:
            found["free_only"] = True
        return found


def filters_in_text(
    text: str,
    gazetteer: Gazetteer,
    known_word: Callable[[str], bool],
    *,
    near_given: bool,
    day_given: bool,
    free_given: bool,
    costs_known: Callable[[], bool] = lambda: True,
) -> WordsAsFilters:
    """The filters named by words of `text` that the person has not set another way."""
    found = WordsAsFilters()
    said = words(text)
    kept: list[str] = []
    i = 0
    while i < len(said):
        if not near_given and found.near is None and (place := _place_at(said, i, gazetteer, known_word)):
            span, name = place
            found.near = name
            found.said.append(f"“{' '.join(said[i : i + span])}” as near {name}")
            i += span
            continue
        word = said[i]
        if not day_given and found.open_on is None and word in DAYS:
            found.open_on = DAYS[word]
            found.said.append(f"“{word}” as on {word.capitalize() if word != 'today' else 'today'}")
        elif not free_given and not found.free_only and word in COSTS and costs_known():
            found.free_only = True
            found.said.append(f"“{word}” as free only")
        else:
            kept.append(word)
        i += 1
    # Only a place, a day or a cost said: the words name what is wanted, not a filter.
    found = found if kept else WordsAsFilters()
    found.rest = " ".join(kept) + (" " if text[-1:].isspace() else "") if found.said else text
    return found


def _place_at(
    said: list[str], i: int, gazetteer: Gazetteer, known_word: Callable[[str], bool]
) -> tuple[int, str] | None:
    """The longest place name starting at word i: (its length in words, the place's name)."""
    for span in range(min(LONGEST_PLACE, len(said) - i), 0, -1):
        phrase = " ".join(said[i : i + span])
        name = gazetteer.canonical_locality(phrase)
        if name is None:
            continue
        ours = name in gazetteer.localities  # the area's own: always a place
        if ours or not any(known_word(w) for w in said[i : i + span]):
            return span, name
    return None
