"""Make docs/screenshots/gaps-page.png: page 1 of the printed gaps matrix on the sample
directory, with a few fruitless searches counted, so asked-for gaps show.

.venv/bin/python docs/screenshots/gaps_page.py     # needs pdftoppm (poppler-utils)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from asset_map.config import Settings  # noqa: E402
from asset_map.directory.facade import Directory  # noqa: E402
from asset_map.lists.asked import asked, count_unmet_search  # noqa: E402
from asset_map.lists.service import ConnectionLists  # noqa: E402
from asset_map.reports.gaps_page import write_page  # noqa: E402

FRUITLESS = [("pets", "Bulphan"), ("memory", "Orsett"), ("memory", "Orsett"), ("arts", "Aveley")]

with tempfile.TemporaryDirectory() as folder:
    os.environ["ASSET_MAP_DATA_DIR"] = folder
    directory = Directory.open(Settings.resolve(f"{folder}/sample.db"))
    directory.clock = lambda: datetime(2026, 11, 23, 9, 30)
    lists = ConnectionLists.open(directory)
    for need, place in FRUITLESS:
        query = directory.make_query("", near=place, radius_km=2, needs=[need])
        count_unmet_search(lists, query, directory.search(query))
    matrix = directory.gap_matrix("locality", asked=asked(lists))
    pdf = write_page(matrix, Path(folder) / "gaps.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, HERE / "gaps-page"],
        check=True,
    )
    lists.close()
    directory.close()
print(HERE / "gaps-page.png")
