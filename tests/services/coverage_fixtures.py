"""A hand-built grid for the coverage checks, made through the grid and roster services.

    南江县
    └── 示例镇
        └── 青山村 ─ 李辅警 (辅警), 王律师 (法律顾问), 赵调解 (人民调解员)
            └── 青山村第一网格 ─ 张三丰 (网格长)
                ├── 青山一组 (20 户) ─ 王秀英 (微网格员)
                └── 青山二组 (25 户) ─ 陈大姐 (联户长)

青山村 passes every check on TODAY; each test adds the gap it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.db import Database
from desktop.services import grid, roster
from desktop.services.grid import UnitDraft
from desktop.services.roster import PersonDraft
from desktop.vocabulary import Level

TODAY = date(2025, 6, 1)
POSTS_FROM = date(2023, 3, 1)  # assign_role refuses dates after the real today
VILLAGE = "511922100201"


@dataclass
class Grid:
    db: Database
    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)

    def unit(
        self,
        level: Level,
        code: str,
        name: str,
        parent: str | None = None,
        households: int | None = None,
    ) -> None:
        draft = UnitDraft(
            level,
            code,
            name,
            parent_id=self.units[parent] if parent else None,
            households=households,
        )
        self.units[name] = grid.create_unit(self.db, draft).id

    def post(
        self, person: str, role: str, place: str, start: date = POSTS_FROM, end: date | None = None
    ) -> None:
        """`person` holds `role` in `place` from `start` (to `end`, when given)."""
        if person not in self.people:
            self.people[person] = roster.add_person(self.db, PersonDraft(name=person)).id
        if role not in self.roles:
            self.roles = {r.name: r.id for r in roster.list_roles(self.db)}
        made = roster.assign_role(
            self.db, self.people[person], self.units[place], self.roles[role], start
        )
        if end is not None:
            roster.end_assignment(self.db, made.id, end)


def build_grid(db: Database) -> Grid:
    made = Grid(db)
    made.unit(Level.COUNTY, "511922", "南江县")
    made.unit(Level.TOWNSHIP, "511922100", "示例镇", "南江县")
    made.unit(Level.VILLAGE, VILLAGE, "青山村", "示例镇")
    made.unit(Level.GRID, f"{VILLAGE}-01", "青山村第一网格", "青山村")
    made.unit(Level.MICRO, f"{VILLAGE}-01-01", "青山一组", "青山村第一网格", households=20)
    made.unit(Level.MICRO, f"{VILLAGE}-01-02", "青山二组", "青山村第一网格", households=25)
    made.post("李辅警", "辅警", "青山村")
    made.post("王律师", "法律顾问", "青山村")
    made.post("赵调解", "人民调解员", "青山村")
    made.post("张三丰", "网格长", "青山村第一网格")
    made.post("王秀英", "微网格员", "青山一组")
    made.post("陈大姐", "联户长", "青山二组")
    return made


def add_empty_community(made: Grid) -> None:
    """石门社区: a community with nobody in post and no grid yet."""
    made.unit(Level.VILLAGE, "511922100202", "石门社区", "示例镇")
