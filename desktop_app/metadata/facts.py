"""What a photo's own metadata says about it: when, with what, where, and what it is
already called. The raw material for context-aware prompts.

Read with exiv2 from the file itself (RAW and HEIC included: reading never writes) and,
for what the file lacks, from its XMP sidecar (where Lightroom and darktable keep a
title, keywords or GPS added later). Every value is optional and checked: cameras and
tools write junk (a latitude of 4294967295 degrees, a date of 0000:00:00), and junk
must become "unknown", never a wrong place or date in a caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.errors import CaptionerError
from desktop_app.metadata import iim
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.embedded_fields import (
    IPTC_CHARSET,
    IPTC_KEYWORDS,
    decode_text,
    open_image,
)
from desktop_app.metadata.exiv2_runtime import exiv2_serialized
from desktop_app.metadata.iim import merged_keywords
from desktop_app.metadata.sidecar_names import choose_sidecar
from desktop_app.metadata.xmp_fields import get_keywords, get_title
from desktop_app.metadata.xmp_packet import PacketError, parse_packet

DATE_KEYS = (
    "Exif.Photo.DateTimeOriginal",
    "Exif.Image.DateTimeOriginal",
    "Exif.Photo.DateTimeDigitized",
    "Exif.Image.DateTime",
)
XMP_DATE_KEYS = ("Xmp.exif.DateTimeOriginal", "Xmp.photoshop.DateCreated", "Xmp.xmp.CreateDate")
# Only keys of the kind of data they are looked up in: exiv2 aborts the process (an
# uncaught C++ exception) when an XmpData is asked for an Exif key.
XMP_LENS_KEYS = ("Xmp.aux.Lens", "Xmp.exifEX.LensModel")
OBJECT_NAME = "Iptc.Application2.ObjectName"
_RATIONAL = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_XMP_COORDINATE = re.compile(
    r"^\s*(\d+)\s*,\s*(\d+(?:\.\d+)?)(?:\s*,\s*(\d+(?:\.\d+)?))?\s*([NSEW])\s*$"
)


@dataclass(frozen=True)
class PhotoFacts:
    """The facts found; None (or empty) where the file does not say, or says nonsense."""

    taken: datetime | None = None
    camera: str | None = None
    lens: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    title: str | None = None
    keywords: tuple[str, ...] = ()

    @property
    def has_gps(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def read_facts(image: Path, naming: SidecarNaming = SidecarNaming.ADOBE) -> PhotoFacts:
    """The facts of ``image``, completed from its XMP sidecar; unreadable parts are
    simply unknown (a prompt is never refused for its context)."""
    facts = PhotoFacts()
    try:
        with exiv2_serialized():
            facts = _facts_of(open_image(image))
    except (CaptionerError, OSError):
        pass
    sidecar = choose_sidecar(image, naming, allow_embeddable=True)
    if sidecar is not None and sidecar.exists:
        facts = _completed(facts, _sidecar_facts(sidecar.path))
    return facts


def _sidecar_facts(path: Path) -> PhotoFacts:
    try:
        raw = path.read_bytes()
        with exiv2_serialized():
            return _xmp_facts(parse_packet(raw))
    except (OSError, PacketError):
        return PhotoFacts()


def _completed(facts: PhotoFacts, more: PhotoFacts) -> PhotoFacts:
    """``facts`` with its unknowns taken from ``more``; keywords merged."""
    changes: dict[str, Any] = {}
    for name in ("taken", "camera", "lens", "title"):
        if getattr(facts, name) is None and getattr(more, name) is not None:
            changes[name] = getattr(more, name)
    if not facts.has_gps and more.has_gps:
        changes["latitude"], changes["longitude"] = more.latitude, more.longitude
    changes["keywords"] = tuple(merged_keywords(facts.keywords, more.keywords))
    return replace(facts, **changes)


def _facts_of(image: Any) -> PhotoFacts:
    exif, iptc = image.exifData(), image.iptcData()
    latitude = _exif_coordinate(exif, "Latitude", "NS", 90.0)
    longitude = _exif_coordinate(exif, "Longitude", "EW", 180.0)
    charset = bytes(iptc[IPTC_CHARSET].getValue().data()) if IPTC_CHARSET in iptc else None
    title: str | None = None
    keywords: list[str] = []
    for datum in iptc:  # decoded as IIM readers do (UTF-8 only when 1:90 says so)
        if datum.key() in (OBJECT_NAME, IPTC_KEYWORDS):
            text = _clean(iim.decode(bytes(datum.getValue().data()), charset))
            if text and datum.key() == IPTC_KEYWORDS:
                keywords.append(text)
            elif text and title is None:
                title = text
    facts = PhotoFacts(
        taken=_first_date(exif, DATE_KEYS),
        camera=_camera(_ascii(exif, "Exif.Image.Make"), _ascii(exif, "Exif.Image.Model")),
        lens=_ascii(exif, "Exif.Photo.LensModel"),
        latitude=latitude if longitude is not None else None,
        longitude=longitude if latitude is not None else None,
        title=title,
        keywords=tuple(keywords),
    )
    return _completed(facts, _xmp_facts(image.xmpData()))


def _xmp_facts(xmp: Any) -> PhotoFacts:
    latitude = _xmp_coordinate(xmp, "Xmp.exif.GPSLatitude", 90.0)
    longitude = _xmp_coordinate(xmp, "Xmp.exif.GPSLongitude", 180.0)
    located = latitude is not None and longitude is not None
    return PhotoFacts(
        taken=_first_date(xmp, XMP_DATE_KEYS),
        camera=_camera(_text(xmp, "Xmp.tiff.Make"), _text(xmp, "Xmp.tiff.Model")),
        lens=next((lens for key in XMP_LENS_KEYS if (lens := _text(xmp, key))), None),
        latitude=latitude if located else None,
        longitude=longitude if located else None,
        title=get_title(xmp),
        keywords=tuple(get_keywords(xmp)),
    )


def _clean(text: str) -> str | None:
    text = " ".join(text.replace("\x00", " ").split())
    return text or None


def _ascii(exif: Any, key: str) -> str | None:
    if key not in exif:
        return None
    value = exif[key].getValue()
    raw = bytes(value.data()) if hasattr(value, "data") else str(exif[key].toString()).encode()
    return _clean(decode_text(raw))


def _text(data: Any, key: str) -> str | None:
    return _clean(str(data[key].toString())) if key in data else None


def _camera(make: str | None, model: str | None) -> str | None:
    """ "Canon" + "Canon EOS R5" -> "Canon EOS R5"; either alone when the other is missing."""
    if make and model and model.casefold().startswith(make.split()[0].casefold()):
        return model
    return " ".join(part for part in (make, model) if part) or None


def _first_date(data: Any, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        found = _parse_date(_text(data, key))
        if found is not None:
            return found
    return None


def _parse_date(text: str | None) -> datetime | None:
    """EXIF ``2024:06:01 18:30:05`` or XMP ``2024-06-01T18:30:05+02:00``; None for junk."""
    if not text:
        return None
    candidate = text.strip()
    if re.match(r"^\d{4}:\d{2}:\d{2}", candidate):
        candidate = candidate[:10].replace(":", "-") + candidate[10:]
    candidate = candidate.replace(" ", "T", 1).rstrip("Z")
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    return moment if 1826 <= moment.year <= 2200 else None


def _exif_coordinate(exif: Any, axis: str, hemispheres: str, limit: float) -> float | None:
    """Degrees from EXIF's three rationals and its N/S (E/W) reference, if they are sane."""
    value_key, ref_key = f"Exif.GPSInfo.GPS{axis}", f"Exif.GPSInfo.GPS{axis}Ref"
    if value_key not in exif or ref_key not in exif:
        return None
    reference = (_ascii(exif, ref_key) or "").upper()[:1]
    parts = str(exif[value_key].toString()).split()
    if reference not in hemispheres or len(parts) != 3:
        return None
    numbers = []
    for part in parts:
        match = _RATIONAL.match(part)
        if match is None or int(match.group(2)) == 0:
            return None
        numbers.append(int(match.group(1)) / int(match.group(2)))
    degrees, minutes, seconds = numbers
    if minutes >= 60 or seconds >= 60:
        return None
    return _signed(degrees + minutes / 60 + seconds / 3600, reference, limit)


def _xmp_coordinate(xmp: Any, key: str, limit: float) -> float | None:
    """XMP's ``DDD,MM.mmmmK`` or ``DDD,MM,SSK`` form (K is N, S, E or W)."""
    text = _text(xmp, key)
    match = _XMP_COORDINATE.match(text or "")
    if match is None:
        return None
    degrees, minutes = float(match.group(1)), float(match.group(2))
    seconds = float(match.group(3) or 0.0)
    if minutes >= 60 or seconds >= 60:
        return None
    return _signed(degrees + minutes / 60 + seconds / 3600, match.group(4), limit)


def _signed(value: float, reference: str, limit: float) -> float | None:
    if value > limit:
        return None
    return -value if reference in "SW" else value
