"""The directory file format (seed, import and export): JSON checked by a JSON Schema.

Loading is all-or-nothing: every record is checked, every problem is reported with its
record and field, and if there is any problem nothing is returned. See docs/seed-format.md.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from asset_map.interop.errors import FileRejected, RecordError
from asset_map.store.models import ALL_DETAIL_FIELDS, AssetIn
from asset_map.store.reference import packaged_json

FORMAT = "asset-map/directory"
VERSION = 1
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 20
SAMPLE_NOTICE = (
    "SAMPLE DATA: a fictional Thurrock directory for demonstration and tests. Every address, "
    "phone number, email, website and person here is invented."
)

ReferenceCheck = Callable[[AssetIn], list[tuple[str, str]]]


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(packaged_json("seed.schema.json"), format_checker=FormatChecker())


def _depth(value: Any, limit: int) -> int:
    """Nesting depth, stopping early past the limit (hostile files nest thousands deep)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def read_json(path: Path) -> Any:
    """Read a JSON file, turning every way it can be broken into one clear FileRejected."""

    def reject(message: str) -> FileRejected:
        return FileRejected(str(path), [RecordError(None, "", message)])

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise reject(f"the file is {size // 1_000_000} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise reject(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise reject(f"not UTF-8 text (bad byte at position {exc.start})") from exc
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise reject("the JSON is nested too deeply") from exc
    except json.JSONDecodeError as exc:
        raise reject(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise reject(f"the JSON is nested more than {MAX_DEPTH} levels deep")
    return data


def record_to_input(record: dict[str, Any]) -> AssetIn:
    """Flatten a file record (kind-specific `details`) into the validated model."""
    flat = {k: v for k, v in record.items() if k != "details"}
    flat.update(record.get("details") or {})
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


def _schema_errors(data: Any) -> list[RecordError]:
    errors: list[RecordError] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path))):
        path = list(error.path)
        if len(path) >= 2 and path[0] == "assets" and isinstance(path[1], int):
            record = data["assets"][path[1]]
            fieldname = ".".join(str(p) for p in path[2:]) or _missing_field(error.message)
            errors.append(RecordError(path[1] + 1, fieldname, _short(error.message), _record_label(record)))
        else:
            errors.append(RecordError(None, ".".join(map(str, path)), _short(error.message)))
    return errors


def _missing_field(message: str) -> str:
    return message.split("'")[1] if message.endswith("is a required property") else ""


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
    bad_records = {e.record for e in errors}
    assets: list[AssetIn] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        if index + 1 in bad_records or not isinstance(record, dict):
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


def load_directory_file(path: Path, *, check: ReferenceCheck | None = None) -> list[AssetIn]:
    """Every asset of a directory file, or FileRejected listing every problem."""
    data = read_json(path)
    schema_errors = _schema_errors(data)
    file_errors = [e for e in schema_errors if e.record is None]
    if file_errors:
        raise FileRejected(str(path), schema_errors)
    assets, errors = parse_records(data["assets"], check=check, offset_errors=schema_errors)
    if errors:
        raise FileRejected(str(path), sorted(errors, key=lambda e: (e.record or 0, e.field)))
    return assets


def directory_document(assets: Iterable[AssetIn], *, notice: str = "") -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if notice:
        document["notice"] = notice
    document["assets"] = [input_to_record(a) for a in assets]
    return document


def write_json_atomically(path: Path, document: Any) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
