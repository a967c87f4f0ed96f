"""One asset as one fully nested HSDS 3.0 service (with the ORUK 3.0 profile's own fields).

The service id is the asset's id; every other id is derived from it (uuid5), so exports are
stable. Objects are nested as the ORUK `/services/{id}` endpoint returns them, and each
carries the ids of its parents, so the tabular form is the same data flattened.

What a feed gave that the app has no field for (`feed_extra`) goes back where HSDS keeps it
when it is valid there (`alert`, `wait_time`, … and HSDS 3.1's `additional_urls` and
`capacities`; the organisation's own id and description), and whole, as JSON, in a record
field, so that our own import gives the entry back exactly.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from asset_map import validation
from asset_map.interop.hsds import delivery, schedules
from asset_map.interop.hsds.mapping import (
    ADDRESS_FIELD,
    COUNTRY,
    DELIVERY_FIELD,
    EMPTY_ORGANISATION_FIELD,
    FEED_EXTRA_FIELD,
    FIELD_ATTRIBUTES,
    POSTCODE_FIELD,
    STATE_PROVINCE,
    STATUS_TO_HSDS,
    single_amount,
)
from asset_map.interop.hsds.taxonomy import (
    ACCESS_LABELS,
    AUDIENCES,
    FIELDS,
    KINDS,
    NEEDS,
    Taxonomy,
    audience_term,
    field_term,
    foreign_term,
    kind_term,
    need_term,
    stable_id,
)
from asset_map.interop.hsds.terms import GUESSED_VALUE
from asset_map.interop.hsds.text import as_dict, as_text, language_code
from asset_map.store.models import Access, AssetIn, Audience, Cost, Delivery

OrgRecord = dict[str, Any]
# Service fields of HSDS 3.0 (all text) the app has no field for, given back from feed_extra.
GIVEN_BACK_TEXT = ("alternate_name", "interpretation_services", "wait_time", "licenses", "alert")
# HSDS 3.1's lists, which 3.0 and ORUK 3.0 do not know (so their schemas let them pass as given).
GIVEN_BACK_3_1 = ("additional_urls", "capacities")


def organization_id(asset: AssetIn) -> str:
    """Entries with the same organisation name share one organisation; a nameless one gets its own."""
    if asset.organisation:
        return stable_id("organization", asset.organisation)
    return stable_id("organization-of", asset.id)


def kept_organisation(asset: AssetIn) -> dict[str, Any]:
    """The organisation's own fields a feed gave (its id, its description…), as kept."""
    return as_dict(asset.feed_extra.get("organization"))


