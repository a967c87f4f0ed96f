"""Reading a feed, whatever its shape, into one list of nested HSDS 3 services.

Shapes: one service (`/services/{id}`), a paginated list (`contents[]`, HSDS 3.0/3.1 and
ORUK 3.0), an organisation with its services, a service-at-location with its service,
legacy ORUK 1.0 pages (`content[]`), the JSON tabular view (`"services.csv": [...]`), a
folder of such files (e.g. one file per page or per object), and a folder of CSV files (the
tabular package). The same service met twice (a folder of examples) is merged into one.

Nothing a feed says makes us read outside what the user named: every file read from a folder,
and every path a datapackage.json gives, must be inside that folder (links followed).
"""

from __future__ import annotations

import csv
import io
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from asset_map.interop.directory_file import MAX_FILE_BYTES, read_json
from asset_map.interop.errors import FileRejected, RecordError
from asset_map.interop.hsds import legacy, tabular
from asset_map.store.models import AssetFields
from asset_map.validation import max_length

# The longest text any field keeps (description, 5,000), and the most one CSV cell may hold:
# twenty times that leaves room for HTML around a description and for the HSDS fields we do
# not read. A longer cell refuses the file (naming row and column); a shorter one that is
# still too long for its field is cut to the field's limit with a warning naming the record.
LONGEST_FIELD = max(
    max_length(AssetFields, name) for name, f in AssetFields.model_fields.items() if f.annotation is str
)
MAX_CELL_CHARS = 20 * LONGEST_FIELD
_CSV_LIMIT = threading.Lock()  # csv.field_size_limit is one setting for the whole process


@dataclass
class Feed:
    services: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)
    pages: dict[str, set[int]] = field(default_factory=dict)  # series -> page numbers seen
    page_counts: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """False when only some pages of a paginated feed are here (so none can be 'missing')."""
        return all(len(self.pages.get(k, ())) >= n for k, n in self.page_counts.items())


def _reject(path: Path, message: str) -> FileRejected:
    return FileRejected(str(path), [RecordError(None, "", message)])


def _is_file(path: Path) -> bool:
    """Path.is_file, False for names the system cannot even look up (too long, NUL)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _within(folder: Path, path: Path) -> bool:
    """Whether path, every link followed, is inside folder."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):  # unreadable name, link loop
        return False


def _inside(folder: Path, path: Path) -> Path:
    """path, or FileRejected when it is a link leading out of the folder the user named."""
    if not _within(folder, path):
        raise _reject(path, f"a link to a file outside {folder}; only files inside the folder are read")
    return path


def _path_problem(folder: Path, value: Any) -> str | None:
    """Why a datapackage.json resource path may not be read, or None: it must name a file
    inside the package's folder (not absolute, no '..', no drive, no web address, no link out)."""
    if not isinstance(value, str) or not value.strip():
        return f"path {value!r:.80} is not a file name"
    shown = repr(value[:80])
    if "://" in value:
        return f"path {shown} is a web address; only files inside the package's folder are read"
    if "\x00" in value:
        return f"path {shown} is not a file name"
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.drive or windows.root or ".." in posix.parts + windows.parts:
        return f"path {shown} leads outside the package's folder; only files inside it are read"
    if not _within(folder, folder / value):
        return f"path {shown} is a link leading outside the package's folder; only files inside it are read"
    return None


def _resource_paths(descriptor: Path, folder: Path) -> dict[str, str]:
    """Table name -> the file datapackage.json gives it, after checking every path it names."""
    package = read_json(_inside(folder, descriptor))
    resources = package.get("resources") if isinstance(package, dict) else None
    found: dict[str, str] = {}
    for number, resource in enumerate(resources if isinstance(resources, list) else [], start=1):
        if not isinstance(resource, dict) or resource.get("path") in (None, "", []):
            continue
        name = resource.get("name") if isinstance(resource.get("name"), str) else ""
        label = f"resource {number}" + (f" ({name[:60]!r})" if name else "")
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        for value in paths:
            problem = _path_problem(folder, value)
            if problem:
                raise _reject(descriptor, f"{label}: {problem}")
        if name in tabular.TABLES and len(paths) > 1:
            raise _reject(descriptor, f"{label}: split over {len(paths)} files; one file per table is read")
        if name in tabular.TABLES:
            found[name] = paths[0]
    return found


