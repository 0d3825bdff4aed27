"""A failed migration, a foreign SQLite file and logged SQL parameters leave no damage behind."""

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import desktop.db as dbmod
from desktop.cli import main
from desktop.db import HEAD_REVISION, known_revisions, open_database
from desktop.errors import DatabaseError

ALL_REVISIONS = known_revisions()


def tables(path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        rows = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [name for (name,) in rows]
    finally:
        raw.close()


def test_a_migration_failing_half_way_on_a_new_file_leaves_no_half_made_schema(
    db_path, monkeypatch
):
    def broken_bulk_insert(*args, **kwargs):
        raise RuntimeError("injected failure after the tables were created")

    with monkeypatch.context() as patch:
        patch.setattr("alembic.op.bulk_insert", broken_bulk_insert)
        with pytest.raises(RuntimeError, match="injected"):
            open_database(f"sqlite:///{db_path}")
    assert not db_path.exists() or tables(db_path) == []
    db = open_database(f"sqlite:///{db_path}")
    try:
        assert db.read_rows("SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
        assert db.read_rows("SELECT count(*) FROM role") == [(14,)]
    finally:
        db.close()


def test_migration_ddl_is_rolled_back_with_its_transaction(db_path, monkeypatch):
    """Even with the file kept, the transactional engine undoes the CREATE TABLEs."""
    db_path.touch()  # an existing empty file: not removed on failure, so the rollback shows
    with monkeypatch.context() as patch:
        patch.setattr("alembic.op.bulk_insert", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            open_database(f"sqlite:///{db_path}")
    assert db_path.exists() and tables(db_path) == []
    open_database(f"sqlite:///{db_path}").close()
    assert "role" in tables(db_path)


def test_a_failed_upgrade_of_an_existing_file_restores_the_backup(db_path, db, monkeypatch):
    db.close()
    before = tables(db_path)

    def half_upgrade(config, rev):
        raw = sqlite3.connect(db_path)  # commits at once, as a DDL statement outside BEGIN would
        raw.execute("CREATE TABLE half_made (id INTEGER PRIMARY KEY)")
        raw.commit()
        raw.close()
        raise RuntimeError("磁盘已满")

    with monkeypatch.context() as patch:
        patch.setattr(dbmod, "HEAD_REVISION", "0099")
        patch.setattr(dbmod, "known_revisions", lambda: ["0099", *ALL_REVISIONS])
        patch.setattr("alembic.command.upgrade", half_upgrade)
        with pytest.raises(DatabaseError, match="数据库升级失败，已恢复为升级前的数据库：磁盘已满"):
            dbmod.open_database(f"sqlite:///{db_path}")
    assert tables(db_path) == before and "half_made" not in before
    reopened = open_database(f"sqlite:///{db_path}")
    try:
        assert reopened.read_rows("SELECT count(*) FROM role") == [(14,)]
    finally:
        reopened.close()


@pytest.fixture
def foreign_file(tmp_path):
    path = tmp_path / "ledger.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
    raw.execute("INSERT INTO ledger (amount) VALUES (42)")
    raw.commit()
    raw.close()
    return path


FOREIGN = "该文件不是枫网数据库：它已有其他程序的数据表，枫网不会改动它"


def test_a_sqlite_file_of_another_program_is_refused_and_left_alone(foreign_file):
    with pytest.raises(DatabaseError, match=FOREIGN):
        open_database(f"sqlite:///{foreign_file}")
    assert tables(foreign_file) == ["ledger"]


def test_cli_refuses_a_sqlite_file_of_another_program(foreign_file, capsys):
    assert main(["--db", str(foreign_file), "roles", "list"]) == 2
    assert f"fengwang-cli: {FOREIGN}" in capsys.readouterr().err.splitlines()
    assert tables(foreign_file) == ["ledger"]


def test_sql_parameters_stay_out_of_error_messages(db):
    citizen_id = "11010519491231002X"
    insert = text(
        "INSERT INTO person (uid, name, name_initials, citizen_id, created_at, updated_at)"
        " VALUES (:uid, '张三', 'zs', :cid, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    with db.session() as session:
        session.execute(insert, {"uid": "u-1", "cid": citizen_id})
    with pytest.raises(IntegrityError) as caught, db.session() as session:
        session.execute(insert, {"uid": "u-2", "cid": citizen_id})
    assert citizen_id not in str(caught.value)
    assert "UNIQUE constraint failed: person.citizen_id" in str(caught.value)
    assert "hidden due to hide_parameters" in str(caught.value)
