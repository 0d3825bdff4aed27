"""村（社区）花名册: the people in post on a day in a village (or the whole township), one block per
village, ordered by unit (village, its grids, their micro-grids) and role; IDs and phones masked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.db import Database
from desktop.reports.issuer import Scope, scope_of
from desktop.reports.paper import Paper, chinese_date, paragraph, sign_and_seal, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.reports.table import Column, GroupRow, LedgerTable, Row
from desktop.services.identity import mask_id, mask_phone
from desktop.services.lookups import UnitInfo, list_roles, list_units, subtree_ids
from desktop.services.roster import list_people
from desktop.vocabulary import Level

TITLE = "网格化服务管理人员花名册"

COLUMNS = (
    Column("序号", 0.55, "center"),
    Column("姓名", 1.15),
    Column("性别", 0.5, "center"),
    Column("岗位", 1.25),
    Column("所属网格", 2.6),
    Column("身份证号", 1.9, "center"),
    Column("联系电话", 1.3, "center"),
    Column("政治面貌", 1.05, "center"),
    Column("任职日期", 1.05, "center"),
    Column("备注", 1.2),
)


@dataclass(frozen=True)
class _Post:
    village: str  # the block the row is printed in
    sort_key: tuple
    person_id: int
    role: str
    cells: tuple[str, ...]  # every cell but the number


def render(
    db: Database, request: ReportRequest, out: Path | str, progress: Progress | None = None
) -> Rendered:
    scope = scope_of(db, request.unit_code)
    day = request.today or date.today()
    paper = Paper(
        out,
        title=f"{scope.place}{TITLE}",
        issuer=scope.centre,
        period=chinese_date(day),
        period_label="统计时点",
        today=day,
        landscape=True,
    )
    units = {u.id: u for u in list_units(db)}
    inside = subtree_ids(((u.id, u.parent_id) for u in units.values()), scope.unit_id)
    posts = _posts(db, scope, day, units, inside)
    rows: list[Row] = []
    village = None
    for number, post in enumerate(posts, start=1):
        if post.village != village:
            village = post.village
            count = sum(1 for p in posts if p.village == village)
            rows.append(GroupRow(f"{village}（{count} 人）"))
        rows.append((str(number), *post.cells))
    story = [
        paragraph(
            _summary(scope, posts, day, [units[i] for i in inside - {scope.unit_id}]), 10, indent=2
        ),
        spacer(3),
        LedgerTable(COLUMNS, rows, size=9, progress=progress),
        paragraph("注：身份证号、联系电话已按规定隐去部分数字；一人兼任多个岗位的逐岗列出。", 9),
        sign_and_seal(paper, author=request.author),
    ]
    return paper.build(story)


def _posts(
    db: Database, scope: Scope, day: date, units: dict[int, UnitInfo], inside: set[int]
) -> list[_Post]:
    """Every post held on `day` in the units `inside`, in print order."""
    role_order = {role.name: index for index, role in enumerate(list_roles(db))}
    unit_order = {unit_id: index for index, unit_id in enumerate(units)}  # parents first, by code
    posts = []
    for person in list_people(db, scope.unit_code):
        for held in person.assignments:
            if held.unit_id not in inside or not held.active_on(day):
                continue
            village, below = _place(units, held.unit_id)
            posts.append(
                _Post(
                    village.name if village else f"{scope.township_name}本级",
                    (
                        unit_order[village.id] if village else -1,
                        _path_order(units, unit_order, held.unit_id),
                        role_order.get(held.role, len(role_order)),
                        held.start_date,
                        person.name,
                    ),
                    person.id,
                    held.role,
                    (
                        person.name,
                        person.gender or "",
                        held.role,
                        below,
                        mask_id(person.citizen_id),
                        mask_phone(person.phone),
                        person.political_status or "",
                        held.start_date.isoformat(),
                        held.note or "",
                    ),
                )
            )
    return sorted(posts, key=lambda p: p.sort_key)


def _place(units: dict[int, UnitInfo], unit_id: int) -> tuple[UnitInfo | None, str]:
    """The village a unit lies in (None at township level) and its path below the village without
    the village's name repeated, e.g. "第1网格／道路片区3" ("村本级" for the village itself)."""
    chain: list[UnitInfo] = []
    unit: UnitInfo | None = units[unit_id]
    while unit is not None and unit.level not in (Level.VILLAGE, Level.TOWNSHIP):
        chain.append(unit)
        unit = units.get(unit.parent_id) if unit.parent_id is not None else None
    if unit is None or unit.level == Level.TOWNSHIP:
        return None, "／".join(u.name for u in reversed(chain)) or "本级"
    names = [u.name.removeprefix(unit.name) or u.name for u in reversed(chain)]
    return unit, "／".join(names) or f"{unit.kind or '村'}本级"


def _path_order(units: dict[int, UnitInfo], order: dict[int, int], unit_id: int) -> tuple[int, ...]:
    path = []
    unit: UnitInfo | None = units[unit_id]
    while unit is not None:
        path.append(order[unit.id])
        unit = units.get(unit.parent_id) if unit.parent_id is not None else None
    return tuple(reversed(path))


def _summary(scope: Scope, posts: list[_Post], day: date, units: list[UnitInfo]) -> str:
    """The opening sentence: how many units (below the scope) and people, and posts by role."""
    levels = Counter(u.level for u in units)
    people = len({p.person_id for p in posts})
    parts = [
        f"{label}{levels[level]}个"
        for level, label in (
            (Level.VILLAGE, "村(社区)"),
            (Level.GRID, "网格"),
            (Level.MICRO, "微网格"),
        )
        if levels[level]
    ]
    roles = Counter(p.role for p in posts)  # in print order: posts are sorted by role within a unit
    order = {role: min(p.sort_key[2] for p in posts if p.role == role) for role in roles}
    by_role = "、".join(f"{role}{roles[role]}人" for role in sorted(roles, key=order.__getitem__))
    text = f"截至{chinese_date(day)}，{scope.place}"
    if parts:
        text += f"共有{'、'.join(parts)}，"
    if not posts:
        return text + "没有在岗人员。"
    return text + f"在岗人员{people}人、岗位{len(posts)}个：{by_role}。"
