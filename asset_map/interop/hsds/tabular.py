"""The HSDS 3.0 tabular form: one CSV per object, named as in the spec's datapackage.json.

`flatten` turns nested services into tables (each object once, with its parents' ids) and
`nest` does the reverse, so the CSV package and the JSON document carry the same data.
The table and column names are the spec's own (tests compare them with datapackage.json).
`cell` and `from_cell` keep spreadsheet formulas out of the CSV files, exactly reversibly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from asset_map.interop.hsds.text import as_dict, as_text


def _table(path: str, columns: str) -> tuple[str, tuple[str, ...]]:
    return path, tuple(columns.split())


# resource name -> (file, columns), in the order of the HSDS 3.0 datapackage.json.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": _table(
        "organizations.csv",
        "id name alternate_name description email website tax_status tax_id "
        "year_incorporated legal_status logo uri parent_organization_id",
    ),
    "program": _table(
        "programs.csv",
        "id organization_id name alternate_name description",
    ),
    "service": _table(
        "services.csv",
        "id organization_id program_id name alternate_name description url email status "
        "interpretation_services application_process fees_description wait_time fees "
        "accreditations eligibility_description minimum_age maximum_age assured_date "
        "assurer_email licenses alert last_modified",
    ),
    "attribute": _table(
        "attributes.csv",
        "id link_id taxonomy_term_id link_type link_entity value",
    ),
    "service_at_location": _table(
        "service_at_location.csv",
        "id service_id location_id description",
    ),
    "location": _table(
        "locations.csv",
        "id location_type url organization_id name alternate_name description "
        "transportation latitude longitude external_identifier external_identifier_type",
    ),
    "phone": _table(
        "phones.csv",
        "id location_id service_id organization_id contact_id service_at_location_id "
        "number extension type description",
    ),
    "contact": _table(
        "contacts.csv",
        "id organization_id service_id service_at_location_id location_id name title department email",
    ),
    "address": _table(
        "addresses.csv",
        "id location_id attention address_1 address_2 city region state_province "
        "postal_code country address_type",
    ),
    "schedule": _table(
        "schedules.csv",
        "id service_id location_id service_at_location_id valid_from valid_to dtstart "
        "timezone until count wkst freq interval byday byweekno bymonthday byyearday "
        "description opens_at closes_at schedule_link attending_type notes",
    ),
    "funding": _table(
        "funding.csv",
        "id organization_id service_id source",
    ),
    "service_area": _table(
        "service_areas.csv",
        "id service_id name description extent extent_type uri",
    ),
    "required_document": _table(
        "required_documents.csv",
        "id service_id document uri",
    ),
    "language": _table(
        "languages.csv",
        "id service_id location_id phone_id name code note",
    ),
    "accessibility": _table(
        "accessibility.csv",
        "id location_id description details url",
    ),
    "taxonomy_term": _table(
        "taxonomy_terms.csv",
        "id code name description parent_id taxonomy language taxonomy_id term_uri",
    ),
    "metadata": _table(
        "metadata.csv",
        "id resource_id resource_type last_action_date last_action_type field_name "
        "previous_value replacement_value updated_by",
    ),
    "meta_table_description": _table(
        "meta_table_descriptions.csv",
        "id name language character_set",
    ),
    "cost_option": _table(
        "cost_options.csv",
        "id service_id valid_from valid_to option currency amount amount_description",
    ),
    "organization_identifier": _table(
        "organization_identifiers.csv",
        "id organization_id identifier_scheme identifier_type identifier",
    ),
    "taxonomy": _table(
        "taxonomies.csv",
        "id name description uri version",
    ),
}
# Column types other than string, as the spec's datapackage.json gives them.
TYPES = {
    "year_incorporated": "number", "minimum_age": "number", "maximum_age": "number", "latitude": "number",
    "longitude": "number", "extension": "number", "timezone": "number", "count": "number",
    "interval": "number", "amount": "number", "assured_date": "date", "valid_from": "date",
    "valid_to": "date", "dtstart": "date", "until": "date", "last_action_date": "date",
    "last_modified": "datetime", "opens_at": "time", "closes_at": "time",
}  # fmt: skip
PARENTS = {
    "organization_id": "organization", "program_id": "program", "service_id": "service",
    "location_id": "location", "contact_id": "contact", "service_at_location_id": "service_at_location",
    "phone_id": "phone", "taxonomy_term_id": "taxonomy_term", "taxonomy_id": "taxonomy",
}  # fmt: skip

Rows = list[dict[str, Any]]
Tables = dict[str, Rows]
# Keys a row read from CSV may carry besides its columns: the cells of a row that does not
# match its header in number (and the header), and why the record it makes cannot be read.
CELLS = "\x00cells"
HEADER = "\x00header"
PROBLEM = "\x00problem"
WARNINGS = "\x00warnings"  # what reading the tables found about one record


def _scalars(item: dict[str, Any], table: str) -> dict[str, Any]:
    return {c: item[c] for c in TABLES[table][1] if c in item and not isinstance(item[c], dict | list)}


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def flatten(services: Iterable[dict[str, Any]]) -> Tables:
    """Nested services -> one row list per table, each object once (first seen wins)."""
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLES}

    def put(table: str, item: dict[str, Any], **parents: Any) -> None:
        row = _scalars(item, table) | {k: v for k, v in parents.items() if v}
        tables[table].setdefault(str(row.get("id")), row)

    for service in services:
        sid = service["id"]
        put("service", service)
        if isinstance(service.get("organization"), dict):
            put("organization", service["organization"])
        for contact in _list(service.get("contacts")):
            put("contact", contact, service_id=sid)
            for phone in _list(contact.get("phones")):
                put("phone", phone, contact_id=contact["id"])
        for phone in _list(service.get("phones")):
            put("phone", phone, service_id=sid)
        for name, key in (
            ("schedule", "schedules"),
            ("language", "languages"),
            ("cost_option", "cost_options"),
            ("service_area", "service_areas"),
        ):
            for item in _list(service.get(key)):
                put(name, item, service_id=sid)
        for sal in _list(service.get("service_at_locations")):
            location = as_dict(sal.get("location"))
            put("service_at_location", sal, service_id=sid, location_id=location.get("id"))
            if location:
                put("location", location)
                for address in _list(location.get("addresses")):
                    put("address", address, location_id=location["id"])
                for access in _list(location.get("accessibility")):
                    put("accessibility", access, location_id=location["id"])
        for attribute in _list(service.get("attributes")):
            put("attribute", attribute, link_id=sid)
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                put("taxonomy_term", term)
                if isinstance(term.get("taxonomy_detail"), dict):
                    put("taxonomy", term["taxonomy_detail"])
    return {name: list(rows.values()) for name, rows in tables.items()}


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): its first character is
# one of these, or its first character after leading white space is one of the first four.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"  # what spreadsheets take as "this cell is text"
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def guarded(text: str) -> bool:
    """Whether a cell leaves behind a GUARD: it could run as a formula, or starts with GUARD itself
    (so that removing one GUARD on reading is exactly the inverse of adding one)."""
    return text.startswith((*FORMULA_STARTS, GUARD)) or text.lstrip().startswith(FORMULA_STARTS[:4])


def cell(value: Any, column: str = "") -> str:
    """A value as a CSV cell no spreadsheet runs: GUARD + text when `guarded`, else the text.

    A plain number in a number column ("-0.35" longitude) stays as it is: a spreadsheet reads
    it as a number, and a Frictionless check needs it to be one.
    """
    text = as_text(value)
    if TYPES.get(column) == "number" and _PLAIN_NUMBER.fullmatch(text):
        return text
    return GUARD + text if guarded(text) else text


def from_cell(text: str) -> str:
    """A CSV cell as the value it stands for: the inverse of `cell` (one GUARD removed when what
    follows it is `guarded`; any other cell, e.g. "'Tis", exactly as it is)."""
    return text[1:] if text.startswith(GUARD) and guarded(text[1:]) else text


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get(key) not in (None, ""):
            grouped.setdefault(str(row[key]), []).append(row)
    return grouped


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in row.items() if v != "" and v is not None and k}
    if CELLS in kept:  # a row whose cells did not match its header (rare)
        del kept[CELLS], kept[HEADER]
    return kept


def nest(tables: Tables) -> list[dict[str, Any]]:
    """Tables (from CSV files or the JSON tabular view) -> nested services, as an API gives them."""
    rows = {name: [_clean(r) for r in _list(tables.get(name))] for name in TABLES}
    orgs = {str(r.get("id")): r for r in rows["organization"]}
    taxonomies = {str(r.get("id")): r for r in rows["taxonomy"]}
    terms = {str(r.get("id")): r for r in rows["taxonomy_term"]}
    locations = {str(r.get("id")): r for r in rows["location"]}
    of_service = {
        name: _by(rows[name], "service_id")
        for name in (
            "phone",
            "contact",
            "schedule",
            "language",
            "cost_option",
            "service_area",
            "service_at_location",
        )
    }
    of_location = {
        name: _by(rows[name], "location_id")
        for name in ("address", "accessibility", "phone", "schedule", "language")
    }
    phones_of_contact = _by(rows["phone"], "contact_id")
    schedules_of_sal = _by(rows["schedule"], "service_at_location_id")
    attributes = _by(
        [a for a in rows["attribute"] if a.get("link_entity", "service") == "service"], "link_id"
    )
    nested_terms: dict[str, dict[str, Any]] = {}

    def nested_term(term_id: str) -> dict[str, Any]:
        """A term with its taxonomy, made once and shared by every service filed under it (read,
        never changed: Miami files 4,089 services under 26,000 terms, of a few hundred)."""
        term = nested_terms.get(term_id)
        if term is None:
            term = nested_terms[term_id] = dict(terms.get(term_id, {}))
            if str(term.get("taxonomy_id")) in taxonomies:
                term["taxonomy_detail"] = taxonomies[str(term["taxonomy_id"])]
        return term

    services = []
    for row in rows["service"]:
        sid = str(row.get("id"))
        service = dict(row)
        org_id = row.get("organization_id")  # none given: no organisation (as _by reads links)
        if org_id is not None and str(org_id) in orgs:
            service["organization"] = orgs[str(org_id)]
        for name, key in (
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("language", "languages"),
            ("cost_option", "cost_options"),
            ("service_area", "service_areas"),
        ):
            service[key] = of_service[name].get(sid, [])
        service["contacts"] = [
            c | {"phones": phones_of_contact.get(str(c.get("id")), [])}
            for c in of_service["contact"].get(sid, [])
        ]
        sals = []
        for sal in of_service["service_at_location"].get(sid, []):
            lid = str(sal.get("location_id"))
            location = dict(locations.get(lid, {}))
            for name, key in (
                ("address", "addresses"),
                ("accessibility", "accessibility"),
                ("phone", "phones"),
                ("schedule", "schedules"),
                ("language", "languages"),
            ):
                location[key] = of_location[name].get(lid, [])
            sals.append(
                sal | {"location": location, "schedules": schedules_of_sal.get(str(sal.get("id")), [])}
            )
        service["service_at_locations"] = sals
        service["attributes"] = [
            attribute | {"taxonomy_term": nested_term(str(attribute.get("taxonomy_term_id")))}
            for attribute in attributes.get(sid, [])
        ]
        services.append(service)
    return services
