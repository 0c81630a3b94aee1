"""Every file of the real-world corpus (../shared/corpus/pillow) is either captioned
correctly or refused with a clear reason, and never damaged.

"Correctly" is judged by exiftool: the three caption fields show the new text, and
no other tag changed beyond the documented allowances. "Never damaged": a refused
file keeps its exact bytes, and a written one its exact image data and pixels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.errors import CaptionerError
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.filetypes import can_embed
from desktop_app.metadata.registry import writer_set
from tests import exiftool
from tests.images import CORPUS
from tests.metadata.image_data import pixel_bytes, raw_image_data

pytestmark = [
    exiftool.requires_exiftool,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not available"),
]
TEXT = "Corpus caption: café, 夕暮れ, 🌅"
KEYWORDS = ("corpus", "Köln")


def _pixels(path: Path) -> bytes | None:
    try:
        return pixel_bytes(path)[1]
    except (OSError, ValueError, SyntaxError):
        return None  # Pillow cannot decode it either (truncated, broken)


def test_every_embeddable_corpus_file_is_written_correctly_or_refused(tmp_path: Path) -> None:
    images = []
    for source in sorted(CORPUS.iterdir()):
        if can_embed(source):
            target = tmp_path / source.name
            shutil.copyfile(source, target)
            images.append(target)
    originals = {image: image.read_bytes() for image in images}
    pixels = {image: _pixels(image) for image in images}
    before = dict(zip(images, exiftool.dump(*images), strict=True))
    outcomes: dict[Path, CaptionerError | None] = {}
    writer = EmbeddedWriter()
    for image in images:
        try:
            writer.write(image, CaptionData(TEXT, KEYWORDS))
            outcomes[image] = None
        except CaptionerError as refusal:
            outcomes[image] = refusal
    after = dict(zip(images, exiftool.dump(*images), strict=True))
    for image, outcome in outcomes.items():
        if outcome is not None:
            assert image.read_bytes() == originals[image], image.name
            assert outcome.message, image.name
            assert outcome.hint, image.name
            continue
        found = after[image]
        assert found["XMP-dc:Description"] == TEXT, image.name
        assert found["IFD0:ImageDescription"] == TEXT, image.name
        if image.suffix.lower() in (".jpg", ".tif"):
            assert found["IPTC:Caption-Abstract"] == TEXT, image.name
        assert exiftool.unexpected_changes(before[image], found) == {}, image.name
        original_copy = tmp_path / f"original-{image.name}"
        original_copy.write_bytes(originals[image])
        assert raw_image_data(image) == raw_image_data(original_copy), image.name
        assert _pixels(image) == pixels[image], image.name
    written = [image.name for image, outcome in outcomes.items() if outcome is None]
    assert len(written) >= 25, f"only {written} were written"


def test_other_corpus_images_get_an_xmp_sidecar_and_stay_untouched(tmp_path: Path) -> None:
    sources = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".gif", ".bmp", ".mpo")]
    writers = writer_set(["embedded"])
    for source in sources:
        image = tmp_path / source.name
        shutil.copyfile(source, image)
        report = writers.write(image, CaptionData(TEXT))
        assert report.ok, report.failures
        assert report.written == [image.with_suffix(".xmp")]
        assert "XMP sidecar" in str(report.notes[0])
        assert image.read_bytes() == source.read_bytes()
        assert exiftool.tags(image.with_suffix(".xmp"))["XMP-dc:Description"] == TEXT
