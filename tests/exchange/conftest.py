"""Spreadsheets as villages send them, generated per test, and a database holding 示例镇."""

from __future__ import annotations

import builtins
import errno
import io
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.db import Database, open_database
from desktop.services.demo import build_demo
from desktop.services.identity import check_char

HEADER = ["姓名", "身份证号码", "性别", "联系电话", "村(社区)", "网格", "岗位", "任职日期"]


def citizen_id(first17: str) -> str:
    return first17 + check_char(first17)


ZHANG = citizen_id("51192219900101001")  # 男
LI = citizen_id("51192219850315002")  # 女
WANG = citizen_id("51192219921120003")  # 男


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], merges: Sequence[str] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text ('=1+1), not a formula
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo township built once per run; each test gets its own copy (grid_db)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(f"sqlite:///{path}")
    try:
        build_demo(database, seed=1)
    finally:
        database.close()  # the last connection gone, SQLite folds the WAL into the file
    return path


@pytest.fixture
def grid_db(demo_file, db_path) -> Iterator[Database]:
    """示例镇 with its villages (青石村 = 511922100201, its grids 青石村第1网格 …)."""
    shutil.copyfile(demo_file, db_path)
    database = open_database(f"sqlite:///{db_path}")
    yield database
    database.close()


@pytest.fixture
def roster_file(tmp_path):
    def make(rows: Sequence[Sequence[object]], name: str = "roster.xlsx", **kw) -> Path:
        return write_xlsx(tmp_path / name, rows, **kw)

    return make


class _FullDisk(io.FileIO):
    """A file on a disk that fills up after its first few kilobytes, as a USB stick does."""

    room = 4096

    def write(self, data) -> int:
        if len(data) > self.room:
            super().write(bytes(data)[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return super().write(data)


def fill_disk(monkeypatch) -> None:
    """Make every temporary file a writer writes (desktop.exchange.files.writing's
    ".<name>.<random>.part<suffix>") fail with ENOSPC once a few kilobytes are written, through
    Python's buffered files as a real full disk does: zipfile, openpyxl, xlsxwriter and
    reportlab all open their files through io.open / open."""
    real_open = io.open

    def open_(file, mode="r", buffering=-1, *args, **kwargs):
        name = Path(file).name if isinstance(file, str | Path) else ""
        if ".part" not in name or "w" not in mode or "b" not in mode:
            return real_open(file, mode, buffering, *args, **kwargs)
        raw = _FullDisk(file, "w+" if "+" in mode else "w")
        return io.BufferedRandom(raw) if "+" in mode else io.BufferedWriter(raw)

    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(builtins, "open", open_)
