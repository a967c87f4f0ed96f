"""Reading a feed, whatever its shape, into one list of nested HSDS 3 services.

Shapes: one service (`/services/{id}`), a paginated list (`contents[]`, HSDS 3.0/3.1 and
ORUK 3.0), an organisation with its services, a service-at-location with its service,
legacy ORUK 1.0 pages (`content[]`), the JSON tabular view (`"services.csv": [...]`), a
folder of such files (e.g. one file per page or per object), and a folder of CSV files (the
tabular package). The same service met twice (a folder of examples) is merged into one.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asset_map.interop.directory_file import MAX_FILE_BYTES, read_json
from asset_map.interop.errors import FileRejected, RecordError
from asset_map.interop.hsds import legacy, tabular


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
        tables = {name: item.get(path, []) for name, (path, _) in tabular.TABLES.items()}
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


def _read_csv(path: Path) -> list[dict[str, Any]]:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _reject(path, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _reject(path, f"not UTF-8 text (bad byte at position {exc.start})") from exc
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _read_tables(folder: Path, feed: Feed) -> None:
    """A tabular package: file names from its datapackage.json, else the spec's names."""
    paths = {name: [path] for name, (path, _) in tabular.TABLES.items()}
    for name in paths:
        paths[name].append(f"{name}.csv")  # ORUK 3.0's descriptor names some tables singular
    descriptor = folder / "datapackage.json"
    if descriptor.exists():
        package = read_json(descriptor)
        for resource in package.get("resources", []) if isinstance(package, dict) else []:
            if isinstance(resource, dict) and resource.get("name") in paths and resource.get("path"):
                paths[resource["name"]].insert(0, str(resource["path"]))
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, candidates in paths.items():
        found = next((folder / c for c in candidates if (folder / c).is_file()), None)
        if found is not None:
            tables[name] = _read_csv(found)
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
                _take(feed, read_json(file), file.name)
    elif path.suffix.lower() == ".csv":
        _read_tables(path.parent, feed)
    elif path.exists():
        _take(feed, read_json(path), path.name)
    else:
        raise _reject(path, "no such file or folder")
    feed.services = _merge(feed.services)
    feed.notes = list(dict.fromkeys(feed.notes))
    if not feed.services:
        raise _reject(path, "no services found: expected HSDS 3 or ORUK 1.0 services, pages or tables")
    return feed
