"""The window's side of folder watching: the core's WatchService, adapted to signals.

The service runs on its own thread and calls back from there, one event at a time;
this object re-emits each immutable event as a Qt signal (queued to the GUI thread).
Starting and stopping go through the background helper: both wait on the service.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.core.captioning import build_captioner, build_writers, run_options
from desktop_app.core.library import Library
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.core.watch.config import WatchConfig
from desktop_app.core.watch.service import WatchService
from desktop_app.gui.background import Background


class WatchController(QObject):
    watch_event = Signal(object)  # a core watch or run event
    started = Signal(object)  # the watched folders (tuple[Path, ...])
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, library: Library, background: Background, secrets: SecretStore) -> None:
        super().__init__()
        self._library = library
        self._background = background
        self._secrets = secrets
        self._service: WatchService | None = None
        self.roots: tuple[Path, ...] = ()

    @property
    def running(self) -> bool:
        return self._service is not None

    def start(self, roots: list[Path], settings: Settings) -> None:
        if self._service is not None:
            return
        library, secrets = self._library, self._secrets

        def start_service() -> WatchService:
            captioner = build_captioner(settings, secrets=secrets)
            config = WatchConfig.from_settings(settings.watch, roots)
            service = WatchService(
                config,
                captioner,
                build_writers(settings),
                run_options(settings),
                library,
                on_event=self.watch_event.emit,
            )
            service.start()
            return service

        def started(service: object) -> None:
            assert isinstance(service, WatchService)
            self._service = service
            self.roots = tuple(roots)
            self.started.emit(self.roots)

        self._background.submit(start_service, started, self.failed.emit)

    def stop(self) -> None:
        service, self._service = self._service, None
        if service is None:
            return
        self.roots = ()
        self._background.submit(lambda: service.stop(timeout=30), lambda _r: self.stopped.emit())

    def enqueue(self, paths: list[Path]) -> int:
        """Put these images first in the queue (the user asked for them)."""
        return self._service.enqueue(paths) if self._service is not None else 0

    def stop_and_wait(self) -> None:
        """At exit: stop now, on this thread (the window is closing anyway)."""
        service, self._service = self._service, None
        if service is not None:
            service.stop(timeout=30)
