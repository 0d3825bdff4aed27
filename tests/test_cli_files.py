"""fengwang-cli and the files it writes: never over the open database or the file it reads."""

import gc
import os
import shutil
import sqlite3
import sys

import pytest

from desktop.cli import main
from desktop.db import open_database
from desktop.services.demo import build_demo
from tests.exchange.conftest import HEADER, ZHANG, fill_disk

pytestmark = pytest.mark.sqlite_only

ROSTER = "姓名,身份证号码,性别,手机号码,村(社区),网格,岗位,任职开始日期\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("town") / "town.sqlite"
    database = open_database(f"sqlite:///{path}")
    try:
        build_demo(database)
    finally:
        database.close()
    return path


@pytest.fixture
def db_file(built, tmp_path):
    path = tmp_path / "town.sqlite"
    shutil.copyfile(built, path)
    return path


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def audit_entries(db_file) -> int:
    database = open_database(f"sqlite:///{db_file}")
    try:
        return database.read_rows("SELECT count(*) FROM audit_entry")[0][0]
    finally:
        database.close()


WRITERS = [
    ("report", "roster", "-o", "{out}"),
    ("export", "roster", "{out}"),
    ("export", "template", "{out}"),
    ("export", "ledger", "--month", "2026-03", "{out}"),
    ("export", "case-stats", "--month", "2026-03", "{out}"),
    ("export", "sync", "{out}"),
    ("audit", "export", "{out}"),
    ("backup", "{out}"),
]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c[:2]))
def test_an_output_that_is_the_database_is_refused(capsys, db_file, command, suffix):
    target = db_file.with_name(db_file.name + suffix)
    companion_before = target.read_bytes() if suffix and target.exists() else None
    before = db_file.read_bytes()
    argv = [part.format(out=target) for part in command]
    code, out, err = run(capsys, "--db", db_file, *argv)
    assert (code, out) == (2, "")
    assert "它是正在使用的数据库" in err or "它是数据库的附属文件" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert db_file.read_bytes() == before
    assert (target.read_bytes() if suffix and target.exists() else None) == companion_before


def test_the_database_named_another_way_is_refused_too(capsys, db_file, monkeypatch):
    monkeypatch.chdir(db_file.parent)
    (db_file.parent / "sub").mkdir()
    code, _, err = run(capsys, "--db", "town.sqlite", "export", "roster", "sub/../town.sqlite")
    assert code == 2 and "正在使用的数据库" in err
    link = db_file.parent / "link.sqlite"
    link.hardlink_to(db_file)
    code, _, err = run(capsys, "--db", db_file, "report", "roster", "-o", link)
    assert code == 2 and "正在使用的数据库" in err


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_an_import_report_that_is_the_input_file_is_refused(capsys, db_file, tmp_path, dry_run):
    source = tmp_path / "名册.csv"
    source.write_text(ROSTER + "张三,110105194912310021,男,,无此村,,辅警,2023-05-01\n")
    before, entries = source.read_bytes(), audit_entries(db_file)
    code, out, err = run(
        capsys, "--db", db_file, "import", "roster", source, "--report", source, *dry_run
    )
    assert (code, out) == (2, "")
    assert "它就是要读取的文件" in err
    assert source.read_bytes() == before
    assert audit_entries(db_file) == entries  # refused before anything was imported


def test_a_score_import_report_that_is_the_input_file_is_refused(capsys, db_file, tmp_path):
    sheet = tmp_path / "考核.xlsx"
    assert main(["--db", str(db_file), "export", "scores", str(sheet), "--month", "2026-03",
                 "--scheme", "网格员月度考核细则"]) == 0  # fmt: skip
    capsys.readouterr()
    before = sheet.read_bytes()
    code, _, err = run(
        capsys, "--db", db_file, "assess", "import", sheet, "--month", "2026-03", "--report", sheet
    )
    assert code == 2 and "它就是要读取的文件" in err
    assert sheet.read_bytes() == before


