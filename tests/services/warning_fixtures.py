"""The dispute-case town (case_fixtures) with what warnings need besides: two party members in
post in 青山一组 and a 群众 who is not, and the warning types by name.

    青山一组 (micro-grid) ─ 王秀英 (微网格员, the usual reporter), 林党员 (党员中心户, 中共党员),
                          周预备 (联户长, 中共预备党员)
    青山村第一网格 ─ 张网格 (网格长)

A test module takes the fixtures by name:

    warning_file, db, wtown = (
        warning_fixtures.warning_file, warning_fixtures.warning_db, warning_fixtures.warning_town
    )
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

import pytest

from desktop.db import Database
from desktop.services import roster, warnings
from desktop.services.roster import PersonDraft
from desktop.services.warning_settings import list_warning_types
from desktop.services.warnings import WarningDraft, WarningInfo
from tests.engines import build_once, open_copy
from tests.services.case_fixtures import (
    CLERK,
    NOW,
    POSTS_FROM,
    CaseTown,
    build_case_town,
    citizen_id,
)


@dataclass
class WarningTown:
    town: CaseTown
    types: dict[str, int] = field(default_factory=dict)

    @property
    def units(self) -> dict[str, int]:
        return self.town.units

    @property
    def people(self) -> dict[str, int]:
        return self.town.people

    def draft(self, **changes) -> WarningDraft:
        """A 一般 安全隐患 in 青山一组 reported by 王秀英 at NOW."""
        draft = WarningDraft(
            unit_id=self.units["青山一组"],
            type_id=self.types["安全隐患"],
            urgency="一般",
            description="村道边坡护栏松动",
            reporter_id=self.people["王秀英"],
            reported_at=NOW,
            people_affected=3,
        )
        return replace(draft, **changes)


def build_warning_town(db: Database) -> WarningTown:
    town = build_case_town(db)
    roles = {role.name: role.id for role in roster.list_roles(db)}
    for name, sequence, status, role in (
        ("林党员", 21, "中共党员", "党员中心户"),
        ("周预备", 23, "中共预备党员", "联户长"),
        ("赵群众", 25, "群众", "联户长"),
    ):
        draft = PersonDraft(name=name, citizen_id=citizen_id("19750101", sequence))
        person = roster.add_person(db, replace(draft, political_status=status))
        town.people[name] = person.id
        roster.assign_role(db, person.id, town.units["青山一组"], roles[role], POSTS_FROM)
    return WarningTown(town, {t.name: t.id for t in list_warning_types(db)})


@pytest.fixture(scope="session")
def warning_file(engine) -> tuple[str, WarningTown]:
    """The database's URL, and what it holds."""
    return build_once(engine, build_warning_town)


@pytest.fixture
def warning_db(warning_file, engine, db_path) -> Iterator[Database]:
    database = open_copy(engine, warning_file[0], db_path)
    yield database
    database.close()


@pytest.fixture
def warning_town(warning_file) -> WarningTown:
    return copy.deepcopy(warning_file[1])


def report(db: Database, wtown: WarningTown, *, now: datetime = NOW, **changes) -> WarningInfo:
    return warnings.report_warning(db, wtown.draft(**changes), actor=CLERK, now=now)
