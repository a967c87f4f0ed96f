"""Problems found in a file, each naming the record and the field."""

from __future__ import annotations

from dataclasses import dataclass, field

from asset_map.errors import AssetMapError


@dataclass(frozen=True)
class RecordError:
    record: int | None  # 1-based position in the file; None for the file as a whole
    field: str
    message: str
    name: str = ""

    def __str__(self) -> str:
        where = "file" if self.record is None else f"record {self.record}"
        if self.name:
            where += f" ({self.name})"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class FileRejected(AssetMapError):
    """Nothing was loaded because of these errors."""

    path: str
    errors: list[RecordError] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.errors)
        head = f"{self.path}: {count} problem{'s' if count != 1 else ''}; nothing was loaded"
        return "\n".join([head, *(f"  {e}" for e in self.errors[:200])]) + (
            f"\n  … and {count - 200} more" if count > 200 else ""
        )
