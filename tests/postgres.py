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


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server; yield the URL of its `postgres` database (superuser, no password)."""
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="asset-map-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    options = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
    options += " -c full_page_writes=off -c max_connections=60"
    try:
        subprocess.run(
            _as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]),
            check=True,
            capture_output=True,
        )
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
        finally:
            stop = [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]
            subprocess.run(_as_server_user(stop), capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    conninfo = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.replace("@/postgres?", f"@/{name}?")
