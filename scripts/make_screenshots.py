"""Regenerate the README's screenshots: the real window on a virtual screen.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/make_screenshots.py
    xvfb-run -a -s "-screen 0 1440x900x24" \
        .venv/bin/python scripts/make_screenshots.py --language de   # or fr

It builds a folder of photos (the real photographs from the test corpus plus generated
ones), starts the fake cloud API (so no key or network is needed), opens the window on
that folder, and saves docs/screenshots/*.png: the main window, a run in progress, the
caption panel after a run, the settings dialog and the dark theme. With ``--language``
(de, fr) it shows the window in that language after a run and saves
docs/screenshots/main-window-LANG.png and settings-LANG.png; ``--all-tabs DIR`` also saves
every settings tab, the first-run screen and About there, to look at before a release.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
REAL_PHOTOS = [
    "flower.jpg",
    "frozenpond.mpo",
    "exif_typeerror.jpg",
    "xmp_test.jpg",
    "iptc.jpg",
    "icc_profile_big.jpg",
    "hopper.jpg",
    "app13-multiple.jpg",
    "flower2.webp",
]
SCREEN = (1440, 900)


def build_folder(folder: Path) -> None:
    from tests.images import CORPUS, write_jpeg

    folder.mkdir(parents=True)
    for name in REAL_PHOTOS:
        source = CORPUS / name
        suffix = ".jpg" if source.suffix == ".mpo" else source.suffix
        shutil.copy(source, folder / (source.stem + suffix))
    palette = [(200, 90, 40), (40, 120, 170), (60, 140, 80), (180, 160, 60), (90, 60, 120)]
    for i in range(15):
        size = (1800, 1200) if i % 3 else (1200, 1800)
        write_jpeg(folder / f"DSC_{4100 + i}.jpg", size, palette[i % 5], seed=i)
    (folder / "flower.txt").write_text(
        "A cluster of pale pink blossoms on a dark branch, soft light from the left.",
        encoding="utf-8",
    )
    (folder / "scan_damaged.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated in transfer")


def demo_settings(home: Path) -> None:
    """Few requests in flight, so the run-in-progress shot shows every badge."""
    config = home / "app" / "config"
    config.mkdir(parents=True)
    settings = {"version": 2, "backends": {"cloud": {"batch_size": 1, "max_in_flight": 3}}}
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--language",
        choices=["de", "fr", "en"],
        help="a translated window (en: the same shots in English)",
    )
    parser.add_argument("--all-tabs", type=Path, metavar="DIR", help="every screen, to check")
    args = parser.parse_args()
    if args.language:
        translated_shots(args.language, args.all_tabs)
    else:
        english_shots()


def start(latency: float) -> tuple[Path, object]:
    """A home with demo settings and a folder of photos, and the fake cloud API."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    home = Path(tempfile.mkdtemp(prefix="fc-shots-"))
    os.environ["FOLDER_CAPTIONER_HOME"] = str(home / "app")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    demo_settings(home)
    from tests.fakes.runware_server import FakeRunware

    api = FakeRunware(latency=latency).start()
    os.environ["RUNWARE_API_URL"] = api.url
    os.environ["RUNWARE_API_KEY"] = api.api_key
    folder = home / "Holiday 2026"
    build_folder(folder)
    OUT.mkdir(parents=True, exist_ok=True)
    return folder, api


def shot(name: str, out: Path = OUT) -> None:
    from PySide6.QtGui import QGuiApplication

    out.mkdir(parents=True, exist_ok=True)
    screen = QGuiApplication.primaryScreen().grabWindow(0)
    screen.copy(0, 0, *SCREEN).save(str(out / f"{name}.png"))
    print("saved", out / f"{name}.png", flush=True)


def open_window(folder: Path, language: str | None = None) -> tuple[object, object, object]:
    from desktop_app.gui import translations
    from desktop_app.gui.app import create_application
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.i18n import UiLanguage

    app = create_application()
    ctx = AppContext.create()
    translations.install(app, UiLanguage(language or "en"))
    window = MainWindow(ctx)
    window.resize(SCREEN[0] - 40, SCREEN[1] - 40)
    window.move(20, 20)
    window.show()
    window.folders.open(folder, select=folder / "flower.jpg")
    return app, ctx, window


