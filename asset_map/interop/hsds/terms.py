"""A feed's taxonomy terms read into our kinds, needs, audiences and extra fields.

Terms of our own taxonomies (recognised by id or URI) map exactly. Terms of any other
vocabulary are kept whole (vocabulary, name, code) on the asset's source record. Those of a
vocabulary real feeds use (AIRS/211, Open Eligibility, LGA/esd and Bristol's service types) give the
needs its rules say (asset_map/needs/taxonomies.py); any other term whose words are a
need's label or synonym ("Lunch clubs" -> food) gives that need. A record whose terms give
no need at all has its needs guessed from its own words (`needs_and_guesses`), and those
are kept as guessed until a person confirms them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from asset_map.interop.hsds.taxonomy import (
    AUDIENCES,
    FIELDS,
    KINDS,
    NEEDS,
    Taxonomy,
    own_taxonomy_of,
    own_term_code,
)
from asset_map.interop.hsds.text import as_dict, as_text, tidy
from asset_map.needs.inference import NeedInference
from asset_map.needs.taxonomies import TaxonomyNeeds, packaged_taxonomy_needs
from asset_map.store.models import AssetIn, Audience, Kind
from asset_map.store.peek import NeedTerms
from asset_map.store.sources import TERM_CODE_LENGTH, TERM_NAME_LENGTH
from asset_map.validation import max_length

GUESSED_VALUE = "guessed"  # the value of a need's attribute when the need was guessed from words


@dataclass
class ReadTerms:
    kind: Kind | None = None
    needs: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)  # our own needs exported as guessed
    audience: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    kept: list[dict[str, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


class NeedWords:
    """Need ids from words, using the needs taxonomy's labels and synonyms; from the codes of
    the vocabularies real feeds use; and guessed from a record's own words."""

    def __init__(self, needs: Iterable[NeedTerms], taxonomies: TaxonomyNeeds | None = None) -> None:
        needs = list(needs)
        self.ids = {n.id for n in needs}
        self.taxonomies = taxonomies if taxonomies is not None else packaged_taxonomy_needs()
        self.inference = NeedInference(needs)
        self.exact: dict[str, str] = {}
        phrases: list[tuple[str, str]] = []
        for need in needs:
            for phrase in (need.id, need.label, *need.synonyms):
                key = phrase.casefold().strip()
                self.exact.setdefault(key, need.id)
                phrases.append((key, need.id))
        phrases.sort(key=lambda p: -len(p[0]))
        self._patterns = [(re.compile(rf"\b{re.escape(p)}s?\b"), n) for p, n in phrases if len(p) > 2]
        # remembered for the feed: it gives the same terms (and term names) again and again
        self._of_term: dict[tuple[str, tuple[str, ...], str], tuple[str, ...]] = {}
        self._of_words: dict[str, tuple[str, ...]] = {}
        # a tabular package gives each term as one object, shared by every service filed under
        # it (Miami: 26,000 terms of 4,089 services): each object is read once, by identity
        self._read: dict[int, tuple[dict[str, Any], _TermReading]] = {}

    def reading(self, term: dict[str, Any]) -> _TermReading:
        """What a term says (which of our taxonomies and code, or another's term and needs)."""
        known = self._read.get(id(term))
        if known is not None and known[0] is term:
            return known[1]
        own = own_taxonomy_of(term)
        if own is not None:
            found = _TermReading(own, own_term_code(own, term), None, "", ())
        else:
            name = tidy(as_text(term.get("name") or term.get("term") or term.get("code")))
            kept = {"vocabulary": vocabulary_of(term), "name": name[:TERM_NAME_LENGTH]}
            if as_text(term.get("code")).strip():
                kept["code"] = tidy(as_text(term["code"]))[:TERM_CODE_LENGTH]
            codes = tuple(as_text(term.get(k)) for k in ("code", "id", "term_uri"))
            needs = self.of_term(kept["vocabulary"], codes, name) if name else ()
            found = _TermReading(None, "", kept if name else None, name, needs)
        self._read[id(term)] = (term, found)
        return found

    def find(self, text: str) -> list[str]:
        key = " ".join(text.casefold().split())
        found = self._of_words.get(key)
        if found is None:
            if key in self.exact:
                found = (self.exact[key],)
            else:
                found = tuple(dict.fromkeys(need for pattern, need in self._patterns if pattern.search(key)))
            self._of_words[key] = found
        return list(found)

    def of_term(self, vocabulary: str, codes: tuple[str, ...], name: str) -> tuple[str, ...]:
        """The needs a term of another vocabulary gives: by the rules for its vocabulary's codes
        or names, else by its words."""
        key = (vocabulary, codes, name)
        needs = self._of_term.get(key)
        if needs is None:
            mapped = self.taxonomies.needs_for(vocabulary=vocabulary, codes=codes, name=name)
            by_rule = [n for n in mapped if n in self.ids] if mapped is not None else None
            needs = tuple(by_rule if by_rule is not None else self.find(name))
            self._of_term[key] = needs
        return needs


