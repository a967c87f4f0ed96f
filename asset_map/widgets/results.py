"""The results table: one row per asset, keyed by id, rebuilt in one go per search."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.widgets import DataTable

from asset_map.search.query import SearchResult

KIND_SHORT = {"hub": "Hub", "micro_enterprise": "Micro", "time_bank": "Time bank", "group": "Group"}
MAX_ROWS = 500


def _name_cell(result: SearchResult) -> Text:
    text = Text(result.name)
    if result.status != "active":
        text.append(f" ({result.status})", style="italic")
    return text


def _verified_cell(result: SearchResult) -> Text:
    if result.verified_on is None:
        return Text("never ⚠")
    text = Text(result.verified_on.strftime("%b %Y"))
    if result.stale:
        text.append(" ⚠")
    return text


class ResultsTable(DataTable[Text]):
    """Search results; the cursor row is the asset shown beside it."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("Name", key="name")
        self.add_column("Kind", key="kind")
        self.add_column("Locality", key="locality")
        self.add_column("km", key="km")
        self.add_column("Next on", key="next")
        self.add_column("Verified", key="verified")

    def show(self, results: list[SearchResult]) -> None:
        self.clear()
        rows = [
            (
                _name_cell(r),
                Text(KIND_SHORT.get(r.kind, r.kind)),
                Text(r.locality),
                Text(f"{r.distance_km:.1f}" if r.distance_km is not None else "", justify="right"),
                Text(r.next_on or ("by arrangement" if not r.opening else r.opening[:20])),
                _verified_cell(r),
            )
            for r in results[:MAX_ROWS]
        ]
        keys = [str(r.id) for r in results[:MAX_ROWS]]
        for cells, key in zip(rows, keys, strict=True):
            self.add_row(*cells, key=key)

    @property
    def current_id(self) -> uuid.UUID | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return uuid.UUID(key) if key else None
