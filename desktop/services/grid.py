"""Grid units: create, edit, move and delete, with the rules of the hierarchy."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models import (
    AssessmentMonth,
    Assignment,
    CaseParty,
    DisputeCase,
    GridUnit,
    GridWarning,
    Level,
    Person,
)
from desktop.models.trust import User
from desktop.services import access, jurisdiction
from desktop.services.access import Permission
from desktop.services.conflicts import refuse_if_changed
from desktop.services.identity import to_half_width
from desktop.services.jurisdiction import EVERYWHERE
from desktop.services.lookups import UnitInfo, list_units, subtree_ids

__all__ = ["UnitDraft", "UnitInfo", "list_units", "subtree_ids"]  # the read side, for callers

CODE_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,32}")
# What a form edits, compared to name what someone else changed meanwhile.
UNIT_FIELDS = ("parent_id", "code", "name", "kind", "stats_code", "households", "population")


@dataclass(frozen=True)
class UnitDraft:
    """What a user enters for a unit; `parent_id` is only read when a unit is created."""

    level: Level
    code: str
    name: str
    parent_id: int | None = None
    kind: str | None = None
    stats_code: str | None = None
    households: int | None = None
    population: int | None = None


def _info(unit: GridUnit) -> UnitInfo:
    return UnitInfo(
        unit.id,
        unit.uid,
        unit.parent_id,
        Level(unit.level),
        unit.code,
        unit.name,
        unit.kind,
        unit.stats_code,
        unit.households,
        unit.population,
        unit.row_version,
    )


def get_unit(db: Database, unit_id: int) -> UnitInfo:
    with db.session() as session:
        return _info(_load(session, unit_id))


def find_unit(db: Database, code: str) -> UnitInfo:
    with db.session() as session:
        unit = session.scalar(select(GridUnit).where(GridUnit.code == code.strip()))
        if unit is None:
            raise NotFoundError(f"没有编码为“{code}”的网格单位")
        return _info(unit)


def create_unit(db: Database, draft: UnitDraft) -> UnitInfo:
    access.require(db, Permission.EDIT)
    draft = _clean(draft)
    with db.session() as session:
        jurisdiction.refuse_outside(session, draft.parent_id, "上级单位以外的单位")
        errors = _check(session, draft, unit_id=None)
        parent = session.get(GridUnit, draft.parent_id) if draft.parent_id else None
        errors.update(_check_parent(draft.level, parent, draft.parent_id))
        if errors:
            raise ValidationError(errors)
        unit = GridUnit(
            parent_id=draft.parent_id,
            level=draft.level.value,
            code=draft.code,
            name=draft.name,
            kind=draft.kind,
            stats_code=draft.stats_code,
            households=draft.households,
            population=draft.population,
        )
        session.add(unit)
        session.flush()
        return _info(unit)


def update_unit(
    db: Database, unit_id: int, draft: UnitDraft, *, loaded: UnitInfo | None = None
) -> UnitInfo:
    """Rename or correct a unit. Its level and place in the tree stay (see move_unit).
    `loaded`: the unit as the form loaded it; the save is refused (ConflictError) if someone
    else changed it since."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        unit = _load(session, unit_id)
        jurisdiction.refuse_outside(session, unit_id, f"“{unit.name}”")
        refuse_if_changed(session, unit, loaded, UNIT_FIELDS, title=f"“{unit.name}”")
        draft = _clean(replace(draft, level=Level(unit.level)))
        errors = _check(session, draft, unit_id=unit_id)
        if errors:
            raise ValidationError(errors)
        unit.code, unit.name, unit.kind = draft.code, draft.name, draft.kind
        unit.stats_code, unit.households, unit.population = (
            draft.stats_code,
            draft.households,
            draft.population,
        )
        session.flush()
        return _info(unit)


def move_unit(db: Database, unit_id: int, new_parent_id: int) -> UnitInfo:
    """Put a unit (with everything below it) under another parent of the right level."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        unit = _load(session, unit_id)
        jurisdiction.refuse_outside(session, unit_id, f"“{unit.name}”")
        jurisdiction.refuse_outside(session, new_parent_id, "本乡镇以外的单位")
        parent = session.get(GridUnit, new_parent_id)
        errors = _check_parent(Level(unit.level), parent, new_parent_id)
        if errors:
            raise RefusedError(errors["parent"])
        unit.parent_id = new_parent_id
        session.flush()
        return _info(unit)


def delete_unit(db: Database, unit_id: int) -> None:
    """Delete an empty unit (see why_kept)."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        unit = _load(session, unit_id)
        jurisdiction.refuse_outside(session, unit_id, f"“{unit.name}”")
        refusal = why_kept(session, unit)
        if refusal:
            raise RefusedError(refusal)
        session.delete(unit)


