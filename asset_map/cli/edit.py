"""`asset-map edit ID --set FIELD=VALUE…`: change some fields of an entry from a script.

The values are checked as the app's edit form checks them (`forms.edited_asset`). With
`--expect-version N` the edit is saved only if the entry is still at version N: when someone
changed it since, nothing is saved, the command says who changed what, and exits with 3, so a
script (or a person) can read the new version and decide.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from asset_map.config import current_user
from asset_map.directory.changes import change_lines, when
from asset_map.directory.facade import Directory
from asset_map.directory.forms import edited_asset, says_the_same
from asset_map.errors import EditConflict
from asset_map.store import repo
from asset_map.validation import visible

CHANGED_SINCE = 3  # the exit status when the entry changed since the version expected


def _assignment(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write FIELD=VALUE, e.g. phone='01375 111111'")
    return name.strip(), value


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    e = sub.add_parser("edit", parents=[common], help="change fields of an entry, checked as the form does")
    e.add_argument("id", help="the entry's id (or the start of it)")
    e.add_argument(
        "--set",
        dest="assignments",
        type=_assignment,
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help="a field and its new value, as typed in the edit form (repeatable; an empty value clears)",
    )
    e.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="save only if the entry is still at version N; else say who changed what, exit 3",
    )
    e.add_argument("--user", help="who is editing (default: ASSET_MAP_USER, else your saved name)")


def _changed_since(directory: Directory, asset_id: Any, version: int) -> list[str]:
    """Who changed what after `version`, oldest first, as lines for the person."""
    lines: list[str] = []
    for change in reversed(directory.history(asset_id)):
        if change.version > version:
            who, what = visible(change.by), visible(change.action)
            lines.append(f"  v{change.version} {when(change.at)}  {who}  {what}")
            lines += [f"      {line}" for line in change_lines(change)]
    return lines


def edit(directory: Directory, args: argparse.Namespace) -> int:
    asset = directory.get(args.id)
    expected = args.expect_version
    if expected is not None and asset.version != expected:
        return _refused(directory, asset.id, asset.name, expected, asset.version)
    changed, errors = edited_asset(asset, dict(args.assignments))
    if changed is None:
        for name, message in errors.items():
            print(f"asset-map: {asset.name}: {name}: {visible(message)}", file=sys.stderr)
        return 1
    before = asset.version
    if says_the_same(changed, repo.asset_to_in(asset)):
        print(f"{asset.name}: nothing changed (still version {before})")
        return 0
    try:
        saved = directory.update(asset.id, changed, user=current_user(args.user), expected_version=before)
    except EditConflict:  # someone saved between our reading and our writing
        return _refused(directory, asset.id, asset.name, expected if expected is not None else before, None)
    print(f"{saved.name}: saved as version {saved.version}")
    return 0


def _refused(directory: Directory, asset_id: Any, name: str, expected: int, now: int | None) -> int:
    now = now if now is not None else directory.get(asset_id).version
    print(
        f"asset-map: {name} is at version {now}, not {expected}: nothing was saved. Changed since:",
        file=sys.stderr,
    )
    for line in _changed_since(directory, asset_id, expected):
        print(line, file=sys.stderr)
    return CHANGED_SINCE
