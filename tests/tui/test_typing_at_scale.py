"""Typing at human speed against a large directory: the screen never shows an older query's
results after a newer one, and after each pause it shows exactly the current query's results."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import date

import pytest

from asset_map.app import AssetMapApp, create_app
from asset_map.directory.facade import Directory
from asset_map.screens.search import SearchScreen
from asset_map.search.index import AssetDoc, SearchIndex, Slot
from asset_map.widgets.results import ResultsTable

SIZE = 20_000
WORDS = [
    "lunch",
    "club",
    "walking",
    "group",
    "garden",
    "knit",
    "natter",
    "coffee",
    "morning",
    "memory",
    "cafe",
    "dementia",
    "carers",
    "choir",
    "art",
    "craft",
    "tai",
    "chi",
    "yoga",
    "bowls",
    "shed",
    "youth",
    "family",
    "toddler",
    "library",
    "digital",
    "advice",
    "benefits",
    "pantry",
    "allotment",
    "befriending",
    "company",
    "friendship",
    "transport",
    "shopping",
    "cleaning",
    "handyperson",
    "pet",
    "dog",
    "sitting",
    "foot",
    "care",
]


def _docs(directory: Directory, size: int) -> list[AssetDoc]:
    rnd = random.Random(5)
    vocab = WORDS + [
        "".join(rnd.choices("abcdefghijklmnoprstuvwy", k=rnd.randint(4, 9))) for _ in range(5000)
    ]
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(vocab))))
    localities = list(directory.gazetteer.localities.values())

    def text(n: int) -> str:
        return " ".join(rnd.choices(vocab, cum_weights=cumulative, k=n))

    docs = []
    for _ in range(size):
        place = rnd.choice(localities)
        name = text(3).title()
        docs.append(
            AssetDoc(
                id=uuid.UUID(int=rnd.getrandbits(128)),
                name=name,
                kind=rnd.choice(["hub", "group", "time_bank"]),
                locality=place.name,
                status="active",
                point=place.point,
                cost="free",
                accessibility=frozenset(),
                needs=(rnd.choice(sorted(directory.need_labels)),),
                slots=(Slot("wed", "10:00", "12:00"),),
                schedule_note="",
                verified_on=date(2026, 6, 1),
                texts={"name": name, "summary": text(10), "description": text(30)},
            )
        )
    return docs


@pytest.fixture
def big_app(sample_directory: Directory, monkeypatch: pytest.MonkeyPatch, tmp_path) -> AssetMapApp:
    monkeypatch.setenv("ASSET_MAP_USER", "Test Volunteer")
    monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(tmp_path / "config"))
    sample_directory.index = SearchIndex.build(
        _docs(sample_directory, SIZE), sample_directory.synonyms, sample_directory.need_labels
    )
    return create_app(directory=sample_directory)


def _shown(app: AssetMapApp) -> list[str]:
    table = app.screen.query_one(ResultsTable)
    return [table.get_row_at(i)[0].plain for i in range(min(table.row_count, 20))]


async def test_typing_never_shows_stale_results(big_app: AssetMapApp, sample_directory: Directory) -> None:
    typed = "coffee morning wal"
    async with big_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await big_app.workers.wait_for_complete()
        screen = big_app.screen
        assert isinstance(screen, SearchScreen)
        for i, char in enumerate(typed):
            await pilot.press(char if char != " " else "space")
            await pilot.pause(0.05)  # faster than the debounce: most queries are superseded
            if char == " " or i % 5 == 4:  # a person's pause: the screen catches up exactly
                await big_app.workers.wait_for_complete()
                await pilot.pause()
                expected = sample_directory.search(
                    sample_directory.make_query(typed[: i + 1], typing=True, limit=500)
                )
                assert _shown(big_app) == [r.name for r in expected.results[:20]]
        await big_app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen.shown_queries
        # Never an older query after a newer one: what was shown only ever grew, prefix by prefix.
        assert shown == sorted(shown, key=len)
        assert all(typed.startswith(text) for text in shown)
        assert shown[-1] == typed
        final = sample_directory.search(sample_directory.make_query(typed, typing=True, limit=500))
        assert _shown(big_app) == [r.name for r in final.results[:20]]
