"""Parsing and serialising sidecar XMP packets with exiv2, refusing what it cannot read.

A sidecar is updated by parsing it into exiv2's XMP tree, changing only the caption
and keyword properties, and serialising the whole tree again: every property, struct
and array (darktable's edit history included) survives, which verification checks
property by property. Formatting and XML comments are not kept; the XMP data is.
"""

from __future__ import annotations

from typing import Any

from desktop_app.metadata.exiv2_runtime import (
    collect_warnings,
    data_loss_warnings,
    exiv2_module,
    exiv2_serialized,
)
from desktop_app.metadata.xmp_fields import is_owned_xmp_key

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


class PacketError(ValueError):
    """The sidecar is not XMP exiv2 can read whole."""


def _normalised(raw: bytes) -> bytes:
    """UTF-8 bytes starting the way exiv2 recognises an XMP sidecar."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16").replace('encoding="UTF-16"', 'encoding="UTF-8"')
        raw = text.encode("utf-8")
    raw = raw.lstrip()
    if not raw.startswith((b"<?xml", b"<?xpacket")):
        raw = XML_DECLARATION + raw
    return raw


def parse_packet(raw: bytes) -> Any:
    """An exiv2 ``XmpData`` holding the packet's properties (empty for empty input)."""
    exiv2 = exiv2_module()
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return exiv2.XmpData()
    data = _normalised(raw)
    with exiv2_serialized():
        with collect_warnings() as warnings:
            try:
                image = exiv2.ImageFactory.open(data)
                image.readMetadata()
            except exiv2.Exiv2Error as exc:
                raise PacketError(str(exc)) from exc
        lost = data_loss_warnings(warnings) or [w for w in warnings if "XMP" in w]
        if lost:
            raise PacketError("; ".join(dict.fromkeys(lost)))
        xmp = exiv2.XmpData()
        for datum in image.xmpData():
            xmp.add(datum)
    return xmp


def serialise(xmp: Any) -> bytes:
    """The packet as darktable and exiv2 write sidecars: XML declaration, no wrapper."""
    exiv2 = exiv2_module()
    flags = exiv2.XmpParser.XmpFormatFlags
    with exiv2_serialized():
        status, packet = exiv2.XmpParser.encode(
            xmp, flags.omitPacketWrapper | flags.useCompactFormat
        )
    if status != 0:
        raise PacketError(f"exiv2 could not serialise the XMP (status {status})")
    return XML_DECLARATION + str(packet).encode("utf-8")


def unowned_properties(xmp: Any) -> dict[str, str]:
    """Every property the app does not own, for before/after comparison."""
    values: dict[str, str] = {}
    for datum in xmp:
        key = datum.key()
        if not is_owned_xmp_key(key) and key != "Xmp.x.xmptk":
            values[key] = f"{datum.typeName()}:{datum.toString()}"
    return values