# 中 in GBK, as a Windows USB stick's file name reads on Linux: not UTF-8, so Python holds each
# byte as a lone surrogate (PEP 383)
GBK = os.fsdecode(b"\xd6\xd0")
SCHEME = "网格员月度考核细则"
SHOWN = "\ufffd\ufffd"  # each undecodable byte as �


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")
def test_names_that_are_not_utf8_are_read_written_shown_and_audited(capsys, db_file, tmp_path):
    folder = tmp_path / f"U盘{GBK}"
    folder.mkdir()
    source = folder / f"{GBK}.csv"
    row = ["张三", ZHANG, "男", "13812345678", "青石村", "", "辅警", "2023-05-01"]
    source.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    entries = audit_entries(db_file)
    code, out, err = run(
        capsys, "--db", db_file, "import", "roster", source, "--report", folder / f"{GBK}结果.xlsx"
    )
    assert (code, err) == (0, "")
    assert "新增 1 人" in out and f"U盘{SHOWN}/{SHOWN}结果.xlsx" in out
    assert (folder / f"{GBK}结果.xlsx").is_file()
    assert audit_entries(db_file) == entries + 1  # the import is in the trail, its name shown
    code, out, err = run(capsys, "--db", db_file, "import", "roster", source, "--json")
    assert code == 0 and '"unchanged": 1' in out

    package = folder / f"{GBK}同步包.xlsx"
    code, out, err = run(capsys, "--db", db_file, "export", "sync", package)
    assert (code, err) == (0, "") and f"U盘{SHOWN}/{SHOWN}同步包.xlsx" in out
    code, out, err = run(capsys, "--db", db_file, "import", "sync", package, "--dry-run")
    assert (code, err) == (0, "") and "同步包来自示例镇" in out
    code, out, err = run(capsys, "--db", db_file, "report", "roster", "-o", folder / f"{GBK}.pdf")
    assert (code, err) == (0, "") and (folder / f"{GBK}.pdf").is_file()
    code, out, err = run(capsys, "--db", db_file, "audit", "list")
    assert code == 0 and f"{SHOWN}同步包.xlsx" in out


@pytest.mark.parametrize(
    "command",
    [
        ("report", "roster", "-o", "{folder}/花名册.pdf"),
        ("export", "scores", "--month", "2026-03", "--scheme", SCHEME, "{folder}/考核表.xlsx"),
        ("export", "ledger", "--month", "2026-03", "{folder}/台账.xlsx"),
        ("export", "roster", "{folder}/花名册.xlsx"),
        ("export", "sync", "{folder}/同步包.xlsx"),
        ("audit", "export", "{folder}/日志.xlsx"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_full_disk_exits_2_with_a_chinese_sentence_and_no_file(
    capfd, db_file, tmp_path, monkeypatch, command
):
    folder = tmp_path / "U盘"
    folder.mkdir()
    fill_disk(monkeypatch)
    code = main(["--db", str(db_file), *(part.format(folder=folder) for part in command)])
    gc.collect()
    out, err = capfd.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("fengwang-cli: 无法保存 ") and "：磁盘空间不足" in err
    assert err.count("\n") == 1  # no "Exception ignored … Traceback" after it
    assert "No space" not in err and "内部错误" not in err
    assert list(folder.iterdir()) == []


def test_a_backup_that_fills_the_disk_leaves_nothing_behind(capsys, db_file, tmp_path, monkeypatch):
    from desktop.services import backup

    def full(source, target):  # SQLite writes its rollback journal beside the copy, then fails
        target.with_name(target.name + "-journal").write_bytes(b"journal")
        error = sqlite3.OperationalError("database or disk is full")
        raise backup.DatabaseError(f"无法备份数据库 {source}：{backup._sqlite_reason(error)}")

    monkeypatch.setattr(backup, "_snapshot", full)
    folder = tmp_path / "备份"
    code, _, err = run(capsys, "--db", db_file, "backup", folder)
    assert code == 2 and "磁盘已满" in err
    assert list(folder.iterdir()) == []
