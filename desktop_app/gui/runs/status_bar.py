"""The status bar: counts, run progress, ETA, images per minute and running cost."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from desktop_app.gui.runs.run_controller import Progress


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.run_label = QLabel()
        self.run_label.setObjectName("runLabel")
        self.watch_label = QLabel()
        self.watch_label.setObjectName("watchLabel")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.addWidget(self.counts, 1)
        self.addPermanentWidget(self.watch_label)
        self.addPermanentWidget(self.run_label)
        self.addPermanentWidget(self.progress)

    def show_counts(self, shown: int, total: int, captioned: int) -> None:
        images = self.tr("%Ln image(s)", "", total)
        if shown != total:
            images = self.tr("{shown} of {images}").format(
                shown=QLocale().toString(shown), images=images
            )
        with_caption = self.tr("%Ln with a caption", "", captioned)
        self.counts.setText(f"{images} · {with_caption}")

    def run_started(self, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.progress.show()
        self.run_label.setText(self.tr("Captioning 0/{total}…").format(total=total))

    def run_progress(self, progress: Progress) -> None:
        self.progress.setMaximum(max(progress.total, 1))
        self.progress.setValue(progress.done)
        cost = f" · ${progress.cost:.4f}" if progress.cost else ""
        text = self.tr("{done}/{total} · ETA {eta} · {rate} images/min").format(
            done=progress.done,
            total=progress.total,
            eta=format_eta(progress.eta_s),
            rate=QLocale().toString(progress.per_minute, "f", 1),
        )
        self.run_label.setText(text + cost)

    def show_watch(self, text: str) -> None:
        """What the folder watcher is doing ("" when it is off)."""
        self.watch_label.setText(text)

    def run_finished(self, text: str) -> None:
        self.progress.hide()
        self.run_label.setText(text)
