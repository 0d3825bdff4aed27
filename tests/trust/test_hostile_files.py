"""Every reader of a file a user picks, on every broken or hostile file of the corpus: a Chinese
FengwangError (never another exception), in bounded time and memory, and nothing written."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import MetaData, func, select

from desktop.db import Database, open_database
from desktop.errors import FengwangError, RefusedError
from desktop.exchange.reading import read_sheet, sheet_names
from desktop.exchange.roster_import import detect_layout, import_roster
from desktop.exchange.scheme_workbook import import_scheme
from desktop.exchange.score_workbook import import_score_sheet
from desktop.exchange.sync import export_sync_package, preview_sync, read_sync_package
from desktop.models import AuditEntry, GridUnit
from desktop.services import backup
from desktop.services.demo import build_demo
from desktop.services.grid import UnitDraft, create_unit
from desktop.services.identity import check_char
from desktop.services.roster import PersonDraft, add_person
from desktop.vocabulary import Level
from tests.trust import hostile

TODAY = date(2026, 4, 15)
SECONDS_PER_READ = 8.0  # generous on a loaded CI box; the slowest file takes ~2 s alone
CJK = range(0x4E00, 0xA000)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(f"sqlite:///{path}")
    try:
        build_demo(database, seed=1, today=TODAY)
    finally:
        database.close()
    return path


@pytest.fixture
def town_db(demo_file, tmp_path):
    path = tmp_path / "town.sqlite"
    shutil.copyfile(demo_file, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return hostile.workbook_corpus(tmp_path_factory.mktemp("corpus"))


def counts(db: Database) -> dict[str, int]:
    """Rows of every table but the audit trail: a reader that wrote anything changes one."""
    tables = MetaData()
    with db.session() as session:
        tables.reflect(session.connection())
        return {
            name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in tables.tables.items()
            if name != "audit_entry"
        }


def audit_actions(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        return [tuple(row) for row in session.execute(select(AuditEntry.action, AuditEntry.detail))]


def township_id(db: Database) -> int:
    with db.session() as session:
        return session.execute(select(GridUnit.id).where(GridUnit.level == "township")).scalar_one()


def readers(db: Database) -> dict[str, Callable[[Path], object]]:
    town = township_id(db)
    return {
        "read_sheet": read_sheet,
        "sheet_names": sheet_names,
        "detect_layout": detect_layout,
        "import_roster": lambda path: import_roster(db, path, today=TODAY),
        "import_score_sheet": lambda path: import_score_sheet(
            db, path, town, date(2026, 3, 1), actor="测试"
        ),
        "import_scheme": lambda path: import_scheme(db, path),
        "read_sync_package": read_sync_package,
    }


def assert_chinese(message: str) -> None:
    assert message and any(ord(char) in CJK for char in message), message
    assert "Traceback" not in message


def run_reader(read: Callable[[Path], object], path: Path) -> object:
    """A reader's result, or its FengwangError; any other exception fails the test."""
    started = time.perf_counter()
    try:
        outcome: object = read(path)
    except FengwangError as err:
        assert_chinese(err.message)
        outcome = err
    assert time.perf_counter() - started < SECONDS_PER_READ, path.name
    return outcome


# Files a sheet reader may read (they are spreadsheets), whose rows every importer then rejects
READABLE = {"dimension_only.xlsx", "million_rows.xlsx", "styled_rows.xlsx", "long_cells.xlsx",
            "formulas.xlsx"}  # fmt: skip


def test_every_reader_refuses_every_broken_file_in_chinese_and_writes_nothing(town_db, corpus):
    before, logged = counts(town_db), len(audit_actions(town_db))
    for name, path in corpus.items():
        for reader, read in readers(town_db).items():
            if name in ("million_rows.xlsx", "styled_rows.xlsx") and reader not in (
                "read_sheet",
                "import_roster",
            ):
                continue  # the same reading path; each pass costs seconds
            outcome = run_reader(read, path)
            if reader == "sheet_names" and isinstance(outcome, list):
                continue  # names only: a sheet's content is not read (nor a CSV at all)
            if name not in READABLE:
                assert isinstance(outcome, FengwangError), (name, reader, outcome)
            elif reader == "import_roster":
                assert outcome.created == outcome.updated == 0, name  # type: ignore[attr-defined]
    assert counts(town_db) == before
    # the trail tells of each roster import that read a file and rejected all its rows
    new = audit_actions(town_db)[logged:]
    assert len(new) == len(READABLE)
    assert all(action == "import" and '"created": 0' in detail for action, detail in new)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("random.xlsx", "不是有效的 Excel 工作簿或表格文件"),
        ("pdf.xlsx", "PDF"),
        ("empty.xlsx", "文件是空的"),
        ("text.xlsx", "它是文本文件"),
        ("truncated.xlsx", "已损坏或不完整"),
        ("bomb.xlsx", "过大或被压缩得异常"),
        ("lying_bomb.xlsx", "过大或被压缩得异常"),
        ("encrypted.xlsx", "有密码保护，请先在 Excel/WPS 中取消密码后再导入"),
        ("old_xls_named.xlsx", "其实是旧版 .xls 格式"),
        ("far_cells.xlsx", "1000000 行 × 14 列"),
        ("huge_cells.xlsx", "1048576 行 × 16384 列"),
        ("over_long_cells.xlsx", "单元格 A2 内容过长（40000 个字"),
        ("errors.xlsx", "单元格 B2 是公式错误值"),
        ("errors_hidden.xlsx", "单元格 B2 是公式错误值"),
        ("errors_quoted.xlsx", "单元格 B2 是公式错误值"),
        ("html.xls", "其实是网页（HTML）格式"),
        ("xml2003.xls", "Excel 2003 XML"),
        ("zip_named.xls", "其实是 .xlsx 格式"),
        ("far_cells.xls", "范围过大（65536 行 × 256 列）"),
        ("far_sheets.xls", "工作表“表0”范围过大"),
        ("far_column.xls", "范围过大（101 行 × 65536 列）"),
        ("claimed_rows.xls", "范围过大（4294967280 行 × 256 列）"),
        ("claimed_sheets.xls", "各工作表合计范围过大（3 个工作表共 12000000 个单元格）"),
        ("looping.xls", "文件已损坏或不完整"),
        ("odd_types.ods", "G2 #DIV/0! 是公式错误值"),
        ("bomb.ods", "范围过大"),
        ("nul.csv", "无法识别文件 nul.csv 的文字编码"),
        ("gbk_bytes_in_utf8.csv", "请另存为 UTF-8 或 GBK 编码的 CSV"),
        ("huge_field.csv", "内容过长"),
        ("errors.csv", "单元格 B2 #N/A 是公式错误值"),
    ],
)
def test_the_message_says_what_is_wrong(corpus, name, words):
    with pytest.raises(FengwangError) as err:
        read_sheet(corpus[name])
    assert words in err.value.message


