"""`asset-map list …`: connection lists from the command line, through the same domain as the TUI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from asset_map.config import current_user, saved_user_contact
from asset_map.directory.facade import Directory
from asset_map.directory.vocabulary import parse_past_day
from asset_map.lists.printing import (
    file_name,
    print_list,
    printouts_folder,
    purge_printouts,
    render,
    write_file,
)
from asset_map.lists.render import FORMATS
from asset_map.lists.service import ConnectionLists, ListError
from asset_map.store.lists import Connection, ConnectionList, Outcome
from asset_map.validation import visible

OUTCOMES = [o.value for o in Outcome]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    top = sub.add_parser("list", parents=[common], help="connection lists for residents")
    verbs = top.add_subparsers(dest="verb", metavar="VERB", required=True)

    new = verbs.add_parser("new", parents=[common], help="start a list for a resident")
    new.add_argument("--resident", required=True, metavar="REF", help="initials or a case number")
    new.add_argument("--home", default="", metavar="PLACE", help="postcode or locality for distances")
    new.add_argument("--matters", default="", metavar="TEXT", help="what matters to them, in their words")
    new.add_argument("--contact", metavar="TEXT", help="how they reach you (default: your saved contact)")
    new.add_argument("--from", dest="copy_of", metavar="LIST", help="start from a copy of this list")
    new.add_argument("--user", help="your name (default: ASSET_MAP_USER, else your saved name)")

    add = verbs.add_parser("add", parents=[common], help="add an asset to a list")
    add.add_argument("list", metavar="LIST")
    add.add_argument("asset", metavar="ASSET", help="asset id (or the start of it)")
    add.add_argument("--note", default="", help="why it might help")

    show = verbs.add_parser("show", parents=[common], help="one list, or every list (yours first)")
    show.add_argument("list", nargs="?", metavar="LIST")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.add_argument("--user", help="whose lists come first")

    for name, help_text in (("remove", "take a connection off"), ("note", "change a connection's note")):
        verb = verbs.add_parser(name, parents=[common], help=help_text)
        verb.add_argument("list", metavar="LIST")
        verb.add_argument("position", type=int, metavar="N", help="its number in `list show`")
        if name == "note":
            verb.add_argument("text")

    move = verbs.add_parser("move", parents=[common], help="move a connection to another place")
    move.add_argument("list", metavar="LIST")
    move.add_argument("position", type=int, metavar="N")
    move.add_argument("to", type=int, metavar="TO", help="its new number")

    out = verbs.add_parser("outcome", parents=[common], help="record what happened with a connection")
    out.add_argument("list", metavar="LIST")
    out.add_argument("position", type=int, metavar="N", help="its number in `list show`")
    out.add_argument("outcome", choices=OUTCOMES, metavar="OUTCOME", help=", ".join(OUTCOMES))
    out.add_argument(
        "--on",
        metavar="DAY",
        help="when it happened: today (the default), yesterday, mon, 28 Nov, 2026-11-28",
    )
    out.add_argument("--user", help="your name")

    prn = verbs.add_parser("print", parents=[common], help="print a list, or save it to a file")
    prn.add_argument("list", metavar="LIST")
    prn.add_argument("--format", choices=FORMATS, default="pdf")
    prn.add_argument("-o", "--output", type=Path, metavar="FILE", help="save here instead of printing")
    prn.add_argument("--copy", type=int, metavar="N", help="an earlier printed copy, exactly as given")
    prn.add_argument("--user", help="your name")

    share = verbs.add_parser("share", parents=[common], help="share a list with a team (on a team's server)")
    share.add_argument("list", help="the list's id (or the start of it)")
    share.add_argument("team", nargs="?", default="", help="the team (server add-team); none: stop sharing")

    purge = verbs.add_parser("purge", parents=[common], help="delete old lists for good")
    purge.add_argument(
        "--older-than", type=int, required=True, metavar="DAYS", help="not changed for DAYS days (0–36,500)"
    )


def open_lists(directory: Directory) -> ConnectionLists:
    """The lists, and what opening them found told on stderr (a vanished lists file, files made
    private: one line each) — by every command that opens them, so it is never missed."""
    lists = ConnectionLists.open(directory)
    for notice in lists.notices:
        warn(notice)
    return lists


def run(directory: Directory, args: argparse.Namespace) -> int:
    lists = open_lists(directory)
    try:
        return VERBS[args.verb](lists, args)
    finally:
        lists.close()


def _new(lists: ConnectionLists, args: argparse.Namespace) -> int:
    values = {
        "resident_ref": args.resident,
        "home": args.home,
        "what_matters": args.matters,
        "practitioner_contact": saved_user_contact() if args.contact is None else args.contact,
    }
    user = current_user(args.user)
    if args.copy_of:
        made = lists.duplicate(lists.get(args.copy_of).id, values, practitioner=user)
    else:
        made = lists.new_list(values, practitioner=user)
    print(f"new list {short(made)} for {made.resident_ref}")
    return 0


def _add(lists: ConnectionLists, args: argparse.Namespace) -> int:
    item = lists.get(args.list)
    added = lists.add(item.id, args.asset, note=args.note)
    print(f"added {added.asset_name} as number {added.position + 1} on {short(item)}")
    return 0


def _show(lists: ConnectionLists, args: argparse.Namespace) -> int:
    if args.list is None:
        summaries = lists.overview(current_user(args.user))
        if args.json:
            print(json.dumps([list_json(s.list, s.connections) for s in summaries], indent=2))
            return 0
        if not summaries:
            print("no connection lists yet; start one with `asset-map list new --resident REF`")
        for s in summaries:
            made, ref, count = f"{s.list.created_at:%Y-%m-%d}", s.list.resident_ref, s.connections
            print(f"{short(s.list)}  {made}  {ref:<14} {count:>2} connections  {s.list.practitioner}")
        return 0
    item = lists.get(args.list)
    found = lists.connections(item.id)
    copies = lists.printed_copies(item.id)
    if args.json:
        data = list_json(item, len(found)) | {
            "connections": [connection_json(c) for c in found],
            "printed": [f"{p.printed_at:%Y-%m-%dT%H:%M:%S}" for p, _ in copies],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"List {short(item)} for {item.resident_ref}, by {item.practitioner}")
    for label, value in (("Home", item.home), ("What matters", item.what_matters)):
        if value:
            print(f"  {label}: {value}")
    for c in found:
        when = f" on {c.outcome_on}" if c.outcome_on else ""
        print(f"  {c.position + 1}. {c.asset_name}  [{Outcome(c.outcome).label.lower()}{when}]")
        if c.note:
            print(f"     {c.note}")
    for n, (printing, _) in enumerate(copies, start=1):
        print(f"  printed copy {n}: {printing.printed_at:%Y-%m-%d %H:%M} by {printing.printed_by}")
    return 0


def _at(lists: ConnectionLists, ref: str, position: int) -> tuple[ConnectionList, Connection]:
    item = lists.get(ref)
    found = lists.connections(item.id)
    if not 1 <= position <= len(found):
        raise ListError(
            f"the list for {item.resident_ref} has {len(found)} connections; no number {position}"
        )
    return item, found[position - 1]


def _remove(lists: ConnectionLists, args: argparse.Namespace) -> int:
    _, connection = _at(lists, args.list, args.position)
    lists.remove(connection.id or 0)
    print(f"removed {connection.asset_name}")
    return 0


def _note(lists: ConnectionLists, args: argparse.Namespace) -> int:
    _, connection = _at(lists, args.list, args.position)
    lists.set_note(connection.id or 0, args.text)
    print(f"note saved for {connection.asset_name}")
    return 0


def _move(lists: ConnectionLists, args: argparse.Namespace) -> int:
    _, connection = _at(lists, args.list, args.position)
    lists.move(connection.id or 0, args.to - args.position)
    print(f"moved {connection.asset_name}")
    return 0


def _outcome(lists: ConnectionLists, args: argparse.Namespace) -> int:
    _, connection = _at(lists, args.list, args.position)
    outcome = Outcome(args.outcome)
    on = parse_past_day(args.on, lists.directory.today()) if args.on else None
    lists.set_outcome(connection.id or 0, outcome, user=current_user(args.user), on=on)
    print(f"{connection.asset_name}: {outcome.label.lower()}")
    if outcome.needs_review:
        print("  the entry is flagged for the review queue")
    return 0


def _print(lists: ConnectionLists, args: argparse.Namespace) -> int:
    item = lists.get(args.list)
    if args.copy is not None:
        copies = lists.printed_copies(item.id)
        if not 1 <= args.copy <= len(copies):
            raise ListError(f"the list for {item.resident_ref} has {len(copies)} printed copies")
        document = copies[args.copy - 1][1]
        path = args.output or printouts_folder() / file_name(item.id, document, args.format)
        write_file(render(document, args.format), path)
        print(f"printed copy {args.copy} saved to {path}")
        return 0
    done = print_list(lists, item.id, fmt=args.format, output=args.output, user=current_user(args.user))
    print(done)
    if done.document.changes:
        print(f"Changed since the copy of {done.document.previous_copy_on}:")
        for change in done.document.changes:
            print(f"  - {change}")
    return 0


def _purge(lists: ConnectionLists, args: argparse.Namespace) -> int:
    purged = lists.purge(args.older_than)
    files = purge_printouts(purged, args.older_than)
    lists_word = "list" if len(purged.removed) == 1 else "lists"
    files_word = "printout" if files == 1 else "printouts"
    print(
        f"removed {len(purged.removed)} {lists_word} not changed for {args.older_than} days "
        f"and {files} saved {files_word}"
    )
    if purged.note:
        warn(purged.note)
    return 0


def warn(text: str) -> None:
    """Something the user must know, on stderr so that scripts reading the output are not misled."""
    print(f"asset-map: {visible(text)}", file=sys.stderr)


def _share(lists: ConnectionLists, args: argparse.Namespace) -> int:
    item = lists.share(lists.get(args.list).id, args.team)
    print(f"{short(item)} is shared with {args.team}" if args.team else f"{short(item)} is yours alone again")
    return 0


VERBS = {
    "new": _new,
    "add": _add,
    "show": _show,
    "remove": _remove,
    "note": _note,
    "move": _move,
    "outcome": _outcome,
    "print": _print,
    "purge": _purge,
    "share": _share,
}


def short(item: ConnectionList) -> str:
    return str(item.id)[:8]


def list_json(item: ConnectionList, connections: int) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "resident_ref": item.resident_ref,
        "practitioner": item.practitioner,
        "home": item.home,
        "what_matters": item.what_matters,
        "created_at": f"{item.created_at:%Y-%m-%dT%H:%M:%S}",
        "connection_count": connections,
    }


def connection_json(item: Connection) -> dict[str, Any]:
    return {
        "position": item.position + 1,
        "asset_id": str(item.asset_id),
        "name": item.asset_name,
        "note": item.note,
        "outcome": str(item.outcome),
        "outcome_on": item.outcome_on.isoformat() if item.outcome_on else None,
    }