def _is_service(item: dict[str, Any]) -> bool:
    return "name" in item and ("status" in item or "organization" in item or "service_at_locations" in item)


def _add_page(feed: Feed, series: str, number: Any, total: Any) -> None:
    if isinstance(total, int) and total > 1:
        feed.page_counts[series] = max(total, feed.page_counts.get(series, 0))
        feed.pages.setdefault(series, set()).add(number if isinstance(number, int) else -1)


def _take(feed: Feed, item: Any, where: str) -> None:
    """Add the services one JSON value holds (recursing into wrappers)."""
    if isinstance(item, list):
        for each in item:
            _take(feed, each, where)
        return
    if not isinstance(item, dict):
        return
    if isinstance(item.get("contents"), list):
        feed.shapes.add("HSDS 3 paginated list")
        _add_page(feed, "hsds", item.get("page_number"), item.get("total_pages"))
        _take(feed, item["contents"], where)
    elif isinstance(item.get("content"), list):
        feed.shapes.add("ORUK 1.0 page")
        _add_page(feed, "oruk1", item.get("number"), item.get("totalPages"))
        _take(feed, item["content"], where)
    elif any(str(k).endswith(".csv") for k in item):
        feed.shapes.add("HSDS 3 tabular JSON")
        tables = {}
        for name, (path, _) in tabular.TABLES.items():
            rows = item.get(path, [])
            if not (isinstance(rows, list) and all(isinstance(r, dict) for r in rows)):
                feed.notes.append(f"{where}: {path} is not a list of rows (objects); the rest is left out")
            tables[name] = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
        feed.services += tabular.nest(tables)
    elif isinstance(item.get("service"), dict) and "location" in item:
        feed.shapes.add("HSDS 3 service at location")
        sal = {k: v for k, v in item.items() if k != "service"}
        service = dict(item["service"])
        service.setdefault("service_at_locations", [sal])
        _take(feed, service, where)
    elif isinstance(item.get("services"), list) and "status" not in item:
        feed.shapes.add("HSDS 3 organization")
        org = {k: v for k, v in item.items() if k != "services"}
        for service in item["services"]:
            if isinstance(service, dict):
                _take(feed, {"organization": org} | service, where)
    elif _is_service(item):
        if legacy.is_legacy(item):
            feed.shapes.add("ORUK 1.0")
            feed.services.append(legacy.reshape(item))
        else:
            feed.shapes.add("HSDS 3 service")
            feed.services.append(item)
    else:
        feed.notes.append(f"{where}: {_what(item)}, not a service; nothing taken from it")


def _what(item: dict[str, Any]) -> str:
    """A guess at what a JSON object that is not a service is, for the report."""
    if "openapi_url" in item:
        return "the API's description"
    if "location_type" in item or "addresses" in item:
        return "a location"
    if "term_uri" in item or "taxonomy_detail" in item or "taxonomy_id" in item:
        return "a taxonomy term"
    if "version" in item and "uri" in item:
        return "a taxonomy"
    if "name" in item and ("website" in item or "legal_status" in item or "organization_identifiers" in item):
        return "an organisation without services"
    return "an object of another kind"


