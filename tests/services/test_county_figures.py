"""A county database holding several townships: each township's dispute figures by the same
definitions as a township's own, side by side and ranked, and the county's (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import cases, grid, mediators, roster
from desktop.services.case_stats import county_figures, figures, month_bounds
from desktop.services.cases import AgreementDraft, CaseDraft, PartyDraft
from desktop.services.grid import UnitDraft
from desktop.services.roster import PersonDraft
from desktop.vocabulary import HandlingLevel, Level
from tests.services.test_case_stats import at, build_cases, citizen_id

MARCH = month_bounds(2026, 3)
MID_APRIL = date(2026, 4, 15)


@pytest.fixture(scope="module")
def county(engine):
    """示例镇 with the cases of test_case_stats, and 北坝镇 with two March cases of its own: one
    settled in its village, one only registered."""
    from desktop.db import open_database

    db = open_database(engine.new_url())
    town = build_cases(db)
    units = {"南江县": town.units["南江县"]}
    for level, code, name, parent, kind in (
        (Level.TOWNSHIP, "511922101", "北坝镇", "南江县", None),
        (Level.VILLAGE, "511922101201", "北坝村", "北坝镇", "村"),
        (Level.GRID, "511922101201-01", "北坝村第一网格", "北坝村", None),
        (Level.MICRO, "511922101201-01-01", "北坝一组", "北坝村第一网格", "自然村/组"),
    ):
        draft = UnitDraft(level, code, name, parent_id=units[parent], kind=kind)
        units[name] = grid.create_unit(db, draft).id
    roles = {role.name: role.id for role in roster.list_roles(db)}
    mediator = roster.add_person(db, PersonDraft(name="李调解", citizen_id=citizen_id(27)))
    roster.assign_role(db, mediator.id, units["北坝镇"], roles["人民调解员"], date(2020, 1, 1))

    def register(day: date) -> int:
        draft = CaseDraft(
            received_on=day,
            source="主动排查",
            category_id=town.categories["邻里"],
            unit_id=units["北坝一组"],
            parties=(PartyDraft("甲某"), PartyDraft("乙某")),
            summary="因宅基地界址发生争执",
        )
        case_id = cases.register_case(db, draft, actor="赵文书", now=at(day)).id
        cases.assess(db, case_id, actor="赵文书", now=at(day, 10))
        return case_id

    settled = register(date(2026, 3, 3))
    cases.route(db, settled, HandlingLevel.VILLAGE, actor="赵文书", now=at(date(2026, 3, 3), 11))
    mediators.assign(db, settled, mediator.id, actor="赵文书", now=at(date(2026, 3, 4), 9))
    cases.start_mediation(db, settled, actor="赵文书", now=at(date(2026, 3, 4), 10))
    agreement = AgreementDraft(signed_on=date(2026, 3, 9), terms="按原界址砌墙")
    cases.settle(db, settled, agreement, actor="李调解", now=at(date(2026, 3, 9), 15))
    register(date(2026, 3, 20))
    yield db, town.units["示例镇"], units["北坝镇"]
    db.close()


def test_each_township_counts_only_its_own_cases(county):
    db, shili, beiba = county
    own = figures(db, *MARCH, today=MID_APRIL, township_id=shili)
    assert (own.received, own.concluded, own.settled, own.escalated) == (7, 5, 3, 1)
    theirs = figures(db, *MARCH, today=MID_APRIL, township_id=beiba)
    assert (theirs.received, theirs.concluded, theirs.settled) == (2, 1, 1)
    assert (theirs.village_closed, theirs.township_closed_rate) == (1, 1.0)
    assert theirs.escalated == 0


def test_the_county_sets_townships_side_by_side_ranked_with_the_county_total(county):
    db, *_ = county
    got = county_figures(db, *MARCH, today=MID_APRIL)
    assert [(row.name, row.rank) for row in got.townships] == [("北坝镇", 1), ("示例镇", 2)]
    assert got.total.received == 9
    assert got.total.concluded == 6
    assert got.total == figures(db, *MARCH, today=MID_APRIL)
    assert sum(row.figures.received for row in got.townships) == got.total.received


def test_a_township_with_nothing_concluded_is_listed_unranked(county):
    db, *_ = county
    got = county_figures(db, date(2026, 3, 3), date(2026, 3, 3), today=MID_APRIL)
    assert {(row.name, row.rank, row.figures.received) for row in got.townships} == {
        ("北坝镇", None, 1),
        ("示例镇", None, 0),
    }
