"""The tables both directions of the mapping share, so they cannot drift apart.

See docs/hsds.md for the full mapping, field by field.
"""

from __future__ import annotations

import re

from asset_map.store.models import Access, Status

# Our status <-> HSDS service.status ("inactive" is read as paused: it may come back).
STATUS_TO_HSDS = {Status.ACTIVE: "active", Status.PAUSED: "temporarily closed", Status.CLOSED: "defunct"}
STATUS_FROM_HSDS = {
    "active": Status.ACTIVE,
    "temporarily closed": Status.PAUSED,
    "inactive": Status.PAUSED,
    "defunct": Status.CLOSED,
}

# Fields HSDS has no place for, carried as attributes of the "Asset Map record fields"
# taxonomy (the attribute's value is the field's value as text).
FIELD_ATTRIBUTES: tuple[str, ...] = (
    "summary",
    "locality",
    "cost",
    "verified_by",
    "verified_how",
    "created_at",
    "created_by",
    "updated_by",
    "source",
    "price",
    "comes_to_home",
    "dbs_checked_on",
    "insurance_expires_on",
    "safeguarding_trained_on",
    "skill",
    "availability",
    "hours",
    "help_offered",
    "drop_in_sessions",
    "frequency",
)
# Written only when empty: otherwise organization.name says it.
EMPTY_ORGANISATION_FIELD = "organisation"
# Record fields written beside the HSDS objects: how it is delivered ("in_person,phone",
# always), what a feed said that we have no field for (JSON), and the address and postcode
# when there is no HSDS address to hold them (an address needs a town, a postcode, a county).
DELIVERY_FIELD = "delivery"
FEED_EXTRA_FIELD = "feed_extra"
ADDRESS_FIELD = "address"
POSTCODE_FIELD = "postcode"

# Words in a feed's accessibility text -> our access features (first match wins per entry).
ACCESS_WORDS: tuple[tuple[Access, re.Pattern[str]], ...] = tuple(
    (access, re.compile(pattern, re.IGNORECASE))
    for access, pattern in (
        (Access.ACCESSIBLE_TOILET, r"\b(accessible|disabled|wheelchair)\s+(toilet|wc|loo)s?\b"),
        (Access.HEARING_LOOP, r"\b(hearing|induction)\s+loops?\b|\bt-?coil\b"),
        (Access.ACCESSIBLE_TOILET, r"\brest ?rooms?\b"),  # Ohana's accessibility codes: "restroom"
        (
            Access.STEP_FREE,
            r"\bstep[- ]?free\b|\bwheelchair\b|\blevel access\b|\bramp\b|\blift\b|\belevator\b"
            r"|\bhandicap(ped)? access",
        ),
        (Access.PARKING, r"\bparking\b|\bcar park\b"),
        (Access.BUS_STOP, r"\bbus\b"),
        (Access.LARGE_PRINT, r"\blarge print\b"),
        (Access.QUIET_SPACE, r"\bquiet (space|room|area)\b"),
        (Access.SEATING, r"\bseat(s|ing)?\b|\bchairs?\b"),
        (Access.ASSISTANCE_DOGS, r"\b(assistance|guide) dogs?\b"),
    )
)

# Words in organisation or service names that say which kind of asset a feed's record is.
KIND_WORDS = (
    ("time_bank", re.compile(r"\btime ?bank", re.IGNORECASE)),
    ("hub", re.compile(r"\b(community )?(hub|centre|center)\b", re.IGNORECASE)),
    ("micro_enterprise", re.compile(r"\b(ltd|limited|cic|services|care at home)\b", re.IGNORECASE)),
)

# A cost of at most this many pounds a time counts as "low cost" (dollars and euros, from
# feeds elsewhere, are banded alike: near enough for "cheap or not").
LOW_COST_MAX = 5.0
POUNDS = re.compile(r"£\s?(\d+(?:\.\d{1,2})?)")
MONEY = re.compile(r"[£$€]\s?(\d+(?:\.\d{1,2})?)")
FREE_WORDS = re.compile(r"\bfree\b|\bno charges?\b|\bno cost\b|\bno fees?\b|^\s*(none|nil)\b", re.IGNORECASE)

# The county the gazetteer's places are in, for address.state_province.
STATE_PROVINCE = "Essex"
COUNTRY = "GB"


def single_amount(text: str, money: re.Pattern[str] = POUNDS) -> float | None:
    """The one £ amount in a cost text ("£3 with tea" -> 3.0), else None; `money=MONEY` also
    reads dollars and euros."""
    found = money.findall(text)
    return float(found[0]) if len(found) == 1 else None


_NOT_IN_ORG_KEY = re.compile(r"[^\w&]+")


def org_key(name: str) -> str:
    """How organisation names are compared: case, spacing and punctuation do not count."""
    return " ".join(_NOT_IN_ORG_KEY.sub(" ", name.casefold()).split())
