"""Answering a query: score the postings it names, filter, and rank — all as array operations.

Ranking: one score weighs how well an entry matches, how near it is to the chosen place (half
as much at PROXIMITY_KM) and how sure we are of it (entries due a re-check, `checks.is_stale`,
lose a fifth). Results come in 5 % bands of that score ("equally good" is a real tie): with a
place, the higher score first within a band; for words without a place the more focused first
(shorter name and summary: an entry that is mostly about what was asked); then name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

import numpy as np

from asset_map import schedule
from asset_map.checks import REVIEW_AFTER, is_stale, runs_as_usual
from asset_map.search.columns import ACCESS, COSTS, DELIVERY, KINDS, NEVER, REMOTE_ONLY, STATUSES
from asset_map.search.index import FIELD_WEIGHTS, NAME, SearchIndex, Slot
from asset_map.search.query import SearchOutcome, SearchQuery, SearchResult
from asset_map.search.text import stem, terms, words
from asset_map.search.understand import Clause, Option, understand

NEED_WEIGHT = 3.0
FALLBACK_CAP = 0.5 * NEED_WEIGHT  # a need's words in a text: below the need's tag (0.6 of it)
ALSO_MATCHED = 0.25
STALE_FACTOR = 0.8
STALENESS = np.array([1.0, STALE_FACTOR])  # by "is stale"
BANDS = 20
NAME_SHARE_BONUS = 0.3  # "Tilbury Lunch Club" beats "East Tilbury Friday Lunch Club" for that query
EARTH_KM = 6371.0088
PROXIMITY_KM = 12.0  # at this distance a match counts half as much as one on the doorstep
FAR_KM = 50.0  # no place known (a phone line, a town not known offline): as if this far
# With a need chosen in the filter, how much an entry's own words speaking of it add (at most;
# a need's tag counts 3): "support" with mental wellbeing puts Mental Health Support before
# Behaviour Support. Added, not multiplied, so it counts most where the words say least.
ABOUT_NEED = 2.0
# The words as typed, in order, in an entry's name ("singing for the b" in "Singing for the
# Brain", "community transport" in "CATT Community Transport") count a third more; looked
# for among the best PHRASE_CHECKED only.
PHRASE_IN_NAME = 1.35
PHRASE_CHECKED = 60


@dataclass
class Scored:
    """Dense arrays over every slot: relevance, and the why of each clause's best option."""

    score: np.ndarray
    winners: list[tuple[list[np.ndarray], list[str]]]  # per clause: each option's scores, labels


NO_DOCS = np.zeros(0, np.int32)


def _word_scores(index: SearchIndex, alternatives: dict[str, float], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Best weight per slot over a word's spellings, and the slots whose best was in the name.

    All spellings' postings are joined and folded with one `maximum.at` (a prefix such as
    "c" has dozens of spellings: one pass over the joined arrays was 2–3× faster than one
    pass per spelling). Name hits stay a list of slots: at 250k entries every pass over a
    whole column costs a tenth of a millisecond, and a query made dozens of them.

    Here and below, parts of arrays are picked with `take` and `compress`, not `a[index]` and
    `a[mask]`: the same values, but a mask that is half true made `a[mask]` five times slower
    (a branch per element that cannot be foreseen)."""
    scores = np.zeros(n, np.float32)
    found = [
        (p, factor * index.idf(term)) for term, factor in alternatives.items() if (p := index.postings(term))
    ]
    if not found:
        return scores, NO_DOCS
    docs = np.concatenate([p.docs for p, _ in found])
    fields = np.concatenate([p.fields for p, _ in found])
    weights = np.concatenate([(FIELD_WEIGHTS * np.float32(weight)).take(p.fields) for p, weight in found])
    np.maximum.at(scores, docs, weights)
    named = fields == NAME
    name_docs, name_weights = docs.compress(named), weights.compress(named)
    return scores, name_docs.compress(name_weights >= scores.take(name_docs))


def _option_scores(index: SearchIndex, option: Option, n: int) -> tuple[np.ndarray, np.ndarray]:
    """An option's score per slot (all its words must be present) and its name hits."""
    if option.need is not None:
        return _need_scores(index, option.need, option.factor, n), NO_DOCS
    if len(option.words) == 1:  # the common case: no sums, no "all present" mask
        scores, name_docs = _word_scores(index, option.words[0], n)
        if option.factor != 1.0:
            scores *= np.float32(option.factor)
        return scores, name_docs
    total = np.zeros(n, np.float32)
    share = np.zeros(n, np.float32)
    named = []
    present = np.zeros(n, np.float32)
    # Some of a phrase's words count for something ("St John's Wednesday Lunch" for "lunch
    # club"): their score times the share of what the phrase says that they say (lunch says
    # more than club, being rarer), when that is at least half of it.
    telling = [max((index.idf(t) for t in alternatives), default=0.0) for alternatives in option.words]
    for alternatives, says in zip(option.words, telling, strict=True):
        scores, name_docs = _word_scores(index, alternatives, n)
        total += scores
        present += scores > 0
        share += (scores > 0) * np.float32(says / (sum(telling) or 1.0))
        named.append(name_docs)
    total *= share * np.float32(option.factor) / np.maximum(present, np.float32(1))
    # the common half of a phrase alone says too little ("club"); another phrase for what was
    # typed counts only whole ("energy" alone is not "energy bill")
    total *= share >= np.float32(0.999 if option.whole else 0.5)
    name_docs = np.concatenate(named)
    return total, name_docs.compress(share.take(name_docs) >= 0.999)


