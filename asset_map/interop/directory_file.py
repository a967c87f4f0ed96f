"""The directory file format (seed, import and export): JSON checked by a JSON Schema.

Loading is all-or-nothing: every record is checked, every problem is reported with its
record and field, and if there is any problem nothing is returned. See docs/seed-format.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from asset_map.interop.errors import FileRejected, RecordError
from asset_map.store.files import written_whole
from asset_map.store.models import ALL_DETAIL_FIELDS, AssetIn, ReferenceCheck
from asset_map.store.reference import packaged_json

FORMAT = "asset-map/directory"
VERSION = 1
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 20
SAMPLE_NOTICE = (
    "SAMPLE DATA: a fictional Thurrock directory for demonstration and tests. Every address, "
    "phone number, email, website and person here is invented."
)


def _depth(value: Any, limit: int) -> int:
    """Nesting depth, stopping early past the limit (hostile files nest thousands deep); read a
    level at a time, each level's containers gathered by one comprehension."""
    if not isinstance(value, dict | list):
        return 1
    level, depth = [value], 1
    while True:
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
        if not level:
            return depth
        depth += 1
        if depth > limit:
            return depth


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: `{"name": "A", "name": "B"}` says two things."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key!r} is given twice in one object")
            seen.add(key)
    return found


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """Up to `limit` + 1 bytes of a file, read in pieces: asking for them all at once would set
    aside `limit` bytes (100 MB) however small the file is."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = handle.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_json(path: Path, *, unique_keys: bool = False) -> Any:
    """Read a JSON file, turning every way it can be broken into one clear FileRejected.
    `unique_keys`: an object that gives a key twice is refused (our own files)."""

    def reject(message: str) -> FileRejected:
        return FileRejected(str(path), [RecordError(None, "", message)])

    too_big = f"the file is over {MAX_FILE_BYTES // 1_000_000} MB, the limit"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:  # said at once for a file that is plainly too big
            raise reject(too_big)
        with path.open("rb") as handle:  # and what is read is limited too: /dev/zero, a pipe…
            raw = read_at_most(handle, MAX_FILE_BYTES)
    except OSError as exc:
        raise reject(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise reject(too_big)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise reject(f"not UTF-8 text (bad byte at position {exc.start})") from exc
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys if unique_keys else None)
    except RecursionError as exc:
        raise reject("the JSON is nested too deeply") from exc
    except json.JSONDecodeError as exc:
        raise reject(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except ValueError as exc:  # a key given twice
        raise reject(str(exc)) from exc
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise reject(f"the JSON is nested more than {MAX_DEPTH} levels deep")
    return data


def record_to_input(record: dict[str, Any]) -> AssetIn:
    """Flatten a file record (kind-specific `details`) into the validated model."""
    flat = {k: v for k, v in record.items() if k != "details"}
    details = record.get("details")
    if isinstance(details, dict):  # anything else is reported as a shape error
        flat.update(details)
    return AssetIn.model_validate(flat)


def input_to_record(asset: AssetIn) -> dict[str, Any]:
    """The file record for an asset: stable key order, kind-specific fields under `details`."""
    data = asset.model_dump(mode="json")
    details = {k: data.pop(k) for k in ALL_DETAIL_FIELDS}
    record = dict(data)
    record["details"] = {k: v for k, v in details.items() if v not in ("", None)}
    return record


def _record_label(record: Any) -> str:
    if isinstance(record, dict):
        name = record.get("name")
        if isinstance(name, str) and name:
            return repr(name[:60])
        if isinstance(record.get("id"), str):
            return f"id {record['id'][:36]}"
    return ""


@cache
def _shape() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], frozenset[str]]:
    """Record keys, detail keys, required keys and top-level keys, read from the JSON Schema."""
    schema = packaged_json("seed.schema.json")
    asset = schema["$defs"]["asset"]
    return (
        frozenset(asset["properties"]),
        frozenset(asset["properties"]["details"]["properties"]),
        tuple(
            k for k in asset["required"] if not AssetIn.model_fields[k].is_required()
        ),  # the model reports the rest
        frozenset(schema["properties"]),
    )


def _structure_errors(data: Any, *, new_entries: bool = False) -> list[RecordError]:
    """The file's shape, checked against the JSON Schema's key lists (values are the model's job).

    Checking every value with jsonschema as well costs about 30 s per 100k records; the model
    checks the same values (and more) in half that, so only the shape is checked here.
    """
    record_keys, detail_keys, required, top_keys = _shape()
    if not isinstance(data, dict):
        return [RecordError(None, "", "expected a JSON object with format, version and assets")]
    errors = [RecordError(None, key, "unknown field") for key in sorted(set(data) - top_keys)]
    if data.get("format") != FORMAT:
        errors.append(RecordError(None, "format", f"expected {FORMAT!r}, found {data.get('format')!r}"))
    if data.get("version") != VERSION:
        errors.append(RecordError(None, "version", f"expected {VERSION}, found {data.get('version')!r}"))
    if not isinstance(data.get("assets"), list):
        errors.append(RecordError(None, "assets", "expected a list of asset records"))
        return errors
    for index, record in enumerate(data["assets"]):
        if not isinstance(record, dict):
            errors.append(RecordError(index + 1, "", "expected an object (one asset record)"))
            continue
        label = _record_label(record)
        errors += [
            RecordError(index + 1, k, "unknown field", label) for k in sorted(set(record) - record_keys)
        ]
        needed = [k for k in required if not (new_entries and k == "id")]  # a new entry is given one
        errors += [RecordError(index + 1, k, "Field required", label) for k in needed if k not in record]
        details = record.get("details", {})
        if not isinstance(details, dict):
            errors.append(RecordError(index + 1, "details", "expected an object", label))
        else:
            errors += [
                RecordError(index + 1, f"details.{k}", "unknown field for any kind", label)
                for k in sorted(set(details) - detail_keys)
            ]
    return errors


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "…"


def _model_errors(index: int, record: dict[str, Any], exc: ValidationError) -> list[RecordError]:
    out = []
    for err in exc.errors():
        fieldname = ".".join(str(p) for p in err["loc"]) or "record"
        message = err["msg"].removeprefix("Value error, ")
        out.append(RecordError(index + 1, fieldname, message, _record_label(record)))
    return out


def parse_records(
    records: Iterable[Any],
    *,
    check: ReferenceCheck | None = None,
    source: str = "file",
    offset_errors: list[RecordError] | None = None,
) -> tuple[list[AssetIn], list[RecordError]]:
    """Validate records into models; collect every problem instead of stopping at the first."""
    errors = list(offset_errors or [])
    assets: list[AssetIn] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        try:
            asset = record_to_input(record)
        except ValidationError as exc:
            errors.extend(_model_errors(index, record, exc))
            continue
        if asset.id is not None:
            key = str(asset.id)
            if key in seen:
                errors.append(
                    RecordError(
                        index + 1,
                        "id",
                        f"duplicate id: record {seen[key]} has the same id",
                        _record_label(record),
                    )
                )
                continue
            seen[key] = index + 1
        for fieldname, message in check(asset) if check else []:
            errors.append(RecordError(index + 1, fieldname, message, _record_label(record)))
        assets.append(asset)
    return assets, errors


def as_document(data: Any) -> Any:
    """`add` takes one record, a list of records or a whole directory file: each is read as the
    directory file it would be, so every way in has the same rules as `import`."""
    if isinstance(data, list):
        return {"format": FORMAT, "version": VERSION, "assets": data}
    if isinstance(data, dict) and ("assets" in data or "format" in data):
        return data
    return {"format": FORMAT, "version": VERSION, "assets": [data]}  # one record (or not one: said)


def parse_document(
    data: Any, source: str, *, check: ReferenceCheck | None = None, new_entries: bool = False
) -> list[AssetIn]:
    """Every asset of a directory document, or FileRejected listing every problem.
    `new_entries` (added, not imported): a record without an id is given one."""
    schema_errors = _structure_errors(data, new_entries=new_entries)
    file_errors = [e for e in schema_errors if e.record is None]
    if file_errors:
        raise FileRejected(source, schema_errors)
    assets, errors = parse_records(data["assets"], check=check, offset_errors=schema_errors)
    if errors:
        raise FileRejected(source, sorted(errors, key=lambda e: (e.record or 0, e.field)))
    return assets


def load_directory_file(
    path: Path, *, check: ReferenceCheck | None = None, records_alone: bool = False
) -> list[AssetIn]:
    """Every asset of a directory file (or, `records_alone`, of one record or a list of them),
    or FileRejected listing every problem."""
    data = read_json(path, unique_keys=True)
    if records_alone:
        return parse_document(as_document(data), str(path), check=check, new_entries=True)
    return parse_document(data, str(path), check=check)


def directory_document(assets: Iterable[AssetIn], *, notice: str = "") -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if notice:
        document["notice"] = notice
    document["assets"] = [input_to_record(a) for a in assets]
    return document


def write_json_atomically(path: Path, document: Any) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    with written_whole(path) as handle:
        handle.write((json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
