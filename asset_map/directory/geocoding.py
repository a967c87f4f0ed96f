"""Opt-in online geocoding (geopy's Nominatim), cached in the database.

Never used at startup or in tests: the gazetteer only calls it for a place it does not
know, and only when the user turned it on (ASSET_MAP_ONLINE_GEOCODING=1 or --online).
"""

from __future__ import annotations

from sqlalchemy import Engine

from asset_map.places import OnlineLookup, Point
from asset_map.store.db import transaction
from asset_map.store.models import GeocodeCache

USER_AGENT = "asset-map (community asset directory)"
TIMEOUT_S = 5


def online_lookup(engine: Engine) -> OnlineLookup:
    def lookup(text: str) -> Point | None:
        key = " ".join(text.lower().split())[:200]
        with transaction(engine) as session:
            cached = session.get(GeocodeCache, key)
            if cached is not None:
                if cached.found and cached.latitude is not None and cached.longitude is not None:
                    return (cached.latitude, cached.longitude)
                return None
        from geopy.exc import GeopyError
        from geopy.geocoders import Nominatim

        try:
            found = Nominatim(user_agent=USER_AGENT, timeout=TIMEOUT_S).geocode(
                f"{text}, United Kingdom", exactly_one=True
            )
        except (GeopyError, OSError):
            return None  # offline or refused: the caller reports "not found" with suggestions
        with transaction(engine) as session:
            point = (found.latitude, found.longitude) if found else None
            session.merge(
                GeocodeCache(
                    query=key,
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                    found=point is not None,
                )
            )
        return point

    return lookup
