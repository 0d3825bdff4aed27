"""Start-up meets a database it cannot simply open: one already open in another Fengwang, a
damaged file, a read-only one, a full disk, a newer one. Each gets a sentence and its ways
forward, never a traceback; automatic backups and restoring in place."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

import desktop.db as dbmod
from desktop import app
from desktop.db import DatabaseLock
from desktop.errors import RefusedError
from desktop.paths import data_dir
from desktop.services import backup
from desktop.services.access import Permission, require
from desktop.views import backup_panel, database_problem
from desktop.views.database_problem import QUIT, READ_ONLY, RESTORE


@pytest.fixture
def criticals(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "show_critical", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(
        app, "show_information", lambda _p, title, text: shown.append((title, text))
    )
    return shown


class Asked:
    """The problem dialog replaced: records the message and the ways it offered, answers."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.offers: list[tuple[str, list[str]]] = []

    def __call__(self, _parent, message: str, ways: list[str], _latest) -> str:
        self.offers.append((message, ways))
        return self.answers.pop(0)


@pytest.fixture
def windows(monkeypatch) -> list:
    """run_window replaced: records each database it would have shown, closes it, returns 0."""
    opened = []

    def run(_app, _args, db, _settings, _guard) -> int:
        opened.append((db.read_only, db.read_rows("SELECT count(*) FROM role")[0][0], db.actor))
        db.close()
        return 0

    monkeypatch.setattr(app, "run_window", run)
    return opened


@pytest.fixture
def closed(db, db_path) -> Path:
    db.close()
    return db_path


def test_a_second_launch_on_the_same_database_is_refused_with_a_sentence(qapp, closed, criticals):
    first = DatabaseLock(closed)
    assert first.acquire()
    try:
        assert app.main(["--db", str(closed)]) == 1
    finally:
        first.release()
    ((_title, text),) = criticals
    assert "已在另一个枫网窗口中打开" in text and str(closed) in text


def test_the_lock_is_the_operating_systems_and_goes_with_its_holder(closed):
    first, second = DatabaseLock(closed), DatabaseLock(closed)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform
def test_a_second_launch_brings_the_first_window_to_the_front(qtbot, closed):
    url = f"sqlite:///{closed}"
    window = QWidget()
    qtbot.addWidget(window)
    first = app.InstanceGuard(url)
    assert first.acquire()
    try:
        first.listen(window)
        assert not window.isVisible()
        assert app.InstanceGuard(url).knock()
        qtbot.waitUntil(window.isVisible)
    finally:
        first.release()


def damage(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_database_offers_the_newest_good_backup_and_restores_it(
    qapp, closed, criticals, windows, monkeypatch
):
    made = backup.make_backup(closed, backup.default_folder(data_dir()), kind="daily")
    connection = sqlite3.connect(closed)  # grow the file past the backup, then break it
    with connection:
        connection.execute("CREATE TABLE filler (x)")
        connection.executemany("INSERT INTO filler VALUES (?)", [("x" * 1000,)] * 500)
    connection.close()
    damage(closed)
    asked = Asked([RESTORE])
    monkeypatch.setattr(database_problem, "ask_way_forward", asked)
    assert app.main(["--db", str(closed)]) == 0
    ((message, ways),) = asked.offers
    assert "已损坏或不完整" in message and ways == [RESTORE, QUIT]
    assert windows == [(False, 14, None)]  # opened, restored, at once
    assert backup.verify(closed)
    ((_title, text),) = criticals
    assert str(made.path) in text and "damaged" in text  # where the broken file went
    assert any(p.name.endswith("-damaged.sqlite") for p in made.path.parent.iterdir())


def test_a_damaged_database_can_be_left_alone(qapp, closed, criticals, windows, monkeypatch):
    backup.make_backup(closed, backup.default_folder(data_dir()), kind="daily")
    damage(closed)
    broken = closed.read_bytes()
    monkeypatch.setattr(database_problem, "ask_way_forward", Asked([QUIT]))
    assert app.main(["--db", str(closed)]) == 1
    assert closed.read_bytes() == broken and windows == []


def pretend_read_only(monkeypatch, path: Path) -> None:
    """chmod does not stop root (the test container): say what a clerk's PC would."""
    path.chmod(0o444)
    real = os.access
    monkeypatch.setattr(
        dbmod.os,
        "access",
        lambda p, mode: False if Path(p) == path and mode == os.W_OK else real(p, mode),
    )


def test_a_read_only_database_can_be_opened_read_only(
    qapp, closed, criticals, windows, monkeypatch
):
    pretend_read_only(monkeypatch, closed)
    asked = Asked([READ_ONLY])
    monkeypatch.setattr(database_problem, "ask_way_forward", asked)
    try:
        assert app.main(["--db", str(closed)]) == 0
    finally:
        closed.chmod(0o644)
    ((message, ways),) = asked.offers
    assert "只读" in message and ways == [READ_ONLY, QUIT]
    ((read_only, roles, actor),) = windows
    assert read_only and roles == 14 and actor.role == "viewer"
    assert criticals == []


def test_a_database_that_cannot_be_opened_read_only_either_is_explained_once(
    qapp, closed, criticals, windows, monkeypatch
):
    """A WAL database on a CD: opening it read-only fails as well; the clerk is told so once,
    not offered 只读 again and again."""
    pretend_read_only(monkeypatch, closed)

    def cannot_open(path):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(dbmod, "_sqlite_revision", cannot_open)
    asked = Asked([READ_ONLY])
    monkeypatch.setattr(database_problem, "ask_way_forward", asked)
    try:
        assert app.main(["--db", str(closed)]) != 0
    finally:
        closed.chmod(0o644)
    assert len(asked.offers) == 1 and windows == []
    [message] = [text for _title, text in criticals]
    assert "请先把它复制到本机可写的文件夹" in message


def test_read_only_refuses_every_change(closed):
    db = dbmod.open_database(f"sqlite:///{closed}", read_only=True)
    try:
        with pytest.raises(RefusedError, match="没有"):
            require(db, Permission.EDIT)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.read_rows("DELETE FROM role")
        assert db.read_rows("SELECT count(*) FROM role") == [(14,)]
    finally:
        db.close()


def test_a_full_disk_offers_read_only_or_quit(qapp, closed, criticals, windows, monkeypatch):
    monkeypatch.setattr(dbmod.shutil, "disk_usage", lambda _p: type("U", (), {"free": 1024})())
    asked = Asked([QUIT])
    monkeypatch.setattr(database_problem, "ask_way_forward", asked)
    assert app.main(["--db", str(closed)]) == 1
    ((message, ways),) = asked.offers
    assert "磁盘空间已满" in message and ways == [READ_ONLY, QUIT]


def test_a_database_of_a_newer_fengwang_says_to_upgrade(qapp, closed, criticals, windows):
    with sqlite3.connect(closed) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = closed.read_bytes()
    assert app.main(["--db", str(closed)]) == 1
    ((_title, text),) = criticals
    assert "比本程序新" in text and "升级枫网" in text
    assert closed.read_bytes() == before and windows == []


@pytest.fixture
def chinese(qapp):
    from desktop.views.fonts import register_cjk_font
    from desktop.views.i18n import CHINESE, install_translators, remove_translators

    register_cjk_font(qapp)
    translators = install_translators(qapp, CHINESE)
    yield
    remove_translators(qapp, translators)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_problem_dialog_offers_its_ways(qtbot, chinese, closed, tmp_path):
    made = backup.make_backup(closed, tmp_path, kind="daily")
    dialog = database_problem.DatabaseProblemDialog(
        "数据库文件已损坏或不完整（可能被截断或被其他程序改写）：D:\\枫网\\fengwang.sqlite",
        [RESTORE, QUIT],
        made,
    )
    qtbot.addWidget(dialog)
    assert list(dialog.buttons) == [RESTORE, QUIT]
    assert dialog.buttons[RESTORE].text() == "恢复最近的备份(&R)"
    assert "每日" in dialog.backup_label.text()
    dialog.show()
    dialog.buttons[RESTORE].click()
    assert dialog.chosen == RESTORE
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "database_problem.png"))


