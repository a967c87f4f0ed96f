"""The command line's words: every command, its options and what they mean.

`common()` is the options every command shares (`--db`, `--online`): light enough that the
entry point can tell "no command, so the app" before anything heavy is imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from asset_map import __version__
from asset_map.config import Settings


def at_least_one(text: str) -> int:
    """A count of results: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: must be 1 or more")
    return value


def common() -> argparse.ArgumentParser:
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
    from asset_map.cli import backup as cli_backup
    from asset_map.cli import copy as cli_copy
    from asset_map.cli import edit as cli_edit
    from asset_map.cli import gaps as cli_gaps
    from asset_map.cli import history as cli_history
    from asset_map.cli import lists as cli_lists  # they load the directory layer
    from asset_map.cli import places as cli_places
    from asset_map.cli import server as cli_server

    shared = common()
    parser = argparse.ArgumentParser(
        prog="asset-map",
        parents=[shared],
        description="Community asset map: search and keep a directory of community hubs, "
        "micro-enterprises, time bank offers and community groups.",
        epilog="With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"asset-map {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    filters = _filter_options()
    s = sub.add_parser("search", parents=[shared, filters], help="search the directory")
    s.add_argument("query", nargs="?", default="", help="what the person is looking for")
    s.add_argument("--near", metavar="PLACE_OR_POSTCODE", help="a locality or postcode")
    s.add_argument("--radius-km", type=float, metavar="N", help="only within N km of --near")
    s.add_argument("--need", action="append", default=[], metavar="NEED", help="a need (repeatable)")
    s.add_argument("--include-closed", action="store_true", help="include closed entries")
    s.add_argument("--limit", type=at_least_one, default=20, metavar="N", help="at most N results (20)")
    s.add_argument("--json", action="store_true", help="machine-readable output")

    sh = sub.add_parser("show", parents=[shared], help="everything about one asset")
    sh.add_argument("id", help="the asset's id (the first 8 characters are enough)")
    sh.add_argument("--json", action="store_true")

    a = sub.add_parser("add", parents=[shared], help="add assets from a JSON file")
    a.add_argument(
        "--from-json",
        required=True,
        type=Path,
        metavar="FILE",
        help="one asset record, a list of them, or a directory file",
    )
    a.add_argument("--user", help="who is adding (default: your saved name)")

    i = sub.add_parser("import", parents=[shared], help="import a directory file or an Open Referral feed")
    i.add_argument("file", type=Path, help="a file, or a folder (HSDS per-object files or CSV package)")
    i.add_argument(
        "--format",
        choices=["auto", "directory", "hsds"],
        default="auto",
        help="auto (recognised from the file, the default); directory: our own format (all or "
        "nothing); hsds: Open Referral, HSDS 3.0/3.1, ORUK 3.0 or 1.0",
    )
    i.add_argument("--feed", help="the feed's name, so a re-import updates (default: the file name)")
    i.add_argument("--user", help="who is importing")
    i.add_argument("--verbose", action="store_true", help="list every warning, not just the count")

    e = sub.add_parser("export", parents=[shared], help="export the directory to a file")
    e.add_argument("file", type=Path, help="a file (a folder for hsds-csv)")
    e.add_argument(
        "--format",
        choices=["directory", "hsds", "hsds-csv"],
        default="directory",
        help="directory: our own format; hsds: HSDS 3.0 JSON; hsds-csv: the tabular package",
    )

    cli_gaps.register(sub, shared, filters)
    cli_places.register(sub, shared)
    cli_lists.register(sub, shared)
    cli_history.register(sub, shared)
    cli_edit.register(sub, shared)
    cli_copy.register(sub, shared)
    cli_server.register(sub, shared)
    cli_backup.register(sub, shared)
    n = sub.add_parser("needs", parents=[shared], help="the needs taxonomy and its plain words")
    n.add_argument("--json", action="store_true")
    return parser


def _filter_options() -> argparse.ArgumentParser:
    """The filters `search` and `gaps` share: a cell of the gaps matrix is that search."""
    f = argparse.ArgumentParser(add_help=False)
    f.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        help="hub, micro_enterprise, time_bank or group (repeatable)",
    )
    f.add_argument("--open", metavar="DAY[ HH:MM]", help="on then: 'now', 'today', 'wed' or 'wed 10:30'")
    f.add_argument("--free", action="store_true", help="free only")
    f.add_argument("--step-free", action="store_true", help="step-free access only")
    f.add_argument(
        "--delivery",
        action="append",
        default=[],
        metavar="WAY",
        help="in_person, home, phone or online (repeatable: any of them)",
    )
    f.add_argument(
        "--verified-recently", action="store_true", help="only entries verified in the last 12 months"
    )
    return f


def settings_of(args: argparse.Namespace) -> Settings:
    return Settings.resolve(getattr(args, "db", None), online=getattr(args, "online", None))
