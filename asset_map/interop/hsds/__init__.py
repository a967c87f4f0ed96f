"""Open Referral UK (HSDS 3.0 / ORUK 3.0 / legacy ORUK 1.0) import and export.

Domain code: no Textual. `export_hsds` writes the directory as HSDS 3.0 JSON (or the CSV
package); `import_hsds` reads any of the shapes councils publish. See docs/hsds.md.
"""

from asset_map.interop.hsds.export import HsdsExportError, export_hsds
from asset_map.interop.hsds.importing import HsdsImportReport, MissingRecord, import_hsds
from asset_map.store import sources  # noqa: F401  (registers the asset_source table)

__all__ = ["HsdsExportError", "HsdsImportReport", "MissingRecord", "export_hsds", "import_hsds"]
