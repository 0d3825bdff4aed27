"""The grid: county → township → village/community → grid → micro-grid."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SyncedMixin


class Level(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"
    GRID = "grid"
    MICRO = "micro"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def child(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    @property
    def parent(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index - 1] if index > 0 else None


LEVEL_LABELS = {
    Level.COUNTY: "县(区)",
    Level.TOWNSHIP: "乡镇(街道)",
    Level.VILLAGE: "村(社区)",
    Level.GRID: "网格",
    Level.MICRO: "微网格",
}

# What a micro-grid covers, as townships name it. Free text is allowed; these fill the drop-down.
MICRO_GRID_KINDS = (
    "院落/小区",
    "企事业单位",
    "学校",
    "商铺",
    "街区园区",
    "公园绿道",
    "道路",
    "自然村/组",
)

VILLAGE_KINDS = ("村", "社区")


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
