"""One nested HSDS 3 service (however it reached us) as the values of one asset.

Pure: no database. Returns the values, which fields the feed had a say about (a re-import
changes only those), the feed's assured date, kept foreign terms and per-record warnings;
raises MappingProblem for a record that cannot be an asset (no id, no name). What the feed
says that the app has no field for is kept whole in the entry's `feed_extra` and given back
on export. Rules: docs/hsds.md.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from asset_map.interop.hsds import delivery, parts
from asset_map.interop.hsds.mapping import (
    ADDRESS_FIELD,
    DELIVERY_FIELD,
    EMPTY_ORGANISATION_FIELD,
    FEED_EXTRA_FIELD,
    FIELD_ATTRIBUTES,
    FREE_WORDS,
    KIND_WORDS,
    LOW_COST_MAX,
    MONEY,
    POSTCODE_FIELD,
    STATUS_FROM_HSDS,
    org_key,
    single_amount,
)
from asset_map.interop.hsds.schedules import read_schedules
from asset_map.interop.hsds.terms import NeedWords, ReadTerms, needs_values, read_terms
from asset_map.interop.hsds.text import (
    as_dict,
    as_list,
    as_text,
    clean,
    first_sentence,
    fit,
    looks_like_html,
    tidy,
)
from asset_map.interop.hsds.where import MappingProblem, Where, locate
from asset_map.places import Gazetteer
from asset_map.store.models import (
    FEED_EXTRA_LENGTH,
    GRACE,
    MULTILINE_FIELDS,
    AssetFields,
    AssetIn,
    Cost,
    Delivery,
    Kind,
    Status,
    utcnow,
)
from asset_map.validation import max_length

EVERY_FIELD = frozenset(AssetFields.model_fields) | {
    "schedule",
    "accessibility",
    "audience",
    "needs",
    "languages",
    "delivery",
    "feed_extra",
}
# A service's keys whose content our fields hold: every other key is kept as given in the
# entry's feed_extra (with the organisation's own fields, and the address and location
# details we have no field for).
READ_KEYS = frozenset(
    {
        "id", "name", "description", "url", "email", "status", "fees", "fees_description", "cost_options",
        "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
        "last_modified", "application_process", "phones", "contacts", "schedules", "service_at_locations",
        "languages", "service_areas", "attributes", "organization", "organization_id",
    }
)  # fmt: skip
LOCATION_KEPT = ("name", "alternate_name", "description", "external_identifier", "external_identifier_type")
NOT_FROM_FEEDS = frozenset({"verified_on", "verified_by", "verified_how", "created_at", "created_by"})


@dataclass
class Context:
    gazetteer: Gazetteer
    need_words: NeedWords
    feed: str
    today: date
    org_names: dict[str, str] = field(default_factory=dict)  # org_key -> the spelling kept


@dataclass
class Mapped:
    source_id: str
    values: dict[str, Any]
    provided: set[str]
    assured: date | None
    kept_terms: list[dict[str, str]]
    warnings: list[str]
    own: bool  # written by Asset Map: every field is said


def _text(value: Any, name: str, warnings: list[str], *, multiline: bool = False, raw: bool = False) -> str:
    """A text field: feed text made plain and fitted; our own text exactly as written."""
    if name == "description" and not raw and looks_like_html(as_text(value)):
        warnings.append("description: HTML removed, text kept")
    return fit(name, clean(value, multiline=multiline, raw=raw), warnings)


def _locations(service: dict[str, Any]) -> list[dict[str, Any]]:
    found = [s.get("location") for s in as_list(service.get("service_at_locations")) if isinstance(s, dict)]
    return [loc for loc in found if isinstance(loc, dict)]


def _organisation(
    service: dict[str, Any], terms: ReadTerms, ctx: Context, own: bool, warnings: list[str]
) -> str:
    """The organisation's name; one spelling per organisation across feeds (ours are kept as written)."""
    if EMPTY_ORGANISATION_FIELD in terms.fields:
        return ""
    org = as_dict(service.get("organization"))
    name = _text(org.get("name"), "organisation", warnings, raw=own)
    if not name or own:
        return name
    return ctx.org_names.setdefault(org_key(name), name)


def _kind(terms: ReadTerms, words: str, warnings: list[str]) -> Kind:
    if terms.kind is not None:
        return terms.kind
    for kind, pattern in KIND_WORDS:
        if pattern.search(words):
            warnings.append(f"kind: not given; taken as {Kind(kind).label.lower()} from the name")
            return Kind(kind)
    warnings.append("kind: not given; taken as community group")
    return Kind.GROUP


