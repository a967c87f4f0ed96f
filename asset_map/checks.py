"""When an entry is due a check: re-verification after 12 months, and a micro-enterprise's
DBS check, insurance and safeguarding training (plain dates, no database: the search
screen's table and card mark them before the directory layer has loaded).

The rules here are the only statement of them: the search screen, the entry's card, the
command line, the printout and the review queue all ask these functions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asset_map.store.models import Asset

REVIEW_AFTER = timedelta(days=365)
LAPSE_WARNING = timedelta(days=30)
DBS_VALID = timedelta(days=3 * 365)  # renewed every three years (docs/review.md)
SAFEGUARDING_VALID = timedelta(days=3 * 365)


def is_stale(verified_on: date | None, today: date) -> bool:
    """Not verified for over 12 months (or never): check before suggesting it."""
    return verified_on is None or today - verified_on > REVIEW_AFTER


def runs_as_usual(status: str, *, flagged: bool = False, archived: bool = False) -> bool:
    """Whether its timetable can be trusted: a paused, closed, possibly-closed or archived entry
    is never "on" a day and never has a "next on" time, wherever it is shown."""
    return status == "active" and not flagged and not archived


def verification_moves_forward(current: date | None, incoming: date | None) -> bool:
    """A verification is a fact about the world, not an edit: "last verified" only ever moves
    to a later date (an import, a feed or a restored version never takes it back)."""
    return incoming is not None and (current is None or incoming > current)


def check_expiries(asset: Asset) -> dict[str, date]:
    """When each of a micro-enterprise's checks runs out, keyed by the field that holds it."""
    expiries = {
        "insurance_expires_on": asset.insurance_expires_on,
        "dbs_checked_on": asset.dbs_checked_on + DBS_VALID if asset.dbs_checked_on else None,
        "safeguarding_trained_on": (
            asset.safeguarding_trained_on + SAFEGUARDING_VALID if asset.safeguarding_trained_on else None
        ),
    }
    return {name: when for name, when in expiries.items() if when is not None}


CHECK_NAMES = {
    "insurance_expires_on": "public liability insurance",
    "dbs_checked_on": "DBS check",
    "safeguarding_trained_on": "safeguarding training",
}
