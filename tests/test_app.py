"""The `fengwang` entry point: options, start-up errors in Chinese, the benchmark's READY line,
and unexpected errors logged rather than shown as tracebacks."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from desktop import __version__, app
from desktop.errors import RefusedError
from desktop.paths import data_dir

RUN_APP = "import sys; from desktop.app import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "show_critical", lambda _parent, title, text: shown.append((title, text))
    )
    return shown


def ready_time(*args: str) -> float:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", RUN_APP, *args, "--exit-when-ready"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("READY ")]
    assert len(lines) == 1, done.stdout
    ready = float(lines[0].split()[1])
    assert started < ready < time.time()
    assert "Traceback" not in done.stderr
    return ready


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        app.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"fengwang {__version__}"


def test_unknown_language_is_refused():
    with pytest.raises(SystemExit) as stop:
        app.parse_args(["--lang", "fr"])
    assert stop.value.code == 2


def test_a_file_that_is_no_database_gets_a_chinese_message(qapp, tmp_path, boxes):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is a spreadsheet, not a database" * 100)
    hook = sys.excepthook
    assert app.main(["--db", str(junk)]) == 1
    assert boxes == [("无法打开数据库", boxes[0][1])]
    assert "不是枫网数据库" in boxes[0][1]
    assert sys.excepthook is hook  # given back, as are the translators
    assert qapp.translate("MainWindow", "Grid and roster") == "Grid and roster"


def test_exit_when_ready_prints_ready_once_the_roster_is_shown(db, db_path):
    ready_time("--db", str(db_path), "--lang", "en")


def test_demo_is_built_on_first_use_then_reopened():
    from desktop.paths import demo_db_path

    assert not demo_db_path().exists()
    ready_time("--demo")
    assert demo_db_path().exists()
    ready_time("--demo")


def test_unexpected_error_is_logged_and_explained_without_a_traceback(qapp, boxes):
    from desktop.views.i18n import install_translators, remove_translators

    translators = install_translators(qapp, "zh_CN")
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as err:
        app.make_excepthook()(type(err), err, err.__traceback__)
    finally:
        remove_translators(qapp, translators)
    [(title, text)] = boxes
    assert title == "枫网"
    assert "意外错误" in text and "Traceback" not in text
    logs = list((data_dir() / "logs").glob("*.log"))
    assert len(logs) == 1 and str(logs[0]) in text
    assert "ZeroDivisionError" in logs[0].read_text(encoding="utf-8")


def test_a_fengwang_error_that_escapes_shows_its_own_sentence(boxes):
    err = RefusedError("该单位不能删除")
    app.make_excepthook()(type(err), err, None)
    assert boxes == [("Fengwang", "该单位不能删除")]
