"""What a resident is handed: a connection list as plain, frozen values.

A `ListDocument` is built from the list and the directory at the moment of printing and then
stored as it is, so a later edit of an asset never changes what the resident was given. The
renderers (PDF, text, HTML) only lay these values out; `changes` compares two copies.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from typing import Any

from asset_map import schedule
from asset_map.checks import is_stale, runs_as_usual
from asset_map.places import Point, distance_km
from asset_map.store.enums import Cost, Delivery, cost_words
from asset_map.store.models import Access, Asset, Kind, Status

KM_PER_MILE = 1.609344

ACCESS_WORDS = {
    Access.STEP_FREE: "step-free",
    Access.ACCESSIBLE_TOILET: "accessible toilet",
    Access.HEARING_LOOP: "hearing loop",
    Access.PARKING: "parking",
    Access.BUS_STOP: "bus stop nearby",
    Access.LARGE_PRINT: "large print",
    Access.QUIET_SPACE: "quiet space",
    Access.SEATING: "seating",
    Access.ASSISTANCE_DOGS: "assistance dogs welcome",
}

# The parts of a connection a resident would notice changing, in the words used to say so.
CHANGE_LABELS = {
    "name": "name",
    "times": "times",
    "where": "address",
    "how_to_join": "how to join",
    "cost": "cost",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "access": "access",
    "notice": "status",
}


@dataclass(frozen=True)
class PrintedConnection:
    asset_id: str
    name: str
    kind: str
    what: str
    next_on: str
    times: str
    where: str
    distance: str
    getting_there: str
    how_to_join: str
    cost: str
    phone: str
    email: str
    website: str
    access: str
    last_checked: str
    note: str
    notice: str = ""  # "This has closed", "Paused for now" …: shown prominently
    check_first: str = ""  # "Please phone before you go" when the details may be out of date


@dataclass(frozen=True)
class ListDocument:
    resident_ref: str
    made_on: str  # ISO date
    practitioner: str
    practitioner_contact: str
    home: str
    what_matters: str
    connections: list[PrintedConnection] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # since the copy printed before
    previous_copy_on: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ListDocument:
        known = {f.name for f in fields(PrintedConnection)}
        items = [PrintedConnection(**{k: v for k, v in c.items() if k in known}) for c in data["connections"]]
        top = {f.name for f in fields(cls)} - {"connections"}
        return cls(connections=items, **{k: v for k, v in data.items() if k in top})

    @property
    def made_on_words(self) -> str:
        return long_date(date.fromisoformat(self.made_on))


# ---------------------------------------------------------------- plain English values
def long_date(day: date) -> str:
    """ "Monday 24 November 2026" (GOV.UK style)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(at: time) -> str:
    """ "10am", "2:30pm", "midday" (GOV.UK style)."""
    if at == time(12, 0):
        return "midday"
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour}{suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d}{suffix}"


def next_on(asset: Asset, now: datetime) -> str:
    found = schedule.next_occurrence(asset.schedule, now)
    if found is None:
        return ""
    day = (
        "Today"
        if found.start.date() == now.date()
        else f"{found.start:%A} {found.start.day} {found.start:%B}"
    )
    return f"{day}, {clock(found.start.time())} to {clock(found.end.time())}"


def _comes_to_home(asset: Asset) -> bool:
    return bool(asset.comes_to_home) or Delivery.HOME in asset.delivery


def distance_words(home: Point | None, asset: Asset) -> str:
    """How far the resident would travel: nothing for a service that travels to them, or
    that is reached by phone or online."""
    if _comes_to_home(asset) or Delivery.IN_PERSON not in asset.delivery:
        return ""
    if home is None or asset.latitude is None or asset.longitude is None:
        return ""
    km = distance_km(home, (asset.latitude, asset.longitude))
    miles = km / KM_PER_MILE
    return f"About {miles:.1f} miles ({km:.1f} km) from home"


def where_words(asset: Asset) -> str:
    """The address to go to; for a service that comes to the home, that it does and where;
    for one reached by phone or online, how ("By phone: 0117 …")."""
    if _comes_to_home(asset):
        area = asset.area_served.strip()
        return f"Comes to your home in {area}" if area else "Comes to your home"
    if Delivery.IN_PERSON in asset.delivery:
        return asset.where_text
    ways = []
    if Delivery.PHONE in asset.delivery:
        ways.append(f"By phone: {asset.phone}" if asset.phone else "By phone")
    if Delivery.ONLINE in asset.delivery:
        ways.append(f"Online: {asset.website}" if asset.website else "Online")
    return "; ".join(ways)


