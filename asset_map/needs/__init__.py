"""Needs a record does not state: from a feed's taxonomy terms, or guessed from its own words.

Plain Python, no database and no Textual: the needs vocabulary (ids, labels and synonyms)
and the rules are handed in as data. `taxonomies` reads which codes of the vocabularies real
feeds use (AIRS/211, Open Eligibility, Bristol's service types) mean which of our needs;
`inference` guesses needs from a record's name and description by plain, explainable rules;
`wording` says a need as a person reads it, a guessed one marked as guessed.

The package imports nothing itself: the first screen shows needs (`wording`) before the
database layer, which the rules' data is read through, has been loaded.
"""
