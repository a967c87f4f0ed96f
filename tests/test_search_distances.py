"""Distances from a place: only candidates inside a box round the radius are measured, and the
box never leaves out one within the radius (checked against measuring every candidate)."""

from __future__ import annotations

import numpy as np

from asset_map.search.engine import EARTH_KM, _haversine, _in_box
from asset_map.search.index import SearchIndex


class _Points(SearchIndex):
    """An index of points alone: enough for the distance functions."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        self._fixed = (np.radians(lat.astype(np.float64)), np.radians(lon.astype(np.float64)))

    def radians(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lat, lon = self._fixed
        return lat, lon, np.cos(lat)


def reference(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """The haversine as written before the box: every candidate measured."""
    la, lo = np.radians(lat.astype(np.float64)), np.radians(lon.astype(np.float64))
    h = np.sin((la - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(la) * np.sin((lo - lon0) / 2) ** 2
    dist = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return np.where(np.isnan(dist), np.inf, dist)


def test_the_box_keeps_every_point_within_the_radius_and_distances_are_the_same() -> None:
    rng = np.random.default_rng(17)
    places = [
        (51.5, 0.3, 1.0, True),
        (-33.9, 151.2, 3.0, True),
        (69.6, 18.9, 2.0, True),
        (0.0, 179.9, 1.0, False),
    ]
    for centre_lat, centre_lon, spread, boxed in places:  # the last crosses the date line: a band
        lat = (centre_lat + (rng.random(20_000) - 0.5) * spread).astype(np.float32)
        lon = (centre_lon + (rng.random(20_000) - 0.5) * spread * 2).astype(np.float32)
        lat[::97] = np.nan  # no point known
        lon[::97] = np.nan
        index = _Points(lat, lon)
        candidates = np.arange(len(lat))
        for _ in range(20):
            pick = int(rng.integers(len(lat) - 1))
            lat0, lon0 = np.radians(float(lat[pick + 1])), np.radians(float(lon[pick + 1]))
            if np.isnan(lat0):
                continue
            every = reference(lat, lon, lat0, lon0)
            assert np.array_equal(_haversine(index, lat0, lon0, candidates), every)  # bit for bit
            for radius in (0.5, 3.0, 10.0, 50.0, 400.0):
                inside = _in_box(index, lat0, lon0, radius, candidates)
                within = every <= radius
                assert inside is not None and not (within & ~inside).any()
                if boxed:  # the box is of use: it holds little more than the circle
                    assert inside.sum() <= 2 * within.sum() + 20, (radius, inside.sum(), within.sum())
