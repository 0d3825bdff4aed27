"""People, roles and assignments: the village rosters of everyone who staffs the grid."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desktop.db import Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models import Assignment, GridUnit, Person, Role
from desktop.services import access, audit, dates, jurisdiction, pinyin
from desktop.services.access import Permission
from desktop.services.conflicts import refuse_if_changed
from desktop.services.identity import (
    IdNumberError,
    PhoneError,
    mask_id,
    mask_phone,
    normalize_phone,
    parse_citizen_id,
    to_half_width,
)
from desktop.services.jurisdiction import EVERYWHERE
from desktop.services.lookups import RoleInfo, list_roles, subtree_ids
from desktop.services.text import clean_text
from desktop.vocabulary import EDUCATION_LEVELS, GENDERS, POLITICAL_STATUSES

__all__ = ["RoleInfo", "list_roles"]  # the read side, for callers that add and assign

# What a form edits, compared to name what someone else changed meanwhile.
PERSON_FIELDS = (
    "name",
    "citizen_id",
    "gender",
    "birth_date",
    "phone",
    "political_status",
    "education",
    "notes",
)
SPACE_IN_CHINESE = re.compile(r"(?<=[\u3400-\u9fff·]) (?=[\u3400-\u9fff·])")
ASSIGNMENT_FIELDS = ("unit_id", "role_id", "start_date", "end_date", "note")


@dataclass(frozen=True)
class PersonDraft:
    """What a user enters for a person. Empty strings mean "not given"."""

    name: str
    citizen_id: str = ""
    gender: str = ""
    birth_date: date | None = None
    phone: str = ""
    political_status: str = ""
    education: str = ""
    notes: str = ""


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    uid: str
    person_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    role_id: int
    role: str
    start_date: date
    end_date: date | None
    note: str | None
    row_version: int  # as read: a save based on it is refused once someone else changed it

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)

    @classmethod
    def of(cls, a: Assignment) -> AssignmentInfo:
        return cls(
            a.id,
            a.uid,
            a.person_id,
            a.unit_id,
            a.unit.code,
            a.unit.name,
            a.role_id,
            a.role.name,
            a.start_date,
            a.end_date,
            a.note,
            a.row_version,
        )


@dataclass(frozen=True)
class PersonInfo:
    id: int
    uid: str
    name: str
    gender: str | None
    citizen_id: str | None
    birth_date: date | None
    phone: str | None
    political_status: str | None
    education: str | None
    notes: str | None
    row_version: int  # as read: a save based on it is refused once someone else changed it
    assignments: tuple[AssignmentInfo, ...] = field(default=())

    @property
    def masked_id(self) -> str:
        return mask_id(self.citizen_id)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def draft(self) -> PersonDraft:
        """The person as a form would show it, to edit and save back."""
        return PersonDraft(
            name=self.name,
            citizen_id=self.citizen_id or "",
            gender=self.gender or "",
            birth_date=self.birth_date,
            phone=self.phone or "",
            political_status=self.political_status or "",
            education=self.education or "",
            notes=self.notes or "",
        )

    @classmethod
    def of(cls, p: Person, with_assignments: bool = True) -> PersonInfo:
        assignments = (
            tuple(
                AssignmentInfo.of(a)
                for a in sorted(p.assignments, key=lambda a: (a.start_date, a.id))
            )
            if with_assignments
            else ()
        )
        return cls(
            p.id,
            p.uid,
            p.name,
            p.gender,
            p.citizen_id,
            p.birth_date,
            p.phone,
            p.political_status,
            p.education,
            p.notes,
            p.row_version,
            assignments,
        )


# ---------------------------------------------------------------------------------------- people


def clean_person(draft: PersonDraft, *, today: date | None = None) -> PersonDraft:
    """Normalise and validate a draft; raises ValidationError naming each bad field in Chinese."""
    errors: dict[str, str] = {}
    name = " ".join(to_half_width(draft.name).split())
    if " " in name:  # Chinese names carry no inner spaces; one typed between characters is a slip
        name = SPACE_IN_CHINESE.sub("", name)
    if not name:
        errors["name"] = "请填写姓名"
    elif len(name) > 40:
        errors["name"] = "姓名不能超过 40 个字"

    citizen_id = ""
    gender = draft.gender.strip()
    birth = draft.birth_date
    if gender and gender not in GENDERS:
        errors["gender"] = "性别只能是“男”或“女”"
    if draft.citizen_id.strip():
        try:
            parsed = parse_citizen_id(draft.citizen_id, today=today)
        except IdNumberError as err:
            errors["citizen_id"] = str(err)
        else:
            citizen_id = parsed.number
            if gender and gender in GENDERS and gender != parsed.gender:
                errors["gender"] = f"性别与身份证号码不符：号码第 17 位表示“{parsed.gender}”"
            if birth is not None and birth != parsed.birth_date:
                errors["birth_date"] = (
                    f"出生日期与身份证号码不符：号码中为 {parsed.birth_date:%Y-%m-%d}"
                )
            gender, birth = parsed.gender, parsed.birth_date

    phone = ""
    if draft.phone.strip():
        try:
            phone = normalize_phone(draft.phone)
        except PhoneError as err:
            errors["phone"] = str(err)

    political = draft.political_status.strip()
    if political and political not in POLITICAL_STATUSES:
        errors["political_status"] = f"政治面貌应为：{'、'.join(POLITICAL_STATUSES)}"
    education = draft.education.strip()
    if education and education not in EDUCATION_LEVELS:
        errors["education"] = f"文化程度应为：{'、'.join(EDUCATION_LEVELS)}"
    if errors:
        raise ValidationError(errors)
    return PersonDraft(
        name=name,
        citizen_id=citizen_id,
        gender=gender,
        birth_date=birth,
        phone=phone,
        political_status=political,
        education=education,
        notes=clean_text(draft.notes, multiline=True),
    )


def add_person(db: Database, draft: PersonDraft) -> PersonInfo:
    access.require(db, Permission.EDIT)
    clean = clean_person(draft)
    with db.session() as session:
        _refuse_duplicate_id(session, clean.citizen_id, person_id=None)
        person = Person(township_id=jurisdiction.home_township(session))
        _apply(person, clean)
        session.add(person)
        session.flush()
        return PersonInfo.of(person, with_assignments=False)


def update_person(
    db: Database, person_id: int, draft: PersonDraft, *, loaded: PersonInfo | None = None
) -> PersonInfo:
    """Save a person's edited details. `loaded`: the person as the form loaded them; the save is
    refused (ConflictError) if someone else changed them since."""
    access.require(db, Permission.EDIT)
    clean = clean_person(draft)
    with db.session() as session:
        person = _load_person(session, person_id)
        refuse_if_changed(session, person, loaded, PERSON_FIELDS, title=f"{person.name} 的记录")
        _refuse_duplicate_id(session, clean.citizen_id, person_id=person_id)
        _apply(person, clean)
        session.flush()
        return PersonInfo.of(person)


def get_person(db: Database, person_id: int) -> PersonInfo:
    with db.session() as session:
        return PersonInfo.of(_load_person(session, person_id))


def find_person_by_citizen_id(db: Database, citizen_id: str) -> PersonInfo | None:
    with db.session() as session:
        person = session.scalar(select(Person).where(Person.citizen_id == citizen_id))
        return PersonInfo.of(person) if person else None


def list_people(db: Database, unit_code: str | None = None) -> list[PersonInfo]:
    """People with all their assignments; with a unit code, those ever assigned in its subtree."""
    with db.session() as session:
        query = select(Person).options(
            selectinload(Person.assignments).selectinload(Assignment.unit),
            selectinload(Person.assignments).selectinload(Assignment.role),
        )
        if unit_code is not None:
            root = session.scalar(select(GridUnit).where(GridUnit.code == unit_code))
            if root is None:
                raise NotFoundError(f"没有编码为“{unit_code}”的网格单位")
            links = session.execute(select(GridUnit.id, GridUnit.parent_id)).all()
            ids = subtree_ids(links, root.id)
            query = query.where(
                Person.id.in_(select(Assignment.person_id).where(Assignment.unit_id.in_(ids)))
            )
        people = session.scalars(query.order_by(Person.id)).all()
        return [PersonInfo.of(p) for p in people]


def reveal(db: Database, people: Sequence[PersonInfo], *, where: str) -> None:
    """Allow showing these people's full ID numbers and phones, and record it; call it before
    they are shown (`where`: the screen or command that shows them)."""
    access.require(db, Permission.REVEAL)
    if not people:
        return
    names = "、".join(p.name for p in people[:5]) + (
        f"等 {len(people)} 人" if len(people) > 5 else ""
    )
    audit.log_event(
        db,
        "reveal",
        entity="person",
        entity_id=people[0].id if len(people) == 1 else "",
        summary=f"{where}显示{names}的完整身份证号码和电话",
        detail={"where": where, "count": len(people), "person_ids": [p.id for p in people]},
    )


def _apply(person: Person, clean: PersonDraft) -> None:
    person.name = clean.name
    person.name_initials = pinyin.initials(clean.name)
    person.citizen_id = clean.citizen_id or None
    person.gender = clean.gender or None
    person.birth_date = clean.birth_date
    person.phone = clean.phone or None
    person.political_status = clean.political_status or None
    person.education = clean.education or None
    person.notes = clean.notes or None


def _refuse_duplicate_id(session, citizen_id: str, person_id: int | None) -> None:
    if not citizen_id:
        return
    same = select(Person.id).where(Person.citizen_id == citizen_id)
    other_id = session.scalar(same.execution_options(**EVERYWHERE))
    if other_id is None or other_id == person_id:
        return
    other = session.scalar(select(Person).where(Person.id == other_id))
    if other is None:  # in another township's roster: its name is not this account's to see
        raise ValidationError(
            {
                "citizen_id": "该身份证号码已登记在其他乡镇的名册中，同一人不能登记两次。"
                "如此人也在本乡镇任职，请县综治中心为其添加任职。"
            }
        )
    raise ValidationError({"citizen_id": f"该身份证号码已登记为“{other.name}”，同一人不能登记两次"})


def _load_person(session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError("该人员不存在（可能已被删除）")
    return person


# ----------------------------------------------------------------------------------------- roles


def add_role(db: Database, name: str) -> RoleInfo:
    access.require(db, Permission.SETTINGS)
    name = re.sub(r"\s+", "", to_half_width(name))
    if not name:
        raise ValidationError({"name": "请填写岗位名称"})
    if len(name) > 20:
        raise ValidationError({"name": "岗位名称不能超过 20 个字"})
    with db.session() as session:
        if session.scalar(select(Role).where(Role.name == name)) is not None:
            raise ValidationError({"name": f"岗位“{name}”已经存在"})
        last = session.scalar(select(func.max(Role.sort_order))) or 0
        role = Role(name=name, builtin=False, sort_order=last + 1)
        session.add(role)
        session.flush()
        return RoleInfo(role.id, role.name, role.builtin)


# ----------------------------------------------------------------------------------- assignments


def start_date_problem(start: date, *, born: date | None, today: date | None = None) -> str | None:
    """Why a post cannot have started on `start`, or None: not after today, not before 1900 (a
    slip such as 0001-01-01, which no workbook can hold), not before the person was born."""
    if start > (today or date.today()):
        return "任职日期不能晚于今天"
    if start < dates.EARLIEST:
        return f"任职日期 {start.isoformat()} 早于 {dates.FIRST_YEAR} 年，请核对"
    if born is not None and start < born:
        return f"任职日期 {start.isoformat()} 早于出生日期 {born.isoformat()}，请核对"
    return None


def assign_role(
    db: Database,
    person_id: int,
    unit_id: int,
    role_id: int,
    start_date: date,
    note: str = "",
) -> AssignmentInfo:
    """Give a person a role in a unit from a date. The same open role in the same unit twice is
    refused; several different roles are fine."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        person = _load_person(session, person_id)
        unit = session.get(GridUnit, unit_id)
        role = session.get(Role, role_id)
        errors = {}
        if unit is None:
            errors["unit"] = "请选择任职的网格单位"
        if role is None:
            errors["role"] = "请选择岗位"
        if start_date is None:
            errors["start_date"] = "请填写任职日期"
        elif problem := start_date_problem(start_date, born=person.birth_date):
            errors["start_date"] = problem
        if errors:
            raise ValidationError(errors)
        jurisdiction.refuse_outside(session, unit_id, f"“{unit.name}”的任职")
        overlapping = session.scalar(
            select(Assignment).where(
                Assignment.person_id == person_id,
                Assignment.unit_id == unit_id,
                Assignment.role_id == role_id,
                (Assignment.end_date.is_(None)) | (Assignment.end_date > start_date),
            )
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "role": f"此人自 {overlapping.start_date:%Y-%m-%d} 起已在“{unit.name}”担任{role.name}"
                }
            )
        if person.township_id is None:  # entered by the county: the roster of their first post
            person.township_id = jurisdiction.township_above(session, unit)
        assignment = Assignment(
            person_id=person_id,
            unit_id=unit_id,
            role_id=role_id,
            start_date=start_date,
            note=clean_text(note) or None,
        )
        session.add(assignment)
        session.flush()
        return AssignmentInfo.of(assignment)


def end_assignment(
    db: Database,
    assignment_id: int,
    end_date: date,
    *,
    loaded: AssignmentInfo | None = None,
) -> AssignmentInfo:
    """Close an assignment on a date; the record stays as history. `loaded`: the assignment as
    the form loaded it; the save is refused (ConflictError) if someone else changed it since."""
    access.require(db, Permission.EDIT)
    with db.session() as session:
        assignment = session.get(Assignment, assignment_id)
        if assignment is None:
            raise NotFoundError("该任职记录不存在（可能已被删除）")
        refuse_if_changed(
            session,
            assignment,
            loaded,
            ASSIGNMENT_FIELDS,
            title=f"{assignment.person.name} 的任职（{assignment.role.name}）",
        )
        if assignment.end_date is not None:
            raise RefusedError(f"该任职已于 {assignment.end_date:%Y-%m-%d} 结束")
        if end_date is None:
            raise ValidationError({"end_date": "请填写离任日期"})
        if end_date < assignment.start_date:
            raise ValidationError(
                {"end_date": f"离任日期不能早于任职日期 {assignment.start_date:%Y-%m-%d}"}
            )
        assignment.end_date = end_date
        session.flush()
        return AssignmentInfo.of(assignment)
