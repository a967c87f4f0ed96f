"""The command line: the same jobs as the TUI, for scripts. No arguments opens the TUI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from asset_map import __version__
from asset_map.config import Settings
from asset_map.errors import AssetMapError
from asset_map.interop.errors import FileRejected
from asset_map.startup import collector_paused


def at_least_one(text: str) -> int:
    """A count of results: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: must be 1 or more")
    return value


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
    from asset_map import cli_backup, cli_history, cli_lists  # they load the directory layer

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
    s.add_argument("--limit", type=at_least_one, default=20, metavar="N", help="at most N results (20)")
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
        choices=["auto", "directory", "hsds"],
        default="auto",
        help="auto (recognised from the file, the default); directory: our own format (all or "
        "nothing); hsds: Open Referral, HSDS 3.0/3.1, ORUK 3.0 or 1.0",
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


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.resolve(getattr(args, "db", None), online=getattr(args, "online", None))


def run(argv: Sequence[str] | None = None) -> int:
    """No command opens the TUI, decided before the full parser is built: the commands' modules
    load the directory layer (SQLAlchemy and the rest, most of a second), which the TUI loads
    only once its first screen is on the terminal."""
    args, rest = _common().parse_known_args(argv)
    if not rest:
        from asset_map.app import run_app

        return run_app(_settings(args))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in {"backup", "restore"}:
        from asset_map import cli_backup

        return cli_backup.run(_settings(args), args)
    with collector_paused():
        from asset_map.cli_commands import run_command

    return run_command(_settings(args), args, parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: user errors are one clear message on stderr and a non-zero exit."""
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a folder that cannot be written: one line, no traceback
        from asset_map.validation import visible

        where = f"{exc.filename}: " if exc.filename else ""
        print(f"asset-map: {visible(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _for_the_user(exc):
            raise
        from asset_map.validation import visible

        print(f"asset-map: {visible(str(exc))}", file=sys.stderr)
        return 1


def _for_the_user(exc: Exception) -> bool:
    """A problem the user can act on: said in one line, never a traceback. The HSDS errors
    are imported only when something has gone wrong, to keep start-up quick."""
    if isinstance(exc, FileRejected | AssetMapError):
        return True
    from asset_map.interop.hsds import HsdsExportError
    from asset_map.interop.hsds.schemas import SchemaFilesMissing

    return isinstance(exc, HsdsExportError | SchemaFilesMissing)
