"""Places: the offline gazetteer (gazetteer.py), the places loaded from open data (loading.py,
formats.py) or learned from the directory's entries (learning.py), and distances."""

from asset_map.places.gazetteer import (
    AreaLike,
    Gazetteer,
    LocalityInfo,
    LocalityLike,
    OnlineLookup,
    Place,
    PlaceNotFound,
    Point,
    PostcodeInfo,
    PostcodeLike,
    distance_km,
)
from asset_map.places.names import place_key, slips_allowed

__all__ = [
    "AreaLike",
    "Gazetteer",
    "LocalityInfo",
    "LocalityLike",
    "OnlineLookup",
    "Place",
    "PlaceNotFound",
    "Point",
    "PostcodeInfo",
    "PostcodeLike",
    "distance_km",
    "place_key",
    "slips_allowed",
]
