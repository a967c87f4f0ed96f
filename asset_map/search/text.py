"""Turning text into search terms: accents, case, apostrophes, hyphens and plurals."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
# from the start of a word, letters taken whole: "[a-z]+(?:-[a-z]+)+" tried again at every
# letter of every word, and gave back letters one by one (Bristol's descriptions: 4 times slower)
_HYPHENATED = re.compile(r"(?<![a-z])[a-z]++(?:-[a-z]++)+")

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "or",
        "is",
        "are",
        "be",
        "my",
        "me",
        "i",
        "we",
        "our",
        "you",
        "your",
        "it",
        "near",
        "around",
        "close",
        "from",
        "some",
        "any",
        "who",
        "what",
        "where",
        "when",
        "that",
        "this",
        "there",
        # words that only join others: "after a stroke" is about strokes, not "after"
        "after",
        "about",
        "into",
        "over",
        "during",
        "since",
        "if",
        "how",
        "which",
        "he",
        "she",
        "they",
        "him",
        "his",
        "her",
        "them",
        "their",
        "has",
        "have",
        "had",
        "was",
        "were",
        "been",
        "can",
        "could",
        "would",
        "should",
        "will",
        "someone",
        "somewhere",
        "something",
        # words of degree that say nothing of what is wanted ("drinking too much")
        "too",
        "much",
        "very",
        "really",
        "so",
        "just",
    ]
)


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, every other separator a space."""
    return " ".join(words(text))


def _bare(text: str) -> str:
    """Lower case, accents and apostrophes removed."""
    if text.isascii():  # the common case, and much faster than decomposing
        bare = text.lower()
    else:  # accents dropped: only a character beyond ASCII can be one (a "’" or "•" costs little)
        decomposed = unicodedata.normalize("NFKD", text)
        bare = _NOT_ASCII.sub(_without_marks, decomposed).casefold()
    return _APOSTROPHES.sub("", bare)


def _without_marks(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light plural folding: clubs→club, classes→class, activities→activity, men's→mens→men."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Folded words, in order, without stemming (for phrases): the runs of letters and digits."""
    return _WORD.findall(_bare(text))


def terms(text: str) -> list[str]:
    """Folded and stemmed words, in order."""
    return list(map(stem, words(text)))


def index_terms(text: str) -> list[str]:
    """What a text is indexed under: its `terms`, then its hyphenated compounds joined and
    stemmed ("Breast-feeding" -> "breastfeeding"), so that a word written as one finds it too."""
    bare = _bare(text)
    found = list(map(stem, _WORD.findall(bare)))
    return found + _joined(text, bare) if _has_hyphen(text) else found


def _has_hyphen(text: str) -> bool:
    return "-" in text or "\u2010" in text or "\u2011" in text


def _joined(text: str, bare: str) -> list[str]:
    bare = bare.replace("\u2010", "-").replace("\u2011", "-")
    joined = (stem(m.replace("-", "")) for m in _HYPHENATED.findall(bare))
    return [term for term in joined if len(term) >= 5]
