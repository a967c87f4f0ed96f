"""Reference tables (areas, localities, postcode areas, needs) filled from the packaged data.

They are refreshed whenever the packaged data changes (a fingerprint is kept in
schema_meta), so a release with new synonyms or places reaches existing databases.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

from sqlmodel import Session, delete

from asset_map.store import repo
from asset_map.store.models import Area, Locality, Need, PostcodeArea

REFERENCE_FILES = ("gazetteer.json", "needs.json")


def packaged_json(name: str) -> Any:
    return json.loads(resources.files("asset_map.data").joinpath(name).read_text("utf-8"))


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in REFERENCE_FILES:
        digest.update(resources.files("asset_map.data").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def refresh_reference_data(session: Session) -> bool:
    """Load or update the reference tables; return True when anything was written."""
    fingerprint = _fingerprint()
    if repo.get_meta(session, "reference_fingerprint") == fingerprint:
        return False
    gazetteer = packaged_json("gazetteer.json")
    needs = packaged_json("needs.json")["needs"]
    for model in (Locality, PostcodeArea, Area):
        session.exec(delete(model))
    session.flush()
    session.add_all(Area(id=a["id"], name=a["name"]) for a in gazetteer["areas"])
    session.flush()
    session.add_all(
        Locality(
            name=loc["name"],
            area_id=loc["area"],
            latitude=loc["lat"],
            longitude=loc["lon"],
            aliases=loc["aliases"],
        )
        for loc in gazetteer["localities"]
    )
    session.add_all(
        PostcodeArea(
            code=d["district"],
            level="district",
            name=d["name"],
            in_borough=d["in_borough"],
            latitude=d["lat"],
            longitude=d["lon"],
        )
        for d in gazetteer["districts"]
    )
    session.add_all(
        PostcodeArea(
            code=s["sector"], level="sector", locality=s["locality"], latitude=s["lat"], longitude=s["lon"]
        )
        for s in gazetteer["sectors"]
    )
    for item in needs:  # needs are referenced by assets: update in place, never delete
        need = session.get(Need, item["id"]) or Need(id=item["id"], label=item["label"])
        need.label = item["label"]
        need.synonyms = item["synonyms"]
        session.add(need)
    repo.set_meta(session, "reference_fingerprint", fingerprint)
    return True