@dataclass(frozen=True)
class _TermReading:
    own: Taxonomy | None  # one of our taxonomies, with `code`; else another vocabulary's term
    code: str
    kept: dict[str, str] | None  # another vocabulary's term as kept on the source record
    name: str
    needs: tuple[str, ...]


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


KIND_CODES = frozenset(k.value for k in Kind)
AUDIENCE_CODES = frozenset(a.value for a in Audience)


def read_terms(attributes: Iterable[Any], need_words: NeedWords) -> ReadTerms:
    """Sort a service's attributes into what they tell us."""
    out = ReadTerms()
    seen: set[tuple[tuple[str, str], ...]] = set()  # kept terms: no pairwise comparing of thousands
    for attribute in attributes:
        if not isinstance(attribute, dict):
            continue
        read = need_words.reading(_term_of(attribute))
        own, code = read.own, read.code
        if own is not None:
            if own is KINDS and code in KIND_CODES:
                out.kind = Kind(code)
            elif own is NEEDS and code in need_words.ids:
                out.needs.append(code)
                if as_text(attribute.get("value")).strip().casefold() == GUESSED_VALUE:
                    out.guessed.append(code)
            elif own is AUDIENCES and code in AUDIENCE_CODES:
                out.audience.append(code)
            elif own is FIELDS and code:
                out.fields[code] = as_text(attribute.get("value"))
            continue
        if read.kept is None:
            continue
        if tuple(read.kept.items()) not in seen:
            seen.add(tuple(read.kept.items()))
            out.kept.append(dict(read.kept))
        out.needs.extend(read.needs)
        if not read.needs:
            out.unmatched.append(read.name)
    out.needs = list(dict.fromkeys(out.needs))
    out.audience = list(dict.fromkeys(out.audience))
    return out


def needs_and_guesses(
    terms: ReadTerms, need_words: NeedWords, *words: str, infer: bool = True
) -> tuple[list[str], list[str]]:
    """(needs, guessed): the needs a feed's terms gave (our own exports say which of them were
    guessed); or, when they gave none and `infer`, the needs guessed from the record's own
    words (name first, then summary or description): both its needs and listed as guessed
    until a person confirms them."""
    if terms.needs or not infer:
        return list(terms.needs), [n for n in dict.fromkeys(terms.guessed) if n in terms.needs]
    name, *texts = (*words, "")
    guessed = [n for n in need_words.inference.needs(name, *texts) if n in need_words.ids]
    return guessed, list(guessed)


def needs_values(
    terms: ReadTerms, need_words: NeedWords, *words: str, infer: bool = True
) -> dict[str, list[str]]:
    """An asset's `needs` and `inferred_needs` from its terms or its words (`needs_and_guesses`)."""
    needs, guessed = needs_and_guesses(terms, need_words, *words, infer=infer)
    needs = needs[: max_length(AssetIn, "needs")]
    return {"needs": needs, "inferred_needs": [n for n in guessed if n in needs]}
