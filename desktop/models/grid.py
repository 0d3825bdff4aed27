"""The grid: county → township → village/community → grid → micro-grid."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SyncedMixin
from desktop.vocabulary import LEVEL_LABELS, MICRO_GRID_KINDS, VILLAGE_KINDS, Level

__all__ = [
    "LEVEL_LABELS",
    "MICRO_GRID_KINDS",
    "VILLAGE_KINDS",
    "GridUnit",
    "Level",
]  # for old imports


class GridUnit(SyncedMixin, Base):
    __tablename__ = "grid_unit"
    __table_args__ = (
        CheckConstraint(
            "level IN ('county', 'township', 'village', 'grid', 'micro')", name="level"
        ),
        CheckConstraint("households IS NULL OR households >= 0", name="households"),
        CheckConstraint("population IS NULL OR population >= 0", name="population"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("grid_unit.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str | None] = mapped_column(String(20))
    stats_code: Mapped[str | None] = mapped_column(String(12))
    households: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[int | None] = mapped_column(Integer)

    parent: Mapped[GridUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[GridUnit]] = relationship(back_populates="parent")
