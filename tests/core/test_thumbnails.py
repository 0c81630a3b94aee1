"""Thumbnails: size, orientation, the freedesktop cache and its validation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.imaging import ImageDamaged, ImageError, NotAnImage
from desktop_app.core.thumbnails import ThumbnailCache, freedesktop_cache_root, make_thumbnail
from tests.images import CORPUS, write_jpeg


def test_thumbnail_is_upright_and_fits(tmp_path: Path) -> None:
    photo = write_jpeg(tmp_path / "p.jpg", (1600, 800), orientation=6)
    image = make_thumbnail(photo, 256)
    assert image.size == (128, 256)
    assert image.mode == "RGB"


def test_cache_follows_the_freedesktop_layout(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = freedesktop_cache_root()
    assert root == tmp_path / "cache" / "thumbnails"
    cache = ThumbnailCache(root)
    photo = write_jpeg(tmp_path / "p.jpg", (1200, 900))
    first = cache.get(photo, 200)
    assert not first.from_cache
    assert (first.width, first.height) == (200, 150)
    cache_file = cache.cache_file(photo, 200)
    assert cache_file.parent.name == "large"
    with Image.open(cache_file) as png:
        assert png.size == (256, 192)
        assert png.info["Thumb::URI"] == photo.resolve().as_uri()
        assert png.info["Thumb::MTime"] == str(int(photo.stat().st_mtime))
    assert oct(cache_file.stat().st_mode & 0o777) == "0o600"
    second = cache.get(photo, 200)
    assert second.from_cache
    assert second.rgb == first.rgb or len(second.rgb) == len(first.rgb)
    assert cache.cache_file(photo, 400).parent.name == "x-large"


def test_a_changed_file_gets_a_new_thumbnail(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs")
    photo = write_jpeg(tmp_path / "p.jpg", (400, 300))
    cache.get(photo, 128)
    write_jpeg(photo, (300, 400))
    os.utime(photo, (1_700_000_000, 1_700_000_000))
    fresh = cache.get(photo, 128)
    assert not fresh.from_cache
    assert (fresh.width, fresh.height) == (96, 128)


def test_broken_files_fail_with_a_reason(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs")
    fake = tmp_path / "fake.jpg"
    fake.write_text("not an image")
    with pytest.raises(NotAnImage):
        cache.get(fake, 128)
    cut = write_jpeg(tmp_path / "cut.jpg", (800, 600))
    cut.write_bytes(cut.read_bytes()[:2000])
    with pytest.raises(ImageDamaged, match="truncated"):
        cache.get(cut, 128)


def test_corpus_thumbnails(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs")
    made, refused = 0, []
    for path in sorted(CORPUS.glob("*.*")):
        if path.suffix == ".md":
            continue
        try:
            thumb = cache.get(path, 128)
        except ImageError as error:  # anything else is a bug and fails the test
            refused.append((path.name, error.user_message()))
            continue
        assert len(thumb.rgb) == thumb.width * thumb.height * 3
        made += 1
    assert made >= 40
    assert all(message for _, message in refused)
