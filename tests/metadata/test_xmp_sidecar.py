"""XMP sidecars: naming, merging into darktable's and Lightroom's sidecars, the JPEG
rule, darktable duplicates, and the RAW file never being opened."""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.metadata.base import CaptionData, SidecarNaming, WriteOptions
from desktop_app.metadata.errors import VerificationFailed
from desktop_app.metadata.registry import writer_set
from desktop_app.metadata.xmp_sidecar import XmpSidecarWriter
from tests import exiftool
from tests.child import run_in_child, unprivileged_user
from tests.images import write_jpeg
from tests.raw_files import write_raw

DARKTABLE = WriteOptions(sidecar_naming=SidecarNaming.DARKTABLE)
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# What darktable 4.x writes beside a RAW it has edited (history shortened to two steps).
DARKTABLE_SIDECAR = """<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:darktable="http://darktable.sf.net/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
   exif:DateTimeOriginal="2024:05:01 18:42:07"
   xmp:Rating="3"
   xmpMM:DerivedFrom="IMG_0001.CR2"
   darktable:import_timestamp="63850000000000000"
   darktable:change_timestamp="63850000100000000"
   darktable:xmp_version="5"
   darktable:raw_params="0"
   darktable:auto_presets_applied="1"
   darktable:history_end="2"
   darktable:iop_order_version="4"
   darktable:history_basic_hash="0f8a1b2c3d4e5f60718293a4b5c6d7e8"
   darktable:history_current_hash="a1b2c3d4e5f60718293a4b5c6d7e8f90">
   <darktable:masks_history>
    <rdf:Seq/>
   </darktable:masks_history>
   <darktable:history>
    <rdf:Seq>
     <rdf:li
      darktable:num="0"
      darktable:operation="rawprepare"
      darktable:enabled="1"
      darktable:modversion="2"
      darktable:params="00000000000000000000000000000000ff3f0000"
      darktable:multi_name=""
      darktable:multi_name_hand_edited="0"
      darktable:multi_priority="0"
      darktable:blendop_version="14"
      darktable:blendop_params="gz08eJxjYGBgYAFiCQYYOOHEgAZY0QVwggZ7CB6pfOygYtaVHwCcNw0R"/>
     <rdf:li
      darktable:num="1"
      darktable:operation="exposure"
      darktable:enabled="1"
      darktable:modversion="6"
      darktable:params="00000000000080b90000803f0000484200000000"
      darktable:multi_name="mask"
      darktable:multi_name_hand_edited="1"
      darktable:multi_priority="0"
      darktable:blendop_version="14"
      darktable:blendop_params="gz08eJxjYGBgYAFiCQYYOOHEgAZY0QVwggZ7CB6pfOygYtaVHwCcNw0R"/>
    </rdf:Seq>
   </darktable:history>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>harbour</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>places|harbour</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"""


@pytest.fixture
def folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="fc-xmp-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_new_sidecars_follow_the_naming_setting(folder: Path) -> None:
    adobe, darktable = write_raw(folder / "A.CR2"), write_raw(folder / "B.NEF")
    XmpSidecarWriter().write(adobe, CaptionData("Adobe"))
    XmpSidecarWriter(DARKTABLE).write(darktable, CaptionData("darktable"))
    assert names(folder) == ["A.CR2", "A.xmp", "B.NEF", "B.NEF.xmp"]


