"""Checks the HSDS JSON Schemas cannot make: references resolve, ids are UUIDs used once,
coordinates are on the earth, schedules open before they close, UK postcodes are real
postcodes and assured dates are not in the future. Used on every export and by the tests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from asset_map.interop.hsds.schedules import parse_time
from asset_map.interop.hsds.tabular import PARENTS, TABLES, Tables
from asset_map.validation import check_website, normalise_postcode

KIND_OF = {
    "organization": "organization", "location": "location", "contacts": "contact",
    "service_at_locations": "service_at_location", "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy", "addresses": "address", "accessibility": "accessibility",
    "phones": "phone", "schedules": "schedule", "cost_options": "cost_option",
    "service_areas": "service_area", "attributes": "attribute", "languages": "language",
    "funding": "funding", "program": "program", "programs": "program", "locations": "location",
    "required_documents": "required_document", "metadata": "metadata", "services": "service",
    "organization_identifiers": "organization_identifier",
}  # fmt: skip
SHARED = frozenset({"taxonomy_term", "taxonomy", "organization"})
NESTED_ID = {
    "organization_id": "organization",
    "location_id": "location",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy_detail",
}


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _is_uuid(value: Any) -> bool:
    """A UUID in its usual 8-4-4-4-12 hex form (what `format: uuid` means)."""
    return isinstance(value, str) and _UUID.match(value) is not None


class _Walk:
    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[str] = []
        self.kinds: dict[str, str] = {}
        self.shared: dict[str, str] = {}  # id -> content of objects many services repeat

    def say(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def object(self, item: dict[str, Any], kind: str, where: str, parents: dict[str, str]) -> None:
        oid = item.get("id")
        if not _is_uuid(oid):
            self.say(where, f"{kind} id {oid!r} is not a UUID")
        elif self.kinds.setdefault(str(oid), kind) != kind:
            self.say(where, f"id {oid} is used for a {self.kinds[str(oid)]} and a {kind}")
        if kind in SHARED:  # terms, taxonomies, organisations: the same object once, not per service
            content = json.dumps(item, sort_keys=True, default=str)
            if self.shared.setdefault(str(oid), content) == content and self.shared.get(f"done:{oid}"):
                return
            if self.shared[str(oid)] != content:
                self.say(where, f"{kind} {oid} appears twice with different contents")
            self.shared[f"done:{oid}"] = "1"
        for key, value in item.items():
            if key.endswith("_id") and value is not None:
                if not _is_uuid(value):
                    self.say(where, f"{key} {value!r} is not a UUID")
                if key in parents and value != parents[key]:
                    self.say(where, f"{key} {value} does not match the {key[:-3]} it is in ({parents[key]})")
                nested = item.get(NESTED_ID.get(key, ""))
                if isinstance(nested, dict) and nested.get("id") != value:
                    self.say(where, f"{key} {value} is not the id of the nested {key[:-3]}")
        if kind == "attribute" and item.get("link_id") not in (None, parents.get("service_id")):
            self.say(where, "attribute link_id is not the service it is in")
        self.values(item, kind, where)
        inner = dict(parents)
        if kind in ("service", "location", "contact", "service_at_location", "taxonomy_term", "organization"):
            inner[f"{kind}_id"] = str(oid)
        for key, value in item.items():
            child = KIND_OF.get(key)
            if child is None:  # not an HSDS 3.0 object (a feed's HSDS 3.1 list, given back as it came)
                continue
            if isinstance(value, dict):
                self.object(value, child, f"{where}.{key}", inner)
            elif isinstance(value, list):
                for i, each in enumerate(value):
                    if isinstance(each, dict):
                        self.object(each, child, f"{where}.{key}[{i}]", inner)

    def values(self, item: dict[str, Any], kind: str, where: str) -> None:
        lat, lon = item.get("latitude"), item.get("longitude")
        if lat is not None and not (isinstance(lat, int | float) and -90 <= lat <= 90):
            self.say(where, f"latitude {lat!r} is out of range")
        if lon is not None and not (isinstance(lon, int | float) and -180 <= lon <= 180):
            self.say(where, f"longitude {lon!r} is out of range")
        if kind == "schedule" and (item.get("opens_at") or item.get("closes_at")):
            opens, closes = parse_time(item.get("opens_at")), parse_time(item.get("closes_at"))
            if opens is None or closes is None or opens >= closes:
                self.say(where, f"opens at {item.get('opens_at')!r}, closes at {item.get('closes_at')!r}")
        for key in ("url", "website"):
            if kind in ("service", "location", "organization") and isinstance(item.get(key), str):
                try:
                    if check_website(item[key]) != item[key]:
                        raise ValueError(f"{item[key]!r} is not written as a URI")
                except ValueError as exc:
                    self.say(where, f"{key}: {exc}; put it right in the entry")
        if kind == "address" and item.get("country") == "GB" and item.get("postal_code"):
            try:
                normalise_postcode(str(item["postal_code"]))
            except ValueError as exc:
                self.say(where, str(exc))
        if "assured_date" in item:
            try:
                if date.fromisoformat(str(item["assured_date"])) > self.today:
                    self.say(where, f"assured_date {item['assured_date']} is in the future")
            except ValueError:
                self.say(where, f"assured_date {item['assured_date']!r} is not a date (YYYY-MM-DD)")


def check_services(services: Iterable[dict[str, Any]], today: date) -> list[str]:
    """Problems in nested services (an empty list when all is well)."""
    walk = _Walk(today)
    for index, service in enumerate(services, start=1):
        walk.object(service, "service", f"service {index} ({service.get('name')!r})", {})
    return walk.problems


def check_tables(tables: Tables) -> list[str]:
    """Every *_id in the tabular form names a row of its table; every row has an id."""
    ids = {name: {str(r.get("id")) for r in rows} for name, rows in tables.items()}
    problems = []
    for name, rows in tables.items():
        for number, row in enumerate(rows, start=2):
            where = f"{TABLES[name][0]} line {number}"
            if not row.get("id"):
                problems.append(f"{where}: no id")
            for key, parent in PARENTS.items():
                value = row.get(key)
                if value not in (None, "") and parent != name and str(value) not in ids.get(parent, set()):
                    problems.append(f"{where}: {key} {value} names no row of {TABLES[parent][0]}")
    return problems
