"""Import and export from the TUI: a path, a format, a progress bar and a summary at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from asset_map.config import current_user
from asset_map.directory.facade import Directory
from asset_map.screens.base import DirectoryModal

IMPORT_FORMATS = [
    ("Recognise it from the file", "auto"),
    ("Open Referral UK / HSDS feed", "hsds"),
    ("Asset Map directory file", "directory"),
]
EXPORT_FORMATS = [
    ("Open Referral UK (HSDS 3.0 JSON)", "hsds"),
    ("Open Referral UK (CSV package)", "hsds-csv"),
    ("Asset Map directory file", "directory"),
]


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Transfer:
    """What one transfer screen does: its words, its formats and the work itself."""

    title: str
    action: str
    formats: list[tuple[str, str]]
    run: Callable[[Directory, Path, str, Progress], tuple[str, bool]]  # → (summary, changed)


class TransferScreen(DirectoryModal[bool]):
    """Shared by import and export: a path, a format, a progress bar, then a summary."""

    CSS_PATH = "transfer.tcss"
    BINDINGS = [Binding("escape", "dismiss(False)", "Close", id="transfer.close")]

    def __init__(self, directory: Directory, job: Transfer) -> None:
        super().__init__(directory)
        self.job = job
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog transfer"):
            yield Label(Text(self.job.title, style="bold"))
            yield Select(self.job.formats, value=self.job.formats[0][1], allow_blank=False, id="format")
            yield Input(placeholder="path to the file or folder", id="path")
            with Horizontal(classes="buttons"):
                yield Button(self.job.action, variant="primary", id="go")
                yield Button("Close", id="close")
            yield ProgressBar(id="progress", show_eta=False)
            with VerticalScroll(id="summary-scroll"):
                yield Static("", id="summary")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self.query_one(ProgressBar).display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "close":
            self.dismiss(self.changed)
        else:
            self._start()

    def on_input_submitted(self) -> None:
        self._start()

    def _start(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._say("Type the path of the file or folder first.")
            return
        self.query_one("#go", Button).disabled = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._say("Working…")
        self.transfer(Path(raw).expanduser(), str(self.query_one("#format", Select).value))

    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one(ProgressBar).update, total=total, progress=done)

    def _finished(self, message: str, changed: bool) -> None:
        self.changed = self.changed or changed
        bar = self.query_one(ProgressBar)
        if bar.total is None:
            bar.update(total=1, progress=1)
        self.query_one("#go", Button).disabled = False
        self._say(message)

    def _say(self, message: str) -> None:
        self.query_one("#summary", Static).update(Text(message))

    @work(thread=True, exclusive=True, group="transfer")
    def transfer(self, path: Path, kind: str) -> None:
        try:
            message, changed = self.job.run(self.directory, path, kind, self._progress)
        except Exception as exc:  # every failure is told to the user, nothing is raised
            message, changed = f"Nothing was changed.\n{exc}", False
        self.app.call_from_thread(self._finished, message, changed)


def _import(directory: Directory, path: Path, kind: str, progress: Progress) -> tuple[str, bool]:
    from asset_map.interop.sniff import sniff_format

    if (sniff_format(path) if kind == "auto" else kind) == "directory":
        report = directory.import_file(path, user=current_user())
        return f"Imported {path.name}: {report}.", True
    from asset_map.directory.hsds_import import import_hsds

    hsds = import_hsds(directory, path, user=current_user(), progress=progress)
    lines = [f"Imported {path.name}: {hsds}."]
    lines += [f"Skipped {error}" for error in hsds.skipped[:50]]
    lines += [f"No longer in the feed (kept): {m.name}" for m in hsds.missing_from_feed[:50]]
    if hsds.warnings:
        lines.append(
            f"{len(hsds.warnings)} warnings; the command line lists them: "
            "asset-map import --format hsds --verbose"
        )
    return "\n".join(lines), bool(hsds.added or hsds.updated)


def _export(directory: Directory, path: Path, kind: str, progress: Progress) -> tuple[str, bool]:
    if kind == "directory":
        count = directory.export_file(path)
    else:
        from asset_map.directory.hsds_export import export_hsds

        count = export_hsds(directory, path, tabular=kind == "hsds-csv")
    return f"Exported {count} entries to {path}.", False


IMPORT = Transfer("Import entries", "Import", IMPORT_FORMATS, _import)
EXPORT = Transfer("Export the directory", "Export", EXPORT_FORMATS, _export)


class ImportScreen(TransferScreen):
    def __init__(self, directory: Directory) -> None:
        super().__init__(directory, IMPORT)


class ExportScreen(TransferScreen):
    def __init__(self, directory: Directory) -> None:
        super().__init__(directory, EXPORT)
