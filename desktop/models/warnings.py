"""Grid warnings (网格预警): what a grid worker saw, whom the centre dispatched it to (综治派单),
the party members who reported for duty on it (党员报到), and its timeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SyncedMixin
from desktop.models.disputes import DisputeCase
from desktop.models.grid import GridUnit
from desktop.models.people import Person


class WarningType(Base):
    """The type list (安全隐患, 地质灾害 …), editable like the case categories."""

    __tablename__ = "warning_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class GridWarning(SyncedMixin, Base):
    """A warning or incident reported by a worker in post; its parts travel with it in a sync
    package (desktop/exchange/sync_warnings.py), so they carry no uid of their own."""

    __tablename__ = "grid_warning"
    __table_args__ = (
        UniqueConstraint("township_id", "year", "seq"),
        CheckConstraint("people_affected >= 0", name="people"),
        CheckConstraint("urgency IN ('一般', '紧急')", name="urgency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("grid_unit.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60), unique=True)  # 示例镇预警〔2026〕0012号
    reported_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("grid_unit.id", ondelete="RESTRICT"), index=True
    )
    type_id: Mapped[int] = mapped_column(
        ForeignKey("warning_type.id", ondelete="RESTRICT"), index=True
    )
    urgency: Mapped[str] = mapped_column(String(4))
    description: Mapped[str] = mapped_column(Text)
    people_affected: Mapped[int] = mapped_column(Integer, default=0)
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), index=True)
    level: Mapped[str] = mapped_column(String(10))  # the level now handling it
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="RESTRICT"), unique=True
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    result: Mapped[str] = mapped_column(Text, default="")

    type: Mapped[WarningType] = relationship()
    unit: Mapped[GridUnit] = relationship(foreign_keys=[unit_id])
    township: Mapped[GridUnit] = relationship(foreign_keys=[township_id])
    reporter: Mapped[Person] = relationship()
    case: Mapped[DisputeCase | None] = relationship()
    dispatches: Mapped[list[WarningDispatch]] = relationship(
        back_populates="warning",
        order_by="[WarningDispatch.dispatched_at, WarningDispatch.id]",
        cascade="all, delete-orphan",
    )
    steps: Mapped[list[WarningStep]] = relationship(
        back_populates="warning",
        order_by="[WarningStep.at, WarningStep.id]",
        cascade="all, delete-orphan",
    )
    party_reports: Mapped[list[PartyReport]] = relationship(
        back_populates="warning",
        order_by="[PartyReport.at, PartyReport.id]",
        cascade="all, delete-orphan",
    )


class WarningDispatch(Base):
    """One dispatch (派单) to a body or a named person, with the deadlines it was given; a
    reassignment or escalation ends it (ended_at, end_reason) and the row stays."""

    __tablename__ = "warning_dispatch"
    __table_args__ = (
        CheckConstraint("response_due >= dispatched_at", name="response_due"),
        CheckConstraint("complete_due >= response_due", name="complete_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(
        ForeignKey("grid_warning.id", ondelete="CASCADE"), index=True
    )
    target: Mapped[str] = mapped_column(String(60))  # the body, or the person's name
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[str] = mapped_column(String(10))
    dispatched_at: Mapped[datetime] = mapped_column(DateTime)
    response_due: Mapped[datetime] = mapped_column(DateTime)
    complete_due: Mapped[datetime] = mapped_column(DateTime)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(200))

    warning: Mapped[GridWarning] = relationship(back_populates="dispatches")
    person: Mapped[Person | None] = relationship()


class WarningStep(Base):
    """One entry of a warning's timeline: who did what, when, with a note."""

    __tablename__ = "warning_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(
        ForeignKey("grid_warning.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    status_from: Mapped[str | None] = mapped_column(String(12))
    status_to: Mapped[str] = mapped_column(String(12))
    level_from: Mapped[str | None] = mapped_column(String(10))
    level_to: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")

    warning: Mapped[GridWarning] = relationship(back_populates="steps")


class PartyReport(Base):
    """党员报到: a party member reported for duty on a warning: when, and what they did."""

    __tablename__ = "party_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    warning_id: Mapped[int] = mapped_column(
        ForeignKey("grid_warning.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    work: Mapped[str] = mapped_column(Text)

    warning: Mapped[GridWarning] = relationship(back_populates="party_reports")
    person: Mapped[Person] = relationship()
