"""`fengwang --self-test`: does this installation work on this computer?

For county IT after an install and for the bundle check in CI. It opens the selected database
read-only (so it writes nothing, asks no password and may run beside a working Fengwang), shows
the main window off screen, waits for the roster, makes a printed paper into a temporary file,
and prints one line per step. Exit 0 when every step passed, 1 otherwise.

Right after an install there is no database yet, or one without a township: the self-test then
works on a demo township built in a temporary folder, and says so.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer

from desktop import __version__
from desktop.crashlog import log_exception
from desktop.errors import FengwangError

ROSTER_TIMEOUT_S = 120  # a 100,000-person roster on a slow machine


class StepFailed(Exception):
    """A step's own explanation of what is wrong, in Chinese."""


def run_self_test(
    args: argparse.Namespace,
    url: str,
    translators: list,
    font_family: str | None,
) -> int:
    print(f"枫网 {__version__} 自检", flush=True)
    db = None
    window = None
    cleanup = contextlib.ExitStack()

    def open_db() -> str:
        nonlocal db
        from desktop.db import open_database, sqlite_file

        path = sqlite_file(url)
        if path is not None and not path.exists():
            db = cleanup.enter_context(temporary_demo())
            return f"还没有数据库（{path}），改用临时演示库"
        older = older_revision(url) if path is not None else None
        if older is not None:
            db = cleanup.enter_context(temporary_demo())
            return (
                f"{path} 的结构版本为 {older}，正常启动时会先备份再升级（自检不改动它）；"
                "改用临时演示库"
            )
        db = open_database(url, read_only=True)
        return f"{db.describe()}（{'只读打开' if db.read_only else '服务器数据库，自检不写入'}）"

    def show_window() -> str:
        nonlocal window
        from desktop.views.main_window import MainWindow

        window = MainWindow(db, QSettings())
        window.show()
        window.load()
        page = window.roster_page
        wait_until(lambda: page.roster_complete, page.roster_completed, ROSTER_TIMEOUT_S)
        if not page.roster_complete:
            raise StepFailed(f"花名册 {ROSTER_TIMEOUT_S} 秒内没有读完")
        return f"已显示，花名册 {page.model.rowCount()} 人"

    independent = [
        ("界面语言", lambda: check_language(args, translators)),
        ("中文字体", lambda: check_font(font_family)),
    ]
    each_needs_the_last = [
        ("数据库", open_db),
        ("主窗口", show_window),
        ("报表", lambda: make_paper(db, cleanup)),
    ]
    try:
        passed = all([run_step(*step) for step in independent])  # a list: every one runs
        passed = all(run_step(*step) for step in each_needs_the_last) and passed
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        from desktop.views.background import wait_for_background_work

        wait_for_background_work()
        if db is not None:
            db.close()
        cleanup.close()
    print("自检通过" if passed else "自检未通过", flush=True)
    return 0 if passed else 1


def run_step(name: str, step: Callable[[], str]) -> bool:
    try:
        print(f"  ✓ {name}：{step()}", flush=True)
        return True
    except (StepFailed, FengwangError) as err:
        print(f"  ✗ {name}：{err}", flush=True)
    except Exception as err:  # the point of a self-test is to report, not to crash
        path = log_exception(err)
        where = f"，详情已记录在 {path}" if path else ""
        print(f"  ✗ {name}：内部错误（{type(err).__name__}）{where}", flush=True)
    return False


def older_revision(url: str) -> str | None:
    """The schema revision of a database file that this version would upgrade, else None."""
    from desktop.db import HEAD_REVISION, current_revision, known_revisions, open_database

    inspected = open_database(url, migrate=False)
    try:
        revision = current_revision(inspected.engine)
    finally:
        inspected.close()
    return revision if revision != HEAD_REVISION and revision in known_revisions() else None


def check_language(args: argparse.Namespace, translators: list) -> str:
    from desktop.views.i18n import ENGLISH

    if args.lang == ENGLISH:
        return "English"
    if not translators:
        raise StepFailed("找不到中文界面翻译文件（fengwang_zh_CN.qm），界面将显示英文")
    title = QCoreApplication.translate("app", "Fengwang")
    if title == "Fengwang":
        raise StepFailed("中文界面翻译文件未生效")
    return f"中文（{len(translators)} 个翻译文件）"


def check_font(family: str | None) -> str:
    from desktop.paths import font_path

    if family is None:
        raise StepFailed(f"无法载入随附的中文字体 {font_path()}")
    return family


def make_paper(db, cleanup: contextlib.ExitStack) -> str:  # db: Database
    """The township roster into a temporary PDF, deleted afterwards.

    The paper module is called directly, not through reports.catalog: the catalog asks a logged-in
    user's PRINT right, and the self-test logs nobody in. The roster it makes is masked like every
    printed roster, and never leaves the temporary folder."""
    from desktop.reports import roster
    from desktop.reports.request import ReportRequest
    from desktop.services.lookups import list_townships

    where = ""
    townships = [unit.code for unit in list_townships(db)]
    if not townships:
        db = cleanup.enter_context(temporary_demo())
        where = "数据库中还没有乡镇，改用临时演示库："
    request = ReportRequest(unit_code=townships[0] if townships else None, author="自检")
    with tempfile.TemporaryDirectory(prefix="fengwang-self-test-") as folder:
        out = Path(folder) / "roster.pdf"
        started = time.perf_counter()
        rendered = roster.render(db, request, out)
        took = time.perf_counter() - started
        if out.read_bytes()[:5] != b"%PDF-" or rendered.pages < 1:
            raise StepFailed("生成的花名册不是完整的 PDF")
    if rendered.missing_characters:
        missing = "".join(sorted(rendered.missing_characters))
        raise StepFailed(f"花名册中有字体缺少的字：{missing}")
    return f"{where}花名册 PDF {rendered.pages} 页，用时 {took:.1f} 秒"


@contextlib.contextmanager
def temporary_demo() -> Iterator:  # Iterator[Database]
    """A demo township in a temporary folder, removed afterwards."""
    from desktop.db import open_database
    from desktop.services.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="fengwang-self-test-") as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        try:
            build_demo(db, seed=1)
            yield db
        finally:
            db.close()


def wait_until(done: Callable[[], bool], signal, seconds: float) -> None:
    """Run the event loop until `done()` or the timeout; `signal` says when to look again."""
    if done():
        return
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
