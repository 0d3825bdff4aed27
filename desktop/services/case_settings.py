"""A township's rules for cases: deadlines, and the category list with per-category deadlines."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.models import CaseCategory, Setting
from desktop.services import access
from desktop.services.access import Permission
from desktop.services.identity import to_half_width
from desktop.vocabulary import CaseStatus


@dataclass(frozen=True)
class DeadlineSettings:
    """Days counted from the date a case is received (受理) or an agreement is signed.

    - due_days: the conclusion is due this many days after acceptance (《人民调解工作若干规定》:
      generally one month); a category may override it.
    - warn_days: a case due within this many days shows 将到期.
    - confirmation_days: parties may apply for judicial confirmation within this many days of
      the agreement (人民调解法 §33: 30).
    - follow_up_days: the follow-up visit is due this many days after the agreement.
    """

    due_days: int = 30
    warn_days: int = 5
    confirmation_days: int = 30
    follow_up_days: int = 15


SETTING_PREFIX = "cases."
LIMITS = {
    "due_days": (1, 365),
    "warn_days": (0, 60),
    "confirmation_days": (1, 365),
    "follow_up_days": (1, 365),
}
LABELS = {
    "due_days": "办结期限",
    "warn_days": "到期提醒",
    "confirmation_days": "司法确认期限",
    "follow_up_days": "回访期限",
}


def load_deadlines(db: Database) -> DeadlineSettings:
    rows = db.read_rows("SELECT key, value FROM setting WHERE key LIKE ?", (SETTING_PREFIX + "%",))
    stored = {key.removeprefix(SETTING_PREFIX): value for key, value in rows}
    values = {}
    for f in fields(DeadlineSettings):
        if f.name in stored and stored[f.name].isdigit():
            values[f.name] = int(stored[f.name])
    return DeadlineSettings(**values)


def save_deadlines(db: Database, settings: DeadlineSettings) -> None:
    access.require(db, Permission.SETTINGS)
    errors = {}
    for name, value in asdict(settings).items():
        low, high = LIMITS[name]
        if not _whole(value) or not low <= value <= high:
            errors[name] = f"{LABELS[name]}应为 {low}～{high} 天"
    if not errors and settings.warn_days >= settings.due_days:
        errors["warn_days"] = "到期提醒天数应少于办结期限，否则所有案件一登记就是“将到期”"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        for name, value in asdict(settings).items():
            session.merge(Setting(key=SETTING_PREFIX + name, value=str(value)))


class DeadlineState(StrEnum):
    NONE = "none"  # concluded: no deadline runs
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"none": "", "on_time": "正常", "due_soon": "将到期", "overdue": "已超期"}[self]


def deadline_state(status: CaseStatus, due_on: date, today: date, warn_days: int) -> DeadlineState:
    """将到期 when due within `warn_days` (the due day itself included), 已超期 after it."""
    if not status.open:
        return DeadlineState.NONE
    return due_state(due_on, today, warn_days)


def due_state(due_on: date, today: date, warn_days: int) -> DeadlineState:
    """The rule of deadline_state for any date something is due by (a conclusion, a follow-up
    visit): 将到期 within `warn_days` of it, the day itself included; 已超期 after it."""
    if today > due_on:
        return DeadlineState.OVERDUE
    if (due_on - today).days <= warn_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


# ------------------------------------------------------------------------------------ categories


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    builtin: bool
    due_days: int | None  # None: the township's default


def list_categories(db: Database) -> list[CategoryInfo]:
    rows = db.read_rows(
        "SELECT id, name, builtin, due_days FROM case_category ORDER BY sort_order, id"
    )
    return [CategoryInfo(i, name, bool(builtin), days) for i, name, builtin, days in rows]


def add_category(db: Database, name: str, due_days: int | None = None) -> CategoryInfo:
    access.require(db, Permission.SETTINGS)
    name = re.sub(r"\s+", "", to_half_width(name))
    if not name:
        raise ValidationError({"name": "请填写类别名称"})
    if len(name) > 30:
        raise ValidationError({"name": "类别名称不能超过 30 个字"})
    _check_days(due_days)
    with db.session() as session:
        if session.scalar(select(CaseCategory).where(CaseCategory.name == name)) is not None:
            raise ValidationError({"name": f"类别“{name}”已经存在"})
        last = session.scalar(select(func.max(CaseCategory.sort_order))) or 0
        category = CaseCategory(name=name, builtin=False, sort_order=last + 1, due_days=due_days)
        session.add(category)
        session.flush()
        return CategoryInfo(category.id, category.name, False, due_days)


def set_category_due_days(db: Database, category_id: int, due_days: int | None) -> CategoryInfo:
    """A deadline for one category (e.g. 15 days for 邻里); None returns it to the default."""
    access.require(db, Permission.SETTINGS)
    _check_days(due_days)
    with db.session() as session:
        category = session.get(CaseCategory, category_id)
        if category is None:
            raise NotFoundError("该纠纷类别不存在")
        category.due_days = due_days
        return CategoryInfo(category.id, category.name, category.builtin, due_days)


def _check_days(due_days: int | None) -> None:
    low, high = LIMITS["due_days"]
    if due_days is not None and (not _whole(due_days) or not low <= due_days <= high):
        raise ValidationError({"due_days": f"办结期限应为 {low}～{high} 天"})


def _whole(value: object) -> bool:
    """A whole number of days; True and False are ints to Python, not to a clerk."""
    return isinstance(value, int) and not isinstance(value, bool)
