"""Dispute cases (矛盾纠纷): intake, the steps of their handling, mediators, agreements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SyncedMixin
from desktop.models.grid import GridUnit
from desktop.models.people import Person


class CaseCategory(Base):
    """The category list (婚姻家庭, 邻里 …); `due_days` overrides the default deadline."""

    __tablename__ = "case_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    due_days: Mapped[int | None] = mapped_column(Integer)


class DisputeCase(SyncedMixin, Base):
    __tablename__ = "dispute_case"
    __table_args__ = (
        UniqueConstraint("township_id", "year", "seq"),
        CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="amount"),
        CheckConstraint("people_involved >= 0", name="people"),
        CheckConstraint("due_on >= received_on", name="due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("grid_unit.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60), unique=True)  # 示例镇〔2026〕0012号
    received_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(20))
    category_id: Mapped[int] = mapped_column(
        ForeignKey("case_category.id", ondelete="RESTRICT"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("grid_unit.id", ondelete="RESTRICT"), index=True
    )
    people_involved: Mapped[int] = mapped_column(Integer, default=0)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)  # money is kept exactly, in fen
    summary: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[str] = mapped_column(String(4), default="一般")
    criminal_risk: Mapped[bool] = mapped_column(Boolean, default=False)  # 民转刑风险
    group_risk: Mapped[bool] = mapped_column(Boolean, default=False)  # 群体性
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), index=True)
    level: Mapped[str | None] = mapped_column(String(12))  # set when routed
    transferred_to: Mapped[str | None] = mapped_column(String(40))
    original_due_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(12))
    concluded_on: Mapped[date | None] = mapped_column(Date, index=True)

    category: Mapped[CaseCategory] = relationship()
    unit: Mapped[GridUnit] = relationship(foreign_keys=[unit_id])
    township: Mapped[GridUnit] = relationship(foreign_keys=[township_id])
    reporter: Mapped[Person | None] = relationship()
    parties: Mapped[list[CaseParty]] = relationship(
        back_populates="case", order_by="CaseParty.position", cascade="all, delete-orphan"
    )
    steps: Mapped[list[CaseStep]] = relationship(
        back_populates="case",
        # by time: steps that came in a sync package take their place among the local ones
        order_by="[CaseStep.at, CaseStep.id]",
        cascade="all, delete-orphan",
    )
    mediators: Mapped[list[CaseMediator]] = relationship(
        back_populates="case", order_by="CaseMediator.id", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[MediationSession]] = relationship(
        order_by="MediationSession.held_on", cascade="all, delete-orphan"
    )
    agreement: Mapped[Agreement | None] = relationship(cascade="all, delete-orphan")
    follow_ups: Mapped[list[FollowUp]] = relationship(
        order_by="FollowUp.visited_on", cascade="all, delete-orphan"
    )


class CaseParty(SyncedMixin, Base):
    """A party to a dispute: a person (ID optional) or an organisation."""

    __tablename__ = "case_party"
    __table_args__ = (CheckConstraint("kind IN ('person', 'organisation')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(12), default="person")
    name: Mapped[str] = mapped_column(String(80))
    citizen_id: Mapped[str | None] = mapped_column(String(18), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    # Where the party lives in the grid, when known: a mediator of the same micro-grid is flagged.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("grid_unit.id", ondelete="RESTRICT"))

    case: Mapped[DisputeCase] = relationship(back_populates="parties")


class CaseStep(SyncedMixin, Base):
    """One entry of a case's timeline: who did what, when, with a note."""

    __tablename__ = "case_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    status_from: Mapped[str | None] = mapped_column(String(12))
    status_to: Mapped[str] = mapped_column(String(12))
    level_from: Mapped[str | None] = mapped_column(String(12))
    level_to: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[DisputeCase] = relationship(back_populates="steps")


class CaseMediator(SyncedMixin, Base):
    """A mediator on a case, lead or second; a reassignment ends the old row and keeps it."""

    __tablename__ = "case_mediator"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    lead: Mapped[bool] = mapped_column(Boolean, default=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(200))

    case: Mapped[DisputeCase] = relationship(back_populates="mediators")
    person: Mapped[Person] = relationship()


class MediationSession(SyncedMixin, Base):
    __tablename__ = "mediation_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100), default="")
    mediators_present: Mapped[str] = mapped_column(String(200), default="")
    parties_present: Mapped[str] = mapped_column(String(200), default="")
    record: Mapped[str] = mapped_column(Text, default="")


class Agreement(SyncedMixin, Base):
    """The mediation agreement (调解协议书) and the dates that follow from it."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="CASCADE"), unique=True
    )
    signed_on: Mapped[date] = mapped_column(Date)
    facts: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(Text)
    obligations: Mapped[str] = mapped_column(Text, default="")  # one line per party
    performance: Mapped[str] = mapped_column(Text, default="")  # how and where it is carried out
    perform_by: Mapped[date | None] = mapped_column(Date)
    confirmation_due_on: Mapped[date] = mapped_column(Date)  # 人民调解法 §33: 30 days
    follow_up_due_on: Mapped[date] = mapped_column(Date)


class FollowUp(SyncedMixin, Base):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("dispute_case.id", ondelete="CASCADE"), index=True
    )
    visited_on: Mapped[date] = mapped_column(Date)
    performed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")


class MediatorSpecialty(Base):
    """A category a mediator is good at; ranks them first for cases of it."""

    __tablename__ = "mediator_specialty"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("case_category.id", ondelete="CASCADE"), primary_key=True
    )


class Setting(Base):
    """A setting of the township's data (deadlines …), as text; defaults live in the service."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
