"""Connection lists: build one for a resident, print it, and record what happened.

The CLI and the TUI both work through `ConnectionLists`. It reads assets from the
`Directory` but writes nothing about a resident there: the only thing that crosses over is
a "possibly closed" flag on an asset when a connection could not be reached, and that flag
names the outcome, never the list or the resident.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

from asset_map.config import LISTS_ENV, lists_url, make_private, printouts_dir
from asset_map.directory.facade import Directory
from asset_map.directory.forms import error_message
from asset_map.errors import DirectoryError
from asset_map.lists.document import (
    ListDocument,
    PrintedConnection,
    changes,
    missing_connection,
    printed_connection,
)
from asset_map.places import PlaceNotFound, Point
from asset_map.store import lists as store
from asset_map.store.db import transaction
from asset_map.store.lists import (
    Connection,
    ConnectionList,
    ConnectionNote,
    ListDetails,
    Outcome,
    Printing,
)
from asset_map.store.models import Asset

FIELD_WORDS = {
    "resident_ref": "resident reference",
    "home": "home",
    "what_matters": "what matters",
    "practitioner_contact": "your contact",
    "note": "note",
}


class ListError(DirectoryError):
    """A connection-list request that cannot be carried out, in words the user can act on."""


MAX_PURGE_DAYS = 36_500  # 100 years: older than any list, and well inside what dates can hold

WIPE_LATER = (
    "Another program is reading the connection lists (Asset Map in another window?), so the "
    "removed text is gone from the lists but a trace of it stays in the lists file until that "
    "program has finished: it is wiped the next time the lists are opened or purged, or when "
    "the last program using them is closed."
)


@dataclass(frozen=True)
class Purged:
    """What a purge removed, which lists remain (their printouts stay), and whether the
    deleted text could be wiped from the file at once."""

    removed: tuple[uuid.UUID, ...]
    kept: frozenset[uuid.UUID]
    wiped: bool

    @property
    def note(self) -> str:
        """What the user must be told when the wipe has to wait ("" when it did not)."""
        return "" if self.wiped else WIPE_LATER


@dataclass(frozen=True)
class ListSummary:
    list: ConnectionList
    connections: int
    mine: bool


@dataclass(frozen=True)
class AssetUsage:
    """How often an asset was suggested and how often people went: counts only."""

    suggested: int
    went: int

    def __str__(self) -> str:
        if not self.suggested:
            return "Not yet suggested on a connection list"
        times = "time" if self.suggested == 1 else "times"
        return f"Suggested {self.suggested} {times} on connection lists; people went {self.went}"


Typed = TypeVar("Typed", bound=SQLModel)


def validated(model: type[Typed], values: Mapping[str, Any]) -> Typed:
    """Validate what the practitioner typed; errors name the field in words."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        problems = [
            f"{FIELD_WORDS.get(str(e['loc'][0]) if e['loc'] else '', 'list')}: {error_message(e)}"
            for e in exc.errors()
        ]
        raise ListError("; ".join(problems)) from None


