"""The one way work leaves the GUI thread.

``submit`` runs a short function on a thread pool (saving a caption, testing a
connection); ``start_loop_thread`` runs an asyncio coroutine on its own thread (a caption
run). Both take plain values and hand results back to the GUI thread through queued
signals, so slots run where widgets may be touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop_app.errors import CaptionerError, describe_exception

log = logging.getLogger(__name__)
Success = Callable[[Any], None]
Failure = Callable[[str], None]


class _Result(QObject):
    succeeded = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], result: _Result) -> None:
        super().__init__()
        self._fn = fn
        self._result = result

    def run(self) -> None:
        try:
            value = self._fn()
        except CaptionerError as error:
            self._deliver(self._result.failed, error.user_message())
        except Exception as exc:  # noqa: BLE001 - reported to the user, not raised in a pool
            self._deliver(self._result.failed, describe_exception(exc))
        else:
            self._deliver(self._result.succeeded, value)

    @staticmethod
    def _deliver(signal: Any, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing: nobody to tell
            signal.emit(value)


class Background(QObject):
    """Runs work off the GUI thread; keeps result objects alive until delivered."""

    def __init__(self) -> None:
        super().__init__()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(4)
        self._alive: set[_Result] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` off the GUI thread; the callbacks run on it afterwards.

        With an ``owner`` (the widget that shows the result), callbacks are dropped when
        it was destroyed in the meantime (a dialog closed before a slow check ended).
        """
        result = _Result()
        self._alive.add(result)
        gone = [False]
        if owner is not None:
            owner.destroyed.connect(lambda *_: gone.__setitem__(0, True))

        def done_ok(value: Any) -> None:
            self._alive.discard(result)
            if on_success is not None and not gone[0]:
                on_success(value)

        def done_failed(message: str) -> None:
            self._alive.discard(result)
            if on_failure is not None and not gone[0]:
                on_failure(message)

        result.succeeded.connect(done_ok)
        result.failed.connect(done_failed)
        self._pool.start(_Task(fn, result))

    def wait(self, msecs: int = 30000) -> bool:
        return drain_pool(self._pool, msecs)


def drain_pool(pool: QThreadPool, msecs: int) -> bool:
    """Wait for a pool's threads without holding the GIL in C++.

    ``QThreadPool.waitForDone`` blocks while holding the GIL, so Python runnables that
    still need it to finish would deadlock; sleeping in Python lets them run.
    """
    deadline = time.monotonic() + msecs / 1000
    while pool.activeThreadCount() > 0:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class LoopThread:
    """One asyncio coroutine on its own thread, cancellable from the GUI thread."""

    def __init__(self, make: Callable[[], Coroutine[Any, Any, Any]], name: str) -> None:
        self._make = make
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(5)

    def _main(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._task = self._loop.create_task(self._make())
            self._ready.set()
            self._loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            log.debug("%s cancelled", self._thread.name)
        except Exception:  # logged; the coroutine reports its own failures to the user
            log.exception("%s failed", self._thread.name)
        finally:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    def cancel(self) -> None:
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            loop.call_soon_threadsafe(task.cancel)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
