"""Turning text into search terms: accents, case, apostrophes, hyphens and plurals."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`´]")

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
    ]
)


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, every other separator a space."""
    if text.isascii():  # the common case, and much faster than decomposing
        bare = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", bare)).strip()


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
    """Folded words, in order, without stemming (for phrases)."""
    return fold(text).split()


def terms(text: str) -> list[str]:
    """Folded and stemmed words, in order."""
    return [stem(w) for w in words(text)]