class ConnectionLists:
    def __init__(
        self,
        engine: Engine,
        directory: Directory,
        *,
        path: Path | None = None,
        notices: tuple[str, ...] = (),
    ) -> None:
        self.engine = engine
        self.directory = directory
        self.path = path  # the lists file, when the lists have one of their own
        # What the user should be told once, on opening: one line each, plain words.
        self.notices = notices
        self._remembered = path is None
        self.signed_in: str | None = None  # on a server: the login every list of theirs is under

    @classmethod
    def open(cls, directory: Directory, url: str | None = None) -> ConnectionLists:
        """Open (or start) the lists. `notices` then says, one line each, what the user must
        know: that the lists file had gone missing and was started again empty, and which
        files had to be made private (or could not be)."""
        db_url = str(directory.engine.url.render_as_string(hide_password=False))
        if url is None and os.environ.get(LISTS_ENV) is None and store.lists_on_server(directory.engine):
            url = db_url  # the team keeps its lists on its server, each person's their own
        opened = store.open_lists(url or lists_url(db_url))
        try:
            return cls._opened(directory, opened)
        except BaseException:
            opened.engine.dispose()
            raise

    @classmethod
    def _opened(cls, directory: Directory, opened: store.OpenedLists) -> ConnectionLists:
        notices: list[str] = []
        seen = store.lists_file_seen_on(directory.engine, opened.path) if opened.path else None
        if opened.created and opened.path is not None and seen is not None:
            notices.append(
                f"The connection lists file {opened.path} was missing (it held lists from {seen}), "
                "so an empty one was started. If it was not deleted on purpose, close Asset Map and "
                "put it back from a backup of this computer (directory backups never hold the lists)."
            )
        notices.extend(_privacy_notices(opened))
        lists = cls(opened.engine, directory, path=opened.path, notices=tuple(notices))
        if opened.engine.dialect.name == "postgresql":  # on a server, a list is its login's
            with opened.engine.connect() as conn:
                lists.signed_in = str(conn.execute(text("SELECT session_user")).scalar_one())
        lists._remembered = opened.path is None or seen is not None
        if not lists._remembered and not opened.created:  # lists made before this was remembered
            with transaction(lists.engine) as session:
                has_lists = store.count_lists(session) > 0
            if has_lists:
                lists._remember()
        if store.wipe_pending(lists.engine) and store.wipe(lists.engine, compact=False):
            store.set_wipe_pending(lists.engine, False)  # a purge's trace, wiped now
        return lists

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ lists
    def new_list(self, values: Mapping[str, Any], *, practitioner: str) -> ConnectionList:
        details = validated(ListDetails, values)
        self._home_point(details.home)  # refuse an unknown home now, not at printing
        now = self._now()
        owner = self.signed_in or practitioner
        item = ConnectionList(practitioner=owner, created_at=now, updated_at=now, **details.model_dump())
        with transaction(self.engine) as session:
            session.add(item)
        self._remember()
        return item

    def share(self, list_id: uuid.UUID, team: str) -> ConnectionList:
        """Share a list with a team on the server ("" to stop sharing): its members see it."""
        if self.signed_in is None:
            raise ListError("lists are shared with a team only on a team's server (docs/server.md)")
        with transaction(self.engine) as session:
            item = session.get(ConnectionList, list_id)
            if item is None:
                raise ListError(f"no list has the id {list_id}")
            item.team = team
            session.add(item)
        return item

    def update_details(self, list_id: uuid.UUID, values: Mapping[str, Any]) -> ConnectionList:
        details = validated(ListDetails, values)
        self._home_point(details.home)
        with transaction(self.engine) as session:
            item = self._list(session, list_id)
            for name, value in details.model_dump().items():
                setattr(item, name, value)
            self._touch(session, item)
        return item

    def get(self, ref: str | uuid.UUID) -> ConnectionList:
        """A list by its id or the first characters of it (as `list show` prints them)."""
        with transaction(self.engine) as session:
            if isinstance(ref, uuid.UUID):
                return self._list(session, ref)
            text = ref.strip().lower()
            matches = [item for item in store.all_lists(session) if str(item.id).startswith(text)]
        if len(text) < 4 or not matches:
            raise ListError(f"no connection list with id {ref!r}; `asset-map list show` lists them")
        if len(matches) > 1:
            raise ListError(f"{ref!r} starts {len(matches)} list ids; type more of it")
        return matches[0]

    def overview(self, practitioner: str) -> list[ListSummary]:
        """Every list: the practitioner's own first, each group newest first."""
        with transaction(self.engine) as session:
            counts = store.connection_counts(session)
            items = store.all_lists(session)
        me = self.signed_in or practitioner
        summaries = [ListSummary(i, counts.get(i.id, 0), i.practitioner == me) for i in items]
        return sorted(summaries, key=lambda s: not s.mine)  # stable: newest first within each

    def duplicate(
        self, list_id: uuid.UUID, values: Mapping[str, Any], *, practitioner: str
    ) -> ConnectionList:
        """A new list for a similar resident: the same connections and notes, fresh outcomes."""
        copy = self.new_list(values, practitioner=practitioner)
        with transaction(self.engine) as session:
            for item in store.connections(session, list_id):
                session.add(
                    Connection(
                        list_id=copy.id,
                        position=item.position,
                        asset_id=item.asset_id,
                        asset_name=item.asset_name,
                        note=item.note,
                    )
                )
        return copy

    def connections(self, list_id: uuid.UUID) -> list[Connection]:
        with transaction(self.engine) as session:
            return store.connections(session, list_id)

    # ------------------------------------------------------------ connections
    def add(self, list_id: uuid.UUID, asset_ref: str | uuid.UUID, note: str = "") -> Connection:
        asset = self.directory.get(asset_ref)
        note = self._note(note)
        with transaction(self.engine) as session:
            item = self._list(session, list_id)
            current = store.connections(session, list_id)
            if any(c.asset_id == asset.id for c in current):
                raise ListError(f"“{asset.name}” is already on the list for {item.resident_ref}")
            added = Connection(
                list_id=list_id, position=len(current), asset_id=asset.id, asset_name=asset.name, note=note
            )
            session.add(added)
            self._touch(session, item)
        return added

    def remove(self, connection_id: int) -> None:
        with transaction(self.engine) as session:
            item = self._connection(session, connection_id)
            session.delete(item)
            session.flush()
            store.renumber(session, store.connections(session, item.list_id))
            self._touch(session, self._list(session, item.list_id))

    def move(self, connection_id: int, offset: int) -> None:
        """Move a connection up (negative) or down the list; at either end it stays put."""
        with transaction(self.engine) as session:
            item = self._connection(session, connection_id)
            items = store.connections(session, item.list_id)
            at = next(i for i, c in enumerate(items) if c.id == connection_id)
            to = max(0, min(len(items) - 1, at + offset))
            items.insert(to, items.pop(at))
            store.renumber(session, items)
            self._touch(session, self._list(session, item.list_id))

    def set_note(self, connection_id: int, note: str) -> None:
        note = self._note(note)
        with transaction(self.engine) as session:
            item = self._connection(session, connection_id)
            item.note = note
            session.add(item)
            self._touch(session, self._list(session, item.list_id))

    def set_outcome(
        self, connection_id: int, outcome: Outcome, *, user: str, on: date | None = None
    ) -> Connection:
        """Record what happened and when (today unless said, never later: a list may be written
        up after the meeting, so an earlier day is fine); "closed" or "could not reach" sends the
        asset for review."""
        today = self.directory.today()
        on = on or today
        with transaction(self.engine) as session:
            item = self._connection(session, connection_id)
            made = self._list(session, item.list_id)
            if on > today:
                raise ListError(f"{on:%d %b %Y} is after today: record what happened once it has")
            item.outcome = outcome
            item.outcome_on = on
            session.add(item)
            self._touch(session, made)
        if outcome.needs_review:
            self._flag(item.asset_id, outcome, user)
        return item

    def _flag(self, asset_id: uuid.UUID, outcome: Outcome, user: str) -> None:
        try:
            asset = self.directory.get(asset_id)
        except DirectoryError:
            return  # gone from the directory altogether: nothing to review
        if asset.flagged_at is None and asset.archived_at is None:
            reason = f"A connection list recorded “{outcome.label.lower()}”"
            self.directory.flag(asset.id, reason=reason, user=user)

    def usage(self, asset_id: uuid.UUID) -> AssetUsage:
        with transaction(self.engine) as session:
            counts = store.outcome_counts(session, asset_id)
        return AssetUsage(sum(counts.values()), sum(n for o, n in counts.items() if o.means_went))

    # ------------------------------------------------------------ printing
    def document(self, list_id: uuid.UUID) -> ListDocument:
        """The list as it would be printed now, with what changed since the last copy."""
        now = self.directory.clock()
        with transaction(self.engine) as session:
            item = self._list(session, list_id)
            items = store.connections(session, list_id)
            last = store.last_printing(session, list_id)
        home = self._home_point(item.home)
        printed = [self._printed(c, home, now) for c in items]
        document = ListDocument(
            resident_ref=item.resident_ref,
            made_on=now.date().isoformat(),
            practitioner=item.practitioner,
            practitioner_contact=item.practitioner_contact,
            home=item.home,
            what_matters=item.what_matters,
            connections=printed,
        )
        if last is None:
            return document
        before = ListDocument.from_json(last.document)
        return replace(document, changes=changes(before, document), previous_copy_on=before.made_on)

    def record_printing(self, list_id: uuid.UUID, document: ListDocument, *, user: str) -> Printing:
        """Freeze what the resident was handed."""
        with transaction(self.engine) as session:
            printing = Printing(
                list_id=list_id, printed_by=user, printed_at=self._now(), document=document.to_json()
            )
            session.add(printing)
            self._touch(session, self._list(session, list_id))
        return printing

    def printed_copies(self, list_id: uuid.UUID) -> list[tuple[Printing, ListDocument]]:
        with transaction(self.engine) as session:
            found = store.printings(session, list_id)
        return [(p, ListDocument.from_json(p.document)) for p in found]

    def _printed(self, item: Connection, home: Point | None, now: datetime) -> PrintedConnection:
        try:
            asset = self.directory.get(item.asset_id)
            if asset.merged_into is not None:
                asset = self._merged(asset)
        except DirectoryError:
            return missing_connection(str(item.asset_id), item.asset_name, item.note)
        return printed_connection(asset, item.note, home, now)

    def _merged(self, asset: Asset) -> Asset:
        """Follow a merged-away duplicate to the entry it was merged into."""
        seen = {asset.id}
        while asset.merged_into is not None and asset.merged_into not in seen:
            seen.add(asset.merged_into)
            asset = self.directory.get(asset.merged_into)
        return asset

    # ------------------------------------------------------------ privacy
    def purge(self, older_than_days: int) -> Purged:
        """Remove, for good, lists nobody has touched for `older_than_days` days, and wipe
        their text from the file (or say when it will be, if another reader holds it)."""
        if not 0 <= older_than_days <= MAX_PURGE_DAYS:
            raise ListError(
                f"--older-than must be between 0 and {MAX_PURGE_DAYS:,} days (100 years), "
                f"not {older_than_days:,}"
            )
        cutoff = self._now() - timedelta(days=older_than_days)
        with transaction(self.engine) as session:
            doomed = store.lists_older_than(session, cutoff)
            store.delete_lists(session, doomed)
            kept = frozenset(item.id for item in store.all_lists(session))
        wiped = store.wipe(self.engine)  # every purge: it also finishes one that had to wait
        store.set_wipe_pending(self.engine, not wiped, since=self._now())
        return Purged(tuple(doomed), kept, wiped)

    def _remember(self) -> None:
        """Note in the directory that this lists file holds lists, so that losing it is noticed."""
        if not self._remembered and self.path is not None:
            store.remember_lists_file(self.directory.engine, self.path, self.directory.today())
            self._remembered = True

    # ------------------------------------------------------------ helpers
    def _home_point(self, home: str) -> Point | None:
        if not home.strip():
            return None
        try:
            return self.directory.gazetteer.resolve(home).point
        except PlaceNotFound as exc:
            raise ListError(f"home: {exc}") from None

    @staticmethod
    def _note(note: str) -> str:
        return validated(ConnectionNote, {"note": note}).note

    @staticmethod
    def _list(session: Session, list_id: uuid.UUID) -> ConnectionList:
        item = session.get(ConnectionList, list_id)
        if item is None:
            raise ListError("that connection list no longer exists (it may have been purged)")
        return item

    @staticmethod
    def _connection(session: Session, connection_id: int) -> Connection:
        item = session.get(Connection, connection_id)
        if item is None:
            raise ListError("that connection is no longer on the list")
        return item

    def _now(self) -> datetime:
        """The directory's clock (fixed in tests) as UTC, like every stored time."""
        return self.directory.clock().astimezone(UTC)

    def _touch(self, session: Session, item: ConnectionList) -> None:
        item.updated_at = self._now()
        session.add(item)


def _privacy_notices(opened: store.OpenedLists) -> list[str]:
    """Files and folders with residents' data made private on opening (said once: the next
    time they already are), and any that could not be."""
    tightened = [f"the connection lists file {opened.path}"] if opened.tightened else []
    failed = list(opened.not_private)
    folder = printouts_dir()
    if folder.is_dir():
        try:
            loose = [p for p in (folder, *folder.iterdir()) if make_private(p)]
        except OSError as exc:
            failed.append(f"{folder}: {exc.strerror or exc}")
        else:
            if loose:
                tightened.append(f"the saved printouts in {folder}")
    notices = []
    if tightened:
        what = " and ".join(tightened)
        notices.append(f"Other users of this computer could read {what}; now only you can.")
    if failed:
        notices.append(f"Could not make residents' data private to you: {'; '.join(failed)}")
    return notices
