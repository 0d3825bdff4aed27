"""A tiny township for dispute-case tests, built through the grid and roster services.

    南江县
    ├── 示例镇 ─ 周建国 (人民调解员: township committee)
    │   ├── 青山村 ─ 陈明, 王秀英 (人民调解员); 郑离任 (人民调解员, left 2024-01-01)
    │   │   └── 青山村第一网格 ─ 张网格 (网格长, not a mediator)
    │   │       └── 青山一组 (micro-grid) ─ 王秀英 (微网格员 too)
    │   └── 石门社区 ─ 刘芳 (人民调解员), 吴律 (法律顾问)
    │       └── 石门社区第一网格
    └── 北坝镇
        └── 北坝村

No specialties are set here: tests that rank by specialty set them, so each ranking reads whole.
The clock is fixed (NOW); a case is received on TODAY unless a test says otherwise.

The town is built once per run and every test gets a copy of its file. A test module takes the
fixtures by name:

    # `db` replaces the empty database of tests/conftest.py with a copy of the town
    town_file, db, town = case_fixtures.town_file, case_fixtures.town_db, case_fixtures.town
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pytest

from desktop.db import Database
from desktop.services import case_settings, cases, grid, mediators, roster
from desktop.services.cases import AgreementDraft, CaseDraft, CaseInfo, PartyDraft
from desktop.services.grid import UnitDraft
from desktop.services.identity import check_char
from desktop.services.roster import PersonDraft
from desktop.vocabulary import CaseStatus, HandlingLevel, Level
from tests.engines import build_once, open_copy

NOW = datetime(2026, 3, 2, 9, 0)
TODAY = NOW.date()
POSTS_FROM = date(2023, 3, 1)  # assign_role refuses dates after the real today
CLERK = "经办人小李"


def citizen_id(birth: str, sequence: int, area: str = "511922") -> str:
    """A valid 18-digit number (an odd sequence is a man, an even one a woman)."""
    first17 = f"{area}{birth}{sequence:03d}"
    return first17 + check_char(first17)


@dataclass
class CaseTown:
    """Ids of what `build_case_town` made, by name."""

    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # citizen ID by person name

    def draft(self, **changes) -> CaseDraft:
        """A valid 邻里 case in 青山村第一网格 between 李大山 (of 青山一组) and 李小河."""
        draft = CaseDraft(
            received_on=TODAY,
            source="网格上报",
            category_id=self.categories["邻里"],
            unit_id=self.units["青山村第一网格"],
            parties=(
                PartyDraft(
                    "李大山",
                    citizen_id=citizen_id("19700505", 31),
                    phone="13800001111",
                    unit_id=self.units["青山一组"],
                ),
                PartyDraft("李小河"),
            ),
            summary="两家因院墙排水发生争执",
            reporter_id=self.people["张网格"],
        )
        return replace(draft, **changes)


def build_case_town(db: Database) -> CaseTown:
    town = CaseTown()

    def unit(level: Level, code: str, name: str, parent: str | None = None, **extra) -> None:
        parent_id = town.units[parent] if parent else None
        town.units[name] = grid.create_unit(db, UnitDraft(level, code, name, parent_id, **extra)).id

    unit(Level.COUNTY, "511922", "南江县")
    unit(Level.TOWNSHIP, "511922100", "示例镇", "南江县")
    unit(Level.VILLAGE, "511922100201", "青山村", "示例镇", kind="村")
    unit(Level.VILLAGE, "511922100202", "石门社区", "示例镇", kind="社区")
    unit(Level.GRID, "511922100201-01", "青山村第一网格", "青山村")
    unit(Level.MICRO, "511922100201-01-01", "青山一组", "青山村第一网格", kind="自然村/组")
    unit(Level.GRID, "511922100202-01", "石门社区第一网格", "石门社区")
    unit(Level.TOWNSHIP, "511922101", "北坝镇", "南江县")
    unit(Level.VILLAGE, "511922101201", "北坝村", "北坝镇", kind="村")

    roles = {role.name: role.id for role in roster.list_roles(db)}

    def person(name: str, sequence: int, posts: list[tuple[str, str]]) -> int:
        number = citizen_id("19800101", sequence)
        person_id = roster.add_person(db, PersonDraft(name=name, citizen_id=number)).id
        town.people[name], town.ids[name] = person_id, number
        for role, place in posts:
            roster.assign_role(db, person_id, town.units[place], roles[role], POSTS_FROM)
        return person_id

    person("陈明", 11, [("人民调解员", "青山村")])
    person("王秀英", 12, [("人民调解员", "青山村"), ("微网格员", "青山一组")])
    person("刘芳", 14, [("人民调解员", "石门社区")])
    person("吴律", 13, [("法律顾问", "石门社区")])
    person("周建国", 15, [("人民调解员", "示例镇")])
    person("张网格", 17, [("网格长", "青山村第一网格")])
    person("郑离任", 19, [("人民调解员", "青山村")])
    (left,) = roster.get_person(db, town.people["郑离任"]).assignments
    roster.end_assignment(db, left.id, date(2024, 1, 1))

    town.categories = {c.name: c.id for c in case_settings.list_categories(db)}
    return town


@pytest.fixture(scope="session")
def town_file(engine) -> tuple[str, CaseTown]:
    """The database's URL, and what it holds."""
    return build_once(engine, build_case_town)


