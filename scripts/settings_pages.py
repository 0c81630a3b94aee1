"""Picture every page of the settings dialog, to look at them as a user would.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/settings_pages.py [OUT]

Writes OUT/settings-*.png (default: /tmp/settings-pages): each tab, and each backend
page with Advanced folded and unfolded; the cloud page with a mistyped model id under
"Other…"; the OpenAI-compatible page after "Test connection" against the fake server
(so its model list is filled). Nothing touches the real settings: the app runs in a
temporary home.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from desktop_app.gui.settings.dialog import SettingsDialog


class Photographer:
    """Shows the dialog's pages one by one and saves a picture of each."""

    def __init__(self, dialog: SettingsDialog, out: Path) -> None:
        self.dialog = dialog
        self.out = out

    def settle(self, ms: int = 300) -> None:
        """Let the event loop run (layouts, background results) for ``ms``."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(ms)
        while not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def shot(self, name: str) -> None:
        self.settle()
        path = self.out / f"settings-{name}.png"
        self.dialog.grab().save(str(path))
        print("saved", path, flush=True)

    def backend(self, backend_id: str, then: Callable[[], None] | None = None) -> None:
        """The backend's page, folded and unfolded."""
        captioning = self.dialog.captioning
        self.dialog.tabs.setCurrentWidget(captioning)
        captioning.backend_combo.setCurrentIndex(captioning.backend_combo.findData(backend_id))
        page = captioning.pages[backend_id]
        if then is not None:
            then()
        self.shot(backend_id)
        page.advanced.set_expanded(True)
        self.shot(f"{backend_id}-advanced")
        page.advanced.set_expanded(False)

    def cloud_other(self) -> None:
        from desktop_app.gui.settings.cloud_page import CloudPage

        cloud = self.dialog.captioning.pages["cloud"]
        assert isinstance(cloud, CloudPage)
        cloud.model.set_value("runware:152")  # "Other…", an id without its version
        self.shot("cloud-other")
        cloud.model.set_value("runware:152@1")

    def test_openai(self) -> None:
        from desktop_app.gui.settings.openai_page import OpenAIPage

        page = self.dialog.captioning.pages["openai"]
        assert isinstance(page, OpenAIPage)
        page.key.test()
        self.settle(3000)

    def tabs(self) -> None:
        for index, name in enumerate(("prompts", "output", "images", "content"), start=1):
            self.dialog.tabs.setCurrentIndex(index)
            self.shot(name)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/settings-pages")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    home = Path(tempfile.mkdtemp(prefix="fc-settings-"))
    os.environ["FOLDER_CAPTIONER_HOME"] = str(home / "app")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ["HF_HOME"] = str(home / "hf")
    from desktop_app.backends.openai_compat import OpenAIConfig
    from desktop_app.gui.app import create_application
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.settings.dialog import SettingsDialog
    from tests.fakes.openai_server import FakeOpenAI

    create_application()
    ctx = AppContext.create()
    with FakeOpenAI(models=("qwen2.5vl:3b", "qwen2.5vl:7b", "llava:13b")) as server:
        config = OpenAIConfig(base_url=server.base_url)
        settings = ctx.settings.with_backend_config("openai", config)
        dialog = SettingsDialog(settings, ctx.background, ctx.secrets)
        dialog.show()
        camera = Photographer(dialog, out)
        camera.backend("cloud")
        camera.cloud_other()
        camera.backend("local", lambda: camera.settle(4000))  # the llama.cpp build is probed
        camera.backend("openai", camera.test_openai)
        camera.tabs()
        dialog.close()
    ctx.close()


if __name__ == "__main__":
    main()