def is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def organization(asset: AssetIn, services: list[str], own_id: str | None = None) -> OrgRecord:
    """The organisation: its own id and description when the feed gave them (and they fit every
    entry of it), else ones made from its name and its services."""
    listed = ", ".join(services[:5]) + (f" and {len(services) - 5} more" if len(services) > 5 else "")
    kept = kept_organisation(asset)
    description = kept.get("description") if isinstance(kept.get("description"), str) else None
    return {
        "id": own_id or organization_id(asset),
        "name": asset.organisation or asset.name,
        "description": description or (f"Provides {listed}." if services else ""),
    }


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _attribute(
    sid: str, link_type: str, term: dict[str, Any], value: str | None = None, *, key: tuple[str, ...]
) -> dict[str, Any]:
    """An attribute linking the service to a term; `key` makes its id (stable per service)."""
    built: dict[str, Any] = {
        "id": stable_id("attribute", sid, *key),
        "link_id": sid,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
    if value is not None:
        built["value"] = value
    return built


def _own(sid: str, taxonomy: Taxonomy, term: dict[str, Any], value: str | None = None) -> dict[str, Any]:
    return _attribute(sid, taxonomy.link_type, term, value, key=(taxonomy.code, term["code"]))


def _field_value(asset: AssetIn, name: str) -> str:
    value = getattr(asset, name)
    if isinstance(value, datetime):
        return _stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    return as_text(value.value if hasattr(value, "value") else value)


def attributes(
    asset: AssetIn, sid: str, need_labels: dict[str, str], kept: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Taxonomy terms for the kind, needs and audiences, our extra fields, and kept terms."""
    found = [_own(sid, KINDS, kind_term(asset.kind))]
    # A need guessed from the entry's words says so (terms.GUESSED_VALUE) and comes first, in the
    # order it was guessed, so that it comes back as a guess, in that order.
    guessed = [n for n in asset.inferred_needs if n in asset.needs]
    found += [
        _own(sid, NEEDS, need_term(n, need_labels.get(n, n)), GUESSED_VALUE if n in guessed else None)
        for n in dict.fromkeys([*guessed, *asset.needs])
    ]
    found += [_own(sid, AUDIENCES, audience_term(Audience(a))) for a in asset.audience]
    for name in FIELD_ATTRIBUTES:
        value = _field_value(asset, name)
        if value:
            found.append(_own(sid, FIELDS, field_term(name), value))
    if not asset.organisation:
        found.append(_own(sid, FIELDS, field_term(EMPTY_ORGANISATION_FIELD), ""))
    found.append(_own(sid, FIELDS, field_term(DELIVERY_FIELD), delivery.to_field(asset.delivery)))
    if asset.feed_extra:
        text = json.dumps(asset.feed_extra, ensure_ascii=False, separators=(",", ":"), default=str)
        found.append(_own(sid, FIELDS, field_term(FEED_EXTRA_FIELD), text))
    if _address(asset, sid, "") is None:  # no HSDS address holds them
        for name, value in ((ADDRESS_FIELD, asset.address), (POSTCODE_FIELD, asset.postcode)):
            if value:
                found.append(_own(sid, FIELDS, field_term(name), value))
    for term in kept:
        built = foreign_term(term)
        found.append(_attribute(sid, "category", built, key=("kept", built["id"])))
    return found


def _cost_options(asset: AssetIn, sid: str) -> list[dict[str, Any]]:
    if asset.cost == Cost.UNKNOWN and not asset.cost_note:
        return []  # nothing was said: nothing to publish
    option: dict[str, Any] = {
        "id": stable_id("cost_option", sid),
        "service_id": sid,
        "option": asset.cost.label,
    }
    amount = 0.0 if asset.cost == Cost.FREE else single_amount(asset.cost_note)
    if amount is not None and asset.cost != Cost.TIME_CREDITS:
        option.update(amount=amount, currency="GBP")
    if asset.cost_note:
        option["amount_description"] = asset.cost_note
    return [option]


def _address(asset: AssetIn, sid: str, lid: str) -> dict[str, Any] | None:
    """The HSDS address, when every part it requires is known (a county and a country we
    only assume for a UK postcode); else None, and the address is a record field and words
    in the location's description. In CSV an empty cell is a missing one."""
    kept = {k: v for k, v in as_dict(asset.feed_extra.get("address")).items() if isinstance(v, str) and v}
    postcode = asset.postcode or kept.get("postal_code", "")
    address = {
        "id": stable_id("address", sid),
        "location_id": lid,
        "address_1": asset.address,
        "city": asset.locality,
        "region": kept.get("region", ""),
        "state_province": kept.get("state_province") or (STATE_PROVINCE if asset.postcode else ""),
        "postal_code": postcode,
        "country": kept.get("country") or (COUNTRY if asset.postcode else ""),
        "address_type": "physical",
    }
    required = ("address_1", "city", "state_province", "postal_code", "country")
    if not all(address[k] for k in required):
        return None
    return {k: v for k, v in address.items() if v}


def _has_place(asset: AssetIn) -> bool:
    return bool(asset.locality or asset.address or asset.postcode or asset.latitude is not None)


def _location(asset: AssetIn, sid: str, org_id: str) -> dict[str, Any]:
    lid = stable_id("location", sid)
    virtual = not _has_place(asset) and bool({Delivery.PHONE, Delivery.ONLINE} & set(asset.delivery))
    virtual = virtual and Delivery.IN_PERSON not in asset.delivery
    location: dict[str, Any] = {
        "id": lid,
        "location_type": "virtual" if virtual else "physical",
        "organization_id": org_id,
        "name": asset.name,
    }
    if virtual and asset.website and Delivery.ONLINE in asset.delivery:
        location["url"] = asset.website
    if asset.latitude is not None and asset.longitude is not None:
        location.update(latitude=asset.latitude, longitude=asset.longitude)
    if asset.getting_there:
        location["transportation"] = asset.getting_there
    address = _address(asset, sid, lid)
    if address is not None:
        location["addresses"] = [address]
    elif asset.where_text:
        location["description"] = asset.where_text
    access = [Access(a) for a in asset.accessibility]
    if access:
        location["accessibility"] = [
            {
                "id": stable_id("accessibility", sid, a.value),
                "location_id": lid,
                "description": ACCESS_LABELS[a],
                "accessibility": ACCESS_LABELS[a],
            }
            for a in access
        ]
    return location


def _contacts(asset: AssetIn, sid: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(phones, contacts): the phone sits on the service (HSDS) and its contact (ORUK)."""
    if not asset.phone and not asset.email:
        return [], []
    cid = stable_id("contact", sid)
    contact: dict[str, Any] = {"id": cid, "service_id": sid, "name": asset.organisation or asset.name}
    phones = []
    if asset.phone:
        phones = [
            {"id": stable_id("phone", sid), "service_id": sid, "contact_id": cid, "number": asset.phone}
        ]
        contact["phones"] = phones
    if asset.email:
        contact["email"] = asset.email
    return phones, [contact]


def _schedules(asset: AssetIn, sid: str) -> list[dict[str, Any]]:
    found = [
        schedules.slot_to_schedule(
            slot, schedule_id=stable_id("schedule", sid, i), service_id=sid, note=asset.schedule_note
        )
        for i, slot in enumerate(asset.schedule)
    ]
    if not found and asset.schedule_note:
        found = [
            schedules.note_schedule(
                asset.schedule_note, schedule_id=stable_id("schedule", sid, 0), service_id=sid
            )
        ]
    return found


def _given_back(asset: AssetIn) -> dict[str, Any]:
    """feed_extra's values that are valid where HSDS 3.0 keeps them (text as text, an email an
    email), and HSDS 3.1's lists."""
    extra = asset.feed_extra
    found: dict[str, Any] = {
        k: extra[k] for k in GIVEN_BACK_TEXT if isinstance(extra.get(k), str) and extra[k]
    }
    email = extra.get("assurer_email")
    if isinstance(email, str):
        with contextlib.suppress(ValueError):  # not an email: kept in feed_extra only
            found["assurer_email"] = validation.check_email(email)
    found |= {k: extra[k] for k in GIVEN_BACK_3_1 if isinstance(extra.get(k), list) and extra[k]}
    return found


def service(
    asset: AssetIn, org: OrgRecord, need_labels: dict[str, str], kept: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The fully nested service for one asset."""
    sid = str(asset.id)
    location = _location(asset, sid, org["id"])
    phones, contacts = _contacts(asset, sid)
    built: dict[str, Any] = {
        "id": sid,
        "organization_id": org["id"],
        "name": asset.name,
        "status": STATUS_TO_HSDS[asset.status],
    }
    optional: dict[str, Any] = {
        "description": asset.description,
        "url": asset.website,
        "email": asset.email,
        "application_process": asset.how_to_join,
        "fees": asset.cost_note,
        "fees_description": asset.cost_note,
        "accreditations": asset.registration,
        "eligibility_description": asset.audience_note,
        "minimum_age": asset.age_min,
        "maximum_age": asset.age_max,
        "assured_date": asset.verified_on.isoformat() if asset.verified_on else None,
        "last_modified": _stamp(asset.updated_at) if asset.updated_at else None,
    }
    built.update({k: v for k, v in optional.items() if v not in ("", None)})
    built.update(_given_back(asset))
    built["organization"] = org
    built["phones"] = phones
    built["contacts"] = contacts
    built["schedules"] = _schedules(asset, sid)
    # An entry that comes to the home and is met nowhere else has no location to publish.
    met_nowhere = not _has_place(asset) and not set(asset.delivery) - {Delivery.HOME}
    built["service_at_locations"] = (
        []
        if met_nowhere and not asset.accessibility and not asset.getting_there
        else [
            {
                "id": stable_id("service_at_location", sid),
                "service_id": sid,
                "location_id": location["id"],
                "location": location,
            }
        ]
    )
    built["languages"] = [
        {"id": stable_id("language", sid, name), "service_id": sid, "name": name}
        | ({"code": language_code(name)} if language_code(name) else {})
        for name in asset.languages
    ]
    built["cost_options"] = _cost_options(asset, sid)
    if asset.area_served:
        area = {"id": stable_id("service_area", sid), "service_id": sid, "name": asset.area_served}
        built["service_areas"] = [area | {"service_area": asset.area_served}]
    built["attributes"] = attributes(asset, sid, need_labels, kept or [])
    return built
