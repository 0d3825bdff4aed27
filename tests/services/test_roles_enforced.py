"""The services refuse what a role may not do (issue 7): a refused call says so in Chinese and
writes nothing; the role that may do it succeeds. A clerk submits an assessment month and a leader
approves it; the viewer reads everything and changes nothing. Printing a paper with full details
and exporting unmasked data leave an entry in the audit trail naming the user.

The town (assessment_fixtures: the case town with grid workers and a scheme) is built once with
its four accounts; every test gets its own copy of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from desktop.db import Actor, Database, open_database
from desktop.errors import RefusedError
from desktop.exchange import roster_export, roster_import, sync
from desktop.models.trust import AuditEntry
from desktop.reports import catalog
from desktop.reports.request import ReportRequest
from desktop.services import (
    access,
    assessment_months,
    assessment_periods,
    assessment_schemes,
    case_settings,
    cases,
    coverage,
    grid,
    mediators,
    roster,
    warning_settings,
    warnings,
)
from desktop.services.cases import CaseFilter
from desktop.services.grants import GRANTS, Permission, Role
from desktop.services.grid import UnitDraft
from desktop.services.roster import PersonDraft
from desktop.services.scoring import ItemKind
from desktop.services.warnings import WarningDraft
from desktop.vocabulary import CaseStatus, Level
from tests.engines import open_copy
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW
from tests.services.case_fixtures import CaseTown, case_in, citizen_id

PASSWORD = "jiangnan2026"
ADMIN, CLERK, LEADER, VIEWER = "管理员甲", "经办人乙", "领导丙", "查看丁"
ROLES = {ADMIN: Role.ADMIN, CLERK: Role.CLERK, LEADER: Role.LEADER, VIEWER: Role.VIEWER}
# Events that a refused call must not leave behind (log-ins may be recorded; they are not the call).
RECORDED = ("create", "update", "delete", "import", "export", "reveal", "print")

assessment_file = assessment_fixtures.assessment_file
town = assessment_fixtures.assessment_town


@pytest.fixture(scope="session")
def accounts_file(assessment_file, engine) -> str:
    """The assessment town with a settled case (for the agreement), then an administrator, a
    clerk, a leader and a viewer; its URL."""
    url = engine.copy_url(assessment_file[0])
    database = open_database(url)
    try:
        case_in(database, assessment_file[1], CaseStatus.SETTLED)
        access.create_user(database, ADMIN, Role.ADMIN, PASSWORD)
        access.log_in(database, ADMIN, PASSWORD, now=NOW)
        for name in (CLERK, LEADER, VIEWER):
            access.create_user(database, name, ROLES[name], PASSWORD)
    finally:
        database.close()
    return url


@pytest.fixture
def db(accounts_file, engine, db_path) -> Iterator[Database]:
    database = open_copy(engine, accounts_file, db_path)
    yield database
    database.close()


def act_as(db: Database, name: str) -> None:
    """Who acts, as a log-in leaves it (the password check itself is test_access's; scrypt is
    slow on purpose, so most tests set the acting user directly)."""
    db.actor = Actor(name, ROLES[name].value)


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, except the accounts (a log-in touches them) and the audit
    trail's log-in entries."""
    with db.session() as session:
        tables = inspect(session.connection()).get_table_names()
        rows = {
            table: session.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            for table in tables
            if table not in ("app_user", "audit_entry", "alembic_version")
        }
        rows["audit_entry"] = session.execute(
            select(AuditEntry.id, AuditEntry.action).where(AuditEntry.action.in_(RECORDED))
        ).all()
    return rows


def entries(db: Database, action: str) -> list[AuditEntry]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# ---------------------------------------------------------------------------- the operations


@dataclass(frozen=True)
class Operation:
    """One call of a service that changes data (or exports, prints, reveals), and the
    permissions it needs. `run` returns the file it writes, or None when it writes records."""

    name: str
    needs: tuple[Permission, ...]
    run: Callable[[Database, CaseTown, Path], Path | None]


def _unit(db: Database, town: CaseTown, _out: Path) -> None:
    draft = UnitDraft(Level.GRID, "511922100201-02", "青山村第二网格", town.units["青山村"])
    grid.create_unit(db, draft)


def _person(db: Database, _town: CaseTown, _out: Path) -> None:
    roster.add_person(db, PersonDraft(name="新来人", citizen_id=citizen_id("19850505", 41)))


