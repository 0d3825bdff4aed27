"""run_in_background: work off the UI thread, outcomes back on it, never to a deleted owner."""

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QObject

from desktop.views.background import run_in_background, wait_for_background_work


def test_result_arrives_on_the_ui_thread(qtbot):
    owner = QObject()
    seen = {}
    release = threading.Event()

    def work():
        seen["worker"] = threading.current_thread()
        release.wait(5)
        return 42

    def done(result):
        seen["result"] = result
        seen["handler"] = threading.current_thread()

    run_in_background(owner, work, done, pytest.fail)
    release.set()
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["handler"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()


def test_an_error_goes_to_on_error(qtbot):
    owner = QObject()
    errors = []

    def work():
        raise ValueError("磁盘已满")

    run_in_background(owner, work, pytest.fail, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "磁盘已满"


def test_a_panic_in_native_code_goes_to_on_error_too(qtbot):
    """pyo3 raises a Rust panic as PanicException, a BaseException: the page must still hear."""

    class PanicException(BaseException):
        pass

    owner = QObject()
    errors = []

    def work():
        raise PanicException("index out of range")

    run_in_background(owner, work, pytest.fail, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], Exception) and "index out of range" in str(errors[0])


def test_a_deleted_owner_is_not_called_back(qtbot):
    owner = QObject()
    release = threading.Event()
    called = []
    run_in_background(owner, lambda: release.wait(5), called.append, called.append)
    with qtbot.waitSignal(owner.destroyed):
        owner.deleteLater()
    release.set()
    wait_for_background_work()  # the job has emitted its outcome ...
    QCoreApplication.processEvents()  # ... and any queued delivery has run: there must be none
    assert called == []


def test_progress_arrives_on_the_ui_thread_and_the_last_step_always(qtbot):
    owner = QObject()
    steps = []
    finished = []

    def work(task):
        for done in range(1, 1001):
            task.report(done, 1000)
        return "完成"

    def progress(done, total):
        steps.append((done, total, threading.current_thread()))

    run_in_background(owner, work, finished.append, pytest.fail, on_progress=progress)
    qtbot.waitUntil(lambda: bool(finished))
    assert finished == ["完成"]
    assert steps[-1][:2] == (1000, 1000)
    assert len(steps) < 1000  # throttled: the UI is not flooded
    assert all(thread is threading.main_thread() for *_, thread in steps)


def test_cancel_reaches_the_work(qtbot):
    owner = QObject()
    started, outcome = threading.Event(), []

    def work(task):
        started.set()
        while not task.cancelled():
            task.report(0, 1)
            threading.Event().wait(0.001)  # the worker waits for the UI; the test never sleeps
        return "已停止"

    task = run_in_background(owner, work, outcome.append, pytest.fail, on_progress=lambda *_: None)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["已停止"] and task.cancelled()
