"""Sidecar packets in the shapes other tools write them."""

from __future__ import annotations

import pytest

from desktop_app.metadata.xmp_fields import get_description
from desktop_app.metadata.xmp_packet import PacketError, parse_packet, serialise

BODY = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
    '<rdf:li xml:lang="x-default">Café</rdf:li></rdf:Alt></dc:description>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
)


@pytest.mark.parametrize(
    "raw",
    [
        BODY.encode(),  # Lightroom: no XML declaration
        b"\xef\xbb\xbf" + BODY.encode(),  # a byte-order mark
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>' + BODY.encode(),
        b"\n  " + BODY.encode(),
    ],
)
def test_packets_with_or_without_declarations_parse(raw: bytes) -> None:
    xmp = parse_packet(raw)
    assert get_description(xmp) == "Café"
    assert get_description(parse_packet(serialise(xmp))) == "Café"


def test_an_empty_file_is_an_empty_packet_and_broken_xml_an_error() -> None:
    assert get_description(parse_packet(b"")) is None
    with pytest.raises(PacketError):
        parse_packet(BODY.encode()[:-40])


def test_packets_with_new_namespaces_parse_safely_on_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def packet(number: int) -> bytes:
        custom = f'xmlns:t{number}="http://example.org/ns{number}/" t{number}:value="{number}"'
        return BODY.replace('rdf:about=""', f'rdf:about="" {custom}').encode()

    def parse(number: int) -> str | None:
        xmp = parse_packet(packet(number))
        serialise(xmp)
        return get_description(xmp)

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(parse, range(64))) == ["Café"] * 64
