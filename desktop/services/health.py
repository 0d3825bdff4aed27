"""`fengwang-cli check`: is this database sound, and is it ours?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from desktop.db import HEAD_REVISION, Database, current_revision
from desktop.models import Assignment, GridUnit, Level, Person
from desktop.services.identity import IdNumberError, parse_citizen_id


@dataclass
class HealthReport:
    schema_revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_database(db: Database) -> HealthReport:
    report = HealthReport(current_revision(db.engine))
    if report.schema_revision != HEAD_REVISION:
        report.problems.append(
            f"数据库结构版本为 {report.schema_revision or '（无）'}，本程序为 {HEAD_REVISION}"
        )
        return report  # the tables below may not exist in that shape
    with db.session() as session:
        if db.engine.dialect.name == "sqlite":
            integrity = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if integrity != ["ok"]:
                report.problems.extend(f"SQLite 完整性检查：{line}" for line in integrity[:20])
            broken = session.execute(text("PRAGMA foreign_key_check")).all()
            for table, rowid, parent, _ in broken[:20]:
                report.problems.append(f"外键错误：{table} 第 {rowid} 行引用的 {parent} 记录不存在")
            if len(broken) > 20:
                report.problems.append(f"……另有 {len(broken) - 20} 处外键错误")

        for level in Level:
            report.counts[level.label] = session.scalar(
                select(func.count()).where(GridUnit.level == level.value)
            )
        report.counts["人员"] = session.scalar(select(func.count()).select_from(Person))
        report.counts["任职记录"] = session.scalar(select(func.count()).select_from(Assignment))
        report.counts["在岗任职"] = session.scalar(
            select(func.count()).where(Assignment.end_date.is_(None))
        )

        levels = dict(session.execute(select(GridUnit.id, GridUnit.level)).all())
        for name, level, parent_id in session.execute(
            select(GridUnit.name, GridUnit.level, GridUnit.parent_id)
        ):
            expected = Level(level).parent
            actual = levels.get(parent_id) if parent_id else None
            if (expected.value if expected else None) != actual:
                report.problems.append(f"网格单位“{name}”的上级层级不正确")

        for name, number in session.execute(
            select(Person.name, Person.citizen_id).where(Person.citizen_id.is_not(None))
        ):
            try:
                parse_citizen_id(number)
            except IdNumberError as err:
                report.problems.append(f"人员“{name}”的身份证号码无效：{err}")
    return report
