"""People who staff the grid, the roles they hold and where they hold them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SyncedMixin
from desktop.models.grid import GridUnit
from desktop.vocabulary import BUILTIN_ROLES, EDUCATION_LEVELS, GENDERS, POLITICAL_STATUSES

__all__ = [
    "BUILTIN_ROLES",
    "EDUCATION_LEVELS",
    "GENDERS",
    "POLITICAL_STATUSES",
    "Assignment",
    "Person",
    "Role",
]


class Person(SyncedMixin, Base):
    __tablename__ = "person"
    __table_args__ = (CheckConstraint("gender IS NULL OR gender IN ('男', '女')", name="gender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    # Pinyin initials of every reading (曾国藩 → "zgf cgf"), kept so search needs no pinyin lookup.
    name_initials: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str | None] = mapped_column(String(1))
    citizen_id: Mapped[str | None] = mapped_column(String(18), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(20))
    political_status: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    # The township whose roster the person was entered in; their posts may add others. Whoever
    # works in one township sees the people of its roster (desktop.services.jurisdiction).
    township_id: Mapped[int | None] = mapped_column(ForeignKey("grid_unit.id"), index=True)

    assignments: Mapped[list[Assignment]] = relationship(back_populates="person")


class Role(Base):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Assignment(SyncedMixin, Base):
    """A person holding a role in a grid unit from start to end (open while end is empty)."""

    __tablename__ = "assignment"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("grid_unit.id", ondelete="RESTRICT"), index=True
    )
    role_id: Mapped[int] = mapped_column(ForeignKey("role.id", ondelete="RESTRICT"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person] = relationship(back_populates="assignments")
    unit: Mapped[GridUnit] = relationship()
    role: Mapped[Role] = relationship()
