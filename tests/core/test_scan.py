"""Finding images: kinds, skips, recursion, natural order, loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.core.formats import ImageKind, can_embed, kind_of
from desktop_app.core.scan import is_ignored_name, natural_key, scan_paths
from tests.images import write_jpeg, write_png


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.JPG", ImageKind.RASTER),
        ("a.webp", ImageKind.RASTER),
        ("a.tif", ImageKind.RASTER),
        ("a.heic", ImageKind.HEIF),
        ("a.avif", ImageKind.HEIF),
        ("a.CR3", ImageKind.RAW),
        ("a.nef", ImageKind.RAW),
        ("a.dng", ImageKind.RAW),
        ("a.txt", None),
        ("a.xmp", None),
        ("a.pdf", None),
    ],
)
def test_kinds(name: str, kind: ImageKind | None) -> None:
    assert kind_of(Path(name)) is kind


def test_embedding_only_where_exiv2_writes_losslessly() -> None:
    assert can_embed(Path("a.jpeg"))
    assert can_embed(Path("a.png"))
    assert not can_embed(Path("a.heic"))
    assert not can_embed(Path("a.cr2"))
    assert not can_embed(Path("a.gif"))


@pytest.mark.parametrize(
    "name",
    [
        ".hidden.jpg",
        "a.jpg.part",
        "b.jpg.crdownload",
        "c.jpg~",
        "~$d.jpg",
        "e.JPG.TMP",
        ".fc-tmp-1234-a.jpg",
    ],
)
def test_partial_and_temporary_names_are_ignored(name: str) -> None:
    assert is_ignored_name(name)


def test_scan_finds_images_in_natural_order_and_recurses_on_request(tmp_path: Path) -> None:
    for name in ("IMG_10.jpg", "IMG_2.jpg", "IMG_1.jpg"):
        write_jpeg(tmp_path / name, (32, 32))
    write_png(tmp_path / "sub" / "deep.png")
    (tmp_path / "notes.txt").write_text("hi")
    (tmp_path / "IMG_3.jpg.part").write_bytes(b"partial")
    (tmp_path / "shot.CR2").write_bytes(b"raw")
    flat = scan_paths([tmp_path])
    assert [i.path.name for i in flat.images] == [
        "IMG_1.jpg",
        "IMG_2.jpg",
        "IMG_10.jpg",
        "shot.CR2",
    ]
    assert flat.images[-1].kind is ImageKind.RAW
    deep = scan_paths([tmp_path], recursive=True)
    assert "deep.png" in [i.path.name for i in deep.images]
    assert deep.images[0].size == (tmp_path / "IMG_1.jpg").stat().st_size


def test_missing_paths_and_explicit_non_images_are_reported(tmp_path: Path) -> None:
    (tmp_path / "doc.pdf").write_bytes(b"%PDF")
    result = scan_paths([tmp_path / "nope", tmp_path / "doc.pdf"])
    assert result.missing == [tmp_path / "nope"]
    assert result.not_images == [tmp_path / "doc.pdf"]
    assert not result.images


def test_duplicates_and_symlink_loops_are_handled(tmp_path: Path) -> None:
    write_jpeg(tmp_path / "a" / "x.jpg", (16, 16))
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    result = scan_paths([tmp_path / "a", tmp_path / "a" / "x.jpg"], recursive=True)
    assert [i.path.name for i in result.images] == ["x.jpg"]


def test_natural_key() -> None:
    names = ["b10", "b9", "a100", "a20"]
    assert sorted(names, key=lambda n: natural_key(Path(n))) == ["a20", "a100", "b9", "b10"]
