"""A record's needs as a person reads them, a guessed one never said as fact."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

GUESSED = "guessed from its words"


def need_phrases(need_ids: Iterable[str], inferred: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """ "Food and meals", "Company and friendship (guessed from its words)": confirmed needs
    first, then those guessed from the record's words and not yet confirmed by a person."""
    guessed = set(inferred)
    ids = list(dict.fromkeys(need_ids))
    confirmed = [labels.get(n, n) for n in ids if n not in guessed]
    return confirmed + [f"{labels.get(n, n)} ({GUESSED})" for n in ids if n in guessed]


def needs_line(need_ids: Iterable[str], inferred: Iterable[str], labels: Mapping[str, str]) -> str:
    """The needs on one line, as the entry's screen and `asset-map show` print them."""
    return ", ".join(need_phrases(need_ids, inferred, labels))
