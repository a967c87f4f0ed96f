"""Needs a record does not state: from a feed's taxonomy terms, or guessed from its own words.

Plain Python, no database and no Textual: the needs vocabulary (ids, labels and synonyms)
and the rules are handed in as data. `taxonomies` reads which codes of the vocabularies real
feeds use (AIRS/211, Open Eligibility, Bristol's service types) mean which of our needs;
`inference` guesses needs from a record's name and description by plain, explainable rules;
`wording` says a need as a person reads it, a guessed one marked as guessed.
"""

from asset_map.needs.inference import Guess, NeedInference, Rules
from asset_map.needs.taxonomies import TaxonomyNeeds, packaged_taxonomy_needs
from asset_map.needs.wording import GUESSED, need_phrases, needs_line

__all__ = [
    "GUESSED",
    "Guess",
    "NeedInference",
    "Rules",
    "TaxonomyNeeds",
    "need_phrases",
    "needs_line",
    "packaged_taxonomy_needs",
]