def _cost(
    service: dict[str, Any], kind: Kind, terms: ReadTerms, note: str, own: bool, warnings: list[str]
) -> Cost:
    if terms.fields.get("cost") in {c.value for c in Cost}:
        return Cost(terms.fields["cost"])
    options = _options(service)
    amounts = [float(o["amount"]) for o in options if _is_number(o.get("amount"))]
    amounts = [a for a in amounts if math.isfinite(a) and a >= 0]
    texts = " ".join([note, *(as_text(o.get(k)) for o in options for k in ("option", "amount_description"))])
    if kind == Kind.TIME_BANK and "time credit" in texts.casefold():
        return Cost.TIME_CREDITS
    if FREE_WORDS.search(texts) or (amounts and max(amounts) == 0):
        return Cost.FREE
    amount = max(amounts) if amounts else single_amount(texts, MONEY)
    if amount is not None:
        return Cost.LOW_COST if amount <= LOW_COST_MAX else Cost.PAID
    if not texts.strip():
        if not own:  # a feed that says nothing about fees has said neither free nor paid
            warnings.append("cost: no fees stated; recorded as 'Cost not stated' until someone checks")
        return Cost.UNKNOWN
    return Cost.PAID


def _options(service: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in as_list(service.get("cost_options")) if isinstance(o, dict)]


def _options_text(service: dict[str, Any]) -> str:
    """ "Lunch: £4 per lunch; Under 18s: £2" — a feed's cost options when it has no fees text."""
    found = []
    for option in _options(service):
        amount = float(option["amount"]) if _is_number(option.get("amount")) else None
        money = ""
        if amount is not None and math.isfinite(amount):
            money = "free" if amount == 0 else f"£{amount:.2f}".replace(".00", "")
        words = " ".join(p for p in (money, as_text(option.get("amount_description"))) if p)
        label = as_text(option.get("option"))
        found.append(f"{label}: {words}" if label and words else label or words)
    return "; ".join(f for f in found if f)


def _is_number(value: Any) -> bool:
    """Whether a feed value reads as a float (an integer of 400 digits does not: OverflowError)."""
    try:
        float(value)
    except (TypeError, ValueError, OverflowError):
        return False
    return not isinstance(value, bool)


def _age(value: Any, name: str, warnings: list[str]) -> int | None:
    if value in (None, ""):
        return None
    if not _is_number(value) or not 0 <= float(value) <= 120:
        warnings.append(f"{name}: {as_text(value)!r} is not an age; dropped")
        return None
    return int(float(value))


def _assured(value: Any, today: date, warnings: list[str]) -> date | None:
    text = as_text(value).strip()[:10]
    if not text:
        return None
    try:
        found = date.fromisoformat(text)
    except ValueError:
        warnings.append(f"assured_date: {text!r} is not a date; dropped")
        return None
    if found > today:
        warnings.append(f"assured_date: {found} is in the future; dropped")
        return None
    return found


def _fields(terms: ReadTerms, values: dict[str, Any], own: bool, warnings: list[str]) -> None:
    """Our extra fields carried as attribute values (only Asset Map writes these).

    Our exports leave empty fields out, so in them a missing field is an empty one.
    """
    for name in FIELD_ATTRIBUTES:
        if own and name not in terms.fields and name not in {"locality", "cost"}:
            values[name] = AssetIn.model_fields[name].default
        if name in terms.fields and name not in {"locality", "cost"}:
            value = terms.fields[name]
            if isinstance(AssetIn.model_fields[name].default, str):
                text = clean(value, multiline=name in MULTILINE_FIELDS, raw=own)
                values[name] = fit(name, text, warnings)
            else:
                values[name] = value.strip() or None


def _schedule(service: dict[str, Any], ctx: Context, own: bool, warnings: list[str]) -> dict[str, Any]:
    sched = read_schedules(parts.schedules_of(service), ctx.today, raw=own)
    warnings += sched.warnings
    most = max_length(AssetIn, "schedule")
    if len(sched.slots) > most:
        warnings.append(f"schedule: {len(sched.slots)} times; the first {most} kept")
    return {
        "schedule": sched.slots[:most],
        "schedule_note": fit("schedule_note", "; ".join(sched.notes), warnings),
    }


def _ages(service: dict[str, Any], warnings: list[str]) -> dict[str, int | None]:
    low = _age(service.get("minimum_age"), "minimum_age", warnings)
    high = _age(service.get("maximum_age"), "maximum_age", warnings)
    if low is not None and high is not None and low > high:
        warnings.append(f"ages: minimum {low} is above maximum {high}; both dropped")
        low = high = None
    return {"age_min": low, "age_max": high}


