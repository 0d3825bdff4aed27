"""Run slow work off the UI thread and hand the result back to it.

The one way views start background work: `run_in_background(owner, work, on_done, on_error)`.
`work` runs on Qt's global thread pool and must not touch widgets; `on_done(result)` or
`on_error(exception)` run later on the UI thread, unless `owner` has been deleted meanwhile.
Later issues extend this with progress and cancel for imports and exports.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_pending: set[_Relay] = set()  # relays whose outcome has not been delivered yet


class _Relay(QObject):
    """Lives on the UI thread: signals emitted by the worker reach its slots there, queued."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        owner: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__()
        self._on_done, self._on_error = on_done, on_error
        self._owner_alive = True
        owner.destroyed.connect(self._owner_destroyed)
        self.done.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

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
        else:
            signal, value = self._relay.done, result
        with contextlib.suppress(RuntimeError):  # the application is shutting down
            signal.emit(value)


def run_in_background(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    relay = _Relay(owner, on_done, on_error)
    _pending.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def wait_for_background_work(milliseconds: int = 5000) -> None:
    """Before closing the database: let running jobs finish with it."""
    QThreadPool.globalInstance().waitForDone(milliseconds)
