"""A fictional township (示例镇, 南江县) to learn and demonstrate Fengwang with.

Deterministic for a seed: the same seed gives the same people, IDs and assignments, the same
two years of dispute cases up to `today`, and the same 18 months of grid workers' assessment
before `today`'s month. All ID numbers are valid GB 11643 numbers of the real area code of
南江县 but belong to nobody in particular.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import RefusedError
from desktop.models import (
    Agreement,
    AssessmentEvent,
    AssessmentMonth,
    AssessmentScheme,
    Assignment,
    CaseCategory,
    CaseMediator,
    CaseParty,
    CaseStep,
    DisputeCase,
    FollowUp,
    GridUnit,
    GridWarning,
    Level,
    MediationSession,
    MediatorSpecialty,
    PartyReport,
    Person,
    Role,
    ScoreEntry,
    ScoreResult,
    WarningDispatch,
    WarningStep,
    WarningType,
)
from desktop.models.base import new_uid, now
from desktop.services import case_workflow, scoring
from desktop.services import warnings as warning_rules
from desktop.services.assessment_figures import figures_in
from desktop.services.assessment_months import (
    TRANSITIONS,
    MonthAction,
    MonthStatus,
    result_record,
)
from desktop.services.assessment_schemes import (
    ItemDraft,
    SchemeDraft,
    SchemeInfo,
    SectionDraft,
    create_scheme,
    default_scheme_draft,
    from_tenths,
)
from desktop.services.assessment_sheet import Worker, month_bounds, workers_in_post
from desktop.services.case_settings import DeadlineSettings, load_deadlines
from desktop.services.case_workflow import Action, CaseState
from desktop.services.cases import case_number, format_yuan, routing_action
from desktop.services.identity import check_char
from desktop.services.pinyin import initials
from desktop.services.warning_settings import WarningDeadlines, load_warning_deadlines
from desktop.vocabulary import (
    DISPATCH_BODIES,
    EDUCATION_LEVELS,
    MEDIATOR_ROLES,
    MICRO_GRID_KINDS,
    PARTY_MEMBER,
    URGENT,
    CaseOutcome,
    CaseStatus,
    HandlingLevel,
    WarningAction,
    WarningStatus,
)

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
    deadlines = load_deadlines(db)
    warning_deadlines = load_warning_deadlines(db)
    rng = random.Random(seed)
    factory = PersonFactory(rng)
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(GridUnit)):
            raise RefusedError(
                "数据库中已有网格数据；演示数据只能写入新的空数据库（请用 --db 指定一个新文件）。"
            )
        roles = dict(session.execute(select(Role.name, Role.id)).all())
        role_names = {role_id: name for name, role_id in roles.items()}
        stamp = now()

        units: list[GridUnit] = []

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
            units.append(made)
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
        _leave_gaps(units, assignment_rows, roles, today)
        # Everything for the cases draws from its own stream, so that the township above stays
        # the same for a seed whatever the cases need.
        case_rng = random.Random(f"cases-{seed}")
        case_factory = PersonFactory(case_rng)
        case_factory.used_ids = factory.used_ids  # parties never share an ID with the roster
        for role, count in TOWNSHIP_MEDIATORS:
            for _ in range(count):
                start = today - timedelta(days=case_rng.randrange(365 * 3, 365 * 8))
                hire(enrol(case_factory.make(1965, 1990)), township, role, start)

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
        posts = [
            _Post(
                r["person_id"],
                r["unit_id"],
                role_names[r["role_id"]],
                r["start_date"],
                r["end_date"],
            )
            for r in stamped
        ]
        names = {ids[i]: row["name"] for i, row in enumerate(people_rows)}
        maker = _CaseMaker(session, case_rng, case_factory, township, units, posts, names)
        counts["cases"] = maker.build(today, deadlines)
        members = {
            ids[i] for i, row in enumerate(people_rows) if row["political_status"] == PARTY_MEMBER
        }
        # Its own stream: the township, cases and assessment stay the same for a seed. Before the
        # assessment, whose approved results read the warnings' figures.
        warning_maker = _WarningMaker(
            session, random.Random(f"warnings-{seed}"), maker, members, warning_deadlines, today
        )
        counts["warnings"] = warning_maker.build()
    counts["people"] = len(people_rows)
    counts["assignments"] = len(assignment_rows)
    # Its own stream again: the township and the cases stay the same for a seed.
    assessor = _Assessor(db, random.Random(f"assessment-{seed}"), township.id, today)
    counts["assessment_months"] = assessor.build()
    return counts


# Gaps in the grid's coverage a clerk should find (the coverage checks): a village whose 辅警
# left and was not replaced, a micro-grid whose 微网格员 left, a micro-grid grown past 30
# households. (village index in VILLAGES, what, days ago or households)
GAP_VILLAGE_WITHOUT_POLICE = 3  # 红岩村: its 辅警 left 40 days before today
GAP_VILLAGE_WITHOUT_MICRO_WORKER = 5  # 杨柳村: the first micro-grid's 微网格员 left 25 days ago
GAP_VILLAGE_CROWDED_MICRO = 8  # 龙潭村: its first micro-grid has 46 households
CROWDED_HOUSEHOLDS = 46


def _leave_gaps(
    units: list[GridUnit], assignment_rows: list[dict], roles: dict[str, int], today: date
) -> None:
    """Open the coverage gaps above, after the township is drawn: no random number is spent,
    so everything else stays the same for a seed."""
    villages = [u for u in units if u.level == Level.VILLAGE.value]

    def first_micro(village: GridUnit) -> GridUnit:
        grids = [u.id for u in units if u.parent_id == village.id]
        return next(u for u in units if u.level == Level.MICRO.value and u.parent_id in grids)

    def end(unit: GridUnit, role: str, days: int) -> None:
        for row in assignment_rows:
            if row["unit_id"] == unit.id and row["role_id"] == roles[role] and not row["end_date"]:
                row["end_date"] = today - timedelta(days=days)

    end(villages[GAP_VILLAGE_WITHOUT_POLICE], "辅警", 40)
    end(first_micro(villages[GAP_VILLAGE_WITHOUT_MICRO_WORKER]), "微网格员", 25)
    first_micro(villages[GAP_VILLAGE_CROWDED_MICRO]).households = CROWDED_HOUSEHOLDS


# ------------------------------------------------------------------------------- dispute cases

TOWNSHIP_MEDIATORS = (("人民调解员", 4), ("法律顾问", 1))  # the township committee and its lawyer
CASE_MONTHS = 24
CASES_PER_MONTH = (7, 12)  # a township of some 30,000 people: 85–145 cases a year
# Cases made to be open today, by days before today: overdue, extended, due within days, and
# fresh ones that go their random way (still being registered, assessed or mediated).
OPEN_TODAY = {
    45: "stalled",
    41: "extended",
    38: "stalled",
    33: "stalled",
    27: "stalled",
    26: "stalled",
    12: "",
    9: "",
    6: "",
    4: "",
    2: "",
    1: "",
}
GRID_WORKER_ROLES = ("网格长", "专职网格员", "兼职网格员", "微网格员")
SOURCE_WEIGHTS = (
    ("网格上报", 35),
    ("当事人申请", 30),
    ("主动排查", 22),
    ("来信来访", 7),
    ("部门移送/委托", 6),
)
COMPANY_WORDS = ("宏达", "兴旺", "永安", "鑫源", "恒通", "金桥", "盛邦", "顺发", "蜀南", "华茂")


@dataclass(frozen=True)
class CaseKind:
    """How cases of one category look: what happened ({a}, {b}: the first two parties), who the
    other side is when it is an organisation, the money at stake, the chance of a group case."""

    weight: int
    summaries: tuple[str, ...]
    organisation: str = ""  # {w}: a company word, {v}: the village
    amount: tuple[int, int] | None = None  # yuan
    group: float = 0.0


CASE_KINDS = {
    "邻里": CaseKind(
        22,
        (
            "{a}与{b}因房前排水沟堵塞、雨水漫入院坝发生争执",
            "{a}与{b}因相邻通道被堆放杂物阻断发生口角，双方互不相让",
            "{a}家的狗咬伤{b}，双方就医疗费发生纠纷",
        ),
    ),
    "婚姻家庭": CaseKind(
        18,
        (
            "{a}与{b}夫妻因家庭琐事长期争吵，一方提出离婚并要求分割财产",
            "{a}与{b}因老人赡养费分担问题发生纠纷",
            "{a}与{b}因子女抚养费给付问题发生争议",
        ),
    ),
    "房屋宅基地": CaseKind(
        14,
        (
            "{a}与{b}因宅基地界址不清、新建围墙越界发生纠纷",
            "{a}建房时屋檐滴水落入{b}院坝，双方发生争执",
        ),
    ),
    "山林土地(承包经营)": CaseKind(
        12,
        (
            "{a}与{b}因承包林地四至界线不清发生争议",
            "{a}与{b}因土地流转租金未按期支付发生纠纷",
        ),
        amount=(2000, 30000),
    ),
    "损害赔偿": CaseKind(
        6,
        (
            "{a}在{b}工地务工时受伤，双方就赔偿金额发生争议",
            "{b}饲养的牛啃食{a}承包地庄稼，双方就赔偿发生争执",
        ),
        organisation="南江县{w}建筑工程有限公司",
        amount=(800, 120000),
    ),
    "合同": CaseKind(
        5,
        ("{a}与{b}因房屋装修工程款结算发生纠纷", "{a}向{b}购买农机后发现质量问题，要求退货未果"),
        organisation="南江县{w}农机销售有限公司",
        amount=(3000, 200000),
    ),
    "劳动争议(欠薪)": CaseKind(
        5,
        ("{a}等务工人员向{b}追讨拖欠的工资",),
        organisation="南江县{w}建筑工程有限公司",
        amount=(20000, 600000),
        group=0.5,
    ),
    "道路交通事故": CaseKind(
        4,
        ("{a}驾驶三轮车与{b}驾驶的摩托车相撞，双方就损失承担发生争议",),
        amount=(1500, 80000),
    ),
    "生产经营": CaseKind(3, ("{a}与{b}因合伙养殖分红发生纠纷",), amount=(5000, 150000)),
    "征地拆迁": CaseKind(
        3,
        ("{a}等村民与{b}因道路拓宽项目征地补偿标准发生争议",),
        organisation="{v}{committee}",
        amount=(50000, 900000),
        group=0.6,
    ),
    "村务管理": CaseKind(
        3,
        ("{a}等村民对{b}集体经济收益分配方案有异议",),
        organisation="{v}{committee}",
        group=0.5,
    ),
    "物业": CaseKind(
        2,
        ("{a}等业主与{b}因物业费收取和电梯维修发生纠纷",),
        organisation="南江县{w}物业服务有限公司",
        group=0.4,
    ),
    "消费": CaseKind(
        2,
        ("{a}在{b}购买的电器出现故障，要求退换未果",),
        organisation="示例镇{w}家电经营部",
        amount=(600, 8000),
    ),
    "环境污染": CaseKind(
        2,
        ("{a}等村民反映{b}养殖场粪污直排，影响饮水和农田",),
        organisation="南江县{w}生猪养殖专业合作社",
        group=0.7,
    ),
    "医疗": CaseKind(
        1,
        ("{a}在{b}就诊后病情加重，认为诊疗存在过错",),
        organisation="示例镇中心卫生院",
        amount=(5000, 100000),
    ),
    "其他": CaseKind(2, ("{a}与{b}因借款归还发生纠纷",), amount=(2000, 50000)),
}
# What a mediator is good at, by committee: specialties are drawn from these.
VILLAGE_SPECIALTIES = ("邻里", "婚姻家庭", "房屋宅基地", "山林土地(承包经营)", "村务管理")
LAWYER_SPECIALTIES = ("合同", "劳动争议(欠薪)", "损害赔偿", "道路交通事故", "医疗", "婚姻家庭")
TOWNSHIP_SPECIALTIES = (*VILLAGE_SPECIALTIES, "征地拆迁", "环境污染", "生产经营", "物业")
LAWYER_CATEGORIES = frozenset(LAWYER_SPECIALTIES) - {"婚姻家庭"}
# People involved in a group case, in the bands the monthly figures count.
GROUP_SIZES = ((8, 49), (50, 100), (101, 500), (501, 700))
GROUP_SIZE_WEIGHTS = (50, 30, 17, 3)
# How a case goes, and how often: the shares of 小事不出村、大事不出镇 seen in townships.
PATHS = (
    ("village", 56),
    ("township", 14),
    ("village_failed", 8),
    ("escalated", 6),
    ("county", 4),
    ("transferred", 5),
    ("failed_transferred", 3),
    ("slow", 4),
)


@dataclass(frozen=True)
class _Post:
    person_id: int
    unit_id: int
    role: str
    start: date
    end: date | None

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)


class _Stop(Exception):
    """The next step would fall on or after today: the case stays where it is, still open."""


class _History:
    """A case's steps written as services/cases.py writes them, each status decided by
    case_workflow. Stops (raises _Stop) at the first step that is not yet in the past."""

    def __init__(
        self,
        case: dict,
        parties: list[dict],
        actor: str,
        cutoff: date,
        deadlines: DeadlineSettings,
    ) -> None:
        self.case = case
        self.parties = parties
        self.actor = actor
        self.cutoff = cutoff
        self.deadlines = deadlines
        self.steps: list[dict] = []
        self.mediators: list[dict] = []
        self.sessions: list[dict] = []
        self.agreement: dict | None = None
        self.follow_ups: list[dict] = []

    def state(self) -> CaseState:
        current = [m for m in self.mediators if m["ended_at"] is None]
        return CaseState(
            status=CaseStatus(self.case["status"]),
            level=HandlingLevel(self.case["level"]) if self.case["level"] else None,
            outcome=CaseOutcome(self.case["outcome"]) if self.case["outcome"] else None,
            has_lead=any(m["lead"] for m in current),
            has_mediator=bool(current),
        )

    def lead(self) -> dict:
        return next(m for m in self.mediators if m["lead"] and m["ended_at"] is None)

    def take(self, at: datetime, action: Action, change=None, note: str = "") -> datetime:
        if at.date() >= self.cutoff:
            raise _Stop
        status, level = self.case["status"], self.case["level"]
        target = case_workflow.check(action, self.state())
        extra = change() if change else ""
        self.case["status"] = target.value
        self.case["updated_at"] = at
        self.steps.append(
            {
                "at": at,
                "actor": self.actor,
                "action": action.value,
                "status_from": status,
                "status_to": target.value,
                "level_from": level,
                "level_to": self.case["level"],
                "note": "；".join(part for part in (note, extra) if part),
                "created_at": at,
                "updated_at": at,
            }
        )
        return at

    def register(self, at: datetime) -> datetime:
        self.steps.append(
            {
                "at": at,
                "actor": self.actor,
                "action": Action.REGISTER.value,
                "status_from": None,
                "status_to": CaseStatus.REGISTERED.value,
                "level_from": None,
                "level_to": None,
                "note": f"来源：{self.case['source']}",
                "created_at": at,
                "updated_at": at,
            }
        )
        return at

    def assess(self, at: datetime, note: str, risk: str | None = None) -> datetime:
        def change() -> str:
            if risk is None or risk == self.case["risk"]:
                return ""
            said = f"风险等级 {self.case['risk']} → {risk}"
            self.case["risk"] = risk
            return said

        return self.take(at, Action.ASSESS, change, note)

    def route(self, at: datetime, level: HandlingLevel, note: str = "", to: str = "") -> datetime:
        current = HandlingLevel(self.case["level"]) if self.case["level"] else None
        action = routing_action(current, level)

        def change() -> str:
            self.case["level"] = level.value
            if level is HandlingLevel.TRANSFERRED:
                self.case["transferred_to"] = to
                self.case["outcome"] = CaseOutcome.TRANSFERRED.value
                self.case["concluded_on"] = at.date()
                return f"移送至{to}"
            return f"由{level.label}处理"

        return self.take(at, action, change, note)

    def assign(self, at: datetime, person_id: int, name: str, lead: bool) -> datetime:
        def change() -> str:
            self.mediators.append(_mediator(person_id, lead, at))
            return f"{'主' if lead else '协助'}调解员：{name}"

        return self.take(at, Action.ASSIGN, change)

    def reassign(self, at: datetime, new: int, names: dict[int, str], reason: str) -> datetime:
        def change() -> str:
            old = self.lead()
            old["ended_at"], old["end_reason"] = at, reason
            self.mediators.append(_mediator(new, True, at))
            return f"{names[old['person_id']]} → {names[new]}"

        return self.take(at, Action.REASSIGN, change, reason)

    def start(self, at: datetime) -> datetime:
        return self.take(at, Action.START)

    def session(self, at: datetime, place: str, present: str, parties: str, record: str):
        def change() -> str:
            self.sessions.append(
                {
                    "held_on": at.date(),
                    "place": place,
                    "mediators_present": present,
                    "parties_present": parties,
                    "record": record,
                }
            )
            return f"{at:%Y-%m-%d} 调解（{place}）"

        return self.take(at, Action.SESSION, change)

    def settle(self, at: datetime, agreement: dict) -> datetime:
        def change() -> str:
            signed = at.date()
            self.agreement = {
                **agreement,
                "signed_on": signed,
                "confirmation_due_on": signed + timedelta(days=self.deadlines.confirmation_days),
                "follow_up_due_on": signed + timedelta(days=self.deadlines.follow_up_days),
            }
            self.case["outcome"] = CaseOutcome.SETTLED.value
            self.case["concluded_on"] = signed
            return f"{signed:%Y-%m-%d} 签订调解协议"

        return self.take(at, Action.SETTLE, change)

    def fail(self, at: datetime, note: str) -> datetime:
        return self.take(at, Action.FAIL, note=note)

    def close(self, at: datetime, note: str = "") -> datetime:
        def change() -> str:
            if self.case["status"] != CaseStatus.FAILED:
                return ""
            self.case["outcome"] = CaseOutcome.NOT_SETTLED.value
            self.case["concluded_on"] = at.date()
            return "调解不成，终结调解"

        return self.take(at, Action.CLOSE, change, note)

    def follow_up(self, at: datetime, performed: bool, note: str) -> datetime:
        def change() -> str:
            self.follow_ups.append({"visited_on": at.date(), "performed": performed, "note": note})
            return "协议已履行" if performed else "协议未履行"

        return self.take(at, Action.FOLLOW_UP, change, note)

    def extend(self, at: datetime, days: int, reason: str) -> datetime:
        def change() -> str:
            old, new = self.case["due_on"], self.case["due_on"] + timedelta(days=days)
            self.case["due_on"] = new
            return f"办结期限 {old:%Y-%m-%d} → {new:%Y-%m-%d}"

        return self.take(at, Action.EXTEND, change, reason)


def _mediator(person_id: int, lead: bool, at: datetime) -> dict:
    return {
        "person_id": person_id,
        "lead": lead,
        "assigned_at": at,
        "ended_at": None,
        "end_reason": None,
        "created_at": at,
        "updated_at": at,
    }


class _CaseMaker:
    """About two years of the township's dispute cases, written in bulk like the roster."""

    def __init__(
        self,
        session,
        rng: random.Random,
        factory: PersonFactory,
        township: GridUnit,
        units: list[GridUnit],
        posts: list[_Post],
        names: dict[int, str],
    ) -> None:
        self.session = session
        self.rng = rng
        self.factory = factory
        self.township = township
        self.names = names
        self.posts = posts
        self.units = {u.id: u for u in units}
        self.villages = [u for u in units if u.level == Level.VILLAGE.value]
        self.communities = [u for u in self.villages if u.kind == "社区"]
        self.below: dict[int, list[GridUnit]] = {}  # village id → its grids and micro-grids
        for u in units:
            village = self.village_of(u)
            if village is not None and village is not u:
                self.below.setdefault(village.id, []).append(u)
        self.categories = dict(session.execute(select(CaseCategory.name, CaseCategory.id)).all())
        self.clerks = [factory.make(1978, 1998).name for _ in range(3)]  # 综治中心经办人
        self.specialties: dict[int, tuple[str, ...]] = {}

    def village_of(self, unit: GridUnit | None) -> GridUnit | None:
        while unit is not None and unit.level != Level.VILLAGE.value:
            unit = self.units.get(unit.parent_id) if unit.parent_id else None
        return unit

    # ------------------------------------------------------------------------------ people

    def mediators(self) -> dict[int, tuple[str, ...]]:
        """Every mediator's specialties (category names), written as MediatorSpecialty rows."""
        chosen: dict[int, tuple[str, ...]] = {}
        for post in self.posts:
            if post.role not in MEDIATOR_ROLES or post.person_id in chosen:
                continue
            at_township = post.unit_id == self.township.id
            pool = (
                LAWYER_SPECIALTIES
                if post.role == "法律顾问"
                else TOWNSHIP_SPECIALTIES
                if at_township
                else VILLAGE_SPECIALTIES
            )
            chosen[post.person_id] = tuple(self.rng.sample(pool, self.rng.choice((1, 2, 2, 3))))
        rows = [
            {"person_id": person_id, "category_id": self.categories[name]}
            for person_id, specialties in chosen.items()
            for name in specialties
        ]
        self.session.execute(insert(MediatorSpecialty), rows)
        return chosen

    def pick_mediator(
        self, unit_ids: set[int], day: date, category: str, roles=MEDIATOR_ROLES, avoid=()
    ) -> int | None:
        """A mediator holding a post at one of `unit_ids` on `day`, a specialist when there is one."""
        found = sorted(
            {
                p.person_id
                for p in self.posts
                if p.unit_id in unit_ids
                and p.role in roles
                and p.held_on(day)
                and p.person_id not in avoid
            }
        )
        if not found:
            return None
        experts = [p for p in found if category in self.specialties.get(p, ())]
        return self.rng.choice(experts if experts and self.rng.random() < 0.8 else found)

    def reporter(self, village: GridUnit, unit: GridUnit, day: date) -> int | None:
        """A grid worker of the place, in post on the day the case came in."""
        area = {unit.id}
        if unit.level == Level.MICRO.value:
            area.add(unit.parent_id)
        elif unit.level == Level.VILLAGE.value:
            area = {u.id for u in self.below.get(village.id, [])}
        else:
            area |= {u.id for u in self.below.get(village.id, []) if u.parent_id == unit.id}
        found = sorted(
            {
                p.person_id
                for p in self.posts
                if p.unit_id in area and p.role in GRID_WORKER_ROLES and p.held_on(day)
            }
        )
        return self.rng.choice(found) if found else None

    def party(self, unit: GridUnit | None, village: GridUnit) -> dict:
        fake = self.factory.make(1950, 2002)
        place = unit.name if unit is not None and unit.level == Level.MICRO.value else village.name
        return {
            "kind": "person",
            "name": fake.name,
            "citizen_id": fake.citizen_id if self.rng.random() < 0.6 else None,
            "phone": fake.phone if self.rng.random() < 0.85 else None,
            "address": f"{COUNTY[1]}{TOWNSHIP[1]}{place}",
            "unit_id": unit.id if unit is not None and unit.level == Level.MICRO.value else None,
        }

    # ------------------------------------------------------------------------------- cases

    def build(self, today: date, deadlines: DeadlineSettings) -> int:
        rng = self.rng
        self.specialties = self.mediators()
        first = today - timedelta(days=CASE_MONTHS * 365 // 12)
        days = []
        for month in range(CASE_MONTHS):
            start = first + timedelta(days=month * 365 // 12)
            days += [
                start + timedelta(days=rng.randrange(30))
                for _ in range(rng.randint(*CASES_PER_MONTH))
            ]
        days = [d for d in days if d < today - timedelta(days=1)]
        forced = [(today - timedelta(days=age), path) for age, path in OPEN_TODAY.items()]
        planned = sorted([(d, "") for d in days] + forced)
        kinds = list(CASE_KINDS)
        weights = [CASE_KINDS[k].weight for k in kinds]
        seqs: dict[int, int] = {}
        histories = []
        for received, path in planned:
            category = rng.choices(kinds, weights)[0]
            path = path or rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0]
            seqs[received.year] = seqs.get(received.year, 0) + 1
            history = self.case(received, seqs[received.year], category, path, today, deadlines)
            histories.append(history)
        self.write(histories)
        return len(histories)

    def case(
        self,
        received: date,
        seq: int,
        category: str,
        path: str,
        today: date,
        deadlines: DeadlineSettings,
    ) -> _History:
        rng = self.rng
        kind = CASE_KINDS[category]
        # 物业 (property management) disputes happen where there are 小区: in communities
        village = rng.choice(self.communities if category == "物业" else self.villages)
        community = village.kind == "社区"
        below = self.below[village.id]
        micros = [u for u in below if u.level == Level.MICRO.value]
        grids = [u for u in below if u.level == Level.GRID.value]
        where = rng.random()
        unit = rng.choice(micros) if where < 0.6 else rng.choice(grids) if where < 0.85 else village
        source = rng.choices([s for s, _ in SOURCE_WEIGHTS], [w for _, w in SOURCE_WEIGHTS])[0]
        reporter = None
        if source == "网格上报" or (source == "主动排查" and rng.random() < 0.5):
            reporter = self.reporter(village, unit, received)

        home = unit if unit.level == Level.MICRO.value else None
        parties = [self.party(home, village)]
        if kind.organisation:
            name = kind.organisation.format(
                w=rng.choice(COMPANY_WORDS),
                v=village.name,
                committee="居民委员会" if community else "村民委员会",
            )
            parties.append(
                {
                    "kind": "organisation",
                    "name": name,
                    "citizen_id": None,
                    "address": None,
                    "phone": None,
                    "unit_id": None,
                }
            )
        else:
            parties.append(self.party(rng.choice(micros), village))
        people = len(parties)
        group = rng.random() < kind.group
        if group:
            parties.insert(1, self.party(rng.choice(micros), village))  # a second representative
            low, high = rng.choices(GROUP_SIZES, GROUP_SIZE_WEIGHTS)[0]
            people = rng.randint(low, high)
        criminal = category in ("邻里", "婚姻家庭", "房屋宅基地") and rng.random() < 0.07
        risk = "重大" if people > 100 else "较大" if group or criminal else "一般"
        amount = None
        if kind.amount and rng.random() < 0.7:
            amount = rng.randrange(*kind.amount) // 100 * 10000  # whole hundreds of yuan, in fen
        due = received + timedelta(days=deadlines.due_days)
        a, b = parties[0]["name"], parties[-1]["name"]
        case = {
            "township_id": self.township.id,
            "year": received.year,
            "seq": seq,
            "number": case_number(self.township.name, received.year, seq),
            "received_on": received,
            "source": source,
            "category_id": self.categories[category],
            "unit_id": unit.id,
            "people_involved": people,
            "amount_fen": amount,
            "summary": rng.choice(kind.summaries).format(a=a, b=b),
            # a risk seen only at assessment is raised there
            "risk": "一般" if risk == "较大" and rng.random() < 0.5 else risk,
            "criminal_risk": criminal,
            "group_risk": group,
            "reporter_id": reporter,
            "status": CaseStatus.REGISTERED.value,
            "level": None,
            "transferred_to": None,
            "original_due_on": due,
            "due_on": due,
            "outcome": None,
            "concluded_on": None,
        }
        history = _History(case, parties, rng.choice(self.clerks), today, deadlines)
        at = datetime.combine(received, time(rng.randrange(8, 12), rng.randrange(60)))
        history.register(at)
        case["created_at"] = case["updated_at"] = at
        with contextlib.suppress(_Stop):
            self.walk(history, at, path, category, village, risk)
        return history

    def later(self, at: datetime, low: int, high: int) -> datetime:
        days = self.rng.randint(low, high)
        if days == 0:
            return at + timedelta(minutes=self.rng.randrange(10, 90))
        day = at.date() + timedelta(days=days)
        return datetime.combine(day, time(self.rng.randrange(8, 17), self.rng.randrange(60)))

    def walk(
        self, h: _History, at: datetime, path: str, category: str, village: GridUnit, risk: str
    ) -> None:
        """Take the case down `path` step by step, as clerks would through the services."""
        rng, case = self.rng, h.case
        first_level = (
            HandlingLevel.TOWNSHIP
            if path in ("township", "county") or risk == "重大"
            else HandlingLevel.VILLAGE
        )
        note = (
            f"经研判，{'风险较高，需重点关注' if risk != '一般' else '属一般矛盾纠纷'}，"
            f"宜由{first_level.label}调解"
        )
        at = h.assess(self.later(at, 0, 2), note, risk)
        if path == "transferred":
            target = (
                "公安机关"
                if case["criminal_risk"]
                else rng.choice(("人民法院", "人民法院", "行政主管部门", "仲裁机构"))
            )
            h.route(self.later(at, 0, 1), HandlingLevel.TRANSFERRED, "不属人民调解范围", target)
            return
        at = h.route(self.later(at, 0, 1), first_level)
        day = at.date()
        township_units = {self.township.id}
        village_units = {village.id} | {u.id for u in self.below[village.id]}
        roles = ("法律顾问",) if category in LAWYER_CATEGORIES else ("人民调解员",)
        if first_level is HandlingLevel.TOWNSHIP:
            lead = self.pick_mediator(township_units, day, category, roles)
            lead = lead or self.pick_mediator(township_units, day, category)
        else:
            lead = self.pick_mediator(village_units, day, category) or self.pick_mediator(
                township_units, day, category
            )
        at = h.assign(self.later(at, 0, 0), lead, self.names[lead], True)
        if rng.random() < 0.3:
            second = self.pick_mediator(village_units | township_units, day, category, avoid={lead})
            if second is not None:
                at = h.assign(self.later(at, 0, 0), second, self.names[second], False)
        at = h.start(self.later(at, 0, 3))
        place = (
            f"{TOWNSHIP[1]}综治中心调解室"
            if first_level is HandlingLevel.TOWNSHIP
            else f"{village.name}调解室"
        )
        stalled = path in ("stalled", "extended", "slow")
        if path == "extended":
            at = h.extend(self.later(at, 0, 2), 30, "案情复杂，经双方当事人同意延长调解期限")
        gap = (18, 25) if path in ("stalled", "extended") else (8, 15) if stalled else (2, 9)
        rounds = 4 if stalled else rng.choice((1, 1, 2, 2, 3))
        at = self.sessions(h, at, rounds, gap, place)
        if path in ("village_failed", "failed_transferred", "escalated", "county"):
            at = h.fail(self.later(at, 0, 1), rng.choice(FAILURES))
            if path == "village_failed":
                h.close(self.later(at, 0, 5), "调解不成，已告知当事人可依法向人民法院提起诉讼")
                return
            if path == "failed_transferred":
                h.route(
                    self.later(at, 0, 3),
                    HandlingLevel.TRANSFERRED,
                    "当事人坚持通过诉讼解决",
                    "人民法院",
                )
                return
            if path == "escalated" and first_level is HandlingLevel.VILLAGE:
                at = h.route(
                    self.later(at, 0, 2), HandlingLevel.TOWNSHIP, "村级调解不成，报镇调委会调解"
                )
                new = self.pick_mediator(township_units, at.date(), category, avoid={lead})
                at = h.reassign(
                    self.later(at, 0, 0), new, self.names, "案件上报镇级，改由镇调委会调解员主持"
                )
                place = f"{TOWNSHIP[1]}综治中心调解室"
            else:
                at = h.route(
                    self.later(at, 0, 2),
                    HandlingLevel.COUNTY,
                    f"{'涉及人数多' if case['group_risk'] else '案情复杂、双方分歧大'}，"
                    "镇级难以化解，报县矛盾纠纷多元化解中心",
                )
                place = f"{COUNTY[1]}矛盾纠纷多元化解中心"
            at = h.start(self.later(at, 1, 5))
            at = self.sessions(h, at, rng.choice((1, 2)), (3, 10), place)
            if rng.random() < 0.25:
                at = h.fail(self.later(at, 0, 1), rng.choice(FAILURES))
                h.close(self.later(at, 0, 5), "调解不成，已告知当事人可依法向人民法院提起诉讼")
                return
        at = h.settle(self.later(at, 0, 0), self.agreement(h))
        at = h.close(self.later(at, 0, 4))
        if rng.random() < 0.9:
            at = self.later(at, 8, 25)
            performed = rng.random() < 0.9
            h.follow_up(at, performed, "" if performed else "对方尚未按期履行，已督促")
            if not performed:
                h.follow_up(self.later(at, 10, 25), True, "经再次督促已履行完毕")

    def sessions(self, h: _History, at: datetime, rounds: int, gap, place: str) -> datetime:
        parties = "、".join(p["name"] for p in h.parties)
        for _ in range(rounds):
            at = self.later(at, *gap)
            present = "、".join(
                self.names[m["person_id"]] for m in h.mediators if m["ended_at"] is None
            )
            at = h.session(at, place, present, parties, self.rng.choice(RECORDS))
        return at

    def agreement(self, h: _History) -> dict:
        a, b = h.parties[0]["name"], h.parties[-1]["name"]
        fen = h.case["amount_fen"]
        if fen:
            paid = fen * self.rng.randrange(50, 101) // 100 // 10000 * 10000 or fen
            terms = f"{b}向{a}支付{format_yuan(paid)}元，双方就此纠纷再无其他争议"
            obligations = f"{b}：按期足额支付上述款项\n{a}：收款后不再就此事主张权利"
            performance = "通过银行转账支付"
        else:
            terms = self.rng.choice(TERMS)
            obligations = f"{a}：按协议约定履行\n{b}：按协议约定履行"
            performance = "双方自行履行，村调委会监督"
        return {
            "facts": h.case["summary"],
            "terms": terms,
            "obligations": obligations,
            "performance": performance,
            "perform_by": None,
        }

    def write(self, histories: list[_History]) -> None:
        ids = self.session.scalars(
            insert(DisputeCase.__table__).returning(
                DisputeCase.__table__.c.id, sort_by_parameter_order=True
            ),
            [{**h.case, "uid": new_uid()} for h in histories],
        ).all()
        children = {
            CaseParty: [],
            CaseStep: [],
            CaseMediator: [],
            MediationSession: [],
            Agreement: [],
            FollowUp: [],
        }
        for case_id, h in zip(ids, histories, strict=True):
            for model, rows in (
                (CaseParty, [{**p, "position": i} for i, p in enumerate(h.parties)]),
                (CaseStep, h.steps),
                (CaseMediator, h.mediators),
                (MediationSession, h.sessions),
                (Agreement, [h.agreement] if h.agreement else []),
                (FollowUp, h.follow_ups),
            ):
                children[model] += [{**row, "case_id": case_id, "uid": new_uid()} for row in rows]
        for model, rows in children.items():
            if rows:
                # Core inserts: the ORM's bulk path costs more than the rows themselves here
                self.session.execute(insert(model.__table__), rows)


FAILURES = (
    "双方对赔偿金额分歧较大，未能达成一致",
    "一方拒不到场，调解无法继续",
    "双方各执己见，经多次调解仍未达成协议",
)
RECORDS = (
    "听取双方陈述，核实现场情况，释法说理",
    "邀请村组干部和老党员参与，双方情绪趋于缓和",
    "背对背分别做工作，明确各自责任，提出调解方案",
)
TERMS = (
    "双方按原界址恢复原状，今后和睦相处，不再因此事发生争执",
    "一方当面赔礼道歉，另一方予以谅解，双方互不追究",
    "双方按协商方案分担费用，各自履行赡养和照顾义务",
)


# ---------------------------------------------------------------------------------- assessment

ASSESSED_MONTHS = 18  # full months scored, up to the month before today's
GRID_SCHEME_ROLES = ("网格长", "专职网格员", "兼职网格员")
# what a kept result holds, as assessment_months.result_record fills it
RESULT_COLUMNS = (
    "month_id",
    "person_id",
    "name",
    "village",
    "total_tenths",
    "grade",
    "rank",
    "village_rank",
    "veto",
    "held_back_by_quota",
    "points",
    "figures",
)
TOP_QUOTA_PERCENT = 20  # 优秀 for at most a fifth of the workers, as many townships rule
NOTES = {  # what a scorer writes beside a count, by item
    "信息录入": "{n}条人口、房屋信息变动未及时更新",
    "信息更新": "{n}户联系户信息变动未及时报告",
    "宣传报道": "网格工作信息被县融媒体中心采用{n}篇",
    "隐患报告": "及时发现并报告重大安全隐患{n}次",
    "安全事故": "网格内发生房屋火灾，未按规定时限上报",
    "瞒报漏报": "联系户因土地纠纷聚集上访，事前知情未报告",
}
CHANCES = {scoring.ItemKind.DEDUCTION: 0.09, scoring.ItemKind.BONUS: 0.06}  # of a count in a month
REOPEN_REASON = "村(社区)反映{name}的走访分录入有误，重新打开更正"


def micro_scheme_draft(start_month: date) -> SchemeDraft:
    """The rules townships set for 微网格员, who look after 10–30 households each: visits and
    errands for those households, hazards and disputes found early, the households' opinion."""
    d = Decimal
    return SchemeDraft(
        name="微网格员月度考核细则",
        start_month=start_month,
        roles=("微网格员",),
        sections=(
            SectionDraft(
                "联系服务群众（45分）",
                (
                    ItemDraft(
                        "入户走访",
                        scoring.ItemKind.MANUAL,
                        max_points=d(20),
                        rule_text="每月走访联系户全覆盖，了解家庭情况和诉求",
                    ),
                    ItemDraft(
                        "信息更新",
                        scoring.ItemKind.DEDUCTION,
                        max_points=d(10),
                        per_count=d(2),
                        rule_text="联系户人口、房屋信息变动及时报告网格员；"
                        "每发现一户未及时报告扣2分，扣完为止",
                    ),
                    ItemDraft(
                        "代办服务",
                        scoring.ItemKind.MANUAL,
                        max_points=d(15),
                        rule_text="为群众代办、代跑事项，件件有回音",
                    ),
                ),
            ),
            SectionDraft(
                "平安建设（45分）",
                (
                    ItemDraft(
                        "矛盾纠纷发现",
                        scoring.ItemKind.MANUAL,
                        max_points=d(10),
                        rule_text="及时发现、报告联系户的矛盾纠纷，视是否及时、准确评分；"
                        "不按件数计分",
                    ),
                    ItemDraft(
                        "安全隐患巡查",
                        scoring.ItemKind.MANUAL,
                        max_points=d(20),
                        rule_text="巡查消防、用电、地质灾害等隐患，发现后及时报告",
                    ),
                    ItemDraft(
                        "政策宣传",
                        scoring.ItemKind.MANUAL,
                        max_points=d(15),
                        rule_text="宣传防诈骗、防溺水、禁毒等，联系户知晓",
                    ),
                ),
            ),
            SectionDraft(
                "群众评议（10分）",
                (
                    ItemDraft(
                        "群众满意度",
                        scoring.ItemKind.MANUAL,
                        max_points=d(10),
                        rule_text="以联系户测评结果为准",
                    ),
                ),
            ),
            SectionDraft(
                "加分项",
                (
                    ItemDraft(
                        "隐患报告",
                        scoring.ItemKind.BONUS,
                        max_points=d(4),
                        per_count=d(2),
                        rule_text="及时发现并报告重大隐患、避免损失的，每次加2分，最多加4分",
                    ),
                ),
            ),
            SectionDraft(
                "一票否决",
                (
                    ItemDraft(
                        "瞒报漏报",
                        scoring.ItemKind.VETO,
                        rule_text="联系户内发生重大安全事故或群体性事件，瞒报、漏报的，"
                        "当月考核定为不合格",
                    ),
                ),
            ),
        ),
    )


def _month_after(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class _Assessor:
    """18 months of the township's assessment under two schemes (grid workers, 微网格员), made
    through the scheme service and written in bulk as assessment_months writes them: entries as
    set_entry stores them, a step per change of state, and for an approved month the results
    as approve() keeps them, computed by the same sheet, figure and scoring functions.

    The months older than the last two are approved; the one before last was approved and then
    reopened for a correction (a draft again, keeping the results it was approved with, as
    reopen() keeps them); the last full month is submitted, awaiting review;
    the current month is a draft being filled in, village by village."""

    def __init__(self, db: Database, rng: random.Random, township_id: int, today: date) -> None:
        self.db = db
        self.rng = rng
        self.township_id = township_id
        self.today = today
        # steps are taken before today, like the cases' (yesterday at the latest)
        self.latest = datetime.combine(today - timedelta(days=1), time(17, 30))
        factory = PersonFactory(rng)
        self.scorer = factory.make(1980, 1998).name  # the centre's clerk who keeps the sheets
        self.reviewer = factory.make(1966, 1982).name  # the township leader who approves
        self.ability: dict[int, float] = {}  # person id → their usual share of the points
        self.stamp = now()

    def build(self) -> int:
        current = self.today.replace(day=1)
        months = [_month_after(current, k - ASSESSED_MONTHS) for k in range(ASSESSED_MONTHS + 1)]
        grid = replace(
            default_scheme_draft(months[0]),
            roles=GRID_SCHEME_ROLES,
            top_quota_percent=TOP_QUOTA_PERCENT,
        )
        schemes = [
            create_scheme(self.db, grid),
            create_scheme(self.db, micro_scheme_draft(months[0])),
        ]
        with self.db.session() as session:
            for scheme in schemes:
                self.score(session, scheme, months)
            # approve() freezes the version a month was approved with
            session.execute(
                update(AssessmentScheme)
                .where(AssessmentScheme.id.in_([s.id for s in schemes]))
                .values(frozen=True)
            )
        return ASSESSED_MONTHS

    def score(self, session: Session, scheme: SchemeInfo, months: list[date]) -> None:
        rng = self.rng
        records = [
            AssessmentMonth(
                township_id=self.township_id,
                month=month,
                family_uid=scheme.family_uid,
                scheme_id=scheme.id,
                status=(
                    MonthStatus.APPROVED
                    if age >= 3
                    else MonthStatus.SUBMITTED
                    if age == 1
                    else MonthStatus.DRAFT
                ).value,
                reopen_count=1 if age == 2 else 0,
            )
            for age, month in zip(range(len(months) - 1, -1, -1), months, strict=True)
        ]
        session.add_all(records)
        session.flush()
        items = scheme.items  # a property that builds them: once, not per worker
        veto_month, veto_worker = rng.randrange(ASSESSED_MONTHS - 2), rng.random()
        entries: list[dict] = []
        events: list[dict] = []
        results: list[dict] = []
        for index, record in enumerate(records):
            age = len(records) - 1 - index
            workers = workers_in_post(session, record, scheme)
            scored = list(workers.values())
            if age == 0:  # the villages that have sent their scores in so far
                villages = sorted({w.village_code for w in scored})
                filled = set(villages[: rng.randint(len(villages) // 4, len(villages) // 2)])
                scored = [w for w in scored if w.village_code in filled]
            vetoed = None
            if index == veto_month:
                vetoed = sorted(workers)[int(veto_worker * len(workers))]
            inputs = {
                w.person_id: self.entries(record, items, w, w.person_id == vetoed, entries)
                for w in scored
            }
            if age == 0:
                continue
            submitted = self.step(
                events,
                record,
                MonthAction.SUBMIT,
                self.after(datetime.combine(month_bounds(record.month)[1], time(9)), 2, 6),
            )
            if age == 1:
                continue
            approved = self.step(events, record, MonthAction.APPROVE, self.after(submitted, 1, 4))
            results += self.results(session, record, scheme, workers, inputs, approved)
            if age == 2:
                name = rng.choice(scored).name
                reason = REOPEN_REASON.format(name=name)
                self.step(events, record, MonthAction.REOPEN, self.after(approved, 5, 12), reason)
        for model, rows in (
            (ScoreEntry, entries),
            (AssessmentEvent, events),
            (ScoreResult, results),
        ):
            if rows:
                session.execute(insert(model.__table__), rows)

    def after(self, at: datetime, low: int, high: int) -> datetime:
        day = at.date() + timedelta(days=self.rng.randint(low, high))
        later = datetime.combine(day, time(self.rng.randrange(9, 17), self.rng.randrange(60)))
        return min(later, self.latest)

    def entries(
        self,
        record: AssessmentMonth,
        items: tuple[scoring.ItemSpec, ...],
        worker: Worker,
        vetoed: bool,
        rows: list[dict],
    ) -> dict[str, Decimal | int | bool]:
        """The worker's entries for the month, added to `rows` as set_entry stores them;
        returns them as the sheet reads them back for scoring."""
        rng = self.rng
        if worker.person_id not in self.ability:  # a few weak workers, most good ones
            weak = rng.random() < 0.06
            self.ability[worker.person_id] = (
                rng.uniform(0.6, 0.75) if weak else rng.gauss(0.87, 0.035)
            )
        ability = self.ability[worker.person_id]
        first, last = month_bounds(record.month)
        start = worker.joined or first
        end = worker.left or last + timedelta(days=1)
        share = (end - start).days / ((last - first).days + 1)
        # a good or a bad month; a few days in post leave less done
        form = ability + rng.gauss(0, 0.03) - 0.15 * (1 - share)
        entered: dict[str, Decimal | int | bool] = {}
        for item in items:
            tenths = count = None
            if item.kind is scoring.ItemKind.MANUAL:
                most = int(item.max_points * 10)
                points = most * (form + rng.gauss(0, 0.04))
                tenths = min(most, max(0, round(points / 5) * 5))  # in half points
                entered[item.key] = from_tenths(tenths)
            elif item.kind in CHANCES and rng.random() < CHANCES[item.kind]:
                count = entered[item.key] = rng.choice((1, 1, 1, 2))
            elif item.kind is scoring.ItemKind.VETO and vetoed:
                count, entered[item.key] = 1, True
            else:
                continue
            rows.append(
                {
                    "uid": new_uid(),
                    "month_id": record.id,
                    "person_id": worker.person_id,
                    "item_key": item.key,
                    "points_tenths": tenths,
                    "count": count,
                    "note": NOTES.get(item.name, "").format(n=count) if count else "",
                    "entered_by": self.scorer,
                    "created_at": self.stamp,
                    "updated_at": self.stamp,
                }
            )
        return entered

    def step(
        self,
        events: list[dict],
        record: AssessmentMonth,
        action: MonthAction,
        at: datetime,
        note: str = "",
    ) -> datetime:
        (source,), target = TRANSITIONS[action]
        events.append(
            {
                "uid": new_uid(),
                "month_id": record.id,
                "at": at,
                "actor": self.reviewer if action is MonthAction.APPROVE else self.scorer,
                "action": action.value,
                "status_from": source.value,
                "status_to": target.value,
                "note": note,
                "created_at": at,
                "updated_at": at,
            }
        )
        return at

    def results(
        self,
        session: Session,
        record: AssessmentMonth,
        scheme: SchemeInfo,
        workers: dict[int, Worker],
        entered: dict[int, dict[str, Decimal | int | bool]],
        at: datetime,
    ) -> list[dict]:
        """The month's results as approve() keeps them (live_rows, then one row per worker)."""
        figures = figures_in(session, self.township_id, *month_bounds(record.month), workers)
        scores = scoring.score_month(
            scheme.spec(),
            [
                scoring.WorkerInput(
                    w.person_id, w.name, w.village, entered[w.person_id], figures[w.person_id]
                )
                for w in workers.values()
            ],
        )
        rows = [result_record(record.id, score, figures[score.person_id]) for score in scores]
        return [
            {column: getattr(row, column) for column in RESULT_COLUMNS}
            | {"uid": new_uid(), "created_at": at, "updated_at": at}
            for row in rows
        ]


# ------------------------------------------------------------------------------------ warnings

WARNING_MONTHS = 12
WARNINGS_PER_MONTH = (12, 20)
RAINY_MONTHS = (5, 6, 7, 8, 9)  # slopes move after the rains
FIRE_MONTHS = (11, 12, 1, 2, 3, 4)  # 森林防火期: dry season, burning straw and paper at graves
WARNING_CLOCK = time(8, 30)  # "now" on the demo's today: later steps have not happened yet
PARTY_WORK = (
    "协助疏散群众",
    "到现场巡查值守",
    "入户宣传提醒",
    "协助劝导双方",
    "帮助独居老人转移",
    "协助清理现场",
)


@dataclass(frozen=True)
class WarningKind:
    """How warnings of one type look: how often (a month's weight), how often urgent, whom the
    centre sends them to, who usually reports them, what they say and how they end."""

    weight: Callable[[int], int]
    urgent: float
    bodies: tuple[str, ...]
    reporter_roles: tuple[str, ...]
    descriptions: tuple[str, ...]
    results: tuple[str, ...]
    villages_only: bool = False  # slopes and forests are not in communities


WARNING_KINDS = {
    "安全隐患": WarningKind(
        lambda month: 18,
        0.25,
        ("应急办", "村委会"),
        (),
        (
            "{place}一处民房墙体开裂，存在倒塌隐患",
            "{place}商铺私拉乱接电线，存在火灾隐患",
            "{place}废弃水塘无护栏，临近学生上学路线",
        ),
        ("已设置警示并完成加固", "已督促整改，隐患排除"),
    ),
    "地质灾害": WarningKind(
        lambda month: 40 if month in RAINY_MONTHS else 3,
        0.5,
        ("自然资源所", "应急办"),
        ("地质灾害监测员",),
        (
            "{place}后山边坡出现裂缝并有小规模滑塌",
            "{place}连续降雨后房后山体渗水、局部垮塌",
            "{place}监测点位移读数明显增大",
        ),
        ("已组织受威胁农户临时避让，专业队伍现场排查", "已设置警示牌并落实监测，险情稳定"),
        villages_only=True,
    ),
    "森林防火": WarningKind(
        lambda month: 16 if month in FIRE_MONTHS else 4,
        0.45,
        ("应急办",),
        ("护林员",),
        (
            "{place}林区有村民焚烧秸秆",
            "{place}林缘坟地有人祭祀烧纸",
            "{place}山林附近发现烟点",
        ),
        ("已扑灭火点并对当事人批评教育", "已劝离野外用火人员，加强巡护"),
        villages_only=True,
    ),
    "道路交通": WarningKind(
        lambda month: 9,
        0.3,
        ("派出所", "村委会"),
        ("护路员",),
        (
            "{place}村道急弯处护栏缺失",
            "{place}路段落石阻断半幅通行",
            "{place}有农用车违规载人",
        ),
        ("已清理落石、恢复通行", "已设置警示标志并报请修复护栏"),
    ),
    "治安": WarningKind(
        lambda month: 7,
        0.3,
        ("派出所",),
        (),
        (
            "{place}夜间有陌生人员多次踩点",
            "{place}发生电动车被盗",
            "{place}有人聚众赌博",
        ),
        ("派出所已出警处置", "已加强夜间巡逻，未再发现异常"),
    ),
    "矛盾苗头": WarningKind(
        lambda month: 14,
        0.15,
        ("司法所", "村委会"),
        (),
        (
            "{place}两户因宅基地边界发生口角，情绪激动",
            "{place}村民因灌溉用水发生争执",
            "{place}务工人员讨要工钱与包工头发生争执",
        ),
        ("经村组干部劝解，双方情绪平稳", "已当场化解，双方握手言和"),
    ),
    "民生诉求": WarningKind(
        lambda month: 14,
        0.05,
        ("村委会",),
        (),
        (
            "{place}自来水停水两天未恢复",
            "{place}独居老人反映房屋漏雨",
            "{place}路灯损坏多日无人修理",
        ),
        ("已协调维修完毕", "已帮助解决并回访群众"),
    ),
    "其他": WarningKind(
        lambda month: 4,
        0.1,
        ("村委会",),
        (),
        ("{place}流浪犬伤人", "{place}河道漂浮大量垃圾"),
        ("已处理完毕",),
    ),
}
# Warnings made to be open on the demo's today (days before it, the hour, the type, urgency, and
# the last step taken): waiting for dispatch; past the response deadline; past the completion
# deadline; and one being handled in time.
OPEN_WARNINGS = (
    (0, time(7, 40), "地质灾害", URGENT, "reported"),
    (1, time(18, 10), "森林防火", URGENT, "dispatched"),
    (2, time(10, 0), "矛盾苗头", "一般", "dispatched"),
    (9, time(9, 0), "安全隐患", "一般", "responded"),
    (3, time(15, 0), "民生诉求", "一般", "responded"),
)
ESCALATION_REASONS = ("险情扩大，本级力量不足", "涉及多户群众，需上级协调", "本级无法协调相关部门")
REASSIGN_REASONS = ("原承办单位职责不符", "需专业力量处置", "原承办人外出，无法及时到场")


class _WarningHistory:
    """A warning's steps written as services/warnings.py writes them, each allowed by its
    rules. Stops (raises _Stop) at the first step that has not happened yet."""

    def __init__(self, warning: dict, unit: GridUnit, kind: str, actor: str, cutoff: datetime):
        self.warning = warning
        self.unit = unit
        self.kind = kind
        self.actor = actor
        self.cutoff = cutoff
        self.dispatches: list[dict] = []
        self.steps: list[dict] = []
        self.reports: list[dict] = []

    def take(self, at: datetime, action: WarningAction, change, note: str = "") -> datetime:
        if at >= self.cutoff:
            raise _Stop
        status = WarningStatus(self.warning["status"])
        if action not in warning_rules.ALLOWED[status]:
            raise ValueError(f"{action} in {status}")  # a slip of this generator
        status_from, level_from = self.warning["status"], self.warning["level"]
        said = change()
        self.warning["updated_at"] = at
        self.steps.append(
            {
                "at": at,
                "actor": self.actor,
                "action": action.value,
                "status_from": status_from,
                "status_to": self.warning["status"],
                "level_from": level_from,
                "level_to": self.warning["level"],
                "note": "；".join(part for part in (said, note) if part),
            }
        )
        return at

    def current(self) -> dict | None:
        current = [d for d in self.dispatches if d["ended_at"] is None]
        return current[-1] if current else None

    def report(self, reporter: str) -> None:
        w = self.warning
        self.steps.append(
            {
                "at": w["reported_at"],
                "actor": self.actor,
                "action": WarningAction.REPORT.value,
                "status_from": None,
                "status_to": w["status"],
                "level_from": None,
                "level_to": w["level"],
                "note": f"{self.kind}，{w['urgency']}，报告人 {reporter}",
            }
        )

    def dispatch(
        self, at: datetime, target: str, person_id: int | None, hours, reason: str = ""
    ) -> datetime:
        def change() -> str:
            current = self.current()
            if current is not None:
                current["ended_at"] = at
                current["end_reason"] = f"改派：{reason}"
            response, completion = hours
            self.dispatches.append(
                {
                    "target": target,
                    "person_id": person_id,
                    "level": self.warning["level"],
                    "dispatched_at": at,
                    "response_due": at + response,
                    "complete_due": at + completion,
                    "responded_at": None,
                    "ended_at": None,
                    "end_reason": None,
                }
            )
            self.warning["status"] = WarningStatus.DISPATCHED.value
            return warning_rules.dispatch_note(target, at + response, at + completion)

        action = WarningAction.REASSIGN if reason else WarningAction.DISPATCH
        return self.take(at, action, change, reason)

    def escalate(self, at: datetime, reason: str) -> datetime:
        def change() -> str:
            before = Level(self.warning["level"])
            after = warning_rules.next_level(self.unit, before)
            current = self.current()
            if current is not None:
                current["ended_at"] = at
                current["end_reason"] = f"提级：{reason}"
            self.warning["level"] = after.value
            self.warning["status"] = WarningStatus.REPORTED.value
            return f"{before.label} → {after.label}"

        return self.take(at, WarningAction.ESCALATE, change, reason)

    def respond(self, at: datetime) -> datetime:
        def change() -> str:
            current = self.current()
            current["responded_at"] = at
            self.warning["status"] = WarningStatus.RESPONDED.value
            late = "（已超过响应时限）" if at > current["response_due"] else ""
            return f"{current['target']}已响应{late}"

        return self.take(at, WarningAction.RESPOND, change)

    def feedback(self, at: datetime, text: str) -> datetime:
        def change() -> str:
            self.warning["status"] = WarningStatus.FED_BACK.value
            return ""

        return self.take(at, WarningAction.FEEDBACK, change, text)

    def close(self, at: datetime, result: str) -> datetime:
        def change() -> str:
            self.warning.update(status=WarningStatus.CLOSED.value, closed_at=at, result=result)
            return "已超过办结时限" if at > self.current()["complete_due"] else ""

        return self.take(at, WarningAction.CLOSE, change, result)

    def party(self, at: datetime, person_id: int, name: str, work: str) -> datetime:
        def change() -> str:
            self.reports.append({"person_id": person_id, "at": at, "work": work})
            return f"{name}：{work}"

        return self.take(at, WarningAction.PARTY_REPORT, change)

    def convert(self, at: datetime, case_id: int, number: str) -> datetime:
        def change() -> str:
            current = self.current()
            if current is not None:
                current["ended_at"] = at
                current["end_reason"] = "转为矛盾纠纷案件"
            result = f"转为矛盾纠纷案件 {number}"
            self.warning.update(
                status=WarningStatus.CONVERTED.value, closed_at=at, result=result, case_id=case_id
            )
            return result

        return self.take(at, WarningAction.CONVERT, change)


class _WarningMaker:
    """A year of the township's grid warnings up to the demo's today, written in bulk: more
    地质灾害 in the rainy season and 森林防火 in the dry one; most dispatched, answered and closed
    in time, some late, a few escalated or reassigned; party members of the village reporting
    for duty; two 矛盾苗头 warnings that became the demo's cases they were the start of."""

    def __init__(
        self,
        session,
        rng: random.Random,
        maker: _CaseMaker,
        party_members: set[int],
        deadlines: WarningDeadlines,
        today: date,
    ) -> None:
        self.session = session
        self.rng = rng
        self.maker = maker
        self.party_members = party_members
        self.deadlines = deadlines
        self.today = today
        self.cutoff = datetime.combine(today, WARNING_CLOCK)
        self.types = dict(session.execute(select(WarningType.name, WarningType.id)).all())

    def build(self) -> int:
        rng, maker = self.rng, self.maker
        first = self.today - timedelta(days=365)
        histories: list[_WarningHistory] = []
        for month in range(WARNING_MONTHS):
            start = first + timedelta(days=month * 365 // 12)
            for _ in range(rng.randint(*WARNINGS_PER_MONTH)):
                day = start + timedelta(days=rng.randrange(30))
                if day >= self.today:
                    continue
                names = list(WARNING_KINDS)
                kind = rng.choices(names, [WARNING_KINDS[n].weight(day.month) for n in names])[0]
                made = self.warning(datetime.combine(day, time(rng.randrange(7, 21))), kind)
                if made is not None:
                    histories.append(made)
        for age, hour, kind, urgency, stall in OPEN_WARNINGS:
            reported_at = datetime.combine(self.today - timedelta(days=age), hour)
            made = self.warning(reported_at, kind, urgency=urgency, stall=stall)
            if made is not None:
                histories.append(made)
        histories += self.converted()
        histories.sort(key=lambda h: h.warning["reported_at"])  # stable: the same for a seed
        seqs: dict[int, int] = {}
        for h in histories:
            year = h.warning["reported_at"].year
            seqs[year] = seqs.get(year, 0) + 1
            h.warning.update(
                year=year,
                seq=seqs[year],
                number=warning_rules.warning_number(maker.township.name, year, seqs[year]),
            )
        self.write(histories)
        return len(histories)

    def place(self, kind: str) -> tuple[GridUnit, GridUnit]:
        """A village and the micro-grid or grid in it where a warning of `kind` is seen."""
        rng, maker = self.rng, self.maker
        villages = maker.villages
        if WARNING_KINDS[kind].villages_only:
            villages = [v for v in villages if v.kind != "社区"]
        village = rng.choice(villages)
        below = maker.below[village.id]
        level = Level.MICRO.value if rng.random() < 0.8 else Level.GRID.value
        return village, rng.choice([u for u in below if u.level == level])

    def reporter(self, unit: GridUnit, kind: str, day: date) -> int | None:
        """Who is in post there that day: the role that watches for this kind first."""
        area = {unit.id, unit.parent_id}
        found = [
            p
            for p in self.maker.posts
            if p.unit_id in area and p.held_on(day) and p.role in WARNING_REPORTER_ROLES
        ]
        watchers = [p for p in found if p.role in WARNING_KINDS[kind].reporter_roles]
        pool = sorted({p.person_id for p in (watchers or found)})
        return self.rng.choice(pool) if pool else None

    def new(
        self,
        reported_at: datetime,
        kind: str,
        unit: GridUnit,
        village: GridUnit,
        reporter: int,
        urgency: str = "",
    ) -> _WarningHistory:
        rng = self.rng
        spec = WARNING_KINDS[kind]
        urgency = urgency or (URGENT if rng.random() < spec.urgent else "一般")
        place = unit.name if unit.name.startswith(village.name) else f"{village.name}{unit.name}"
        warning = {
            "township_id": self.maker.township.id,
            "reported_at": reported_at,
            "unit_id": unit.id,
            "type_id": self.types[kind],
            "urgency": urgency,
            "description": rng.choice(spec.descriptions).format(place=place),
            "people_affected": rng.choice((0, 1, 2, 3, 5, 8, 12, 20)),
            "reporter_id": reporter,
            "status": WarningStatus.REPORTED.value,
            "level": unit.level,
            "case_id": None,
            "closed_at": None,
            "result": "",
            "created_at": reported_at,
            "updated_at": reported_at,
        }
        h = _WarningHistory(warning, unit, kind, rng.choice(self.maker.clerks), self.cutoff)
        h.report(self.maker.names[reporter])
        return h

    def warning(
        self, hour: datetime, kind: str, urgency: str = "", stall: str = ""
    ) -> _WarningHistory | None:
        rng = self.rng
        village, unit = self.place(kind)
        reporter = self.reporter(unit, kind, hour.date())
        if reporter is None:
            return None
        reported_at = hour.replace(minute=rng.randrange(60)) if hour.minute == 0 else hour
        h = self.new(reported_at, kind, unit, village, reporter, urgency)
        with contextlib.suppress(_Stop):
            self.walk(h, village, stall)
        return h

    def walk(self, h: _WarningHistory, village: GridUnit, stall: str = "") -> None:
        """Down the usual road, as the centre's clerks would take it through the services;
        `stall` names the last step taken (reported, dispatched, responded) of one left open."""
        if stall == "reported":
            raise _Stop
        rng = self.rng
        spec = WARNING_KINDS[h.kind]
        urgent = h.warning["urgency"] == URGENT
        hours = self.deadlines.for_urgency(h.warning["urgency"])
        response, completion = hours
        at = h.warning["reported_at"]
        if rng.random() < 0.07 and warning_rules.next_level(h.unit, Level(h.unit.level)):
            at = h.escalate(
                at + timedelta(minutes=rng.randrange(20, 120)), rng.choice(ESCALATION_REASONS)
            )
        at += timedelta(minutes=rng.randrange(10, 60) if urgent else rng.randrange(30, 300))
        target, person = self.target(h, village)
        at = h.dispatch(at, target, person, hours)
        if stall == "dispatched":
            raise _Stop
        if rng.random() < 0.06:
            at += response * rng.uniform(0.2, 0.8)
            others = [b for b in DISPATCH_BODIES if b != target]
            at = h.dispatch(at, rng.choice(others), None, hours, rng.choice(REASSIGN_REASONS))
        dispatched = at
        late = rng.random() < 0.12
        at = h.respond(
            dispatched + response * (rng.uniform(1.1, 3) if late else rng.uniform(0.05, 0.9))
        )
        members = self.members(village, at.date())
        chance = 0.6 if urgent or h.kind in ("地质灾害", "森林防火") else 0.25
        if members and rng.random() < chance:
            for person_id in rng.sample(members, min(len(members), rng.choice((1, 1, 2, 3)))):
                when = at + timedelta(minutes=rng.randrange(10, 180))
                h.party(when, person_id, self.maker.names[person_id], rng.choice(PARTY_WORK))
        if stall == "responded":
            raise _Stop
        slow = rng.random() < 0.1
        close_at = dispatched + completion * (
            rng.uniform(1.05, 2) if slow else rng.uniform(0.4, 0.95)
        )
        close_at = max(close_at, at + timedelta(minutes=30), *(r["at"] for r in h.reports))
        h.feedback(at + (close_at - at) * rng.uniform(0.3, 0.8), rng.choice(spec.results))
        h.close(close_at + timedelta(minutes=5), rng.choice(spec.results))

    def target(self, h: _WarningHistory, village: GridUnit) -> tuple[str, int | None]:
        """A body for the kind, or now and then the village's own 网格长 or mediator by name."""
        rng = self.rng
        if rng.random() < 0.15:
            roles = ("人民调解员",) if h.kind == "矛盾苗头" else ("网格长",)
            area = {village.id} | {u.id for u in self.maker.below[village.id]}
            day = h.warning["reported_at"].date()
            found = sorted(
                {
                    p.person_id
                    for p in self.maker.posts
                    if p.unit_id in area and p.role in roles and p.held_on(day)
                }
            )
            if found:
                person = rng.choice(found)
                return self.maker.names[person], person
        return rng.choice(WARNING_KINDS[h.kind].bodies), None

    def members(self, village: GridUnit, day: date) -> list[int]:
        """The party members in post in the village (its grids and micro-grids) that day."""
        area = {village.id} | {u.id for u in self.maker.below[village.id]}
        return sorted(
            {
                p.person_id
                for p in self.maker.posts
                if p.unit_id in area and p.held_on(day) and p.person_id in self.party_members
            }
        )

    def converted(self) -> list[_WarningHistory]:
        """Two 矛盾苗头 warnings the evening before a 网格上报 case of the year: dispatched to the
        司法所, answered, and turned into that case when it was registered the next morning."""
        rng = self.rng
        rows = self.session.execute(
            select(
                DisputeCase.id,
                DisputeCase.number,
                DisputeCase.unit_id,
                DisputeCase.reporter_id,
                CaseStep.at,
            )
            .join(CaseStep, CaseStep.case_id == DisputeCase.id)
            .where(
                DisputeCase.source == "网格上报",
                DisputeCase.reporter_id.is_not(None),
                DisputeCase.received_on >= self.today - timedelta(days=300),
                CaseStep.action == Action.REGISTER.value,
            )
            .order_by(DisputeCase.id)
        ).all()
        made = []
        for case_id, number, unit_id, reporter, registered in rng.sample(rows, len(rows)):
            unit = self.maker.units[unit_id]
            village = self.maker.village_of(unit)
            evening = datetime.combine(
                registered.date() - timedelta(days=1), time(19, rng.randrange(60))
            )
            posts = [
                p for p in self.maker.posts if p.person_id == reporter and p.held_on(evening.date())
            ]
            if not posts or registered >= self.cutoff:
                continue
            h = self.new(evening, "矛盾苗头", unit, village, reporter)
            hours = self.deadlines.for_urgency(h.warning["urgency"])
            at = h.dispatch(evening + timedelta(minutes=25), "司法所", None, hours)
            h.respond(at + timedelta(minutes=rng.randrange(20, 50)))
            h.convert(registered, case_id, number)
            made.append(h)
            if len(made) == 2:
                break
        return made

    def write(self, histories: list[_WarningHistory]) -> None:
        ids = self.session.scalars(
            insert(GridWarning.__table__).returning(
                GridWarning.__table__.c.id, sort_by_parameter_order=True
            ),
            [{**h.warning, "uid": new_uid()} for h in histories],
        ).all()
        children: dict[type, list[dict]] = {WarningDispatch: [], WarningStep: [], PartyReport: []}
        for warning_id, h in zip(ids, histories, strict=True):
            for model, rows in (
                (WarningDispatch, h.dispatches),
                (WarningStep, h.steps),
                (PartyReport, h.reports),
            ):
                children[model] += [{**row, "warning_id": warning_id} for row in rows]
        for model, rows in children.items():
            if rows:
                self.session.execute(insert(model.__table__), rows)


WARNING_REPORTER_ROLES = (
    *GRID_WORKER_ROLES,
    "护林员",
    "护路员",
    "地质灾害监测员",
    "联户长",
    "楼栋长",
)
