"""A fictional township (示例镇, 南江县) to learn and demonstrate Fengwang with.

Deterministic for a seed: the same seed gives the same people, IDs and assignments. All ID numbers
are valid GB 11643 numbers of the real area code of 南江县 but belong to nobody in particular.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select

from desktop.db import Database
from desktop.errors import RefusedError
from desktop.models import Assignment, GridUnit, Level, Person, Role
from desktop.models.base import new_uid, now
from desktop.services.identity import check_char
from desktop.services.pinyin import initials
from desktop.vocabulary import EDUCATION_LEVELS, MICRO_GRID_KINDS

COUNTY = ("511922", "南江县")
TOWNSHIP = ("511922100", "示例镇")
VILLAGES = (
    ("青石村", "村"),
    ("桃园村", "村"),
    ("柏林村", "村"),
    ("红岩村", "村"),
    ("枫树村", "村"),
    ("杨柳村", "村"),
    ("石门村", "村"),
    ("金凤村", "村"),
    ("龙潭村", "村"),
    ("白鹤村", "村"),
    ("新华社区", "社区"),
    ("滨河社区", "社区"),
)
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷"
    "钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = {
    "男": "伟强磊军洋勇杰涛明超刚华建国志斌德福成林海春云飞鹏辉俊波宇浩永发兴旺家庆东龙学正阳宏远",
    "女": "芳娜秀英敏静丽艳娟霞桂兰梅玉燕凤琴淑珍丹婷倩雪玲佳怡涵诗雨晓小红春云慧莉萍",
}
# Micro-grid names by kind, numbered within a grid.
MICRO_NAMES = {
    "自然村/组": "{n}组",
    "院落/小区": "{n}号院落",
    "企事业单位": "企事业单位片区{n}",
    "学校": "学校片区{n}",
    "商铺": "商铺片区{n}",
    "街区园区": "街区{n}",
    "公园绿道": "绿道片区{n}",
    "道路": "道路片区{n}",
}
POLITICAL_WEIGHTS = (("中共党员", 45), ("共青团员", 5), ("群众", 50))


@dataclass(frozen=True)
class FakePerson:
    name: str
    citizen_id: str
    gender: str
    birth_date: date
    phone: str
    political_status: str
    education: str

    def row(self, stamp: datetime) -> dict[str, object]:
        """The person as a row of the person table, for bulk inserts."""
        return {
            "uid": new_uid(),
            "name": self.name,
            "name_initials": initials(self.name),
            "gender": self.gender,
            "citizen_id": self.citizen_id,
            "birth_date": self.birth_date,
            "phone": self.phone,
            "political_status": self.political_status,
            "education": self.education,
            "created_at": stamp,
            "updated_at": stamp,
        }


class PersonFactory:
    """Fictional people with valid, unique ID numbers."""

    def __init__(self, rng: random.Random, area: str = COUNTY[0]) -> None:
        self.rng = rng
        self.area = area
        self.used_ids: set[str] = set()

    def make(self, born_from: int = 1962, born_to: int = 2000) -> FakePerson:
        rng = self.rng
        gender = rng.choice("男女")
        length = rng.choice((1, 2, 2))
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN[gender]) for _ in range(length))
        while True:
            birth = date(born_from, 1, 1) + timedelta(
                days=rng.randrange((date(born_to, 12, 31) - date(born_from, 1, 1)).days)
            )
            sequence = rng.randrange(0, 1000)
            if (sequence % 2 == 1) != (gender == "男"):
                sequence = (sequence + 1) % 1000
            first17 = f"{self.area}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + check_char(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                break
        phone = rng.choice(("138", "139", "135", "150", "151", "177", "180", "189", "199"))
        phone += f"{rng.randrange(10**8):08d}"
        political = rng.choices(
            [p for p, _ in POLITICAL_WEIGHTS], weights=[w for _, w in POLITICAL_WEIGHTS]
        )[0]
        education = rng.choice(EDUCATION_LEVELS[1:7])
        return FakePerson(name, number, gender, birth, phone, political, education)


def build_demo(db: Database, seed: int = 1, today: date | None = None) -> dict[str, int]:
    """Fill an empty database with the demo township. Returns counts of what was made."""
    today = today or date.today()
    rng = random.Random(seed)
    factory = PersonFactory(rng)
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(GridUnit)):
            raise RefusedError(
                "数据库中已有网格数据；演示数据只能写入新的空数据库（请用 --db 指定一个新文件）。"
            )
        roles = dict(session.execute(select(Role.name, Role.id)).all())
        stamp = now()

        def unit(parent: GridUnit | None, level: Level, code: str, name: str, **extra) -> GridUnit:
            made = GridUnit(
                parent_id=parent.id if parent else None,
                level=level.value,
                code=code,
                name=name,
                **extra,
            )
            session.add(made)
            session.flush()
            return made

        county = unit(None, Level.COUNTY, *COUNTY)
        township = unit(county, Level.TOWNSHIP, *TOWNSHIP, households=0, population=0)
        people_rows: list[dict] = []
        assignment_rows: list[dict] = []

        def enrol(fake: FakePerson) -> int:
            people_rows.append(fake.row(stamp))
            return len(people_rows) - 1

        def hire(person: int, target: GridUnit, role: str, start: date, end=None) -> None:
            assignment_rows.append(
                {
                    "person_index": person,
                    "unit_id": target.id,
                    "role_id": roles[role],
                    "start_date": start,
                    "end_date": end,
                }
            )

        def since() -> date:
            return today - timedelta(days=rng.randrange(60, 365 * 6))

        counts = {"villages": 0, "grids": 0, "micro_grids": 0}
        township_households = township_population = 0
        for v_index, (village_name, village_kind) in enumerate(VILLAGES, start=1):
            stats_code = f"{TOWNSHIP[0]}{200 + v_index:03d}"
            households = rng.randrange(380, 900)
            population = int(households * rng.uniform(2.6, 3.4))
            village = unit(
                township,
                Level.VILLAGE,
                stats_code,
                village_name,
                kind=village_kind,
                stats_code=stats_code,
                households=households,
                population=population,
            )
            township_households += households
            township_population += population
            counts["villages"] += 1
            community = village_kind == "社区"
            for role in ("人民调解员", "辅警", "法律顾问"):
                hire(enrol(factory.make()), village, role, since())
            if not community and rng.random() < 0.6:
                hire(enrol(factory.make(1975, 1996)), village, "驻村第一书记", since())
            grid_count = 3 if community else rng.choice((2, 2, 3))
            for g_index in range(1, grid_count + 1):
                grid = unit(
                    village,
                    Level.GRID,
                    f"{stats_code}{g_index:02d}",
                    f"{village_name}第{g_index}网格",
                    households=households // grid_count,
                    population=population // grid_count,
                )
                counts["grids"] += 1
                leader = enrol(factory.make(1965, 1992))
                hire(leader, grid, "网格长", since())
                if rng.random() < 0.3:  # many a grid leader also mediates in the village
                    hire(leader, village, "人民调解员", since())
                hire(enrol(factory.make(1980, 1999)), grid, "专职网格员", since())
                # A former grid worker, to show that ending an assignment keeps the history.
                left = today - timedelta(days=rng.randrange(30, 700))
                hire(enrol(factory.make()), grid, "兼职网格员", left - timedelta(days=900), left)
                kinds = (
                    ("院落/小区", "商铺", "街区园区", "学校")
                    if community
                    else ("自然村/组", "自然村/组", "道路", "企事业单位")
                )
                for m_index in range(1, rng.choice((3, 3, 4)) + 1):
                    kind = kinds[(m_index - 1) % len(kinds)]
                    assert kind in MICRO_GRID_KINDS
                    micro = unit(
                        grid,
                        Level.MICRO,
                        f"{stats_code}{g_index:02d}{m_index:02d}",
                        f"{village_name}{MICRO_NAMES[kind].format(n=m_index)}",
                        kind=kind,
                        households=rng.randrange(10, 31),
                        population=rng.randrange(30, 100),
                    )
                    counts["micro_grids"] += 1
                    hire(enrol(factory.make()), micro, "微网格员", since())
                    extra = (
                        ("楼栋长", "联户长")
                        if community
                        else ("护林员", "护路员", "地质灾害监测员", "联户长", "党员中心户")
                    )
                    hire(enrol(factory.make()), micro, rng.choice(extra), since())
        township.households, township.population = township_households, township_population

        session.flush()
        ids = []
        for row in people_rows:
            ids.append(session.execute(insert(Person).values(**row)).inserted_primary_key[0])
        stamped = []
        for row in assignment_rows:
            index = row.pop("person_index")
            stamped.append(
                {
                    **row,
                    "person_id": ids[index],
                    "uid": new_uid(),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        session.execute(insert(Assignment), stamped)
    counts["people"] = len(people_rows)
    counts["assignments"] = len(assignment_rows)
    return counts
