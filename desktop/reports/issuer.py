"""Who issues a paper: the township (乡镇/街道) of the scope asked for and its centre's name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.models import GridUnit
from desktop.vocabulary import Level

CENTRE_SUFFIX = "综合治理中心"


@dataclass(frozen=True)
class Scope:
    """The unit a paper covers (a village, a grid, or the township itself) and its township."""

    unit_id: int
    unit_code: str
    unit_name: str
    unit_level: Level
    township_id: int
    township_code: str
    township_name: str

    @property
    def centre(self) -> str:
        """The issuing unit printed on papers: 示例镇 → 示例镇综合治理中心."""
        return centre_name(self.township_name)

    @property
    def is_township(self) -> bool:
        return self.unit_id == self.township_id

    @property
    def place(self) -> str:
        """示例镇 for the township, 示例镇东风村 for a unit inside it."""
        if self.is_township:
            return self.township_name
        return f"{self.township_name}{self.unit_name}"


def centre_name(township_name: str) -> str:
    return f"{township_name}{CENTRE_SUFFIX}"


def scope_of(db: Database, unit_code: str | None = None) -> Scope:
    """The scope of `unit_code` (any unit at or below a township), or of the only township when
    `unit_code` is None. NotFoundError (Chinese) when the code names no unit."""
    with db.session() as session:
        units = {
            row.id: row
            for row in session.execute(
                select(
                    GridUnit.id, GridUnit.parent_id, GridUnit.level, GridUnit.code, GridUnit.name
                )
            )
        }
    townships = sorted(
        (u for u in units.values() if u.level == Level.TOWNSHIP.value), key=lambda u: u.code
    )
    if unit_code is None:
        if not townships:
            raise NotFoundError("数据库中还没有乡镇(街道)")
        if len(townships) > 1:
            listed = "、".join(f"{u.name}（{u.code}）" for u in townships)
            raise ValidationError({"unit": f"数据库中有多个乡镇(街道)：{listed}；请指定单位编码"})
        unit = townships[0]
    else:
        code = unit_code.strip()
        unit = next((u for u in units.values() if u.code == code), None)
        if unit is None:
            raise NotFoundError(f"没有编码为 {code} 的单位")
    township = unit
    while township is not None and township.level != Level.TOWNSHIP.value:
        township = units.get(township.parent_id)
    if township is None:
        raise NotFoundError(f"{unit.name}（{unit.code}）不属于任何乡镇(街道)，请选择乡镇或村(社区)")
    return Scope(
        unit.id,
        unit.code,
        unit.name,
        Level(unit.level),
        township.id,
        township.code,
        township.name,
    )
