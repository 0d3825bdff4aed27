"""The automatic figures on hand-built cases; the answers counted by hand and written down."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.services.assessment_figures import (
    CASES_REPORTED,
    CONCLUDED_IN_TIME_SHARE,
    VILLAGE_CLOSED_SHARE,
    WARNINGS_REPORTED,
    figures_in,
    percent,
)
from desktop.services.cases import PartyDraft
from desktop.vocabulary import CaseStatus, HandlingLevel
from tests.services import assessment_fixtures
from tests.services.case_fixtures import case_in, register

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def figures(db, township_id, start, end, people):
    with db.session() as session:
        return figures_in(session, township_id, start, end, people)


def test_figures_of_the_cases_a_worker_reported(db, town):
    # Every case below is concluded, if at all, on 2026-03-02 (case_fixtures' clock); the
    # conclusion is due 30 days after it was received.
    li, zhao = town.people["李青山"], town.people["赵石门"]
    # A: March, settled in the village, in time
    case_in(db, town, CaseStatus.SETTLED, reporter_id=li, received_on=date(2026, 3, 1))
    # B: March, settled by the township, in time — not closed in the village
    case_in(
        db,
        town,
        CaseStatus.SETTLED,
        reporter_id=li,
        received_on=date(2026, 3, 2),
        level=HandlingLevel.TOWNSHIP,
    )
    # C: January, settled in the village in March — late (due 2026-02-09); not reported in March
    case_in(db, town, CaseStatus.SETTLED, reporter_id=li, received_on=date(2026, 1, 10))
    # D: March, failed and closed in March, in time — concluded, not closed in the village
    case_in(
        db,
        town,
        CaseStatus.CLOSED,
        settled=False,
        reporter_id=li,
        received_on=date(2026, 3, 1),
    )
    # E: March, still open — reported, not concluded
    register(db, town, reporter_id=li, received_on=date(2026, 3, 2))
    # F: February, still open — neither
    register(db, town, reporter_id=li, received_on=date(2026, 2, 10))
    # G: reported by 张网格 (not asked for): nobody's figure
    register(db, town, received_on=date(2026, 3, 2))
    # H: March, by 李青山 but in another township: not 示例镇's
    register(
        db,
        town,
        reporter_id=li,
        received_on=date(2026, 3, 2),
        unit_id=town.units["北坝村"],
        parties=(PartyDraft("甲某"), PartyDraft("乙某")),
    )

    got = figures(db, town.units["示例镇"], *MARCH, [li, zhao])

    assert got[li] == {
        CASES_REPORTED: Decimal(4),  # A, B, D, E
        CONCLUDED_IN_TIME_SHARE: Decimal("75.0"),  # A, B, D of A, B, C, D
        VILLAGE_CLOSED_SHARE: Decimal("50.0"),  # A, C of A, B, C, D
        WARNINGS_REPORTED: Decimal(0),
    }
    # nothing concluded: no share (the item says what that earns), not a made-up 100%
    assert got[zhao] == {CASES_REPORTED: Decimal(0), WARNINGS_REPORTED: Decimal(0)}
    april = figures(db, town.units["示例镇"], date(2026, 4, 1), date(2026, 4, 30), [li])
    assert april[li][CASES_REPORTED] == 0


def test_shares_are_rounded_half_up_to_one_decimal():
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert percent(3, 3) == Decimal(100)
