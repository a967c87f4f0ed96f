"""`asset-map copy SRC DST`: a whole directory from a file to a server, or back (store/copying.py)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from asset_map.config import database_url
from asset_map.store.copying import copy_directory


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    c = sub.add_parser(
        "copy", parents=[common], help="copy a whole directory between a file and a server (either way)"
    )
    c.add_argument("source", help="a database file or URL to copy from (read, never changed)")
    c.add_argument("target", help="a new file or an empty database to copy into")


def run(args: argparse.Namespace) -> int:
    source, target = database_url(args.source), database_url(args.target)
    shown: dict[str, int] = {}

    def progress(table: str, done: int) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\rcopying {table}: {done} rows")
            sys.stderr.flush()
        shown[table] = done

    copied = copy_directory(source, target, progress)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    rows = sum(copied.values())
    print(f"copied {copied.get('asset', 0)} entries ({rows} rows in {len(copied)} tables) to {args.target}")
    print("connection lists are not copied: they are residents' data and stay where they are")
    return 0
