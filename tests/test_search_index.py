"""The index: grouping postings by term a slice at a time gives what one sort would, and
spelling correction counts a swap of neighbouring letters as one slip."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_map.search import index as search_index
from asset_map.search.index import SearchIndex
from asset_map.search.synonyms import SynonymTable
from asset_map.search.text import index_terms, stem, terms


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


def test_the_codes_of_saved_indexes_never_move() -> None:
    """The columns store a kind, status, cost or access as its position in the enum, and saved
    indexes keep those codes: a value may be added at the end, never moved."""
    from asset_map.search.columns import ACCESS, COSTS, KINDS, STATUSES

    assert KINDS[:4] == ("hub", "micro_enterprise", "time_bank", "group")
    assert STATUSES[:3] == ("active", "paused", "closed")
    assert COSTS[:4] == ("free", "low_cost", "paid", "time_credits")
    assert ACCESS[:9] == (
        "step_free",
        "accessible_toilet",
        "hearing_loop",
        "parking",
        "bus_stop",
        "large_print",
        "quiet_space",
        "seating",
        "assistance_dogs",
    )


@given(st.text(alphabet="ab- x1\u2010", max_size=60))
def test_hyphenated_compounds_are_every_run_of_hyphened_words(text: str) -> None:
    """The compound pattern starts at words and takes letters whole (a plain `[a-z]+(?:-[a-z]+)+`
    was tried at every letter and gave letters back one by one); it finds the same runs."""
    plain = re.compile(r"[a-z]+(?:-[a-z]+)+")
    folded = text.replace("\u2010", "-")
    joined = [stem(m.replace("-", "")) for m in plain.findall(folded)]
    expected = [term for term in joined if len(term) >= 5]
    found = index_terms(text)
    assert found[len(terms(text)) :] == expected
