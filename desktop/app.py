"""The GUI entry point (`fengwang`).

Start-up is measured (see --exit-when-ready), so heavy modules are imported only when needed and
the window is shown before the roster is read.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop import __version__
from desktop.crashlog import log_exception
from desktop.errors import DatabaseError, FengwangError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

LANGUAGE_CHOICES = ("zh_CN", "en")
FIRST_DAILY_CHECK_MS = 10_000  # after start-up has settled
DAILY_CHECK_MS = 60 * 60 * 1000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="fengwang", description="枫网 — 乡镇综治中心工作台 (township governance workstation)"
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="SQLite file or database URL (default: $FENGWANG_DB, else the user's data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the demo database, creating it on first use"
    )
    parser.add_argument("--lang", choices=LANGUAGE_CHOICES, help="interface language")
    parser.add_argument("--version", action="version", version=f"fengwang {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation off screen: open the database read-only, show the main "
        "window, make a paper; exit 0 when all works",
    )
    # For the start-up benchmark: print "READY <epoch seconds>" once the roster is shown, then quit.
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def show_critical(parent: QWidget | None, title: str, text: str) -> None:
    """The one message box of start-up and of unexpected errors (tests replace it)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def make_excepthook():
    """A sys.excepthook that logs the traceback and shows the clerk a sentence, never the trace."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path = log_exception(exc if exc is not None else exc_type())
        if showing:  # an error while the box is up: logged, not stacked
            return
        if isinstance(exc, FengwangError):
            text = exc.message
        elif path is not None:
            text = QCoreApplication.translate(
                "app",
                "Something unexpected went wrong. Your saved work is safe; the details were "
                "written to {0}. Please pass that file to your support contact.",
            ).format(path)
        else:
            text = QCoreApplication.translate(
                "app", "Something unexpected went wrong. Your saved work is safe."
            )
        showing = True
        try:
            show_critical(None, QCoreApplication.translate("app", "Fengwang"), text)
        finally:
            showing = False

    return hook


def selected_url(args: argparse.Namespace) -> str:
    """The database named by --demo, --db, $FENGWANG_DB or the default, as a URL."""
    from desktop.paths import database_url, demo_db_path

    return database_url(demo_db_path() if args.demo else args.db)


def open_selected_database(args: argparse.Namespace, *, read_only: bool = False):  # -> Database
    """Open the selected database (building the demo on first use); raises DatabaseError."""
    from desktop.db import open_database
    from desktop.paths import demo_db_path

    if not args.demo or read_only:
        return open_database(selected_url(args), read_only=read_only)
    path = demo_db_path()
    fresh = not path.exists()
    db = open_database(selected_url(args))
    if fresh:
        try:
            from desktop.services.demo import build_demo

            build_demo(db, seed=1)
        except ImportError as err:
            db.close()
            path.unlink(missing_ok=True)
            raise DatabaseError(
                QCoreApplication.translate("app", "This build cannot create the demo data.")
            ) from err
        except BaseException:
            db.close()
            path.unlink(missing_ok=True)  # a half-built demo would be opened as it is next time
            raise
    return db


class InstanceGuard:
    """Only one Fengwang writes a database: it holds the lock beside the file (desktop.db.
    DatabaseLock) and listens on a local socket named after the file, so that a second launch
    can bring its window to the front before it says the database is open elsewhere."""

    def __init__(self, url: str) -> None:
        from desktop.db import DatabaseLock, sqlite_file

        path = sqlite_file(url)
        self.path = path
        self._lock = DatabaseLock(path) if path is not None else None
        self._server = None
        self._window: QWidget | None = None
        digest = hashlib.sha256(str(path).casefold().encode()).hexdigest()[:20]
        self.name = f"fengwang-{digest}"

    def acquire(self) -> bool:
        """False when another Fengwang holds the database. A server database, or a folder where
        no lock can be written (then the file is read-only too, and opened so), is not locked."""
        if self._lock is None:
            return True
        try:
            return self._lock.acquire()
        except OSError:
            return True

    def listen(self, window: QWidget) -> None:
        """Bring `window` to the front when a second launch on the same database knocks."""
        from PySide6.QtNetwork import QLocalServer

        self._window = window
        if self._lock is None or self._server is not None:
            return
        server = QLocalServer()
        QLocalServer.removeServer(self.name)  # left behind by a process that was killed
        if not server.listen(self.name):
            return  # the second launch will just not find us: it still says why it stops
        server.newConnection.connect(self._knocked)
        self._server = server

    def _knocked(self) -> None:
        connection = self._server.nextPendingConnection()
        if connection is not None:
            connection.disconnectFromServer()
            connection.deleteLater()
        with contextlib.suppress(RuntimeError):  # the window is gone: we are closing
            self._window.showNormal()
            self._window.raise_()
            self._window.activateWindow()

    def knock(self) -> bool:
        """From a second launch: ask the first to come to the front."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        knocked = socket.waitForConnected(500)
        socket.abort()
        return knocked

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.release()