def _end_post(db: Database, town: CaseTown, _out: Path) -> None:
    (post,) = roster.get_person(db, town.people["李青山"]).assignments
    roster.end_assignment(db, post.id, date(2026, 1, 31))


def _case(db: Database, town: CaseTown, _out: Path) -> None:
    cases.register_case(db, town.draft(), actor=CLERK, now=NOW)


def _score(db: Database, town: CaseTown, _out: Path) -> None:
    (scheme,) = assessment_schemes.list_schemes(db)
    manual = next(item for item in scheme.items if item.kind is ItemKind.MANUAL)
    assessment_months.set_entry(
        db,
        assessment_months.month_sheet(db, town.units["示例镇"], MARCH).month,
        town.people["李青山"],
        manual.key,
        "1",
        actor=CLERK,
    )


def _role(db: Database, _town: CaseTown, _out: Path) -> None:
    roster.add_role(db, "护河员")


def _deadlines(db: Database, _town: CaseTown, _out: Path) -> None:
    case_settings.save_deadlines(db, case_settings.DeadlineSettings(due_days=20))


def _specialties(db: Database, town: CaseTown, _out: Path) -> None:
    mediators.set_specialties(db, town.people["陈明"], [town.categories["邻里"]])


def _warning_type(db: Database, _town: CaseTown, _out: Path) -> None:
    warning_settings.add_warning_type(db, "河道漂浮物")


def _coverage(db: Database, _town: CaseTown, _out: Path) -> None:
    coverage.save_settings(db, coverage.CoverageSettings(5, 40, frozenset()))


def _scheme(db: Database, _town: CaseTown, _out: Path) -> None:
    draft = assessment_schemes.default_scheme_draft(date(2026, 6, 1))
    assessment_schemes.create_scheme(
        db, replace(draft, name="调解员考核细则", roles=("人民调解员",))
    )


def _allowance(db: Database, _town: CaseTown, _out: Path) -> None:
    assessment_periods.set_allowance(db, assessment_periods.known_grades(db)[0], 30000)


def _export(db: Database, _town: CaseTown, out: Path) -> Path:
    roster_export.export_roster(db, out / "花名册.xlsx")
    return out / "花名册.xlsx"


def _export_unmasked(db: Database, _town: CaseTown, out: Path) -> Path:
    roster_export.export_roster(db, out / "花名册（完整）.xlsx", masked=False)
    return out / "花名册（完整）.xlsx"


def _sync(db: Database, _town: CaseTown, out: Path) -> Path:
    sync.export_sync_package(db, out / "同步包.xlsx", township_code="511922100", clock=lambda: NOW)
    return out / "同步包.xlsx"


def _agreement(db: Database, town: CaseTown, out: Path) -> Path:
    case = cases.list_cases(db, CaseFilter(status=CaseStatus.SETTLED), today=NOW.date())[0]
    request = ReportRequest(case_number=case.number, today=NOW.date())
    catalog.render(db, "agreement", request, out / "协议书.pdf")
    return out / "协议书.pdf"


OPERATIONS = (
    Operation("新建网格", (Permission.EDIT,), _unit),
    Operation("登记人员", (Permission.EDIT,), _person),
    Operation("结束任职", (Permission.EDIT,), _end_post),
    Operation("登记案件", (Permission.EDIT,), _case),
    Operation("录入考核分", (Permission.EDIT,), _score),
    Operation("新增岗位", (Permission.SETTINGS,), _role),
    Operation("办结期限", (Permission.SETTINGS,), _deadlines),
    Operation("调解员专长", (Permission.SETTINGS,), _specialties),
    Operation("预警类型", (Permission.SETTINGS,), _warning_type),
    Operation("覆盖设置", (Permission.SETTINGS,), _coverage),
    Operation("考核细则", (Permission.SETTINGS,), _scheme),
    Operation("绩效补贴", (Permission.SETTINGS,), _allowance),
    Operation("导出花名册", (Permission.EXCHANGE,), _export),
    Operation("导出完整花名册", (Permission.EXCHANGE, Permission.REVEAL), _export_unmasked),
    Operation("导出同步包", (Permission.EXCHANGE,), _sync),
    Operation("打印调解协议书", (Permission.PRINT, Permission.REVEAL), _agreement),
)


