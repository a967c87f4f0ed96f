"""Typo-tolerant search over the directory. Plain Python: no Textual, no SQL.

`SearchIndex` holds an inverted index built once from the assets and kept current with
`upsert`/`remove`; a query touches only the postings of the terms it names.
"""

from asset_map.search.index import AssetDoc, SearchIndex
from asset_map.search.query import SearchOutcome, SearchQuery, SearchResult

__all__ = ["AssetDoc", "SearchIndex", "SearchOutcome", "SearchQuery", "SearchResult"]
