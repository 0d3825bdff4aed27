"""Plain reads that fill the first screen: the grid tree and the role list.

No ORM here: these run before SQLAlchemy has loaded (see desktop/db.py), through portable SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.db import Database
from desktop.services import jurisdiction
from desktop.vocabulary import Level


@dataclass(frozen=True)
class UnitInfo:
    id: int
    uid: str
    parent_id: int | None
    level: Level
    code: str
    name: str
    kind: str | None
    stats_code: str | None
    households: int | None
    population: int | None
    row_version: int  # as read: a save based on it is refused once someone else changed it


@dataclass(frozen=True)
class RoleInfo:
    id: int
    name: str
    builtin: bool


UNIT_COLUMNS = (
    "id, uid, parent_id, level, code, name, kind, stats_code, households, population, row_version"
)
LEVEL_ORDER = {level: index for index, level in enumerate(Level)}


def unit_from_row(row: tuple) -> UnitInfo:
    return UnitInfo(row[0], row[1], row[2], Level(row[3]), *row[4:])


def list_units(db: Database) -> list[UnitInfo]:
    """Every unit the acting account sees (for an account of one township: the county and that
    township's units), parents before children, siblings by code."""
    units = [unit_from_row(row) for row in db.read_rows(f"SELECT {UNIT_COLUMNS} FROM grid_unit")]
    visible = jurisdiction.visible_unit_ids(db, links=[(u.id, u.parent_id) for u in units])
    if visible is not None:
        units = [unit for unit in units if unit.id in visible]
    return sorted(units, key=lambda u: (LEVEL_ORDER[u.level], u.code))


def list_townships(db: Database) -> list[UnitInfo]:
    """The townships (乡镇/街道) the database holds, by code: one, or a county's several."""
    return [unit for unit in list_units(db) if unit.level is Level.TOWNSHIP]


def subtree_ids(links: Iterable[tuple[int, int | None]], root_id: int) -> set[int]:
    """The ids of a unit and everything below it, from (id, parent_id) pairs."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in links:
        children.setdefault(parent_id, []).append(unit_id)
    found, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def list_roles(db: Database) -> list[RoleInfo]:
    rows = db.read_rows("SELECT id, name, builtin FROM role ORDER BY sort_order, id")
    return [RoleInfo(role_id, name, bool(builtin)) for role_id, name, builtin in rows]
