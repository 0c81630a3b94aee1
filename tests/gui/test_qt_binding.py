"""Guards against a Qt binding release that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to None (and True/False) on every
Python callback Qt calls: after enough timer ticks or signals the interpreter aborts
("deallocating None"). This test fails on such a release instead of users' sessions.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class Emitter(QObject):
    changed = Signal(object)


def test_callbacks_keep_reference_counts_intact(qapp) -> None:
    calls: list[int] = []

    def tick() -> None:
        calls.append(1)

    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        QTimer.singleShot(0, tick)
    emitter = Emitter()
    emitter.changed.connect(lambda value: None)
    for _ in range(500):
        emitter.changed.emit(True)
    for _ in range(20):
        qapp.processEvents()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert len(calls) == 500
    assert after[0] >= before[0] - 50, "the Qt binding releases None it never took"
    assert after[1] >= before[1] - 50, "the Qt binding releases True it never took"