def test_a_sheet_of_a_million_empty_rows_reads_as_the_header_alone(corpus):
    assert read_sheet(corpus["million_rows.xlsx"]).rows == [hostile.ROSTER_HEADER]


def test_awkward_encodings_of_a_real_roster_still_read(tmp_path):
    for name, path in hostile.odd_but_readable(tmp_path).items():
        rows = [row for row in read_sheet(path).rows if any(row)]
        assert rows[0] == hostile.ROSTER_HEADER, name
        assert rows[1][:3] == ["张三", "51192219900101001X", "男"], name


def test_bombs_and_huge_rectangles_are_refused_in_little_memory_and_time(corpus):
    """In a fresh process, so its peak memory is the readers' alone: calamine would abort the
    process on huge_cells.xlsx (it allocates the rectangle), and inflate bomb.xlsx to 2 GB."""
    names = ["bomb.xlsx", "lying_bomb.xlsx", "huge_cells.xlsx", "far_cells.xlsx", "bomb.ods"]
    names += [
        "far_lowercase.xlsx",
        "far_tab.xlsx",
        "far_quotes.xlsx",
        "far_slash.xlsx",
        "far_elsewhere.xlsx",
        "far_cells.xlsb",
        "far_column.xlsb",
        "far_unplaced.xlsx",
        "far_cells.xls",
        "far_sheets.xls",
        "far_column.xls",
        "claimed_rows.xls",
        "claimed_sheets.xls",
    ]
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from desktop.errors import FengwangError
        from desktop.exchange.reading import read_sheet
        from desktop.exchange.sync import read_sync_package
        for name in {names!r}:
            for read in (read_sheet, read_sync_package):
                try:
                    read(Path({str(next(iter(corpus.values())).parent)!r}) / name)
                except FengwangError:
                    pass
                else:
                    sys.exit(name + " was read")
        # the peak of this process's own memory: ru_maxrss would carry over the high-water mark
        # of the pytest process it was started from
        peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
        print(int(peak.split()[1]) // 1024)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert int(done.stdout.split()[-1]) < 400  # MB: the interpreter and its imports, no sheet


# ------------------------------------------------------------------------------ sync packages


@pytest.fixture
def package(db, tmp_path) -> Path:
    """The package of a small township (the demo's takes seconds to read, nine times over)."""
    county = create_unit(db, UnitDraft(Level.COUNTY, "511922", "示例县"))
    township = create_unit(db, UnitDraft(Level.TOWNSHIP, "511922100", "小镇", county.id))
    create_unit(db, UnitDraft(Level.VILLAGE, "511922100201", "青石村", township.id))
    for name, first17 in (("张三", "51192219900101001"), ("王五", "51192219921120003")):
        add_person(db, PersonDraft(name, first17 + check_char(first17), gender="男"))
    path = tmp_path / "package.xlsx"
    export_sync_package(db, path, township_code="511922100")
    return path


def test_a_hand_edited_sync_package_is_refused_and_nothing_is_written(db, package, tmp_path):
    assert read_sync_package(package).rows["person"]  # the unedited one reads
    before = counts(db)
    words = {
        "count_changed": "清单写的是",
        "checksum_changed": "同步包校验失败",
        "row_added": "同步包校验失败",
        "column_removed": "表头不对",
        "version_unknown": "格式版本（99）",
        "manifest_removed": "缺少“清单”工作表",
        "value_edited": "同步包校验失败",
    }
    for name, path in hostile.edited_packages(package, tmp_path).items():
        outcome = run_reader(read_sync_package, path)
        if name == "township_changed":
            # outside the checksum (see the report): read, but previewing it writes nothing
            preview_sync(db, outcome)  # type: ignore[arg-type]
            continue
        assert isinstance(outcome, FengwangError), name
        assert words[name] in outcome.message, (name, outcome.message)
    assert counts(db) == before


# ------------------------------------------------------------------------------------ backups


def test_a_broken_backup_is_refused_and_the_database_kept(demo_file, tmp_path):
    database = tmp_path / "town.sqlite"
    shutil.copyfile(demo_file, database)
    kept = hashlib.sha256(database.read_bytes()).hexdigest()
    for name, path in hostile.backup_corpus(demo_file, tmp_path).items():
        started = time.perf_counter()
        with pytest.raises(RefusedError) as err:
            backup.restore(database, path, folder=tmp_path / "saved")
        assert time.perf_counter() - started < SECONDS_PER_READ, name
        assert err.value.message.startswith("未恢复："), name
        assert_chinese(err.value.message)
        assert hashlib.sha256(database.read_bytes()).hexdigest() == kept, name
