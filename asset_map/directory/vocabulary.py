"""The directory's own words: kinds, needs, days, and checks that a record uses them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from asset_map import schedule
from asset_map.errors import DirectoryError
from asset_map.places import Gazetteer
from asset_map.store.enums import Delivery, Kind
from asset_map.store.peek import NeedTerms
from asset_map.validation import check_time

if TYPE_CHECKING:
    from asset_map.store.models import AssetIn, ReferenceCheck

KIND_ALIASES = {
    "hub": "hub",
    "community_hub": "hub",
    "micro_enterprise": "micro_enterprise",
    "microenterprise": "micro_enterprise",
    "micro": "micro_enterprise",
    "time_bank": "time_bank",
    "timebank": "time_bank",
    "time_bank_offer": "time_bank",
    "group": "group",
    "community_group": "group",
}


def resolve_kind(text: str) -> str:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in KIND_ALIASES:
        raise DirectoryError(f"'{text}' is not a kind; kinds are: {', '.join(k.value for k in Kind)}")
    return KIND_ALIASES[key]


DELIVERY_ALIASES = {
    **{d.value: d.value for d in Delivery},
    **{d.label.lower(): d.value for d in Delivery},
    "in person": "in_person",
    "at home": "home",
    "comes to the home": "home",
    "home visit": "home",
    "phone": "phone",
    "telephone": "phone",
    "web": "online",
    "video": "online",
}


def resolve_delivery(text: str) -> str:
    """How a service is delivered, from its code or the words people use ("by phone")."""
    key = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    found = DELIVERY_ALIASES.get(key) or DELIVERY_ALIASES.get(key.replace(" ", "_"))
    if found is None:
        ways = ", ".join(d.value for d in Delivery)
        raise DirectoryError(f"'{text}' is not a way a service is delivered; they are: {ways}")
    return found


def resolve_need(needs: Iterable[NeedTerms], text: str) -> str:
    """A need id from its id, its label or one of its plain-words synonyms."""
    key = text.strip().lower()
    known = list(needs)
    for need in known:
        if key in {need.id, need.label.lower(), *(s.lower() for s in need.synonyms)}:
            return need.id
    raise DirectoryError(f"'{text}' is not a need; needs are: {', '.join(sorted(n.id for n in known))}")


@dataclass(frozen=True)
class OpenWhen:
    """When the person wants something to be on: a weekday, maybe a time, maybe a real date."""

    weekday: int
    at: time | None = None
    on: date | None = None  # for "now": a real moment, so monthly patterns must fall on it


def parse_open(text: str, now: datetime | None = None) -> OpenWhen:
    """ "now", "wed", "Wednesday 10:30", "today", "tomorrow 14:00" → OpenWhen."""
    parts = text.split()
    if not parts or len(parts) > 2:
        raise DirectoryError(f"'{text}' is not a day (and time), like 'now', 'wed' or 'wed 10:30'")
    word = parts[0].lower()
    now = now or datetime.now()
    if word == "now" and len(parts) == 1:
        return OpenWhen(now.weekday(), now.time().replace(second=0, microsecond=0), now.date())
    try:
        relative = {"today": now.date(), "tomorrow": now.date() + timedelta(days=1)}.get(word)
        day = relative.weekday() if relative else schedule.parse_day(word)
        at = None
        if len(parts) == 2:
            hours, minutes = check_time(parts[1]).split(":")
            at = time(int(hours), int(minutes))
    except ValueError as exc:
        raise DirectoryError(str(exc)) from exc
    return OpenWhen(day, at)  # a weekday, like "tue": any week of the month


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_past_day(text: str, today: date) -> date:
    """When something happened, as a person says it: "today", "yesterday", "mon" (the last
    Monday, today included), "28 Nov", "28/11", "28/11/2026" or "2026-11-28". Never later
    than today: an outcome is recorded after it happened."""
    said = " ".join(text.lower().replace(",", " ").split())
    try:
        day = _past_day(said, today)
    except ValueError:
        raise DirectoryError(
            f"'{text}' is not a day; say 'today', 'yesterday', 'mon', '28 Nov' or '2026-11-28'"
        ) from None
    if day > today:
        raise DirectoryError(f"{day:%d %b %Y} is after today: say when it happened")
    return day


def _past_day(said: str, today: date) -> date:
    if said in {"", "today"}:
        return today
    if said == "yesterday":
        return today - timedelta(days=1)
    if said.isalpha():
        return today - timedelta(days=(today.weekday() - schedule.parse_day(said)) % 7)
    if "-" in said:
        return date.fromisoformat(said)
    parts = said.replace("/", " ").split()
    if len(parts) not in (2, 3):
        raise ValueError(said)
    day, month = int(parts[0]), _month(parts[1])
    if len(parts) == 3:
        year = int(parts[2])
        return date(year + 2000 if year < 100 else year, month, day)
    this_year = date(today.year, month, day)  # "28 Nov" said in January is last November
    return this_year if this_year <= today else date(today.year - 1, month, day)


def _month(word: str) -> int:
    if word.isdigit():
        return int(word)
    return MONTHS.index(word[:3]) + 1  # ValueError when it is no month


def reference_checker(gazetteer: Gazetteer, need_ids: set[str]) -> ReferenceCheck:
    """A check that a record's locality and needs exist, with suggestions when they don't.
    No locality at all is an entry with no fixed place (by phone, online, at home)."""

    def check(asset: AssetIn) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        if asset.locality and gazetteer.canonical_locality(asset.locality) is None:
            hints = gazetteer.suggest(asset.locality)
            hint = f"; did you mean {', '.join(hints)}?" if hints else ""
            problems.append(("locality", f"'{asset.locality}' is not a known locality{hint}"))
        for need in asset.needs:
            if need not in need_ids:
                problems.append(("needs", f"'{need}' is not a need in the taxonomy"))
        return problems

    return check


def with_own_locality(asset: AssetIn, gazetteer: Gazetteer) -> AssetIn:
    """The record with its locality under the locality's own name ("S Ockendon" → "South Ockendon")."""
    canonical = gazetteer.canonical_locality(asset.locality)
    return asset if canonical in (None, asset.locality) else asset.model_copy(update={"locality": canonical})
