"""Everything about one asset, laid out to read at a glance.

All text from the directory goes in as `rich.text.Text`, never as markup, so a name like
"[bold]Tea[/]" is shown exactly as typed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from asset_map import schedule
from asset_map.checks import LAPSE_WARNING, check_expiries, is_stale
from asset_map.needs.wording import needs_line
from asset_map.store.enums import KIND_LABELS, Delivery, Kind, cost_words, delivery_words

if TYPE_CHECKING:
    from asset_map.store.models import Asset

LABELS = {
    "price": "Price",
    "area_served": "Area served",
    "comes_to_home": "Comes to the home",
    "registration": "Registration",
    "dbs_checked_on": "DBS checked",
    "insurance_expires_on": "Insurance until",
    "safeguarding_trained_on": "Safeguarding trained",
    "skill": "Skill offered",
    "availability": "Availability",
    "hours": "Hours offered",
    "help_offered": "Help offered",
    "drop_in_sessions": "Drop-in sessions",
    "audience_note": "Who it is for",
    "frequency": "How often",
}


def _words(values: list[str]) -> str:
    return ", ".join(v.replace("_", " ") for v in values)


def verified_text(asset: Asset, today: date | None = None) -> Text:
    """ "2026-10-01 by Sam (visited)", with a worded warning when it is old: not colour alone."""
    today = today or date.today()
    if asset.verified_on is None:
        return Text("never verified — check before suggesting", style="bold")
    how = str(asset.verified_how or "").replace("_", " ")
    text = Text(f"{asset.verified_on} by {asset.verified_by or '?'}" + (f" ({how})" if how else ""))
    if is_stale(asset.verified_on, today):
        text.append("  ⚠ over 12 months ago", style="bold")
    return text


def asset_renderable(
    asset: Asset,
    *,
    area: str = "",
    located: bool = True,
    need_labels: dict[str, str] | None = None,
    compact: bool = False,
    today: date | None = None,
    why: tuple[str, ...] = (),
) -> RenderableType:
    need_labels = need_labels or {}
    today = today or date.today()
    kind = Kind(asset.kind)
    title = Text(asset.name, style="bold")
    badges = [KIND_LABELS[kind]]
    if asset.status != "active":
        badges.append(str(asset.status).upper())
    if asset.archived_at is not None:
        badges.append("ARCHIVED")
    if asset.flagged_at is not None:
        badges.append("POSSIBLY CLOSED")
    subtitle = Text(" · ".join(badges), style="italic")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", max_width=14)  # long labels wrap: the value needs the room
    grid.add_column(ratio=1)

    def row(label: str, value: str | Text) -> None:
        if value:
            grid.add_row(label, value if isinstance(value, Text) else Text(value))

    row("Found by", Text(", ".join(why), style="italic"))  # what the search matched it by
    row("What", asset.summary)
    row("When", schedule.describe(asset.schedule, asset.schedule_note))
    row("Joining", asset.how_to_join)
    row("How", delivery_words(asset.delivery, asset.area_served))
    in_person = Delivery.IN_PERSON in asset.delivery
    row("Where", asset.where_text + ("  (place not known offline)" if in_person and not located else ""))
    row("Getting there", asset.getting_there)
    if not compact:
        row("Area", area)
    row("Cost", cost_words(asset.cost, asset.cost_note))
    row("Access", _words(asset.accessibility))
    row(
        "For",
        _words(asset.audience)
        + (f" (ages {asset.age_min or 0}–{asset.age_max or ''})" if asset.age_min or asset.age_max else ""),
    )
    row("Needs", needs_line(asset.need_ids, asset.inferred_needs, need_labels))  # a guess said as one
    row("Phone", asset.phone)
    row("Email", asset.email)
    row("Website", asset.website)
    row("Organisation", asset.organisation)
    expiries = check_expiries(asset) if kind == Kind.MICRO_ENTERPRISE else {}
    for name, label in LABELS.items():
        value = getattr(asset, name)
        if value in (None, ""):
            continue
        text = Text("yes" if value is True else "no" if value is False else str(value))
        if name in expiries and expiries[name] < today:
            text.append(f"  ⚠ lapsed {expiries[name]}", style="bold")
        elif name in expiries and expiries[name] <= today + LAPSE_WARNING:
            text.append(f"  ⚠ lapses {expiries[name]}", style="bold")
        row(label, text)
    if not compact:
        row("Languages", ", ".join(asset.languages))
    row("Verified", verified_text(asset, today))
    if asset.flagged_at is not None:
        row("Flagged", f"{asset.flag_reason} ({asset.flagged_by}, {asset.flagged_at:%Y-%m-%d})")
    if not compact:
        row("Updated", f"{asset.updated_at:%Y-%m-%d %H:%M} by {asset.updated_by}")
        row("Source", asset.source)
        row("Id", str(asset.id))
    parts: list[RenderableType] = [title, subtitle, Text(""), grid]
    if asset.description:
        parts += [Text(""), Text(asset.description if not compact else asset.description[:400])]
    return Group(*parts)


class AssetCard(Static):
    """A read-only card showing one asset (or a hint when there is none)."""

    DEFAULT_CLASSES = "asset-card"

    def show(
        self,
        asset: Asset | None,
        *,
        area: str = "",
        located: bool = True,
        need_labels: dict[str, str] | None = None,
        compact: bool = True,
        today: date | None = None,
        why: tuple[str, ...] = (),
    ) -> None:
        if asset is None:
            self.update(Text("Move through the results to see an entry here.", style="italic"))
            return
        self.update(
            asset_renderable(
                asset,
                area=area,
                located=located,
                need_labels=need_labels,
                compact=compact,
                today=today,
                why=why,
            )
        )