def test_a_new_sidecar_is_the_minimal_valid_packet(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    target = XmpSidecarWriter().write(raw, CaptionData("Café 🌅", ("kite", "港")))
    root = ET.fromstring(target.read_bytes())
    assert root.tag == "{adobe:ns:meta/}xmpmeta"
    (description,) = root.findall("rdf:RDF/rdf:Description", NS)
    assert description.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about") == ""
    (item,) = description.findall("dc:description/rdf:Alt/rdf:li", NS)
    assert (item.text, item.get(XML_LANG)) == ("Café 🌅", "x-default")
    keywords = [li.text for li in description.findall("dc:subject/rdf:Bag/rdf:li", NS)]
    assert keywords == ["kite", "港"]
    assert target.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


@pytest.mark.parametrize("existing", ["IMG_0001.xmp", "IMG_0001.CR2.xmp"])
@pytest.mark.parametrize("options", [WriteOptions(), DARKTABLE], ids=["adobe", "darktable"])
def test_the_sidecar_that_exists_is_always_the_one_updated(
    folder: Path, existing: str, options: WriteOptions
) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    (folder / existing).write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    assert XmpSidecarWriter(options).write(raw, CaptionData("Updated")) == folder / existing
    assert names(folder) == sorted(["IMG_0001.CR2", existing])


def test_with_both_names_present_the_setting_decides(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    for name in ("IMG_0001.xmp", "IMG_0001.CR2.xmp"):
        (folder / name).write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    assert XmpSidecarWriter().target(raw).name == "IMG_0001.xmp"
    assert XmpSidecarWriter(DARKTABLE).target(raw).name == "IMG_0001.CR2.xmp"


@exiftool.requires_exiftool
def test_a_darktable_sidecar_keeps_its_edit_history(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    sidecar = folder / "IMG_0001.CR2.xmp"
    sidecar.write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    before = exiftool.tags(sidecar)
    XmpSidecarWriter().write(raw, CaptionData("Harbour at dusk 🌅", ("kite",)))
    after = exiftool.tags(sidecar)
    assert exiftool.unexpected_changes(before, after) == {}
    history = after["XMP-darktable:History"]  # a list of structs with -struct
    assert history == before["XMP-darktable:History"]
    assert [step["Operation"] for step in history] == ["rawprepare", "exposure"]
    assert after["XMP-dc:Description"] == "Harbour at dusk 🌅"
    assert exiftool.as_list(after["XMP-dc:Subject"]) == ["harbour", "kite"]
    assert exiftool.as_list(after["XMP-lr:HierarchicalSubject"]) == ["places|harbour", "kite"]


def test_darktable_duplicates_follow_unless_they_have_their_own_caption(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    (folder / "IMG_0001.CR2.xmp").write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    (folder / "IMG_0001_01.CR2.xmp").write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    writer = XmpSidecarWriter(DARKTABLE)
    writer.write(raw, CaptionData("First caption"))
    own = XmpSidecarWriter(DARKTABLE)
    (folder / "IMG_0001_02.CR2.xmp").write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    own.write(raw.with_name("IMG_0001_02.CR2"), CaptionData("Black and white version"))
    XmpSidecarWriter(DARKTABLE).write(raw, CaptionData("Second caption"))
    captions = {
        path.name: XmpSidecarWriter(DARKTABLE).read(path.with_suffix("")).text
        for path in sorted(folder.glob("*.xmp"))
    }
    assert captions == {
        "IMG_0001.CR2.xmp": "Second caption",
        "IMG_0001_01.CR2.xmp": "Second caption",  # was in step: follows
        "IMG_0001_02.CR2.xmp": "Black and white version",  # its own: kept
    }


def test_jpegs_get_no_sidecar_unless_one_exists_or_asked(folder: Path) -> None:
    jpeg = write_jpeg(folder / "IMG_0001.JPG", (64, 48))
    write_raw(folder / "IMG_0001.CR2")
    writer = XmpSidecarWriter()
    assert not writer.applies_to(jpeg)  # IMG_0001.xmp belongs to the RAW
    (folder / "IMG_0001.xmp").write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    assert not writer.applies_to(jpeg)
    assert XmpSidecarWriter(WriteOptions(xmp_for_all=True)).target(jpeg).name == "IMG_0001.JPG.xmp"
    (folder / "IMG_0001.JPG.xmp").write_text(DARKTABLE_SIDECAR, encoding="utf-8")
    assert writer.target(jpeg).name == "IMG_0001.JPG.xmp"  # darktable made it: keep it current


def test_only_xmp_on_jpegs_says_what_to_do(folder: Path) -> None:
    jpeg = write_jpeg(folder / "IMG_0001.jpg", (64, 48))
    report = writer_set(["xmp"]).write(jpeg, CaptionData("Nowhere"))
    assert not report.ok
    assert "--xmp-for-all" in report.failures[0][1].hint


def test_an_invalid_existing_sidecar_is_never_replaced(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    sidecar = folder / "IMG_0001.xmp"
    sidecar.write_text(DARKTABLE_SIDECAR[:-60], encoding="utf-8")  # cut off mid-element
    before = sidecar.read_bytes()
    with pytest.raises(VerificationFailed, match="not valid XMP"):
        XmpSidecarWriter().write(raw, CaptionData("Would lose the rest"))
    assert sidecar.read_bytes() == before


def test_the_raw_file_is_never_opened(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    raw.chmod(0o000)  # nobody may even read it...
    target = run_in_child(
        XmpSidecarWriter().write, raw, CaptionData("Still captioned"), user=unprivileged_user()
    )
    raw.chmod(0o644)
    assert target == folder / "IMG_0001.xmp"  # ...and its sidecar is written all the same
    assert XmpSidecarWriter().read(raw).text == "Still captioned"


def test_embedded_on_raw_and_heic_writes_the_sidecar_and_says_so(folder: Path) -> None:
    raw = write_raw(folder / "IMG_0001.CR2")
    report = writer_set(["embedded"]).write(raw, CaptionData("Sidecar instead"))
    assert report.ok
    assert report.written == [folder / "IMG_0001.xmp"]
    assert "never written into" in str(report.notes[0])
    assert "IMG_0001.xmp" in str(report.notes[0])
    both = writer_set(["embedded", "xmp"]).plan(raw)
    assert [p.writer.writer_id for p in both] == ["xmp"]  # once, not twice
