"""Keyword lists as photographers' tools write them, for the vocabulary tests.

``LIGHTROOM_EXPORT`` is what Lightroom Classic's Metadata > Export Keywords writes: one
keyword per line, one tab per level, ``{synonym}`` lines under their keyword and
``[keyword]`` for keywords with "Include on Export" off (categories), UTF-8 with CRLF
line ends on Windows. Names repeat in different branches (Paris), and carry accents and
non-Latin scripts.
"""

from __future__ import annotations

from pathlib import Path

LIGHTROOM_EXPORT = "\n".join(
    [
        "[Animals]",
        "\tBirds",
        "\t\tGull",
        "\t\t\t{Seagull}",
        "\t\t\t{Möwe}",
        "\t\tCormorant",
        "\t\tHeron",
        "\t\t\t{Reiher}",
        "\tMammals",
        "\t\tDog",
        "\t\t\t{Hund}",
        "[Places]",
        "\tEurope",
        "\t\tFrance",
        "\t\t\tParis",
        "\t\t\tÎle-de-France",
        "\t\tSwitzerland",
        "\t\t\t{Schweiz}",
        "\t\t\tZürich",
        "\tAsia",
        "\t\tJapan",
        "\t\t\t東京",
        "\t\t\t\t{Tokyo}",
        "\tAmerica",
        "\t\tTexas",
        "\t\t\tParis",
        "Harbour",
        "\t{Port}",
        "\t{Hafen}",
        "Sunset",
        "[People]",
        "\t[Family]",
        "\t\tAnna Müller",
        "",
    ]
)


def write_lightroom_export(path: Path, *, crlf: bool = True, bom: bool = False) -> Path:
    text = LIGHTROOM_EXPORT.replace("\n", "\r\n") if crlf else LIGHTROOM_EXPORT
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path
