"""`fengwang-cli backup` and `restore`: a checked copy on demand, a restore that saves what it
replaces, and one Chinese line (exit 2) for anything wrong."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.cli import main
from desktop.db import DatabaseLock
from desktop.paths import data_dir
from desktop.services import backup


def role_count(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM role").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def filled(db, db_path):
    """A database holding the 14 roles every new one starts with."""
    db.close()
    return db_path


def test_backup_to_the_default_folder_and_to_a_chosen_one(filled, tmp_path, capsys):
    assert main(["--db", str(filled), "backup"]) == 0
    (made,) = backup.list_backups(data_dir() / "backups")
    assert made.kind == "manual" and str(made.path) in capsys.readouterr().out
    usb = tmp_path / "usb"
    assert main(["--db", str(filled), "backup", str(usb)]) == 0
    assert "已备份并检查通过" in capsys.readouterr().out
    assert len(backup.list_backups(usb)) == 1


def test_restore_saves_the_current_database_first(filled, tmp_path, capsys):
    assert main(["--db", str(filled), "backup", str(tmp_path / "b")]) == 0
    (made,) = backup.list_backups(tmp_path / "b")
    with sqlite3.connect(filled) as connection:
        connection.execute("DELETE FROM role")
    capsys.readouterr()
    assert main(["--db", str(filled), "restore", str(made.path)]) == 0
    out = capsys.readouterr().out
    assert role_count(filled) == 14
    (saved,) = backup.list_backups(data_dir() / "backups")
    assert saved.kind == "before-restore" and str(saved.path) in out
    assert role_count(saved.path) == 0


def test_a_corrupt_backup_is_refused_in_one_line(filled, tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = filled.read_bytes()
    assert main(["--db", str(filled), "restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fengwang-cli: 未恢复：") and err.count("\n") == 1
    assert filled.read_bytes() == before
    assert backup.list_backups(data_dir() / "backups") == []  # nothing saved, nothing replaced


def test_restore_is_refused_while_fengwang_has_the_database_open(filled, tmp_path, capsys):
    assert main(["--db", str(filled), "backup", str(tmp_path / "b")]) == 0
    (made,) = backup.list_backups(tmp_path / "b")
    lock = DatabaseLock(filled)
    assert lock.acquire()
    try:
        assert main(["--db", str(filled), "restore", str(made.path)]) == 2
    finally:
        lock.release()
    assert "正在被另一个枫网使用" in capsys.readouterr().err


def test_backup_problems_exit_2_with_a_sentence(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "missing.sqlite"), "backup"]) == 2
    assert "数据库文件不存在" in capsys.readouterr().err
    assert main(["--db", "postgresql+psycopg://u:p@server/fw", "backup"]) == 2
    assert "县信息化部门" in capsys.readouterr().err


def test_a_corrupt_database_is_named_in_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"\x00" * 4096)
    assert main(["--db", str(broken), "check"]) == 2
    err = capsys.readouterr().err
    assert "不是枫网数据库（或已损坏）" in err and err.count("\n") == 1


def test_backup_and_restore_are_in_the_audit_trail(filled, tmp_path, capsys):
    def actions() -> list[str]:
        with sqlite3.connect(filled) as connection:
            return [a for (a,) in connection.execute("SELECT action FROM audit_entry ORDER BY id")]

    assert main(["--db", str(filled), "backup", str(tmp_path / "b")]) == 0
    assert actions()[-1] == "backup"
    (made,) = backup.list_backups(tmp_path / "b")
    assert main(["--db", str(filled), "restore", str(made.path)]) == 0
    assert actions() == ["restore"]  # the backup was written before its own entry


def test_restore_onto_a_new_computer_creates_the_database(filled, tmp_path, capsys):
    assert main(["--db", str(filled), "backup", str(tmp_path / "usb")]) == 0
    (made,) = backup.list_backups(tmp_path / "usb")
    new = tmp_path / "new-pc" / "data" / "fengwang.sqlite"
    assert main(["--db", str(new), "restore", str(made.path)]) == 0
    assert role_count(new) == 14 and "恢复前的数据库" not in capsys.readouterr().out


def test_with_accounts_a_clerk_backs_up_and_only_an_administrator_restores(
    filled, tmp_path, capsys, monkeypatch
):
    from desktop.db import open_database
    from desktop.services import access
    from desktop.services.access import Role

    db = open_database(f"sqlite:///{filled}")
    try:
        access.create_user(db, "管理员甲", Role.ADMIN, "guanli2026")
        access.log_in(db, "管理员甲", "guanli2026")
        access.create_user(db, "张三", Role.CLERK, "jingban2026")
        access.create_user(db, "查看丁", Role.VIEWER, "jingban2026")
    finally:
        db.close()
    monkeypatch.setenv("FENGWANG_PASSWORD", "jingban2026")
    folder = tmp_path / "b"
    assert main(["--db", str(filled), "--user", "查看丁", "backup", str(folder)]) == 2
    assert "没有“导入导出”的权限" in capsys.readouterr().err and not folder.exists()
    assert main(["--db", str(filled), "--user", "张三", "backup", str(folder)]) == 0
    (made,) = backup.list_backups(folder)
    capsys.readouterr()
    assert main(["--db", str(filled), "--user", "张三", "restore", str(made.path)]) == 2
    assert "没有“修改设置”的权限" in capsys.readouterr().err
    monkeypatch.setenv("FENGWANG_PASSWORD", "guanli2026")
    assert main(["--db", str(filled), "--user", "管理员甲", "restore", str(made.path)]) == 0
