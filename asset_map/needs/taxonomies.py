"""Which terms of the taxonomies real feeds use mean which of our needs.

The rules are data (data/taxonomy_needs.json), keyed by vocabulary and code: AIRS/211 codes
by their longest listed prefix ("BD-1800.2000-640", an ongoing food pantry, is food through
"BD"), Open Eligibility by code prefix or term name, Bristol's service types and the LGA/esd
service types by code. A
vocabulary is recognised by its name ("Open211 Miami - AIRS" names AIRS) or, when a feed
names none, by the shape of its codes. `needs_for` answers None when no rule speaks for a
term: then its words are read, as for any other vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from asset_map.store.reference import packaged_json

_PREFIX_BREAK = re.compile(r"[-.]")
TERMS_KEPT = 100_000  # answers remembered (see TaxonomyNeeds.names_a_service)


@dataclass(frozen=True)
class Vocabulary:
    id: str
    label: str
    names: tuple[re.Pattern[str], ...]  # how feeds name it (as whole words)
    code_pattern: re.Pattern[str] | None  # the shape only its codes have
    code_prefixes: tuple[str, ...]  # written before the codes listed ("bccservicetype:", esd's URI)
    by_prefix: bool
    codes: dict[str, tuple[str, ...]]
    term_names: dict[str, tuple[str, ...]]
    audience_codes: tuple[str, ...] = ()  # code prefixes that say whom a service is for (AIRS "Y")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Vocabulary:
        pattern = data.get("code_pattern")
        return cls(
            id=str(data["id"]),
            label=str(data.get("label", data["id"])),
            names=tuple(re.compile(rf"\b{re.escape(str(n).casefold())}\b") for n in data.get("names", [])),
            code_pattern=re.compile(pattern) if pattern else None,
            code_prefixes=tuple(str(p).casefold() for p in data.get("code_prefixes", [])),
            by_prefix=bool(data.get("by_prefix", False)),
            codes={str(k): tuple(v) for k, v in data.get("codes", {}).items()},
            term_names={
                " ".join(k.casefold().split()): tuple(v) for k, v in data.get("term_names", {}).items()
            },
            audience_codes=tuple(str(p) for p in data.get("audience_codes", [])),
        )

    def is_named(self, vocabulary: str) -> bool:
        name = vocabulary.casefold()
        return any(p.search(name) for p in self.names)

    def owns_code(self, code: str) -> bool:
        return bool(self.code_pattern and self.code_pattern.match(code))

    def needs_of_code(self, code: str) -> tuple[str, ...] | None:
        key = code.strip()
        prefix = next((p for p in self.code_prefixes if key.casefold().startswith(p)), "")
        key = key[len(prefix) :]
        if not self.by_prefix:
            return self.codes.get(key)
        while key:
            if key in self.codes:
                return self.codes[key]
            breaks = [m.start() for m in _PREFIX_BREAK.finditer(key)]
            # a code's parent; AIRS's top levels are letters ("BD", food, is in "B", basic needs)
            key = key[: breaks[-1]] if breaks else key[:-1] if key.isalpha() else ""
        return None

    def needs_of_name(self, name: str) -> tuple[str, ...] | None:
        return self.term_names.get(" ".join(name.casefold().split()))

    def every_need(self) -> set[str]:
        return {n for needs in (*self.codes.values(), *self.term_names.values()) for n in needs}


class TaxonomyNeeds:
    """The vocabularies known, and the needs their terms give."""

    def __init__(self, vocabularies: Iterable[Vocabulary]) -> None:
        self.vocabularies = tuple(vocabularies)
        # (vocabulary, code) -> names_a_service: a feed files thousands of services under a few
        # hundred terms (Miami: 26,000 under 2,000), each asked when its entry is indexed
        self._service_terms: dict[tuple[str, str], bool] = {}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TaxonomyNeeds:
        return cls(Vocabulary.from_data(v) for v in data.get("vocabularies", []))

    def vocabulary(self, vocabulary: str, codes: Iterable[str] = ()) -> Vocabulary | None:
        """The vocabulary a feed's term belongs to: by the name the feed gives, else by its codes."""
        named = next((v for v in self.vocabularies if v.is_named(vocabulary)), None)
        if named is not None:
            return named
        codes = [c.strip() for c in codes if c and c.strip()]
        return next((v for v in self.vocabularies if any(v.owns_code(c) for c in codes)), None)

    def needs_for(
        self, *, vocabulary: str, codes: Iterable[str] = (), name: str = ""
    ) -> tuple[str, ...] | None:
        """Our needs for one term (an empty tuple: a known term that means none of them), or
        None when no rule speaks for it (read its words instead)."""
        codes = [c.strip() for c in codes if c and c.strip()]
        found = self.vocabulary(vocabulary, codes)
        if found is None:
            return None
        for code in codes:
            needs = found.needs_of_code(code)
            if needs is not None:
                return needs
        return found.needs_of_name(name) if name else None

    def names_a_service(self, vocabulary: str, code: str = "") -> bool:
        """Whether a feed's term says what a service is (a known service taxonomy's term, not
        one of its terms for whom a service is for): such a term's name is search text, while
        an audience ("Older Adults", "Cancer") or an unknown vocabulary would match too widely."""
        known = self._service_terms.get((vocabulary, code))
        if known is None:
            found = self.vocabulary(vocabulary, [code])
            known = found is not None and not (
                found.audience_codes and code.strip().startswith(found.audience_codes)
            )
            if len(self._service_terms) >= TERMS_KEPT:  # a feed of made-up terms must not fill memory
                self._service_terms.clear()
            self._service_terms[(vocabulary, code)] = known
        return known

    def every_need(self) -> set[str]:
        """Every need id the rules name (each must be one of needs.json's: tests check)."""
        return {n for v in self.vocabularies for n in v.every_need()}


@cache
def packaged_taxonomy_needs() -> TaxonomyNeeds:
    """The rules shipped with the app (data/taxonomy_needs.json)."""
    return TaxonomyNeeds.from_data(packaged_json("taxonomy_needs.json"))
