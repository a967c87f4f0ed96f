"""Needs guessed from a record's own words, by plain rules a person can follow.

The cue words are the needs' own labels and synonyms (data/needs.json), compared as word
stems (Snowball's English stemmer: "befriending" and "befriend", "walks" and "walking" are
one word), longest phrase first, so "mental health" is read once, as mental wellbeing, and
never again as "health". The rules (data/need_inference.json) only ever hold back:

- `not_needs`: phrases that use a cue word but are not about a need ("social services",
  "parents and carers", "within walking distance"): read, and then ignored;
- `unused`: synonyms that are too often something else in a description ("it help",
  "reading", "tablet"): never cues;
- `exact`: synonyms matched only as written, not by stem ("caring" is not "care");
- `weak`: synonyms that say little alone ("social", "family"): a weak word counts half;
- `alike`: words that say the same thing ("children", "kids", "young people") count once.

A need is guessed when its cue words add up to 2: each different strong cue counts 2, each
different weak one 1, however often it is said, in the name or the description. At most
`MOST` needs are guessed, the best supported first. Every guess carries the words that gave
it, so a person can see why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count, repeat
from typing import Any, cast

import snowballstemmer  # type: ignore[import-untyped]  # no type information published

from asset_map.store.peek import NeedTerms
from asset_map.store.reference import packaged_json

MOST = 3  # needs guessed for one record at most: precision over recall
STRONG, WEAK, ENOUGH = 2, 1, 2
STEMS_KEPT = 100_000
# Each word's stem, shared by every NeedInference of the process: stemming is pure, and the
# same words come back in every record and every feed (it was most of the guessing's time).
_STEMS: dict[str, str] = {}
_APOSTROPHE_S = re.compile(r"['’]s\b")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Rules:
    """What holds the guessing back (see the module's docstring)."""

    not_needs: tuple[str, ...] = ()
    unused: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()
    alike: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Rules:
        def words(key: str) -> list[str]:
            return [" ".join(str(w).casefold().split()) for w in data.get(key, [])]

        return cls(
            not_needs=tuple(words("not_needs")),
            unused=frozenset(words("unused")),
            exact=frozenset(words("exact")),
            weak=frozenset(words("weak")),
            alike=tuple(
                tuple(" ".join(str(w).casefold().split()) for w in group) for group in data.get("alike", [])
            ),
        )


@cache
def packaged_rules() -> Rules:
    """The rules shipped with the app (data/need_inference.json)."""
    return Rules.from_data(packaged_json("need_inference.json"))


@dataclass(frozen=True)
class Guess:
    """A need guessed from a record's words, and the words that gave it."""

    need: str
    because: tuple[str, ...]
    score: int = 0


@dataclass(frozen=True)
class _Phrase:
    keys: tuple[str, ...]  # stems, or words as written for an exact phrase
    exact: bool
    need: str | None  # None: a phrase that is not about a need
    weight: int
    text: str
    counts_as: str  # alike words are one cue: the first of their group


def _longest(phrase: _Phrase) -> tuple[int, bool]:
    return (-len(phrase.keys), not phrase.exact)


_Cue = tuple[tuple[_Phrase, list[str]], ...]  # phrases that can begin at a word, and their other keys


@dataclass
class _Evidence:
    score: int = 0
    words: dict[str, None] = field(default_factory=dict)  # in the order found


class NeedInference:
    """Guesses needs from words; built once from the vocabulary, then used for many records."""

    def __init__(self, needs: Iterable[NeedTerms], rules: Rules | None = None) -> None:
        rules = rules if rules is not None else packaged_rules()
        self._stemmer = snowballstemmer.stemmer("english")  # one each: a stemmer holds state
        same = {word: group[0] for group in rules.alike for word in group}
        self.order: dict[str, int] = {}
        phrases: list[_Phrase] = []
        for need in needs:
            self.order.setdefault(need.id, len(self.order))
            for raw in (need.label, *need.synonyms):
                text = " ".join(raw.casefold().split())
                if not text or text in rules.unused:
                    continue
                exact = text in rules.exact
                weight = WEAK if text in rules.weak else STRONG
                keys = self._keys(text, exact)
                phrases.append(_Phrase(keys, exact, need.id, weight, text, same.get(text, text)))
        for text in rules.not_needs:
            phrases.append(_Phrase(self._keys(text, False), False, None, 0, text, text))
        # longest first, so "mental health" is read before "health" and "lunch club" before "lunch"
        phrases.sort(key=_longest)
        self._by_first: dict[str, list[_Phrase]] = {}
        self._cues: dict[str, _Cue] = {}  # word -> the phrases that can begin at it
        for phrase in phrases:
            if phrase.keys:
                self._by_first.setdefault(phrase.keys[0], []).append(phrase)

    def _words(self, text: str) -> list[str]:
        return _WORD.findall(_APOSTROPHE_S.sub("", text.casefold()))

    def _stem(self, word: str) -> str:
        stem = _STEMS.get(word)
        if stem is None:
            if len(_STEMS) >= STEMS_KEPT:  # a feed of made-up words must not fill memory
                _STEMS.clear()
            stem = _STEMS[word] = str(self._stemmer.stemWord(word))
        return stem

    def _keys(self, text: str, exact: bool) -> tuple[str, ...]:
        words = self._words(text)
        return tuple(words if exact else [self._stem(w) for w in words])

    def _cue(self, word: str) -> _Cue:
        """The phrases that can begin at a word, longest first, each with the keys that must
        follow: those whose first key is the word's stem, or the word as written for an exact
        phrase. Remembered per word (a stem is the word's alone), so that a text's words are
        each looked up once, not stemmed and compared one by one."""
        stem = self._stem(word)
        by_stem, by_word = self._by_first.get(stem), self._by_first.get(word)
        cue: _Cue = ()  # most words begin no phrase
        if by_stem is not None or by_word is not None:
            if by_stem and by_word and stem != word:
                candidates = sorted((*by_stem, *by_word), key=_longest)
            else:  # a word that is its own stem ("the", "health") finds its phrases once, not twice
                candidates = by_stem or by_word or []
            cue = tuple((p, list(p.keys[1:])) for p in candidates if p.keys[0] == (word if p.exact else stem))
        if len(self._cues) >= STEMS_KEPT:  # a feed of made-up words must not fill memory
            self._cues.clear()
        self._cues[word] = cue
        return cue

    def _found(self, text: str) -> list[_Phrase]:
        """The phrases in a text, left to right, each word read once (longest phrase first)."""
        words = self._words(text)
        known = list(map(self._cues.get, words))  # after a feed's first records, all of them
        cues = (
            [self._cue(w) if c is None else c for c, w in zip(known, words, strict=True)]
            if None in known
            else cast(list[_Cue], known)
        )
        found: list[_Phrase] = []
        stems: list[str] = []
        read = 0  # the words before this one are read
        for i in compress(count(), cues):  # only the words that begin a phrase
            if i < read:
                continue
            for phrase, rest in cues[i]:
                if rest:  # the first key matches already; the keys after it must follow
                    if not stems:  # every word was stemmed by `_cue`
                        stems = list(map(_STEMS.get, words, repeat("")))
                        if "" in stems:  # the stems were let go meanwhile
                            stems = [self._stem(w) for w in words]
                    if (words if phrase.exact else stems)[i + 1 : i + 1 + len(rest)] != rest:
                        continue
                found.append(phrase)
                read = i + 1 + len(rest)
                break
        return found

    def guesses(self, name: str, *texts: str) -> list[Guess]:
        """The needs a record's name and texts (summary, description) speak of, best first."""
        evidence: dict[str, _Evidence] = {}
        counted: set[tuple[str, str]] = set()  # a cue said twice, or in other words, counts once
        for text in (name, *texts):
            for phrase in self._found(text or ""):
                if phrase.need is None:
                    continue
                found = evidence.setdefault(phrase.need, _Evidence())
                found.words.setdefault(phrase.text, None)
                if (phrase.need, phrase.counts_as) not in counted:
                    counted.add((phrase.need, phrase.counts_as))
                    found.score += phrase.weight
        chosen = [(need, e) for need, e in evidence.items() if e.score >= ENOUGH]
        chosen.sort(key=lambda item: (-item[1].score, self.order.get(item[0], 0)))
        return [Guess(need, tuple(e.words), e.score) for need, e in chosen[:MOST]]

    def needs(self, name: str, *texts: str) -> list[str]:
        """The ids of the needs guessed (see `guesses`)."""
        return [g.need for g in self.guesses(name, *texts)]