def open_or_find_a_way(args: argparse.Namespace, settings):  # -> Database | None
    """Open the database; for a damaged, read-only, full or newer one, offer the ways forward
    (restore the newest good backup, open read-only, quit) instead of failing. None: quit."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from desktop.db import DatabaseProblem

    title = QCoreApplication.translate("app", "Cannot open the database")
    read_only = False
    while True:
        try:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                return open_selected_database(args, read_only=read_only)
            finally:
                QGuiApplication.restoreOverrideCursor()
        except DatabaseProblem as problem:
            if read_only:  # that failed too (a WAL file on a CD): nothing left to offer
                show_critical(None, title, problem.message)
                return None
            from desktop.views import database_problem as dialog  # only when needed: start-up

            latest = latest_backup(args, settings) if problem.kind == "corrupt" else None
            ways = [dialog.RESTORE] if latest is not None else []
            if problem.kind in ("read-only", "full"):
                ways.append(dialog.READ_ONLY)
            if not ways:
                show_critical(None, title, problem.message)
                return None
            way = dialog.ask_way_forward(None, problem.message, [*ways, dialog.QUIT], latest)
            if way == dialog.QUIT:
                return None
            if way == dialog.READ_ONLY:
                read_only = True
            elif not restore_at_start(args, latest.path):
                return None
        except FengwangError as err:
            show_critical(None, title, err.message)
            return None


def latest_backup(args: argparse.Namespace, settings):  # -> BackupInfo | None
    from desktop.db import sqlite_file
    from desktop.services.backup import latest_good_backup
    from desktop.views.backup_panel import backup_folders

    path = sqlite_file(selected_url(args))
    if path is None:
        return None
    for folder in backup_folders(settings):
        found = latest_good_backup(folder, database=path.stem)
        if found is not None:
            return found
    return None


def restore_at_start(args: argparse.Namespace, backup_path) -> bool:
    """Put a backup in place of the database file (closed; this process holds its lock)."""
    from desktop.db import open_database, sqlite_file
    from desktop.paths import data_dir
    from desktop.services.backup import default_folder, log_restore, restore

    target = sqlite_file(selected_url(args))
    try:
        result = restore(target, backup_path, folder=default_folder(data_dir()))
        db = open_database(selected_url(args))  # upgraded now, if the backup is older
        try:
            log_restore(db, result)
        finally:
            db.close()
    except FengwangError as err:
        show_critical(None, QCoreApplication.translate("app", "Restore failed"), err.message)
        return False
    show_information(
        None,
        QCoreApplication.translate("app", "Fengwang"),
        QCoreApplication.translate(
            "app", "The database was restored from {0}. The file it replaced was kept as {1}."
        ).format(result.restored_from, result.saved_to),
    )
    return True


def back_up_quietly(db, folders: list[Path], kind: str) -> None:
    """An automatic backup to each folder; a failure is logged, never shown: the clerk is
    closing the window or working, and the next backup tries again."""
    from desktop.services.backup import make_backup

    if db.sqlite_path is None or db.read_only:
        return
    for folder in folders:
        try:
            make_backup(db, folder, kind=kind)
        except Exception as err:  # a full or unplugged drive must not stop the rest
            log_exception(err)


def start_daily_backups(window: QWidget, db, settings) -> None:
    """The first start of a day makes a backup in the background once the window shows; an hourly
    timer does the same for a window left open over midnight."""
    from PySide6.QtCore import QTimer

    from desktop.paths import data_dir
    from desktop.services.backup import default_folder, needs_daily
    from desktop.views.background import run_in_background
    from desktop.views.backup_panel import backup_folders

    if db.sqlite_path is None or db.read_only:
        return

    def check() -> None:
        if needs_daily(default_folder(data_dir()), db.sqlite_path.stem):
            folders = backup_folders(settings)  # read here: QSettings is for the UI thread
            run_in_background(
                window,
                lambda: back_up_quietly(db, folders, "daily"),
                lambda _: None,
                log_exception,
            )

    timer = QTimer(window)
    timer.setInterval(DAILY_CHECK_MS)
    timer.timeout.connect(check)
    timer.start()
    QTimer.singleShot(FIRST_DAILY_CHECK_MS, window, check)


def report_startup(app: QCoreApplication, page) -> None:
    """For the start-up benchmark: print "READY <epoch seconds>" once the roster (its first page,
    for a large one) has been painted and "COMPLETE <epoch seconds>" once all of it is loaded,
    then quit."""
    shown = False

    def ready() -> None:
        nonlocal shown
        shown = True
        print(f"READY {time.time()}", flush=True)
        complete()

    def complete() -> None:
        if shown and page.roster_complete:
            print(f"COMPLETE {time.time()}", flush=True)
            app.quit()

    page.call_after_next_paint(ready)
    page.roster_completed.connect(complete)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.paths import icon_path
    from desktop.views.background import wait_for_background_work
    from desktop.views.fonts import register_cjk_font
    from desktop.views.i18n import install_translators, remove_translators, saved_language

    QCoreApplication.setOrganizationName("Fengwang")
    QCoreApplication.setApplicationName("Fengwang")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    previous_hook = sys.excepthook
    sys.excepthook = make_excepthook()
    translators = []
    guard = None
    try:
        font_family = register_cjk_font(app)
        app.setWindowIcon(QIcon(str(icon_path())))
        settings = QSettings()
        translators = install_translators(app, args.lang or saved_language(settings))
        if args.self_test:
            from desktop.self_test import run_self_test

            return run_self_test(args, selected_url(args), translators, font_family)
        guard = InstanceGuard(selected_url(args))
        if not guard.acquire():
            guard.knock()
            show_critical(
                None, QCoreApplication.translate("app", "Fengwang"), open_elsewhere(guard)
            )
            return 1
        while True:  # again after a restore: the restored database is opened in place
            db = open_or_find_a_way(args, settings)
            if db is None:
                return 1
            code = run_window(app, args, db, settings, guard)
            restoring = pending_restore(code)
            if restoring is None:
                return code
            if not restore_at_start(args, restoring):
                return 1
    finally:
        if guard is not None:
            guard.release()
        wait_for_background_work()
        remove_translators(app, translators)
        sys.excepthook = previous_hook


def run_window(app: QCoreApplication, args: argparse.Namespace, db, settings, guard) -> int:
    """Show the main window on `db` until it closes; then the exit backup, and the database is
    closed."""
    from PySide6.QtWidgets import QLabel

    from desktop.views.background import wait_for_background_work
    from desktop.views.main_window import MainWindow

    window = None
    try:
        # A read-only database already acts as a viewer, and a log-in would write to it. Start-up
        # timing (--exit-when-ready) opens a database without accounts without asking for one.
        if not db.read_only and (db.has_accounts() or not args.exit_when_ready):
            from desktop.views.login_dialog import log_in_at_start

            if not log_in_at_start(db, settings):
                return 0
        window = MainWindow(db, settings)
        if args.exit_when_ready:
            report_startup(app, window.roster_page)
        if db.read_only:
            window.statusBar().addPermanentWidget(QLabel(read_only_notice()))
        window.show()
        try:
            window.load()  # before the first paint, so that it shows the roster straight away
        except FengwangError as err:
            show_critical(window, QCoreApplication.translate("app", "Fengwang"), err.message)
            if args.exit_when_ready:
                return 1
        if not args.exit_when_ready:  # the benchmark measures start-up, not backups
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, window, lambda: guard.listen(window))
            start_daily_backups(window, db, settings)
        code = app.exec()
        window.close()
        wait_for_background_work()
        if not args.exit_when_ready:
            from desktop.views.backup_panel import backup_folders

            back_up_quietly(db, backup_folders(settings), "exit")
        return code
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        wait_for_background_work()
        db.close()


def pending_restore(code: int):  # -> Path | None
    """The backup the 备份 panel asked to restore, when that is why the window closed."""
    from desktop.views.backup_panel import RESTORE_EXIT_CODE, take_pending_restore

    return take_pending_restore() if code == RESTORE_EXIT_CODE else None


def open_elsewhere(guard: InstanceGuard) -> str:
    return QCoreApplication.translate(
        "app",
        "This database is already open in another Fengwang window (perhaps another user's): {0}. "
        "Only one Fengwang may work on a database at a time, so that nobody's changes overwrite "
        "another's. Close the other one first.",
    ).format(guard.path)


def read_only_notice() -> str:
    return QCoreApplication.translate("app", "Opened read-only: nothing can be changed")


if __name__ == "__main__":
    sys.exit(main())
