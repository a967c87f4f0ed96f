"""Our words published as Open Referral taxonomies, with ids and URIs that never change.

Every id we write is a UUID; those not taken from an asset are uuid5 of one fixed namespace
and a readable key, so the same directory exports the same ids every time and a re-import
recognises its own terms. URIs are URNs: names, not web addresses we would have to keep up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from asset_map.interop.hsds.text import as_dict
from asset_map.store.models import KIND_LABELS, Access, Audience, Kind

# Fixed for ever: changing it would change every exported id.
NAMESPACE = uuid.UUID("5b0e7a3c-2f61-5d2e-9a4b-6f1c0d8e2a71")
URN = "urn:asset-map:taxonomy"


@lru_cache(maxsize=65536)
def stable_id(*parts: object) -> str:
    """A UUID derived from a readable key: the same key gives the same id in every export."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


@dataclass(frozen=True)
class Taxonomy:
    code: str  # "needs"
    name: str
    description: str
    link_type: str  # what an attribute with one of its terms says about the service

    @cached_property
    def id(self) -> str:
        return stable_id("taxonomy", self.code)

    @cached_property
    def uri(self) -> str:
        return f"{URN}:{self.code}"

    def term_id(self, code: str) -> str:
        return stable_id("term", self.code, code)

    def term_uri(self, code: str) -> str:
        return f"{self.uri}:{code}"

    def as_hsds(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "uri": self.uri,
            "version": "1",
        }

    def term(self, code: str, name: str, description: str = "") -> dict[str, Any]:
        """The HSDS 3.0 taxonomy_term (with ORUK's `term`), its taxonomy nested as HSDS does."""
        return {
            "id": self.term_id(code),
            "code": code,
            "name": name,
            "term": name,
            "description": description or name,
            "taxonomy": self.name,
            "taxonomy_id": self.id,
            "taxonomy_detail": self.as_hsds(),
            "term_uri": self.term_uri(code),
            "language": "en",
        }


KINDS = Taxonomy(
    "kinds",
    "Asset Map kinds",
    "What sort of community asset an entry is: a hub, a micro-enterprise, a time bank offer or a group.",
    "asset_kind",
)
NEEDS = Taxonomy(
    "needs",
    "Asset Map needs",
    "What matters to a person, in plain words (company and friendship, getting out and about, …).",
    "need",
)
AUDIENCES = Taxonomy("audiences", "Asset Map audiences", "Who an entry is meant for.", "eligibility")
FIELDS = Taxonomy(
    "fields",
    "Asset Map record fields",
    "Fields of an Asset Map entry that HSDS has no place for; the attribute's value holds the field's value.",
    "asset_map_field",
)
OWN_TAXONOMIES = (KINDS, NEEDS, AUDIENCES, FIELDS)
# What names one of them (its id, URI or name); each URI starts with URN
_OWN_NAMES = frozenset(name for t in OWN_TAXONOMIES for name in (t.id, t.uri, t.name))

AUDIENCE_LABELS = {
    Audience.EVERYONE: "Everyone",
    Audience.ADULTS: "Adults",
    Audience.OLDER_PEOPLE: "Older people",
    Audience.CHILDREN: "Children",
    Audience.YOUNG_PEOPLE: "Young people",
    Audience.FAMILIES: "Families",
    Audience.CARERS: "Carers",
    Audience.DEMENTIA: "People living with dementia",
    Audience.DISABILITY: "Disabled people",
    Audience.LEARNING_DISABILITY: "People with a learning disability",
    Audience.MEN: "Men",
    Audience.WOMEN: "Women",
}
ACCESS_LABELS = {
    Access.STEP_FREE: "Step-free access",
    Access.ACCESSIBLE_TOILET: "Accessible toilet",
    Access.HEARING_LOOP: "Hearing loop",
    Access.PARKING: "Parking",
    Access.BUS_STOP: "Bus stop nearby",
    Access.LARGE_PRINT: "Large print available",
    Access.QUIET_SPACE: "Quiet space",
    Access.SEATING: "Seating",
    Access.ASSISTANCE_DOGS: "Assistance dogs welcome",
}


def kind_term(kind: Kind) -> dict[str, Any]:
    return KINDS.term(kind.value, KIND_LABELS[kind])


def need_term(need_id: str, label: str) -> dict[str, Any]:
    return NEEDS.term(need_id, label)


def audience_term(audience: Audience) -> dict[str, Any]:
    return AUDIENCES.term(audience.value, AUDIENCE_LABELS[audience])


def field_term(field: str) -> dict[str, Any]:
    return FIELDS.term(field, field.replace("_", " ").capitalize(), f"The Asset Map field '{field}'")


def foreign_term(term: dict[str, Any]) -> dict[str, Any]:
    """A term kept from another feed, published again under its own vocabulary."""
    vocabulary = str(term.get("vocabulary") or "unknown vocabulary")
    name = str(term.get("name") or term.get("code") or "")
    code = str(term.get("code") or name)
    taxonomy = Taxonomy(
        "kept:" + vocabulary, vocabulary, f"Terms kept from feeds using '{vocabulary}'.", "category"
    )
    built = taxonomy.term(code, name)
    built["term_uri"] = f"{URN}:kept:{stable_id('vocabulary', vocabulary)}:{stable_id('code', code)}"
    built["taxonomy_detail"]["uri"] = f"{URN}:kept:{stable_id('vocabulary', vocabulary)}"
    return built


def all_taxonomy_terms(need_labels: dict[str, str]) -> Iterable[dict[str, Any]]:
    """Every term of our own taxonomies (for publishing the taxonomies themselves)."""
    yield from (kind_term(k) for k in Kind)
    yield from (need_term(n, label) for n, label in sorted(need_labels.items()))
    yield from (audience_term(a) for a in Audience)


def own_taxonomy_of(term: dict[str, Any]) -> Taxonomy | None:
    """Which of our taxonomies a feed's term belongs to, by id or URI (None for others)."""
    detail = as_dict(term.get("taxonomy_detail"))
    keys = {
        str(term.get("taxonomy_id") or ""),
        str(detail.get("id") or ""),
        str(detail.get("uri") or ""),
        str(term.get("taxonomy") or ""),
    }
    uri = str(term.get("term_uri") or "")
    if keys.isdisjoint(_OWN_NAMES) and not uri.startswith(URN):  # another vocabulary's (most are)
        return None
    for taxonomy in OWN_TAXONOMIES:
        if keys & {taxonomy.id, taxonomy.uri, taxonomy.name} or uri.startswith(taxonomy.uri + ":"):
            return taxonomy
    return None


def own_term_code(taxonomy: Taxonomy, term: dict[str, Any]) -> str:
    """The code of one of our terms, from its code or, failing that, its URI."""
    code = str(term.get("code") or "")
    if code:
        return code
    uri = str(term.get("term_uri") or "")
    return uri.removeprefix(taxonomy.uri + ":") if uri.startswith(taxonomy.uri + ":") else ""
