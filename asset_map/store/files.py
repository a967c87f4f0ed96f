"""Files as the app reads and writes them: a database read without writing beside it, and
any file we write (an export, the saved index, a printout) written whole or not at all. The
standard library only: the first screen reads through this before the database layer loads."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

PARTIAL_SUFFIX = ".part"  # a file being written: ".<name>.<8 random letters>.part" beside it


def index_beside(db_file: Path) -> Path:
    """Where the saved search index of an SQLite file lives."""
    return db_file.with_name(db_file.name + ".index")


@contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """A handle to write `path` through. The bytes go to a new private file (0600) beside it,
    synced and renamed over `path` only when the block ends without an error; on any failure
    (a full disk, an exception, Ctrl+C) that file is removed and `path` is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(partial).replace(path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def partial_files(path: Path) -> list[Path]:
    """What `written_whole` left half-written for `path` (a process killed while writing)."""
    return [p for p in path.parent.glob(f".{glob.escape(path.name)}.*{PARTIAL_SUFFIX}") if p.is_file()]


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
