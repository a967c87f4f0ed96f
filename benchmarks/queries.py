"""The fixed benchmark query mix, run against directories made by benchmarks/generate.py.

Every query names words of the generator's vocabulary, so typo queries have real targets
(`correct_spelling` is what the person meant: the benchmark checks that the assets a plain
rapidfuzz baseline ranks top 3 for the correct spelling appear in our top 10 for the typo).
Places are the synthetic gazetteer's (fixed, whatever the seed) or Thurrock's real ones.

Categories: typo, multi_word, place, need, radius, prefix (someone starting to type).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CATEGORIES = ("typo", "multi_word", "place", "need", "radius", "prefix")


@dataclass(frozen=True)
class BenchQuery:
    text: str
    category: str
    near: str | None = None
    radius_km: float | None = None
    need: str | None = None
    correct_spelling: str | None = None
    typing: bool = False

    def make_query_args(self) -> dict[str, Any]:
        """Keyword arguments for Directory.make_query (besides the text and the limit)."""
        return {
            "near": self.near,
            "radius_km": self.radius_km,
            "needs": [self.need] if self.need else [],
            "typing": self.typing,
        }

    @property
    def label(self) -> str:
        parts = [repr(self.text)]
        if self.near:
            parts.append(f"near {self.near}" + (f" {self.radius_km:g} km" if self.radius_km else ""))
        if self.need:
            parts.append(f"need {self.need}")
        if self.typing:
            parts.append("typing")
        return " ".join(parts)


QUERIES: tuple[BenchQuery, ...] = (
    # ------------------------------------------------------------ typos
    BenchQuery("gardenning", "typo", correct_spelling="gardening"),
    BenchQuery("befrending", "typo", correct_spelling="befriending"),
    BenchQuery("lonley", "typo", correct_spelling="lonely"),
    BenchQuery("knitt and natter", "typo", correct_spelling="knit and natter"),
    BenchQuery("dementa cafe", "typo", correct_spelling="dementia cafe"),
    BenchQuery("chiropdy", "typo", correct_spelling="chiropody"),
    BenchQuery("excercise class", "typo", correct_spelling="exercise class"),
    BenchQuery("allotmant", "typo", correct_spelling="allotment"),
    BenchQuery("handyprson", "typo", correct_spelling="handyperson"),
    BenchQuery("coffe morning", "typo", correct_spelling="coffee morning"),
    BenchQuery("walkng group", "typo", correct_spelling="walking group"),
    BenchQuery("bereavment support", "typo", correct_spelling="bereavement support"),
    # ------------------------------------------------------------ several words
    BenchQuery("lunch club for older people", "multi_word"),
    BenchQuery("dog walking at home", "multi_word"),
    BenchQuery("help with shopping", "multi_word"),
    BenchQuery("community hub advice", "multi_word"),
    BenchQuery("singing for people living with dementia", "multi_word"),
    BenchQuery("men's shed woodwork", "multi_word"),
    BenchQuery("friendly phone calls", "multi_word"),
    BenchQuery("chair exercise", "multi_word"),
    # ------------------------------------------------------------ near a place (no radius)
    BenchQuery("lunch club", "place", near="Elmminster"),
    BenchQuery("coffee morning", "place", near="Aldmarsh"),
    BenchQuery("gardening", "place", near="Tilbury"),
    BenchQuery("dog walking", "place", near="AM60 5AB"),
    BenchQuery("carers", "place", near="Naywood"),
    # ------------------------------------------------------------ need filters
    BenchQuery("club", "need", need="company"),
    BenchQuery("help", "need", need="help-at-home"),
    BenchQuery("classes", "need", need="active"),
    BenchQuery("drop-in", "need", need="money"),
    BenchQuery("walking", "need", need="pets"),
    # ------------------------------------------------------------ within a radius
    BenchQuery("knit and natter", "radius", near="Elmminster", radius_km=10),
    BenchQuery("befriending", "radius", near="South Coldmarsh", radius_km=5),
    BenchQuery("lunch", "radius", near="Grays", radius_km=3),
    BenchQuery("tai chi", "radius", near="RM18 7NR", radius_km=15),
    BenchQuery("yoga", "radius", near="Laxley", radius_km=8),
    # ------------------------------------------------------------ starting to type
    BenchQuery("l", "prefix", typing=True),
    BenchQuery("lu", "prefix", typing=True),
    BenchQuery("g", "prefix", typing=True),
    BenchQuery("ga", "prefix", typing=True),
    BenchQuery("k", "prefix", typing=True),
    BenchQuery("kn", "prefix", typing=True),
    BenchQuery("w", "prefix", typing=True),
    BenchQuery("wa", "prefix", typing=True),
    BenchQuery("lunch c", "prefix", typing=True),
    BenchQuery("knit and nat", "prefix", typing=True),
)

TYPO_QUERIES = tuple(q for q in QUERIES if q.correct_spelling)
