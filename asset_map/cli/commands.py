"""The command line's jobs on the directory (everything but the TUI and backups): imported only
when such a command is run, so `asset-map` opening the TUI does not wait for the directory layer."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from asset_map.cli import edit as cli_edit
from asset_map.cli import gaps as cli_gaps
from asset_map.cli import history as cli_history
from asset_map.cli import lists as cli_lists
from asset_map.cli import places as cli_places
from asset_map.cli.output import asset_json, format_asset, format_results, result_json
from asset_map.config import Settings, current_user
from asset_map.directory.facade import Directory
from asset_map.lists import asked
from asset_map.search.query import SearchOutcome, SearchQuery
from asset_map.startup import collector_paused
from asset_map.store.db import StoreError
from asset_map.validation import visible


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _search(directory: Directory, args: argparse.Namespace) -> int:
    query = directory.make_query(
        args.query,
        near=args.near,
        radius_km=args.radius_km,
        needs=args.need,
        include_closed=args.include_closed,
        limit=args.limit,
        **cli_gaps.filters_given(args),
    )
    outcome = directory.search(query)
    _count_if_unmet(directory, query, outcome)
    if args.json:
        _print_json([result_json(r) for r in outcome.results])
        return 0
    print(format_results(outcome, query))
    if not outcome.results:
        for option in directory.relaxations(query)[:4]:
            print(f"  {option.label}: {option.count} found")
    return 0


def _count_if_unmet(directory: Directory, query: SearchQuery, outcome: SearchOutcome) -> None:
    """A search near a place for a need that found nothing counts towards the gaps matrix's
    "asked for" (a count, never the words): a failure to count is said, the search stands."""
    if not asked.worth_counting(query, outcome):
        return
    try:
        lists = cli_lists.open_lists(directory)
        try:
            asked.count_unmet_search(lists, query, outcome)
        finally:
            lists.close()
    except StoreError as exc:
        print(f"asset-map: note: {visible(str(exc))}", file=sys.stderr)


def _add(directory: Directory, args: argparse.Namespace) -> int:
    added = directory.add_file(args.from_json, user=current_user(args.user))
    for asset in added:
        print(f"added {asset.id}  {asset.name}")
    return 0


def _needs(directory: Directory, args: argparse.Namespace) -> int:
    needs = sorted(directory.needs.values(), key=lambda n: n.label)
    if args.json:
        _print_json([{"id": n.id, "label": n.label, "synonyms": n.synonyms} for n in needs])
        return 0
    for need in needs:
        print(f"{need.id:<13} {need.label}: {', '.join(need.synonyms[:8])}")
    return 0


def _progress_bar(label: str) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _import_hsds(directory: Directory, args: argparse.Namespace) -> int:
    from asset_map.directory.hsds_import import import_hsds

    report = import_hsds(
        directory,
        args.file,
        user=current_user(args.user),
        feed=args.feed,
        progress=_progress_bar("importing"),
    )
    print(f"imported {args.file} ({', '.join(report.shapes) or 'HSDS'}): {report}")
    for error in report.skipped:
        print(f"  skipped {error}")
    for missing in report.missing_from_feed:
        print(f"  no longer in the feed (kept): {missing.name} ({missing.source_id})")
    if report.warnings:
        if args.verbose:
            for warning in report.warnings:
                print(f"  warning {warning}")
        else:
            print(f"  {len(report.warnings)} warnings (see them with --verbose)")
    if report.skipped and not report.imported:  # nothing came in: a script must not read success
        print(f"asset-map: none of the {report.records} records was imported", file=sys.stderr)
        return 1
    return 0


def run_command(settings: Settings, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Open the directory, do the command, save and close."""
    with collector_paused():
        directory = Directory.open(settings, progress=_progress_bar("building the search index (once)"))
    try:
        if args.command == "search":
            return _search(directory, args)
        if args.command == "show":
            asset = directory.get(args.id)
            if args.json:
                _print_json(asset_json(asset))
            else:
                print(format_asset(asset, directory))
            return 0
        if args.command == "add":
            return _add(directory, args)
        if args.command == "import":
            from asset_map.interop.sniff import sniff_format

            if (sniff_format(args.file) if args.format == "auto" else args.format) == "hsds":
                return _import_hsds(directory, args)
            report = directory.import_file(args.file, user=current_user(args.user))
            print(f"imported {args.file}: {report}")
            return 0
        if args.command == "export":
            if args.format in {"hsds", "hsds-csv"}:
                from asset_map.directory.hsds_export import export_hsds

                count = export_hsds(directory, args.file, tabular=args.format == "hsds-csv")
            else:
                count = directory.export_file(args.file)
            print(f"exported {count} assets to {args.file}")
            return 0
        if args.command == "gaps":
            return cli_gaps.run(directory, args)
        if args.command == "places":
            return cli_places.run(directory, args)
        if args.command == "needs":
            return _needs(directory, args)
        if args.command == "list":
            return cli_lists.run(directory, args)
        if args.command == "history":
            return cli_history.history(directory, args)
        if args.command == "archive":
            return cli_history.archive(directory, args)
        if args.command == "edit":
            return cli_edit.edit(directory, args)
    finally:
        directory.close()
        for notice in directory.take_notices():
            print(f"asset-map: note: {visible(notice)}", file=sys.stderr)
    parser.error(f"unknown command {args.command}")
    return 2
