"""The grid's filter bar: search text, caption state, who wrote the caption; and the
thumbnail size. It sits above the grid it filters (as Lightroom's and digiKam's do),
so the main toolbar keeps room for what to open and what to run.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSlider, QWidget

from desktop_app.core.library import CaptionSource
from desktop_app.gui.grid.filter_model import ImageFilterProxy
from desktop_app.gui.grid.image_model import DisplayState
from desktop_app.gui.grid.view import MAX_THUMB, MIN_THUMB
from desktop_app.gui.texts import QT_TRANSLATE_NOOP

STATE_FILTERS: list[tuple[str, frozenset[DisplayState]]] = [
    (QT_TRANSLATE_NOOP("GridFilters", "All images"), frozenset()),
    (QT_TRANSLATE_NOOP("GridFilters", "Without caption"), frozenset({DisplayState.NO_CAPTION})),
    (
        QT_TRANSLATE_NOOP("GridFilters", "With caption"),
        frozenset({DisplayState.HAS_CAPTION, DisplayState.DONE}),
    ),
    (
        QT_TRANSLATE_NOOP("GridFilters", "Queued or captioning"),
        frozenset({DisplayState.QUEUED, DisplayState.CAPTIONING}),
    ),
    (QT_TRANSLATE_NOOP("GridFilters", "Captioned now"), frozenset({DisplayState.DONE})),
    (QT_TRANSLATE_NOOP("GridFilters", "Failed"), frozenset({DisplayState.FAILED})),
]
SOURCE_FILTERS: list[tuple[str, frozenset[str]]] = [
    (QT_TRANSLATE_NOOP("GridFilters", "Any author"), frozenset()),
    (
        QT_TRANSLATE_NOOP("GridFilters", "Machine-written"),
        frozenset({CaptionSource.GENERATED.value}),
    ),
    (
        QT_TRANSLATE_NOOP("GridFilters", "Edited by a person"),
        frozenset({CaptionSource.EDITED.value}),
    ),
    (
        QT_TRANSLATE_NOOP("GridFilters", "Found in the files"),
        frozenset({CaptionSource.IMPORTED.value}),
    ),
]
SEARCH_PAUSE_MS = 200  # filtering 100,000 rows at every key press would lag


class GridFilters(QObject):
    """The filter widgets and the proxy they drive."""

    def __init__(self, proxy: ImageFilterProxy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proxy = proxy
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search names and captions  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.state_filter = _combo("stateFilter", STATE_FILTERS)
        self.state_filter.setToolTip(self.tr("Show images by the state of their caption"))
        self.source_filter = _combo("sourceFilter", SOURCE_FILTERS)
        self.source_filter.setToolTip(
            self.tr("Show captions by who wrote them (the files' XMP and the index say)")
        )
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setObjectName("sizeSlider")
        self.size_slider.setRange(MIN_THUMB, MAX_THUMB)
        self.size_slider.setSingleStep(16)
        self.size_slider.setFixedWidth(120)
        self.size_slider.setToolTip(self.tr("Thumbnail size (Ctrl++ and Ctrl+-)"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(lambda: proxy.set_text(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.state_filter.currentIndexChanged.connect(
            lambda _i: proxy.set_states(self.state_filter.currentData())
        )
        self.source_filter.currentIndexChanged.connect(
            lambda _i: proxy.set_sources(self.source_filter.currentData())
        )

    def bar(self) -> QWidget:
        """The filters in a row: search takes what room there is, size goes right."""
        bar = QWidget()
        bar.setObjectName("filterBar")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.state_filter)
        layout.addWidget(self.source_filter)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Size")))
        layout.addWidget(self.size_slider)
        return bar

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def zoom(self, step: int) -> None:
        """Change the thumbnail size by ``step`` pixels (the slider clamps it)."""
        self.size_slider.setValue(self.size_slider.value() + step)


def _combo(name: str, choices: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for label, value in choices:
        combo.addItem(QCoreApplication.translate("GridFilters", label), value)
    return combo
