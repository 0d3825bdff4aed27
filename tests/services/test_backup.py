"""Backups: a round trip gives the same database, bad backups are refused, rotation keeps the
promised files, and a backup taken while another connection writes is consistent."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.db import copy_sqlite_file, open_database
from desktop.errors import DatabaseError, RefusedError
from desktop.services import backup
from desktop.services.demo import build_demo

NOW = datetime(2026, 3, 15, 18, 30, 0)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("backup-demo") / "demo.sqlite"
    database = open_database(f"sqlite:///{path}")
    build_demo(database, seed=1)
    database.close()
    return path


@pytest.fixture
def live(tmp_path, demo_master) -> Path:
    path = tmp_path / "fengwang.sqlite"
    copy_sqlite_file(demo_master, path)
    return path


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
    finally:
        connection.close()


def people(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        connection.close()


def test_backup_then_restore_gives_an_identical_database(live, tmp_path):
    folder = tmp_path / "backups"
    original = dump(live)
    made = backup.make_backup(live, folder, now=NOW, kind="manual")
    assert made.path == folder / "fengwang-20260315-183000-manual.sqlite"
    assert made.verified and made.kind_label == "手动"
    assert not list(folder.glob("*.part")) and not list(folder.glob("*-wal"))

    connection = sqlite3.connect(live)
    connection.execute("DELETE FROM assignment")
    connection.commit()
    connection.close()
    assert dump(live) != original

    live.chmod(0o640)
    result = backup.restore(live, made.path, folder=folder, now=NOW + timedelta(minutes=1))
    assert dump(live) == original
    assert live.stat().st_mode & 0o777 == 0o640  # who may open it is kept
    assert result.saved_to == folder / "fengwang-20260315-183100-before-restore.sqlite"
    assert not result.saved_is_damaged
    assert dump(result.saved_to)["assignment"] == []  # what was replaced is kept
    database = open_database(f"sqlite:///{live}")
    try:
        assert database.read_rows("SELECT count(*) FROM person") == [(len(original["person"]),)]
    finally:
        database.close()


def truncated(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return target


def random_bytes(_source: Path, target: Path) -> Path:
    target.write_bytes(bytes(range(256)) * 400)
    return target


def torn_page(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[8192:16384] = b"\xff" * 8192  # a page overwritten: header intact, content not
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("damage", [truncated, random_bytes, torn_page])
def test_a_corrupt_backup_is_refused_and_nothing_changes(live, tmp_path, damage):
    made = backup.make_backup(live, tmp_path / "backups", now=NOW, kind="manual")
    bad = damage(made.path, tmp_path / "bad-20260301-080000-manual.sqlite")
    before = live.read_bytes()
    with pytest.raises(RefusedError, match="未恢复") as refused:
        backup.restore(live, bad, folder=tmp_path / "backups", now=NOW)
    assert "备份文件" in refused.value.message and str(bad) in refused.value.message
    assert live.read_bytes() == before
    assert [b.kind for b in backup.list_backups(tmp_path / "backups")] == ["manual"]


def test_a_file_of_another_program_or_of_a_newer_fengwang_is_refused(live, tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(RefusedError, match="不是枫网数据库"):
        backup.restore(live, other, folder=tmp_path / "b")
    newer = tmp_path / "newer.sqlite"
    copy_sqlite_file(live, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    with pytest.raises(RefusedError, match="更新版本"):
        backup.restore(live, newer, folder=tmp_path / "b")


def test_latest_good_backup_skips_a_damaged_newer_one(live, tmp_path):
    folder = tmp_path / "backups"
    good = backup.make_backup(live, folder, now=NOW, kind="daily")
    bad = backup.make_backup(live, folder, now=NOW + timedelta(days=1), kind="daily")
    truncated(bad.path, bad.path)
    found = backup.latest_good_backup(folder, database="fengwang")
    assert found is not None and found.path == good.path and found.verified
    checked = {b.path: b.verified for b in backup.list_backups(folder, check=True)}
    assert checked == {good.path: True, bad.path: False}


def test_restoring_over_a_damaged_database_keeps_the_damaged_file(live, tmp_path):
    folder = tmp_path / "backups"
    made = backup.make_backup(live, folder, now=NOW, kind="daily")
    truncated(live, live)
    result = backup.restore(live, made.path, folder=folder, now=NOW)
    assert (
        result.saved_is_damaged
        and result.saved_to.name == "fengwang-20260315-183000-damaged.sqlite"
    )
    assert backup.verify(live) and people(live) > 300


def test_rotation_keeps_14_daily_10_exit_12_monthly_and_every_manual():
    start = datetime(2025, 1, 1, 9, 0)
    # Fourteen months of a daily and an exit backup each day: the rule is tested on names
    # (making 860 real copies is slow), the deletion of files in the next test.
    names = []
    for day in range(430):
        when = start + timedelta(days=day)
        names.append(backup.BackupInfo(Path(f"d{day}"), "fengwang", when, "daily", 1))
        names.append(
            backup.BackupInfo(Path(f"e{day}"), "fengwang", when + timedelta(hours=9), "exit", 1)
        )
    names.append(backup.BackupInfo(Path("m"), "fengwang", start, "manual", 1))
    names.sort(key=lambda b: b.when, reverse=True)
    kept = {b.path.name for b in names} - {b.path.name for b in backup.doomed(names)}
    last = start + timedelta(days=429)
    daily = {f"d{day}" for day in range(416, 430)}
    exits = {f"e{day}" for day in range(420, 430)}
    month_ends = set()
    for month_back in range(12):  # the newest backup of each of the last 12 months: its exit one
        year, month = last.year, last.month - month_back
        while month < 1:
            year, month = year - 1, month + 12
        in_month = [b for b in names if (b.when.year, b.when.month) == (year, month)]
        newest = max(in_month, key=lambda b: b.when).path.name
        month_ends.add(newest)
    assert kept == daily | exits | month_ends | {"m"}


def test_rotation_deletes_files_and_leaves_other_databases_alone(live, tmp_path):
    folder = tmp_path / "backups"
    for day in range(16):
        backup.make_backup(live, folder, now=NOW + timedelta(days=day), kind="daily")
    other = folder / "demo-20200101-000000-daily.sqlite"
    other.write_bytes(b"another database's backup")
    (folder / "notes.txt").write_text("不是备份")
    daily = [b for b in backup.list_backups(folder, database="fengwang") if b.kind == "daily"]
    assert len(daily) == 14  # 16 made; the oldest two of the same month went
    assert daily[-1].when == NOW + timedelta(days=2)
    assert other.exists() and (folder / "notes.txt").exists()


def test_two_backups_in_the_same_second_both_kept(live, tmp_path):
    first = backup.make_backup(live, tmp_path, now=NOW, kind="manual")
    second = backup.make_backup(live, tmp_path, now=NOW, kind="manual")
    assert (
        first.path != second.path and second.path.name == "fengwang-20260315-183000-2-manual.sqlite"
    )
    assert backup.parse_name(second.path) == ("fengwang", NOW, "manual")


def test_a_backup_while_another_connection_writes_is_consistent(live, tmp_path):
    """Each committed transaction adds a row to two tables; a consistent copy has as many of each."""
    setup = sqlite3.connect(live)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE pair_a (n INTEGER)")
    setup.execute("CREATE TABLE pair_b (n INTEGER)")
    setup.commit()
    setup.close()
    stop = threading.Event()

    def write() -> None:
        writer = sqlite3.connect(live, timeout=10)
        n = 0
        while not stop.is_set():
            n += 1
            with writer:
                writer.execute("INSERT INTO pair_a VALUES (?)", (n,))
                writer.execute("INSERT INTO pair_b VALUES (?)", (n,))
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        made = [backup.make_backup(live, tmp_path / "b", now=NOW, kind="manual") for _ in range(5)]
    finally:
        stop.set()
        thread.join()
    for info in made:
        copy = sqlite3.connect(info.path)
        a, b = (
            copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("pair_a", "pair_b")
        )
        copy.close()
        assert a == b


def test_a_server_database_is_refused_with_a_reason(tmp_path):
    class ServerDatabase:
        sqlite_path = None

    with pytest.raises(RefusedError, match="县信息化部门"):
        backup.make_backup(ServerDatabase(), tmp_path)  # type: ignore[arg-type]


def test_a_folder_that_cannot_be_written_gets_a_chinese_message(live, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match=r"无法在 .* 中写入备份"):
        backup.make_backup(live, blocker / "backups", now=NOW)


def test_needs_daily_once_a_day(live, tmp_path):
    assert backup.needs_daily(tmp_path, "fengwang", now=NOW)
    backup.make_backup(live, tmp_path, now=NOW, kind="exit")
    assert backup.needs_daily(tmp_path, "fengwang", now=NOW)
    backup.make_backup(live, tmp_path, now=NOW, kind="daily")
    assert not backup.needs_daily(tmp_path, "fengwang", now=NOW + timedelta(hours=5))
    assert backup.needs_daily(tmp_path, "fengwang", now=NOW + timedelta(days=1))


def test_a_damaged_database_is_not_backed_up(live, tmp_path):
    torn_page(live, live)
    with pytest.raises(DatabaseError, match="没有备份：数据库文件已损坏") as refused:
        backup.make_backup(live, tmp_path / "b", now=NOW)
    assert str(live) in refused.value.message and ".part" not in refused.value.message
    assert list((tmp_path / "b").iterdir()) == []