@pytest.fixture
def town_db(town_file, engine, db_path) -> Iterator[Database]:
    database = open_copy(engine, town_file[0], db_path)
    yield database
    database.close()


@pytest.fixture
def town(town_file) -> CaseTown:
    return copy.deepcopy(town_file[1])


def register(db: Database, town: CaseTown, **changes) -> CaseInfo:
    return cases.register_case(db, town.draft(**changes), actor=CLERK, now=NOW)


def case_in(
    db: Database,
    town: CaseTown,
    status: CaseStatus,
    *,
    settled: bool = True,
    level: HandlingLevel = HandlingLevel.VILLAGE,
    lead: str = "陈明",
    **changes,
) -> CaseInfo:
    """A new case walked the ordinary way to `status`: assessed, `lead` assigned, routed to
    `level`, mediated, and (for 结案/回访) settled, or failed when `settled` is False.
    Every step is an hour after the last, from NOW."""
    clock = iter(NOW + timedelta(hours=hour) for hour in range(1, 20))
    outcome = CaseStatus.SETTLED if settled else CaseStatus.FAILED
    if status in (CaseStatus.SETTLED, CaseStatus.FAILED):
        outcome = status
    path = [
        CaseStatus.REGISTERED,
        CaseStatus.ASSESSED,
        CaseStatus.ROUTED,
        CaseStatus.MEDIATING,
        outcome,
        CaseStatus.CLOSED,
        CaseStatus.FOLLOWED_UP,
    ]
    case = register(db, town, **changes)
    for reached in path[1 : path.index(status) + 1]:
        case = _step(db, town, case.id, reached, level, lead, next(clock))
    return case


def _step(
    db: Database,
    town: CaseTown,
    case_id: int,
    to: CaseStatus,
    level: HandlingLevel,
    lead: str,
    now: datetime,
) -> CaseInfo:
    if to is CaseStatus.ASSESSED:
        cases.assess(db, case_id, actor=CLERK, now=now)
        return mediators.assign(db, case_id, town.people[lead], actor=CLERK, now=now)
    if to is CaseStatus.ROUTED:
        note = "村级无力化解" if level is HandlingLevel.COUNTY else ""
        return cases.route(db, case_id, level, actor=CLERK, note=note, now=now)
    if to is CaseStatus.MEDIATING:
        return cases.start_mediation(db, case_id, actor=CLERK, now=now)
    if to is CaseStatus.SETTLED:
        agreement = AgreementDraft(signed_on=now.date(), terms="李小河三日内疏通排水沟")
        return cases.settle(db, case_id, agreement, actor=CLERK, now=now)
    if to is CaseStatus.FAILED:
        return cases.fail(db, case_id, actor=CLERK, note="双方分歧过大", now=now)
    if to is CaseStatus.CLOSED:
        return cases.close(db, case_id, actor=CLERK, note="告知可向法院起诉", now=now)
    return cases.follow_up(db, case_id, now.date(), True, actor=CLERK, now=now)