def _merge(services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One service per id: the fullest version, its gaps filled from the others."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    order: list[str] = []
    for index, service in enumerate(services):
        key = str(service.get("id")) if service.get("id") not in (None, "") else f"#{index}"
        if key not in by_id:
            order.append(key)
        by_id.setdefault(key, []).append(service)
    merged = []
    for key in order:
        versions = sorted(by_id[key], key=lambda s: -len(json.dumps(s, default=str)))
        combined: dict[str, Any] = {}
        for version in versions:
            for name, value in version.items():
                if combined.get(name) in (None, "", []):
                    combined[name] = value
        merged.append(combined)
    return merged


def _long_cell(text: str) -> str | None:
    """Where the first cell over MAX_CELL_CHARS is ("row 2 (line 2), column 'description': …"),
    read again with no limit; the caller holds _CSV_LIMIT."""
    csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    for row, cells in enumerate(reader, start=1):
        header = header or cells
        for index, value in enumerate(cells):
            if len(value) > MAX_CELL_CHARS:
                named = row > 1 and index < len(header) and len(header[index]) <= 60
                column = repr(header[index]) if named else f"number {index + 1}"
                return (
                    f"row {row} (line {reader.line_num}), column {column}: a cell of {len(value):,} "
                    f"characters; a cell may hold at most {MAX_CELL_CHARS:,}"
                )
    return None


def _cell(value: Any) -> Any:
    return tabular.from_cell(value) if isinstance(value, str) else value  # a short row's None stays


def _rows(path: Path, text: str) -> list[dict[str, Any]]:
    """The rows of CSV text, each cell as `tabular.from_cell` reads it, no cell over MAX_CELL_CHARS."""
    rows: list[dict[str, Any]] = []
    with _CSV_LIMIT:
        previous = csv.field_size_limit(MAX_CELL_CHARS)
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""))
            try:
                for row in reader:
                    rows.append({k: _cell(v) for k, v in row.items()})
            except csv.Error as exc:
                where = _long_cell(text) or f"row {len(rows) + 2} (line {reader.line_num}): not CSV ({exc})"
                raise _reject(path, where) from exc
        finally:
            csv.field_size_limit(previous)
    return rows


def _read_csv(path: Path) -> list[dict[str, Any]]:
    too_big = f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _reject(path, too_big)
        with path.open("rb") as handle:  # what is read is limited, not only what stat says
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _reject(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise _reject(path, too_big)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _reject(path, f"not UTF-8 text (bad byte at position {exc.start})") from exc
    return _rows(path, text)


def _read_tables(folder: Path, feed: Feed) -> None:
    """A tabular package: file names from its datapackage.json, else the spec's names."""
    paths = {name: [path] for name, (path, _) in tabular.TABLES.items()}
    for name in paths:
        paths[name].append(f"{name}.csv")  # ORUK 3.0's descriptor names some tables singular
    descriptor = folder / "datapackage.json"
    if descriptor.exists():
        for name, path in _resource_paths(descriptor, folder).items():
            paths[name].insert(0, path)
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, candidates in paths.items():
        found = next((folder / c for c in candidates if _is_file(folder / c)), None)
        if found is not None:
            tables[name] = _read_csv(_inside(folder, found))
    if "service" not in tables:
        raise _reject(folder, "a tabular package needs services.csv; none was found")
    feed.shapes.add("HSDS 3 tabular CSV")
    feed.services += tabular.nest(tables)


def read_feed(path: Path) -> Feed:
    """Every service of a feed file or folder, or FileRejected when nothing can be read."""
    feed = Feed()
    if path.is_dir():
        if (path / "datapackage.json").exists() or any(path.glob("*.csv")):
            _read_tables(path, feed)
        else:
            files = sorted(p for p in path.glob("*.json") if p.is_file())
            if not files:
                raise _reject(path, "the folder has no .json or .csv files")
            for file in files:
                _take(feed, read_json(_inside(path, file)), file.name)
    elif path.suffix.lower() == ".csv":
        _read_tables(path.parent, feed)
    elif path.is_file():
        _take(feed, read_json(path), path.name)
    elif path.exists():  # a device or a pipe would be read for ever
        raise _reject(path, "neither a file nor a folder")
    else:
        raise _reject(path, "no such file or folder")
    feed.services = _merge(feed.services)
    feed.notes = list(dict.fromkeys(feed.notes))
    if not feed.services:
        raise _reject(path, "no services found: expected HSDS 3 or ORUK 1.0 services, pages or tables")
    return feed
