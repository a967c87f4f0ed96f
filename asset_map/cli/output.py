"""Plain-text and JSON renderings of results and assets for the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asset_map import schedule
from asset_map.needs.wording import needs_line
from asset_map.search.query import SearchOutcome, SearchQuery, SearchResult
from asset_map.store.enums import KIND_LABELS, KIND_SHORT, Delivery, Kind, cost_words, delivery_words
from asset_map.store.models import ALL_DETAIL_FIELDS, Asset

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory


def result_json(result: SearchResult) -> dict[str, Any]:
    """The documented, stable shape of `asset-map search --json` (docs/cli.md)."""
    return {
        "id": str(result.id),
        "name": result.name,
        "kind": result.kind,
        "locality": result.locality,
        "distance_km": result.distance_km,
        "serves_here": result.serves_here,
        "delivery": list(result.delivery),
        "needs": list(result.needs),
        "score": result.score,
        "status": result.status,
        "next_on": result.next_on or None,
        "opening": result.opening,
        "last_verified": result.verified_on.isoformat() if result.verified_on else None,
        "stale": result.stale,
        "possibly_closed": result.flagged,
        "why": list(result.why),
        "summary": result.summary,
    }


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_results(outcome: SearchOutcome, query: SearchQuery) -> str:
    lines: list[str] = []
    if query.near is not None:
        note = f" ({query.near.note})" if query.near.note else ""
        radius = f" within {query.radius_km:g} km" if query.radius_km else ""
        lines.append(f"Near {query.near.label}{radius}{note}")
    if outcome.corrections or query.read_as:
        fixed = [f"{a} → {b}" for a, b in outcome.corrections.items()]
        lines.append(f"Read as: {', '.join([*fixed, *query.read_as])}")
    if not outcome.results:  # what to relax, closed entries included, is said after this
        lines.append("No matches. Try fewer words, a wider radius or fewer filters.")
        lines.extend(outcome.notes)
        return "\n".join(lines)
    hidden = outcome.closed_hidden
    closed = [f"{hidden} closed {'entry' if hidden == 1 else 'entries'} not shown: add --include-closed"]
    lines.append(f"{'id':<8}  {'name':<34} {'kind':<9} {'locality':<18} {'km':>5}  {'next on':<16} verified")
    for r in outcome.results:
        km = f"{r.distance_km:.1f}" if r.distance_km is not None and not r.serves_here else ""
        verified = r.verified_on.isoformat() if r.verified_on else "never"
        mark = " (stale)" if r.stale else ""
        status = "" if r.status == "active" else f" [{r.status}]"
        status += " [possibly closed]" if r.flagged else ""
        lines.append(
            f"{str(r.id)[:8]}  {_cut(r.name + status, 34):<34} {KIND_SHORT[r.kind].lower():<9} "
            f"{_cut(r.where_words, 18):<18} {km:>5}  {_cut(r.next_on or '-', 16):<16} {verified}{mark}"
        )
    shown = len(outcome.results)
    if outcome.total > shown:
        lines.append(f"{shown} of {outcome.total} shown; use --limit to see more")
    lines.extend(outcome.notes + (closed if hidden else []))
    return "\n".join(lines)


def asset_json(asset: Asset) -> dict[str, Any]:
    from asset_map.interop.directory_file import input_to_record
    from asset_map.store.repo import asset_to_in

    record = input_to_record(asset_to_in(asset))
    record["version"] = asset.version
    return record


def format_asset(asset: Asset, directory: Directory) -> str:
    kind = Kind(asset.kind)
    rows: list[tuple[str, str]] = [
        ("Kind", KIND_LABELS[kind]),
        ("Status", str(asset.status)),
        ("Summary", asset.summary),
        ("Organisation", asset.organisation),
        ("How", delivery_words(asset.delivery, asset.area_served)),
        ("Where", _where(asset, directory)),
        ("Area", directory.gazetteer.area_name(asset.locality) or ""),
        ("When", schedule.describe(asset.schedule, asset.schedule_note)),
        ("Joining", asset.how_to_join),
        ("Getting there", asset.getting_there),
        ("Cost", cost_words(asset.cost, asset.cost_note)),
        ("Access", ", ".join(a.replace("_", " ") for a in asset.accessibility)),
        ("For", ", ".join(a.replace("_", " ") for a in asset.audience)),
        ("Needs", needs_line(asset.need_ids, asset.inferred_needs, directory.need_labels)),
        ("Languages", ", ".join(asset.languages)),
        ("Phone", asset.phone),
        ("Email", asset.email),
        ("Website", asset.website),
    ]
    rows += [(f.replace("_", " ").capitalize(), _value(getattr(asset, f))) for f in ALL_DETAIL_FIELDS]
    how = str(asset.verified_how or "").replace("_", " ")
    verified = f"{asset.verified_on} by {asset.verified_by or '?'}" + (f" ({how})" if how else "")
    verified = verified if asset.verified_on else "never"
    rows += [
        ("Last verified", verified),
        ("Updated", f"{asset.updated_at:%Y-%m-%d %H:%M} by {asset.updated_by}"),
        ("Created", f"{asset.created_at:%Y-%m-%d %H:%M} by {asset.created_by}"),
        ("Source", asset.source),
        ("Id", str(asset.id)),
    ]
    lines = [asset.name, "=" * min(len(asset.name), 80)]
    lines += [f"{label + ':':<15}{value}" for label, value in rows if value]
    if asset.description:
        lines += ["", asset.description]
    return "\n".join(lines)


def _where(asset: Asset, directory: Directory) -> str:
    _, located = directory.where_of(asset)
    unknown = Delivery.IN_PERSON in asset.delivery and not located
    return asset.where_text + (" (place not known offline)" if unknown else "")


def _value(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
