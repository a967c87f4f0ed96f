"""Attack the app as a careful tester would, and count what happened (docs/reliability.md).

    .venv/bin/python benchmarks/reliability.py [--inputs 300] [--kills 60] [--writers 10 --edits 100]

Three runs, each on fresh copies of the sample directory in a temporary folder:

- **Bad inputs**: hostile records (control characters, invisible names, future dates, huge
  numbers, wrong types, duplicate keys, bare values, deceiving web addresses, a megabyte of
  text…) through `add`, `import` and `search`, in-process. Each must be refused in one line
  or stored cleanly: counted as accepted-clean, refused, or *crashed* (a traceback, or a
  control character or a future date that got in).
- **Kill points**: an import, an Open Referral import, a backup, a restore and a stream of
  edits (what a TUI save does) in a real process, killed with SIGKILL at a random moment.
  Afterwards the file must pass SQLite's integrity check and hold either everything of the
  killed write or nothing of it: counted as *lost* otherwise.
- **Concurrent edits**: W processes each make E edits, each saving with the version it read
  (as the edit form does). Every edit is either saved or refused with a conflict; a saved
  edit missing from the history, or a version skipped, is *lost*.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from asset_map.config import Settings  # noqa: E402
from asset_map.directory.facade import Directory  # noqa: E402
from asset_map.main import main  # noqa: E402
from asset_map.store.integrity import problem  # noqa: E402

SEED = ROOT / "seed_assets.json"
RNG = random.Random(14)

HOSTILE_TEXT = [
    "\x1b]0;PWNED\x07",
    "\x1b[31mred",
    "tea\x00time",
    "\u202eevil",
    "\u200b\ufeff",
    "\U000e0041\U000e0042",
    "a\u2028b",
    "[bold]x[/]",
    "[@click=app.quit]x[/]",
    '=HYPERLINK("http://evil.example")',
    "x" * 1_000_000,
    "社区午餐俱乐部",
    "مرحبا",
    "",
    " ",
]
BAD_VALUES: dict[str, list[object]] = {
    "verified_on": ["9999-12-31", "2099-01-01", "not a date", 20261201],
    "latitude": [True, "north", 1e309, 91, -1e9],
    "hours": [True, -1, 10**30],
    "website": ["https://www.thurrock.gov.uk@evil.example/", "javascript:alert(1)", "http://{x}/"],
    "postcode": ["RM18 7NRX", "\x1b"],
    "kind": ["shop", None, 42],
    "needs": [["nonsense"], "company", [1, 2]],
}


def hostile_record() -> object:
    """One record a careless or hostile file could hold."""
    roll = RNG.random()
    if roll < 0.05:
        return RNG.choice([42, None, "text", [], [1, 2]])
    record: dict[str, object] = {"kind": "group", "name": "Tea", "locality": "Tilbury"}
    field = RNG.choice(["name", "summary", "description", "address", "how_to_join", *BAD_VALUES])
    if field in BAD_VALUES:
        record[field] = RNG.choice(BAD_VALUES[field])
    else:
        record[field] = RNG.choice(HOSTILE_TEXT) + RNG.choice(["", " Club"])
    if RNG.random() < 0.1:
        record["colour"] = "red"
    return record


def run_cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception as exc:  # a crash is what is being counted
            return -1, repr(exc)
    return code, err.getvalue()


def stored_cleanly(db: Path) -> bool:
    """No control character, no future date, nothing a person could not have typed."""
    with sqlite3.connect(db) as conn:
        for name, verified in conn.execute("SELECT name, verified_on FROM asset"):
            if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name) or not name.strip():
                return False
            if verified and verified > time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400)):
                return False
    return True


def bad_inputs(folder: Path, count: int) -> Counter[str]:
    db = folder / "inputs.db"
    os.environ["ASSET_MAP_DB"] = str(db)
    seen: Counter[str] = Counter()
    for n in range(count):
        records = [hostile_record() for _ in range(RNG.randint(1, 3))]
        path = folder / f"in{n}.json"
        raw = json.dumps(records if RNG.random() < 0.5 else records[0], ensure_ascii=RNG.random() < 0.5)
        if RNG.random() < 0.05:
            raw = raw.replace('"name"', '"name": "Tea", "name"', 1)  # a key given twice
        path.write_text(raw, "utf-8")
        how = RNG.choice(["add", "import", "search"])
        if how == "add":
            code, err = run_cli("add", "--from-json", str(path))
        elif how == "import":
            wrapped = {"format": "asset-map/directory", "version": 1, "assets": records}
            path.write_text(json.dumps(wrapped), "utf-8")
            code, err = run_cli("import", "--format", "directory", str(path))
        else:
            text = RNG.choice(HOSTILE_TEXT)[:200]
            code, err = run_cli("search", text, "--near", RNG.choice(["Tilbury", "\x1b[2J", "nan", text]))
        seen["tried"] += 1
        if code == -1 or "Traceback" in err:
            seen["crashed"] += 1
        elif code == 0:
            seen["accepted"] += 1
        elif code in (1, 2) and err.startswith(("asset-map", "usage")):
            seen["refused, naming what"] += 1
        else:
            seen["refused unclearly"] += 1
        if "\x1b" in err or "\x07" in err:
            seen["escape printed raw"] += 1
    if not stored_cleanly(db):
        seen["stored something unclean"] += 1
    return seen


def fingerprint(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return json.dumps(
            [list(r) for r in conn.execute("SELECT id, name, version FROM asset ORDER BY id")], default=str
        )


VICTIMS = {
    "import": "main(['import', '--format', 'directory', sys.argv[1]])",
    "hsds import": "main(['import', '--format', 'hsds', sys.argv[2]])",
    "backup": "main(['backup'])",
    "restore": "main(['restore', sys.argv[3]])",
    "edits": textwrap.dedent(
        """
        from asset_map.config import Settings
        from asset_map.directory.facade import Directory
        from asset_map.store import repo
        d = Directory.open(Settings.resolve())
        for n in range(10_000):
            a = d.all_assets()[n % 20]
            d.update(a.id, repo.asset_to_in(a).model_copy(update={'summary': f'edit {n}'}), user='k',
                     expected_version=a.version)
        """
    ),
}


def kill_points(folder: Path, count: int) -> Counter[str]:
    seen: Counter[str] = Counter()
    pristine = folder / "pristine.db"
    os.environ["ASSET_MAP_DB"] = str(pristine)
    Directory.open(Settings.resolve(str(pristine)), seed=SEED).close()
    feed = folder / "feed.json"
    records = [{"id": f"00000000-0000-4000-8000-{n:012d}", "kind": "group", "name": f"Group {n}",
                "locality": "Tilbury"} for n in range(3000)]  # fmt: skip
    feed.write_text(json.dumps({"format": "asset-map/directory", "version": 1, "assets": records}), "utf-8")
    hsds = folder / "hsds.json"
    assert run_cli("export", "--format", "hsds", str(hsds))[0] == 0
    backup_file = folder / "good-backup.db"
    assert run_cli("backup", str(backup_file))[0] == 0
    for n in range(count):
        victim = list(VICTIMS)[n % len(VICTIMS)]
        case = folder / f"kill{n}"
        case.mkdir()
        db = case / "a.db"
        shutil.copy(pristine, db)
        env = os.environ | {"ASSET_MAP_DB": str(db)}
        before = fingerprint(db)
        code = f"import sys\nfrom asset_map.main import main\n{VICTIMS[victim]}"
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(feed), str(hsds), str(backup_file)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(RNG.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen["kills"] += 1
        if problem(db) is not None:
            seen["damaged"] += 1
            continue
        after = fingerprint(db)
        whole = victim not in ("import", "hsds import") or after == before or len(json.loads(after)) == 3178
        seen["whole" if whole else "lost (half an import)"] += 1
        env_check = Directory.open(Settings.resolve(str(db)))  # and it opens cleanly afterwards
        env_check.close()
    return seen


WRITER = """
import sys
from asset_map.config import Settings
from asset_map.directory.facade import Directory
from asset_map.store import repo
from asset_map.errors import EditConflict
label, edits = sys.argv[1], int(sys.argv[2])
d = Directory.open(Settings.resolve())
ids = [a.id for a in d.all_assets()[:5]]
saved = refused = 0
for n in range(edits):
    asset = d.get(ids[n % len(ids)])
    edit = repo.asset_to_in(asset).model_copy(update={"summary": f"{label} {n}"})
    try:
        d.update(asset.id, edit, user=label, expected_version=asset.version)
        saved += 1
    except EditConflict:
        refused += 1
