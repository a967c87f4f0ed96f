"""When a search finds nothing: which single change would find something."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from asset_map.search.engine import run_search
from asset_map.search.index import SearchIndex
from asset_map.search.query import SearchQuery


@dataclass(frozen=True)
class Relaxation:
    label: str  # "widen the radius to 10 km", "drop 'free only'"
    count: int
    query: SearchQuery


def relaxations(index: SearchIndex, query: SearchQuery, now: datetime | None = None) -> list[Relaxation]:
    """Each filter dropped (or the radius widened) in turn, with how many it would then find."""
    options: list[tuple[str, SearchQuery]] = []
    if query.radius_km is not None:
        wider = max(10.0, query.radius_km * 3)
        options.append((f"widen the radius to {wider:g} km", replace(query, radius_km=wider)))
    if query.needs:
        options.append(("drop the need filter", replace(query, needs=frozenset())))
    if query.kinds:
        options.append(("drop the kind filter", replace(query, kinds=frozenset())))
    if query.open_day is not None:
        options.append(("any day", replace(query, open_day=None, open_time=None, open_date=None)))
    if query.free_only:
        options.append(("drop 'free only'", replace(query, free_only=False)))
    if query.step_free_only:
        options.append(("drop 'step-free only'", replace(query, step_free_only=False)))
    if query.verified_recently:
        options.append(("include entries not verified this year", replace(query, verified_recently=False)))
    if not query.include_closed:
        options.append(("include closed entries", replace(query, include_closed=True)))
    found = []
    for label, relaxed in options:
        count = run_search(index, replace(relaxed, limit=1), now).total
        if count:
            found.append(Relaxation(label, count, relaxed))
    return found
