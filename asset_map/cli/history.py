"""`asset-map history` and `asset-map archive`: see every change, go back to any version."""

from __future__ import annotations

import argparse
import json
from typing import Any

from asset_map.config import current_user
from asset_map.directory.changes import change_json, change_lines, when
from asset_map.directory.facade import Directory
from asset_map.validation import visible


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    h = sub.add_parser("history", parents=[common], help="every change to an asset; restore a version")
    h.add_argument("id", help="asset id (or the start of it)")
    h.add_argument("--restore", type=int, metavar="VERSION", help="make the asset as it was at VERSION")
    h.add_argument("--json", action="store_true")
    h.add_argument("--user", help="your name (default: ASSET_MAP_USER, else your saved name)")
    a = sub.add_parser("archive", parents=[common], help="archive an asset (soft: --undo brings it back)")
    a.add_argument("id", help="asset id (or the start of it)")
    a.add_argument("--undo", action="store_true", help="bring an archived asset back")
    a.add_argument("--user", help="your name")


def history(directory: Directory, args: argparse.Namespace) -> int:
    asset = directory.get(args.id)
    if args.restore is not None:
        restored = directory.restore_version(asset.id, args.restore, user=current_user(args.user))
        print(f"{restored.name}: version {args.restore} restored as version {restored.version}")
        return 0
    changes = directory.history(asset.id)
    if args.json:
        print(json.dumps([change_json(c) for c in changes], ensure_ascii=False, indent=2))
        return 0
    print(f"{asset.name} (now version {asset.version})")
    if not changes:
        print("  no changes recorded yet")
    for change in changes:
        print(f"  v{change.version:<3} {when(change.at)}  {visible(change.by)}  {visible(change.action)}")
        for line in change_lines(change):
            print(f"        {line}")
    return 0


def archive(directory: Directory, args: argparse.Namespace) -> int:
    asset = directory.get(args.id)
    user = current_user(args.user)
    if args.undo:
        directory.restore(asset.id, user=user)
        print(f"{asset.name} is back in the directory")
    else:
        directory.archive(asset.id, user=user)
        print(f"{asset.name} archived (undo with: asset-map archive {str(asset.id)[:8]} --undo)")
    return 0
