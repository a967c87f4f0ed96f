"""Legacy Open Referral UK 1.0 ("HSDS-UK-1.0") services, reshaped as HSDS 3.0 services.

Many councils still publish 1.0: `content[]` pages of services with `service_taxonomys`,
`regular_schedules`, `eligibilitys`, `languages[].language`, `service_areas[].service_area`
and locations with `physical_addresses` and `accessibility_for_disabilities`; their list
items (what `/services` returns) carry only the service's own fields — `attending_type`,
`attending_access`, `deliverable_type` — and, from Placecube's Open Place, vendor fields
(`pc_targetAudience`, `pc_metadata`). Reshaping them here lets one mapping (from_hsds) serve
every version. Keys not reshaped are passed on as they are (the mapping keeps what it does
not read in the entry's `feed_extra`).
"""

from __future__ import annotations

from typing import Any

from asset_map.interop.hsds.taxonomy import AUDIENCE_LABELS, audience_term
from asset_map.interop.hsds.text import as_dict, as_text, tidy
from asset_map.store.enums import Audience

LEGACY_KEYS = frozenset(
    {"service_taxonomys", "regular_schedules", "eligibilitys", "holiday_schedules", "fundings", "reviews"}
)
# Service-level keys only ORUK 1.0 (and its vendors) have; HSDS 3 puts attending_type on schedules.
ORUK1_ONLY_KEYS = frozenset(
    {"attending_type", "attending_access", "deliverable_type", "pc_targetAudience", "pc_metadata"}
)
RESHAPED = LEGACY_KEYS | {
    "organization", "service_taxonomys", "eligibilitys", "regular_schedules", "contacts", "cost_options",
    "languages", "service_areas", "service_at_locations",
}  # fmt: skip
TARGET_AUDIENCE = "ORUK target audience"  # the vocabulary pc_targetAudience terms are kept under
DELIVERABLE_TYPE = "ORUK deliverable type"
# Open Place's audience types that are one of ours (the others are kept as terms).
AUDIENCE_WORDS = {
    "dementia": Audience.DEMENTIA,
    "carers": Audience.CARERS,
    "men": Audience.MEN,
    "women": Audience.WOMEN,
    "disabled people": Audience.DISABILITY,
    "wheelchair users": Audience.DISABILITY,
    "learning disabilities": Audience.LEARNING_DISABILITY,
    "parents": Audience.FAMILIES,
    "parents>grandparents": Audience.FAMILIES,
    "older people": Audience.OLDER_PEOPLE,
    "young people": Audience.YOUNG_PEOPLE,
    "children": Audience.CHILDREN,
    "families": Audience.FAMILIES,
} | {label.casefold(): audience for audience, label in AUDIENCE_LABELS.items()}


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def is_legacy(service: dict[str, Any]) -> bool:
    if (LEGACY_KEYS | ORUK1_ONLY_KEYS) & set(service):
        return True
    for sal in _list(service.get("service_at_locations")):
        location = sal.get("location")
        if isinstance(location, dict) and (
            "physical_addresses" in location or "accessibility_for_disabilities" in location
        ):
            return True
        if "regular_schedule" in sal or "regular_schedules" in sal:
            return True
    languages = _list(service.get("languages"))
    return any("language" in lang and "name" not in lang for lang in languages)


def _term(item: dict[str, Any]) -> dict[str, Any]:
    taxonomy = as_dict(item.get("taxonomy")) or item
    return {
        "id": taxonomy.get("id"),
        "code": taxonomy.get("id"),
        "name": taxonomy.get("name"),
        "taxonomy": taxonomy.get("vocabulary"),
    }


def _location(location: dict[str, Any]) -> dict[str, Any]:
    reshaped = {
        k: v for k, v in location.items() if k not in ("physical_addresses", "accessibility_for_disabilities")
    }
    reshaped["addresses"] = [
        a | {"address_type": "physical"} for a in _list(location.get("physical_addresses"))
    ]
    reshaped["accessibility"] = [
        {"id": a.get("id"), "description": a.get("accessibility")}
        for a in _list(location.get("accessibility_for_disabilities"))
    ]
    reshaped.setdefault("location_type", "physical")
    return reshaped