def _allowed(name: str, operation: Operation) -> bool:
    return all(permission in GRANTS[ROLES[name]] for permission in operation.needs)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
def test_each_role_is_refused_what_it_may_not_do_and_nothing_is_written(
    db, town, tmp_path, operation
):
    refused = [name for name in ROLES if not _allowed(name, operation)]
    allowed = [name for name in ROLES if _allowed(name, operation)]
    assert refused, "every operation is refused to someone (the viewer at least)"
    out = tmp_path / "out"  # the database lives in tmp_path
    out.mkdir()
    before = snapshot(db)
    for name in refused:
        act_as(db, name)
        with pytest.raises(RefusedError) as refusal:
            operation.run(db, town, out)
        missing = [p.label for p in operation.needs if p not in GRANTS[ROLES[name]]]
        assert refusal.value.message == f"{name}（{ROLES[name].label}）没有“{missing[0]}”的权限"
        assert snapshot(db) == before, f"{name}'s refused {operation.name} wrote something"
        assert not list(out.iterdir())

    # the least powerful role that may do it does it
    act_as(db, allowed[-1])
    written = operation.run(db, town, out)
    if written is None:
        assert snapshot(db) != before
    else:
        assert written.stat().st_size > 0


def test_nothing_changes_once_there_are_accounts_and_nobody_is_logged_in(db, town, tmp_path):
    before = snapshot(db)
    with pytest.raises(RefusedError, match="请先登录"):
        _person(db, town, tmp_path)
    assert snapshot(db) == before


def test_a_warning_and_its_steps_need_the_right_to_edit(db, town):
    types = {t.name: t.id for t in warning_settings.list_warning_types(db)}
    draft = WarningDraft(
        unit_id=town.units["青山一组"],
        type_id=types["安全隐患"],
        urgency="一般",
        description="村道边坡护栏松动",
        reporter_id=town.people["王秀英"],
        reported_at=NOW,
    )
    act_as(db, CLERK)
    made = warnings.report_warning(db, draft, actor=CLERK, now=NOW)
    for name in (LEADER, VIEWER):
        act_as(db, name)
        with pytest.raises(RefusedError, match="录入和修改数据"):
            warnings.report_warning(db, draft, actor=name, now=NOW)
        with pytest.raises(RefusedError, match="录入和修改数据"):
            warnings.dispatch(db, made.id, "派出所", actor=name, now=NOW)
    assert [w.number for w in warnings.list_warnings(db, now=NOW)] == [made.number]
    assert warnings.get_warning(db, made.id, now=NOW).status == made.status


# ------------------------------------------------------------------------------- assessment


def test_the_clerk_submits_the_leader_approves_and_the_viewer_only_reads(db, town):
    township = town.units["示例镇"]
    access.log_in(db, CLERK, PASSWORD, now=NOW)
    opened = assessment_months.open_month(db, township, MARCH, today=NOW.date())
    submitted = assessment_months.submit(db, opened.id, actor=CLERK, allow_blank=True, now=NOW)
    assert submitted.status is assessment_months.MonthStatus.SUBMITTED
    with pytest.raises(RefusedError, match="经办人乙（经办人）没有“审核考核”的权限"):
        assessment_months.approve(db, opened.id, actor=CLERK, now=NOW)
    assert assessment_months.get_sheet(db, opened.id).month.status is submitted.status

    access.log_in(db, VIEWER, PASSWORD, now=NOW)
    with pytest.raises(RefusedError, match="查看丁（查看）没有“审核考核”的权限"):
        assessment_months.approve(db, opened.id, actor=VIEWER, now=NOW)
    sheet = assessment_months.get_sheet(db, opened.id)  # reading is open to every role
    assert sheet.month.status is submitted.status and sheet.rows
    assert {p.name for p in roster.list_people(db)} >= {"李青山", "赵石门"}

    access.log_in(db, LEADER, PASSWORD, now=NOW)
    with pytest.raises(RefusedError, match="领导丙（领导）没有“录入和修改数据”的权限"):
        assessment_months.set_entries(db, opened.id, [], actor=LEADER)
    approved = assessment_months.approve(db, opened.id, actor=LEADER, now=NOW)
    assert approved.status is assessment_months.MonthStatus.APPROVED


