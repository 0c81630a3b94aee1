"""``folder-captioner caption`` with the XMP and embedded destinations and their
options: sidecar naming, keeping modification times, RAW files, skip-existing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from desktop_app.cli import main
from desktop_app.metadata.atomic import TEMP_PREFIX
from desktop_app.metadata.base import CaptionData
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.embedded_fields import read_embedded
from desktop_app.metadata.xmp_sidecar import XmpSidecarWriter
from tests.images import write_jpeg
from tests.raw_files import write_raw


def records(out: str) -> dict[str, dict]:
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {Path(r["path"]).name: r for r in lines}


def test_embedded_and_txt_with_a_raw_file_going_to_its_sidecar(cloud_env, tmp_path, capsys):
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    raw = write_raw(tmp_path / "IMG_0002.DNG")
    raw_before = raw.read_bytes()
    code = main(["caption", str(tmp_path), "--write", "embedded,txt", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    found = records(out)
    assert found["IMG_0001.jpg"]["written"] == [str(jpeg), str(jpeg.with_suffix(".txt"))]
    assert found["IMG_0002.DNG"]["written"] == [
        str(tmp_path / "IMG_0002.xmp"),
        str(tmp_path / "IMG_0002.txt"),
    ]
    assert "XMP sidecar IMG_0002.xmp instead" in found["IMG_0002.DNG"]["notes"][0]
    fields = read_embedded(jpeg)
    assert fields.xmp == fields.exif == fields.iim == found["IMG_0001.jpg"]["caption"]
    assert XmpSidecarWriter().read(raw).text == found["IMG_0002.DNG"]["caption"]
    assert raw.read_bytes() == raw_before


def test_notes_are_shown_to_people_too(cloud_env, tmp_path, capsys) -> None:
    write_raw(tmp_path / "IMG_0002.DNG")
    assert main(["caption", str(tmp_path), "--write", "embedded"]) == 0
    _, err = capsys.readouterr()
    assert "note:" in err
    assert "IMG_0002.xmp" in err


def test_darktable_naming_and_kept_modification_times(cloud_env, tmp_path, capsys) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    raw = write_raw(tmp_path / "IMG_0002.NEF")
    os.utime(jpeg, ns=(1_000_000_000, 1_000_000_000))
    code = main(
        [
            "caption",
            str(tmp_path),
            "--write",
            "embedded",
            "--sidecar-naming",
            "darktable",
            "--keep-mtime",
        ]
    )
    assert code == 0
    assert (tmp_path / "IMG_0002.NEF.xmp").exists()
    assert not (tmp_path / "IMG_0002.xmp").exists()
    assert jpeg.stat().st_mtime_ns == 1_000_000_000
    assert EmbeddedWriter().read(jpeg) is not None
    assert raw.exists()


def test_xmp_for_all_puts_sidecars_beside_jpegs(cloud_env, tmp_path, capsys) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    assert main(["caption", str(tmp_path), "--write", "xmp", "--xmp-for-all"]) == 0
    assert (tmp_path / "IMG_0001.jpg.xmp").exists()
    assert EmbeddedWriter().read(jpeg) is None


def test_skip_existing_honours_a_caption_embedded_by_another_tool(cloud_env, tmp_path, capsys):
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    EmbeddedWriter().write(jpeg, CaptionData("Captioned in Lightroom"))
    code = main(["caption", str(tmp_path), "--write", "txt", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    record = records(out)["IMG_0001.jpg"]
    assert record["status"] == "skipped"
    assert "embedded" in record["reason"]
    assert not jpeg.with_suffix(".txt").exists()
    assert cloud_env.caption_tasks() == []


def test_skipping_says_when_places_disagree(cloud_env, tmp_path, capsys) -> None:
    jpeg = write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    EmbeddedWriter().write(jpeg, CaptionData("One caption"))
    jpeg.with_suffix(".txt").write_text("Another caption", encoding="utf-8")
    assert main(["caption", str(tmp_path), "--json"]) == 0
    out, _ = capsys.readouterr()
    assert "disagree" in records(out)["IMG_0001.jpg"]["reason"]


def test_a_raw_without_a_preview_fails_alone_with_a_clear_message(cloud_env, tmp_path, capsys):
    write_raw(tmp_path / "IMG_0001.CR2", preview=None)
    write_jpeg(tmp_path / "IMG_0002.jpg", (320, 240))
    code = main(["caption", str(tmp_path), "--write", "xmp,txt", "--json"])
    out, _ = capsys.readouterr()
    assert code == 1
    found = records(out)
    assert found["IMG_0002.jpg"]["status"] == "captioned"
    failed = found["IMG_0001.CR2"]
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == "raw-without-preview"
    assert "preview" in failed["error"]["message"]


def test_stray_temp_files_are_cleaned_at_start(cloud_env, tmp_path, capsys) -> None:
    write_jpeg(tmp_path / "IMG_0001.jpg", (320, 240))
    stray = tmp_path / f"{TEMP_PREFIX}dead-IMG_0001.jpg"
    stray.write_bytes(b"half a photo")
    assert main(["caption", str(tmp_path), "--write", "embedded"]) == 0
    assert not stray.exists()
