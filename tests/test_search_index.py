"""The index: grouping postings by term a slice at a time gives what one sort would, and
spelling correction counts a swap of neighbouring letters as one slip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_map.search import index as search_index
from asset_map.search.index import SearchIndex
from asset_map.search.synonyms import SynonymTable


@settings(max_examples=200, deadline=None)
@given(
    terms=st.lists(st.integers(min_value=0, max_value=9), max_size=300),
    slice_size=st.integers(min_value=1, max_value=64),
)
def test_grouping_in_slices_equals_one_stable_sort(terms: list[int], slice_size: int) -> None:
    t = np.array(terms, np.int32)
    d = np.arange(len(t), dtype=np.int32)
    f = (d % 7).astype(np.uint8)
    counts = np.bincount(t, minlength=10)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SORT_SLICE", slice_size)
        docs, fields = search_index._group_by_term(t, lambda a, b: d[a:b], f, offsets)
    order = np.argsort(t, kind="stable")
    assert docs.tolist() == d[order].tolist()
    assert fields.tolist() == f[order].tolist()


def test_a_swap_of_neighbouring_letters_is_one_slip() -> None:
    index = SearchIndex(SynonymTable([]), {})
    index.df = {"lone": 3, "lonely": 1, "long": 5}
    assert [word for word, _ in index.correct("lonley")] == ["lonely"]
    assert [word for word, _ in index.correct("gardenning")] == []
    index.df["gardening"] = 1
    index._choices = None  # the vocabulary is cached; upsert forgets it the same way
    assert index.correct("gardenning")[0][0] == "gardening"
