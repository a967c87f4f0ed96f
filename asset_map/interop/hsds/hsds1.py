"""HSDS 1.x (and Ohana's HSDS-1.0-like) CSV tables read as the HSDS 3 tables they became,
so that one nesting (tabular.nest) and one mapping (from_hsds) serve every version.

What 1.x had and 3.0 renamed or reshaped, read here as 3.0:

* `physical_addresses.csv`, `postal_addresses.csv` (Ohana: `addresses.csv`,
  `mail_addresses.csv`) -> `addresses.csv` with `address_type`;
* `regular_schedules.csv` (`weekday` "Monday" or 1-7, ISO: 1 is Monday; times "9:00am") ->
  `schedules.csv` (`freq` WEEKLY, `byday`, `opens_at` "09:00"; `original_text` is the
  schedule's description);
* `services_taxonomy.csv` + `taxonomy.csv` (terms: `vocabulary`, `parent_name`) and
  `services.taxonomy_ids` -> `attributes.csv` + `taxonomy_terms.csv`;
* `accessibility_for_disabilities.csv` (Ohana: `locations.accessibility` "ramp, restroom")
  -> `accessibility.csv`;
* `eligibility.csv` -> `services.eligibility_description`;
* `services_at_location.csv`, Ohana's `services.location_id` -> `service_at_location.csv`;
* `languages.language`, `service_areas.service_area`, `organizations.url`, Ohana's
  `services.website`, `services.eligibility`, `services.languages` and `service_areas` as
  text, `locations.virtual` -> `name`, `name`, `website`, `url`, `eligibility_description`,
  rows, `location_type` "virtual";
* `holiday_schedules.csv` is not read (the app keeps regular times only), and said so;
* `payments_accepted.csv` is kept on the service as `payments_accepted` (in `feed_extra`).

HSDS 3.1's `service_capacity.csv` with `units.csv` become the service's `capacities`, and
`url.csv` rows that name their service its `additional_urls`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from asset_map.interop.hsds.tabular import CELLS, TABLES, Rows, Tables
from asset_map.interop.hsds.text import tidy

FILES: dict[str, list[str]] = {
    "service_at_location": ["services_at_location.csv"],
    "service_taxonomy": ["services_taxonomy.csv"],
    "physical_address": ["physical_addresses.csv"],
    "postal_address": ["postal_addresses.csv", "mail_addresses.csv"],
    "regular_schedule": ["regular_schedules.csv"],
    "holiday_schedule": ["holiday_schedules.csv"],
    "eligibility": ["eligibility.csv"],
    "payment_accepted": ["payments_accepted.csv"],
    "accessibility_for_disabilities": ["accessibility_for_disabilities.csv"],
    "service_capacity": ["service_capacity.csv"],
    "unit": ["units.csv"],
    "url": ["url.csv"],
}
ONLY_1X = frozenset(
    {
        "service_taxonomy", "physical_address", "postal_address", "regular_schedule", "holiday_schedule",
        "eligibility", "payment_accepted", "accessibility_for_disabilities",
    }
)  # fmt: skip
ONLY_3_1 = frozenset({"service_capacity", "unit", "url"})
TERM_COLUMNS = frozenset({"vocabulary", "parent_name", "taxonomy_id", "taxonomy_facet"})
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_WORDS = {
    "monday": "MO", "mon": "MO", "tuesday": "TU", "tue": "TU", "tues": "TU", "wednesday": "WE", "wed": "WE",
    "thursday": "TH", "thu": "TH", "thurs": "TH", "friday": "FR", "fri": "FR", "saturday": "SA", "sat": "SA",
    "sunday": "SU", "sun": "SU",
}  # fmt: skip
_CLOCK = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap])\.?\s*m?\.?\s*$", re.IGNORECASE)


def _terms_table(rows: Rows) -> bool:
    """Whether a `taxonomy` table holds 1.x terms (id, name, parent, vocabulary) rather than
    HSDS 3 taxonomies (id, name, description, uri, version)."""
    return any(not TERM_COLUMNS.isdisjoint(row) for row in rows[:50])


def version(tables: Tables) -> str:
    """ "1.x", "3.1" or "3" — what the package's tables say it is, for the report."""
    services = tables.get("service", [])
    if (
        not ONLY_1X.isdisjoint(tables)
        or any("location_id" in s or "taxonomy_ids" in s for s in services[:50])
        or _terms_table(tables.get("taxonomy", []))
    ):
        return "1.x"
    return "3.1" if not ONLY_3_1.isdisjoint(tables) else "3"


def clock(value: Any) -> str:
    """ "9:00am" -> "09:00", "12:30 PM" -> "12:30"; anything else as it was."""
    text = str(value or "")
    return _known_clock(text) if len(text) <= SHORT else _read_clock(text)


