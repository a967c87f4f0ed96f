"""Typo-tolerant search over the directory. Plain Python: no Textual, no SQL.

`index.SearchIndex` holds an inverted index built once from the assets and kept current with
`upsert`/`remove`; a query touches only the postings of the terms it names. Import from the
modules themselves: this package imports nothing, so the search screen can name a query
(`query`) without loading numpy.
"""
