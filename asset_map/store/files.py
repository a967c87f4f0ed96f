"""Reading a database file without writing beside it (the standard library only: the first
screen reads through this before the database layer has loaded)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def read_only_here(path: Path) -> bool:
    """The file is there but cannot be changed from here: a read-only folder or share, a file
    of someone else's. It can still be searched and read."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def read_uri(path: Path) -> str:
    """An SQLite URI reading the file without writing beside it. Where nothing can be written,
    a WAL database can only be read as immutable (SQLite cannot make its shared-memory file),
    unless a writer elsewhere has that file open already."""
    uri = f"file:{quote(str(path))}?mode=ro"
    if read_only_here(path) and not path.with_name(path.name + "-shm").exists():
        uri += "&immutable=1"
    return uri
