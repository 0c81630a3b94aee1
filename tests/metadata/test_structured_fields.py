"""Structured caption fields in XMP: keyword hierarchies beside the user's own lists,
provenance as a machine's and then a person's, and the JPEG size budget."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.errors import UnsupportedForWriting
from desktop_app.metadata.exiv2_runtime import exiv2_module
from desktop_app.metadata.provenance import (
    IPTC_AI_KEYS,
    Origin,
    Provenance,
    provenance_problems,
    read_provenance,
    write_provenance,
)
from tests import exiftool
from tests.images import write_jpeg

WRITER = EmbeddedWriter()
GENERATED = Provenance(
    Origin.GENERATED,
    "2026-01-02T03:04:05+01:00",
    backend="openai",
    model="qwen2.5vl:7b",
    prompt="Describe.",
)


@exiftool.requires_exiftool
def test_hierarchies_join_the_users_own_tool_lists(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "lists.jpg", (64, 48))
    assert exiftool.EXIFTOOL is not None
    subprocess.run(
        [
            exiftool.EXIFTOOL,
            "-q",
            "-overwrite_original",
            "-XMP-lr:HierarchicalSubject=Places|Port",
            "-XMP-digiKam:TagsList=Places/Port",
            "-XMP-dc:Subject=Port",
            str(image),
        ],
        check=True,
    )
    WRITER.write(
        image,
        CaptionData("Gulls.", ("Gull", "Birds", "Port"), ("Animals|Birds|Gull", "Places|Port")),
    )
    found = exiftool.tags(image)
    assert exiftool.as_list(found["XMP-dc:Subject"]) == ["Port", "Gull", "Birds"]
    assert exiftool.as_list(found["XMP-lr:HierarchicalSubject"]) == [
        "Places|Port",
        "Animals|Birds|Gull",
    ]
    assert exiftool.as_list(found["XMP-digiKam:TagsList"]) == ["Places/Port", "Animals/Birds/Gull"]


def test_provenance_is_a_machines_then_a_persons() -> None:
    xmp = exiv2_module().XmpData()
    assert read_provenance(xmp) is None
    write_provenance(xmp, GENERATED)
    found = read_provenance(xmp)
    assert found.origin is Origin.GENERATED
    assert (found.ai_system, found.backend, found.model) == (
        "qwen2.5vl:7b",
        "openai",
        "qwen2.5vl:7b",
    )
    assert provenance_problems(xmp, GENERATED) == []
    assert provenance_problems(xmp, Provenance.edited()) != []
    write_provenance(xmp, Provenance.edited("2026-02-03T04:05:06+01:00"))
    found = read_provenance(xmp)
    assert found.origin is Origin.EDITED
    assert found.edited_at == "2026-02-03T04:05:06+01:00"
    assert found.generated_at == "2026-01-02T03:04:05+01:00"  # history
    assert not any(key in xmp for key in IPTC_AI_KEYS)
    write_provenance(xmp, GENERATED)  # captioned again: a machine's once more
    assert read_provenance(xmp).origin is Origin.GENERATED
    assert read_provenance(xmp).edited_at == ""


def test_a_file_that_only_has_iptc_ai_properties_counts_as_generated() -> None:
    xmp = exiv2_module().XmpData()
    xmp["Xmp.iptcExt.AISystemUsed"] = "Some other captioner"
    found = read_provenance(xmp)
    assert found.origin is Origin.GENERATED
    assert found.ai_system == "Some other captioner"


def test_languages_count_toward_a_jpegs_xmp_budget(tmp_path: Path) -> None:
    image = write_jpeg(tmp_path / "many.jpg", (64, 48))
    before = image.read_bytes()
    text = "x" * 20_000
    many = CaptionData(text, languages=(("en", text), ("de", "y" * 20_000), ("fr", "z" * 20_000)))
    with pytest.raises(UnsupportedForWriting, match="fewer languages"):
        WRITER.write(image, many)
    assert image.read_bytes() == before
