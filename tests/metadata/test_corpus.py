"""Every embeddable file of both real-world corpora is written correctly or refused for
the reason the test names, and never damaged.

The corpora: Pillow's odd files (tests/data/pillow-corpus, a copy of
../shared/corpus/pillow) and ExifTool's samples (../shared/corpus/exiftool: camera JPEGs
with the maker notes of 40+ makers, PSD, DNG, HEIC), DNG and HEIC with writing inside
them allowed. "Correctly": the caption fields read back in exiftool and in exiv2, and
no other tag changed beyond the documented allowances (as exiftool reads it). "Never
damaged": a refused file keeps its exact bytes, a written one its exact image data and
pixels.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.errors import CaptionerError
from desktop_app.metadata.base import CaptionData, WriteOptions
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.registry import writer_set
from desktop_app.metadata.snapshot import read_with_exiv2
from tests import exiftool
from tests.images import CORPUS, EXIFTOOL_CORPUS
from tests.metadata.image_data import pixel_bytes, raw_image_data

pytestmark = exiftool.requires_exiftool
TEXT = "Corpus caption: café, 夕暮れ, 🌅"
KEYWORDS = ("corpus", "Köln")
WRITER = EmbeddedWriter(WriteOptions(embed_dng=True, embed_heif=True))
# Why each refused file is refused, in words its message must contain: ExifTool's own
# error (it would write none of these either), or the two-reader check.
REFUSED = {
    # ExifTool: errors in the file, or minor problems it would have to be told to ignore
    "broken.png": "did not start with IHDR",
    "broken_data_stream.png": "Bad CRC for IDAT chunk",
    "truncated_image.png": "Corrupted PNG image",
    "exif-ifd-offset.jpg": "Bad IFD1 offset",
    "exif_imagemagick_orientation.png": "IFD0 pointer references previous IFD0",
    "exif_typeerror.jpg": "Invalid format (string) for IFD0 ExifOffset",
    "hopper_bad_exif.jpg": "Truncated IFD0 directory",
    "invalid-exif.jpg": "Format error in file",
    # the check: ExifTool's rewrite of GE's maker note makes two unknown tags readable
    # that were not (a suspicious offset "fixed"), so their values would change
    "GE.jpg": "MakerNotes:GE:GE_0x0200",
    # the check: exiv2 reads no metadata from this minimal HEIC, before or after, so the
    # second reader cannot confirm the caption
    "QuickTime.heic": "not reading back in exiv2's reading",
}
# Files the exiv2 writer refused or damaged (issue 11): ExifTool writes them whole.
MUST_WRITE = (
    "OlympusE1.jpg",
    "Apple.jpg",
    "Pentax.jpg",
    "Kodak.jpg",
    "Minolta.jpg",
    "NikonD2Hs.jpg",
)


def _pixels(path: Path) -> bytes | None:
    try:
        return pixel_bytes(path)[1]
    except (OSError, ValueError, SyntaxError):
        return None  # Pillow cannot decode it either (truncated, stripped, broken)


def _corpus_images(tmp_path: Path) -> list[Path]:
    images = []
    for folder in (CORPUS, EXIFTOOL_CORPUS):
        if not folder.is_dir():
            continue
        for source in sorted(folder.iterdir()):
            if WRITER.applies_to(source):
                target = tmp_path / source.name
                shutil.copyfile(source, target)
                images.append(target)
    return images


def test_every_embeddable_corpus_file_is_written_correctly_or_refused(tmp_path: Path) -> None:
    images = _corpus_images(tmp_path)
    if not images:
        pytest.skip("neither corpus is available")
    originals = {image: image.read_bytes() for image in images}
    pixels = {image: _pixels(image) for image in images}
    before = dict(zip(images, exiftool.dump(*images), strict=True))
    refusals: dict[str, CaptionerError] = {}
    for image in images:
        try:
            WRITER.write(image, CaptionData(TEXT, KEYWORDS))
        except CaptionerError as error:
            refusals[image.name] = error
    after = dict(zip(images, exiftool.dump(*images), strict=True))
    for image in images:
        refusal = refusals.get(image.name)
        if refusal is not None:
            assert image.name in REFUSED, f"{image.name} refused: {refusal}"
            assert REFUSED[image.name] in refusal.message, (image.name, refusal.message)
            assert refusal.hint, image.name
            assert image.read_bytes() == originals[image], image.name
            continue
        assert image.name not in REFUSED, f"{image.name} was written"
        _check_written(image, before[image], after[image], originals[image], pixels[image])
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".fc-tmp-")]
    if EXIFTOOL_CORPUS.is_dir():
        assert not [name for name in MUST_WRITE if name in refusals]


def _check_written(image: Path, before: dict, after: dict, original: bytes, pixels) -> None:
    assert after["XMP-dc:Description"] == TEXT, image.name
    assert after["IFD0:ImageDescription"] == TEXT, image.name
    has_iim = image.suffix.lower() in (".jpg", ".tif", ".psd", ".dng")
    if has_iim:
        assert after["IPTC:Caption-Abstract"] == TEXT, image.name
    assert exiftool.unexpected_changes(before, after) == {}, image.name
    original_copy = image.with_name(f"original-{image.name}")
    original_copy.write_bytes(original)
    if read_with_exiv2(original_copy).readable:  # else ExifTool's reading stands alone
        fields = read_with_exiv2(image).fields  # the second reader
        assert fields is not None, image.name
        assert (fields.xmp, fields.exif) == (TEXT, TEXT), image.name
        if has_iim:
            assert fields.iim == TEXT, image.name
    assert raw_image_data(image) == raw_image_data(original_copy), image.name
    original_copy.unlink()
    assert _pixels(image) == pixels, image.name


@pytest.mark.skipif(not EXIFTOOL_CORPUS.is_dir(), reason="the shared ExifTool corpus is absent")
@pytest.mark.parametrize("name", ["CanonRaw.cr2", "Nikon.nef", "DNG.dng", "QuickTime.heic"])
def test_raw_and_heif_corpus_files_get_a_sidecar_by_default(tmp_path: Path, name: str) -> None:
    image = tmp_path / name
    shutil.copyfile(EXIFTOOL_CORPUS / name, image)
    report = writer_set(["embedded"]).write(image, CaptionData(TEXT))
    assert report.ok, report.failures
    assert report.written == [image.with_suffix(".xmp")]
    assert image.read_bytes() == (EXIFTOOL_CORPUS / name).read_bytes()


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
