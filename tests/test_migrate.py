"""Upgrading the schema: automatic for a SQLite file, explicit (`fengwang-cli migrate`) for a
server database that several workstations share (issue 9). Runs on the engine --engine names."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from desktop.cli import main
from desktop.db import HEAD_REVISION, DatabaseProblem, alembic_config, make_engine, open_database
from desktop.errors import DatabaseError

OLDER = "0005"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def older_database(engine) -> str:
    """A database at an older schema, with a unit in it, as an earlier version left it."""
    url = engine.new_url()
    migrator = make_engine(url)
    try:
        command.upgrade(alembic_config(migrator), OLDER)
        with migrator.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO grid_unit (uid, level, code, name, created_at, updated_at) "
                    "VALUES ('u-1', 'county', '511922', '南江县', '2026-01-01', '2026-01-01')"
                )
            )
    finally:
        migrator.dispose()
    return url


def revision_of(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


@pytest.mark.postgresql_only
def test_a_workstation_does_not_upgrade_a_shared_server_database(engine, capsys):
    url = older_database(engine)

    with pytest.raises(DatabaseError, match=f"结构版本为 {OLDER}.*migrate"):
        open_database(url)
    assert revision_of(url) == OLDER

    code, out, _ = run(capsys, "--db", url, "migrate")
    assert code == 0
    assert f"已将数据库结构从 {OLDER} 升级到 {HEAD_REVISION}" in out
    assert "fengwang:***@" in out  # never the password
    db = open_database(url)
    try:
        assert db.read_rows("SELECT name FROM grid_unit") == [("南江县",)]
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_a_sqlite_file_upgrades_itself_and_migrate_says_so_too(engine, capsys):
    url = older_database(engine)
    code, out, _ = run(capsys, "--db", url, "migrate")
    assert code == 0
    assert f"已将数据库结构从 {OLDER} 升级到 {HEAD_REVISION}" in out
    open_database(older_database(engine)).close()  # a workstation's own file: automatic


def test_migrate_sets_up_an_empty_database_and_then_has_nothing_to_do(engine, capsys):
    url = engine.new_url()
    if url.startswith("sqlite"):
        open_database(url, migrate=False).close()  # an empty file, as an administrator made it

    code, out, _ = run(capsys, "--db", url, "migrate")
    assert code == 0
    assert f"已建立数据库结构（{HEAD_REVISION}）" in out

    code, out, _ = run(capsys, "--db", url, "migrate")
    assert code == 0
    assert f"数据库结构已是最新版本（{HEAD_REVISION}）" in out


def test_a_newer_schema_is_refused_and_left_alone(engine, capsys):
    url = engine.new_url()
    open_database(url).close()
    migrator = make_engine(url)
    try:
        with migrator.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        migrator.dispose()

    with pytest.raises(DatabaseProblem, match="比本程序新"):
        open_database(url)
    code, _, err = run(capsys, "--db", url, "migrate")
    assert code == 2
    assert "比本程序新" in err
    assert revision_of(url) == "9999"


def test_migrate_on_a_missing_file_changes_nothing(tmp_path, capsys):
    missing = tmp_path / "nowhere.sqlite"
    code, _, err = run(capsys, "--db", str(missing), "migrate")
    assert code == 2
    assert "数据库文件不存在" in err
    assert not missing.exists()
