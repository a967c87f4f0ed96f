"""A feed's taxonomy terms read into our kinds, needs, audiences and extra fields.

Terms of our own taxonomies (recognised by id or URI) map exactly. Terms of any other
vocabulary are kept whole (vocabulary, name, code) on the asset's source record; those whose
words are a need's label or synonym ("Lunch clubs" -> food) also give that need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from asset_map.interop.hsds.taxonomy import AUDIENCES, FIELDS, KINDS, NEEDS, own_taxonomy_of, own_term_code
from asset_map.interop.hsds.text import as_dict, as_text, tidy
from asset_map.store.models import Audience, Kind
from asset_map.store.peek import NeedTerms
from asset_map.store.sources import TERM_CODE_LENGTH, TERM_NAME_LENGTH


@dataclass
class ReadTerms:
    kind: Kind | None = None
    needs: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    kept: list[dict[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


class NeedWords:
    """Need ids from words, using the needs taxonomy's labels and synonyms."""

    def __init__(self, needs: Iterable[NeedTerms]) -> None:
        needs = list(needs)
        self.ids = {n.id for n in needs}
        self.exact: dict[str, str] = {}
        phrases: list[tuple[str, str]] = []
        for need in needs:
            for phrase in (need.id, need.label, *need.synonyms):
                key = phrase.casefold().strip()
                self.exact.setdefault(key, need.id)
                phrases.append((key, need.id))
        phrases.sort(key=lambda p: -len(p[0]))
        self._patterns = [(re.compile(rf"\b{re.escape(p)}s?\b"), n) for p, n in phrases if len(p) > 2]

    def find(self, text: str) -> list[str]:
        key = " ".join(text.casefold().split())
        if key in self.exact:
            return [self.exact[key]]
        found = [need for pattern, need in self._patterns if pattern.search(key)]
        return list(dict.fromkeys(found))


def _term_of(attribute: dict[str, Any]) -> dict[str, Any]:
    term = attribute.get("taxonomy_term")
    if isinstance(term, dict):
        return term
    return {"id": as_text(attribute.get("taxonomy_term_id"))}


def vocabulary_of(term: dict[str, Any]) -> str:
    detail = as_dict(term.get("taxonomy_detail"))
    for value in (detail.get("name"), term.get("taxonomy"), term.get("vocabulary"), detail.get("uri")):
        if as_text(value).strip():
            return tidy(as_text(value))[:TERM_CODE_LENGTH]
    return "unknown vocabulary"


def read_terms(attributes: Iterable[Any], need_words: NeedWords) -> ReadTerms:
    """Sort a service's attributes into what they tell us."""
    out = ReadTerms()
    seen: set[tuple[tuple[str, str], ...]] = set()  # kept terms: no pairwise comparing of thousands
    for attribute in attributes:
        if not isinstance(attribute, dict):
            continue
        term = _term_of(attribute)
        own = own_taxonomy_of(term)
        if own is not None:
            code = own_term_code(own, term)
            if own is KINDS and code in {k.value for k in Kind}:
                out.kind = Kind(code)
            elif own is NEEDS and code in need_words.ids:
                out.needs.append(code)
            elif own is AUDIENCES and code in {a.value for a in Audience}:
                out.audience.append(code)
            elif own is FIELDS and code:
                out.fields[code] = as_text(attribute.get("value"))
            continue
        name = tidy(as_text(term.get("name") or term.get("term") or term.get("code")))
        if not name:
            continue
        kept = {"vocabulary": vocabulary_of(term), "name": name[:TERM_NAME_LENGTH]}
        if as_text(term.get("code")).strip():
            kept["code"] = tidy(as_text(term["code"]))[:TERM_CODE_LENGTH]
        if tuple(kept.items()) not in seen:
            seen.add(tuple(kept.items()))
            out.kept.append(kept)
        needs = need_words.find(name)
        out.needs.extend(needs)
        if not needs:
            out.unmatched.append(name)
    out.needs = list(dict.fromkeys(out.needs))
    out.audience = list(dict.fromkeys(out.audience))
    return out
