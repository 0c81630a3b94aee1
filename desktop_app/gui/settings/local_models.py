"""The local backend's page extras: which llama.cpp build runs, and the model manager.

The build is probed in a worker process (the GUI never imports llama_cpp). Downloads
run on a background thread through the core's ModelManager, report progress as plain
values (turned into a signal here) and can be cancelled; an interrupted download
resumes the next time. Imported GGUF pairs are checked before they are accepted.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.backends.local.catalog import find_entry
from desktop_app.backends.local.config import ImportedModel, LocalConfig
from desktop_app.backends.local.manager import DownloadProgress, ModelManager, ModelState
from desktop_app.backends.local.pairs import check_pair, require_projector
from desktop_app.backends.local.protocol import BuildInfo
from desktop_app.backends.local.worker import probe_build
from desktop_app.gui.background import Background


def size_text(size: int) -> str:
    """A file size as the user's language writes numbers (decimal units, as disks say)."""
    locale = QLocale()
    if size >= 1e8:
        return QCoreApplication.translate("LocalModels", "{size} GB").format(
            size=locale.toString(size / 1e9, "f", 2)
        )
    return QCoreApplication.translate("LocalModels", "{size} MB").format(
        size=locale.toString(size / 1e6, "f", 1)
    )


def status_text(state: ModelState) -> str:
    translate = QCoreApplication.translate
    if state.downloaded:
        return translate("LocalModels", "downloaded")
    partial = sum(f.partial for f in state.files)
    if partial:
        return translate("LocalModels", "partly downloaded ({size}; Download resumes)").format(
            size=size_text(partial)
        )
    return translate("LocalModels", "not downloaded")


class LocalConfigEditor(Protocol):
    """The page the model list edits: the model in use and the imported pairs."""

    def value(self) -> Any: ...  # the LocalConfig as the page shows it

    def use_model(self, name: str) -> None: ...

    def set_imported(self, imported: tuple[ImportedModel, ...]) -> None: ...


_probed: list[BuildInfo] = []  # the build does not change while the app runs


class _Progress(QObject):
    changed = Signal(object)  # DownloadProgress


