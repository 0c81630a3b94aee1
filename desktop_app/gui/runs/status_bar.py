"""The status bar: counts, run progress, ETA, images per minute and running cost."""

from __future__ import annotations

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
        filtered = f"{shown:,} of " if shown != total else ""
        self.counts.setText(f"{filtered}{total:,} images · {captioned:,} with a caption")

    def run_started(self, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.progress.show()
        self.run_label.setText(f"Captioning 0/{total}…")

    def run_progress(self, progress: Progress) -> None:
        self.progress.setMaximum(max(progress.total, 1))
        self.progress.setValue(progress.done)
        cost = f" · ${progress.cost:.4f}" if progress.cost else ""
        self.run_label.setText(
            f"{progress.done}/{progress.total} · ETA {format_eta(progress.eta_s)} · "
            f"{progress.per_minute:.1f} images/min{cost}"
        )

    def show_watch(self, text: str) -> None:
        """What the folder watcher is doing ("" when it is off)."""
        self.watch_label.setText(text)

    def run_finished(self, text: str) -> None:
        self.progress.hide()
        self.run_label.setText(text)
