"""Hearing of other people's writes, to bring this computer's search up to date at once.

On PostgreSQL every write transaction notifies the channel below as it commits (NOTIFY is
delivered only then, and not at all if it rolls back); a watcher LISTENs on a connection of
its own and is asked, without waiting, whether anything was heard. On an SQLite file there is
nothing to listen to: the caller compares the data's generation (one small read) instead.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

CHANNEL = "asset_map_changes"


def notify_others(session: Session, generation: str) -> None:
    """Inside a write: tell listening apps, as this transaction commits, that the data moved on."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :generation)"), {"channel": CHANNEL, "generation": generation}
        )


class ChangeWatch:
    """Whether others may have written since we last asked (never waits)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._listening: Any = None  # psycopg's connection, LISTENing (PostgreSQL only)

    def heard(self) -> bool:
        """True when others may have written: on PostgreSQL only when a notification came (or
        the listening connection had to be made again); on SQLite always (compare generations)."""
        if self.engine.dialect.name != "postgresql":
            return True
        if self._listening is None:
            return self._listen()
        try:
            for _ in self._listening.notifies(timeout=0):
                return True
            return False
        except Exception:  # the server went away: listen again when it is back; look meanwhile
            self.close()
            return True

    def _listen(self) -> bool:
        try:
            raw = self.engine.raw_connection()
            conn: Any = raw.driver_connection
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
            self._raw, self._listening = raw, conn
        except Exception:  # the driver's own errors, unwrapped: the server is away
            self._listening = None
        return True  # whatever was written before we listened (or while away): look once

    def close(self) -> None:
        if self._listening is not None:
            with suppress(Exception):  # already gone with the server
                self._raw.invalidate()  # never back into the pool: it is LISTENing
            self._listening = None
