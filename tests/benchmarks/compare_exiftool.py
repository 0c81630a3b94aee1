"""The app against plain ExifTool, writing the same caption into copies of the same files.

    python -m tests.benchmarks.compare_exiftool                      # both shared corpora
    python -m tests.benchmarks.compare_exiftool ~/Pictures/cameras -v  # any folders

For every file the app would write inside (JPEG, TIFF, PNG, WebP, PSD; DNG and HEIC/AVIF
with writing inside them allowed), two copies: the app's embedded writer writes one,
ExifTool by itself (``-overwrite_original``, one long-lived process) writes the other
with the same fields (XMP dc:description and dc:subject, EXIF ImageDescription, and IPTC
Caption-Abstract, Keywords and CodedCharacterSet where the format has IIM). Each result
is read back by both readers, ExifTool (``-j -G1 -a -n -u``) and exiv2, and compared with
the original:

- written: the tool reported success (the app: no refusal);
- other tags changed: a tag outside the caption fields changed, appeared or went, in
  either reader's reading (pointers aside: tags ending in Offset(s)/Start, ExifTool's
  HasExtendedXMP, a TIFF's raw XMP/IPTC/Photoshop containers, a new EXIF block's
  mandatory tags and a new IIM record's version, the WebP layout flags);
- damaged: either reader reports a problem the original did not have (a new ExifTool
  warning, exiv2 no longer reading the file or losing data), tags lost, or the image
  data (JPEG scan, PNG IDAT, WebP VP8/VP8L, TIFF strips; PSD sections; HEIF items)
  changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.errors import CaptionerError
from desktop_app.metadata import initialize
from desktop_app.metadata.base import CaptionData, WriteOptions
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.exiftool_dump import numbered_tags
from desktop_app.metadata.exiftool_process import ExifToolProcess
from desktop_app.metadata.snapshot import read_with_exiv2
from tests import exif_files
from tests.images import CORPUS, EXIFTOOL_CORPUS
from tests.metadata.image_data import raw_image_data

CAPTION = CaptionData("Compared caption: café, 夕暮れ, 🌅", ("compared", "Köln"))
OPTIONS = WriteOptions(embed_dng=True, embed_heif=True)
WITH_IIM = (".jpg", ".jpeg", ".tif", ".tiff", ".psd", ".dng")
OWNED = (
    "XMP-x:XMPToolkit",
    "XMP-dc:Description",
    "XMP-dc:Subject",
    "IFD0:ImageDescription",
    "Photoshop:IPTCDigest",
    "File:CurrentIPTCDigest",
)
OWNED_IIM = ("Caption-Abstract", "Keywords", "CodedCharacterSet")
POINTERS = ("Offset", "Offsets", "Start")
NEW_EXIF = ("XResolution", "YResolution", "ResolutionUnit", "YCbCrPositioning")
EXIV2_OWNED = (
    "Exif.Image.ImageDescription",
    "Xmp.dc.description",
    "Xmp.dc.subject",
    "Xmp.x.xmptk",
    "Iptc.Application2.Caption",
    "Iptc.Application2.Keywords",
    "Iptc.Envelope.CharacterSet",
)
EXIV2_CONTAINERS = ("Exif.Image.XMLPacket", "Exif.Image.IPTCNAA", "Exif.Image.ImageResources")
# exiv2's names for where things are (IFD pointers, thumbnails, Olympus sub-IFDs)
EXIV2_POINTERS = ("Offset", "Offsets", "Start", "JPEGInterchangeFormat", "Tag", "SubIFDs")
EXIV2_SUB_IFDS = ("Equipment", "CameraSettings", "RawDevelopment", "ImageProcessing", "FocusInfo")
EXIV2_NEW_EXIF = tuple(f"Exif.Image.{name}" for name in NEW_EXIF)


@dataclass
class Outcome:
    written: bool = False
    changed: list[str] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    refusal: str = ""


def exiftool_args(path: Path) -> list[str]:
    text = CAPTION.text
    args = ["-overwrite_original", f"-XMP-dc:Description={text}", f"-EXIF:ImageDescription={text}"]
    args += [f"-XMP-dc:Subject+={keyword}" for keyword in CAPTION.keywords]
    if path.suffix.lower() in WITH_IIM:
        args += ["-charset", "iptc=UTF8", "-IPTC:CodedCharacterSet=UTF8"]
        args += [f"-IPTC:Caption-Abstract={text}"]
        args += [f"-IPTC:Keywords+={keyword}" for keyword in CAPTION.keywords]
    return [*args, str(path)]


def dump(tool: ExifToolProcess, path: Path) -> dict[str, Any]:
    output = tool.execute(["-j", "-G1", "-a", "-n", "-u", str(path)]).stdout
    pairs: list[dict[str, Any]] = json.loads(output, object_pairs_hook=numbered_tags)
    return {k: v for k, v in pairs[0].items() if not k.startswith(("System:", "SourceFile"))}


def dump_groups(tool: ExifToolProcess, path: Path) -> dict[str, Any]:
    """Family-0 group names (MakerNotes...), to tell whether ExifTool reads the notes."""
    output = tool.execute(["-j", "-G0", "-a", "-u", str(path)]).stdout
    record: dict[str, Any] = json.loads(output, object_pairs_hook=numbered_tags)[0]
    return record


def _owned(key: str) -> bool:
    base = key.split("#", 1)[0]
    group, _, name = base.partition(":")
    if base.startswith(OWNED) or group.startswith("XMP-fcap"):
        return True
    return group.startswith("IPTC") and name in OWNED_IIM


def _structural(key: str, old: Any, new: Any, had_exif: bool) -> bool:
    group, _, name = key.split("#", 1)[0].partition(":")
    if name.endswith(POINTERS) and old is not None and new is not None:
        return True
    if name == "HasExtendedXMP" or key in ("MPImage1:MPImageLength", "RIFF:WebP_Flags"):
        return True
    if key in ("File:FileType", "File:FileTypeExtension"):
        return "WEBP" in str(old).upper() and "WEBP" in str(new).upper()
    if old is None and (key == "File:ExifByteOrder" or (group == "IFD0" and name in NEW_EXIF)):
        return not had_exif
    if old is None and group.startswith("IPTC") and name.endswith("RecordVersion"):
        return True
    return key == "ExifTool:Warning"


def exiftool_view(before: dict[str, Any], after: dict[str, Any], outcome: Outcome) -> None:
    had_exif = any(key.startswith(("IFD0:", "ExifIFD:")) for key in before)
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new or _owned(key) or _structural(key, old, new, had_exif):
            continue
        outcome.changed.append(f"ExifTool {key}")
        if new is None:
            outcome.damage.append(f"ExifTool lost {key}")
    old_warnings = {v for k, v in before.items() if k.startswith("ExifTool:Warning")}
    for key, value in after.items():
        if key.startswith("ExifTool:Warning") and value not in old_warnings and not old_warnings:
            outcome.damage.append(f"ExifTool warns: {value}")


def exiv2_view(
    original: Path, written: Path, outcome: Outcome, notes_read: bool, extended_xmp: bool
) -> None:
    before, after = read_with_exiv2(original), read_with_exiv2(written)
    if before.readable and not after.readable:
        outcome.damage.append(f"exiv2 can no longer read it ({after.error})")
        return
    for warning in after.warnings:
        if warning not in before.warnings:
            outcome.damage.append(f"exiv2: {warning}")
    old, new = before.values, after.values
    had_exif = any(key.startswith("Exif.") for key in old)
    for key in sorted(old.keys() | new.keys()):
        base = key.split("#", 1)[0]
        if old.get(key) == new.get(key) or base.startswith(EXIV2_OWNED):
            continue
        if extended_xmp and base.startswith("Xmp."):
            continue  # exiv2 does not read extended XMP: ExifTool's reading compares it
        if _exiv2_structural(base, key in old, key in new, had_exif, notes_read):
            continue
        outcome.changed.append(f"exiv2 {key}")


def _exiv2_structural(base: str, was: bool, stays: bool, had_exif: bool, notes: bool) -> bool:
    name = base.rsplit(".", 1)[-1]
    if base in EXIV2_CONTAINERS:
        return True
    if was and stays and (name.endswith(EXIV2_POINTERS) or name.startswith(EXIV2_SUB_IFDS)):
        return True
    if base == "Exif.Photo.MakerNote" and was and stays:
        return notes  # its raw bytes move with fixed offsets; its tags are compared
    if not was and base in EXIV2_NEW_EXIF:
        return not had_exif
    return not was and base in ("Iptc.Application2.RecordVersion", "Iptc.Envelope.ModelVersion")


def compare_one(
    source: Path, folder: Path, tool: ExifToolProcess, app: EmbeddedWriter
) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for who in ("app", "exiftool"):
        copy = folder / f"{who}-{source.name}"
        shutil.copyfile(source, copy)
        copy.chmod(0o644)
        outcome = Outcome()
        if who == "app":
            try:
                app.write(copy, CAPTION)
                outcome.written = True
            except CaptionerError as refusal:
                outcome.refusal = refusal.message
        else:
            answer = tool.execute(exiftool_args(copy))
            outcome.written = b"1 image files updated" in answer.stdout and not answer.errors
            outcome.refusal = "" if outcome.written else answer.stderr.strip()
        if outcome.written:
            before = dump(tool, source)
            exiftool_view(before, dump(tool, copy), outcome)
            notes_read = any(key.startswith("MakerNotes") for key in dump_groups(tool, source))
            extended = "XMP-xmpNote:HasExtendedXMP" in before
            exiv2_view(source, copy, outcome, notes_read, extended)
            if _image_data(copy) != _image_data(source):
                outcome.damage.append("image data changed")
        outcomes[who] = outcome
    return outcomes


def _image_data(path: Path) -> bytes | None:
    try:
        return raw_image_data(path)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        return None


def compare_folder(root: Path, verbose: bool) -> dict[str, dict[str, int]]:
    app = EmbeddedWriter(OPTIONS)
    files = [p for p in sorted(root.iterdir()) if p.is_file() and app.applies_to(p)]
    totals = {
        who: {"files": len(files), "written": 0, "changed": 0, "damaged": 0}
        for who in ("app", "exiftool")
    }
    tool = ExifToolProcess(["exiftool"], name="plain-exiftool")  # no app configuration
    with tempfile.TemporaryDirectory() as scratch:
        for source in files:
            for who, outcome in compare_one(source, Path(scratch), tool, app).items():
                row = totals[who]
                row["written"] += outcome.written
                row["changed"] += bool(outcome.changed)
                row["damaged"] += bool(outcome.damage)
                if verbose and (outcome.changed or outcome.damage or not outcome.written):
                    detail = outcome.damage or outcome.changed or [outcome.refusal]
                    print(f"  {who:8} {source.name}: {'; '.join(detail[:4])[:300]}")
    tool.close()
    return totals


def failure_modes(folder: Path) -> Path:
    """The structures issue 11 found damaged, built as files (tests/exif_files.py)."""
    text, taken = exif_files.text, (0x9003, *exif_files.text("2010:06:01 12:00:00"))
    legacy = exif_files.iim((2, 120, b"AP caption"), (2, 80, b"Jane Doe"))
    blocks = {
        "invalid-ifd0-type.jpg": [(0x010F, *text("SONY")), (0xC4A5, 0, 4, b"\x01\x02\x03\x04")],
        "iptc-inside-exif.jpg": [(0x010F, *text("Canon")), (0x83BB, 7, len(legacy), legacy)],
        "photometric-in-ifd0.jpg": [(0x010F, *text("Canon")), (0x0106, 3, 1, b"\x02\x00")],
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, ifd0 in blocks.items():
        exif_files.jpeg_with_exif(folder / name, exif_files.exif_block(ifd0, [taken]))
    for name in ("OlympusE1.jpg", "NikonD2Hs.jpg", "NikonD70.jpg", "Kodak.jpg", "Apple.jpg"):
        if (EXIFTOOL_CORPUS / name).exists():
            shutil.copyfile(EXIFTOOL_CORPUS / name, folder / name)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list each difference")
    args = parser.parse_args()
    if shutil.which("exiftool") is None:
        raise SystemExit("exiftool is needed: apt-get install libimage-exiftool-perl")
    initialize()
    folders = args.folders or [folder for folder in (EXIFTOOL_CORPUS, CORPUS) if folder.is_dir()]
    if not args.folders:
        folders.append(failure_modes(Path(tempfile.mkdtemp()) / "failure-modes"))
    rows = []
    for folder in folders:
        print(f"{folder}:")
        totals = compare_folder(folder, args.verbose)
        rows.append((folder, totals))
    print()
    print(
        "| files | app: written | app: other tags changed | app: damaged "
        "| exiftool: written | exiftool: other tags changed | exiftool: damaged |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for folder, totals in rows:
        app, plain = totals["app"], totals["exiftool"]
        print(
            f"| `{folder.name}` ({app['files']}) | {app['written']} | {app['changed']} | "
            f"{app['damaged']} | {plain['written']} | {plain['changed']} | {plain['damaged']} |"
        )


if __name__ == "__main__":
    main()
