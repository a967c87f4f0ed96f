"""Getting a connection list onto paper: the system's `lp` where a printer is set up, else a file.

Whatever the route, the copy is frozen with the list only once it has been handed over
(written or accepted by the print queue), so the record says what the resident really got.
Printouts are personal data: files are 0600 in a 0700 folder, and their names and the print
queue's job title carry the list's id, never the resident's reference (a folder listing, the
printer's queue and its job history are seen by others).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asset_map.config import data_dir, printouts_dir, private_folder
from asset_map.lists.document import ListDocument
from asset_map.lists.render import to_html, to_text
from asset_map.lists.service import ConnectionLists, ListError, Purged
from asset_map.store.files import written_whole

LP_TIMEOUT_S = 20
SHORT_ID = 8  # as `list show` prints ids
# connections-<list id>-<date>.<format>, and a half-written one: .<that>.<random>.part
PRINTOUT_NAME = re.compile(
    r"^\.?connections-(?P<id>[0-9a-f]{8})-(?:\d{4}-\d{2}-\d{2}|undated)\.(?:pdf|txt|html)"
    r"(?:\.[a-z0-9_]{8}\.part)?$"
)


@dataclass(frozen=True)
class Printed:
    """Where the copy went, and the copy itself (with what changed since the last one)."""

    document: ListDocument
    path: Path | None = None
    printer: str | None = None

    def __str__(self) -> str:
        where = f"sent to the printer {self.printer}" if self.printer else f"saved to {self.path}"
        return f"The list for {self.document.resident_ref} was {where}."


def render(document: ListDocument, fmt: str) -> bytes:
    if fmt == "pdf":
        from asset_map.lists.pdf import to_pdf  # fpdf2 is loaded only when printing

        return to_pdf(document)
    if fmt == "txt":
        return to_text(document).encode("utf-8")
    if fmt == "html":
        return to_html(document).encode("utf-8")
    raise ListError(f"format: {fmt!r} is not one of pdf, txt, html")


def printouts_folder() -> Path:
    """The printouts folder, made (or tightened to) 0700: saved copies are personal data."""
    try:
        data_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
        return private_folder(printouts_dir())
    except OSError as exc:
        raise ListError(f"cannot use the printouts folder {printouts_dir()}: {exc.strerror or exc}") from None


def short_id(list_id: uuid.UUID) -> str:
    return list_id.hex[:SHORT_ID]


def file_name(list_id: uuid.UUID, document: ListDocument, fmt: str) -> str:
    """Named by the list's id and the day, never the resident's reference: file names are seen
    in folder listings, recent-file menus and print queues. The id also lets a purge find
    every copy of a purged list."""
    made_on = document.made_on if re.fullmatch(r"\d{4}-\d{2}-\d{2}", document.made_on) else "undated"
    return f"connections-{short_id(list_id)}-{made_on}.{fmt}"


def default_printer() -> str | None:
    """The system's default print queue, when `lp` is installed and one is set up."""
    if shutil.which("lp") is None:
        return None
    if os.environ.get("PRINTER", "").strip():
        return os.environ["PRINTER"].strip()
    if shutil.which("lpstat") is None:
        return None
    try:
        answer = subprocess.run(
            ["lpstat", "-d"], capture_output=True, text=True, timeout=LP_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"destination:\s*(\S+)", answer.stdout)
    return found.group(1) if found else None


def send_to_printer(data: bytes, *, printer: str, job_title: str, suffix: str) -> None:
    """Hand the copy to `lp` from a private temporary file (0600 in a 0700 folder, removed at
    once); the job title is what the queue shows everyone, so it never names the resident."""
    with tempfile.TemporaryDirectory(prefix="asset-map-print-") as folder:
        path = Path(folder) / f"list{suffix}"
        with written_whole(path) as handle:
            handle.write(data)
        try:
            done = subprocess.run(
                ["lp", "-d", printer, "-t", job_title, str(path)],
                capture_output=True,
                text=True,
                timeout=LP_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise ListError(f"the printer {printer} did not take the list: {exc}") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no reason given"]
        raise ListError(f"the printer {printer} did not take the list: {reason[0]}")


def write_file(data: bytes, path: Path) -> None:
    """Write whole or not at all: a half-written list is never left under the final name. The
    file is private to the user (0600), as is a folder made for it (0700)."""
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.write_bytes(data)  # a device, pipe or link (/dev/stdout): never replaced
            return
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with written_whole(path) as handle:
            handle.write(data)
    except OSError as exc:
        raise ListError(f"cannot save the list to {path}: {exc.strerror or exc}") from None


def print_list(
    lists: ConnectionLists,
    list_id: uuid.UUID,
    *,
    fmt: str = "pdf",
    output: Path | None = None,
    use_printer: bool = True,
    user: str,
) -> Printed:
    """Print to `output`, else to the default printer (PDF and text), else to a saved file."""
    document = lists.document(list_id)
    data = render(document, fmt)
    printer = default_printer() if output is None and use_printer and fmt != "html" else None
    name = file_name(list_id, document, fmt)
    if printer is not None:
        send_to_printer(data, printer=printer, job_title=name, suffix=f".{fmt}")
        result = Printed(document, printer=printer)
    else:
        path = output or printouts_folder() / name
        write_file(data, path)
        result = Printed(document, path=path)
    lists.record_printing(list_id, document, user=user)
    return result


def purge_printouts(purged: Purged, older_than_days: int) -> int:
    """Saved copies in the printouts folder that go with a purge: every copy of a purged list,
    whatever its date (a re-printed copy too); copies of lists that no longer exist, and files
    not named by a list's id (saved before printouts were), by the purge's age. Copies of the
    lists that remain stay, and so does anything outside the printouts folder."""
    folder = printouts_dir()
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than_days * 86_400
    gone = _short_ids(purged.removed) - _short_ids(purged.kept)  # a shared prefix keeps the file
    kept = _short_ids(purged.kept)
    removed = 0
    for path in folder.iterdir():
        if not path.is_file() or path.is_symlink():
            continue
        named = PRINTOUT_NAME.match(path.name)
        owner = named.group("id") if named else None
        if owner in kept:
            continue
        if owner in gone or path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _short_ids(ids: Iterable[uuid.UUID]) -> set[str]:
    return {short_id(i) for i in ids}