def _status(service: dict[str, Any], warnings: list[str]) -> Status:
    text = as_text(service.get("status")).strip().casefold()
    if text and text not in STATUS_FROM_HSDS:
        warnings.append(f"status: {text!r} is not an HSDS status; taken as active")
    return STATUS_FROM_HSDS.get(text, Status.ACTIVE)


def _first_place(locations: list[dict[str, Any]], warnings: list[str]) -> dict[str, Any]:
    """The location the entry is at: the first physical one (a virtual one says how it is
    delivered, not where; its accessibility is read when it is the only one)."""
    physical = [loc for loc in locations if not delivery.is_virtual(loc)]
    if len(physical) > 1:
        warnings.append(f"location: {len(physical)} locations given; the first is used")
    return (physical or locations or [{}])[0]


def _where(
    location: dict[str, Any], ctx: Context, terms: ReadTerms, own: bool, warnings: list[str]
) -> tuple[Where, dict[str, Any]]:
    where = locate(
        ctx.gazetteer, location, own_locality=terms.fields.get("locality"), warnings=warnings, trust=own
    )
    if own and ADDRESS_FIELD in terms.fields:  # an address our export could not write as HSDS's
        where.address = terms.fields[ADDRESS_FIELD]
    if own and POSTCODE_FIELD in terms.fields:
        where.postcode = terms.fields[POSTCODE_FIELD]
    return where, {
        "locality": where.locality,
        "address": fit("address", where.address, warnings),
        "postcode": where.postcode,
        "latitude": where.point[0] if where.point else None,
        "longitude": where.point[1] if where.point else None,
        "accessibility": parts.accessibility([location] if location else [], warnings, terms.kept),
    }


def _last_modified(service: dict[str, Any], warnings: list[str]) -> datetime | None:
    """When the feed last changed the service; one in the future is left out, and said (it
    would stand as the entry's own last change)."""
    when = parts.stamp(service.get("last_modified"))
    if when is not None and when > utcnow() + GRACE:
        warnings.append(f"last_modified: {when:%Y-%m-%d} is in the future; left out")
        return None
    return when


def _how_to_join(service: dict[str, Any], own: bool, warnings: list[str]) -> str:
    """application_process; else ORUK 1.0's attending_access ("Drop-in") with Open Place's note."""
    text = service.get("application_process")
    if not own and not as_text(text).strip():
        words = [
            as_text(service.get(k)).strip() for k in ("attending_access", "pc_attendingAccess_additionalInfo")
        ]
        text = ". ".join(w.rstrip(".") for w in words if w) + (
            "." if len([w for w in words if w]) > 1 else ""
        )
    return _text(text, "how_to_join", warnings, raw=own)


def _empty(value: Any) -> bool:
    return value in (None, "", [], {}) or (isinstance(value, str) and not value.strip())


def _kept(
    service: dict[str, Any], location: dict[str, Any], where: Where, warnings: list[str]
) -> dict[str, Any]:
    """What the feed says that we have no field for, as it said it: its other keys, the
    organisation's own fields (its id, its description…), the address's state and foreign
    postcode, the location's name. Within FEED_EXTRA_LENGTH: the largest parts go first, each
    named in a warning."""
    kept = {k: v for k, v in service.items() if k not in READ_KEYS and not _empty(v) and isinstance(k, str)}
    org = {k: v for k, v in as_dict(service.get("organization")).items() if k not in ("name", "services")}
    org = {k: v for k, v in org.items() if not _empty(v)}
    if org:
        kept["organization"] = org
    if where.kept:
        kept["address"] = where.kept
    place = {k: location[k] for k in LOCATION_KEPT if not _empty(location.get(k))}
    for key in ("name", "description"):  # the location's name or words again: nothing to keep
        if key in place and place[key] == service.get(key):
            del place[key]
    if place:
        kept["location"] = place
    try:
        size = len(json.dumps(kept, allow_nan=False))
    except ValueError:  # NaN or an infinity, which JSON cannot hold: kept as words
        kept = json.loads(json.dumps(kept), parse_constant=str)
        size = len(json.dumps(kept))
    if size <= FEED_EXTRA_LENGTH:
        return kept
    sizes = {k: len(json.dumps({k: v}, default=str)) for k, v in kept.items()}
    while kept and len(json.dumps(kept, default=str)) > FEED_EXTRA_LENGTH:
        largest = max(sizes, key=lambda k: sizes[k])
        warnings.append(
            f"{largest}: {sizes.pop(largest):,} characters; not kept (what the app keeps of a feed's "
            f"other fields is at most {FEED_EXTRA_LENGTH:,})"
        )
        del kept[largest]
    return kept


