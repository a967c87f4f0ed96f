"""The command line: the same jobs as the TUI, for scripts. No arguments opens the TUI."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from asset_map import __version__, cli_backup, cli_history, cli_lists
from asset_map.config import Settings, current_user
from asset_map.directory import Directory, DirectoryError
from asset_map.interop.directory_file import read_json
from asset_map.interop.errors import FileRejected
from asset_map.output import asset_json, format_asset, format_results, result_json
from asset_map.places import PlaceNotFound
from asset_map.store.db import StoreError
from asset_map.validation import visible


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file or URL (default: ASSET_MAP_DB, else your data folder)",
    )
    common.add_argument(
        "--online",
        action="store_true",
        default=argparse.SUPPRESS,
        help="allow the online geocoder for places the built-in gazetteer lacks",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="asset-map",
        parents=[common],
        description="Community asset map: search and keep a directory of community hubs, "
        "micro-enterprises, time bank offers and community groups.",
        epilog="With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"asset-map {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("search", parents=[common], help="search the directory")
    s.add_argument("query", nargs="?", default="", help="what the person is looking for")
    s.add_argument("--near", metavar="PLACE_OR_POSTCODE", help="a locality or postcode")
    s.add_argument("--radius-km", type=float, metavar="N", help="only within N km of --near")
    s.add_argument("--need", action="append", default=[], metavar="NEED", help="a need (repeatable)")
    s.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        help="hub, micro_enterprise, time_bank or group (repeatable)",
    )
    s.add_argument("--open", metavar="DAY[ HH:MM]", help="on then: 'now', 'today', 'wed' or 'wed 10:30'")
    s.add_argument("--free", action="store_true", help="free only")
    s.add_argument("--step-free", action="store_true", help="step-free access only")
    s.add_argument("--include-closed", action="store_true", help="include closed entries")
    s.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results (20)")
    s.add_argument("--json", action="store_true", help="machine-readable output")

    sh = sub.add_parser("show", parents=[common], help="everything about one asset")
    sh.add_argument("id", help="the asset's id (the first 8 characters are enough)")
    sh.add_argument("--json", action="store_true")

    a = sub.add_parser("add", parents=[common], help="add assets from a JSON file")
    a.add_argument(
        "--from-json",
        required=True,
        type=Path,
        metavar="FILE",
        help="one asset record, a list of them, or a directory file",
    )
    a.add_argument("--user", help="who is adding (default: your saved name)")

    i = sub.add_parser("import", parents=[common], help="import a directory file or an Open Referral feed")
    i.add_argument("file", type=Path, help="a file, or a folder (HSDS per-object files or CSV package)")
    i.add_argument(
        "--format",
        choices=["directory", "hsds"],
        default="directory",
        help="directory: our own format (all or nothing); hsds: HSDS 3.0/3.1, ORUK 3.0 or 1.0",
    )
    i.add_argument("--feed", help="the feed's name, so a re-import updates (default: the file name)")
    i.add_argument("--user", help="who is importing")
    i.add_argument("--verbose", action="store_true", help="list every warning, not just the count")

    e = sub.add_parser("export", parents=[common], help="export the directory to a file")
    e.add_argument("file", type=Path, help="a file (a folder for hsds-csv)")
    e.add_argument(
        "--format",
        choices=["directory", "hsds", "hsds-csv"],
        default="directory",
        help="directory: our own format; hsds: HSDS 3.0 JSON; hsds-csv: the tabular package",
    )

    p = sub.add_parser("places", parents=[common], help="the localities and postcode areas known offline")
    p.add_argument("--json", action="store_true")

    cli_lists.register(sub, common)
    cli_history.register(sub, common)
    cli_backup.register(sub, common)
    n = sub.add_parser("needs", parents=[common], help="the needs taxonomy and its plain words")
    n.add_argument("--json", action="store_true")
    return parser


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _search(directory: Directory, args: argparse.Namespace) -> int:
    query = directory.make_query(
        args.query,
        near=args.near,
        radius_km=args.radius_km,
        needs=args.need,
        kinds=args.kind,
        open_on=args.open,
        free_only=args.free,
        step_free_only=args.step_free,
        include_closed=args.include_closed,
        limit=args.limit,
    )
    outcome = directory.search(query)
    if args.json:
        _print_json([result_json(r) for r in outcome.results])
        return 0
    print(format_results(outcome, query))
    if not outcome.results:
        for option in directory.relaxations(query)[:4]:
            print(f"  {option.label}: {option.count} found")
    return 0


def _add(directory: Directory, args: argparse.Namespace) -> int:
    data = read_json(args.from_json)
    if isinstance(data, dict) and "assets" in data:
        records = data["assets"]
    elif isinstance(data, list):
        records = data
    else:
        records = [data]
    if not isinstance(records, list):
        raise DirectoryError(f"{args.from_json}: expected an asset, a list of assets or a directory file")
    added = directory.add_from_records(records, user=current_user(args.user), source=str(args.from_json))
    for asset in added:
        print(f"added {asset.id}  {asset.name}")
    return 0


def _places(directory: Directory, args: argparse.Namespace) -> int:
    gaz = directory.gazetteer
    if args.json:
        _print_json(
            {
                "localities": [
                    {
                        "name": loc.name,
                        "area": loc.area_name,
                        "aliases": list(loc.aliases),
                        "latitude": loc.point[0],
                        "longitude": loc.point[1],
                    }
                    for loc in gaz.localities.values()
                ],
                "postcodes": [
                    {
                        "code": p.code,
                        "level": p.level,
                        "locality": p.locality,
                        "in_borough": p.in_borough,
                        "latitude": p.point[0],
                        "longitude": p.point[1],
                    }
                    for p in gaz.postcodes.values()
                ],
            }
        )
        return 0
    by_area: dict[str, list[str]] = {}
    for loc in gaz.localities.values():
        by_area.setdefault(loc.area_name, []).append(loc.name)
    for area, names in sorted(by_area.items()):
        print(f"{area}:\n  {', '.join(sorted(names))}")
    districts = sorted(p.code for p in gaz.postcodes.values() if p.level == "district")
    print(f"Postcode districts: {', '.join(districts)}")
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
    from asset_map.interop.hsds import import_hsds

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
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.resolve(getattr(args, "db", None), online=getattr(args, "online", None))
    if args.command is None:
        from asset_map.app import run_app

        return run_app(settings)
    if args.command in {"backup", "restore"}:
        return cli_backup.run(settings, args)
    directory = Directory.open(settings)
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
            if args.format == "hsds":
                return _import_hsds(directory, args)
            report = directory.import_file(args.file, user=current_user(args.user))
            print(f"imported {args.file}: {report}")
            return 0
        if args.command == "export":
            if args.format in {"hsds", "hsds-csv"}:
                from asset_map.interop.hsds import export_hsds

                count = export_hsds(directory, args.file, tabular=args.format == "hsds-csv")
            else:
                count = directory.export_file(args.file)
            print(f"exported {count} assets to {args.file}")
            return 0
        if args.command == "places":
            return _places(directory, args)
        if args.command == "needs":
            return _needs(directory, args)
        if args.command == "list":
            return cli_lists.run(directory, args)
        if args.command == "history":
            return cli_history.history(directory, args)
        if args.command == "archive":
            return cli_history.archive(directory, args)
    finally:
        directory.close()
    parser.error(f"unknown command {args.command}")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: user errors are one clear message on stderr and a non-zero exit."""
    try:
        return run(argv)
    except FileRejected as exc:
        print(f"asset-map: {visible(str(exc))}", file=sys.stderr)
        return 1
    except (DirectoryError, StoreError, PlaceNotFound) as exc:
        print(f"asset-map: {visible(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # only the HSDS errors, imported late to keep start-up quick
        from asset_map.interop.hsds import HsdsExportError
        from asset_map.interop.hsds.schemas import SchemaFilesMissing

        if isinstance(exc, HsdsExportError | SchemaFilesMissing):
            print(f"asset-map: {visible(str(exc))}", file=sys.stderr)
            return 1
        raise
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