def getting_there(asset: Asset) -> str:
    """What the entry says, else what its access tags tell about travel (none to a home visit)."""
    if asset.getting_there or _comes_to_home(asset) or Delivery.IN_PERSON not in asset.delivery:
        return asset.getting_there
    travel = [ACCESS_WORDS[Access(a)] for a in asset.accessibility if a in {Access.BUS_STOP, Access.PARKING}]
    return ("; ".join(travel)).capitalize()


def how_to_join(asset: Asset) -> str:
    if asset.how_to_join:
        return asset.how_to_join
    if asset.phone:
        return "Phone before you go the first time."
    return "Ask the person who gave you this list how to join."


def last_checked(asset: Asset) -> str:
    if asset.verified_on is None:
        return "Not yet checked by the directory team"
    return f"{asset.verified_on.day} {asset.verified_on:%B %Y}"


def notice(asset: Asset | None) -> str:
    if asset is None or asset.archived_at is not None:
        return "No longer in the directory: please check before you go."
    if asset.status == Status.CLOSED:
        return "This has closed."
    if asset.status == Status.PAUSED:
        return "Paused for now: please check before you go."
    if asset.flagged_at is not None:
        return "May have closed: please phone before you go."
    return ""


def check_first(asset: Asset, today: date) -> str:
    """A clear "phone before you go" for details that may be out of date (the one staleness rule).

    Not repeated under a warning box, which already says to check or that it has closed.
    """
    if notice(asset) or not is_stale(asset.verified_on, today):
        return ""
    how = "phone" if asset.phone else "check"
    when = f"were last checked on {last_checked(asset)}" if asset.verified_on else "have not been checked yet"
    return f"Please {how} before you go: these details {when}."


def printed_connection(asset: Asset, note: str, home: Point | None, now: datetime) -> PrintedConnection:
    return PrintedConnection(
        asset_id=str(asset.id),
        name=asset.name,
        kind=Kind(asset.kind).label,
        what=asset.summary,
        next_on=next_on(asset, now) if _runs_as_usual(asset) else "",
        times=schedule.describe(
            asset.schedule, asset.schedule_note, clock=lambda t: clock(time.fromisoformat(t)), to=" to "
        ),
        where=where_words(asset),
        distance=distance_words(home, asset),
        getting_there=getting_there(asset),
        how_to_join=how_to_join(asset),
        cost=cost_words(asset.cost, asset.cost_note),
        phone=asset.phone,
        email=asset.email,
        website=asset.website,
        access=", ".join(ACCESS_WORDS[Access(a)] for a in asset.accessibility).capitalize(),
        last_checked=last_checked(asset),
        note=note,
        notice=notice(asset),
        check_first=check_first(asset, now.date()),
    )


def _runs_as_usual(asset: Asset) -> bool:
    """Only an entry running as usual has a "next on" time (paused, closed, flagged: none)."""
    return runs_as_usual(
        asset.status, flagged=asset.flagged_at is not None, archived=asset.archived_at is not None
    )


def missing_connection(asset_id: str, name: str, note: str) -> PrintedConnection:
    """An asset that has gone from the directory altogether: say so rather than drop it."""
    values: dict[str, Any] = dict.fromkeys((f.name for f in fields(PrintedConnection)), "")
    return PrintedConnection(
        **values | {"asset_id": asset_id, "name": name, "note": note, "notice": notice(None)}
    )


# ---------------------------------------------------------------- what changed since a copy
def _cost_as_now(printed: str) -> str:
    """A cost as worded now: copies printed before said "Low cost: £2" (and "Free: Free.")."""
    for cost in Cost:
        if printed.startswith(f"{cost.label}: "):
            return cost_words(cost, printed[len(cost.label) + 2 :])
    return printed


def changes(before: ListDocument, after: ListDocument) -> list[str]:
    """Sentences saying what differs between the copy a resident has and a new one."""
    said: list[str] = []
    old = {c.asset_id: c for c in before.connections}
    new = {c.asset_id: c for c in after.connections}
    for asset_id, now in new.items():
        was = old.get(asset_id)
        if was is None:
            said.append(f"Added: {now.name}")
            continue
        if was.notice != now.notice:
            said.append(f"{now.name}: {now.notice or 'running as usual again'}")
        for name, label in CHANGE_LABELS.items():
            a, b = getattr(was, name), getattr(now, name)
            reworded = name == "cost" and _cost_as_now(a) == b  # the same cost, worded as now
            if a != b and name != "notice" and not reworded:
                said.append(f"{now.name}: {label} was “{a or 'not given'}”, now “{b or 'not given'}”")
    said += [f"Removed: {was.name}" for asset_id, was in old.items() if asset_id not in new]
    return said
