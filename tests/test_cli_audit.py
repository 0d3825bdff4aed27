"""fengwang-cli audit list/export, and `check` verifying the trail's chain."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.services import access, roster
from desktop.services.access import Role
from desktop.services.roster import PersonDraft

PASSWORD = "mima2026ok"


@pytest.fixture
def people_db(db, db_path) -> str:
    """Three people added, one changed: five entries."""
    for name in ("甲", "乙", "丙"):
        roster.add_person(db, PersonDraft(name=name))
    roster.update_person(db, 1, PersonDraft(name="甲", phone="13812345678"))
    roster.add_role(db, "平安志愿者")
    return str(db_path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tamper(db, sql: str) -> None:
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text(sql))


def test_check_says_the_trail_is_whole(capsys, people_db):
    code, out, err = run(capsys, "--db", people_db, "check")
    assert (code, err) == (0, "")
    assert "操作日志完整：5 条记录均未被改动或删除" in out
    assert "检查结果：正常" in out


def test_check_names_an_edited_entry_and_exits_1(capsys, db, people_db):
    tamper(db, "UPDATE audit_entry SET user_name = '别人' WHERE id = 2")
    code, out, _err = run(capsys, "--db", people_db, "check")
    assert code == 1
    assert "操作日志第 2 号记录的内容与其校验值不符：该记录被改动过" in out
    assert "检查结果：发现 1 个问题" in out


def test_check_names_the_entry_after_a_removed_one(capsys, db, people_db):
    tamper(db, "DELETE FROM audit_entry WHERE id = 3")
    code, out, _err = run(capsys, "--db", people_db, "check")
    assert code == 1
    assert "操作日志第 4 号记录接不上前一条记录" in out


def test_list_as_json_with_filters(capsys, people_db):
    code, out, err = run(capsys, "--db", people_db, "audit", "list", "--entity", "人员", "--json")
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["summary"] for r in records] == [
        "新增人员 甲",
        "新增人员 乙",
        "新增人员 丙",
        "修改人员 甲：联系电话 （空） → 138****5678",
    ]
    assert records[3]["detail"] == {"phone": [None, "138****5678"]}
    assert {r["user"] for r in records} == {"系统"}
    code, out, _ = run(
        capsys, "--db", people_db, "audit", "list", "--action", "update", "--by", "系统"
    )
    assert code == 0 and len(out.splitlines()) == 1 and "\t修改\t修改人员 甲" in out
    code, out, _ = run(capsys, "--db", people_db, "audit", "list", "--by", "别人")
    assert (code, out) == (0, "")


def test_list_refuses_what_it_does_not_know(capsys, people_db):
    code, _out, err = run(capsys, "--db", people_db, "audit", "list", "--entity", "猫")
    assert code == 2 and "--entity 不认识“猫”" in err
    code, _out, err = run(
        capsys, "--db", people_db, "audit", "list", "--from", "2026-03-02", "--to", "2026-03-01"
    )
    assert code == 2 and "--to 不能早于 --from" in err


def test_export_writes_the_workbook_and_is_recorded(capsys, people_db, tmp_path):
    out_file = tmp_path / "trail.xlsx"
    code, out, err = run(capsys, "--db", people_db, "audit", "export", str(out_file))
    assert (code, err) == (0, "")
    assert f"已导出操作日志 5 条 → {out_file}" in out
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert len(rows) == 6 and rows[5][6] == "新增岗位 平安志愿者"
    code, out, _ = run(capsys, "--db", people_db, "audit", "list", "--action", "导出")
    assert "导出操作日志 5 条 → trail.xlsx" in out


def test_only_an_administrator_may_read_it(capsys, db, people_db, monkeypatch):
    access.create_user(db, "管理员", Role.ADMIN, PASSWORD)
    access.log_in(db, "管理员", PASSWORD)
    access.create_user(db, "小王", Role.VIEWER, PASSWORD)
    monkeypatch.setenv("FENGWANG_PASSWORD", PASSWORD)
    code, _out, err = run(capsys, "--db", people_db, "--user", "小王", "audit", "list")
    assert code == 2 and "小王（查看）没有“管理用户和查看操作日志”的权限" in err
    code, out, _ = run(capsys, "--db", people_db, "--user", "管理员", "audit", "list")
    assert code == 0 and "小王 登录" in out