def _read_clock(text: str) -> str:
    match = _CLOCK.match(text)
    if not match:
        return text
    hours, minutes = int(match.group(1)) % 12, int(match.group(2) or 0)
    if match.group(3).lower() == "p":
        hours += 12
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else text


SHORT = 40  # a time this long or shorter is remembered: a package writes the same few again and again
_known_clock = lru_cache(maxsize=4096)(_read_clock)


def _byday(weekday: Any) -> str | None:
    text = tidy(str(weekday or "")).casefold().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 7:
        return WEEKDAYS[int(text) - 1]
    return DAY_WORDS.get(text)


def _schedule(row: dict[str, Any], number: int) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in ("weekday", "original_text", "opens_at", "closes_at")}
    out["id"] = out.get("id") or f"regular_schedule:{number}"
    day = _byday(row.get("weekday"))
    if day:
        out |= {"freq": "WEEKLY", "byday": day}
    elif row.get("weekday"):
        out["weekday"] = row["weekday"]  # the schedule reader keeps what it cannot read as words
    for key in ("opens_at", "closes_at"):
        if row.get(key):
            out[key] = clock(row[key])
    if row.get("original_text"):
        out["description"] = row["original_text"]
    return out


def _address(row: dict[str, Any], kind: str) -> dict[str, Any]:
    out = dict(row)
    extra = [str(out.pop(k)) for k in ("address_3", "address_4") if out.get(k)]
    if extra:
        out["address_2"] = ", ".join(([str(out["address_2"])] if out.get("address_2") else []) + extra)
    out.setdefault("address_type", kind)
    return out


def _access_rows(location_id: Any, text: str) -> Rows:
    """Ohana's "disabled_parking, ramp, restroom" as one accessibility row each."""
    codes = [tidy(c.replace("_", " ")) for c in text.split(",")]
    return [
        {"id": f"{location_id}:access:{code}", "location_id": location_id, "description": code}
        for code in codes
        if code
    ]


def _split(text: Any) -> list[str]:
    return [tidy(p) for p in str(text or "").split(",") if tidy(p)]


def _services(out: Tables, tables: Tables) -> None:
    """Ohana's service columns as 3.0 tables: location_id, languages, service_areas, website…"""
    links = {(str(r.get("service_id")), str(r.get("location_id"))) for r in out["service_at_location"]}
    for row in out["service"]:
        sid = row.get("id")
        if row.get("website") and not row.get("url"):
            row["url"] = row.pop("website")
        if row.get("eligibility") and not row.get("eligibility_description"):
            row["eligibility_description"] = row.pop("eligibility")
        lid = row.pop("location_id", None)
        if lid and (str(sid), str(lid)) not in links:
            out["service_at_location"].append({"id": f"{sid}@{lid}", "service_id": sid, "location_id": lid})
        if isinstance(row.get("languages"), str):
            out["language"] += [
                {"id": f"{sid}:language:{n}", "service_id": sid, "name": name}
                for n, name in enumerate(_split(row.pop("languages")))
            ]
        if isinstance(row.get("service_areas"), str):
            area = tidy(row.pop("service_areas"))
            if area:
                out["service_area"].append({"id": f"{sid}:area", "service_id": sid, "name": area})
        for n, code in enumerate(_split(row.pop("taxonomy_ids", ""))):
            out["attribute"].append(
                {"id": f"{sid}:term:{n}", "link_id": sid, "taxonomy_term_id": code, "link_entity": "service"}
            )
    payments: dict[str, list[str]] = {}
    for row in tables.get("payment_accepted", []):
        if row.get("service_id") and row.get("payment"):
            payments.setdefault(str(row["service_id"]), []).append(str(row["payment"]))
    for row in out["service"]:
        if str(row.get("id")) in payments:
            row["payments_accepted"] = payments[str(row["id"])]


def _locations(out: Tables) -> None:
    for row in out["location"]:
        if str(row.get("virtual", "")).strip().casefold() == "true":
            row.setdefault("location_type", "virtual")
        if row.get("website") and not row.get("url"):
            row["url"] = row.pop("website")
        text = row.get("accessibility")
        if isinstance(text, str) and text.strip():
            out["accessibility"] += _access_rows(row.get("id"), row.pop("accessibility"))