def _eligibility(service: dict[str, Any], reshaped: dict[str, Any]) -> None:
    rules = _list(service.get("eligibilitys"))
    minimums = [r["minimum_age"] for r in rules if isinstance(r.get("minimum_age"), int | float)]
    maximums = [r["maximum_age"] for r in rules if isinstance(r.get("maximum_age"), int | float)]
    if minimums:
        reshaped["minimum_age"] = min(minimums)
    if maximums:
        reshaped["maximum_age"] = max(maximums)
    texts = [str(r["eligibility"]) for r in rules if r.get("eligibility")]
    if texts:
        reshaped["eligibility_description"] = "; ".join(dict.fromkeys(texts))
    for rule in rules:  # eligibility taxonomies are terms too
        reshaped["attributes"] += [{"taxonomy_term": _term(t)} for t in _list(rule.get("taxonomys"))]


def audiences(items: Any) -> list[dict[str, Any]]:
    """Attributes for Open Place's `pc_targetAudience`: ours where the words are one of our
    audiences, the others kept as terms of their own vocabulary (id and words as given)."""
    found = []
    for item in _list(items):
        words = tidy(as_text(item.get("audienceType")))
        if not words:
            continue
        ours = AUDIENCE_WORDS.get(words.casefold())
        if ours is not None:
            found.append({"taxonomy_term": audience_term(ours)})
        else:
            code = tidy(as_text(item.get("id")))
            term = {"id": code, "code": code, "name": words, "taxonomy": TARGET_AUDIENCE}
            found.append({"taxonomy_term": {k: v for k, v in term.items() if v}})
    return found


def reshape(service: dict[str, Any]) -> dict[str, Any]:
    """An ORUK 1.0 service as an HSDS 3.0 nested service; keys not reshaped pass on as given."""
    reshaped: dict[str, Any] = {k: v for k, v in service.items() if k not in RESHAPED}
    org = service.get("organization")
    if isinstance(org, dict):
        reshaped["organization"] = {k: v for k, v in org.items() if k not in ("services", "url")}
        if org.get("url") or org.get("website"):
            reshaped["organization"]["website"] = org.get("website") or org.get("url")
    elif "organization" in service:
        reshaped["organization"] = org
    reshaped["attributes"] = [{"taxonomy_term": _term(t)} for t in _list(service.get("service_taxonomys"))]
    reshaped["attributes"] += audiences(service.get("pc_targetAudience"))
    deliverable = tidy(as_text(service.get("deliverable_type")))
    if deliverable:
        term = {"id": deliverable, "code": deliverable, "name": deliverable, "taxonomy": DELIVERABLE_TYPE}
        reshaped["attributes"].append({"taxonomy_term": term})
    _eligibility(service, reshaped)
    for key, legacy_key in (("schedules", "regular_schedules"), ("contacts", "contacts")):
        if legacy_key in service:
            reshaped[key] = _list(service.get(legacy_key))
    if "cost_options" in service:
        reshaped["cost_options"] = _list(service.get("cost_options"))
    if "languages" in service:
        reshaped["languages"] = [
            {"name": lang.get("language") or lang.get("name")} for lang in _list(service.get("languages"))
        ]
    if "service_areas" in service:
        reshaped["service_areas"] = [
            {"name": a.get("service_area") or a.get("name"), "uri": a.get("uri")}
            for a in _list(service.get("service_areas"))
        ]
    if "service_at_locations" in service:
        sals = []
        for sal in _list(service.get("service_at_locations")):
            location = as_dict(sal.get("location"))
            schedules = _list(sal.get("regular_schedule")) + _list(sal.get("regular_schedules"))
            sals.append({"id": sal.get("id"), "location": _location(location), "schedules": schedules})
        reshaped["service_at_locations"] = sals
    return reshaped
