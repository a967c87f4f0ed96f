"""Open Referral UK (HSDS 3.0 / ORUK 3.0 / legacy ORUK 1.0) import and export.

Codecs only: no Textual, no writes to the directory. `export_hsds` writes it as HSDS 3.0 JSON
(or the CSV package); importing any of the shapes councils publish, which writes, is
`asset_map.directory.hsds_import`. See docs/hsds.md.
"""

from asset_map.interop.hsds.export import HsdsExportError, export_hsds
from asset_map.interop.hsds.report import HsdsImportReport, MissingRecord
from asset_map.store import sources  # noqa: F401  (registers the asset_source table)

__all__ = ["HsdsExportError", "HsdsImportReport", "MissingRecord", "export_hsds"]
