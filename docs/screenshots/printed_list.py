"""Make docs/screenshots/printed-list.png: page 1 of a printed list on the sample directory.

.venv/bin/python docs/screenshots/printed_list.py     # needs pdftoppm (poppler-utils)
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
from asset_map.lists.pdf import write_pdf  # noqa: E402
from asset_map.lists.service import ConnectionLists  # noqa: E402

PICKS = [
    ("Tilbury Lunch Club", "You said you miss cooking for people: a hot lunch and good company."),
    ("Little Thurrock Community Garden", "Growing vegetables again, outdoors, at your own pace."),
    ("Good Company Befriending", "Someone to walk to the lunch club with, the first few times."),
]

with tempfile.TemporaryDirectory() as folder:
    os.environ["ASSET_MAP_DATA_DIR"] = folder
    directory = Directory.open(Settings.resolve(f"{folder}/sample.db"))
    directory.clock = lambda: datetime(2026, 11, 23, 9, 30)
    lists = ConnectionLists.open(directory)
    made = lists.new_list(
        {
            "resident_ref": "AB 1234",
            "home": "RM18 7",
            "what_matters": "I'd like to get out of the house and meet people. I used to love my allotment.",
            "practitioner_contact": "01375 000 100 (Tilbury Hub, Mon–Fri)",
        },
        practitioner="Sam K, Local Area Coordinator",
    )
    by_name = {a.name: a.id for a in directory.all_assets()}
    for name, note in PICKS:
        lists.add(made.id, by_name[name], note=note)
    pdf = Path(folder) / "list.pdf"
    write_pdf(lists.document(made.id), pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, HERE / "printed-list"],
        check=True,
    )
    lists.close()
    directory.close()
print(HERE / "printed-list.png")
