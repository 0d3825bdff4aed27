"""The dispute-case town (case_fixtures) with grid workers to assess, built through services.

    示例镇
    ├── 青山村 ─ 孙新来 (专职网格员, joined 2026-03-15)
    │   └── 青山村第一网格 ─ 张网格 (网格长), 李青山 (专职网格员)
    └── 石门社区 ─ 钱已走 (专职网格员, left 2026-02-20)
        └── 石门社区第一网格 ─ 赵石门 (专职网格员)
    北坝镇 ─ 北坝村 ─ 周北坝 (专职网格员: another township)

王秀英 (微网格员) and the mediators hold no role of the default scheme. The month assessed is
March 2026; the scheme (default_scheme_draft) starts in January 2026.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from desktop.db import Database
from desktop.services import assessment_schemes, roster
from desktop.services.roster import PersonDraft
from tests.engines import build_once, open_copy
from tests.services.case_fixtures import POSTS_FROM, CaseTown, build_case_town, citizen_id

MARCH = date(2026, 3, 1)
SCHEME_FROM = date(2026, 1, 1)
NOW = datetime(2026, 4, 2, 10, 0)
SCORER = "考核员小陈"
REVIEWER = "分管领导老王"


def build_assessment_town(db: Database) -> CaseTown:
    town = build_case_town(db)
    roles = {role.name: role.id for role in roster.list_roles(db)}

    def worker(name: str, sequence: int, place: str, start: date, end: date | None = None) -> None:
        number = citizen_id("19900101", sequence)
        person_id = roster.add_person(db, PersonDraft(name=name, citizen_id=number)).id
        town.people[name], town.ids[name] = person_id, number
        post = roster.assign_role(db, person_id, town.units[place], roles["专职网格员"], start)
        if end is not None:
            roster.end_assignment(db, post.id, end)

    worker("李青山", 21, "青山村第一网格", POSTS_FROM)
    worker("赵石门", 23, "石门社区第一网格", POSTS_FROM)
    worker("孙新来", 25, "青山村", date(2026, 3, 15))
    worker("钱已走", 27, "石门社区", POSTS_FROM, date(2026, 2, 20))
    worker("周北坝", 29, "北坝村", POSTS_FROM)
    assessment_schemes.create_scheme(db, assessment_schemes.default_scheme_draft(SCHEME_FROM))
    return town


@pytest.fixture(scope="session")
def assessment_file(engine) -> tuple[str, CaseTown]:
    """The database's URL, and what it holds."""
    return build_once(engine, build_assessment_town)


@pytest.fixture
def assessment_db(assessment_file, engine, db_path) -> Iterator[Database]:
    database = open_copy(engine, assessment_file[0], db_path)
    yield database
    database.close()


@pytest.fixture
def assessment_town(assessment_file) -> CaseTown:
    return copy.deepcopy(assessment_file[1])