def why_kept(session, unit: GridUnit) -> str:
    """Why `unit` may not be deleted, in Chinese; "" when it is empty. One with units below it,
    people ever assigned to it or entered in its roster, accounts working in it, cases,
    warnings or assessment months stays. Counted in the whole database, whoever asks."""

    def count(*where) -> int:
        query = select(func.count()).where(*where).execution_options(**EVERYWHERE)
        return session.scalar(query)

    unit_id, name = unit.id, unit.name
    children = count(GridUnit.parent_id == unit_id)
    if children:
        return f"“{name}”下还有 {children} 个下级单位，不能删除；请先删除或移走它们。"
    assigned = count(Assignment.unit_id == unit_id)
    if assigned:
        return (
            f"“{name}”有 {assigned} 条人员任职记录（含已离任的历史），不能删除。"
            "如需调整，请改名或移动该单位。"
        )
    cases = count((DisputeCase.unit_id == unit_id) | (DisputeCase.township_id == unit_id))
    if cases + count(CaseParty.unit_id == unit_id):
        return f"“{name}”有矛盾纠纷案件记录，不能删除。如需调整，请改名或移动该单位。"
    if count((GridWarning.unit_id == unit_id) | (GridWarning.township_id == unit_id)):
        return f"“{name}”有预警派单记录，不能删除。如需调整，请改名或移动该单位。"
    months = count(AssessmentMonth.township_id == unit_id)
    if months:
        return f"“{name}”有 {months} 个月的网格员考核记录，不能删除。如需调整，请改名。"
    if count(Person.township_id == unit_id) + count(User.township_id == unit_id):
        return f"“{name}”的名册中登记有人员，或有账户在此工作，不能删除。如需调整，请改名。"
    return ""


def _load(session, unit_id: int) -> GridUnit:
    unit = session.get(GridUnit, unit_id)
    if unit is None:
        raise NotFoundError("该网格单位不存在（可能已被删除）")
    return unit


def _clean(draft: UnitDraft) -> UnitDraft:
    def text(value: str | None) -> str | None:
        value = re.sub(r"\s+", " ", to_half_width(value or "")).strip()
        return value or None

    return replace(
        draft,
        code=(text(draft.code) or "").replace(" ", ""),
        name=text(draft.name) or "",
        kind=text(draft.kind),
        stats_code=(text(draft.stats_code) or "").replace(" ", "") or None,
    )


def _check(session, draft: UnitDraft, unit_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.name:
        errors["name"] = "请填写单位名称"
    elif len(draft.name) > 60:
        errors["name"] = "单位名称不能超过 60 个字"
    if not draft.code:
        errors["code"] = "请填写单位编码"
    elif not CODE_PATTERN.fullmatch(draft.code):
        errors["code"] = "单位编码只能由数字、字母、短横线组成，最长 32 位"
    else:
        clash = session.scalar(
            select(GridUnit).where(GridUnit.code == draft.code).execution_options(**EVERYWHERE)
        )
        if clash is not None and clash.id != unit_id:
            errors["code"] = f"编码“{draft.code}”已被“{clash.name}”使用"
    if draft.stats_code is not None and not re.fullmatch(r"\d{12}", draft.stats_code):
        errors["stats_code"] = "统计用区划代码应为 12 位数字"
    for field, label in (("households", "户数"), ("population", "人数")):
        value = getattr(draft, field)
        if value is not None and value < 0:
            errors[field] = f"{label}不能为负数"
    return errors


def _check_parent(level: Level, parent: GridUnit | None, parent_id: int | None) -> dict[str, str]:
    expected = level.parent
    if expected is None:
        return {"parent": "县(区)是最上一级，不能有上级单位"} if parent_id else {}
    if parent is None:
        return {"parent": f"{level.label}必须属于一个{expected.label}"}
    if parent.level != expected.value:
        return {
            "parent": f"{level.label}只能放在{expected.label}之下，"
            f"“{parent.name}”是{Level(parent.level).label}"
        }
    return {}
