"""The smaller parts of a feed's service: contact details, languages, access, areas, times.

Feeds repeat a phone on the service, its contact, its location and its organisation, and
some of them are broken: the first usable one is taken, and each unusable one is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from asset_map import validation
from asset_map.interop.hsds.mapping import ACCESS_WORDS
from asset_map.interop.hsds.taxonomy import ACCESS_LABELS
from asset_map.interop.hsds.text import as_dict, as_text, clean, language_name, tidy
from asset_map.store.models import TAG_LENGTH, AssetIn
from asset_map.store.sources import TERM_NAME_LENGTH
from asset_map.validation import max_length


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _locations(service: dict[str, Any]) -> list[dict[str, Any]]:
    sals = _dicts(service.get("service_at_locations"))
    return [s["location"] for s in sals if isinstance(s.get("location"), dict)]


def schedules_of(service: dict[str, Any]) -> list[dict[str, Any]]:
    """The service's schedules, then those of its locations, each once."""
    found = _dicts(service.get("schedules"))
    for sal in _dicts(service.get("service_at_locations")):
        found += _dicts(sal.get("schedules"))
    for location in _locations(service):
        found += _dicts(location.get("schedules"))
    seen: dict[str, dict[str, Any]] = {}
    for item in found:
        seen.setdefault(as_text(item.get("id")) or json.dumps(item, sort_keys=True), item)
    return list(seen.values())


def _phones(service: dict[str, Any]) -> list[dict[str, Any]]:
    phones = _dicts(service.get("phones"))
    for contact in _dicts(service.get("contacts")):
        phones += _dicts(contact.get("phones"))
    for sal in _dicts(service.get("service_at_locations")):
        phones += _dicts(sal.get("phones"))
    for location in _locations(service):
        phones += _dicts(location.get("phones"))
    org = service.get("organization")
    if isinstance(org, dict):
        phones += _dicts(org.get("phones"))
    return [p for p in phones if as_text(p.get("type")).strip().casefold() != "fax"]  # no one answers a fax


def _first_valid(candidates: list[str], check: Callable[[str], str], label: str, warnings: list[str]) -> str:
    """The first usable candidate; each unusable one before it is named, with why."""
    for raw in dict.fromkeys(c for c in candidates if c):
        try:
            return check(raw)
        except ValueError as exc:
            reason = str(exc).replace(repr(raw), "it").replace(repr(validation.visible(raw)), "it")
            warnings.append(f"{label}: {raw[:80]!r} is not usable ({reason[:120]}); dropped")
    return ""


def reach(service: dict[str, Any], warnings: list[str], *, raw: bool = False) -> dict[str, str]:
    """Phone, email and website: the first usable of each, wherever the feed put it."""
    org = as_dict(service.get("organization"))
    numbers = [clean(p.get("number"), raw=raw).strip("\"' ") for p in _phones(service)]
    emails = [as_text(service.get("email"))]
    emails += [as_text(c.get("email")) for c in _dicts(service.get("contacts"))]
    emails.append(as_text(org.get("email")))
    sites = [as_text(service.get("url")), as_text(org.get("website")), as_text(org.get("url"))]

    def short(check: Callable[[str], str], most: int) -> Callable[[str], str]:
        def run(raw: str) -> str:
            value = check(raw)
            if len(value) > most:
                raise ValueError("too long")
            return value

        return run

    return {
        "phone": _first_valid(
            [n for n in numbers if n], short(validation.normalise_phone, 30), "phone", warnings
        ),
        "email": _first_valid(
            [tidy(e) for e in emails], short(validation.check_email, 254), "email", warnings
        ),
        "website": _first_valid(
            [tidy(s) for s in sites], short(validation.check_website, 300), "url", warnings
        ),
    }


def languages(service: dict[str, Any], warnings: list[str], *, raw: bool = False) -> list[str]:
    names = []
    for item in _dicts(service.get("languages")):
        name = language_name(
            clean(item.get("name") or item.get("language"), raw=raw), clean(item.get("code"), raw=raw)
        )
        if name and len(name) <= TAG_LENGTH:
            names.append(name)
        elif name:
            warnings.append(f"languages: {name[:TAG_LENGTH]!r}… is too long for a language; dropped")
    return list(dict.fromkeys(names))[: max_length(AssetIn, "languages")]


def accessibility(
    locations: list[dict[str, Any]], warnings: list[str], kept: list[dict[str, str]]
) -> list[str]:
    """Our access features from the words of a location's accessibility entries."""
    found: list[str] = []
    labels = {label.casefold(): access.value for access, label in ACCESS_LABELS.items()}
    for location in locations:
        entries = _dicts(location.get("accessibility")) + _dicts(
            location.get("accessibility_for_disabilities")
        )
        for entry in entries:
            text = tidy(" ".join(as_text(entry.get(k)) for k in ("description", "accessibility", "details")))
            if not text:
                continue
            exact = labels.get(
                tidy(as_text(entry.get("description") or entry.get("accessibility"))).casefold()
            )
            matched = [exact] if exact else [a.value for a, pattern in ACCESS_WORDS if pattern.search(text)]
            found += matched
            if not matched:
                kept.append({"vocabulary": "accessibility", "name": text[:TERM_NAME_LENGTH]})
                warnings.append(f"accessibility: {text[:60]!r} matches no access feature; kept as a tag")
    return list(dict.fromkeys(found))


def service_areas(service: dict[str, Any], *, raw: bool = False) -> str:
    """The areas it serves in words (HSDS 3.1 also puts them on its service-at-locations)."""
    areas = _dicts(service.get("service_areas"))
    for sal in _dicts(service.get("service_at_locations")):
        areas += _dicts(sal.get("service_areas"))
    names = [clean(a.get("name") or a.get("service_area") or a.get("description"), raw=raw) for a in areas]
    return "; ".join(dict.fromkeys(n for n in names if n))


def stamp(value: Any) -> datetime | None:
    text = as_text(value).strip()
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


# Which feed keys, when present, give a field its value (a re-import changes only these).
SOURCES: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "description": ("description",),
    "summary": ("description",),
    "organisation": ("organization",),
    "status": ("status",),
    "schedule": ("schedules", "service_at_locations"),
    "schedule_note": ("schedules", "service_at_locations"),
    "cost": ("fees", "fees_description", "cost_options"),
    "cost_note": ("fees", "fees_description"),
    "how_to_join": ("application_process",),
    "getting_there": ("service_at_locations",),
    "age_min": ("minimum_age",),
    "age_max": ("maximum_age",),
    "audience_note": ("eligibility_description",),
    "registration": ("accreditations",),
    "area_served": ("service_areas",),
    "delivery": ("attending_type", "deliverable_type", "service_at_locations"),
    "comes_to_home": ("attending_type", "deliverable_type", "service_at_locations"),
    "languages": ("languages",),
    "phone": ("phones", "contacts", "service_at_locations", "organization"),
    "email": ("email", "contacts", "organization"),
    "website": ("url", "organization"),
    "source": ("id",),
}
PLACE_FIELDS = ("locality", "address", "postcode", "latitude", "longitude", "accessibility")


def provided_fields(service: dict[str, Any], values: dict[str, Any]) -> set[str]:
    """The fields a foreign feed had a say about: their keys were present, even if empty."""
    given = service.keys()
    provided = {name for name, keys in SOURCES.items() if not given.isdisjoint(keys)}
    if _locations(service):
        provided.update(PLACE_FIELDS)
    provided.update(name for name in ("needs", "audience", "kind") if values.get(name))
    return provided