def _own_extra(terms: ReadTerms, warnings: list[str]) -> dict[str, Any]:
    text = terms.fields.get(FEED_EXTRA_FIELD, "")
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        warnings.append("feed_extra: not JSON; dropped")
        return {}
    return found if isinstance(found, dict) else {}


def _delivery(
    service: dict[str, Any],
    terms: ReadTerms,
    where: Where,
    reach: dict[str, str],
    own: bool,
    warnings: list[str],
) -> list[Delivery]:
    if own:
        return delivery.from_field(terms.fields.get(DELIVERY_FIELD, "")) or [Delivery.IN_PERSON]
    return delivery.read_delivery(
        service,
        _locations(service),
        has_place=where.given or any(not delivery.is_virtual(loc) for loc in _locations(service)),
        phone=reach["phone"],
        website=reach["website"],
        warnings=warnings,
    )


def map_service(service: dict[str, Any], ctx: Context) -> Mapped:
    """Map one service; raise MappingProblem when it cannot be an asset."""
    warnings: list[str] = []
    source_id = tidy(as_text(service.get("id")))
    if not source_id:
        raise MappingProblem("id", "the service has no id")
    terms = read_terms(as_list(service.get("attributes")), ctx.need_words)
    own = terms.kind is not None and bool({"locality", DELIVERY_FIELD} & set(terms.fields))  # by Asset Map
    name = _text(service.get("name"), "name", warnings, raw=own)
    if not name:
        raise MappingProblem("name", "the service has no name")
    location = _first_place(_locations(service), warnings)
    where, place = _where(location, ctx, terms, own, warnings)
    values: dict[str, Any] = {"name": name} | place
    description = _text(service.get("description"), "description", warnings, multiline=True, raw=own)
    organisation = _organisation(service, terms, ctx, own, warnings)
    kind = _kind(terms, f"{organisation} {name}", warnings)
    fees = service.get("fees_description") or service.get("fees") or ("" if own else _options_text(service))
    cost_note = _text(fees, "cost_note", warnings, raw=own)
    values |= {
        "kind": kind,
        "summary": fit("summary", first_sentence(description), warnings) if description and not own else "",
        "description": description,
        "organisation": organisation,
        "cost": _cost(service, kind, terms, cost_note, own, warnings),
        "cost_note": cost_note,
        "status": _status(service, warnings),
        "how_to_join": _how_to_join(service, own, warnings),
        "getting_there": _text(
            next((loc.get("transportation") for loc in _locations(service) if loc.get("transportation")), ""),
            "getting_there",
            warnings,
            raw=own,
        ),
        "audience_note": _text(service.get("eligibility_description"), "audience_note", warnings, raw=own),
        "registration": _text(service.get("accreditations"), "registration", warnings, raw=own),
        "area_served": fit("area_served", parts.service_areas(service, raw=own), warnings),
        **needs_values(terms, ctx.need_words, name, description, infer=not own),  # guessed when none given
        "audience": terms.audience,
        "languages": parts.languages(service, warnings, raw=own),
        "source": "" if own else fit("source", f"Open Referral feed: {ctx.feed}", warnings),
        "updated_at": _last_modified(service, warnings),
    }
    reach = parts.reach(service, warnings, raw=own)
    values |= _schedule(service, ctx, own, warnings) | _ages(service, warnings) | reach
    values["delivery"] = _delivery(service, terms, where, reach, own, warnings)
    if not own and Delivery.HOME in values["delivery"]:
        values["comes_to_home"] = True
    values["feed_extra"] = _own_extra(terms, warnings) if own else _kept(service, location, where, warnings)
    _fields(terms, values, own, warnings)
    if terms.unmatched:
        warnings.append(f"terms kept as tags on the source record: {', '.join(terms.unmatched[:8])}")
    provided = set(EVERY_FIELD) if own else parts.provided_fields(service, values) | {"feed_extra"}
    if terms.kind is None:
        provided.discard("kind")  # inferred: a kind put right by hand stays
    return Mapped(
        source_id=source_id,
        values=values,
        provided=provided - NOT_FROM_FEEDS,
        assured=_assured(service.get("assured_date"), ctx.today, warnings),
        kept_terms=terms.kept,
        warnings=warnings,
        own=own,
    )