def test_a_restore_from_the_panel_reopens_the_restored_database(
    qapp, closed, criticals, monkeypatch
):
    made = backup.make_backup(closed, backup.default_folder(data_dir()), kind="manual")
    with sqlite3.connect(closed) as connection:
        connection.execute("DELETE FROM role")
    counts = []

    def run(_app, _args, db, _settings, _guard) -> int:
        counts.append(db.read_rows("SELECT count(*) FROM role")[0][0])
        db.close()
        if len(counts) == 1:
            backup_panel._pending_restore[:] = [made.path]
            return backup_panel.RESTORE_EXIT_CODE
        return 0

    monkeypatch.setattr(app, "run_window", run)
    assert app.main(["--db", str(closed)]) == 0
    assert counts == [0, 14]
    kinds = {b.kind for b in backup.list_backups(backup.default_folder(data_dir()))}
    assert kinds == {"manual", "before-restore"}


def test_exit_backups_go_to_both_folders_and_a_failure_is_only_logged(closed, settings, tmp_path):
    db = dbmod.open_database(f"sqlite:///{closed}")
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.setValue(backup_panel.SECOND_FOLDER_KEY, str(usb))
    try:
        app.back_up_quietly(db, backup_panel.backup_folders(settings), "exit")
        assert [b.kind for b in backup.list_backups(usb)] == ["exit"]
        assert [b.kind for b in backup.list_backups(backup.default_folder(data_dir()))] == ["exit"]
        closed.with_name("fengwang.sqlite").rename(closed.with_name("gone.sqlite"))
        app.back_up_quietly(db, [usb], "exit")  # the file vanished: logged, not raised
    finally:
        db.close()
    assert "数据库文件不存在" in "".join(p.read_text() for p in (data_dir() / "logs").iterdir())


def test_the_daily_backup_runs_in_the_background_once_a_day(qtbot, closed, settings, monkeypatch):
    monkeypatch.setattr(app, "FIRST_DAILY_CHECK_MS", 0)
    db = dbmod.open_database(f"sqlite:///{closed}")
    window = QWidget()
    qtbot.addWidget(window)
    folder = backup.default_folder(data_dir())
    try:
        app.start_daily_backups(window, db, settings)
        qtbot.waitUntil(lambda: len(backup.list_backups(folder)) == 1)
        app.start_daily_backups(window, db, settings)  # a second start the same day
        qtbot.wait(200)
        from desktop.views.background import wait_for_background_work

        wait_for_background_work()
    finally:
        db.close()
    assert [b.kind for b in backup.list_backups(folder)] == ["daily"]


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


CLOSE_SOON = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import main
from desktop.views import login_dialog
login_dialog.log_in_at_start = lambda *args, **kwargs: True  # the clerk has logged in
app = QApplication(sys.argv[:1])
QTimer.singleShot(1500, app.quit)
sys.exit(main(sys.argv[1:]))
"""


def test_closing_the_window_makes_an_exit_backup(closed):
    """The whole start: lock, open, window, close; in a process of its own, as a clerk runs it."""
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_SOON, "--db", str(closed)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    folder = backup.default_folder(data_dir())
    assert [b.kind for b in backup.list_backups(folder)] == ["exit"]
    lock = DatabaseLock(closed)
    assert lock.acquire()  # and the lock went with the process
    lock.release()
