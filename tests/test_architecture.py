"""The rules of the codebase, checked: one-way imports and a clean lint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed in the test environment (pip install -e '.[test]')")
    return found


def test_import_contracts_hold() -> None:
    """Store and domain never import Textual; screens -> domain -> store only."""
    result = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


RUNS_CODE = re.compile(
    r"^\s*(import|from) (pickle|marshal|shelve|dill|cloudpickle)\b"  # loaders that run code
    r"|allow_pickle\s*=\s*True|(?<![\w.])(eval|exec)\(",
    re.MULTILINE,
)


def test_nothing_read_from_disk_can_run_code() -> None:
    """The index, backups, imports and settings are read as data only (issue 14): no pickle,
    marshal or shelve anywhere in the app, no numpy pickles, no eval."""
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in (ROOT / "asset_map").rglob("*.py")
        for match in RUNS_CODE.finditer(path.read_text("utf-8"))
    ]
    assert not found, found


def test_every_module_is_in_a_layer() -> None:
    """A module added beside the others, and left out of the layers, would be checked by no
    contract: the layers name every top-level module and package of asset_map."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layered = {
        name.strip()
        for contract in contracts
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.split("|")
    }
    package = ROOT / "asset_map"
    present = {
        f"asset_map.{path.stem}"
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem not in {"__init__", "__main__"})
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    present.discard("asset_map.data")  # packaged files (gazetteer, fonts), no code
    assert present - layered == set(), f"not in a layer of pyproject.toml: {sorted(present - layered)}"


def test_every_key_binding_has_an_id() -> None:
    """Bindings with an `id` can be remapped in a keymap; one without cannot."""
    import ast

    missing = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in (ROOT / "asset_map").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "Binding"
        and not any(keyword.arg == "id" for keyword in node.keywords)
    ]
    assert not missing, missing


def test_mypy_is_clean() -> None:
    """`mypy --strict` over asset_map (the tests more lightly): pyproject.toml's [tool.mypy]."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr
