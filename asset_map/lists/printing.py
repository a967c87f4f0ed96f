"""Getting a connection list onto paper: the system's `lp` where a printer is set up, else a file.

Whatever the route, the copy is frozen with the list only once it has been handed over
(written or accepted by the print queue), so the record says what the resident really got.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from asset_map.config import data_dir
from asset_map.lists.document import ListDocument
from asset_map.lists.render import to_html, to_text
from asset_map.lists.service import ConnectionLists, ListError

PRINTOUTS = "printouts"
LP_TIMEOUT_S = 20


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


def printouts_dir() -> Path:
    """Saved copies stay in the user's own data folder (they are personal data)."""
    return data_dir() / PRINTOUTS


def file_name(document: ListDocument, fmt: str) -> str:
    ascii_ref = unicodedata.normalize("NFKD", document.resident_ref).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_ref).strip("-")[:30] or "resident"
    return f"connections-{slug}-{document.made_on}.{fmt}"


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
    with tempfile.TemporaryDirectory(prefix="asset-map-print-") as folder:
        path = Path(folder) / f"list{suffix}"
        path.write_bytes(data)
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
    """Write whole or not at all: a half-written list is never left under the final name."""
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.write_bytes(data)  # a device, pipe or link (/dev/stdout): never replaced
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
        partial.write_bytes(data)
        partial.replace(path)
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
    if printer is not None:
        send_to_printer(data, printer=printer, job_title=file_name(document, fmt), suffix=f".{fmt}")
        result = Printed(document, printer=printer)
    else:
        path = output or printouts_dir() / file_name(document, fmt)
        write_file(data, path)
        result = Printed(document, path=path)
    lists.record_printing(list_id, document, user=user)
    return result


def purge_printouts(older_than_days: int) -> int:
    """Saved copies in the printouts folder older than the cut-off, removed with the lists."""
    folder = printouts_dir()
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than_days * 86_400
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
