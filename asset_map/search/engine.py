"""Answering a query: understand the words, gather candidates, filter, score and rank.

Ranking: relevance first (in 5 % bands, so "equally relevant" is a real tie), then distance
from the chosen place, then name. Entries not verified for 18 months sink a band or more.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from asset_map import schedule
from asset_map.places import distance_km
from asset_map.search.index import AssetDoc, SearchIndex
from asset_map.search.query import SearchOutcome, SearchQuery, SearchResult
from asset_map.search.text import STOP_WORDS, stem, words

NEED_WEIGHT = 3.0
STALE_AFTER = timedelta(days=548)  # about 18 months
STALE_FACTOR = 0.8
PREFIX_FACTOR = 0.85
BANDS = 20
NAME_SHARE_BONUS = 0.3  # "Tilbury Lunch Club" beats "East Tilbury Friday Lunch Club" for that query


@dataclass
class Option:
    """One way a clause can match: some words (all of them) or a need."""

    words: list[dict[str, float]] = field(default_factory=list)  # per word: term -> factor
    need: str | None = None
    factor: float = 1.0
    label: str = ""


@dataclass
class Clause:
    text: str
    options: list[Option]


@dataclass
class Understanding:
    clauses: list[Clause]
    corrections: dict[str, str]


def _word_alternatives(
    index: SearchIndex, word: str, typing_last: bool, corrections: dict[str, str]
) -> tuple[str, dict[str, float], list[str]]:
    """The best spelling of a word, every term it may stand for, and its completions if unfinished."""
    term = stem(word)
    alternatives: dict[str, float] = {}
    best = term
    known = index.known(term) or index.known(word)
    if known:
        alternatives[term] = 1.0
        if word != term and index.known(word):
            alternatives[word] = 1.0
    completions = index.prefixed(word) if typing_last else []
    if not known:
        fixes = index.correct(term)
        if fixes and not completions:  # a finished word with a typo, not a word still being typed
            best = fixes[0][0]
            corrections[word] = best
        for spelling, confidence in fixes:
            alternatives.setdefault(spelling, 0.9 * confidence)
    for candidate in completions:
        alternatives.setdefault(candidate, PREFIX_FACTOR)
    return best, alternatives, completions


def understand(index: SearchIndex, text: str, typing: bool) -> Understanding:
    """Split the query into clauses: synonym phrases and needs first, longest first."""
    raw = words(text)
    corrections: dict[str, str] = {}
    typing_last = typing and bool(text) and not text[-1].isspace()
    resolved = [
        _word_alternatives(index, w, typing_last and i == len(raw) - 1, corrections)
        for i, w in enumerate(raw)
    ]
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
                    words=[alt for _, alt, _ in resolved[i : i + length]], label=" ".join(raw[i : i + length])
                )
            ]
            options += [
                Option(words=[{t: 1.0} for t in target], factor=0.9, label=" ".join(target))
                for target in expansion.phrases
            ]
            options += [Option(need=n, label=index.need_labels.get(n, n)) for n in sorted(expansion.needs)]
            clauses.append(Clause(" ".join(raw[i : i + length]), options))
            i += length
            matched = True
            break
        if matched:
            continue
        word = raw[i]
        if word not in STOP_WORDS or (typing_last and i == len(raw) - 1):
            options = [Option(words=[resolved[i][1]], label=word)]
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


def _query_terms(clauses: list[Clause]) -> set[str]:
    """Every term the query stands for (used to prefer names made of the query's words)."""
    found: set[str] = set()
    for clause in clauses:
        for option in clause.options:
            for alternatives in option.words:
                found.update(t for t, f in alternatives.items() if f >= PREFIX_FACTOR)
    return found


def _score_option(
    index: SearchIndex,
    option: Option,
    candidates: dict[int, float] | None,
) -> dict[int, float]:
    """Score every asset an option matches (all of its words must be present)."""
    if option.need is not None:
        return dict.fromkeys(index.need_docs.get(option.need, ()), NEED_WEIGHT * option.factor)
    total: dict[int, float] | None = None
    for alternatives in option.words:
        word_scores: dict[int, float] = {}
        for term, factor in alternatives.items():
            posting = index.postings.get(term)
            if not posting:
                continue
            weight = factor * index.idf(term)
            for pos, field_weight in posting.items():
                value = field_weight * weight
                if value > word_scores.get(pos, 0.0):
                    word_scores[pos] = value
        if total is None:
            total = word_scores
        else:
            total = {pos: total[pos] + s for pos, s in word_scores.items() if pos in total}
        if not total:
            return {}
    if total is None:
        return {}
    n = max(len(option.words), 1)
    return {pos: s / n * option.factor for pos, s in total.items()}


def _passes(doc: AssetDoc, query: SearchQuery) -> bool:
    if doc.archived:
        return False
    if doc.status == "closed" and not query.include_closed:
        return False
    if query.kinds and doc.kind not in query.kinds:
        return False
    if query.needs and not query.needs.intersection(doc.needs):
        return False
    if query.free_only and doc.cost != "free":
        return False
    if query.step_free_only and "step_free" not in doc.accessibility:
        return False
    return query.open_day is None or schedule.is_on(doc.slots, query.open_day, query.open_time)


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def is_stale(verified_on: date | None, today: date) -> bool:
    return verified_on is None or today - verified_on > STALE_AFTER


def run_search(index: SearchIndex, query: SearchQuery, now: datetime | None = None) -> SearchOutcome:
    now = now or datetime.now()
    understanding = understand(index, query.text, query.typing)
    clauses = understanding.clauses
    notes: list[str] = []
    # Relevance per asset: the best option of each clause, summed; partial matches are damped.
    scores: dict[int, float] = {}
    winners: dict[int, list[str]] = {}
    if clauses:
        matched_count: dict[int, int] = {}
        for clause in clauses:
            best: dict[int, tuple[float, str]] = {}
            for option in clause.options:
                for pos, score in _score_option(index, option, None).items():
                    if score > best.get(pos, (0.0, ""))[0]:
                        why = f"need: {option.label}" if option.need else f"'{option.label}'"
                        best[pos] = (score, why)
            for pos, (score, why) in best.items():
                scores[pos] = scores.get(pos, 0.0) + score
                matched_count[pos] = matched_count.get(pos, 0) + 1
                winners.setdefault(pos, []).append(why)
        wanted = _query_terms(clauses)
        for pos in scores:
            coverage = matched_count[pos] / len(clauses)
            name_terms = index.doc_fields[pos].get("name", frozenset())
            name_share = len(wanted & name_terms) / len(name_terms) if name_terms else 0.0
            scores[pos] *= coverage * coverage * (1.0 + NAME_SHARE_BONUS * name_share)
    elif not query.text.strip():
        scores = dict.fromkeys(index.slot.values(), 1.0)
    # Filters and distance.
    today = now.date()
    ranked: list[tuple[int, float, str, float | None]] = []
    for pos, score in scores.items():
        doc = index.docs[pos]
        if doc is None or not _passes(doc, query):
            continue
        dist: float | None = None
        if query.near is not None:
            if doc.point is None:
                if query.radius_km is not None:
                    continue
            else:
                dist = _haversine_km(query.near.point, doc.point)
                if query.radius_km is not None and dist > query.radius_km * 0.99:
                    dist = distance_km(query.near.point, doc.point)  # the edge: be exact
                    if dist > query.radius_km:
                        continue
        if is_stale(doc.verified_on, today):
            score *= STALE_FACTOR
        ranked.append((pos, score, doc.name.casefold(), dist))
    top_score = max((r[1] for r in ranked), default=1.0) or 1.0
    keyed = [
        (-round(score / top_score * BANDS), dist if dist is not None else math.inf, name, pos, score)
        for pos, score, name, dist in ranked
    ]
    results = []
    for _, _, _, pos, score in heapq.nsmallest(query.limit, keyed):
        doc = index.docs[pos]
        assert doc is not None
        exact = distance_km(query.near.point, doc.point) if query.near and doc.point else None
        results.append(_result(doc, score, exact, winners.get(pos, []), now))
    total = len(keyed)
    if query.text.strip() and not clauses:
        notes.append("only common words were typed; add what the person is looking for")
    return SearchOutcome(results=results, total=total, corrections=understanding.corrections, notes=notes)


def _result(doc: AssetDoc, score: float, dist: float | None, why: list[str], now: datetime) -> SearchResult:
    occurrence = schedule.next_occurrence(doc.slots, now)
    return SearchResult(
        id=doc.id,
        name=doc.name,
        kind=doc.kind,
        locality=doc.locality,
        status=doc.status,
        score=round(score, 3),
        distance_km=round(dist, 2) if dist is not None else None,
        next_on=schedule.describe_next(occurrence, now),
        opening=schedule.describe(doc.slots, doc.schedule_note),
        verified_on=doc.verified_on,
        stale=is_stale(doc.verified_on, now.date()),
        needs=doc.needs,
        why=tuple(dict.fromkeys(why)),
        summary=doc.summary,
        next_on_short=schedule.describe_next_short(occurrence, now),
    )
