"""The GUI entry point (`fengwang`).

Start-up is measured (see --exit-when-ready), so heavy modules are imported only when needed and
the window is shown before the roster is read.
"""

from __future__ import annotations

import argparse
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop import __version__
from desktop.crashlog import log_exception
from desktop.errors import DatabaseError, FengwangError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

LANGUAGE_CHOICES = ("zh_CN", "en")


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
    # For the start-up benchmark: print "READY <epoch seconds>" once the roster is shown, then quit.
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def show_critical(parent: QWidget | None, title: str, text: str) -> None:
    """The one message box of start-up and of unexpected errors (tests replace it)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


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


def open_selected_database(args: argparse.Namespace):  # -> desktop.db.Database
    """The database named by --demo, --db, $FENGWANG_DB or the default; raises DatabaseError."""
    from desktop.db import open_database
    from desktop.paths import database_url, demo_db_path

    if not args.demo:
        return open_database(database_url(args.db))
    path = demo_db_path()
    fresh = not path.exists()
    db = open_database(database_url(path))
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

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

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
    db = None
    window = None
    try:
        register_cjk_font(app)
        settings = QSettings()
        translators = install_translators(app, args.lang or saved_language(settings))
        try:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                db = open_selected_database(args)
            finally:
                QGuiApplication.restoreOverrideCursor()
        except FengwangError as err:
            show_critical(
                None, QCoreApplication.translate("app", "Cannot open the database"), err.message
            )
            return 1

        from desktop.views.main_window import MainWindow

        window = MainWindow(db, settings)
        if args.exit_when_ready:
            report_startup(app, window.roster_page)
        window.show()
        try:
            window.load()  # before the first paint, so that it shows the roster straight away
        except FengwangError as err:
            show_critical(window, QCoreApplication.translate("app", "Fengwang"), err.message)
            if args.exit_when_ready:
                return 1
        return app.exec()
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        if db is not None:
            wait_for_background_work()
            db.close()
        remove_translators(app, translators)
        sys.excepthook = previous_hook


if __name__ == "__main__":
    sys.exit(main())