d.close()
print(saved, refused)
"""


def concurrent_edits(folder: Path, writers: int, edits: int) -> Counter[str]:
    db = folder / "shared.db"
    os.environ["ASSET_MAP_DB"] = str(db)
    Directory.open(Settings.resolve(str(db)), seed=SEED).close()
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, f"w{w}", str(edits)], cwd=ROOT,
                         env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(writers)
    ]  # fmt: skip
    seen: Counter[str] = Counter()
    for process in processes:
        out, err = process.communicate(timeout=900)
        if process.returncode != 0:
            seen["writers failed"] += 1
            print(err[-2000:], file=sys.stderr)
            continue
        saved, refused = map(int, out.split())
        seen["saved"] += saved
        seen["refused with a conflict"] += refused
    directory = Directory.open(Settings.resolve(str(db)))
    try:
        recorded = 0
        for asset in directory.all_assets()[:5]:
            history = [c for c in directory.history(asset.id) if c.action == "edited"]
            recorded += len(history)
            versions = sorted(c.version for c in directory.history(asset.id))
            if versions != list(range(1, len(versions) + 1)):
                seen["versions skipped"] += 1
    finally:
        directory.close()
    seen["lost"] = seen["saved"] - recorded
    return seen


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=300)
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for name in ("data", "config"):
            (base / name).mkdir()
        os.environ |= {"ASSET_MAP_DATA_DIR": str(base / "data"), "ASSET_MAP_CONFIG_DIR": str(base / "config"),
                       "ASSET_MAP_USER": "Attacker", "ASSET_MAP_SEED": str(SEED)}  # fmt: skip
        for title, run in (
            ("bad inputs", lambda: bad_inputs(base, args.inputs)),
            ("kill points", lambda: kill_points(base, args.kills)),
            ("concurrent edits", lambda: concurrent_edits(base, args.writers, args.edits)),
        ):
            started = time.perf_counter()
            counted = run()
            print(
                f"{title} ({time.perf_counter() - started:.0f} s): {dict(sorted(counted.items()))}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
