"""Place names for GPS coordinates, offline: the nearest GeoNames town.

The ``reverse-geocode`` package ships GeoNames' towns of 1,000+ people (about 160,000,
with their region and country) inside its wheel and finds the nearest with a k-d tree:
no network, no API key, and a photo's location never leaves the computer. Loading the
table takes about a second, once per process, on whichever thread asks first (a
prepare thread, never the GUI thread), under a lock because the package's own cache is
not thread-safe.

The nearest town is only a place name if it is near: a photo taken at sea or in the
wilderness is better described by no place than by a town 300 km away.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)
MAX_DISTANCE_KM = 50.0
EARTH_RADIUS_KM = 6371.0
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


@lru_cache(maxsize=4096)
def place_at(latitude: float, longitude: float) -> Place | None:
    """The place at these coordinates, or None (none near, or the table unavailable)."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None
    try:
        import reverse_geocode

        with _lock:
            found = dict(reverse_geocode.get((latitude, longitude)))
    except (ImportError, OSError, ValueError) as exc:
        log.warning("place names are unavailable: %s", exc)
        return None
    away = distance_km(latitude, longitude, float(found["latitude"]), float(found["longitude"]))
    if away > MAX_DISTANCE_KM:
        return None
    return Place(
        city=str(found.get("city") or ""),
        region=str(found.get("state") or ""),
        country=str(found.get("country") or ""),
        country_code=str(found.get("country_code") or ""),
        distance_km=round(away, 1),
    )
