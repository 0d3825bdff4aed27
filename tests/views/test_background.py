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
