"""Which importer a file is for, from a look at its first bytes (the file is not parsed here).

A volunteer given a council's feed should not have to know it is "Open Referral" before
importing it: a folder, a CSV file or JSON that does not call itself an Asset Map directory
file is read as Open Referral (HSDS); everything else goes to the directory-file reader,
whose messages then name what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from asset_map.interop.directory_file import FORMAT

Format = Literal["directory", "hsds"]
HEAD_BYTES = 64 * 1024
# Keys that only Open Referral documents have at the top of a file or of a record.
HSDS_MARKS = (
    b'"services"',
    b'"service_at_locations"',
    b'"organization"',
    b'"organizations"',
    b'"contents"',
    b'"content"',
    b'"totalItems"',
    b'"total_items"',
    b'"resources"',  # a datapackage.json
    b'"accessibility_for_disabilities"',
    b'"regular_schedules"',
    b'"service_areas"',
)


def sniff_format(path: Path) -> Format:
    """ "directory" or "hsds" for a file or folder about to be imported."""
    if path.is_dir() or path.suffix.lower() == ".csv":
        return "hsds"
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return "directory"  # its reader says what is wrong with the path
    if FORMAT.encode() in head or b'"assets"' in head:
        return "directory"
    return "hsds" if any(mark in head for mark in HSDS_MARKS) else "directory"