class LocalModelsWidget(QWidget):
    """The model list of the local page; it edits the page (model in use, imports)."""

    def __init__(
        self,
        page: LocalConfigEditor,
        background: Background,
        manager: ModelManager | None = None,
    ) -> None:
        super().__init__()
        self.page = page
        self.background = background
        self.manager = manager or ModelManager()
        self._cancel: threading.Event | None = None
        self._progress = _Progress()
        self._progress.changed.connect(self._on_progress)
        self.build = QLabel(self.tr("llama.cpp build: checking…"))
        self.build.setObjectName("buildInfo")
        self.build.setWordWrap(True)
        self.models = QTreeWidget()
        self.models.setHeaderLabels([self.tr("Model"), self.tr("Size"), self.tr("Status")])
        self.models.setRootIsDecorated(False)
        self.models.setObjectName("localModels")
        self.models.setMaximumHeight(150)  # a handful of models; the page has more to say
        self.bar = QProgressBar()
        self.bar.hide()
        self.download_button = QPushButton(self.tr("Download"))
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.cancel_button.hide()
        self.use_button = QPushButton(self.tr("Use this model"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.import_button = QPushButton(self.tr("Import GGUF…"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("modelMessage")
        buttons = QHBoxLayout()
        for button in (
            self.download_button,
            self.cancel_button,
            self.use_button,
            self.remove_button,
            self.import_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.build)
        layout.addWidget(self.models)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.use_button.clicked.connect(self.use_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self.choose_import)
        self.message.hide()
        self.refresh()
        self._probe_build()

    # -- what is shown ---------------------------------------------------------------
    def _config(self) -> LocalConfig:
        config = self.page.value()
        assert isinstance(config, LocalConfig)
        return config

    def refresh(self) -> None:
        current = self._config().model
        self.models.clear()
        for state in self.manager.states(self._config().vision_projector):
            entry = state.entry
            in_use = find_entry(current, self.manager.catalog) == entry
            mark = self.tr(" (in use)") if in_use else ""
            size = size_text(entry.model.size + state.projector.file.size)
            item = QTreeWidgetItem([entry.title + mark, size, status_text(state)])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.model_id)
            item.setToolTip(0, str(entry.note) or entry.model_id)
            self.models.addTopLevelItem(item)
        for imported in self._config().imported:
            mark = self.tr(" (in use)") if imported.name == current else ""
            present = Path(imported.model).is_file() and Path(imported.mmproj).is_file()
            status = self.tr("imported") if present else self.tr("imported, but a file is missing")
            item = QTreeWidgetItem([imported.name + mark, "", status])
            item.setData(0, Qt.ItemDataRole.UserRole, imported.name)
            item.setToolTip(0, f"{imported.model}\n{imported.mmproj}")
            self.models.addTopLevelItem(item)
        for column in range(3):
            self.models.resizeColumnToContents(column)
        first = self.models.topLevelItem(0)
        if first is not None:
            self.models.setCurrentItem(first)

    def _probe_build(self) -> None:
        """Ask a worker process once per session (loading llama.cpp takes a moment)."""
        if _probed:
            self._show_build(_probed[0])
            return

        def probe() -> BuildInfo:
            info = asyncio.run(probe_build())
            _probed.append(info)
            return info

        self.background.submit(
            probe,
            self._show_build,
            lambda message: self.build.setText(
                self.tr("llama.cpp build: {error}").format(error=message)
            ),
            owner=self,
        )

    def _show_build(self, info: object) -> None:
        assert isinstance(info, BuildInfo)
        if info.gpu_offload:
            gpu = self.tr("GPU offload available")
        else:
            gpu = self.tr("CPU build (no GPU offload)")
        cores = self.tr("%n physical core(s)", "", info.physical_cores)
        self.build.setText(
            self.tr("llama.cpp build: llama-cpp-python {version}, {gpu}, {cores}.").format(
                version=info.llama_cpp_version, gpu=gpu, cores=cores
            )
        )

    def say(self, text: str) -> None:
        """A line under the list (hidden while there is nothing to say)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def selected(self) -> str | None:
        item = self.models.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    # -- actions ---------------------------------------------------------------------------
    def download_selected(self) -> None:
        name = self.selected()
        catalog = self.manager.catalog
        if name is None or find_entry(name, catalog) is None or self._cancel is not None:
            return
        cancel = threading.Event()
        self._cancel = cancel
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.download_button.setEnabled(False)
        self.say(self.tr("Downloading…"))
        manager, progress = self.manager, self._progress
        projector = self._config().vision_projector

        def download() -> tuple[Path, Path]:
            return manager.download(
                name, progress=progress.changed.emit, cancel=cancel, projector=projector
            )

        self.background.submit(download, self._downloaded, self._download_failed, owner=self)

    def cancel_download(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _on_progress(self, event: DownloadProgress) -> None:
        self.bar.setRange(0, max(1, event.total))
        self.bar.setValue(event.done)
        texts = {
            "verify": self.tr("Verifying {file} ({done} of {total})"),
            "reused": self.tr("Already here: {file} ({done} of {total})"),
            "done": self.tr("Done: {file} ({done} of {total})"),
        }
        text = texts.get(event.phase) or self.tr("Downloading {file} ({done} of {total})")
        self.say(
            text.format(
                file=event.filename, done=size_text(event.done), total=size_text(event.total)
            )
        )

    def _download_finished(self) -> None:
        self._cancel = None
        self.bar.hide()
        self.cancel_button.hide()
        self.download_button.setEnabled(True)
        self.refresh()

    def _downloaded(self, _paths: object) -> None:
        self._download_finished()
        self.say(self.tr("Downloaded and verified. It works offline from now on."))

    def _download_failed(self, message: str) -> None:
        self._download_finished()
        self.say(message)

    def use_selected(self) -> None:
        name = self.selected()
        if name is not None:
            self.page.use_model(name)
            self.refresh()

    def remove_selected(self) -> None:
        name = self.selected()
        if name is None:
            return
        config = self._config()
        if config.imported_model(name) is not None:
            self.page.set_imported(tuple(m for m in config.imported if m.name != name))
            self.refresh()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove the model?"),
            self.tr("Delete {model}'s files from the Hugging Face cache?").format(model=name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            freed = self.manager.remove(name)
            self.say(self.tr("Removed ({size} freed).").format(size=size_text(freed)))
            self.refresh()

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF model"), "", self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.import_pair(Path(path))

    def import_pair(self, model: Path, mmproj: Path | None = None) -> None:
        def check() -> ImportedModel:
            projector = require_projector(model, str(mmproj or ""))
            pair = check_pair(model, projector)
            return ImportedModel(model.stem, str(pair.model), str(pair.mmproj))

        def imported(value: object) -> None:
            assert isinstance(value, ImportedModel)
            config = self._config()
            kept = tuple(m for m in config.imported if m.name != value.name)
            self.page.set_imported((*kept, value))
            self.page.use_model(value.name)
            self.say(
                self.tr("Imported {model}; it is now the local model.").format(model=value.name)
            )
            self.refresh()

        self.background.submit(check, imported, self.message.setText, owner=self)