def test_whoever_submitted_may_not_approve_even_an_administrator(db, town):
    act_as(db, ADMIN)
    opened = assessment_months.open_month(db, town.units["示例镇"], MARCH, today=NOW.date())
    assessment_months.submit(db, opened.id, actor=ADMIN, allow_blank=True, now=NOW)
    with pytest.raises(RefusedError, match="不能由本人审核"):
        assessment_months.approve(db, opened.id, actor=ADMIN, now=NOW)


def test_only_a_reviewer_reopens_an_approved_month(db, town):
    act_as(db, CLERK)
    opened = assessment_months.open_month(db, town.units["示例镇"], MARCH, today=NOW.date())
    assessment_months.submit(db, opened.id, actor=CLERK, allow_blank=True, now=NOW)
    act_as(db, LEADER)
    assessment_months.approve(db, opened.id, actor=LEADER, now=NOW)
    act_as(db, CLERK)
    with pytest.raises(RefusedError, match="审核考核"):
        assessment_months.reopen(db, opened.id, "分数录错", actor=CLERK, now=NOW)
    act_as(db, LEADER)
    reopened = assessment_months.reopen(db, opened.id, "分数录错", actor=LEADER, now=NOW)
    assert reopened.status is assessment_months.MonthStatus.DRAFT


# ------------------------------------------------------------------------------ audit trail


def test_a_printed_agreement_is_recorded_with_who_printed_it(db, town, tmp_path):
    access.log_in(db, LEADER, PASSWORD, now=NOW)
    _agreement(db, town, tmp_path)
    (printed,) = entries(db, "print")
    assert printed.user_name == LEADER
    assert "人民调解协议书" in printed.summary and "完整身份证号码" in printed.summary


def test_a_paper_without_full_details_is_not_recorded_as_printed(db, town, tmp_path):
    act_as(db, LEADER)
    request = ReportRequest(unit_code="511922100", today=NOW.date())
    rendered = catalog.render(db, "roster", request, tmp_path / "花名册.pdf")
    assert not rendered.full_details and entries(db, "print") == []


def test_an_unmasked_export_is_recorded_as_full_and_a_masked_one_as_masked(db, town, tmp_path):
    access.log_in(db, CLERK, PASSWORD, now=NOW)
    rows = roster_export.export_roster(db, tmp_path / "完整.xlsx", masked=False)
    roster_export.export_roster(db, tmp_path / "打码.xlsx")
    full, masked = entries(db, "export")
    assert full.user_name == masked.user_name == CLERK
    assert '"masked": false' in full.detail and f'"rows": {rows}' in full.detail
    assert "完整.xlsx" in full.summary and "含完整身份证号码和电话" in full.summary
    assert '"masked": true' in masked.detail and "已打码" in masked.summary


def test_an_import_is_recorded_with_its_counts_but_a_dry_run_is_not(db, town, tmp_path):
    act_as(db, ADMIN)
    roster_export.export_roster(db, tmp_path / "花名册.xlsx", masked=False)
    act_as(db, VIEWER)
    with pytest.raises(RefusedError, match="导入导出"):  # a dry run needs the right too
        roster_import.import_roster(db, tmp_path / "花名册.xlsx", dry_run=True, today=NOW.date())
    act_as(db, CLERK)
    roster_import.import_roster(db, tmp_path / "花名册.xlsx", dry_run=True, today=NOW.date())
    assert entries(db, "import") == []
    result = roster_import.import_roster(db, tmp_path / "花名册.xlsx", today=NOW.date())
    (imported,) = entries(db, "import")
    assert imported.user_name == CLERK
    assert (
        f'"read": {result.read}' in imported.detail and '"file": "花名册.xlsx"' in imported.detail
    )


def test_revealing_needs_the_right_and_names_whose_numbers_were_shown(db, town):
    people = [p for p in roster.list_people(db) if p.name == "陈明"]
    act_as(db, VIEWER)
    with pytest.raises(RefusedError, match="查看完整身份证号码和电话"):
        roster.reveal(db, people, where="花名册列表")
    assert entries(db, "reveal") == []
    act_as(db, LEADER)
    roster.reveal(db, people, where="花名册列表")
    (shown,) = entries(db, "reveal")
    assert shown.user_name == LEADER and "陈明" in shown.summary and "花名册列表" in shown.summary
    assert shown.entity_id == str(people[0].id)
