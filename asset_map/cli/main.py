"""The command line: the same jobs as the app, for scripts (`asset_map.main` decides which)."""

from __future__ import annotations

from collections.abc import Sequence

from asset_map.cli.parser import build_parser, settings_of
from asset_map.startup import collector_paused


def run(argv: Sequence[str] | None) -> int:
    """Parse a command and do it."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in {"backup", "restore"}:  # on the file, before the directory is opened
        from asset_map.cli import backup as cli_backup

        return cli_backup.run(settings_of(args), args)
    if args.command == "copy":  # two databases, neither opened as the directory
        from asset_map.cli import copy as cli_copy

        return cli_copy.run(args)
    if args.command == "server":  # the server's roles, before any directory is opened
        from asset_map.cli import server as cli_server

        return cli_server.run(args, settings_of(args).db_url)
    with collector_paused():
        from asset_map.cli.commands import run_command

    return run_command(settings_of(args), args, parser)
