"""fengwang-cli and the files it writes: never over the open database or the file it reads."""

import os
import shutil
import sys

import pytest

from desktop.cli import main
from desktop.db import open_database
from desktop.services.demo import build_demo
from tests.exchange.conftest import HEADER, ZHANG

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
