"""Writing a named file: a Chinese refusal for a missing folder or a folder as the file, no stderr
noise, and never a half-written file where the old one was."""

import errno
import gc
import os

import pytest

from desktop.errors import FengwangError, os_reason
from desktop.exchange import roster_export
from desktop.exchange.files import writing
from desktop.exchange.report import write_result_workbook
from desktop.exchange.roster_export import export_roster, export_template
from desktop.exchange.roster_import import import_roster
from tests.exchange.conftest import HEADER, LI, fill_disk

BAD = ["李四", LI, "女", "", "无此村", "", "辅警", "2023-05-01"]


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_writing_replaces_the_file_only_on_success(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    with writing(target) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_text("new")
        assert target.read_text() == "old"  # untouched until the block succeeds
    assert target.read_text() == "new"
    assert leftovers(tmp_path) == ["out.xlsx"]


def test_a_failure_mid_write_leaves_the_previous_file_and_no_temp(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    with pytest.raises(RuntimeError), writing(target) as temp:
        temp.write_text("half a fi")
        raise RuntimeError("power cut")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == ["out.xlsx"]


def test_missing_folder_and_folder_target_are_refused_in_chinese(tmp_path):
    with pytest.raises(FengwangError) as err, writing(tmp_path / "无此文件夹" / "x.xlsx"):
        pass
    assert err.value.message.startswith("文件夹不存在：")
    with pytest.raises(FengwangError) as err, writing(tmp_path):
        pass
    assert "是一个文件夹，请给出文件名" in err.value.message
    assert leftovers(tmp_path) == []


@pytest.fixture
def result(grid_db, roster_file):
    return import_roster(grid_db, roster_file([HEADER, BAD]))


def test_result_workbook_to_a_missing_folder_or_a_folder_without_stderr_noise(
    result, tmp_path, capfd
):
    capfd.readouterr()
    with pytest.raises(FengwangError) as err:
        write_result_workbook(result, tmp_path / "no" / "结果.xlsx")
    assert "文件夹不存在" in err.value.message
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(FengwangError) as err:
        write_result_workbook(result, folder)
    assert "是一个文件夹" in err.value.message
    gc.collect()  # openpyxl's abandoned write-only streams used to complain here
    out, stderr = capfd.readouterr()
    assert (out, stderr) == ("", "")
    assert leftovers(folder) == []


def test_result_workbook_failing_mid_write_keeps_the_previous_file(result, tmp_path, monkeypatch):
    from openpyxl.workbook.workbook import Workbook

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "结果.xlsx"
    target.write_bytes(b"previous")

    real_save = Workbook.save

    def broken_save(self, filename):
        real_save(self, filename)  # the temporary file is written, then the disk "fills up"
        with open(filename, "ab") as file:
            file.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(FengwangError) as err:
        write_result_workbook(result, target)
    assert err.value.message.startswith(f"无法保存 {target}：磁盘空间不足")
    assert target.read_bytes() == b"previous"
    assert leftovers(folder) == ["结果.xlsx"]


def test_export_and_template_refuse_a_missing_folder_or_folder(grid_db, tmp_path, capfd):
    folder = tmp_path / "out"
    folder.mkdir()
    for export in (export_roster, export_template):
        with pytest.raises(FengwangError) as err:
            export(grid_db, folder / "no" / "r.xlsx")
        assert "文件夹不存在" in err.value.message
        with pytest.raises(FengwangError) as err:
            export(grid_db, folder)
        assert "是一个文件夹" in err.value.message
    gc.collect()
    assert capfd.readouterr().err == ""
    assert leftovers(folder) == []


def test_export_failing_mid_write_keeps_the_previous_file(grid_db, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "花名册.xlsx"
    export_roster(grid_db, target)
    before = target.read_bytes()

    def broken(self, unit_id):
        raise RuntimeError("power cut")

    monkeypatch.setattr(roster_export._Places, "of", broken)
    with pytest.raises(RuntimeError):
        export_roster(grid_db, target)
    assert target.read_bytes() == before
    assert leftovers(folder) == ["花名册.xlsx"]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal", ".lock"])
def test_writers_refuse_the_open_database_and_its_companion_files(grid_db, suffix):
    """The GUI's save dialogs write through the same writers: a clerk who picks the database
    file (or one SQLite keeps beside it) gets a sentence, and the database stays whole."""
    database = grid_db.sqlite_path
    target = database.with_name(database.name + suffix)
    before = database.read_bytes()
    for export in (export_roster, export_template):
        with pytest.raises(FengwangError) as err:
            export(grid_db, target)
        assert "写入会毁掉数据库" in err.value.message
    with pytest.raises(FengwangError), writing(target) as temp:
        temp.write_text("never")
    assert database.read_bytes() == before
    assert grid_db.read_rows("SELECT count(*) FROM person")[0][0] > 0


def test_a_closed_database_may_be_written_over(grid_db, tmp_path):
    database = grid_db.sqlite_path
    grid_db.close()
    with writing(database) as temp:
        temp.write_text("replaced on purpose")
    assert database.read_text() == "replaced on purpose"


def test_a_full_disk_is_a_chinese_sentence_without_stderr_noise(grid_db, result, tmp_path, capfd):
    """openpyxl (the template, the result workbook) and xlsxwriter (the roster) alike: one
    sentence, the previous file as it was, no temporary file, and nothing on stderr ("Exception
    ignored in ZipFile.__del__ … Traceback" when the archive is collected later)."""
    folder = tmp_path / "U盘"
    folder.mkdir()
    writers = {
        "花名册.xlsx": lambda path: export_roster(grid_db, path),
        "模板.xlsx": lambda path: export_template(grid_db, path),
        "结果.xlsx": lambda path: write_result_workbook(result, path),
    }
    for name in writers:
        (folder / name).write_bytes(b"previous")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fill_disk(monkeypatch)
        for name, write in writers.items():
            with pytest.raises(FengwangError) as err:
                write(folder / name)
            message = err.value.message
            assert message == f"无法保存 {folder / name}：{os_reason(OSError(errno.ENOSPC, ''))}"
            assert "磁盘空间不足" in message
    gc.collect()
    assert capfd.readouterr().err == ""
    assert leftovers(folder) == sorted(writers)
    assert all((folder / name).read_bytes() == b"previous" for name in writers)


def test_a_file_open_in_another_program_is_said_in_chinese(tmp_path, monkeypatch):
    def locked(_source, _target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FengwangError) as err, writing(tmp_path / "x.xlsx") as temp:
        temp.write_text("new")
    assert "正在被其他程序（如 Excel、WPS）打开" in err.value.message
    assert "Permission denied" not in err.value.message
    assert leftovers(tmp_path) == []
