"""A cell shows the photo's embedded preview at once, then its real thumbnail in place.

The camera-like files here carry a blue embedded thumbnail in a red photo (the same
frame, so it is trusted): which one a cell shows is then a matter of colour.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QItemSelectionModel, QPoint
from PySide6.QtGui import QColor, QImage

from desktop_app.core.thumbnails import ThumbnailCache
from desktop_app.gui.grid.thumbnail_loader import ThumbnailLoader
from desktop_app.gui.main_window import MainWindow
from tests.camera_jpegs import camera_thumbnail, jpeg_bytes, write_camera_jpeg

RED, BLUE = (200, 40, 40), (30, 60, 220)


def red_photo_blue_preview(path: Path, *, orientation: int = 1, **options) -> Path:
    blue = camera_thumbnail(Image.new("RGB", (3000, 2000), BLUE))
    return write_camera_jpeg(
        path,
        photo=Image.new("RGB", (3000, 2000), RED),
        thumbnail=options.pop("thumbnail", blue),
        orientation=orientation,
        **options,
    )


def colour(image: QImage) -> str:
    """ "red" or "blue": the centre pixel's strongest channel."""
    pixel = QColor(image.pixel(image.width() // 2, image.height() // 2))
    return "red" if pixel.red() > pixel.blue() else "blue"


def record_arrivals(loader: ThumbnailLoader) -> list[tuple[Path, bool, str, int, int]]:
    """Every image the loader hands out: (path, real?, colour, width, height)."""
    seen: list[tuple[Path, bool, str, int, int]] = []

    def arrived(path: Path) -> None:
        image = loader._memory[path]
        seen.append((path, loader.is_real(path), colour(image), image.width(), image.height()))

    loader.ready.connect(arrived)
    return seen


def test_the_preview_first_then_the_real_thumbnail(qtbot, tmp_path) -> None:
    path = red_photo_blue_preview(tmp_path / "IMG_0001.JPG")
    cache = ThumbnailCache(tmp_path / "cache")
    loader = ThumbnailLoader(cache, threads=1)
    seen = record_arrivals(loader)
    assert loader.thumbnail(path) is None  # asked for
    qtbot.waitUntil(lambda: loader.is_real(path), timeout=10_000)
    assert seen == [(path, False, "blue", 160, 107), (path, True, "red", 160, 107)]
    # The shared cache holds the real thumbnail only (256 px, the photo's colours).
    with Image.open(cache.cache_file(path, 160)) as cached:
        assert cached.size == (256, 171)
        assert cached.convert("RGB").getpixel((128, 85))[0] > 150  # type: ignore[index]
    loader.wait_idle()


def test_orientation_applies_to_the_preview_and_the_real_thumbnail(qtbot, tmp_path) -> None:
    path = red_photo_blue_preview(tmp_path / "IMG_0002.JPG", orientation=6)
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1)
    seen = record_arrivals(loader)
    loader.thumbnail(path)
    qtbot.waitUntil(lambda: loader.is_real(path), timeout=10_000)
    assert seen == [(path, False, "blue", 107, 160), (path, True, "red", 107, 160)]
    loader.wait_idle()


def test_damaged_or_mismatched_previews_are_not_shown(qtbot, tmp_path) -> None:
    blue = camera_thumbnail(Image.new("RGB", (3000, 2000), BLUE))
    squeezed = Image.new("RGB", (160, 120), BLUE)  # a 3:2 frame without bars: not it
    cut_short = jpeg_bytes(blue)[:900]
    files = [
        red_photo_blue_preview(tmp_path / "squeezed.jpg", thumbnail=squeezed),
        red_photo_blue_preview(tmp_path / "damaged.jpg", thumbnail=cut_short),
    ]
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1)
    seen = record_arrivals(loader)
    for path in files:
        loader.thumbnail(path)
    qtbot.waitUntil(lambda: all(loader.is_real(path) for path in files), timeout=10_000)
    assert sorted(seen) == sorted((path, True, "red", 160, 107) for path in files)
    loader.wait_idle()


def test_the_preview_is_replaced_in_place(qtbot, window: MainWindow, tmp_path) -> None:
    """What the user sees: the cell turns from the preview to the photo, while the
    selection and the scroll position stay where the user left them."""
    folder = tmp_path / "photos"
    paths = [red_photo_blue_preview(folder / f"IMG_{i:04d}.JPG") for i in range(30)]
    window.folders.open(folder)
    qtbot.waitUntil(lambda: window.grid.model.rowCount() == 30, timeout=10_000)
    grid = window.grid.view
    grid.verticalScrollBar().setValue(grid.gridSize().height() // 2)
    chosen = window.grid.proxy.index(9, 0)
    grid.selectionModel().select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid.setCurrentIndex(chosen)
    scroll = grid.verticalScrollBar().value()
    target = paths[9]
    centre = grid.visualRect(chosen).center()
    shown: list[tuple[bool, str, int, list[int]]] = []

    def arrived(path: Path) -> None:
        if path == target:
            pixel = grid.viewport().grab().toImage().pixelColor(centre)
            tone = "red" if pixel.red() > pixel.blue() else "blue"
            rows = [index.row() for index in grid.selectionModel().selectedIndexes()]
            shown.append(
                (window.grid.loader.is_real(path), tone, grid.verticalScrollBar().value(), rows)
            )

    window.grid.loader.ready.connect(arrived)
    window.grid.loader.clear()  # forget what the first paints loaded: start this cell afresh
    grid.viewport().update()
    qtbot.waitUntil(lambda: window.grid.loader.is_real(target), timeout=20_000)
    assert shown[0] == (False, "blue", scroll, [9])
    assert shown[-1] == (True, "red", scroll, [9])
    assert grid.indexAt(QPoint(centre)) == chosen


def test_previews_have_a_memory_budget_of_their_own(qapp, tmp_path, monkeypatch) -> None:
    """Scrolling fast makes a preview for every cell passed: the oldest previews go
    once they fill their budget, and real thumbnails are not pushed out for them."""
    from desktop_app.gui.grid import thumbnail_loader

    preview = QImage(160, 107, QImage.Format.Format_RGB888)
    monkeypatch.setattr(thumbnail_loader, "PREVIEW_BUDGET", 3 * preview.sizeInBytes())
    loader = ThumbnailLoader(ThumbnailCache(tmp_path / "cache"), threads=1)
    real = tmp_path / "real.jpg"
    loader._on_loaded(real, QImage(160, 107, QImage.Format.Format_RGB888), 160, True)
    passed = [tmp_path / f"IMG_{i}.jpg" for i in range(10)]
    for path in passed:
        loader._on_loaded(path, preview.copy(), 160, False)
    assert [path for path in passed if loader.is_shown(path)] == passed[-3:]
    assert loader.is_real(real)
    assert loader.memory_used == 4 * preview.sizeInBytes()
    loader._on_loaded(passed[-1], QImage(160, 107, QImage.Format.Format_RGB888), 160, True)
    assert loader.is_real(passed[-1])  # refined in place: no longer counted as a preview
    assert loader.memory_used == 4 * preview.sizeInBytes()
    loader.wait_idle()
