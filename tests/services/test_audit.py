"""The audit trail: every kind of change recorded with who and each field's old → new value (ID
numbers and phones masked, passwords never), in the same transaction as the change; log-in
events; the chain that shows an edited or removed entry; reading, filtering and exporting."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select, text

from desktop.db import Actor
from desktop.errors import RefusedError
from desktop.models import AuditEntry, Person, Setting
from desktop.services import access, audit, case_settings, cases, roster
from desktop.services.access import Role
from desktop.services.assessment_months import approve, open_month, set_entry, submit
from desktop.services.assessment_schemes import list_schemes
from desktop.services.audit import AuditFilter, EntryInfo, list_entries, verify_chain
from desktop.services.identity import check_char
from desktop.services.roster import PersonDraft
from tests.services.assessment_fixtures import (
    MARCH,
    NOW,
    REVIEWER,
    SCORER,
    assessment_db,  # noqa: F401  (fixtures)
    assessment_file,  # noqa: F401
    assessment_town,  # noqa: F401
)
from tests.services.case_fixtures import (
    register,
    town,  # noqa: F401  (fixtures)
    town_db,  # noqa: F401
    town_file,  # noqa: F401
)

ZHANG_ID = "511922198001010019"[:17] + check_char("51192219800101001")
ZHANG_PHONE = "13812345678"
NEW_PHONE = "13900000000"
PASSWORD = "mima2026ok"


def trail(db) -> list[EntryInfo]:
    """Every entry, oldest first, whoever is logged in."""
    columns = [getattr(AuditEntry, f.name) for f in fields(EntryInfo)]
    with db.session() as session:
        return [
            EntryInfo(*row) for row in session.execute(select(*columns).order_by(AuditEntry.id))
        ]


def changes_of(db, entity: str) -> list[EntryInfo]:
    return [e for e in trail(db) if e.entity == entity and e.action in audit.CHANGE_ACTIONS]


def raw_trail_text(db) -> str:
    """All the trail holds, as stored: what someone reading the file would find."""
    rows = db.read_rows("SELECT user_name, entity_id, summary, detail FROM audit_entry")
    return "\n".join("|".join(row) for row in rows)


def add_zhang(db):
    draft = PersonDraft(name="张三", citizen_id=ZHANG_ID, phone=ZHANG_PHONE, education="高中")
    return roster.add_person(db, draft)


def test_a_person_created_changed_and_deleted_field_by_field_with_id_and_phone_masked(db):
    person = add_zhang(db)
    draft = PersonDraft(name="张三", citizen_id=ZHANG_ID, phone=NEW_PHONE, education="大学专科")
    roster.update_person(db, person.id, draft)
    with db.session() as session:
        session.delete(session.get(Person, person.id))

    created, updated, deleted = changes_of(db, "person")
    assert (created.action, created.entity_id, created.summary) == (
        "create",
        str(person.id),
        "新增人员 张三",
    )
    assert "身份证号码：511922********" + ZHANG_ID[-4:] in [str(x) for x in created.lines()]
    assert (
        updated.summary
        == "修改人员 张三：联系电话 138****5678 → 139****0000；文化程度 高中 → 大学专科"
    )
    assert [(x.label, x.old, x.new) for x in updated.lines()] == [
        ("联系电话", "138****5678", "139****0000"),
        ("文化程度", "高中", "大学专科"),
    ]
    assert deleted.summary == "删除人员 张三"
    assert ("联系电话", "139****0000", "") in [(x.label, x.old, x.new) for x in deleted.lines()]
    stored = raw_trail_text(db)
    for secret in (ZHANG_ID, ZHANG_PHONE, NEW_PHONE):
        assert secret not in stored


def test_who_acted_is_the_logged_in_user_or_the_system_before_any_account(db):
    add_zhang(db)
    db.actor = Actor("李经办", Role.CLERK.value)
    roster.add_person(db, PersonDraft(name="李四"))
    assert [(e.user_name, e.summary) for e in changes_of(db, "person")] == [
        ("系统", "新增人员 张三"),
        ("李经办", "新增人员 李四"),
    ]


def test_a_change_rolled_back_leaves_no_entry(db):
    add_zhang(db)
    before = len(trail(db))
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(Person(name="王五"))
        session.flush()  # the entry is written in this transaction, and goes with it
        raise RuntimeError("power cut")
    assert len(trail(db)) == before
    assert verify_chain(db).intact


def test_a_case_its_parties_and_its_steps_are_recorded(town_db, town):  # noqa: F811
    case = register(town_db, town)
    cases.assess(town_db, case.id, actor="经办人小李", now=datetime(2026, 3, 2, 10))

    kinds = [(e.action, e.entity) for e in trail(town_db) if e.entity != "person"]
    assert ("create", "dispute_case") in kinds
    assert kinds.count(("create", "case_party")) == 2
    assert kinds.count(("create", "case_step")) == 2
    party = next(e for e in changes_of(town_db, "case_party") if "李大山" in e.summary)
    assert "13800001111" not in party.detail and "138****1111" in party.detail
    (status_change,) = changes_of(town_db, "dispute_case")[1:]
    assert f"修改纠纷案件 {case.number}：状态 登记 → 研判" in status_change.summary


def test_a_score_and_an_approval_are_recorded(assessment_db, assessment_town):  # noqa: F811
    db, town_ = assessment_db, assessment_town
    (scheme,) = list_schemes(db)
    item = next(i for i in scheme.items if i.name == "日常走访")
    month = open_month(db, town_.units["示例镇"], MARCH)
    set_entry(db, month.id, town_.people["李青山"], item.key, "18", actor=SCORER)
    set_entry(db, month.id, town_.people["李青山"], item.key, "17.5", actor=SCORER)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, note="同意", now=NOW + timedelta(hours=1))

    score_created, score_changed = changes_of(db, "score_entry")
    assert ("得分（0.1 分）", "", "180") in [(x.label, x.old, x.new) for x in score_created.lines()]
    assert "得分（0.1 分） 180 → 175" in score_changed.summary
    events = changes_of(db, "assessment_event")
    assert [e.action for e in events] == ["create", "create"]
    assert "分管领导老王" in events[1].detail and "approve" in events[1].detail
    statuses = [e.summary for e in changes_of(db, "assessment_month") if e.action == "update"]
    assert any("状态 已提交 → 已审核" in s for s in statuses)
    assert any(e.entity == "score_result" and e.action == "create" for e in trail(db))


def test_a_bulk_delete_through_the_orm_is_one_entry_with_its_count(db):
    case_settings.save_deadlines(db, case_settings.DeadlineSettings())
    with db.session() as session:
        session.execute(delete(Setting).where(Setting.key.like("cases.%")))
    (bulk,) = [e for e in trail(db) if e.summary.startswith("批量删除")]
    assert bulk.entity == "setting"
    assert bulk.summary == "批量删除设置 4 条"
    assert "cases.%" in bulk.detail


def test_a_setting_changed_old_to_new(db):
    settings = case_settings.DeadlineSettings()
    case_settings.save_deadlines(db, settings)
    case_settings.save_deadlines(db, replace(settings, due_days=20))
    (changed,) = [e for e in changes_of(db, "setting") if e.action == "update"]
    assert changed.summary == f"修改设置 cases.due_days：值 {settings.due_days} → 20"


def test_users_are_recorded_without_their_password(db):
    access.create_user(db, "管理员", Role.ADMIN, PASSWORD)
    access.log_in(db, "管理员", PASSWORD, now=datetime(2026, 3, 2, 9))
    access.create_user(db, "小李", Role.CLERK, PASSWORD)
    access.set_role(db, "小李", Role.LEADER)
    access.change_password(db, "管理员", PASSWORD, "xin2026mima")

    summaries = [e.summary for e in changes_of(db, "app_user")]
    assert summaries[:2] == ["新增用户 管理员", "新增用户 小李"]
    assert "修改用户 小李：角色 经办人 → 领导" in summaries
    assert any(s.startswith("修改用户 管理员：密码（已修改）") for s in summaries)
    created = changes_of(db, "app_user")[0]
    assert ("密码", "", "（已设置）") in [(x.label, x.old, x.new) for x in created.lines()]
    (changed,) = [e for e in trail(db) if e.action == "password"]
    assert (changed.user_name, changed.summary) == ("管理员", "管理员 修改了自己的密码")
    stored = raw_trail_text(db)
    for secret in (PASSWORD, "xin2026mima", "scrypt$"):
        assert secret not in stored


def test_log_ins_failures_and_the_lock_are_recorded_with_the_name_tried(db):
    access.create_user(db, "管理员", Role.ADMIN, PASSWORD)
    at = datetime(2026, 3, 2, 9)
    access.log_in(db, "管理员", PASSWORD, now=at)
    with pytest.raises(RefusedError):
        access.log_in(db, "不存在", "whatever1", now=at)
    for _ in range(access.MAX_FAILED_LOGINS):
        with pytest.raises(RefusedError):
            access.log_in(db, "管理员", "wrong-pass-1", now=at)

    events = [e for e in trail(db) if e.action in ("login", "login_failed", "locked")]
    assert [(e.action, e.user_name) for e in events[:2]] == [
        ("login", "管理员"),
        ("login_failed", "不存在"),
    ]
    assert events[0].at == at
    assert events[1].summary == "登录失败（用户名“不存在”）：用户名不存在"
    assert [e.action for e in events[2:]] == ["login_failed"] * 5 + ["locked"]
    assert events[-2].summary.endswith("密码错误（连续第 5 次）")
    assert events[-1].summary == "密码连续错误 5 次，用户“管理员”锁定 5 分钟"
    assert "wrong-pass-1" not in raw_trail_text(db) and "whatever1" not in raw_trail_text(db)


def test_a_clean_trail_verifies(db):
    add_zhang(db)
    audit.log_event(db, "export", entity="person", summary="导出花名册")
    report = verify_chain(db)
    assert report.intact and report.checked == len(trail(db)) == 2
    assert report.message == "操作日志完整：2 条记录均未被改动或删除"


def test_an_entry_edited_by_hand_is_found(db):
    for name in ("甲", "乙", "丙"):
        roster.add_person(db, PersonDraft(name=name))
    second = trail(db)[1]
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entry SET summary = '新增人员 丁' WHERE id = :id"), {"id": second.id}
        )
    report = verify_chain(db)
    assert (report.broken_id, report.problem, report.checked) == (second.id, "hash", 2)
    assert f"第 {second.id} 号记录的内容与其校验值不符" in report.message


def test_an_entry_removed_is_found_at_the_next_one(db):
    for name in ("甲", "乙", "丙"):
        roster.add_person(db, PersonDraft(name=name))
    _first, second, third = trail(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": second.id})
    report = verify_chain(db)
    assert (report.broken_id, report.problem) == (third.id, "prev_hash")
    assert "前面的记录被删除" in report.message


def test_entries_are_filtered_and_read_a_page_at_a_time(db):
    days = [datetime(2026, 3, day, 10) for day in (1, 2, 3)]
    for at, who, action in zip(
        days, ("甲", "乙", "甲"), ("login", "export", "export"), strict=True
    ):
        audit.log_event(db, action, entity="person", summary=f"{who}{action}", user_name=who, at=at)
    add_zhang(db)

    def summaries(**filters) -> list[str]:
        return [e.summary for e in list_entries(db, AuditFilter(**filters))]

    assert summaries(user="甲") == ["甲export", "甲login"]
    assert summaries(action="export") == ["甲export", "乙export"]
    assert summaries(start=date(2026, 3, 2), end=date(2026, 3, 2)) == ["乙export"]
    assert summaries(text="张三") == ["新增人员 张三"]
    assert summaries(entity="person", action="create") == ["新增人员 张三"]
    newest, older = list_entries(db, limit=1), None
    older = list_entries(db, before_id=newest[0].id, limit=2)
    assert [e.id for e in older] == [newest[0].id - 1, newest[0].id - 2]


def test_only_an_administrator_reads_the_trail(db, tmp_path):
    access.create_user(db, "管理员", Role.ADMIN, PASSWORD)
    access.log_in(db, "管理员", PASSWORD)
    access.create_user(db, "小王", Role.VIEWER, PASSWORD)
    assert list_entries(db)
    access.log_in(db, "小王", PASSWORD)
    with pytest.raises(RefusedError, match="小王（查看）没有“管理用户和查看操作日志”的权限"):
        list_entries(db)
    access.log_out(db)
    with pytest.raises(RefusedError, match="请先登录"):
        audit.export_entries(db, tmp_path / "out.xlsx")


def test_the_export_writes_the_entries_and_is_itself_recorded(db, tmp_path):
    add_zhang(db)
    roster.update_person(db, 1, PersonDraft(name="张三", citizen_id=ZHANG_ID, phone=NEW_PHONE))
    out = tmp_path / "操作日志.xlsx"
    assert audit.export_entries(db, out, AuditFilter(entity="person")) == 2
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:7] == ("编号", "时间", "用户", "操作", "对象", "对象编号", "摘要")
    assert [r[6] for r in rows[1:]] == [
        "新增人员 张三",
        "修改人员 张三：联系电话 138****5678 → 139****0000；文化程度 高中 → （空）",
    ]
    assert "联系电话：138****5678 → 139****0000" in rows[2][7]
    last = trail(db)[-1]
    assert (last.action, last.entity) == ("export", "audit_entry")
    assert last.summary == "导出操作日志 2 条 → 操作日志.xlsx"
    assert verify_chain(db).intact


def test_the_chain_holds_across_sessions_and_flushes(db):
    with db.session() as session:
        session.add(Person(name="甲"))
        session.flush()
        session.add(Person(name="乙"))
        session.flush()
        audit.append(session, user_name="系统", action="print", summary="打印")
        session.add(Person(name="丙"))
    with db.session() as session:
        ids = list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
    assert len(ids) == 4
    assert [e.summary for e in trail(db)] == ["新增人员 甲", "新增人员 乙", "打印", "新增人员 丙"]
    assert verify_chain(db).intact
