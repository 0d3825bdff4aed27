import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from desktop.db import (
    HEAD_REVISION,
    backup_sqlite_file,
    known_revisions,
    open_database,
    shown_url,
)
from desktop.errors import DatabaseError
from desktop.models import Base

ALL_REVISIONS = known_revisions()


def test_head_revision_constant_matches_the_migrations():
    assert known_revisions()[0] == HEAD_REVISION


def test_migrations_build_exactly_the_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.sqlite_only
def test_sqlite_runs_with_foreign_keys_wal_and_full_sync(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_builtin_roles_are_seeded(db):
    with db.engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM role ORDER BY sort_order")).scalars().all()
    assert names[:4] == ["网格长", "专职网格员", "兼职网格员", "微网格员"]
    assert "法律顾问" in names and len(names) == 14


@pytest.mark.sqlite_only
def test_a_database_from_a_newer_fengwang_is_refused(db_path, db):
    db.close()
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseError, match="比本程序新"):
        open_database(f"sqlite:///{db_path}")


@pytest.mark.sqlite_only
def test_an_older_database_is_backed_up_before_it_is_upgraded(db_path, db, monkeypatch):
    """Simulate a release whose head is newer than the file: the file is copied first."""
    import desktop.db as dbmod

    db.close()
    calls = []
    monkeypatch.setattr(dbmod, "HEAD_REVISION", "0099")
    monkeypatch.setattr(dbmod, "known_revisions", lambda: ["0099", *ALL_REVISIONS])
    monkeypatch.setattr("alembic.command.upgrade", lambda config, rev: calls.append(rev))
    dbmod.open_database(f"sqlite:///{db_path}").close()
    backups = list(db_path.parent.glob("fengwang.before-upgrade-0099-*.sqlite"))
    assert len(backups) == 1 and calls == ["head"]
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM role").fetchone()[0] == 14
    copy.close()


@pytest.mark.sqlite_only
def test_backup_copies_a_live_wal_database(db_path, db):
    with db.session() as session:
        session.execute(text("INSERT INTO role (name, builtin, sort_order) VALUES ('测试', 0, 99)"))
    copy = sqlite3.connect(backup_sqlite_file(db_path, "test"))
    assert copy.execute("SELECT count(*) FROM role WHERE name = '测试'").fetchone()[0] == 1
    copy.close()


@pytest.mark.sqlite_only  # the shared sqlite3 reader; a server read has a pooled connection of its own
def test_closing_waits_for_a_read_running_in_the_background(db):
    """The roster loads in a background thread through the shared reader; closing the database
    meanwhile (the window closing, a test ending) must wait for it, not crash the process."""
    import threading
    import time

    counted = []
    long_read = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) "
        "SELECT count(*) FROM c"
    )
    reader = threading.Thread(target=lambda: counted.extend(db.read_rows(long_read)))
    reader.start()
    time.sleep(0.05)  # the read is under way
    db.close()
    reader.join()
    assert counted == [(2000000,)]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://u:S3cretPw@db.local/x", "postgresql+psycopg://u:***@db.local/x"),
        (
            "postgresql+psycopg://u:a@b/c@db.local:5432/x",
            "postgresql+psycopg://u:***@db.local:5432/x",
        ),
        (
            "postgresql://u@db/x?sslmode=require&password=S3cretPw",
            "postgresql://u@db/x?sslmode=require&password=***",
        ),
        ("postgresql+psycopg://u@db.local/x", "postgresql+psycopg://u@db.local/x"),
        ("sqlite:///C:/数据/枫网@家.sqlite", "sqlite:///C:/数据/枫网@家.sqlite"),
    ],
)
def test_shown_url_masks_the_password(url, shown):
    assert shown_url(url) == shown


@pytest.mark.sqlite_only
def test_a_database_on_a_read_only_medium_is_said_to_be_read_only(db_path, db, monkeypatch):
    """A WAL database on a CD or a write-protected stick cannot even be inspected (SQLite needs its
    -shm beside it): "unable to open" there means read-only, not a missing file."""
    import os

    import desktop.db as database_module

    db.close()

    def cannot_open(path):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(database_module, "_sqlite_revision", cannot_open)
    with pytest.raises(DatabaseError) as refused:
        open_database(f"sqlite:///{db_path}", migrate=False)
    assert "路径不存在或没有权限" in refused.value.message  # a writable place: the usual reason
    writable = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK and writable(path, mode))
    with pytest.raises(DatabaseError) as refused:
        open_database(f"sqlite:///{db_path}", migrate=False)
    assert (
        "是只读的（如光盘、写保护的U盘）：请先把它复制到本机可写的文件夹" in refused.value.message
    )
    assert getattr(refused.value, "kind", "") == "read-only"
