"""What people needed and did not find, counted per place and need for the gaps matrix.

Two sources, both counts only: searches near a place for a need that found nothing (counted
as they happen, the words never kept), and connection lists where everything tried for a
need ended "not suitable", "closed" or "could not reach" and nothing for it worked out
(read from the lists as they stand: a purged list counts no more). Neither names a resident,
a list or a query; the lists are only ever the practitioner's own.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from asset_map.directory.facade import Directory
from asset_map.directory.gaps import Asked
from asset_map.lists.service import ConnectionLists
from asset_map.places import PlaceNotFound
from asset_map.places.coverage import place_keys
from asset_map.search.query import SearchOutcome, SearchQuery
from asset_map.store import lists as store
from asset_map.store.db import StoreError, transaction
from asset_map.store.lists import Outcome

DID_NOT_WORK_OUT = frozenset({Outcome.NOT_SUITABLE, Outcome.CLOSED, Outcome.COULD_NOT_REACH})


def worth_counting(query: SearchQuery, outcome: SearchOutcome) -> bool:
    """A search that found nothing near a place, for a need (chosen, or meant by its words)."""
    return outcome.total == 0 and query.near is not None and bool(outcome.needs_meant)


def count_unmet_search(lists: ConnectionLists, query: SearchQuery, outcome: SearchOutcome) -> bool:
    """Count a search that found nothing (see `worth_counting`); whether it was counted.
    StoreError when the lists cannot take it (a server whose owner has not made the table)."""
    if not worth_counting(query, outcome):
        return False
    month = lists.directory.today().strftime("%Y-%m")
    try:
        with transaction(lists.engine) as session:
            for need in sorted(outcome.needs_meant):
                store.count_unmet_search(session, month, query.near_keys, need)
    except StoreError as exc:
        raise StoreError(f"searches that found nothing cannot be counted here: {exc}") from exc
    return True


def asked(lists: ConnectionLists) -> list[Asked]:
    """Every need asked for near a place and not found, from both sources."""
    try:
        with transaction(lists.engine) as session:
            connections = store.list_outcomes(session)
        with transaction(lists.engine) as session:  # none where the table was never made
            searches = store.unmet_searches(session) if store.counts_searches(session) else []
    except StoreError as exc:
        raise StoreError(f"what was asked for cannot be read: {exc}") from exc
    found = [Asked(keys, need, count) for keys, need, count in searches]
    return found + _from_lists(lists.directory, connections)


def _from_lists(
    directory: Directory, connections: Iterable[tuple[uuid.UUID, str, uuid.UUID, Outcome]]
) -> list[Asked]:
    """Per list, each need it tried for where every connection for it ended badly: one, at the
    resident's home (else where the entry tried is). A list does not say which of an entry's
    needs it was for, so each need of the entries tried counts."""
    tried: dict[uuid.UUID, dict[str, bool]] = defaultdict(dict)  # list -> need -> worked out
    where: dict[uuid.UUID, frozenset[str]] = {}
    for list_id, home, asset_id, outcome in connections:
        with directory.finder.lock:  # the app's main thread may be writing to the index
            doc = directory.index.get(asset_id)
        if doc is None:
            continue  # gone from the directory: what it was for is not known
        if list_id not in where:
            where[list_id] = _keys_of(directory, home) or _keys_of(directory, doc.locality)
        for need in doc.needs:  # one still being tried (suggested, contacted) may yet work out
            if outcome in DID_NOT_WORK_OUT:
                tried[list_id].setdefault(need, False)
            else:
                tried[list_id][need] = True
    counts: dict[tuple[frozenset[str], str], int] = defaultdict(int)
    for list_id, needs in tried.items():
        for need, worked in needs.items():
            if not worked and where[list_id]:
                counts[(where[list_id], need)] += 1
    return [Asked(keys, need, count) for (keys, need), count in counts.items()]


def _keys_of(directory: Directory, place: str) -> frozenset[str]:
    if not place.strip():
        return frozenset()
    try:
        # offline: counting never sends a resident's home to an online geocoder
        return place_keys(directory.gazetteer, directory.gazetteer.resolve(place, offline=True))
    except PlaceNotFound:
        return frozenset()
