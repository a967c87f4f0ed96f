"""Understanding a query: which words, which spellings, which phrases and needs it stands for.

Words are folded and plural-stemmed, unknown words are corrected against the directory's own
vocabulary (rapidfuzz), the last word is also read as a prefix while the person is typing,
and synonym phrases ("someone to talk to", "luncheon club") are matched longest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asset_map.search import compounds
from asset_map.search.index import SearchIndex, WordRead
from asset_map.search.text import STOP_WORDS, stem, words

PREFIX_FACTOR = 0.85
FORM_FACTOR = 0.7  # another form of a word is a guess ("parking" is not "park")
FORM_BEHIND_SLIP = 0.3  # a form's factor when the word is read first as a slip (below)
# A need a phrase stands for counts below the phrase itself: "lunch club" is lunch clubs first,
# then the rest of the food need (allotments, pantries).
NEED_FROM_PHRASE = 0.6
NEED_WORDS = 0.3  # a need's plain words found in an entry's text, for entries with no tag
# While typing, a very short prefix stands for only its most common completions.
PREFIX_LIMITS = {1: 8, 2: 16}
# A real word typed for another ("sexual heath"): looked for where no entry says the two words
# together and one of them is rare (in at most 10 entries or this share of them); a near word
# said with the other by at least SLIP_SEEN entries, SLIP_LIFT times as often as chance would
# have it, is the one meant ("family tree" is said once: it is no slip for "family free").
SLIP_RARE_SHARE = 0.002
SLIP_SEEN = 3
SLIP_LIFT = 1.5
SYNONYM_FACTOR = 0.9  # another phrase for what was typed counts a little below the words typed


def telling(index: SearchIndex, phrase: tuple[str, ...]) -> float:
    """How much a phrase says: the mean rarity of its words (stop words aside)."""
    said = [index.idf(t) for t in phrase if t not in STOP_WORDS] or [index.idf(t) for t in phrase]
    return sum(said) / len(said) if said else 0.0


def synonym_factor(index: SearchIndex, phrase: tuple[str, ...], target: tuple[str, ...]) -> float:
    """A synonym never says more than the words typed: "food bank" finds "pantry", but a
    pantry (a rarer word) must not come before the food banks themselves."""
    return SYNONYM_FACTOR * min(1.0, telling(index, phrase) / (telling(index, target) or 1.0))


@dataclass
class Option:
    """One way a clause can match: some words (all of them) or a need."""

    words: list[dict[str, float]] = field(default_factory=list)  # per word: term -> factor
    need: str | None = None
    factor: float = 1.0
    label: str = ""
    said_plainly: bool = False  # the label says what matched in words of its own
    fallback: bool = False  # counts only where nothing better matched (never as "also matched")
    whole: bool = False  # all its words or nothing (some of a phrase counts only as typed)

    @property
    def why(self) -> str:
        """What matched, for the person: 'lunch club', need: Food and meals, words of …"""
        if self.need is not None:
            return f"need: {self.label}"
        return self.label if self.said_plainly else f"'{self.label}'"


@dataclass
class Clause:
    text: str
    options: list[Option]


@dataclass
class Understanding:
    clauses: list[Clause]
    corrections: dict[str, str]


def word_forms(term: str) -> list[str]:
    """Other forms of a word a directory may use instead: an activity and its doing
    ("garden"/"gardening", "knit"/"knitting", "dance"/"dancing"), a belief and its holder
    ("racist"/"racism"). Only forms the directory
    holds are used, so "morning" never becomes "morn"."""
    if term.endswith("ing") and len(term) > 5:
        base = term[:-3]
        forms = [base, base + "e"]
        if len(base) > 2 and base[-1] == base[-2]:  # knitting -> knit, swimming -> swim
            forms.append(base[:-1])
        elif base[-1] not in "aeiouwxy" and base[-2] in "aeiou":  # swiming -> swimming
            forms.append(base + base[-1] + "ing")
        return forms
    if len(term) < 3:
        return []
    if term.endswith(("ist", "ism")) and len(term) > 5:  # racist/racism, activist/activism
        return [term[:-1] + ("m" if term.endswith("ist") else "t")]
    forms = [term + "ing", term[:-1] + "ing" if term.endswith("e") else term + term[-1] + "ing"]
    return list(dict.fromkeys(forms))


def other_endings(term: str) -> list[str]:
    """The word behind a past form, a doer or an act, for a word the directory does not hold:
    "sighted" is sight, "sleeper" sleep, "isolated" and "isolation" isolate, "worried" worry.
    Only forms the directory holds are used (as for `word_forms`)."""
    forms: list[str] = []
    for ending in ("ed", "er", "ion"):
        if not term.endswith(ending) or len(term) - len(ending) < 4:
            continue
        base = term[: -len(ending)]
        if ending == "ion" and base.endswith("at"):  # isolation -> isolate, isolated
            forms += [base + "e", base + "ed"]
            continue
        if ending == "ion":  # prevention -> prevent, protection -> protect
            forms += [base, base + "ed"]
            continue
        forms += [base, base + "e"]  # sighted -> sight, disabled -> disable
        if base.endswith("i"):  # worried -> worry
            forms.append(base[:-1] + "y")
        if base[-1] == base[-2] and base[-1] not in "ls":  # stopped -> stop
            forms.append(base[:-1])
        forms.append(base + "ing" if not base.endswith("e") else base[:-1] + "ing")
    if term.endswith("e") and len(term) > 5:  # isolate -> isolation, isolated
        forms += [term[:-1] + "ion", term + "d"]
    return [f for f in dict.fromkeys(forms) if f != term]


WORDS_READ_KEPT = 4096  # words whose reading is kept between writes (then all forgotten at once)


def _word_alternatives(
    index: SearchIndex, word: str, typing_last: bool, corrections: dict[str, str]
) -> tuple[str, dict[str, float], list[str]]:
    """The best spelling of a word, every term it may stand for, and its completions if
    unfinished: read once between writes (a query typed letter by letter reads its first
    words again at every keystroke, and a typo's correction searches the whole vocabulary)."""
    key = (word, typing_last)
    read = index.words_read.get(key)
    if read is None:
        if len(index.words_read) >= WORDS_READ_KEPT:
            index.words_read.clear()
        read = index.words_read[key] = _read_word(index, word, typing_last)
    if read.correction is not None:
        corrections[word] = read.correction
    return read.best, read.alternatives, read.completions


def _read_word(index: SearchIndex, word: str, typing_last: bool) -> WordRead:
    term = stem(word)
    alternatives: dict[str, float] = {}
    best = term
    correction = None
    known = index.known(term) or index.known(word)
    if known:
        alternatives[term] = 1.0
        if word != term and index.known(word):
            alternatives[word] = 1.0
    for form in word_forms(term):  # "gardening" finds "garden", "garden" finds "gardening"
        if index.known(form):  # and says no more than the word typed ("helping" is "help")
            alternatives.setdefault(form, FORM_FACTOR * min(1.0, index.idf(term) / index.idf(form)))
    if term not in index.df:  # "sighted" where the directory writes "sight" (its word only)
        for form in other_endings(term):
            if form in index.df:
                alternatives.setdefault(form, FORM_FACTOR * min(1.0, index.idf(term) / index.idf(form)))
    completions = index.prefixed(word, PREFIX_LIMITS.get(len(word), 40)) if typing_last else []
    if not known and alternatives and not completions:
        # a word the directory does not hold, read only as another's form, may rather be a slip
        # for a word people search for: "counciling" is counselling misspelt more likely than
        # a doing of "council". A slip for a word of the needs' and synonyms' vocabulary is read
        # first; the form is kept, weaker.
        slips = [
            (s, c) for s, c in index.correct(term) if s in index.synonyms.words and s not in alternatives
        ]
        if slips:
            best = correction = slips[0][0]
            for form in alternatives:
                alternatives[form] *= FORM_BEHIND_SLIP
            alternatives[best] = 0.9 * slips[0][1]
    if not known and not alternatives and not completions:
        # a prefix before a typo: "mard" on its way to "Mardyke" is not "card" (while typing,
        # a word that begins some of the directory's words is read only as their beginning)
        fixes = index.correct(term)
        if fixes:  # a finished word with a typo
            best = correction = fixes[0][0]
        else:  # nothing it could be a slip for: the beginning of a word, typed or not ("ukul")
            completions = index.prefixed(word, PREFIX_LIMITS.get(len(word), 40)) if len(word) >= 3 else []
        for spelling, confidence in fixes:
            alternatives.setdefault(spelling, 0.9 * confidence)
    if completions:  # a rarer completion is not likelier meant: none says more than the commonest
        said = min(index.idf(c) for c in completions)  # "utility ass…": assistance, not assembly
        for candidate in completions:
            alternatives.setdefault(candidate, PREFIX_FACTOR * min(1.0, said / index.idf(candidate)))
    return WordRead(best, alternatives, completions, correction)


def _corrections_in_context(
    index: SearchIndex,
    raw: list[str],
    resolved: list[tuple[str, dict[str, float], list[str]]],
    corrections: dict[str, str],
) -> None:
    """Of a typo's likely spellings, the one said with the words beside it: "chronic pian" is
    "pain" (entries say "chronic pain"), though "piano" is as near by letters."""
    for i, word in enumerate(raw):
        if word not in corrections:
            continue
        best, alternatives, completions = resolved[i]
        beside = [resolved[j][0] for j in (i - 1, i + 1) if 0 <= j < len(raw) and raw[j] not in STOP_WORDS]
        if not beside or any(index.together(best, other) for other in beside):
            continue
        said = {t: sum(index.together(t, other) for other in beside) for t in alternatives if t != best}
        meant = max(said, key=lambda t: (said[t], alternatives[t]), default=None)
        if meant is None or not said[meant]:
            continue
        swapped = alternatives | {meant: alternatives[best], best: alternatives[meant]}
        resolved[i] = (meant, swapped, completions)
        corrections[word] = meant


def _slips_in_context(
    index: SearchIndex,
    raw: list[str],
    resolved: list[tuple[str, dict[str, float], list[str]]],
    corrections: dict[str, str],
    typing_last: bool,
) -> None:
    """Read a real word typed for another by the word beside it: "heath" is a word of the
    directory (Coalpit Heath), so alone it is no typo, but its entries say "sexual health"
    and never "sexual heath". The word meant is read first, the word typed kept, weaker."""
    for i in range(len(raw) - 1):
        if typing_last and i + 2 == len(raw) and resolved[i + 1][0] not in index.df:
            continue  # a word still being typed is a slip only once it is a word ("heath", not "hea")
        pair = (resolved[i][0], resolved[i + 1][0])
        if pair not in index.pairs_read:
            index.pairs_read[pair] = _slip_in_pair(index, *pair)
        found = index.pairs_read[pair]
        if found is None:
            continue
        which, meant, confidence = found
        _, alternatives, completions = resolved[i + which]
        kept = {term: factor * FORM_BEHIND_SLIP for term, factor in alternatives.items()}
        resolved[i + which] = (meant, kept | {meant: 0.9 * confidence}, completions)
        corrections[raw[i + which]] = meant


def _slip_in_pair(index: SearchIndex, first: str, second: str) -> tuple[int, str, float] | None:
    """Which of two words is a slip for a near word that goes with the other, if either."""
    if first in STOP_WORDS or second in STOP_WORDS or first == second or index.together(first, second):
        return None
    rare = max(10.0, SLIP_RARE_SHARE * len(index))
    best: tuple[int, str, float] | None = None
    most = SLIP_SEEN - 1
    for which, (word, other) in enumerate(((first, second), (second, first))):
        if index.df.get(word, 0) > rare or other not in index.df:
            continue
        for near, confidence in index.correct(word):
            if near in (word, other) or near in STOP_WORDS or near not in index.df:
                continue
            count = index.together(near, other)
            chance = index.df[near] * index.df[other] / max(len(index), 1)
            if count > most and count >= SLIP_LIFT * chance:
                best, most = (which, near, confidence), count
    return best


def understand(index: SearchIndex, text: str, typing: bool) -> Understanding:
    """Split the query into clauses: synonym phrases and needs first, longest first."""
    raw = words(text)
    corrections: dict[str, str] = {}
    typing_last = typing and bool(text) and not text[-1].isspace()
    resolved = [
        _word_alternatives(index, w, typing_last and i == len(raw) - 1, corrections)
        for i, w in enumerate(raw)
    ]
    _corrections_in_context(index, raw, resolved, corrections)
    _slips_in_context(index, raw, resolved, corrections, typing_last)
    best = [b for b, _, _ in resolved]
    clauses: list[Clause] = []
    i = 0
    while i < len(raw):
        matched = False
        for length in range(min(index.synonyms.max_len, len(raw) - i), 0, -1):
            phrase = tuple(best[i : i + length])
            expansion = index.synonyms.lookup(phrase)
            if expansion is None:
                continue
            options = [
                Option(
                    words=[alt for _, alt, _ in resolved[i : i + length]],
                    label=" ".join(corrections.get(w, w) for w in raw[i : i + length]),
                )
            ]
            if length == 2 and (one := compounds.joined(index, raw[i], raw[i + 1])):  # "foodbank"
                options.append(Option(words=[{one: 1.0}], label=one))
            # what a corrected word stands for is only as sure as the correction ("fodbank")
            sure = min(max(alt.values(), default=1.0) for _, alt, _ in resolved[i : i + length])
            options += [
                Option(
                    words=[{t: 1.0} for t in target],
                    factor=sure * synonym_factor(index, phrase, target),
                    label=" ".join(target),
                    whole=True,
                )
                for target in expansion.phrases
            ]
            options += [
                Option(need=n, factor=sure * NEED_FROM_PHRASE, label=index.need_labels.get(n, n))
                for n in sorted(expansion.needs)
            ]
            options += [  # the need's plain words in an entry's own text, below its tag
                Option(
                    words=[said],
                    factor=NEED_WORDS,
                    label=f"words of {index.need_labels.get(n, n)}",
                    said_plainly=True,
                    fallback=True,
                )
                for n in sorted(expansion.needs)
                if (said := index.synonyms.need_words.get(n))
            ]
            clauses.append(Clause(" ".join(raw[i : i + length]), options))
            i += length
            matched = True
            break
        if matched:
            continue
        word = raw[i]
        last = typing_last and i + 1 >= len(raw) - 1  # a word still being typed is not joined
        one = compounds.joined(index, word, raw[i + 1]) if i + 1 < len(raw) and not last else None
        if one is not None:  # "food bank" where the directory writes "foodbank"
            options = [
                Option(words=[resolved[i][1], resolved[i + 1][1]], label=f"{word} {raw[i + 1]}"),
                Option(words=[{one: 1.0}], label=one),
            ]
            clauses.append(Clause(f"{word} {raw[i + 1]}", options))
            i += 2
            continue
        if word not in STOP_WORDS or (typing_last and i == len(raw) - 1):
            options = [Option(words=[resolved[i][1]], label=corrections.get(word, word))]  # as read
            if stem(word) not in index.df and (two := compounds.split(index, stem(word))):  # "toenails"
                options.append(Option(words=[{t: 1.0} for t in two], label=" ".join(two), whole=True))
            for completion in resolved[i][2]:  # "lonel" may be "lonely": offer its needs too
                expansion = index.synonyms.lookup((completion,))
                if expansion is not None:
                    options += [
                        Option(need=n, factor=PREFIX_FACTOR, label=index.need_labels.get(n, n))
                        for n in sorted(expansion.needs)
                    ]
            clauses.append(Clause(word, options))
        i += 1
    return Understanding(clauses, corrections)
