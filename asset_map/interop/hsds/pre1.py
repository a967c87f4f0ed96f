"""The 2014 Open Referral CSV (before HSDS 1.0, from Ohana): `service.csv` (`service_id`),
`location.csv` (`location_id`, `coordinates` "lat,lon"), `organization.csv`, `address.csv`
(`street_1`, `type` physical / mailing), `phone.csv`, `internet_resource.csv` (a service's
emails and web addresses), `funding.csv` and `contact.csv`, nested as HSDS 3 services.

The one published example (`ohana_in_openreferral.zip` of the spec) was written by an
exporter whose rows do not match its headers; the layouts it really wrote are read by name
here, and any other row whose cells cannot be matched to columns is refused, never guessed:

* `service.csv` names 17 columns but writes 15: no `description`, and `wait` only in its
  second place (the header has it twice), the others in the header's order (its cells: …,
  "Walk in or apply by phone." under how_to_apply, "Redwood City" under service_areas,
  "No wait." under wait);
* `organization.csv` names 4 columns (no `name`) but writes 5, the name second;
* a `location.csv` row whose `emails` list was split at its comma has it put together.

In 2014 the location was the record people knew: a service without a name or description
takes its location's, saying so.
"""

from __future__ import annotations

import re
from typing import Any

from asset_map.interop.hsds.tabular import CELLS, HEADER, PROBLEM, WARNINGS, Rows, Tables
from asset_map.interop.hsds.text import tidy

FILES: dict[str, list[str]] = {"internet_resource": ["internet_resource.csv"]}
SERVICE_HEADER = [
    "service_id", "organization_id", "location_id", "audience", "description", "eligibility", "fees",
    "keywords", "how_to_apply", "wait", "name", "service_areas", "short_desc", "service_languages",
    "service_hours", "wait", "method_of_payment",
]  # fmt: skip
SERVICE_WRITTEN = [
    "service_id", "organization_id", "location_id", "audience", "eligibility", "fees", "keywords",
    "how_to_apply", "name", "service_areas", "short_desc", "service_languages", "service_hours", "wait",
    "method_of_payment",
]  # fmt: skip
ORGANIZATION_HEADER = ["organization_id", "fein", "aka", "legal_status"]
ORGANIZATION_WRITTEN = ["organization_id", "name", "fein", "aka", "legal_status"]
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_TYPES = frozenset({"voice", "fax", "tty", "textphone", "sms", "hotline", "cell", "mobile"})


def is_pre1(tables: Tables) -> bool:
    services = tables.get("service", [])
    return bool(services) and "service_id" in services[0] and "id" not in services[0]


def _realigned(row: dict[str, Any], header: list[str], written: list[str]) -> dict[str, Any] | None:
    """A row of the layout its exporter really wrote, by name; None when it is not that layout."""
    cells, named = row.get(CELLS), row.get(HEADER)
    if cells is None:
        return row
    if list(named or []) == header and len(cells) == len(written):
        return dict(zip(written, cells, strict=True))
    return None


def _rejoined(row: dict[str, Any], column: str) -> dict[str, Any]:
    """A row whose list in `column` ("[a", " b]") was split at its comma, put together."""
    cells, header = row.get(CELLS), row.get(HEADER)
    if cells is None or header is None or column not in header:
        return row
    start, extra = header.index(column), len(cells) - len(header)
    end = start
    while extra > 0 and end < len(cells) - 1 and "]" not in cells[end]:
        end += 1
    if extra <= 0 or end - start != extra or not str(cells[start]).lstrip().startswith("["):
        return row
    joined = [*cells[:start], ",".join(cells[start : end + 1]), *cells[end + 1 :]]
    return dict(zip(header, joined, strict=True))


def _point(text: Any) -> dict[str, str]:
    parts = [p.strip() for p in str(text or "").split(",")]
    return {"latitude": parts[0], "longitude": parts[1]} if len(parts) == 2 and all(parts) else {}


def _by(rows: Rows, key: str) -> dict[str, Rows]:
    found: dict[str, Rows] = {}
    for row in rows:
        if row.get(key):
            found.setdefault(str(row[key]), []).append(row)
    return found


def _locations(tables: Tables, notes: list[str]) -> dict[str, dict[str, Any]]:
    addresses = _by(tables.get("address", []), "location_id")
    phones = _by(tables.get("phone", []), "location_id")
    locations: dict[str, dict[str, Any]] = {}
    rejoined = 0
    for raw in tables.get("location", []):
        row = _rejoined(raw, "emails")
        rejoined += row is not raw and CELLS not in row
        lid = str(row.get("location_id") or "")
        if not lid:
            continue
        location: dict[str, Any] = {
            "id": lid,
            "location_type": "physical",
            "name": row.get("name"),
            "alternate_name": row.get("aka"),
            "description": row.get("description"),
            "transportation": row.get("transportation"),
            "emails": _EMAIL.findall(str(row.get("emails") or "")),
            "short_desc": row.get("short_desc"),
        } | _point(row.get("coordinates"))
        location["addresses"] = [
            {
                "id": f"{lid}:address:{n}",
                "address_1": a.get("street_1"),
                "address_2": a.get("street_2"),
                "city": a.get("city"),
                "state_province": a.get("state"),
                "postal_code": a.get("postal_code"),
                "country": a.get("country"),
                "address_type": "postal" if str(a.get("type")).casefold() == "mailing" else "physical",
            }
            for n, a in enumerate(addresses.get(lid, []))
        ]
        location["accessibility"] = [
            {"id": f"{lid}:access:{code}", "description": tidy(code.replace("_", " "))}
            for code in str(row.get("accessibility") or "").split(",")
            if code.strip()
        ]
        location["phones"] = [
            {
                "id": f"{lid}:phone:{n}",
                "number": p.get("phone_number"),
                "extension": tidy(str(p.get("phone_extension") or "")),
                "type": p.get("phone_type") if p.get("phone_type") in PHONE_TYPES else None,
                "description": " ".join(str(p.get(k) or "") for k in ("department", "phone_hours")).strip(),
            }
            for n, p in enumerate(phones.get(lid, []))
        ]
        locations[lid] = {k: v for k, v in location.items() if v not in (None, "", [])}
    if rejoined:
        notes.append(f"location.csv: {rejoined} rows had their emails list split at a comma; put together")
    return locations


