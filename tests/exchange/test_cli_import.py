"""fengwang-cli import roster: exit codes a script can rely on, one JSON object, Chinese summary."""

import json

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.db import open_database
from desktop.services.demo import build_demo
from tests.exchange.conftest import HEADER, LI, ZHANG, write_xlsx

GOOD = ["张三", ZHANG, "男", "13812345678", "青石村", "", "辅警", "2023-05-01"]
BAD = ["李四", LI, "女", "", "无此村", "", "辅警", "2023-05-01"]


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "town.sqlite"
    database = open_database(f"sqlite:///{path}")
    build_demo(database)
    database.close()
    return path


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def counted(db_file, query):
    database = open_database(f"sqlite:///{db_file}")
    try:
        return database.read_rows(query)[0][0]
    finally:
        database.close()


def people(db_file):
    return counted(db_file, "SELECT count(*) FROM person")


def test_all_rows_accepted_exits_0_with_a_chinese_summary(capsys, db_file, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [HEADER, GOOD])
    code, out, err = run(capsys, "--db", db_file, "import", "roster", path)
    assert (code, err) == (0, "")
    assert "已导入：读取 1 行，新增 1 人" in out


def test_some_rows_rejected_exits_3_and_json_is_one_object(capsys, db_file, tmp_path):
    path = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, GOOD, BAD])
    before = people(db_file)
    code, out, _ = run(capsys, "--db", db_file, "import", "roster", path, "--json")
    assert code == 3
    data = json.loads(out)
    assert set(data) == {"read", "created", "updated", "unchanged", "rejected", "errors"}
    assert (data["read"], data["created"], data["rejected"]) == (2, 1, 1)
    [error] = data["errors"]
    assert set(error) == {"row", "column", "field", "value", "reason"}
    assert (error["row"], error["column"], error["value"]) == (3, "村(社区)", "无此村")
    assert people(db_file) == before + 1  # the valid row was committed


@pytest.mark.parametrize("flag", ["--atomic", "--dry-run"])
def test_atomic_or_dry_run_with_rejections_exit_3_and_write_nothing(
    capsys, db_file, tmp_path, flag
):
    path = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, GOOD, BAD])
    before = people(db_file)
    code, _, _ = run(capsys, "--db", db_file, "import", "roster", path, flag, "--json")
    assert code == 3
    assert people(db_file) == before


def test_report_workbook_holds_the_rejected_rows(capsys, db_file, tmp_path):
    path = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, GOOD, BAD])
    report = tmp_path / "结果.xlsx"
    code, out, _ = run(capsys, "--db", db_file, "import", "roster", path, "--report", report)
    assert code == 3
    assert "无此村" in out
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["姓名", "李四"]


def test_unreadable_file_and_bad_arguments_exit_2_without_a_traceback(capsys, db_file, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    code, out, err = run(capsys, "--db", db_file, "import", "roster", broken)
    assert (code, out) == (2, "")
    assert "无法读取文件 broken.xlsx" in err and "Traceback" not in err

    no_id = write_xlsx(tmp_path / "no_id.xlsx", [["姓名", "村"], ["张三", "青石村"]])
    code, _, err = run(capsys, "--db", db_file, "import", "roster", no_id)
    assert code == 2 and "缺少必填列：身份证号码" in err

    code, _, err = run(capsys, "--db", db_file, "import", "roster", no_id, "--bogus")
    assert code == 2 and "参数错误" in err

    code, _, err = run(capsys, "--db", db_file, "import", "roster", no_id, "--sheet", "无此表")
    assert code == 2 and "没有名为“无此表”的工作表" in err


def test_atomic_with_a_rejected_row_says_nothing_was_written(capsys, db_file, tmp_path):
    path = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, GOOD, BAD])
    before = people(db_file)
    code, out, _ = run(capsys, "--db", db_file, "import", "roster", path, "--atomic")
    assert code == 3
    assert "未写入任何一行；若只导入有效行：读取 2 行，新增 1 人" in out
    assert people(db_file) == before


# A repeat of GOOD (same person, same job: rejected) and a bad phone: both must be masked.
SHORT_PHONE = "13912345"
BAD_PHONE = ["李四", LI, "女", SHORT_PHONE, "青石村", "", "辅警", "2023-05-01"]


