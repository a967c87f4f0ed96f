"""`asset-map`: with no command, the terminal app; with one, the command line.

Decided from the shared options alone, before anything heavy is imported: the commands load
the directory layer (SQLAlchemy and the rest, most of a second), which the app loads only
once its first screen is on the terminal. Whichever runs, a problem the person can act on is
one clear line on stderr and a non-zero exit, never a traceback (docs/cli.md).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from asset_map.cli.parser import common, settings_of
from asset_map.errors import AssetMapError


def run(argv: Sequence[str] | None = None) -> int:
    args, rest = common().parse_known_args(argv)
    if not rest:
        from asset_map.app import run_app

        return run_app(settings_of(args))
    from asset_map.cli.main import run as run_command_line

    return run_command_line(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: user errors are one clear message on stderr and a non-zero exit."""
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a folder that cannot be written: one line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        return _said(where + (exc.strerror or str(exc)))
    except AssetMapError as exc:
        return _said(str(exc))


def _said(message: str) -> int:
    from asset_map.validation import visible

    print(f"asset-map: {visible(message)}", file=sys.stderr)
    return 1
