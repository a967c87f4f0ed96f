"""`asset-map server init URL --coordinator NAME` and `asset-map server add-user NAME --role R`."""

from __future__ import annotations

import argparse
import os
from typing import Any

from asset_map.store.server import GROUPS

PASSWORD_ENV = "ASSET_MAP_NEW_PASSWORD"  # a password chosen beforehand, instead of a made-up one


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("server", parents=[common], help="set up a team's PostgreSQL server, add people")
    verbs = s.add_subparsers(dest="verb", required=True, metavar="VERB")
    i = verbs.add_parser(
        "init", parents=[common], help="tables, roles and the first coordinator (connect as the owner)"
    )
    i.add_argument("url", help="postgresql://OWNER@HOST/DATABASE: the database's owner")
    i.add_argument("--coordinator", required=True, metavar="NAME", help="the first coordinator's login")
    i.add_argument(
        "--lists-on-server",
        action="store_true",
        help="keep residents' connection lists on the server, each person's under row-level security",
    )
    a = verbs.add_parser(
        "add-user", parents=[common], help="a login for one more person (--db: the owner or a coordinator)"
    )
    a.add_argument("name", help="their login name: lower case letters, digits and _")
    a.add_argument("--role", required=True, choices=list(GROUPS), help="what they may do (docs/server.md)")
    t = verbs.add_parser(
        "add-team", parents=[common], help="a team that lists can be shared with, and its members"
    )
    t.add_argument("team", help="the team's name: lower case letters, digits and _")
    t.add_argument("members", nargs="+", help="logins to put in the team")


def run(args: argparse.Namespace, db_url: str) -> int:
    from asset_map.directory import server_setup as setup  # the directory layer, only now

    if args.verb == "add-team":
        setup.add_team_members(db_url, args.team, args.members)
        print(f"{args.team}: {', '.join(args.members)} (lists shared with {args.team} are theirs to see)")
        return 0
    chosen = os.environ.get(PASSWORD_ENV) or None
    if args.verb == "init":
        password = setup.set_up_server(
            args.url, args.coordinator, chosen, lists_on_server=args.lists_on_server
        )
        print(f"the server is ready; {args.coordinator} is its coordinator")
        who = args.coordinator
        if password is None:  # set up before: the rights were granted again, the login kept
            print(f"{who} already had a login: its password is unchanged")
            return 0
    else:
        password = setup.add_user(db_url, args.name, args.role, chosen)
        article = "an" if args.role[0] in "aeiou" else "a"
        print(f"{args.name} may now sign in as {article} {args.role}")
        who = args.name
    if chosen is None:
        print(f"password for {who} (shown once; give it to them, they keep it in ~/.pgpass): {password}")
    return 0
