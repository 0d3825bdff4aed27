"""Monthly assessment (考核): schemes in versions, months with their entries, history and results.

Points are INTEGER tenths (18.5 points = 185): exact on every engine, turned into Decimal by the
services. A scheme is immutable once a month scored with it is approved (`frozen`); editing it
then makes the next version of the same family. The children of a scheme (sections, items,
bands, roles) travel with it, so only the scheme and the month records carry a sync identity.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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
from desktop.models.people import Person, Role


class AssessmentScheme(SyncedMixin, Base):
    """One version of a scheme (考核细则); versions of the same scheme share `family_uid`."""

    __tablename__ = "assessment_scheme"
    __table_args__ = (
        UniqueConstraint("family_uid", "version"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint(
            "top_quota_percent IS NULL OR (top_quota_percent > 0 AND top_quota_percent <= 100)",
            name="quota",
        ),
        CheckConstraint("bonus_cap_tenths IS NULL OR bonus_cap_tenths >= 0", name="bonus_cap"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_uid: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(60))
    start_month: Mapped[date] = mapped_column(Date)  # the first day of the month
    top_quota_percent: Mapped[int | None] = mapped_column(Integer)
    bonus_cap_tenths: Mapped[int | None] = mapped_column(Integer)
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)

    roles: Mapped[list[SchemeRole]] = relationship(cascade="all, delete-orphan")
    sections: Mapped[list[SchemeSection]] = relationship(
        order_by="SchemeSection.position", cascade="all, delete-orphan"
    )
    bands: Mapped[list[GradeBandRow]] = relationship(
        order_by="GradeBandRow.position", cascade="all, delete-orphan"
    )


class SchemeRole(Base):
    """A role the scheme applies to (专职网格员, 微网格员 …)."""

    __tablename__ = "scheme_role"

    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_scheme.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(
        ForeignKey("role.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    role: Mapped[Role] = relationship()


class SchemeSection(Base):
    """A section (大则) of a scheme."""

    __tablename__ = "scheme_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_scheme.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))

    items: Mapped[list[SchemeItem]] = relationship(
        back_populates="section", order_by="SchemeItem.position", cascade="all, delete-orphan"
    )


class SchemeItem(Base):
    """An item (小则). `key` stays the same from one version of the scheme to the next, so a
    month's entries are kept by key and survive a new version."""

    __tablename__ = "scheme_item"
    __table_args__ = (
        UniqueConstraint("scheme_id", "key"),
        CheckConstraint("kind IN ('manual', 'deduction', 'bonus', 'auto', 'veto')", name="kind"),
        CheckConstraint("max_tenths >= 0 AND per_count_tenths >= 0", name="points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_scheme.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("scheme_section.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))
    max_tenths: Mapped[int] = mapped_column(Integer, default=0)
    per_count_tenths: Mapped[int] = mapped_column(Integer, default=0)
    bands: Mapped[str] = mapped_column(Text, default="")  # JSON [["figure", "points"], …]
    metric: Mapped[str] = mapped_column(String(40), default="")
    rule_text: Mapped[str] = mapped_column(Text, default="")

    scheme: Mapped[AssessmentScheme] = relationship()
    section: Mapped[SchemeSection] = relationship(back_populates="items")


class GradeBandRow(Base):
    """A grade band of a scheme: totals in [lower, upper) get `grade`; the top band is open."""

    __tablename__ = "grade_band"
    __table_args__ = (UniqueConstraint("scheme_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_scheme.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)  # 0 = the best grade
    grade: Mapped[str] = mapped_column(String(10))
    lower_tenths: Mapped[int] = mapped_column(Integer)
    upper_tenths: Mapped[int | None] = mapped_column(Integer)


class AssessmentMonth(SyncedMixin, Base):
    """A township's month under one scheme (family): its state and the version it is scored with."""

    __tablename__ = "assessment_month"
    __table_args__ = (
        UniqueConstraint("township_id", "month", "family_uid"),
        CheckConstraint("status IN ('draft', 'submitted', 'approved')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(
        ForeignKey("grid_unit.id", ondelete="RESTRICT"), index=True
    )
    month: Mapped[date] = mapped_column(Date, index=True)  # the first day of the month
    family_uid: Mapped[str] = mapped_column(String(36))
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_scheme.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="draft")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)

    township: Mapped[GridUnit] = relationship()
    scheme: Mapped[AssessmentScheme] = relationship()
    events: Mapped[list[AssessmentEvent]] = relationship(
        order_by="[AssessmentEvent.at, AssessmentEvent.id]", cascade="all, delete-orphan"
    )


class ScoreEntry(SyncedMixin, Base):
    """What the scorer entered for one worker and item: points (manual, in tenths) or a count
    (deduction/bonus occurrences; for a veto item 1 = yes, 0 = no)."""

    __tablename__ = "score_entry"
    __table_args__ = (
        UniqueConstraint("month_id", "person_id", "item_key"),
        CheckConstraint("points_tenths IS NULL OR points_tenths >= 0", name="points"),
        CheckConstraint("count IS NULL OR count >= 0", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_month.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    item_key: Mapped[str] = mapped_column(String(36))
    points_tenths: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")

    person: Mapped[Person] = relationship()


class AssessmentEvent(SyncedMixin, Base):
    """A step in a month's history: submitted, approved, reopened — who, when, why."""

    __tablename__ = "assessment_event"
    __table_args__ = (CheckConstraint("action IN ('submit', 'approve', 'reopen')", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_month.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))
    status_from: Mapped[str] = mapped_column(String(10))
    status_to: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")


class ScoreResult(SyncedMixin, Base):
    """A worker's result as approved: what history and period results read, whatever changes
    later in the roster or the data behind automatic items."""

    __tablename__ = "score_result"
    __table_args__ = (UniqueConstraint("month_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_month.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    village: Mapped[str] = mapped_column(String(60))
    total_tenths: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int] = mapped_column(Integer)
    village_rank: Mapped[int] = mapped_column(Integer)
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    held_back_by_quota: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[str] = mapped_column(Text)  # JSON {item key: tenths}
    figures: Mapped[str] = mapped_column(Text, default="")  # JSON {metric: figure}, as scored

    person: Mapped[Person] = relationship()
