"""Legacy Open Referral UK 1.0 ("HSDS-UK-1.0") services, reshaped as HSDS 3.0 services.

Many councils still publish 1.0: `content[]` pages of services with `service_taxonomys`,
`regular_schedules`, `eligibilitys`, `languages[].language`, `service_areas[].service_area`
and locations with `physical_addresses` and `accessibility_for_disabilities`. Reshaping them
here lets one mapping (from_hsds) serve every version.
"""

from __future__ import annotations

from typing import Any

from asset_map.interop.hsds.text import as_dict

LEGACY_KEYS = frozenset(
    {"service_taxonomys", "regular_schedules", "eligibilitys", "holiday_schedules", "fundings", "reviews"}
)
_SCALARS = (
    "id", "name", "description", "url", "email", "status", "fees", "accreditations", "assured_date",
    "attending_type", "attending_access", "deliverable_type",
)  # fmt: skip


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def is_legacy(service: dict[str, Any]) -> bool:
    if LEGACY_KEYS & set(service):
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


def reshape(service: dict[str, Any]) -> dict[str, Any]:
    """An ORUK 1.0 service as an HSDS 3.0 nested service (unknown keys are left behind)."""
    reshaped: dict[str, Any] = {k: service[k] for k in _SCALARS if k in service}
    org = service.get("organization")
    if isinstance(org, dict):
        reshaped["organization"] = {k: v for k, v in org.items() if k != "services"} | {
            "website": org.get("url") or org.get("website")
        }
    reshaped["attributes"] = [{"taxonomy_term": _term(t)} for t in _list(service.get("service_taxonomys"))]
    _eligibility(service, reshaped)
    reshaped["schedules"] = _list(service.get("regular_schedules"))
    reshaped["contacts"] = _list(service.get("contacts"))
    reshaped["cost_options"] = _list(service.get("cost_options"))
    reshaped["languages"] = [
        {"name": lang.get("language") or lang.get("name")} for lang in _list(service.get("languages"))
    ]
    reshaped["service_areas"] = [
        {"name": a.get("service_area") or a.get("name"), "uri": a.get("uri")}
        for a in _list(service.get("service_areas"))
    ]
    sals = []
    for sal in _list(service.get("service_at_locations")):
        location = as_dict(sal.get("location"))
        schedules = _list(sal.get("regular_schedule")) + _list(sal.get("regular_schedules"))
        sals.append({"id": sal.get("id"), "location": _location(location), "schedules": schedules})
    reshaped["service_at_locations"] = sals
    return reshaped
