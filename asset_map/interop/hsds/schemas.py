"""Offline validation against the published HSDS 3.0 and ORUK 3.0 JSON Schemas.

The schema files are reference data kept outside the package (`../shared/hsds` beside the
repository, or the folder named by ASSET_MAP_HSDS_SCHEMAS). Each folder's files refer to
each other by file name, so they are registered under their names in one `referencing`
Registry. The format checker really checks formats: URIs with rfc3986-validator (from
`jsonschema[format-nongpl]`) and email addresses with our own stricter rule.
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]  # no types published (types-jsonschema is not a dependency)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from asset_map.errors import AssetMapError
from asset_map.interop.hsds import tabular
from asset_map.validation import check_email

ENV = "ASSET_MAP_HSDS_SCHEMAS"
PROFILES = {
    "hsds-3.0": "hsds-3.0/schema",
    "oruk-3.0": "oruk-3.0/schema",
    "hsds-3.1-dev": "hsds-3.1-dev/schema",
}


class SchemaFilesMissing(AssetMapError, FileNotFoundError):
    """The HSDS schema folder is not where we look for it."""


def shared_dir() -> Path:
    """The folder holding hsds-3.0/, oruk-3.0/ … (see the shared README)."""
    if os.environ.get(ENV):
        found = Path(os.environ[ENV])
    else:
        found = Path(__file__).resolve().parents[3].parent / "shared" / "hsds"
    if not (found / "hsds-3.0" / "schema" / "service.json").is_file():
        raise SchemaFilesMissing(
            f"the HSDS schema files are not in {found}: put the shared 'hsds' folder (hsds-3.0/, "
            f"oruk-3.0/ …) beside the repository, or set {ENV} to where it is"
        )
    return found


def schema_dir(profile: str) -> Path:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    return shared_dir() / PROFILES[profile]


@cache
def registry(profile: str) -> Registry:
    """Every schema file of one profile, under its file name (how they `$ref` each other)."""
    resources = []
    for file in sorted(schema_dir(profile).glob("*.json")):
        if file.name == "openapi.json":
            continue
        contents = json.loads(file.read_text("utf-8"))
        resources.append((file.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def _email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        check_email(value)
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    """The standard checks (uri needs rfc3986-validator installed) with a real email check."""
    checker = FormatChecker()
    checker.checks("email", raises=())(_email)
    return checker


def uri_checking_available() -> bool:
    return not FormatChecker().conforms("not a uri", "uri")


@cache
def validator(profile: str, object_name: str) -> Draft202012Validator:
    """A validator for one object (e.g. "service") of one profile."""
    schema = registry(profile).contents(f"{object_name}.json")
    return Draft202012Validator(schema, registry=registry(profile), format_checker=format_checker())


def errors(instance: Any, profile: str, object_name: str) -> list[str]:
    """Every schema error, each with the path to the value."""
    found = validator(profile, object_name).iter_errors(instance)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in found]


def document_errors(document: dict[str, Any], profile: str) -> list[str]:
    """Errors in an exported page: each of its `contents` against the profile's service schema."""
    problems = []
    for index, service in enumerate(document.get("contents", [])):
        problems += [f"contents/{index}/{e}" for e in errors(service, profile, "service")]
    return problems


def _typed(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value == "":
            continue
        if tabular.TYPES.get(key) == "number":
            try:
                out[key] = float(value) if "." in value else int(value)
            except ValueError:
                out[key] = value  # the schema reports it
        else:
            out[key] = value
    return out


def tabular_errors(folder: Path, profile: str = "hsds-3.0") -> list[str]:
    """Errors in a CSV package: every row against its object's schema, plus `tabular_required`."""
    problems = []
    for name, (filename, _) in tabular.TABLES.items():
        file = folder / filename
        if not file.exists():
            continue
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        try:
            schema = registry(profile).contents(f"{name}.json")
        except LookupError:
            continue  # the profile leaves this object out
        required = schema.get("tabular_required", [])
        for number, row in enumerate(rows, start=2):
            typed = _typed(row)
            problems += [f"{filename} line {number}: {e}" for e in errors(typed, profile, name)]
            problems += [
                f"{filename} line {number}: {k} is required in CSV" for k in required if k not in typed
            ]
    return problems
