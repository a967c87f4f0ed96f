"""Reading a feed, whatever its shape, into one numbered list of nested HSDS 3 services.

Shapes: one service (`/services/{id}`), a paginated list (`contents[]`, HSDS 3.0/3.1 and
ORUK 3.0), an organisation with its services, a service-at-location with its service,
legacy ORUK 1.0 pages (`content[]`) and list items (a bare array), the JSON tabular view
(`"services.csv": [...]`), a folder of such files (e.g. one file per page or per object), and
a folder of CSV files: the HSDS 3 tabular package, an HSDS 1.x package (its 1.x tables read
as what they are; see hsds1.py) or the 2014 Open Referral CSV (pre1.py).

Every record keeps its number: the Nth item of a list is record N, whatever happens to it.
An item that cannot be a service (a number, a location where a service belongs) is a
record refused with its reason; an id met again is refused naming the record that had it
first — except the same service (same id, same name) met in *another file* of a folder (the
spec's examples hold one service in several files), which is merged into its first record,
saying so.

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

from asset_map.interop.directory_file import MAX_FILE_BYTES, read_at_most, read_json
from asset_map.interop.errors import FileRejected, RecordError
from asset_map.interop.hsds import hsds1, legacy, pre1, tabular
from asset_map.interop.hsds.text import as_text, tidy
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

# Keys a service has that other HSDS objects (taxonomies, locations, organisations) do not.
SERVICE_KEYS = frozenset(
    {
        "status", "service_at_locations", "organization", "fees", "fees_description",
        "eligibility_description", "application_process", "regular_schedules", "service_taxonomys",
        "attending_type", "cost_options", "program_id", "accreditations", "assured_date", "deliverable_type",
    }
)  # fmt: skip


@dataclass
class Feed:
    services: list[dict[str, Any]] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)  # the file each record came from
    problems: dict[int, tuple[str, str]] = field(default_factory=dict)  # 0-based record -> (field, why)
    merged: dict[int, int] = field(default_factory=dict)  # 0-based record -> the record it joined
    record_notes: dict[int, list[str]] = field(default_factory=dict)  # what reading found, per record
    notes: list[str] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)
    pages: dict[str, set[int]] = field(default_factory=dict)  # series -> page numbers seen
    page_counts: dict[str, int] = field(default_factory=dict)
    empty: bool = False  # a page or a package that says, in its own shape, that it holds none

    @property
    def complete(self) -> bool:
        """False when only some pages of a paginated feed are here (so none can be 'missing')."""
        return all(len(self.pages.get(k, ())) >= n for k, n in self.page_counts.items())

    def add(self, service: dict[str, Any], origin: str, problem: tuple[str, str] | None = None) -> None:
        """One record, numbered by its place in the feed."""
        problem = problem or service.pop(tabular.PROBLEM, None)
        if problem is not None:
            self.problems[len(self.services)] = problem
        notes = service.pop(tabular.WARNINGS, None)
        if notes:
            self.record_notes[len(self.services)] = notes
        self.services.append(service)
        self.origins.append(origin)


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
    """Resource name -> the file datapackage.json gives it, after checking every path it names."""
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
        if name and len(paths) == 1:
            found[name] = paths[0]
    return found


def _service_like(item: dict[str, Any]) -> bool:
    return not SERVICE_KEYS.isdisjoint(item)


def _other_kind(item: dict[str, Any]) -> str | None:
    """What a JSON object that is not a service is ("a location"), or None when it may be one."""
    if _service_like(item):
        return None
    if "openapi_url" in item:
        return "the API's description"
    if "location_type" in item or "addresses" in item or "physical_addresses" in item:
        return "a location"
    if "term_uri" in item or "taxonomy_detail" in item or "taxonomy_id" in item:
        return "a taxonomy term"
    if "version" in item and "uri" in item:
        return "a taxonomy"
    if "name" in item and ("website" in item or "legal_status" in item or "organization_identifiers" in item):
        return "an organisation without services"
    return None


def _add_page(feed: Feed, series: str, number: Any, total: Any) -> None:
    if isinstance(total, int) and total > 1:
        feed.page_counts[series] = max(total, feed.page_counts.get(series, 0))
        feed.pages.setdefault(series, set()).add(number if isinstance(number, int) else -1)


def _record(feed: Feed, item: dict[str, Any], where: str) -> None:
    """One service of a feed (reshaped first when it is ORUK 1.0)."""
    if legacy.is_legacy(item):
        feed.shapes.add("ORUK 1.0")
        feed.add(legacy.reshape(item), where)
    else:
        feed.shapes.add("HSDS 3 service")
        feed.add(item, where)


def _wrapper(item: dict[str, Any]) -> bool:
    """Whether a JSON object holds services rather than being one (a page, a tabular view…)."""
    return (
        isinstance(item.get("contents"), list)
        or isinstance(item.get("content"), list)
        or any(str(k).endswith(".csv") for k in item)
        or (isinstance(item.get("service"), dict) and "location" in item)
        or (isinstance(item.get("services"), list) and "status" not in item)
    )


def _take_list(feed: Feed, items: list[Any], where: str) -> None:
    """A list of services: each item is a record, numbered, even one that cannot be a service.
    A list of something else (taxonomies, locations) is noted and left alone."""
    objects = [i for i in items if isinstance(i, dict)]
    others = [_other_kind(i) for i in objects if not _wrapper(i)]
    if others and all(others) and len(others) == len(items):
        kinds = sorted({str(o) for o in others})
        feed.notes.append(
            f"{where}: a list of {len(items)} ({', '.join(kinds)}), not services; nothing taken"
        )
        return
    for item in items:
        if isinstance(item, dict) and _wrapper(item):
            _take(feed, item, where)
        elif isinstance(item, dict) and (kind := _other_kind(item)) is not None:
            feed.add(item, where, ("record", f"{kind}, not a service; not read"))
        elif isinstance(item, dict):
            _record(feed, item, where)
        else:
            shown = "null" if item is None else type(item).__name__
            feed.add({}, where, ("record", f"a {shown} where a service belongs; not read"))


def _take(feed: Feed, item: Any, where: str) -> None:
    """Add the services one JSON value holds (recursing into wrappers)."""
    if isinstance(item, list):
        _take_list(feed, item, where)
        return
    if not isinstance(item, dict):
        feed.notes.append(f"{where}: a {type(item).__name__}, not a service; nothing taken from it")
        return
    if isinstance(item.get("contents"), list):
        feed.shapes.add("HSDS 3 paginated list")
        feed.empty = feed.empty or not item["contents"]
        _add_page(feed, "hsds", item.get("page_number"), item.get("total_pages"))
        _take_list(feed, item["contents"], where)
    elif isinstance(item.get("content"), list):
        feed.shapes.add("ORUK 1.0 page")
        feed.empty = feed.empty or not item["content"]
        _add_page(feed, "oruk1", item.get("number"), item.get("totalPages"))
        _take_list(feed, item["content"], where)
    elif any(str(k).endswith(".csv") for k in item):
        feed.shapes.add("HSDS 3 tabular JSON")
        tables = {}
        for name, (path, _) in tabular.TABLES.items():
            rows = item.get(path, [])
            if not (isinstance(rows, list) and all(isinstance(r, dict) for r in rows)):
                feed.notes.append(f"{where}: {path} is not a list of rows (objects); the rest is left out")
            tables[name] = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
        for service in tabular.nest(tables):
            feed.add(service, where)
    elif isinstance(item.get("service"), dict) and "location" in item:
        feed.shapes.add("HSDS 3 service at location")
        sal = {k: v for k, v in item.items() if k != "service"}
        service = dict(item["service"])
        service.setdefault("service_at_locations", [sal])
        _take(feed, service, where)
    elif isinstance(item.get("services"), list) and "status" not in item:
        feed.shapes.add("HSDS 3 organization")
        org = {k: v for k, v in item.items() if k != "services"}
        _take_list(
            feed, [{"organization": org} | s if isinstance(s, dict) else s for s in item["services"]], where
        )
    elif _service_like(item) and ("name" in item or "id" in item):
        _record(feed, item, where)
    else:
        kind = _other_kind(item) or "an object of another kind"
        feed.notes.append(f"{where}: {kind}, not a service; nothing taken from it")


def _name_key(service: dict[str, Any]) -> str:
    return tidy(as_text(service.get("name"))).casefold()


def _combine(versions: list[dict[str, Any]]) -> dict[str, Any]:
    """One service from several copies: the fullest version, its gaps filled from the others."""
    ranked = sorted(versions, key=lambda s: -len(json.dumps(s, default=str)))
    combined: dict[str, Any] = {}
    for version in ranked:
        for name, value in version.items():
            if combined.get(name) in (None, "", []):
                combined[name] = value
    return combined


def _label(service: dict[str, Any]) -> str:
    name = tidy(as_text(service.get("name")))
    return f" ({name[:60]!r})" if name else ""


def _duplicates(feed: Feed) -> None:
    """An id met again is refused, naming the record that had it first; the same service met
    again in another file of a folder is merged into its first record."""
    first: dict[str, int] = {}
    groups: dict[int, list[int]] = {}
    for index, service in enumerate(feed.services):
        if index in feed.problems:
            continue
        sid = tidy(as_text(service.get("id")))
        if not sid:
            continue
        if sid not in first:
            first[sid] = index
            continue
        earlier = first[sid]
        same_file = feed.origins[index] == feed.origins[earlier]
        if (
            not same_file
            and earlier not in feed.problems
            and _name_key(service) == _name_key(feed.services[earlier])
        ):
            feed.merged[index] = earlier
            groups.setdefault(earlier, [earlier]).append(index)
        else:
            feed.problems[index] = (
                "id",
                f"{sid[:60]!r} is also the id of record {earlier + 1}{_label(feed.services[earlier])}; "
                "an id names one service, so this one is left out",
            )
    for earlier, members in groups.items():
        feed.services[earlier] = _combine([feed.services[m] for m in members])


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


def _rows(path: Path, text: str) -> tabular.Rows:
    """The rows of CSV text, each cell as `tabular.from_cell` reads it, no cell over MAX_CELL_CHARS.
    A row whose cells do not match the header in number keeps its cells too (tabular.CELLS)."""
    rows: tabular.Rows = []
    with _CSV_LIMIT:
        previous = csv.field_size_limit(MAX_CELL_CHARS)
        try:
            reader = csv.reader(io.StringIO(text, newline=""))
            guard = tabular.GUARD
            try:
                header = [tidy(h) for h in next(reader, [])]
                width = len(header)
                # every column named, once, and no cell that can begin with GUARD (Miami: 6 files
                # of 13, 54,000 rows of 81,000): each row is read straight into its dict
                plain = all(header) and len(set(header)) == width and guard not in text
                for cells in reader:
                    if not cells:
                        continue
                    row: dict[str, Any]
                    if plain:
                        row = dict(zip(header, cells, strict=False))
                    else:
                        row = {}
                        for key, value in zip(header, cells, strict=False):
                            if key and key not in row:  # a column named twice: the first is read
                                row[key] = tabular.from_cell(value) if value[:1] == guard else value
                    if len(cells) != width:
                        row[tabular.CELLS] = [tabular.from_cell(c) for c in cells]
                        row[tabular.HEADER] = header
                    rows.append(row)
            except csv.Error as exc:
                where = _long_cell(text) or f"row {len(rows) + 2} (line {reader.line_num}): not CSV ({exc})"
                raise _reject(path, where) from exc
        finally:
            csv.field_size_limit(previous)
    return rows


def _read_csv(path: Path) -> tabular.Rows:
    too_big = f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _reject(path, too_big)
        with path.open("rb") as handle:  # what is read is limited, not only what stat says
            raw = read_at_most(handle, MAX_FILE_BYTES)
    except OSError as exc:
        raise _reject(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise _reject(path, too_big)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _reject(path, f"not UTF-8 text (bad byte at position {exc.start})") from exc
    return _rows(path, text)


def _find(folder: Path, name: str) -> Path | None:
    """A package's file: in its folder, else in one folder below it (a datapackage.json whose
    paths leave out the `data/` folder its files sit in)."""
    direct = folder / name
    if _is_file(direct):
        return direct
    try:
        below = sorted(p for p in folder.iterdir() if p.is_dir())
    except OSError:
        return None
    return next((sub / name for sub in below if _is_file(sub / name) and _within(folder, sub / name)), None)


def _read_tables(folder: Path, feed: Feed) -> None:
    """A tabular package: file names from its datapackage.json, else the spec's names (HSDS 3,
    its singular forms, HSDS 1.x and the 2014 names). Each table is read as the version it is."""
    wanted: dict[str, list[str]] = {}
    for name, (path, _) in tabular.TABLES.items():
        wanted[name] = [path, f"{name}.csv"]  # ORUK 3.0's descriptor names some tables singular
    for name, paths in (hsds1.FILES | pre1.FILES).items():
        wanted.setdefault(name, []).extend(paths)
    descriptor = folder / "datapackage.json"
    if descriptor.exists():
        for name, path in _resource_paths(descriptor, folder).items():
            wanted.setdefault(name, []).insert(0, path)
    files: dict[str, Path] = {}
    moved: set[str] = set()
    for name, candidates in wanted.items():
        for candidate in dict.fromkeys(candidates):
            found = _find(folder, candidate)
            if found is not None:
                files[name] = _inside(folder, found)
                if found.parent != folder:
                    moved.add(found.parent.name)
                break
    if moved:
        where = ", ".join(f"{m}/" for m in sorted(moved))
        feed.notes.append(f"the package's files were found in {where}, not where datapackage.json says")
    tables = {name: _read_csv(path) for name, path in sorted(files.items(), key=lambda f: str(f[1]))}
    if pre1.is_pre1(tables):
        feed.shapes.add("Open Referral 2014 CSV")
        services = pre1.nest(tables, feed.notes)
    elif "service" in tables:
        version = hsds1.version(tables)
        feed.shapes.add(f"HSDS {version} tabular CSV")
        services = tabular.nest(hsds1.as_hsds3(tables, feed.notes))
    else:
        raise _reject(folder, "a tabular package needs services.csv; none was found")
    feed.empty = not services
    for service in services:
        feed.add(service, "services.csv")


def read_feed(path: Path) -> Feed:
    """Every record of a feed file or folder, or FileRejected when nothing can be read."""
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
    _duplicates(feed)
    feed.notes = list(dict.fromkeys(feed.notes))
    if not feed.services and not feed.empty:
        raise _reject(path, "no services found: expected HSDS 3 or ORUK 1.0 services, pages or tables")
    return feed
