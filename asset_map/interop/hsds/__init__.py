"""Open Referral UK (HSDS 3.0 / ORUK 3.0 / legacy ORUK 1.0): the codecs — reading feeds,
mapping services to entries and back, checking and writing the files. No Textual, and nothing
here writes to the directory: `asset_map.directory.hsds_import` and `hsds_export` do, through
these. See docs/hsds.md.
"""

from asset_map.interop.hsds.export import HsdsExportError, build_services, write_hsds
from asset_map.interop.hsds.report import HsdsImportReport, MissingRecord
from asset_map.store import sources  # noqa: F401  (registers the asset_source table)

__all__ = ["HsdsExportError", "HsdsImportReport", "MissingRecord", "build_services", "write_hsds"]