def _need_scores(index: SearchIndex, need: str, factor: float, n: int) -> np.ndarray:
    """The score a need's tag gives each slot. Which slots carry the tag depends on the index
    alone: it is worked out once between writes (a byte per slot; a query typed letter by
    letter asks for the same needs again and again)."""
    key = ("need", need)
    found = index.remembered.get(key)
    if found is None or len(found[0]) != n:
        bit = index.need_bits.get(need, 0)
        found = index.remembered[key] = ((index.columns.needs & np.uint32(bit)) != 0, NO_DOCS)
    return found[0] * np.float32(NEED_WEIGHT * factor)


def _remembered(index: SearchIndex, option: Option, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A fallback's scores depend on the index alone (a need's words): worked out once
    between writes, not for every keystroke."""
    key = (option.label, option.factor)
    found = index.remembered.get(key)
    if found is None or len(found[0]) != n:
        found = index.remembered[key] = _option_scores(index, option, n)
    return found


def _score(index: SearchIndex, clauses: list[Clause], n: int) -> Scored:
    score = np.zeros(n, np.float32)
    matched = np.zeros(n, np.float32)
    telling_of = [_says(index, clause) for clause in clauses]
    name_hits = np.zeros(n, np.int16)
    winners: list[tuple[list[np.ndarray], list[str]]] = []
    for clause, says in zip(clauses, telling_of, strict=True):
        per_option = [
            _remembered(index, option, n) if option.fallback else _option_scores(index, option, n)
            for option in clause.options
        ]
        rows = [s for s, _ in per_option]
        if len(rows) == 1:
            best, named = rows[0], per_option[0][1]
        else:
            options = list(zip(rows, clause.options, strict=True))
            # Matching in more than one way (the words typed, another phrase for them, the
            # need) counts for a little more; the other phrases are one way between them
            # ("community pantry" is not more of "food bank" than "pantry" is).
            typed, others = rows[0], options[1:]
            said = [r for r, o in others if not o.fallback and o.need is None]
            needs = [r for r, o in others if o.need is not None]
            ways = [typed, *(_most(rs) for rs in (said, needs) if rs)]
            best = _best_of(ways, [r for r, o in options if o.fallback])
            named = np.concatenate([h for _, h in per_option])
        hit = best > 0
        score += best
        matched += hit * np.float32(says)
        name_hits[named.compress(hit.take(named))] += 1  # a slot named twice still counts once
        # Which option won is worked out later, for the shown results only (it is the "why").
        winners.append((rows, [o.why for o in clause.options]))
    # the share of what the query says that the entry says: a missing "friendly" costs
    # "Memory Cafe" little of "memory friendly club", a missing "memory" costs a club much
    coverage = matched * np.float32(1 / (sum(telling_of) or 1.0))
    boost = np.minimum(name_hits * index.columns.inverse_name_len, np.float32(1.0))
    boost *= np.float32(NAME_SHARE_BONUS)
    boost += np.float32(1.0)
    score *= coverage
    score *= boost
    return Scored(score, winners)


def _says(index: SearchIndex, clause: Clause) -> float:
    """How much a clause says: the rarity of its rarest word as typed (1 for a need alone)."""
    typed = clause.options[0]
    return max((index.idf(t) for alternatives in typed.words for t in alternatives), default=1.0) or 1.0


def _about_needs(index: SearchIndex, needs: frozenset[str] | tuple[str, ...], n: int) -> np.ndarray:
    """How much each entry's own words speak of the needs chosen (0-1): its best word or
    phrase of theirs, by where it is said and how rare it is, against the best said in a name.
    The tag alone cannot tell a mental health group from a behaviour support service that was
    guessed to be about wellbeing too. Depends on the index alone: kept between writes."""
    about = np.zeros(n, np.float32)
    for need in sorted(needs):
        key = ("about", need)
        found = index.remembered.get(key)
        if found is None or len(found[0]) != n:
            said = index.synonyms.need_words.get(need, {})
            options = [Option(words=[said])] if said else []
            options += [
                Option(words=[{t: 1.0} for t in p], whole=True)
                for p in index.synonyms.need_phrases.get(need, [])
            ]
            row = np.zeros(n, np.float32)
            for option in options:
                row = np.maximum(row, _option_scores(index, option, n)[0])
            top = np.float32(FIELD_WEIGHTS[NAME] * np.log(1.0 + max(len(index), 1) / 2))
            found = index.remembered[key] = (np.minimum(row / top, np.float32(1.0)), NO_DOCS)
        about = np.maximum(about, found[0])
    return about


def _best_of(rows: list[np.ndarray], fallbacks: list[np.ndarray]) -> np.ndarray:
    """A clause's score from its options' rows: the best, and matching in more than one way
    (the words and the need) counts for a little more; a fallback (a need's words in the text,
    capped below any need's tag) counts only where nothing else matched.

    The same sums as a max and a sum over the stacked rows, in the same order (so the same
    float32 results), without the stacked copy; one row is its own best."""
    if len(rows) == 1:
        best = rows[0].copy()
    else:
        best = np.maximum(rows[0], rows[1])
        total = rows[0] + rows[1]
        for row in rows[2:]:
            np.maximum(best, row, out=best)
            total += row
        total -= best
        total *= np.float32(ALSO_MATCHED)
        best += total
    for row in fallbacks:  # where best is 0 it becomes the capped row; elsewhere best + 0 is best
        best += np.minimum(row, np.float32(FALLBACK_CAP)) * (best <= 0)
    return best


def _most(rows: list[np.ndarray]) -> np.ndarray:
    """The best of some rows, element by element (one row is its own best)."""
    best = rows[0]
    for row in rows[1:]:
        best = np.maximum(best, row)
    return best


def _filter(index: SearchIndex, query: SearchQuery, score: np.ndarray, now: datetime) -> np.ndarray:
    c = index.columns
    mask = c.alive & ~c.archived & (score > 0)  # closed entries are set aside later, and counted
    if query.kinds:
        mask &= np.isin(c.kind, [KINDS.index(k) for k in query.kinds if k in KINDS])
    if query.needs:
        bits = sum(index.need_bits.get(n, 0) for n in query.needs)
        mask &= (c.needs & np.uint32(bits)) != 0
    if query.free_only:
        mask &= c.cost == COSTS.index("free")
    if query.delivery:
        wanted = sum(1 << DELIVERY.index(d) for d in query.delivery if d in DELIVERY)
        mask &= (c.delivery & np.uint8(wanted)) != 0
    if query.verified_recently:
        mask &= c.verified >= (now.date() - REVIEW_AFTER).toordinal()  # never verified is 0
    if query.step_free_only:
        mask &= (c.access & np.uint16(1 << ACCESS.index("step_free"))) != 0
    if query.open_day is not None or query.open_date is not None:
        # only a timetable that can be trusted is "on" (checks.runs_as_usual, as arrays)
        mask &= (c.status == STATUSES.index("active")) & ~c.flagged
    if query.open_day is not None:
        mask &= (c.days & np.uint8(1 << query.open_day)) != 0
    candidates = np.flatnonzero(mask)
    if query.open_date is not None or (query.open_day is not None and query.open_time is not None):
        keep = [_open_then(c.slots[p], query) for p in candidates.tolist()]
        candidates = candidates[np.array(keep, dtype=np.bool_)] if len(candidates) else candidates
    return candidates


def _open_then(slots: tuple[Slot, ...], query: SearchQuery) -> bool:
    """On at the asked day and time; on a real date, monthly patterns must fall on it too."""
    if query.open_date is None:
        return schedule.is_on(slots, query.open_day or 0, query.open_time)
    if query.open_time is not None:
        return schedule.is_on_date(slots, datetime.combine(query.open_date, query.open_time))
    return any(schedule.occurs_on(s, query.open_date) for s in slots)


def _remote(index: SearchIndex, candidates: np.ndarray) -> np.ndarray:
    """Reached by phone or online only: no place to go to, so no distance keeps them out."""
    ways = index.columns.delivery.take(candidates)
    return np.asarray((ways != 0) & ((ways & REMOTE_ONLY) == ways))


def _distances(
    index: SearchIndex, query: SearchQuery, candidates: np.ndarray, weighed: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Haversine distance per candidate (inf without a point), and the candidates kept by the radius.

    Where nearness is weighed into the score, every candidate FAR_KM away or more counts
    alike: those outside a box round FAR_KM are not measured (inf, as good as FAR_KM there),
    and the rows shown are measured again (`_measured`)."""
    if query.near is None:
        return np.zeros(len(candidates), np.float64), candidates
    lat0, lon0 = np.radians(query.near.point[0]), np.radians(query.near.point[1])
    if query.radius_km is None:
        inside = _in_box(index, lat0, lon0, FAR_KM, candidates) if weighed else None
        if inside is None:
            return _haversine(index, lat0, lon0, candidates), candidates
        dist = np.full(len(candidates), np.inf)
        near = np.flatnonzero(inside)
        dist[near] = _haversine(index, lat0, lon0, candidates.take(near))
        return dist, candidates
    # Only candidates inside a box round the radius can be within it: the rest are never
    # measured (one reached without a distance is kept wherever it is).
    reached, by_distance = _reach(index, query, candidates)
    inside = _in_box(index, lat0, lon0, query.radius_km, candidates)
    if inside is not None:
        inside |= reached
        candidates = candidates.compress(inside)
        reached, by_distance = reached.compress(inside), by_distance.compress(inside)
    dist = _haversine(index, lat0, lon0, candidates)
    # The radius is judged by the distance shown beside each result, so a result never says
    # "10.02 km" inside a 10 km radius (it is within 0.6 % of the distance on the ellipsoid).
    keep = ((dist <= query.radius_km) & by_distance) | reached
    return dist.compress(keep), candidates.compress(keep)


COMES_OR_CALLS = np.uint8(sum(1 << DELIVERY.index(d) for d in ("home", "phone", "online")))


def _reach(index: SearchIndex, query: SearchQuery, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which candidates reach the place asked without a distance, and which are judged by
    their distance from it.

    One that names the area it serves and comes to the home, or works by phone or online,
    reaches the places of that area (places/coverage.py); one met in person is also judged
    by its distance. One that names no area: by phone or online only, it reaches everyone;
    else it is judged by its distance, as always."""
    c = index.columns
    codes = c.served.take(candidates)
    has_area = codes != 0
    covering = np.array([bool(keys & query.near_keys) for keys in c.served_sets], np.bool_)
    ways = c.delivery.take(candidates)
    comes_or_calls = (ways & COMES_OR_CALLS) != 0  # met in person only: its distance alone
    reached = (covering.take(codes) & comes_or_calls) | (~has_area & _remote(index, candidates))
    in_person = (ways & np.uint8(1 << DELIVERY.index("in_person"))) != 0
    return reached, in_person | ~has_area | ~comes_or_calls


def _measured(index: SearchIndex, query: SearchQuery, shown: np.ndarray) -> np.ndarray:
    """The distance of each row shown, measured whatever `_distances` left out."""
    assert query.near is not None
    lat0, lon0 = np.radians(query.near.point[0]), np.radians(query.near.point[1])
    return _haversine(index, lat0, lon0, shown)


def _haversine(index: SearchIndex, lat0: float, lon0: float, candidates: np.ndarray) -> np.ndarray:
    """Kilometres from (lat0, lon0), in radians, to each candidate; inf where it has no point.

    Each step is the same float64 operation as on the whole column, done in place: a
    candidate's distance does not depend on which others are measured with it."""
    lat_all, lon_all, cos_all = index.radians()
    h: np.ndarray = lat_all.take(candidates)
    h -= lat0
    h /= 2
    np.sin(h, out=h)
    np.square(h, out=h)
    across = lon_all.take(candidates)
    across -= lon0
    across /= 2
    np.sin(across, out=across)
    np.square(across, out=across)
    across *= np.cos(lat0) * cos_all.take(candidates)
    h += across
    np.clip(h, 0, 1, out=h)
    np.sqrt(h, out=h)
    np.arcsin(h, out=h)
    h *= 2 * EARTH_KM
    h[np.isnan(h)] = np.inf  # nearly always none: a mask all false costs little
    return h


def _in_box(
    index: SearchIndex, lat0: float, lon0: float, radius_km: float, candidates: np.ndarray
) -> np.ndarray | None:
    """Which candidates lie inside a box that holds every point within the radius (a little
    more: no rounding can leave one out); None when no box is of use (a radius too wide).

    Over an arc θ: hav θ = hav Δlat + cos lat0 · cos lat · hav Δlon, so within the radius
    |Δlat| ≤ θ, and hav Δlon ≤ hav θ / (cos lat0 · cos lat), cos lat being smallest at
    the edge of the latitude band."""
    arc = radius_km / EARTH_KM * (1 + 1e-6) + 1e-12
    if arc >= 0.5:
        return None
    lat_all, lon_all, _ = index.radians()
    inside: np.ndarray = np.abs(lat_all.take(candidates) - lat0) <= arc
    edge = abs(float(lat0)) + arc
    if edge < np.pi / 2 - 0.01:
        hav_lon = float(np.sin(arc / 2) ** 2 / (np.cos(lat0) * np.cos(edge)))
        if hav_lon < 0.5:
            across = 2 * float(np.arcsin(np.sqrt(hav_lon))) * (1 + 1e-6) + 1e-12
            if abs(float(lon0)) + across < np.pi:  # the band does not cross the date line
                inside &= np.abs(lon_all.take(candidates) - lon0) <= across
    return inside


def run_search(index: SearchIndex, query: SearchQuery, now: datetime | None = None) -> SearchOutcome:
    now = now or datetime.now()
    n = index.columns.size
    understanding = understand(index, query.text, query.typing)
    notes: list[str] = []
    if understanding.clauses:
        scored = _score(index, understanding.clauses, n)
        if query.needs:
            scored.score += (scored.score > 0) * np.float32(ABOUT_NEED) * _about_needs(index, query.needs, n)
    else:
        scored = Scored(np.ones(n, np.float32) if not query.text.strip() else np.zeros(n, np.float32), [])
        if query.text.strip():
            notes.append("only common words were typed; add what the person is looking for")
    weighed = query.near is not None and bool(understanding.clauses)
    dist, candidates, closed_hidden = _found(index, query, scored.score, weighed, now)
    score = scored.score.take(candidates).astype(np.float64)
    # never verified (NEVER is 0) is older than any date; 1 or the stale factor per candidate
    stale = index.columns.verified.take(candidates) < (now.date() - REVIEW_AFTER).toordinal()
    score *= STALENESS.take(stale.view(np.uint8))
    _phrase_in_name(index, query, understanding.corrections, candidates, score)
    if weighed:
        # how near counts with how well: a good match 1 km away beats a better one 8 km away
        # (a phone line or an online group reaches the doorstep as well as one 4 km away)
        away = np.minimum(dist, FAR_KM)
        away[_remote(index, candidates)] = PROXIMITY_KM  # few are: a mask mostly false costs little
        score *= PROXIMITY_KM / (PROXIMITY_KM + away)
    top = float(score.max()) if len(score) else 1.0
    band = np.rint(score / (top or 1.0) * BANDS)
    if weighed:  # distance is in the score already: within a band, the higher score first
        closeness = (top - score) / (top or 1.0) * 1000
    elif query.near is not None or not understanding.clauses:  # browsing everything: by name
        closeness = dist
    else:
        closeness = index.columns.focus.take(candidates).astype(np.float64)
    order = _top(band, closeness, candidates, index, query.limit)
    shown = candidates[order]
    shown_dist = _measured(index, query, shown) if query.near else None
    results = _results(index, shown, score[order], shown_dist, scored, now, query.radius_km)
    return SearchOutcome(
        results=results,
        total=len(candidates),
        corrections=understanding.corrections,
        notes=notes,
        closed_hidden=closed_hidden,
        needs_meant=query.needs | {o.need for c in understanding.clauses for o in c.options if o.need},
    )


def _found(
    index: SearchIndex, query: SearchQuery, score: np.ndarray, weighed: bool, now: datetime
) -> tuple[np.ndarray, np.ndarray, int]:
    """The candidates a search finds (its total), their distances, and the closed ones left out."""
    return _kept(index, query, _filter(index, query, score, now), weighed)


def _kept(
    index: SearchIndex, query: SearchQuery, candidates: np.ndarray, weighed: bool
) -> tuple[np.ndarray, np.ndarray, int]:
    """Of the candidates the filters passed, those within reach of the place and not closed."""
    dist, candidates = _distances(index, query, candidates, weighed)
    closed_hidden = 0
    if not query.include_closed:  # said, so "170 found" in a directory of 178 is not a puzzle
        open_ = index.columns.status.take(candidates) != STATUSES.index("closed")
        closed_hidden = len(candidates) - int(open_.sum())
        dist, candidates = dist.compress(open_), candidates.compress(open_)
    return dist, candidates, closed_hidden


def listed(index: SearchIndex, queries: list[SearchQuery], now: datetime) -> list[np.ndarray]:
    """For each query, the slots a search of no words finds (what its total counts), in no
    order: the gaps matrix counts these, so a cell says what that search would find.

    The queries differ only in their place and radius (a matrix's rows): the filters, which
    do not depend on the place, are worked out once for them all."""
    if not queries:
        return []
    first = queries[0]
    for query in queries:
        if query.text.strip():
            raise ValueError("listed() is for filters alone: a query of words ranks, use run_search")
        if replace(query, near=first.near, radius_km=first.radius_km, near_keys=first.near_keys) != first:
            raise ValueError("listed() takes queries that differ only in their place and radius")
    passed = _filter(index, first, np.ones(index.columns.size, np.float32), now)
    return [_kept(index, query, passed, False)[1] for query in queries]


def _phrase_in_name(
    index: SearchIndex,
    query: SearchQuery,
    corrections: dict[str, str],
    candidates: np.ndarray,
    score: np.ndarray,
) -> None:
    """Raise, in place, the scores of the best candidates whose name holds the words typed in
    their order (the last one begun, while typing). Two words or more: one is a name match."""
    said = words(query.text)
    if len(said) < 2 or not len(candidates):
        return
    typed = [corrections.get(w) or stem(w) for w in said]
    phrase = " " + " ".join(typed) + ("" if query.typing and not query.text[-1].isspace() else " ")
    k = min(len(candidates), PHRASE_CHECKED)
    best = np.argpartition(-score, k - 1)[:k] if len(candidates) > k else np.arange(len(candidates))
    names = index.columns.names
    for i in best.tolist():
        if phrase in _name_terms(names[candidates[i]]):
            score[i] *= PHRASE_IN_NAME


@lru_cache(maxsize=65536)
def _name_terms(name: str) -> str:
    return " " + " ".join(terms(name)) + " "


def _top(
    band: np.ndarray, closeness: np.ndarray, candidates: np.ndarray, index: SearchIndex, k: int
) -> np.ndarray:
    """Positions of the best k by (band desc, closeness asc, name), without sorting everything.

    Closeness is the distance in km from the place asked about, else the focus step."""
    if not len(candidates):
        return np.zeros(0, np.int64)
    rank = (BANDS - band).astype(np.intp)
    pick = None
    if len(rank) > k:  # only the bands that hold the best k need the full key
        cutoff = int(np.searchsorted(np.cumsum(np.bincount(rank, minlength=BANDS + 1)), k))
        pick = np.flatnonzero(rank <= cutoff)
        rank, closeness, candidates = rank.take(pick), closeness.take(pick), candidates.take(pick)
    metres = np.floor(np.minimum(np.nan_to_num(closeness, posinf=9.9e4) * 1000, 9.9e7))
    names = index.columns.name_rank.take(candidates)
    key = rank * 1e14 + metres * 1e6 + names  # exact in float64 (< 2**53)
    if len(key) > k:
        chosen = np.argpartition(key, k - 1)[:k]
        order = chosen[np.argsort(key[chosen], kind="stable")]
    else:
        order = np.argsort(key, kind="stable")
    return pick[order] if pick is not None else order


def _results(
    index: SearchIndex,
    chosen: np.ndarray,
    scores: np.ndarray,
    dists: np.ndarray | None,
    scored: Scored,
    now: datetime,
    radius_km: float | None = None,
) -> list[SearchResult]:
    """The shown rows; only they pay for times and descriptions, their facts read in one go.
    Beyond the radius asked, a row was kept by the area it serves (`_reach`): it says so."""
    c = index.columns
    kinds = c.arrays["kind"][chosen].tolist()
    statuses = c.arrays["status"][chosen].tolist()
    verified = c.arrays["verified"][chosen].tolist()
    flagged = c.arrays["flagged"][chosen].tolist()
    deliveries = c.arrays["delivery"][chosen].tolist()
    whys = _whys(scored, chosen)
    shown_scores = scores.tolist()
    shown_dists = dists.tolist() if dists is not None else None
    minute = now.replace(second=0, microsecond=0)
    today = now.date()
    results = []
    for i, pos in enumerate(chosen.tolist()):
        slots = c.slots[pos]
        status = STATUSES[statuses[i]]
        trusted = runs_as_usual(status, flagged=flagged[i])
        next_on, next_on_short = _next_on(slots, minute) if trusted else ("", "")
        verified_on = date.fromordinal(verified[i]) if verified[i] != NEVER else None
        dist = shown_dists[i] if shown_dists is not None else None
        results.append(
            SearchResult(
                id=c.ids[pos],
                name=c.names[pos],
                kind=KINDS[kinds[i]],
                locality=c.localities[pos],
                status=status,
                score=round(shown_scores[i], 3),
                distance_km=round(dist, 2) if dist is not None and dist != float("inf") else None,
                serves_here=radius_km is not None and dist is not None and radius_km < dist < float("inf"),
                next_on=next_on,
                opening=_opening(slots, c.notes[pos]),
                verified_on=verified_on,
                stale=is_stale(verified_on, today),
                flagged=flagged[i],
                needs=c.needs_list[pos],
                delivery=_delivery(deliveries[i]),
                why=whys[i],
                summary=c.summaries[pos],
                next_on_short=next_on_short,
            )
        )
    return results


def _whys(scored: Scored, chosen: np.ndarray) -> list[tuple[str, ...]]:
    """For each shown row, what matched: each clause's best-scoring option, in clause order."""
    per_clause = []
    for rows, labels in scored.winners:
        values = np.vstack([row[chosen] for row in rows])
        best = values.argmax(axis=0).tolist()
        hit = (values.max(axis=0) > 0).tolist()
        per_clause.append([labels[b] if h else None for b, h in zip(best, hit, strict=True)])
    return [
        tuple(dict.fromkeys(label for clause in per_clause if (label := clause[i]) is not None))
        for i in range(len(chosen))
    ]


@lru_cache(maxsize=4096)
def _next_on(slots: tuple[Slot, ...], minute: datetime) -> tuple[str, str]:
    """When it is next on, in words and in short. Many assets share a timetable ("Wed
    10:00–12:00"): each is worked out once a minute (sessions start on whole minutes)."""
    occurrence = schedule.next_occurrence(slots, minute)
    return schedule.describe_next(occurrence, minute), schedule.describe_next_short(occurrence, minute)


@lru_cache(maxsize=1 << len(DELIVERY))
def _delivery(bits: int) -> tuple[str, ...]:
    """The ways an entry is delivered, from its bits (a handful of combinations)."""
    return tuple(x for b, x in enumerate(DELIVERY) if bits >> b & 1)


@lru_cache(maxsize=4096)
def _opening(slots: tuple[Slot, ...], note: str) -> str:
    return schedule.describe(slots, note)
