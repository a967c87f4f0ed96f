"""Command palette provider: type part of an entry's name to open it from anywhere, or
"gaps" for the gaps matrix."""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory


GAPS_COMMAND = "Where the gaps are"
GAPS_HELP = "Every place against every need: what is missing, and what people asked for (Ctrl+T)"


class AssetCommands(Provider):
    """Entries by name, ranked by the directory's own search (typo tolerant); the gaps matrix."""

    @property
    def _directory(self) -> Directory | None:
        return getattr(self.app, "directory", None)

    def _open(self, asset_id: uuid.UUID) -> None:
        from asset_map.screens.asset import AssetScreen

        directory = self._directory
        if directory is not None:
            self.app.push_screen(AssetScreen(directory, asset_id))

    async def _open_gaps(self) -> None:
        await self.app.run_action("app.gaps")

    async def discover(self) -> Hits:
        if self._directory is not None:
            yield DiscoveryHit(GAPS_COMMAND, self._open_gaps, help=GAPS_HELP)

    async def search(self, query: str) -> Hits:
        directory = self._directory
        if directory is None:
            return
        matcher = self.matcher(query)
        for words in (f"{GAPS_COMMAND} (gaps matrix)", "Gaps matrix: heat map of places and needs"):
            score = matcher.match(words)
            if score > 0:
                yield Hit(score, matcher.highlight(GAPS_COMMAND), self._open_gaps, help=GAPS_HELP)
                break
        if len(query.strip()) < 2:
            return
        outcome = directory.search(directory.make_query(query, limit=10, typing=True))
        for result in outcome.results:
            label = f"Open: {result.name} ({result.locality})"
            yield Hit(
                max(matcher.match(label), 0.5),
                literal_highlight(matcher, label),
                partial(self._open, result.id),
                # a Content shows the summary literally (a str is read as markup); Hit's help is typed str
                help=Content(result.summary) if result.summary else None,  # type: ignore[arg-type]
            )


def literal_highlight(matcher: Matcher, candidate: str) -> Content:
    """The matched characters highlighted, the rest shown exactly as typed (never as markup).

    Textual's `Matcher.highlight` reads the candidate as markup, so an entry named
    "[red]Boom[/]" would lose its brackets (or fail to parse); this keeps every character."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