def run_steps(steps: list[tuple[int, Callable[[], object]]]) -> None:
    from PySide6.QtCore import QTimer

    delay = 0
    for wait, action in steps:
        delay += wait
        QTimer.singleShot(delay, action)


def english_shots() -> None:
    from PySide6.QtCore import QTimer

    from desktop_app.gui import theme
    from desktop_app.gui.settings.dialog import SettingsDialog

    folder, api = start(latency=2.5)
    app, ctx, window = open_window(folder)

    def settings() -> None:
        dialog = SettingsDialog(ctx.settings, ctx.background, ctx.secrets, window)
        dialog.move(260, 120)
        dialog.show()
        QTimer.singleShot(700, lambda: (shot("settings"), dialog.close()))

    steps: list[tuple[int, Callable[[], object]]] = [
        (2500, lambda: shot("main-window")),
        (300, window.runs.caption_missing),
        (4000, lambda: shot("run-in-progress")),
        (22000, lambda: window.grid.view.select_path(folder / "DSC_4101.jpg")),
        (1200, lambda: shot("caption-panel")),
        (300, settings),
        (1500, lambda: theme.apply(app, "dark")),
        (1000, lambda: shot("dark-mode")),
        (200, window.close),
    ]
    run_steps(steps)
    app.exec()
    ctx.close()
    api.stop()


def translated_shots(language: str, extra: Path | None) -> None:
    """The window after a run, and Settings, in ``language``; with ``extra``, every
    settings tab (Advanced unfolded), the first-run screen and About as well."""
    from desktop_app.gui.help.about import AboutDialog
    from desktop_app.gui.help.first_run import FirstRunDialog
    from desktop_app.gui.settings.dialog import SettingsDialog

    folder, api = start(latency=0.3)
    app, ctx, window = open_window(folder, language)
    dialogs: list[object] = []

    def settings(tab: int = 0, unfold: bool = False, backend: str = "") -> None:
        for old in dialogs:
            old.close()
        dialog = SettingsDialog(ctx.settings, ctx.background, ctx.secrets, window)
        dialog.move(260, 80)
        dialog.tabs.setCurrentIndex(tab)
        chosen = backend or ctx.settings.backend
        combo = dialog.captioning.backend_combo
        combo.setCurrentIndex(combo.findData(chosen))
        if unfold:
            dialog.captioning.pages[chosen].advanced.set_expanded(True)
        dialog.show()
        dialogs.append(dialog)

    def dialog(make: Callable[[], object]) -> None:
        for old in dialogs:
            old.close()
        shown = make()
        shown.move(260, 80)
        shown.show()
        dialogs.append(shown)

    steps: list[tuple[int, Callable[[], object]]] = [
        (2500, window.runs.caption_missing),
        (9000, lambda: window.grid.view.select_path(folder / "DSC_4101.jpg")),
        (1500, lambda: shot(f"main-window-{language}")),
        (300, settings),
        (1000, lambda: shot(f"settings-{language}")),
    ]
    if extra is not None:
        for tab in range(5):
            steps += [
                (300, lambda tab=tab: settings(tab)),
                (1500, lambda t=tab: shot(f"tab{t}-{language}", extra)),
            ]
        for backend in ("cloud", "local", "openai"):
            steps += [
                (300, lambda b=backend: settings(0, unfold=True, backend=b)),
                (2500, lambda b=backend: shot(f"advanced-{b}-{language}", extra)),
            ]
        steps += [
            (300, lambda: dialog(lambda: FirstRunDialog(window))),
            (1500, lambda: shot(f"first-run-{language}", extra)),
            (300, lambda: dialog(lambda: AboutDialog(window, ctx.background))),
            (2500, lambda: shot(f"about-{language}", extra)),
        ]
    steps += [(300, lambda: [d.close() for d in dialogs]), (200, window.close)]
    run_steps(steps)
    app.exec()
    ctx.close()
    api.stop()


if __name__ == "__main__":
    main()
