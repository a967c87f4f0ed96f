"""The directory's fixed vocabularies (kinds, costs, access, days...), as plain enums.

Apart from the models so that the screens can name them without loading the database layer:
the first screen is drawn before SQLAlchemy has been imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum


class Kind(StrEnum):
    HUB = "hub"
    MICRO_ENTERPRISE = "micro_enterprise"
    TIME_BANK = "time_bank"
    GROUP = "group"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.HUB: "Community hub",
    Kind.MICRO_ENTERPRISE: "Micro-enterprise",
    Kind.TIME_BANK: "Time bank offer",
    Kind.GROUP: "Community group",
}
KIND_SHORT: dict[str, str] = {  # in a table's narrow column (keyed by Kind or its value)
    Kind.HUB: "Hub",
    Kind.MICRO_ENTERPRISE: "Micro",
    Kind.TIME_BANK: "Time bank",
    Kind.GROUP: "Group",
}


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Cost(StrEnum):
    FREE = "free"
    LOW_COST = "low_cost"
    PAID = "paid"
    TIME_CREDITS = "time_credits"
    UNKNOWN = "unknown"  # a feed that states no fees has not said it is free, nor that it is paid

    @property
    def label(self) -> str:
        return COST_LABELS[self]


COST_LABELS = {
    Cost.FREE: "Free",
    Cost.LOW_COST: "Low cost",
    Cost.PAID: "Paid",
    Cost.TIME_CREDITS: "Time credits",
    Cost.UNKNOWN: "Cost not stated",
}


class Delivery(StrEnum):
    """How a service reaches a person; several may apply. Only in person needs a place."""

    IN_PERSON = "in_person"
    HOME = "home"
    PHONE = "phone"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return DELIVERY_LABELS[self]


DELIVERY_LABELS = {
    Delivery.IN_PERSON: "In person",
    Delivery.HOME: "Comes to your home",
    Delivery.PHONE: "By phone",
    Delivery.ONLINE: "Online",
}
DELIVERY_SHORT = DELIVERY_LABELS | {Delivery.HOME: "At home"}  # in a narrow chooser


def delivery_words(ways: Sequence[str], area_served: str = "") -> str:
    """How it reaches a person, as a phrase: "In person, by phone", "Comes to your home in
    BS5". Empty for the usual case, in person only, which the address already says."""
    known = [Delivery(w) for w in ways if w in DELIVERY_LABELS]
    if known in ([], [Delivery.IN_PERSON]):
        return ""
    labels = [
        f"{DELIVERY_LABELS[w]} in {area_served}" if w == Delivery.HOME and area_served else DELIVERY_LABELS[w]
        for w in known
    ]
    return ", ".join(labels[:1] + [label[0].lower() + label[1:] for label in labels[1:]])


_LABEL_THEN_PUNCTUATION = r"\s*[,.;:!–—-]+(?:\s+|$)"  # "Free. Donations welcome", "Free – ask at the desk"


def cost_words(cost: Cost | str, note: str = "") -> str:
    """A cost and its note in one phrase, the same on the card, the command line and the printout.

    A note that only repeats the label ("free", "Free.", "FREE") would print "Free — Free", so
    it is dropped, and so is a label the note begins with before punctuation ("Free, donations
    welcome" → "Free — donations welcome").
    """
    label = Cost(cost).label
    note = note.strip()
    bare = "".join(ch for ch in note.casefold() if ch.isalnum())
    if bare == "".join(ch for ch in label.casefold() if ch.isalnum()):
        return label
    if note[: len(label)].casefold() == label.casefold():
        lead = re.match(_LABEL_THEN_PUNCTUATION, note[len(label) :])
        note = note[len(label) + lead.end() :] if lead else note
    return f"{label} — {note}" if note else label


class VerifiedHow(StrEnum):
    VISITED = "visited"
    PHONED = "phoned"
    PROVIDER_CONFIRMED = "provider_confirmed"
    EMAILED = "emailed"


class Access(StrEnum):
    STEP_FREE = "step_free"
    ACCESSIBLE_TOILET = "accessible_toilet"
    HEARING_LOOP = "hearing_loop"
    PARKING = "parking"
    BUS_STOP = "bus_stop"
    LARGE_PRINT = "large_print"
    QUIET_SPACE = "quiet_space"
    SEATING = "seating"
    ASSISTANCE_DOGS = "assistance_dogs"


class Audience(StrEnum):
    EVERYONE = "everyone"
    ADULTS = "adults"
    OLDER_PEOPLE = "older_people"
    CHILDREN = "children"
    YOUNG_PEOPLE = "young_people"
    FAMILIES = "families"
    CARERS = "carers"
    DEMENTIA = "dementia"
    DISABILITY = "disability"
    LEARNING_DISABILITY = "learning_disability"
    MEN = "men"
    WOMEN = "women"


class Day(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


DAYS: tuple[Day, ...] = tuple(Day)
