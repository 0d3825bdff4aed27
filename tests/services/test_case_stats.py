"""Each figure on a hand-built set of cases, the answers counted by hand and written down."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from desktop.db import Database, open_database
from desktop.errors import ValidationError
from desktop.services import cases, grid, mediators, roster
from desktop.services.case_settings import list_categories
from desktop.services.case_stats import PEOPLE_BANDS, figures, month_period
from desktop.services.cases import AgreementDraft, CaseDraft, PartyDraft
from desktop.services.grid import UnitDraft
from desktop.services.identity import check_char
from desktop.services.roster import PersonDraft
from desktop.vocabulary import BUILTIN_CASE_CATEGORIES, HandlingLevel, Level

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
MID_APRIL = date(2026, 4, 15)


def citizen_id(sequence: int) -> str:
    first17 = f"51192219800101{sequence:03d}"
    return first17 + check_char(first17)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


@dataclass
class Township:
    """A township, a village with a micro-grid, one mediator and the cases made in it."""

    db: Database
    units: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    mediator_id: int = 0
    cases: dict[str, int] = field(default_factory=dict)

    def register(
        self,
        key: str,
        received: date,
        *,
        category: str = "邻里",
        source: str = "主动排查",
        people: int = 0,
        criminal: bool = False,
        group: bool = False,
        parties: tuple[PartyDraft, ...] = (PartyDraft("甲某"), PartyDraft("乙某")),
        summary: str = "因排水沟堵塞发生争执",
    ) -> int:
        draft = CaseDraft(
            received_on=received,
            source=source,
            category_id=self.categories[category],
            unit_id=self.units["青山一组"],
            parties=parties,
            summary=summary,
            people_involved=people,
            criminal_risk=criminal,
            group_risk=group,
        )
        case_id = cases.register_case(self.db, draft, actor="王文书", now=at(received)).id
        cases.assess(self.db, case_id, actor="王文书", now=at(received, 10))
        self.cases[key] = case_id
        return case_id

    def route(self, key: str, level: HandlingLevel, day: date, hour: int = 11) -> None:
        note = "本级难以化解" if level is HandlingLevel.COUNTY else ""
        cases.route(self.db, self.cases[key], level, actor="王文书", note=note, now=at(day, hour))

    def escalate(self, key: str, level: HandlingLevel, when: datetime) -> None:
        cases.route(self.db, self.cases[key], level, actor="王文书", note="本级难以化解", now=when)

    def mediate(self, key: str, day: date) -> None:
        case_id = self.cases[key]
        info = cases.get_case(self.db, case_id, today=day)
        if not info.current_mediators:
            mediators.assign(self.db, case_id, self.mediator_id, actor="王文书", now=at(day, 12))
        cases.start_mediation(self.db, case_id, actor="王文书", now=at(day, 13))

    def settle(self, key: str, day: date) -> None:
        draft = AgreementDraft(signed_on=day, terms="双方各退一步，共同疏通排水沟")
        cases.settle(self.db, self.cases[key], draft, actor="张伟", now=at(day, 15))

    def fail(self, key: str, day: date) -> None:
        cases.fail(self.db, self.cases[key], actor="张伟", note="双方分歧较大", now=at(day, 15))

    def close_unsettled(self, key: str, day: date) -> None:
        cases.close(
            self.db,
            self.cases[key],
            actor="王文书",
            note="告知可向法院起诉",
            on=day,
            now=at(day, 16),
        )

    def transfer(self, key: str, day: date) -> None:
        cases.route(
            self.db,
            self.cases[key],
            HandlingLevel.TRANSFERRED,
            actor="王文书",
            transferred_to="人民法院",
            now=at(day, 11),
        )


def build_township(db: Database) -> Township:
    town = Township(db)

    def unit(level: Level, code: str, name: str, parent: str | None = None, **extra) -> None:
        parent_id = town.units[parent] if parent else None
        draft = UnitDraft(level, code, name, parent_id=parent_id, **extra)
        town.units[name] = grid.create_unit(db, draft).id

    unit(Level.COUNTY, "511922", "南江县")
    unit(Level.TOWNSHIP, "511922100", "示例镇", "南江县")
    unit(Level.VILLAGE, "511922100201", "青山村", "示例镇", kind="村")
    unit(Level.GRID, "511922100201-01", "青山村第一网格", "青山村")
    unit(Level.MICRO, "511922100201-01-01", "青山一组", "青山村第一网格", kind="自然村/组")
    town.categories = {c.name: c.id for c in list_categories(db)}
    roles = {role.name: role.id for role in roster.list_roles(db)}
    mediator = roster.add_person(
        db, PersonDraft(name="张伟", citizen_id=citizen_id(15), phone="13812345678")
    )
    roster.assign_role(db, mediator.id, town.units["示例镇"], roles["人民调解员"], date(2020, 1, 1))
    town.mediator_id = mediator.id
    return town


def build_cases(db: Database) -> Township:
    """The cases below, in the order things happened. Default deadline: 30 days after receipt.

    key  received    people  category / source          what happened                    due
    A    2026-02-28    2     邻里 / 主动排查            village, settled 03-01           03-30
    B    2026-03-01   49     邻里 / 主动排查 民转刑     village, settled 03-10           03-31
    C    2026-03-31   50     婚姻家庭 / 当事人申请      assessed only                    04-30
    D    2026-04-01 1000     邻里 / 主动排查            assessed only                    05-01
    E    2026-03-05  100     邻里 / 网格上报 群体性     village → township 03-08, settled 03-20
    F    2026-03-06  101     合同 / 部门移送/委托       village, failed 03-12, → county 03-31
                                                        18:00, settled 04-05             04-05
    G    2026-02-01    2     邻里 / 主动排查            township, settled 04-10          03-03
    H    2026-03-10  500     邻里 / 来信来访 民转刑     township, failed, closed 03-31   04-09
    I    2026-03-12  501     征地拆迁 / 主动排查 群体性 transferred to court 03-14       04-11
    J    2026-01-10    2     邻里 / 主动排查            village, mediating               02-09
    K    2026-03-01    2     邻里 / 网格上报            assessed only                    03-31
    """
    town = build_township(db)
    v, t = HandlingLevel.VILLAGE, HandlingLevel.TOWNSHIP
    town.register("J", date(2026, 1, 10))
    town.route("J", v, date(2026, 1, 11))
    town.mediate("J", date(2026, 1, 12))
    town.register("G", date(2026, 2, 1))
    town.route("G", t, date(2026, 2, 2))
    town.mediate("G", date(2026, 2, 2))
    town.register("A", date(2026, 2, 28))
    town.route("A", v, date(2026, 2, 28))
    town.mediate("A", date(2026, 2, 28))
    town.settle("A", date(2026, 3, 1))
    town.register("B", date(2026, 3, 1), people=49, criminal=True)
    town.register("K", date(2026, 3, 1), source="网格上报")
    town.route("B", v, date(2026, 3, 2))
    town.mediate("B", date(2026, 3, 2))
    town.register("E", date(2026, 3, 5), people=100, source="网格上报", group=True)
    town.route("E", v, date(2026, 3, 5))
    town.register("F", date(2026, 3, 6), people=101, category="合同", source="部门移送/委托")
    town.route("F", v, date(2026, 3, 6))
    town.mediate("F", date(2026, 3, 7))
    town.escalate("E", t, at(date(2026, 3, 8)))
    town.mediate("E", date(2026, 3, 8))
    town.settle("B", date(2026, 3, 10))
    town.register("H", date(2026, 3, 10), people=500, source="来信来访", criminal=True)
    town.route("H", t, date(2026, 3, 10))
    town.mediate("H", date(2026, 3, 11))
    town.register("I", date(2026, 3, 12), people=501, category="征地拆迁", group=True)
    town.fail("F", date(2026, 3, 12))
    town.transfer("I", date(2026, 3, 14))
    town.settle("E", date(2026, 3, 20))
    town.fail("H", date(2026, 3, 20))
    town.register("C", date(2026, 3, 31), people=50, category="婚姻家庭", source="当事人申请")
    town.close_unsettled("H", date(2026, 3, 31))
    town.escalate("F", HandlingLevel.COUNTY, datetime(2026, 3, 31, 18))
    town.register("D", date(2026, 4, 1), people=1000)
    town.mediate("F", date(2026, 4, 2))
    town.settle("F", date(2026, 4, 5))
    town.settle("G", date(2026, 4, 10))
    return town


def categories(**counts: int) -> dict[str, int]:
    """The by_category table: every category in the standard order, zeros included."""
    return {name: counts.get(name, 0) for name in BUILTIN_CASE_CATEGORIES}


@pytest.fixture(scope="module")
def town(engine):
    """Built once: figures only read."""
    db = open_database(engine.new_url())
    yield build_cases(db)
    db.close()


def test_march_figures(town):
    got = figures(town.db, *MARCH, today=MID_APRIL)
    # Received: B, K (on the first day), E, F, H, I, C (on the last day); not A, G, J before, D after.
    assert got.received == 7
    # Concluded: A (on the first day), B, E settled; H not settled (on the last day); I transferred.
    # F and G concluded in April.
    assert (got.concluded, got.settled, got.not_settled, got.transferred) == (5, 3, 1, 1)
    assert got.success_rate == 3 / 4
    assert got.village_closed == 2  # A, B
    assert got.village_closed_rate == 2 / 5
    assert got.township_closed == 3  # A, B and E (escalated to the township, settled there)
    assert got.township_closed_rate == 3 / 5
    # F went to the county on the evening of the last day; E's escalation to the township is
    # not one to the county.
    assert got.escalated == 1
    # G (due 03-03, settled only in April) and J (due 02-09, still mediating); K is due on the
    # last day itself, C later, F on 04-05.
    assert got.overdue == 2
    # B settled with 民转刑 risk (49 people); H had it too but was not settled.
    assert (got.criminal_prevented_cases, got.criminal_prevented_people) == (1, 49)
    # E settled as 群体性 (100 people); I was transferred, not settled.
    assert (got.group_prevented_cases, got.group_prevented_people) == (1, 100)
    # 49 and 2 (K) | 50 and 100 | 101 and 500 | 501
    assert got.people_bands == {"<50": 2, "50–100": 2, "101–500": 2, ">500": 1}
    assert list(got.people_bands) == list(PEOPLE_BANDS)
    assert got.by_category == categories(邻里=4, 婚姻家庭=1, 合同=1, 征地拆迁=1)
    assert got.by_source == {
        "主动排查": 2,
        "当事人申请": 1,
        "网格上报": 2,
        "部门移送/委托": 1,
        "来信来访": 1,
    }
    assert got.by_level == {"村级": 2, "镇级": 2, "县级": 0, "移送": 1}
    assert (got.start, got.end) == MARCH


def test_april_figures_count_overdue_on_today_when_today_comes_first(town):
    got = figures(town.db, *APRIL, today=MID_APRIL)
    assert got.received == 1  # D
    assert got.people_bands == {"<50": 0, "50–100": 0, "101–500": 0, ">500": 1}
    assert (got.concluded, got.settled) == (2, 2)  # F at the county, G at the township
    assert got.success_rate == 1.0
    assert got.village_closed == 0
    assert got.village_closed_rate == 0.0
    assert got.township_closed_rate == 1 / 2
    assert got.by_level == {"村级": 0, "镇级": 1, "县级": 1, "移送": 0}
    assert got.escalated == 0  # F's escalation was on 03-31
    # On 04-15: J and K (due 03-31); C is due 04-30, D 05-01, F and G concluded.
    assert got.overdue == 2
    # Seen on the last day of April, C (due that day) is still not overdue.
    assert figures(town.db, *APRIL, today=date(2026, 6, 1)).overdue == 2


def test_overdue_is_judged_on_today_within_the_period(town):
    # On 03-02 only J is overdue: G's deadline (03-03) has not yet passed.
    assert figures(town.db, *MARCH, today=date(2026, 3, 2)).overdue == 1
    assert figures(town.db, *MARCH, today=date(2026, 3, 4)).overdue == 2


def test_a_single_day(town):
    got = figures(town.db, date(2026, 3, 14), date(2026, 3, 14), today=MID_APRIL)
    assert (got.received, got.concluded, got.transferred) == (0, 1, 1)  # I transferred
    assert got.success_rate is None  # nothing was mediated to an end that day
    assert got.village_closed_rate == 0.0
    assert got.township_closed_rate == 0.0


def test_an_empty_period_has_zeros_and_no_rates(town):
    got = figures(town.db, date(2025, 1, 1), date(2025, 1, 31), today=MID_APRIL)
    assert (got.received, got.concluded, got.escalated, got.overdue) == (0, 0, 0, 0)
    assert got.success_rate is None
    assert got.village_closed_rate is None
    assert got.township_closed_rate is None
    assert got.people_bands == dict.fromkeys(PEOPLE_BANDS, 0)
    assert got.by_level == {"村级": 0, "镇级": 0, "县级": 0, "移送": 0}
    assert sum(got.by_category.values()) == 0


def test_a_period_ending_before_it_starts_is_refused(db):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        figures(db, date(2026, 3, 31), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026-03", (date(2026, 3, 1), date(2026, 3, 31))),
        ("2024-2", (date(2024, 2, 1), date(2024, 2, 29))),
        ("２０２６年１２月", (date(2026, 12, 1), date(2026, 12, 31))),
        (" 2026/04 ", (date(2026, 4, 1), date(2026, 4, 30))),
    ],
)
def test_month_period(text, period):
    assert month_period(text) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026", "三月", ""])
def test_month_period_refuses_what_is_not_a_month(text):
    with pytest.raises(ValidationError, match="请写成 YYYY-MM"):
        month_period(text)


@pytest.mark.parametrize("text", ["0000-01", "1899-12", "2101-01", "9999-12"])
def test_month_period_refuses_a_year_beyond_the_calendar(text):
    with pytest.raises(ValidationError, match=f"月份“{text}”超出范围：应在 1900 年至 2100 年之间"):
        month_period(text)
