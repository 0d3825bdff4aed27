"""`fengwang --self-test` from the source install: what county IT runs after installing."""

from __future__ import annotations

import pytest

from desktop.app import main
from desktop.db import open_database
from desktop.services.demo import build_demo


@pytest.fixture
def demo_path(tmp_path):
    path = tmp_path / "demo.sqlite"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, seed=1)
    db.close()
    return path


def test_passes_on_a_working_database_and_changes_nothing(qapp, demo_path, capsys):
    before = demo_path.read_bytes()

    assert main(["--db", str(demo_path), "--self-test"]) == 0

    out = capsys.readouterr().out
    assert "✓ 主窗口：已显示，花名册 330 人" in out
    assert "✓ 报表：花名册 PDF" in out
    assert out.strip().endswith("自检通过")
    assert demo_path.read_bytes() == before  # read-only: no log-in, no backup, no write


def test_a_database_without_a_township_is_checked_with_a_temporary_demo(qapp, db_path, capsys):
    open_database(f"sqlite:///{db_path}").close()

    assert main(["--db", str(db_path), "--self-test"]) == 0

    out = capsys.readouterr().out
    assert "✓ 主窗口：已显示，花名册 0 人" in out
    assert "数据库中还没有乡镇，改用临时演示库" in out


def test_a_damaged_database_fails_with_a_reason(qapp, tmp_path, capsys):
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database " * 100)

    assert main(["--db", str(damaged), "--self-test"]) == 1

    out = capsys.readouterr().out
    assert "✗ 数据库：" in out and "不是枫网数据库" in out
    assert out.strip().endswith("自检未通过")


def test_missing_translations_fail_the_language_step(qapp, demo_path, capsys, monkeypatch):
    monkeypatch.setattr("desktop.views.i18n.translations_dir", lambda: demo_path.parent / "none")
    monkeypatch.setattr("desktop.views.i18n.QLibraryInfo.path", lambda _which: "/nowhere")

    assert main(["--db", str(demo_path), "--self-test"]) == 1

    out = capsys.readouterr().out
    assert "✗ 界面语言：找不到中文界面翻译文件" in out
    assert "✓ 报表" in out  # the other steps still ran


def test_an_older_file_is_left_alone_and_a_temporary_demo_checked(qapp, tmp_path, capsys):
    from alembic import command

    from desktop.db import alembic_config, make_engine

    older = tmp_path / "older.sqlite"
    engine = make_engine(f"sqlite:///{older}")
    command.upgrade(alembic_config(engine), "0005")
    engine.dispose()
    before = older.read_bytes()

    assert main(["--db", str(older), "--self-test"]) == 0

    out = capsys.readouterr().out
    assert "的结构版本为 0005，正常启动时会先备份再升级" in out
    assert older.read_bytes() == before
    assert not list(tmp_path.glob("older.before-upgrade-*"))