def _organisations(tables: Tables, notes: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    realigned = 0
    for raw in tables.get("organization", []):
        row = _realigned(raw, ORGANIZATION_HEADER, ORGANIZATION_WRITTEN) or raw
        realigned += CELLS in raw and row is not raw
        oid = str(row.get("organization_id") or "")
        if oid:
            org = {"id": oid, "name": row.get("name"), "alternate_name": row.get("aka")}
            found[oid] = org | ({"legal_status": row["legal_status"]} if row.get("legal_status") else {})
    if realigned:
        notes.append(
            f"organization.csv: {realigned} rows have 5 cells under 4 column names (no 'name'); read as "
            "id, name, fein, aka, legal_status"
        )
    return found


def _resources(tables: Tables) -> dict[str, dict[str, list[str]]]:
    """service id -> {"email": [...], "url": [...]} from internet_resource.csv."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in tables.get("internet_resource", []):
        kind = str(row.get("resource_type") or "").strip().casefold()
        if row.get("service_id") and kind in ("email", "url") and row.get("resource"):
            found.setdefault(str(row["service_id"]), {}).setdefault(kind, []).append(str(row["resource"]))
    return found


def _service(
    row: dict[str, Any],
    locations: dict[str, dict[str, Any]],
    organisations: dict[str, dict[str, Any]],
    extra: dict[str, Any],
) -> dict[str, Any]:
    sid = str(row.get("service_id") or "")
    location = locations.get(str(row.get("location_id") or ""), {})
    warnings = []
    service: dict[str, Any] = {
        "id": sid,
        "name": row.get("name"),
        "description": row.get("description"),
        "eligibility_description": row.get("eligibility"),
        "fees": row.get("fees"),
        "application_process": row.get("how_to_apply"),
        "wait_time": row.get("wait"),
        "audience": row.get("audience"),
        "keywords": row.get("keywords"),
        "short_desc": row.get("short_desc"),
        "method_of_payment": row.get("method_of_payment"),
    }
    if not tidy(str(service["name"] or "")) and location.get("name"):
        service["name"] = location["name"]
        warnings.append(f"name: none on the service; its location's, {location['name']!r}, is used")
    if not tidy(str(service["description"] or "")) and location.get("description"):
        service["description"] = location["description"]
        warnings.append("description: none on the service; its location's is used")
    org = organisations.get(str(row.get("organization_id") or ""))
    if org:
        service["organization"] = org
    if location:
        service["service_at_locations"] = [{"id": f"{sid}@{location['id']}", "location": location}]
    resources = extra["resources"].get(sid, {})
    emails = resources.get("email", []) + location.get("emails", [])
    if emails:
        service["email"] = emails[0]
    if resources.get("url"):
        service["url"] = resources["url"][0]
    if row.get("service_areas"):
        service["service_areas"] = [{"id": f"{sid}:area", "name": row["service_areas"]}]
    languages = [tidy(x) for x in str(row.get("service_languages") or "").split(",") if tidy(x)]
    if languages:
        service["languages"] = [{"id": f"{sid}:language:{n}", "name": x} for n, x in enumerate(languages)]
    if row.get("service_hours"):
        service["schedules"] = [{"id": f"{sid}:hours", "description": row["service_hours"]}]
    funding = extra["funding"].get(sid, [])
    if funding:
        service["funding"] = [{"source": f.get("source")} for f in funding if f.get("source")]
    service = {k: v for k, v in service.items() if v not in (None, "", [])}
    if warnings:
        service[WARNINGS] = warnings
    return service


def nest(tables: Tables, notes: list[str]) -> list[dict[str, Any]]:
    """The 2014 tables as nested HSDS 3 services; a row that fits no layout is refused by number."""
    locations = _locations(tables, notes)
    organisations = _organisations(tables, notes)
    extra = {"resources": _resources(tables), "funding": _by(tables.get("funding", []), "service_id")}
    if tables.get("contact"):
        notes.append(f"contact.csv: {len(tables['contact'])} people's names and titles are not read")
    services = []
    realigned = 0
    for number, raw in enumerate(tables.get("service", []), start=2):
        row = _realigned(raw, SERVICE_HEADER, SERVICE_WRITTEN)
        if row is None:
            cells, header = raw.get(CELLS) or [], raw.get(HEADER) or []
            services.append(
                {
                    "id": str(raw.get("service_id") or ""),
                    PROBLEM: (
                        "record",
                        f"service.csv row {number}: {len(cells)} cells under {len(header)} column names; "
                        "which cell is which cannot be told",
                    ),
                }
            )
            continue
        realigned += row is not raw
        services.append(_service(row, locations, organisations, extra))
    if realigned:
        notes.append(
            f"service.csv: {realigned} rows have 15 cells under 17 column names; read in the order its "
            "2014 exporter wrote them (no description, 'wait' once)"
        )
    return services
