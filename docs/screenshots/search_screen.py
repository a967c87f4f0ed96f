"""Make docs/screenshots/search-80x24.svg: the search screen at 80×24 on the sample
directory, "lonley" near Tilbury, the clock fixed on a Monday morning.

    .venv/bin/python docs/screenshots/search_screen.py

(The README's text picture is taken from the app itself in a terminal: tmux capture-pane.)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from asset_map.app import create_app  # noqa: E402
from asset_map.config import Settings  # noqa: E402
from asset_map.directory.facade import Directory  # noqa: E402
from asset_map.screens.search import SearchScreen  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 30)


async def shoot(directory: Directory, query: str, near: str) -> str:
    """The search screen as SVG after typing `query` and `near`."""
    app = create_app(directory=directory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*query, "ctrl+g", *near)
        for _ in range(100):
            await pilot.pause(0.05)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        return app.export_screenshot(title="Asset Map")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ASSET_MAP_DATA_DIR"] = folder
        os.environ["ASSET_MAP_CONFIG_DIR"] = folder
        os.environ["ASSET_MAP_USER"] = "Sam K"
        seed = HERE.parents[1] / "seed_assets.json"
        directory = Directory.open(Settings.resolve(str(Path(folder) / "shot.db")), seed=seed)
        directory.clock = lambda: NOW
        try:
            svg = asyncio.run(shoot(directory, "lonley", "Tilbury"))
            (HERE / "search-80x24.svg").write_text(svg, "utf-8")
        finally:
            directory.close()


if __name__ == "__main__":
    main()
