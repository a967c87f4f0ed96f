"""Placeholder so the CLI can open the TUI; replaced by the full app (issue 3)."""

from __future__ import annotations

from asset_map.config import Settings


def run_app(settings: Settings) -> int:
    from asset_map.tui import AssetMapApp

    AssetMapApp(settings).run()
    return 0
