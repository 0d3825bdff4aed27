"""Run slow work off the UI thread and hand the result back to it.

The one way views start background work:

    run_in_background(owner, work, on_done, on_error)               # work()
    task = run_in_background(owner, work, on_done, on_error, on_progress=show)   # work(task)

`work` runs on Qt's global thread pool and must not touch widgets; `on_done(result)`,
`on_error(exception)` and `on_progress(done, total)` run later on the UI thread (queued signals),
unless `owner` has been deleted meanwhile. Work that asks for progress gets the returned
`BackgroundTask`: it calls `task.report(done, total)` as it goes and stops when
`task.cancelled()` — which the UI sets with `task.cancel()` (a Cancel button).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_pending: set[_Relay] = set()  # relays whose outcome has not been delivered yet

PROGRESS_INTERVAL = 0.05  # seconds between progress signals: a 100,000-row import stays cheap


class _Relay(QObject):
    """Lives on the UI thread: signals emitted by the worker reach its slots there, queued."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(
        self,
        owner: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self._owner_alive = True
        owner.destroyed.connect(self._owner_destroyed)
        self.done.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)
        self.progressed.connect(self._deliver_progress)

    @Slot()
    def _owner_destroyed(self) -> None:
        self._owner_alive = False

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        _pending.discard(self)
        if self._owner_alive:  # a page closed meanwhile no longer wants the result
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: Exception) -> None:
        _pending.discard(self)
        if self._owner_alive:
            self._on_error(error)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._owner_alive and self._on_progress is not None:
            self._on_progress(done, total)


class BackgroundTask:
    """What work with progress is handed: report as it goes, stop when cancelled. Thread-safe."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()
        self._last_report = 0.0

    def cancel(self) -> None:
        """From the UI thread: ask the work to stop at its next check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """From the worker: `done` of `total` steps. Throttled, except the last step."""
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL:
            return
        self._last_report = now
        with contextlib.suppress(RuntimeError):  # the application is shutting down
            self._relay.progressed.emit(done, total)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as err:  # handed to on_error on the UI thread, shown there
            signal, value = self._relay.failed, err
        except BaseException as err:  # a panic in a native library (pyo3 raises a BaseException)
            # must not leave the page waiting for an outcome that never comes
            failure = RuntimeError(f"{type(err).__name__}: {err}")
            failure.__cause__ = err
            signal, value = self._relay.failed, failure
        else:
            signal, value = self._relay.done, result
        with contextlib.suppress(RuntimeError):  # the application is shutting down
            signal.emit(value)


def run_in_background(
    owner: QObject,
    work: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> BackgroundTask:
    """Start `work` on the thread pool. With `on_progress`, work is called as `work(task)`."""
    relay = _Relay(owner, on_done, on_error, on_progress)
    task = BackgroundTask(relay)
    _pending.add(relay)
    job = _Job((lambda: work(task)) if on_progress is not None else work, relay)
    QThreadPool.globalInstance().start(job)
    return task


def wait_for_background_work(milliseconds: int = 5000) -> None:
    """Before closing the database: let running jobs finish with it."""
    QThreadPool.globalInstance().waitForDone(milliseconds)
