"""The thumbnail loader with real files of every kind: JPEG, HEIC, AVIF, RAW, broken."""

from __future__ import annotations

from pathlib import Path

import pillow_heif
from PIL import Image

from desktop_app.core.thumbnails import ThumbnailCache
from desktop_app.gui.grid.thumbnail_loader import ThumbnailLoader
from tests.images import noisy_image, write_jpeg
from tests.raw_files import write_raw


def wait_for(qtbot, loader: ThumbnailLoader, path: Path):
    """The thumbnail once it arrived, or None once the loader gave a reason."""
    found = []

    def arrived() -> bool:
        image = loader.thumbnail(path)
        if image is not None:
            found.append(image)
        return image is not None or loader.broken_reason(path) is not None

    qtbot.waitUntil(arrived, timeout=10_000)
    return found[-1] if found else None


def test_every_kind_of_file_gets_a_thumbnail_or_a_reason(qtbot, tmp_path) -> None:
    pillow_heif.register_heif_opener()
    photo = write_jpeg(tmp_path / "photo.jpg", (1200, 800), orientation=8)
    heic = tmp_path / "phone.heic"
    noisy_image((640, 480), (40, 120, 170)).save(heic, "HEIF")
    avif = tmp_path / "web.avif"
    noisy_image((480, 640), (200, 90, 40)).save(avif, "AVIF")
    raw = write_raw(tmp_path / "IMG_0001.DNG", preview=(1200, 800))
    bare_raw = write_raw(tmp_path / "IMG_0002.DNG", preview=None)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"))
    loader.set_size(200)
    image = wait_for(qtbot, loader, photo)
    assert loader.broken_reason(photo) is None
    assert (image.width(), image.height()) == (134, 200)  # orientation 8: portrait
    assert wait_for(qtbot, loader, heic).width() == 200
    assert wait_for(qtbot, loader, avif).height() == 200
    assert wait_for(qtbot, loader, raw).width() == 200  # the embedded preview
    assert wait_for(qtbot, loader, bare_raw) is None
    assert "preview" in loader.broken_reason(bare_raw)
    assert wait_for(qtbot, loader, broken) is None
    assert loader.broken_reason(broken)
    loader.wait_idle()


def test_memory_is_bounded_in_bytes(qtbot, tmp_path) -> None:
    paths = []
    for i in range(12):
        path = tmp_path / f"{i:02d}.png"
        Image.new("RGB", (400, 300), (i * 20, 80, 120)).save(path)
        paths.append(path)
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1, memory_bytes=300_000)
    loader.set_size(160)
    order: list[Path] = []
    loader.ready.connect(order.append)
    for path in paths:
        loader.thumbnail(path)
    qtbot.waitUntil(lambda: len(order) == 12, timeout=10_000)
    assert sorted(order) == paths  # each once
    assert loader.memory_used <= 300_000
    kept = [path for path in paths if path in loader._memory]
    assert 0 < len(kept) <= 300_000 // (160 * 120 * 3)  # the rest were evicted
    loader.wait_idle()


def test_badges_are_drawn_once_and_reused(qapp) -> None:
    """Each state's badge is rendered once per size and screen density: a circle in the
    state's colour with a glyph, reused for every cell after that."""
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from desktop_app.gui.grid.delegate import BADGES, ThumbnailDelegate, render_badge
    from desktop_app.gui.grid.image_model import DisplayState

    badge = render_badge(DisplayState.DONE, 24, 2.0, QFont())
    assert (badge.width(), badge.height()) == (52, 52)  # 26 logical px at 2x
    centre_left = badge.pixelColor(14, 26)  # inside the circle, clear of the glyph
    assert centre_left.name() == QColor(BADGES[DisplayState.DONE][0]).name()
    assert badge.pixelColor(0, 0).alpha() == 0  # transparent around it

    delegate = ThumbnailDelegate(loader=None)  # type: ignore[arg-type]
    canvas = QImage(100, 100, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(canvas)
    first = delegate._badge_image(DisplayState.FAILED, 20, painter)
    again = delegate._badge_image(DisplayState.FAILED, 20, painter)
    other = delegate._badge_image(DisplayState.QUEUED, 20, painter)
    painter.end()
    assert first is again
    assert other is not first


def test_the_newest_paint_first_and_within_it_top_left_first(qapp, tmp_path) -> None:
    """Requests a few milliseconds apart come from one paint and are served in paint
    order; a later paint (after a scroll) goes before what is left of earlier ones."""
    from desktop_app.gui.grid.thumbnail_loader import BURST_S

    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1)
    scrolled_past = [tmp_path / f"old{i}.jpg" for i in range(3)]
    on_screen = [tmp_path / f"new{i}.jpg" for i in range(3)]
    with loader._lock:  # queue by hand, as paints would, without starting the pool
        for i, path in enumerate(scrolled_past):
            loader._pending[path] = (160, 100.0 + i * 0.001)
        for i, path in enumerate(on_screen):
            loader._pending[path] = (160, 100.0 + 5 * BURST_S + i * 0.001)
    taken = [loader._take() for _ in range(6)]
    assert [item[0] for item in taken if item] == on_screen + scrolled_past
    assert loader.busy  # taken but not yet delivered: still in flight
    for path in on_screen + scrolled_past:
        loader._arrived(path)
    assert not loader.busy


def test_requests_for_cells_scrolled_past_are_dropped(qapp, tmp_path) -> None:
    """Once the grid has said which cells are on screen, first looks and decodes for the
    others are dropped when their turn comes (painted again, they ask again); a new
    folder forgets the old screen, so its first paint's requests all count."""
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1)
    on_screen = [tmp_path / f"new{i}.jpg" for i in range(2)]
    passed = [tmp_path / f"old{i}.jpg" for i in range(2)]
    with loader._lock:  # queue by hand, as paints would, without starting the pool
        for i, path in enumerate(passed + on_screen):
            loader._pending[path] = (160, 100.0 + i * 0.001)
        loader._real[passed[0]] = (160, 100.0)
        loader._real[on_screen[0]] = (160, 100.0)
        loader._active_jobs = 1
    loader.set_on_screen(frozenset(on_screen))
    taken = [loader._take() for _ in range(3)]
    assert [(item[0], item[2]) for item in taken if item] == [
        (on_screen[0], False),
        (on_screen[1], False),
        (on_screen[0], True),
    ]
    assert loader._take() is None  # the cells scrolled past were dropped, not served
    assert not loader._pending
    assert not loader._real
    loader.clear()
    assert loader._on_screen is None


def test_real_thumbnails_wait_while_the_grid_scrolls(qapp, tmp_path) -> None:
    """First looks go on while the grid moves; decoding the photos waits until it has
    been still for SETTLE_S (here: the moment is moved by hand, no clock involved)."""
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1)
    first, real = tmp_path / "first.jpg", tmp_path / "real.jpg"
    loader.scrolled()
    with loader._lock:
        loader._pending[first] = (160, 100.0)
        loader._real[real] = (160, 100.0)
        loader._still_after = float("inf")  # still scrolling, for as long as it takes
        assert loader._next_wanted() == (first, 160, False)
        assert loader._next_wanted() is None  # the decode waits
        loader._still_after = 0.0  # still for long enough
        assert loader._next_wanted() == (real, 160, True)
