"""Words written as one or as two: "toenails" and "toe nail", "foodbank" and "food bank",
"breastfeeding" and "breast-feeding".

Directories and residents join and split compound words as they please. A hyphenated
compound is indexed joined as well (`text.index_terms`); a query word the directory does not
hold is read as two words it does as well (`split`; never a word it holds: "service" is not
"ser vice"); two query words are read as one where the
directory holds them joined (`joined`). Only words the directory holds are used, so a word
is never split into two it does not say.
"""

from __future__ import annotations

from typing import Protocol

from asset_map.search.text import STOP_WORDS, stem

MIN_PART = 3  # "toe" + "nail": shorter parts ("a" + "part") are too often chance
MIN_JOINED = 5
MIN_DF = 2  # a part held by one entry only is too often a name or a slip


class Vocabulary(Protocol):
    """What the index knows: how many entries hold a term."""

    df: dict[str, int]


def split(index: Vocabulary, term: str) -> tuple[str, str] | None:
    """Two words of the directory that `term` is written together from ("toenail" -> toe, nail),
    the most even split if several; None when there is none."""
    best: tuple[str, str] | None = None
    for cut in range(MIN_PART, len(term) - MIN_PART + 1):
        left, right = term[:cut], stem(term[cut:])
        if left in STOP_WORDS or right in STOP_WORDS:
            continue
        held = index.df.get(left, 0) >= MIN_DF and index.df.get(right, 0) >= MIN_DF
        if held and (best is None or min(len(left), len(right)) > min(map(len, best))):
            best = (left, right)
    return best


def joined(index: Vocabulary, first: str, second: str) -> str | None:
    """The one word the directory writes two query words as ("food bank" -> foodbank)."""
    if first in STOP_WORDS or second in STOP_WORDS:
        return None
    term = stem(first + second)
    return term if len(term) >= MIN_JOINED and index.df.get(term) else None
