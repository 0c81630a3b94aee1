"""The contract every caption writer passes (add new writers to WRITERS).

Each case is a writer id, a function that makes a fresh image for it and, where the
writer needs them, write options. The suite checks what users rely on: captions read
back exactly (non-ASCII included) in the app and in an independent tool (exiftool),
an existing caption is replaced and nothing else changes, the image itself is
untouched by sidecar writers and its image data untouched by embedded ones, no temp
file is left behind, permissions are kept, the modification time changes unless asked
not to, and read-only files and folders, a full disk and a file changed or replaced
meanwhile give a clear error with the original intact.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.metadata.atomic import TEMP_PREFIX
from desktop_app.metadata.base import CaptionData, CaptionWriter, SidecarNaming, WriteOptions
from desktop_app.metadata.errors import (
    DiskFull,
    FileChangedMeanwhile,
    ReadOnlyLocation,
    WriteError,
)
from desktop_app.metadata.provenance import Origin, Provenance
from desktop_app.metadata.registry import get_writer_spec
from tests import exiftool
from tests.child import run_in_child, unprivileged_user
from tests.images import EXIFTOOL_CORPUS, write_heic, write_jpeg, write_png, write_tiff, write_webp
from tests.metadata.image_data import pixel_bytes
from tests.raw_files import write_raw

ImageMaker = Callable[[Path], Path]


def corpus_file(name: str, folder: Path) -> Path:
    """A file of ExifTool's sample corpus (Photoshop, DNG: no library here writes them),
    its caption fields emptied: the suite starts from an uncaptioned image."""
    source = EXIFTOOL_CORPUS / name
    if not source.is_file():
        pytest.skip(f"{name}: the shared ExifTool corpus is absent")
    target = folder / name
    shutil.copyfile(source, target)
    target.chmod(0o644)
    fields = ("-XMP-dc:Description=", "-IFD0:ImageDescription=", "-IPTC:Caption-Abstract=")
    return exiftool.write_tags(target, *fields)


DARKTABLE = WriteOptions(sidecar_naming=SidecarNaming.DARKTABLE)

WRITERS: list[tuple[str, ImageMaker] | tuple[str, ImageMaker, WriteOptions]] = [
    ("txt", lambda folder: write_jpeg(folder / "IMG_0001.jpg", (96, 64))),
    ("txt", lambda folder: write_png(folder / "scan.png", (64, 64))),
    ("embedded", lambda folder: write_jpeg(folder / "IMG_0002.jpg", (96, 64))),
    ("embedded", lambda folder: write_tiff(folder / "scan.tif")),
    ("embedded", lambda folder: write_png(folder / "drawing.png", (64, 64))),
    ("embedded", lambda folder: write_webp(folder / "web.webp")),
    ("embedded", lambda folder: corpus_file("Photoshop.psd", folder)),
    ("embedded", lambda folder: corpus_file("DNG.dng", folder), WriteOptions(embed_dng=True)),
    (
        "embedded",
        lambda folder: write_heic(folder / "phone.heic", metadata=True),
        WriteOptions(embed_heif=True),
    ),
    ("xmp", lambda folder: write_raw(folder / "IMG_0003.DNG")),
    ("xmp", lambda folder: write_raw(folder / "IMG_0004.dng"), DARKTABLE),
    ("xmp", lambda folder: write_heic(folder / "phone.heic")),
    ("xmp", lambda folder: write_jpeg(folder / "IMG_0005.jpg"), WriteOptions(xmp_for_all=True)),
]

TEXTS = [
    "A red kite over the harbour at dusk.",
    "Café crème, façade à Montréal; Grüße aus Köln.",
    "夕暮れの港に赤い凧。海鸥在飞。",
    "Sunset 🌅 with gulls 🐦 and a kite 🪁.",
]
MIXED = "Café crème — 夕暮れの港 🌅 with a kite 🪁"
KEYWORDS = ("kite", "Hafen", "港")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder every user can reach (pytest's own tmp dirs are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="fc-contract-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _case_id(index: int, case: tuple[object, ...]) -> str:
    return f"{case[0]}-{index}"


@pytest.fixture(params=WRITERS, ids=[_case_id(i, c) for i, c in enumerate(WRITERS)])
def case(request, open_folder: Path) -> tuple[CaptionWriter, Path]:
    writer_id, make, *rest = request.param
    options = rest[0] if rest else WriteOptions()
    image = make(open_folder)
    for path in open_folder.iterdir():
        path.chmod(0o666)  # so the unprivileged child may read (and refuse to write) them
    return get_writer_spec(writer_id).factory(options), image


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def is_embedded(writer: CaptionWriter, image: Path) -> bool:
    return writer.target(image) == image


@pytest.mark.parametrize("text", TEXTS)
def test_caption_reads_back_exactly(case, text: str) -> None:
    writer, image = case
    assert writer.read(image) is None
    target = writer.write(image, CaptionData(text))
    assert target == writer.target(image)
    existing = writer.read(image)
    assert existing is not None
    assert existing.text == text
    assert existing.source == writer.writer_id


@exiftool.requires_exiftool
def test_an_independent_tool_reads_caption_and_keywords(case) -> None:
    writer, image = case
    target = writer.write(image, CaptionData(MIXED, KEYWORDS))
    if target.suffix == ".txt":
        assert target.read_text(encoding="utf-8") == MIXED  # the file is the caption
        return
    found = exiftool.tags(target)
    assert found["XMP-dc:Description"] == MIXED
    assert exiftool.as_list(found["XMP-dc:Subject"]) == list(KEYWORDS)
    if not is_embedded(writer, image):
        return
    assert found["IFD0:ImageDescription"] == MIXED
    if image.suffix.lower() in (".jpg", ".tif"):
        assert found["IPTC:Caption-Abstract"] == MIXED
        assert found["IPTC:CodedCharacterSet"] == "UTF8"
        assert exiftool.as_list(found["IPTC:Keywords"]) == list(KEYWORDS)
    assert "Warning" not in " ".join(found)


GERMAN = "Möwen über dem Hafen — Grüße aus Köln"
FRENCH = "Des mouettes au-dessus du port, à Montréal"
GENERATED = Provenance(
    Origin.GENERATED,
    "2026-05-01T10:30:00+02:00",
    backend="local",
    model="qwen2.5-vl-3b",
    ai_system="Qwen2.5-VL-3B-Instruct",
    ai_system_version="Qwen2.5-VL-3B-Instruct-Q4_K_M.gguf",
    prompt="Describe this photo taken in Köln.",
    prompt_writer="Jane Doe",
    generator="Folder Captioner 0.1.0",
)
STRUCTURED = CaptionData(
    MIXED,
    keywords=("Gull", "Birds", "Animals", "Möwe"),
    hierarchical_keywords=("Animals|Birds|Gull", "Tiere|Vögel|Möwe"),
    languages=(("en", MIXED), ("de", GERMAN), ("fr", FRENCH)),
    title="Harbour gulls",
    alt_text="Gulls flying over boats in a harbour at sunset.",
    provenance=GENERATED,
)


@exiftool.requires_exiftool
def test_structured_captions_read_back_in_an_independent_tool(case) -> None:
    """Languages, hierarchy, title, alt text and provenance, as exiftool reads them."""
    writer, image = case
    target = writer.write(image, STRUCTURED)
    if target.suffix == ".txt":
        assert target.read_text(encoding="utf-8") == MIXED  # the default language only
        return
    found = exiftool.tags(target)
    assert found["XMP-dc:Description"] == MIXED  # x-default: the default language
    assert found["XMP-dc:Description-en"] == MIXED
    assert found["XMP-dc:Description-de"] == GERMAN
    assert found["XMP-dc:Description-fr"] == FRENCH
    assert exiftool.as_list(found["XMP-dc:Subject"]) == list(STRUCTURED.keywords)
    assert exiftool.as_list(found["XMP-lr:HierarchicalSubject"]) == [
        "Animals|Birds|Gull",
        "Tiere|Vögel|Möwe",
    ]
    assert found["XMP-dc:Title"] == "Harbour gulls"
    assert found["XMP-iptcCore:AltTextAccessibility"] == STRUCTURED.alt_text
    assert found["XMP-iptcExt:AISystemUsed"] == "Qwen2.5-VL-3B-Instruct"
    assert found["XMP-iptcExt:AISystemVersionUsed"] == "Qwen2.5-VL-3B-Instruct-Q4_K_M.gguf"
    assert found["XMP-iptcExt:AIPromptInformation"] == "Describe this photo taken in Köln."
    assert found["XMP-iptcExt:AIPromptWriterName"] == "Jane Doe"
    assert found["XMP-fcap:CaptionSource"] == "generated"
    assert found["XMP-fcap:Backend"] == "local"
    assert found["XMP-fcap:GeneratedAt"] == "2026:05:01 10:30:00+02:00"
    assert writer.read(image).provenance == "generated"
    if is_embedded(writer, image):
        assert found["IFD0:ImageDescription"] == MIXED  # EXIF: the default language
        if image.suffix.lower() in (".jpg", ".tif"):
            assert found["IPTC:Caption-Abstract"] == MIXED
            assert exiftool.as_list(found["IPTC:Keywords"]) == list(STRUCTURED.keywords)


@exiftool.requires_exiftool
def test_an_edit_marks_the_caption_as_a_persons(case) -> None:
    writer, image = case
    target = writer.write(image, STRUCTURED)
    if target.suffix == ".txt":
        pytest.skip("a .txt file holds nothing but the caption")
    before = exiftool.tags(target)
    edited = "Gulls over the harbour, corrected by hand."
    writer.write(
        image,
        CaptionData(edited, languages=(("en", edited),), provenance=Provenance.edited()),
    )
    after = exiftool.tags(target)
    assert after["XMP-dc:Description"] == edited
    assert after["XMP-dc:Description-en"] == edited
    assert after["XMP-dc:Description-de"] == GERMAN  # other languages are kept
    for name in ("AISystemUsed", "AISystemVersionUsed", "AIPromptInformation"):
        assert f"XMP-iptcExt:{name}" not in after  # the text is no longer a machine's
    assert after["XMP-fcap:CaptionSource"] == "edited"
    assert after["XMP-fcap:EditedAt"]
    assert after["XMP-fcap:GeneratedAt"] == before["XMP-fcap:GeneratedAt"]  # history kept
    assert exiftool.unexpected_changes(before, after) == {}
    assert writer.read(image).provenance == "edited"


def test_existing_caption_is_replaced_and_no_temp_file_remains(case) -> None:
    writer, image = case
    writer.write(image, CaptionData("First."))
    writer.write(image, CaptionData("Second."))
    assert writer.read(image).text == "Second."
    assert not [n for n in files_in(image.parent) if n.startswith(TEMP_PREFIX)]


@exiftool.requires_exiftool
def test_a_new_caption_changes_only_the_fields_the_app_owns(case) -> None:
    writer, image = case
    target = writer.write(image, CaptionData("First.", ("one",)))
    if target.suffix == ".txt":
        pytest.skip("a .txt file holds nothing but the caption")
    before = exiftool.tags(target)
    writer.write(image, CaptionData("Zweite Beschriftung — 二番目", ("two",)))
    after = exiftool.tags(target)
    assert exiftool.unexpected_changes(before, after) == {}


def test_sidecar_writers_never_touch_the_image(case) -> None:
    writer, image = case
    if is_embedded(writer, image):
        pytest.skip("embedded writers: see the image-data test")
    before = sha(image), image.stat().st_mtime_ns
    writer.write(image, CaptionData("Untouched image."))
    assert (sha(image), image.stat().st_mtime_ns) == before


def test_embedded_writers_keep_the_image_data(case) -> None:
    writer, image = case
    if not is_embedded(writer, image):
        pytest.skip("sidecar writers never open the image")
    raw_before, pixels_before = pixel_bytes(image)
    writer.write(image, CaptionData("Pixels stay."))
    assert pixel_bytes(image) == (raw_before, pixels_before)
    with Image.open(image) as reopened:
        reopened.load()


def test_permissions_are_kept_and_mtime_changes_unless_kept(case) -> None:
    writer, image = case
    target = writer.write(image, CaptionData("First."))
    target.chmod(0o640)
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    writer.write(image, CaptionData("Second."))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_mtime_ns > 1_000_000_000
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    options = getattr(writer, "_options", WriteOptions())  # the case's own (DNG, HEIC)
    keeping = type(writer)(dataclasses.replace(options, keep_mtime=True, xmp_for_all=True))
    keeping_target = keeping.write(image, CaptionData("Third."))
    assert keeping_target == target
    assert target.stat().st_mtime_ns == 1_000_000_000


def test_read_only_file_gives_a_clear_error(case) -> None:
    writer, image = case
    target = writer.write(image, CaptionData("Before."))
    target.chmod(0o444)
    before = {p.name: sha(p) for p in image.parent.iterdir()}
    with pytest.raises(ReadOnlyLocation) as caught:
        writer.write(image, CaptionData("After."))  # as root too: read-only means hands off
    assert "read-only" in caught.value.user_message()
    assert {p.name: sha(p) for p in image.parent.iterdir()} == before


def test_read_only_folder_gives_a_clear_error(case) -> None:
    writer, image = case
    writer.write(image, CaptionData("Before."))
    target = writer.target(image)
    before = {p.name: sha(p) for p in image.parent.iterdir()}
    for path in image.parent.iterdir():
        path.chmod(0o444)
    image.parent.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyLocation) as caught:
            run_in_child(writer.write, image, CaptionData("After."), user=unprivileged_user())
    finally:
        image.parent.chmod(0o777)
    assert "read-only" in caught.value.user_message()
    assert {p.name: sha(p) for p in image.parent.iterdir()} == before
    assert writer.read(image).text == "Before."
    assert target.exists()


def test_disk_full_gives_a_clear_error_and_keeps_the_original(case) -> None:
    writer, image = case
    writer.write(image, CaptionData("Before."))
    before = {p.name: sha(p) for p in image.parent.iterdir()}
    size = image.stat().st_size
    long_caption = "x" * (size + 30_000)
    with pytest.raises(WriteError) as caught:
        run_in_child(writer.write, image, CaptionData(long_caption), fsize=size + 15_000)
    assert isinstance(caught.value, DiskFull)
    assert "disk is full" in caught.value.user_message()
    assert {p.name: sha(p) for p in image.parent.iterdir()} == before


def _interfere(monkeypatch, interference: Callable[[Path], None]) -> None:
    """Let another "program" act on the destination just before it is replaced."""
    from desktop_app.metadata import atomic

    real_finish = atomic._finish_replace

    def finish(temp, dest, **kwargs):
        interference(dest)
        return real_finish(temp, dest, **kwargs)

    monkeypatch.setattr(atomic, "_finish_replace", finish)


def test_file_changed_by_another_program_is_not_overwritten(case, monkeypatch) -> None:
    writer, image = case
    writer.write(image, CaptionData("Mine."))
    target = writer.target(image)

    def someone_else_writes(dest: Path) -> None:
        with open(dest, "ab") as handle:
            handle.write(b" ")
        os.utime(dest, ns=(1, 1))

    _interfere(monkeypatch, someone_else_writes)
    with pytest.raises(WriteError, match="changed by another program"):
        writer.write(image, CaptionData("Theirs changed meanwhile."))
    assert target.exists()
    assert not [n for n in files_in(image.parent) if n.startswith(TEMP_PREFIX)]


def test_file_replaced_by_another_program_is_not_overwritten(case, monkeypatch) -> None:
    writer, image = case
    writer.write(image, CaptionData("Mine."))

    def someone_else_replaces(dest: Path) -> None:
        info = dest.stat()
        replacement = dest.with_name("replacement.tmp")
        replacement.write_bytes(dest.read_bytes())  # same size, same mtime, new file
        os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
        os.replace(replacement, dest)

    _interfere(monkeypatch, someone_else_replaces)
    with pytest.raises(FileChangedMeanwhile):
        writer.write(image, CaptionData("Replaced meanwhile."))
    assert writer.read(image).text == "Mine."
    assert not [n for n in files_in(image.parent) if n.startswith(TEMP_PREFIX)]
