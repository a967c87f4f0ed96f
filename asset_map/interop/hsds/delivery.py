"""How a feed's service reaches a person: in person, at home, by phone, online (several may
apply), read from what Open Referral says about it, in this order:

* ORUK 1.0 `attending_type` ("Venue", "Phone", "Online", "Home visit") and the words of
  `deliverable_type`; HSDS 3 `attending_type` on the service, its service-at-locations and
  its schedules ("in-person or remotely via video conferencing");
* its locations: a physical one (an address, a postcode, coordinates) is in person, a
  `location_type: "virtual"` one is online;
* when none of these says anything and there is no place: a phone number alone is by phone,
  a web address alone online, both both (with a warning saying so).

Our own exports carry the field itself (an attribute of the record-fields taxonomy), read
exactly. Written back by to_hsds.py: the record field, and a virtual location for an entry
with no place that is not met in person.
"""

from __future__ import annotations

import re
from typing import Any

from asset_map.interop.hsds.text import as_dict, as_list, as_text, tidy
from asset_map.store.enums import Delivery

# ORUK 1.0's attending_type values (its schema's enum, in any case).
ORUK1_ATTENDING = {
    "venue": Delivery.IN_PERSON,
    "phone": Delivery.PHONE,
    "online": Delivery.ONLINE,
    "home visit": Delivery.HOME,
}
# Words in free text (HSDS 3 attending_type, ORUK deliverable_type) that say how it is delivered.
DELIVERY_WORDS: tuple[tuple[Delivery, re.Pattern[str]], ...] = tuple(
    (way, re.compile(pattern, re.IGNORECASE))
    for way, pattern in (
        (
            Delivery.IN_PERSON,
            r"\bin[- ]person\b|\bface[- ]to[- ]face\b|\bvenue\b|\bdrop[- ]in\b|\bwalk[- ]in\b",
        ),
        (
            Delivery.HOME,
            r"\bhome visits?\b|\b(at|in|to) (your|their|the person's|people's) homes?\b|\bat home\b",
        ),
        (Delivery.PHONE, r"\b(tele)?phone\b|\bby call\b|\bhelpline\b|\bcall us\b"),
        (
            Delivery.ONLINE,
            r"\bonline\b|\bremote(ly)?\b|\bvideo\b|\bvirtual(ly)?\b|\bwebsite\b|\binternet\b|\bzoom\b",
        ),
    )
)
ORDER = tuple(Delivery)


def words(text: str) -> list[Delivery]:
    """The ways a piece of text names, in our order."""
    key = tidy(text).casefold()
    if key in ORUK1_ATTENDING:
        return [ORUK1_ATTENDING[key]]
    found = {way for way, pattern in DELIVERY_WORDS if pattern.search(key)}
    return [w for w in ORDER if w in found]


def _texts(service: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, text) of every attending_type and deliverable_type the service carries."""
    found = [(k, as_text(service.get(k))) for k in ("attending_type", "deliverable_type")]
    for sal in as_list(service.get("service_at_locations")):
        sal = as_dict(sal)
        found.append(("service_at_locations.attending_type", as_text(sal.get("attending_type"))))
        found += [
            ("schedules.attending_type", as_text(as_dict(s).get("attending_type")))
            for s in as_list(sal.get("schedules"))
        ]
    found += [
        ("schedules.attending_type", as_text(as_dict(s).get("attending_type")))
        for s in as_list(service.get("schedules"))
    ]
    return [(k, tidy(t)) for k, t in found if t.strip()]


def is_virtual(location: dict[str, Any]) -> bool:
    kind = tidy(as_text(location.get("location_type"))).casefold()
    return kind == "virtual" or as_text(location.get("virtual")).strip().casefold() == "true"


def read_delivery(
    service: dict[str, Any],
    locations: list[dict[str, Any]],
    *,
    has_place: bool,
    phone: str,
    website: str,
    warnings: list[str],
) -> list[Delivery]:
    """How the service is delivered (never empty), with a warning when it had to be guessed."""
    stated: list[Delivery] = []
    for name, text in _texts(service):
        found = words(text)
        if not found and name.endswith("attending_type"):
            warnings.append(f"{name}: {text[:60]!r} names no way of attending we know; kept as given")
        stated += found
    if any(is_virtual(loc) for loc in locations):
        stated.append(Delivery.ONLINE)
    if stated:
        if has_place and not any(is_virtual(loc) for loc in locations) and not _explicit(service):
            stated.append(Delivery.IN_PERSON)
        return [w for w in ORDER if w in stated]
    if has_place:
        return [Delivery.IN_PERSON]
    guessed = [w for w, there in ((Delivery.PHONE, phone), (Delivery.ONLINE, website)) if there]
    if not guessed:
        warnings.append("delivery: not stated and no place, phone or web address given; taken as in person")
        return [Delivery.IN_PERSON]
    said = " and ".join(
        {Delivery.PHONE: "a phone number", Delivery.ONLINE: "a web address"}[w] for w in guessed
    )
    ways = " and ".join(w.label.lower() for w in guessed)
    warnings.append(f"delivery: not stated and no place given, only {said}; taken as {ways}")
    return guessed


def _explicit(service: dict[str, Any]) -> bool:
    """Whether the service states how one attends (ORUK 1.0 attending_type)."""
    return bool(tidy(as_text(service.get("attending_type"))))


def from_field(value: str) -> list[Delivery] | None:
    """Our own record field ("in_person,phone"), or None when it is not one."""
    ways = [w.strip() for w in value.split(",") if w.strip()]
    if not ways or any(w not in {d.value for d in Delivery} for w in ways):
        return None
    return [Delivery(w) for w in dict.fromkeys(ways)]


def to_field(ways: list[Delivery]) -> str:
    return ",".join(w.value for w in ways)
