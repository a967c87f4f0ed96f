"""Open now looks at the calendar: a first-Tuesday group is not on now on the second Tuesday."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from asset_map.directory.facade import Directory
from asset_map.errors import DirectoryError

CAFE = "Grays Dementia Café"  # in the mini directory: 1st Tuesday of the month, 10:00–12:00


def names(directory: Directory, **filters: Any) -> list[str]:
    return [r.name for r in directory.search(directory.make_query("", **filters)).results]


def test_open_now_on_the_first_tuesday(directory: Directory) -> None:
    directory.clock = lambda: datetime(2026, 12, 1, 10, 30)  # the first Tuesday of December
    assert CAFE in names(directory, open_on="now")
    assert CAFE in names(directory, open_on="today")


def test_not_open_now_on_the_second_tuesday(directory: Directory) -> None:
    directory.clock = lambda: datetime(2026, 12, 8, 10, 30)  # the second Tuesday
    assert CAFE not in names(directory, open_on="now")
    assert CAFE in names(directory, open_on="tue 10:30")  # a weekday means any week of the month


def test_not_open_now_after_it_ends(directory: Directory) -> None:
    directory.clock = lambda: datetime(2026, 12, 1, 12, 0)
    assert CAFE not in names(directory, open_on="now")


def test_now_takes_no_time(directory: Directory) -> None:
    with pytest.raises(DirectoryError, match="not a day"):
        directory.make_query("", open_on="now 10:00")
