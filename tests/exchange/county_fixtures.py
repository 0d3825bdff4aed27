"""Two townships of 南江县, each built in a database of its own as a township workstation does
(each therefore with its own 南江县 unit: the same code, another uid), for the county import tests.

    南江县 ── 示例镇 (511922100) ── 青山村 ─ 周建国 (网格长), one 邻里 case
    南江县 ── 北坝镇 (511922101) ── 北坝村 ─ 陈北坝 (网格长), one 邻里 case
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.db import Database
from desktop.exchange.sync import SyncPackage, export_sync_package, read_sync_package
from desktop.services import case_settings, cases, grid, roster
from desktop.services.cases import CaseDraft, PartyDraft
from desktop.services.grid import UnitDraft
from desktop.services.identity import check_char
from desktop.services.roster import PersonDraft
from desktop.vocabulary import Level

NOW = datetime(2026, 3, 2, 9, 0)


@dataclass(frozen=True)
class TownshipSpec:
    code: str
    name: str
    village: str
    worker: str
    sequence: int  # of the worker's citizen ID

    @property
    def citizen_id(self) -> str:
        first17 = f"51192219800101{self.sequence:03d}"
        return first17 + check_char(first17)


SHIJIANG = TownshipSpec("511922100", "示例镇", "青山村", "周建国", 15)
BEIBA = TownshipSpec("511922101", "北坝镇", "北坝村", "陈北坝", 21)


def build_township(db: Database, spec: TownshipSpec) -> None:
    county = grid.create_unit(db, UnitDraft(Level.COUNTY, "511922", "南江县"))
    township = grid.create_unit(db, UnitDraft(Level.TOWNSHIP, spec.code, spec.name, county.id))
    village = grid.create_unit(
        db, UnitDraft(Level.VILLAGE, f"{spec.code}201", spec.village, township.id, kind="村")
    )
    roles = {role.name: role.id for role in roster.list_roles(db)}
    worker = roster.add_person(
        db, PersonDraft(name=spec.worker, citizen_id=spec.citizen_id, phone="13800001111")
    )
    roster.assign_role(db, worker.id, village.id, roles["网格长"], date(2023, 3, 1))
    categories = {c.name: c.id for c in case_settings.list_categories(db)}
    draft = CaseDraft(
        received_on=NOW.date(),
        source="网格上报",
        category_id=categories["邻里"],
        unit_id=village.id,
        parties=(PartyDraft("李大山"), PartyDraft("李小河")),
        summary=f"{spec.village}两家因院墙排水发生争执",
        reporter_id=worker.id,
    )
    cases.register_case(db, draft, actor="经办人", now=NOW)


def send(township: Database, path: Path, exported_at: datetime) -> SyncPackage:
    """The township exports its package at `exported_at`; the county reads it."""
    export_sync_package(township, path, clock=lambda: exported_at)
    return read_sync_package(path)
