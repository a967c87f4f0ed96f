"""The review queue: what needs checking so people keep trusting the directory.

Entries not verified for 12 months, entries flagged as possibly closed, micro-enterprises
whose DBS check, insurance or safeguarding training has lapsed or lapses within 30 days, and
likely duplicate pairs (less those someone said are two entries, until either is renamed).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from asset_map.checks import CHECK_NAMES, LAPSE_WARNING, check_expiries, is_stale
from asset_map.directory.duplicates import Decided, DuplicatePair, decided_apart, find_pairs
from asset_map.search.index import AssetDoc
from asset_map.store.enums import Kind
from asset_map.store.models import Asset


@dataclass(frozen=True)
class ReviewItem:
    asset_id: uuid.UUID
    name: str
    kind: str
    locality: str
    reason: str
    due: date | None = None


@dataclass
class ReviewQueue:
    unverified: list[ReviewItem] = field(default_factory=list)
    flagged: list[ReviewItem] = field(default_factory=list)
    lapsing: list[ReviewItem] = field(default_factory=list)
    duplicates: list[DuplicatePair] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.unverified) + len(self.flagged) + len(self.lapsing) + len(self.duplicates)


def _item(asset: Asset, reason: str, due: date | None = None) -> ReviewItem:
    return ReviewItem(asset.id, asset.name, str(asset.kind), asset.locality, reason, due)


def _checks(asset: Asset, today: date) -> list[tuple[str, date]]:
    """(what, when it lapses) for each safeguarding check that is due within 30 days."""
    return [
        (CHECK_NAMES[name], when)
        for name, when in check_expiries(asset).items()
        if when <= today + LAPSE_WARNING
    ]


def build_queue(
    assets: Iterable[Asset],
    docs: Iterable[AssetDoc],
    today: date | None = None,
    not_duplicates: Decided | None = None,
) -> ReviewQueue:
    """`not_duplicates`: pairs someone said are two entries (store/decisions.py), left out."""
    today = today or date.today()
    decided = not_duplicates or {}
    queue = ReviewQueue()
    for asset in assets:
        if asset.archived_at is not None:
            continue
        if asset.flagged_at is not None and asset.status != "closed":
            queue.flagged.append(_item(asset, f"possibly closed: {asset.flag_reason} ({asset.flagged_by})"))
        if asset.status != "closed" and is_stale(asset.verified_on, today):
            said = f"last verified {asset.verified_on}" if asset.verified_on else "never verified"
            queue.unverified.append(_item(asset, said, asset.verified_on))
        if asset.kind == Kind.MICRO_ENTERPRISE and asset.status != "closed":
            for what, lapses_on in _checks(asset, today):
                verb = "lapsed" if lapses_on < today else "lapses"
                queue.lapsing.append(_item(asset, f"{what} {verb} {lapses_on}", lapses_on))
    queue.unverified.sort(key=lambda i: (i.due or date.min, i.name))
    queue.lapsing.sort(key=lambda i: (i.due or date.min, i.name))
    first_second = ((p, (p.first.id, p.first.name), (p.second.id, p.second.name)) for p in find_pairs(docs))
    queue.duplicates = [pair for pair, a, b in first_second if not decided_apart(decided, a, b)]
    return queue
