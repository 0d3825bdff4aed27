"""A township's rules for warnings: the response and completion deadlines by urgency, and the
editable list of warning types."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.models import Setting, WarningType
from desktop.services import access
from desktop.services.access import Permission
from desktop.services.identity import to_half_width
from desktop.vocabulary import URGENT


@dataclass(frozen=True)
class WarningDeadlines:
    """Hours counted from a dispatch (派单): the dispatched body must respond within the response
    hours and finish within the completion hours. Defaults: 紧急 2 h and 24 h; 一般 24 h and
    7 days (168 h)."""

    urgent_response_hours: int = 2
    urgent_completion_hours: int = 24
    normal_response_hours: int = 24
    normal_completion_hours: int = 168

    def for_urgency(self, urgency: str) -> tuple[timedelta, timedelta]:
        """(response, completion) allowed for a warning of that urgency."""
        if urgency == URGENT:
            hours = (self.urgent_response_hours, self.urgent_completion_hours)
        else:
            hours = (self.normal_response_hours, self.normal_completion_hours)
        return timedelta(hours=hours[0]), timedelta(hours=hours[1])


SETTING_PREFIX = "warnings."
MAX_HOURS = 24 * 90
LABELS = {
    "urgent_response_hours": "紧急预警响应时限",
    "urgent_completion_hours": "紧急预警办结时限",
    "normal_response_hours": "一般预警响应时限",
    "normal_completion_hours": "一般预警办结时限",
}


def load_warning_deadlines(db: Database) -> WarningDeadlines:
    rows = db.read_rows("SELECT key, value FROM setting WHERE key LIKE ?", (SETTING_PREFIX + "%",))
    stored = {key.removeprefix(SETTING_PREFIX): value for key, value in rows}
    values = {
        f.name: int(stored[f.name])
        for f in fields(WarningDeadlines)
        if f.name in stored and stored[f.name].isdigit()
    }
    return WarningDeadlines(**values)


def deadlines_for(db: Database, urgency: str, start: datetime) -> tuple[datetime, datetime]:
    """(response due, completion due) of a dispatch made at `start` on a warning of that
    urgency: what a dispatch is given and what the dispatch dialog shows beforehand."""
    response, completion = load_warning_deadlines(db).for_urgency(urgency)
    return start + response, start + completion


def save_warning_deadlines(db: Database, deadlines: WarningDeadlines) -> None:
    access.require(db, Permission.SETTINGS)
    errors = {}
    for name, value in asdict(deadlines).items():
        if not _whole(value) or not 1 <= value <= MAX_HOURS:
            errors[name] = f"{LABELS[name]}应为 1～{MAX_HOURS} 小时"
    for kind in ("urgent", "normal"):
        response = getattr(deadlines, f"{kind}_response_hours")
        completion = getattr(deadlines, f"{kind}_completion_hours")
        name = f"{kind}_completion_hours"
        if name not in errors and _whole(response) and _whole(completion) and completion < response:
            errors[name] = f"{LABELS[name]}不能短于响应时限"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        for name, value in asdict(deadlines).items():
            session.merge(Setting(key=SETTING_PREFIX + name, value=str(value)))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ----------------------------------------------------------------------------------------- types


@dataclass(frozen=True)
class WarningTypeInfo:
    id: int
    name: str
    builtin: bool


def list_warning_types(db: Database) -> list[WarningTypeInfo]:
    rows = db.read_rows("SELECT id, name, builtin FROM warning_type ORDER BY sort_order, id")
    return [WarningTypeInfo(i, name, bool(builtin)) for i, name, builtin in rows]


def add_warning_type(db: Database, name: str) -> WarningTypeInfo:
    access.require(db, Permission.SETTINGS)
    name = re.sub(r"\s+", "", to_half_width(name or ""))
    if not name:
        raise ValidationError({"name": "请填写预警类型名称"})
    if len(name) > 30:
        raise ValidationError({"name": "预警类型名称不能超过 30 个字"})
    with db.session() as session:
        if session.scalar(select(WarningType).where(WarningType.name == name)) is not None:
            raise ValidationError({"name": f"预警类型“{name}”已经存在"})
        last = session.scalar(select(func.max(WarningType.sort_order))) or 0
        made = WarningType(name=name, builtin=False, sort_order=last + 1)
        session.add(made)
        session.flush()
        return WarningTypeInfo(made.id, made.name, False)