def test_printed_and_json_errors_mask_id_numbers_and_phones(capsys, db_file, tmp_path):
    from desktop.services.identity import mask_id, mask_phone

    as_number = [*BAD_PHONE[:1], float(LI[:-1] + "0"), *BAD_PHONE[2:3], "", *BAD_PHONE[4:]]
    path = write_xlsx(tmp_path / "private.xlsx", [HEADER, GOOD, GOOD, BAD_PHONE, as_number])
    report = tmp_path / "结果.xlsx"
    code, out, err = run(capsys, "--db", db_file, "import", "roster", path, "--report", report)
    assert code == 3 and err == ""
    assert ZHANG not in out and SHORT_PHONE not in out and LI not in out
    assert mask_id(ZHANG) in out and mask_phone(SHORT_PHONE) in out
    assert "设为“文本”格式" in out  # the advice is not masked along with the number

    code, out, _ = run(capsys, "--db", db_file, "import", "roster", path, "--dry-run", "--json")
    assert ZHANG not in out and SHORT_PHONE not in out and LI not in out
    errors = json.loads(out)["errors"]
    by_field: dict[str, dict] = {}
    for error in errors:  # the first error of each field
        by_field.setdefault(error["field"], error)
    assert by_field["citizen_id"]["value"] == mask_id(ZHANG)
    assert by_field["phone"]["value"] == mask_phone(SHORT_PHONE)

    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert ZHANG in rows[1] and SHORT_PHONE in rows[2]  # the clerk's workbook keeps raw values


def test_a_report_into_a_missing_folder_is_refused_before_importing(capsys, db_file, tmp_path):
    path = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, GOOD, BAD])
    before = people(db_file)
    code, out, err = run(
        capsys, "--db", db_file, "import", "roster", path, "--report", tmp_path / "no" / "r.xlsx"
    )
    assert (code, out) == (2, "")
    assert "文件夹不存在" in err and err.count("\n") == 1
    assert people(db_file) == before


@pytest.mark.parametrize("as_json", [False, True])
def test_a_report_that_fails_after_the_import_still_shows_the_summary(
    capsys, db_file, tmp_path, monkeypatch, as_json
):
    from desktop.errors import FengwangError
    from desktop.exchange import report

    def locked(result, path):
        raise FengwangError(f"无法保存导入结果 {path}：Permission denied")

    monkeypatch.setattr(report, "write_result_workbook", locked)
    path = write_xlsx(tmp_path / "mixed.xlsx", [HEADER, GOOD, BAD])
    before = people(db_file)
    flags = ["--json"] if as_json else []
    code, out, err = run(
        capsys, "--db", db_file, "import", "roster", path, "--report", tmp_path / "r.xlsx", *flags
    )
    assert code == 3  # the import's own code: one row rejected
    assert people(db_file) == before + 1  # committed, and said so
    assert "已导入，但结果工作簿未能保存：无法保存导入结果" in err
    if as_json:
        data = json.loads(out)
        assert data["created"] == 1
        assert data["report"]["saved"] is False and "Permission denied" in data["report"]["error"]
    else:
        assert "已导入：读取 2 行，新增 1 人" in out and "无此村" in out
        assert "导入结果已写入" not in out


def test_a_bare_year_as_start_date_is_rejected_not_read_as_1905(capsys, db_file, tmp_path):
    path = tmp_path / "年份.csv"
    row = ["张三", ZHANG, "男", "13812345678", "青石村", "", "辅警", "2023"]
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8-sig")
    before = people(db_file)
    code, out, _ = run(capsys, "--db", db_file, "import", "roster", path)
    assert code == 3
    assert "只写了年份，请填写完整日期，如 2023-05-01" in out
    assert people(db_file) == before


def imports_logged(db_file):
    return counted(db_file, "SELECT count(*) FROM audit_entry WHERE action = 'import'")


@pytest.mark.parametrize("moment", ["checking", "inserting", "logging"])
def test_ctrl_c_at_any_moment_leaves_the_people_and_their_import_entry_together(
    capsys, db_file, tmp_path, monkeypatch, moment
):
    """Ctrl+C (SIGINT) while checking or writing cancels the import whole (exit 130); once the
    entry saying who imported them is being written with the people, it comes too late to undo
    them, and the import ends normally: never people without their entry, nor an error."""
    import os
    import signal

    from desktop.exchange import roster_import
    from desktop.services import audit

    target = {
        "checking": (roster_import._RowChecker, "check"),
        "inserting": (roster_import, "_insert_many"),
        "logging": (audit, "append"),
    }[moment]
    original = getattr(*target)

    def press_ctrl_c(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return original(*args, **kwargs)

    monkeypatch.setattr(*target, press_ctrl_c)
    path = write_xlsx(tmp_path / "ok.xlsx", [HEADER, GOOD])
    before = people(db_file), imports_logged(db_file)

    code, out, err = run(capsys, "--db", db_file, "import", "roster", path)

    if moment == "logging":
        assert (code, err) == (0, "")
        assert "已导入：读取 1 行，新增 1 人" in out
        assert (people(db_file), imports_logged(db_file)) == (before[0] + 1, before[1] + 1)
    else:
        assert code == 130
        assert "导入已取消，数据库没有任何改动" in err
        assert (people(db_file), imports_logged(db_file)) == before