def _taxonomies(out: Tables, tables: Tables, notes: list[str]) -> None:
    if _terms_table(out["taxonomy"]):
        for row in out.pop("taxonomy"):
            code = row.get("id") or row.get("taxonomy_id")
            term = {"id": code, "code": code, "name": row.get("name"), "parent_id": row.get("parent_id")}
            if row.get("vocabulary"):
                term["taxonomy"] = row["vocabulary"]
            out["taxonomy_term"].append({k: v for k, v in term.items() if v not in (None, "")})
        out["taxonomy"] = []
    for number, row in enumerate(tables.get("service_taxonomy", []), start=1):
        if not row.get("service_id") or not row.get("taxonomy_id"):
            continue
        out["attribute"].append(
            {
                "id": row.get("id") or f"service_taxonomy:{number}",
                "link_id": row["service_id"],
                "taxonomy_term_id": row["taxonomy_id"],
                "link_entity": "service",
                "link_type": "service_taxonomy",
            }
        )
    known = {str(t.get("id")) for t in out["taxonomy_term"]}
    unknown = {str(a.get("taxonomy_term_id")) for a in out["attribute"]} - known
    if unknown:
        notes.append(f"{len(unknown)} taxonomy term ids are used by services but not listed; kept as codes")
        out["taxonomy_term"] += [{"id": code, "code": code, "name": code} for code in sorted(unknown)]


def _eligibility(out: Tables, tables: Tables, notes: list[str]) -> None:
    texts: dict[str, list[str]] = {}
    unlinked = 0
    for row in tables.get("eligibility", []):
        text = tidy(str(row.get("eligibility") or ""))
        if not text:
            continue
        if not row.get("service_id"):
            unlinked += 1
            continue
        texts.setdefault(str(row["service_id"]), []).append(text)
    if unlinked:
        notes.append(f"eligibility.csv: {unlinked:,} rows name no service (service_id empty); not read")
    for row in out["service"]:
        found = texts.get(str(row.get("id")))
        if found and not row.get("eligibility_description"):
            row["eligibility_description"] = "; ".join(dict.fromkeys(found))


def _capacities(out: Tables, tables: Tables, notes: list[str]) -> None:
    """HSDS 3.1: capacities (with their units) and additional urls, on the services they name."""
    units = {str(u.get("id")): u for u in tables.get("unit", [])}
    by_service: dict[str, Rows] = {}
    for row in tables.get("service_capacity", []):
        capacity = {k: v for k, v in row.items() if k not in ("service_id", "unit_id")}
        if row.get("unit_id"):
            capacity["unit"] = units.get(str(row["unit_id"]), {"id": row["unit_id"]})
        by_service.setdefault(str(row.get("service_id")), []).append(capacity)
    urls: dict[str, Rows] = {}
    unlinked = 0
    for row in tables.get("url", []):
        if row.get("service_id"):
            urls.setdefault(str(row["service_id"]), []).append(
                {k: v for k, v in row.items() if k != "service_id"}
            )
        else:
            unlinked += 1
    if unlinked:
        notes.append(f"url.csv: {unlinked} rows name no service; not read")
    for row in out["service"]:
        if str(row.get("id")) in by_service:
            row["capacities"] = by_service[str(row["id"])]
        if str(row.get("id")) in urls:
            row["additional_urls"] = urls[str(row["id"])]


def as_hsds3(tables: Tables, notes: list[str]) -> Tables:
    """The package's tables as HSDS 3.0 tables (1.x and 3.1 tables folded in)."""
    out: Tables = {name: [dict(r) for r in tables.get(name, [])] for name in TABLES}
    for name, rows in sorted(tables.items()):
        uneven = sum(1 for r in rows if CELLS in r)
        if uneven:
            notes.append(
                f"{name} table: {uneven:,} rows have more or fewer cells than the header names; "
                "read by position"
            )
    out["address"] += [_address(r, "physical") for r in tables.get("physical_address", [])]
    out["address"] += [_address(r, "postal") for r in tables.get("postal_address", [])]
    out["schedule"] += [_schedule(r, n) for n, r in enumerate(tables.get("regular_schedule", []), start=1)]
    if tables.get("holiday_schedule"):
        notes.append(
            f"holiday_schedules.csv: {len(tables['holiday_schedule'])} rows not read (regular times only)"
        )
    for row in tables.get("accessibility_for_disabilities", []):
        text = tidy(str(row.get("accessibility") or "")).replace("_", " ")
        if text or row.get("details"):
            out["accessibility"].append(
                {"id": row.get("id"), "location_id": row.get("location_id"), "description": text}
                | ({"details": row["details"]} if row.get("details") else {})
            )
    for row in out["language"]:
        if row.get("language") and not row.get("name"):
            row["name"] = row.pop("language")
    for row in out["service_area"]:
        if row.get("service_area") and not row.get("name"):
            row["name"] = row.pop("service_area")
    for row in out["organization"]:
        if row.get("url") and not row.get("website"):
            row["website"] = row.pop("url")
    for row in out["phone"]:
        if row.get("number_type") and not row.get("type"):
            row["type"] = row.pop("number_type")
    _services(out, tables)
    _locations(out)
    _taxonomies(out, tables, notes)
    _eligibility(out, tables, notes)
    _capacities(out, tables, notes)
    return out
