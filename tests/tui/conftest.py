"""Fixtures for pilot and snapshot tests: an app on a temporary copy of the sample directory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from asset_map.app import AssetMapApp, create_app
from asset_map.config import Settings
from asset_map.directory.facade import Directory

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed_assets.json"
# Snapshots show "next on" times and staleness marks: fix the clock (a Monday morning).
FIXED_NOW = datetime(2026, 11, 23, 9, 30)

S = TypeVar("S", bound=Screen[Any])


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursor, so snapshots do not depend on when they were taken."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def sample_directory(tmp_path: Path) -> Iterator[Directory]:
    """The full sample directory in a fresh temporary database."""
    directory = Directory.open(Settings.resolve(str(tmp_path / "tui.db")), seed=SEED)
    directory.clock = lambda: FIXED_NOW
    yield directory
    directory.close()


@pytest.fixture
def app(sample_directory: Directory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AssetMapApp:
    """The app as a user starts it, on the sample directory, with a known user name."""
    monkeypatch.setenv("ASSET_MAP_USER", "Test Volunteer")
    monkeypatch.setenv("ASSET_MAP_CONFIG_DIR", str(tmp_path / "config"))
    return create_app(directory=sample_directory)


def asset_id_named(directory: Directory, name: str) -> str:
    """The id of the one asset with this exact name."""
    matches = [a for a in directory.all_assets() if a.name == name]
    assert len(matches) == 1, f"expected one asset named {name!r}, found {len(matches)}"
    return str(matches[0].id)


def on_top(app: App[Any], kind: type[S]) -> S:
    """The screen on top, which the test knows is a `kind`.

    Rather than `assert isinstance(app.screen, kind)`: mypy would go on taking `app.screen` for a
    `kind` after the app has moved to another screen, and skip what follows as unreachable."""
    screen = app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} is on top, not {kind.__name__}"
    return screen


WAIT_S = 10.0  # far more than the app needs: a slow, shared machine must not fail a test


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> bool:
    """Let the app run until `condition` holds (for what it does on its own timer), at most
    WAIT_S; whether it came to hold."""
    waited = 0.0
    while waited < WAIT_S and not condition():
        await asyncio.sleep(0.1)
        await pilot.pause()
        waited += 0.1
    return condition()
