"""网格覆盖 (纵向到底、横向到边): does every village have the people the practice asks for, and
is every household inside a micro-grid of the right size?

Where each role sits — the rule the checks follow, as the roster and the demo place people:

- 网格长: one per grid, posted in that grid. A village not yet divided into grids needs one
  posted in the village itself.
- 辅警 (一村一辅警), 法律顾问 (一村一法律顾问), 人民调解员, 驻村第一书记: village posts. Someone
  posted in the village or anywhere below it (a grid, a micro-grid) serves the village.
- 微网格员: one per micro-grid, posted there. 楼栋长, 联户长, 护林员, 护路员 and
  地质灾害监测员 are 微网格员 under their own names (DESIGN.md), so any of them counts. A grid
  with no micro-grid under it leaves its households outside the 微网格 and is a gap too.
- 户数: each micro-grid holds between the township's minimum and maximum households (setting,
  default 10–30); a micro-grid whose households are not filled in is a gap, since nobody can tell.
- 有人在岗: the village, each grid and each micro-grid has at least one person in post.

驻村第一书记 is sent by the county to some villages only, and nothing in the roster says which.
The township lists them under 设置 (one `setting` key per village); for a listed village an
empty post is a gap. Elsewhere the check is for information: it shows who is in post and never
fails, so that villages without a secretary are not blamed for the county's choice.

Only assignments current on `today` count (started, and not ended on or before that day — the
rule of roster.AssignmentInfo.active_on).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import delete, select

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.models import Assignment, GridUnit, Person, Role, Setting
from desktop.services import access
from desktop.services.access import Permission
from desktop.vocabulary import Level

GRID_LEADER_ROLE = "网格长"
MICRO_WORKER_ROLES = frozenset(
    ("微网格员", "楼栋长", "联户长", "护林员", "护路员", "地质灾害监测员")
)

SETTING_MIN, SETTING_MAX = "coverage.micro_households_min", "coverage.micro_households_max"
SECRETARY_PREFIX = "coverage.first_secretary."  # + village code; the key fits String(60)
HOUSEHOLD_LIMITS = (1, 1000)


class Check(StrEnum):
    GRID_LEADER = "grid_leader"
    AUXILIARY_POLICE = "auxiliary_police"
    LEGAL_ADVISER = "legal_adviser"
    FIRST_SECRETARY = "first_secretary"
    MEDIATOR = "mediator"
    MICRO_WORKER = "micro_worker"
    HOUSEHOLDS = "households"
    STAFFED = "staffed"

    @property
    def label(self) -> str:
        return CHECK_LABELS[self]


# The village posts: the check → the role one person in the village must hold.
VILLAGE_ROLES = {
    Check.AUXILIARY_POLICE: "辅警",
    Check.LEGAL_ADVISER: "法律顾问",
    Check.FIRST_SECRETARY: "驻村第一书记",
    Check.MEDIATOR: "人民调解员",
}

CHECK_LABELS = {
    Check.GRID_LEADER: "网格长",
    Check.AUXILIARY_POLICE: "一村一辅警",
    Check.LEGAL_ADVISER: "一村一法律顾问",
    Check.FIRST_SECRETARY: "驻村第一书记",
    Check.MEDIATOR: "人民调解员",
    Check.MICRO_WORKER: "微网格员",
    Check.HOUSEHOLDS: "微网格户数",
    Check.STAFFED: "单位有人在岗",
}


@dataclass(frozen=True)
class CoverageSettings:
    min_households: int = 10
    max_households: int = 30
    first_secretary_villages: frozenset[str] = frozenset()  # village codes


@dataclass(frozen=True)
class Gap:
    """One thing a clerk can fix: the unit, the check it fails and what to do, in Chinese."""

    unit_code: str
    unit_name: str
    level: Level
    village_code: str
    village_name: str
    check: Check
    message: str


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool
    gaps: tuple[Gap, ...]
    note: str  # who is in post, or why the check does not apply
    applies: bool = True  # False: information only (驻村第一书记 where none is sent)


@dataclass(frozen=True)
class VillageCoverage:
    code: str
    name: str
    grids: int
    micro_grids: int
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.checks)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(gap for result in self.checks for gap in result.gaps)

    def result(self, check: Check) -> CheckResult:
        return next(result for result in self.checks if result.check == check)


@dataclass(frozen=True)
class CheckTotal:
    check: Check
    villages: int  # villages the check applies to
    villages_passed: int
    gaps: int


@dataclass(frozen=True)
class TownshipCoverage:
    code: str
    name: str
    villages: int
    villages_covered: int  # every check passed
    grids: int
    micro_grids: int
    gaps: int
    totals: tuple[CheckTotal, ...]


@dataclass(frozen=True)
class Coverage:
    today: date
    settings: CoverageSettings
    township: TownshipCoverage
    villages: tuple[VillageCoverage, ...]

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(gap for village in self.villages for gap in village.gaps)


# -------------------------------------------------------------------------------------- settings


def load_settings(db: Database) -> CoverageSettings:
    rows = db.read_rows("SELECT key, value FROM setting WHERE key LIKE ?", ("coverage.%",))
    stored = dict(rows)
    default = CoverageSettings()

    def number(key: str, fallback: int) -> int:
        value = stored.get(key, "")
        return int(value) if value.isdigit() else fallback

    villages = frozenset(
        key.removeprefix(SECRETARY_PREFIX)
        for key, value in rows
        if key.startswith(SECRETARY_PREFIX) and value == "1"
    )
    return CoverageSettings(
        number(SETTING_MIN, default.min_households),
        number(SETTING_MAX, default.max_households),
        villages,
    )


def save_settings(db: Database, settings: CoverageSettings) -> None:
    """Store the households range and the villages with a 驻村第一书记 sent; ValidationError
    (Chinese, by field) when the range makes no sense or a village code is unknown."""
    access.require(db, Permission.SETTINGS)
    low, high = HOUSEHOLD_LIMITS
    errors = {}
    for name, value in (
        ("min_households", settings.min_households),
        ("max_households", settings.max_households),
    ):
        if not _whole(value) or not low <= value <= high:
            errors[name] = f"户数应为 {low}～{high} 户"
    if not errors and settings.min_households > settings.max_households:
        errors["max_households"] = "最多户数不能少于最少户数"
    with db.session() as session:
        known = set(
            session.scalars(
                select(GridUnit.code).where(
                    GridUnit.level == Level.VILLAGE.value,
                    GridUnit.code.in_(sorted(settings.first_secretary_villages)),
                )
            )
        )
        unknown = sorted(settings.first_secretary_villages - known)
        if unknown:
            errors["first_secretary_villages"] = f"没有编码为 {'、'.join(unknown)} 的村(社区)"
        if errors:
            raise ValidationError(errors)
        session.merge(Setting(key=SETTING_MIN, value=str(settings.min_households)))
        session.merge(Setting(key=SETTING_MAX, value=str(settings.max_households)))
        session.execute(delete(Setting).where(Setting.key.like(SECRETARY_PREFIX + "%")))
        for code in sorted(settings.first_secretary_villages):
            session.add(Setting(key=SECRETARY_PREFIX + code, value="1"))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# -------------------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class _Unit:
    id: int
    parent_id: int | None
    level: Level
    code: str
    name: str
    households: int | None


def coverage(db: Database, *, today: date, unit_code: str | None = None) -> Coverage:
    """The checks for every village of the township (the only one in the database unless
    `unit_code` names one), or for the village holding the unit `unit_code` names."""
    settings = load_settings(db)
    with db.session() as session:
        units = {
            row.id: _Unit(
                row.id, row.parent_id, Level(row.level), row.code, row.name, row.households
            )
            for row in session.execute(
                select(
                    GridUnit.id,
                    GridUnit.parent_id,
                    GridUnit.level,
                    GridUnit.code,
                    GridUnit.name,
                    GridUnit.households,
                )
            )
        }
        posts = session.execute(
            select(Assignment.unit_id, Role.name, Person.name)
            .join(Role, Role.id == Assignment.role_id)
            .join(Person, Person.id == Assignment.person_id)
            .where(
                Assignment.start_date <= today,
                (Assignment.end_date.is_(None)) | (Assignment.end_date > today),
            )
            .order_by(Person.name, Assignment.id)
        ).all()
    children: dict[int | None, list[_Unit]] = defaultdict(list)
    for unit in sorted(units.values(), key=lambda u: u.code):
        children[unit.parent_id].append(unit)
    in_post: dict[int, list[tuple[str, str]]] = defaultdict(list)  # unit id → (role, name)
    for unit_id, role, name in posts:
        in_post[unit_id].append((role, name))

    township, villages = _scope(units, children, unit_code)
    checker = _VillageChecker(children, in_post, settings)
    results = tuple(checker.check(village) for village in villages)
    return Coverage(today, settings, _summary(township, results), results)


def _scope(
    units: dict[int, _Unit], children: dict[int | None, list[_Unit]], code: str | None
) -> tuple[_Unit, list[_Unit]]:
    """The township and the villages to check."""
    if code is None:
        townships = [u for u in units.values() if u.level == Level.TOWNSHIP]
        if not townships:
            raise NotFoundError("数据库中还没有乡镇(街道)")
        if len(townships) > 1:
            listed = "、".join(
                f"{u.name}（{u.code}）" for u in sorted(townships, key=lambda u: u.code)
            )
            raise ValidationError(
                {"unit": f"数据库中有多个乡镇(街道)：{listed}；请指定乡镇或村(社区)编码"}
            )
        return townships[0], _villages(children, townships[0])
    unit = next((u for u in units.values() if u.code == code.strip()), None)
    if unit is None:
        raise NotFoundError(f"没有编码为“{code}”的网格单位")
    if unit.level == Level.COUNTY:
        raise ValidationError({"unit": f"“{unit.name}”是县(区)，请指定其下的一个乡镇(街道)"})
    if unit.level == Level.TOWNSHIP:
        return unit, _villages(children, unit)
    while unit.level != Level.VILLAGE:  # a grid or micro-grid: the village that holds it
        unit = units[unit.parent_id]
    return units[unit.parent_id], [unit]


def _villages(children: dict[int | None, list[_Unit]], township: _Unit) -> list[_Unit]:
    return [u for u in children[township.id] if u.level == Level.VILLAGE]


class _VillageChecker:
    def __init__(
        self,
        children: dict[int | None, list[_Unit]],
        in_post: dict[int, list[tuple[str, str]]],
        settings: CoverageSettings,
    ) -> None:
        self._children = children
        self._in_post = in_post
        self._settings = settings

    def check(self, village: _Unit) -> VillageCoverage:
        grids = [u for u in self._children[village.id] if u.level == Level.GRID]
        micros = [m for g in grids for m in self._children[g.id] if m.level == Level.MICRO]
        self._village = village
        checks = (
            self._grid_leaders(village, grids),
            *(self._village_role(village, [*grids, *micros], check) for check in VILLAGE_ROLES),
            self._micro_workers(grids),
            self._households(micros),
            self._staffed([village, *grids, *micros]),
        )
        return VillageCoverage(village.code, village.name, len(grids), len(micros), checks)

    def _holders(self, unit: _Unit, roles: frozenset[str] | set[str]) -> list[str]:
        return [name for role, name in self._in_post[unit.id] if role in roles]

    def _gap(self, unit: _Unit, check: Check, message: str) -> Gap:
        return Gap(
            unit.code,
            unit.name,
            unit.level,
            self._village.code,
            self._village.name,
            check,
            message,
        )

    def _grid_leaders(self, village: _Unit, grids: list[_Unit]) -> CheckResult:
        check = Check.GRID_LEADER
        roles = {GRID_LEADER_ROLE}
        if not grids:
            leaders = self._holders(village, roles)
            gaps = (
                ()
                if leaders
                else (
                    self._gap(
                        village,
                        check,
                        f"“{village.name}”尚未划分网格，也没有在岗的网格长，"
                        "请在网格管理中划分网格，或在花名册中为本村任命网格长。",
                    ),
                )
            )
            return _result(check, gaps, _names(leaders))
        gaps = tuple(
            self._gap(
                grid, check, f"“{grid.name}”没有在岗的网格长，请在花名册中为该网格任命网格长。"
            )
            for grid in grids
            if not self._holders(grid, roles)
        )
        staffed = len(grids) - len(gaps)
        return _result(check, gaps, f"{staffed}/{len(grids)} 个网格有网格长")

    def _village_role(self, village: _Unit, below: list[_Unit], check: Check) -> CheckResult:
        role = VILLAGE_ROLES[check]
        holders = [name for unit in (village, *below) for name in self._holders(unit, {role})]
        listed = village.code in self._settings.first_secretary_villages
        if check == Check.FIRST_SECRETARY and not listed:
            note = _names(holders) if holders else "未列入选派驻村第一书记的村，仅供参考"
            return CheckResult(check, True, (), note, applies=False)
        if holders:
            return _result(check, (), _names(holders))
        fix = {
            Check.AUXILIARY_POLICE: "没有在岗的辅警（一村一辅警），请为本村配备辅警并录入花名册。",
            Check.LEGAL_ADVISER: "没有在岗的法律顾问（一村一法律顾问），"
            "请为本村聘请法律顾问并录入花名册。",
            Check.FIRST_SECRETARY: "列为选派驻村第一书记的村，但没有在岗的驻村第一书记，"
            "请录入新任第一书记；如已不再选派，请在设置中取消该村的标记。",
            Check.MEDIATOR: "没有在岗的人民调解员，请为本村调解委员会至少配备一名人民调解员。",
        }[check]
        return _result(check, (self._gap(village, check, f"“{village.name}”{fix}"),), "无人在岗")

    def _micro_workers(self, grids: list[_Unit]) -> CheckResult:
        check = Check.MICRO_WORKER
        gaps, micro_count = [], 0
        low, high = self._settings.min_households, self._settings.max_households
        for grid in grids:
            micros = [u for u in self._children[grid.id] if u.level == Level.MICRO]
            micro_count += len(micros)
            if not micros:
                gaps.append(
                    self._gap(
                        grid,
                        check,
                        f"“{grid.name}”下还没有划分微网格，请按每 {low}～{high} 户"
                        "划分微网格并配备微网格员。",
                    )
                )
            gaps.extend(
                self._gap(
                    micro,
                    check,
                    f"“{micro.name}”没有在岗的微网格员（楼栋长、联户长等均可），"
                    "请为该微网格配备微网格员。",
                )
                for micro in micros
                if not self._holders(micro, MICRO_WORKER_ROLES)
            )
        staffed = micro_count - sum(1 for gap in gaps if gap.level == Level.MICRO)
        return _result(check, tuple(gaps), f"{staffed}/{micro_count} 个微网格有微网格员")

    def _households(self, micros: list[_Unit]) -> CheckResult:
        check = Check.HOUSEHOLDS
        low, high = self._settings.min_households, self._settings.max_households
        gaps = []
        for micro in micros:
            count = micro.households
            if count is None:
                fix = "没有填写户数，请在网格管理中补填，以便核对微网格规模。"
            elif count < low:
                fix = f"只有 {count} 户，少于 {low} 户，请考虑与相邻微网格合并。"
            elif count > high:
                fix = f"有 {count} 户，超过 {high} 户，请考虑拆分为两个或多个微网格。"
            else:
                continue
            gaps.append(self._gap(micro, check, f"“{micro.name}”{fix}"))
        return _result(check, tuple(gaps), f"每个微网格 {low}～{high} 户")

    def _staffed(self, units: list[_Unit]) -> CheckResult:
        check = Check.STAFFED
        gaps = tuple(
            self._gap(
                unit,
                check,
                f"{unit.level.label}“{unit.name}”没有任何在岗人员，请在花名册中为该单位安排人员。",
            )
            for unit in units
            if not self._in_post[unit.id]
        )
        return _result(check, gaps, f"{len(units) - len(gaps)}/{len(units)} 个单位有人在岗")


def _result(check: Check, gaps: tuple[Gap, ...], note: str) -> CheckResult:
    return CheckResult(check, not gaps, gaps, note)


def _names(names: list[str]) -> str:
    return "在岗：" + "、".join(dict.fromkeys(names)) if names else "无人在岗"


def _summary(township: _Unit, villages: tuple[VillageCoverage, ...]) -> TownshipCoverage:
    totals = []
    for check in Check:
        results = [village.result(check) for village in villages]
        applying = [result for result in results if result.applies]
        totals.append(
            CheckTotal(
                check,
                len(applying),
                sum(1 for result in applying if result.passed),
                sum(len(result.gaps) for result in results),
            )
        )
    return TownshipCoverage(
        township.code,
        township.name,
        len(villages),
        sum(1 for village in villages if village.passed),
        sum(village.grids for village in villages),
        sum(village.micro_grids for village in villages),
        sum(len(village.gaps) for village in villages),
        tuple(totals),
    )
