"""A throwaway PostgreSQL server for the tests that run against both stores.

The tests start it themselves (so the README's test command needs nothing running): `initdb`
and `pg_ctl` from the PATH or the Debian packages' folder, a data folder and a socket folder
under a temporary directory, a free port, no TCP listening, and durability switched off (the
server lives for one test session). `initdb` refuses to run as root, so as root the server is
run as the `postgres` user. Where PostgreSQL is not installed, the tests that need it are
skipped with the reason, unless ASSET_MAP_TEST_POSTGRES=required (as `.ci/run` sets), when
they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REQUIRED = "ASSET_MAP_TEST_POSTGRES"
DEBIAN_BIN = Path("/usr/lib/postgresql")


class PostgresMissing(RuntimeError):
    """No PostgreSQL server programs on this machine."""


def _program(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(DEBIAN_BIN.glob("*/bin"), reverse=True):  # the newest version first
        if (folder / name).is_file():
            return str(folder / name)
    raise PostgresMissing(f"{name} not found on the PATH or in {DEBIAN_BIN}/*/bin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(args: list[str]) -> list[str]:
    """The command as the `postgres` user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


class Server:
    """A throwaway server that can be stopped and started again on the same data (for the
    tests of a server going away)."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _program("initdb"), _program("pg_ctl")
        self.root = Path(tempfile.mkdtemp(prefix="asset-map-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self.data, self.port = self.root / "data", _free_port()
        self.url = f"postgresql+psycopg://postgres@/postgres?host={self.root}&port={self.port}"
        init = [self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"]
        subprocess.run(_as_server_user(init), check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off"
        options += " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        start = [
            self.pg_ctl,
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        ]
        subprocess.run(_as_server_user(start), check=True, capture_output=True)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" keeps every commit (durability is off, so "immediate" may lose
        the last moment's, which is no loss for a server about to be removed)."""
        stop = [self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"]
        subprocess.run(_as_server_user(stop), capture_output=True)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server; yield the URL of its `postgres` database (superuser, no password)."""
    server = Server()
    try:
        server.start()
        yield server.url
    finally:
        server.remove()


def fresh_database(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    conninfo = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.replace("@/postgres?", f"@/{name}?")
