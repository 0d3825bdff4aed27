"""A hand-built March of warnings, its figures counted by hand and written down; the same month
as the assessment's automatic figures read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop.db import open_database
from desktop.exchange.scheme_workbook import (
    ITEM_HEADERS,
    ITEMS_SHEET,
    export_scheme,
    import_scheme,
)
from desktop.services import roster, warnings
from desktop.services.assessment_figures import (
    METRICS,
    WARNINGS_IN_TIME_SHARE,
    WARNINGS_REPORTED,
    figures_in,
)
from desktop.services.assessment_months import month_sheet
from desktop.services.assessment_schemes import (
    ItemDraft,
    SchemeDraft,
    SectionDraft,
    create_scheme,
)
from desktop.services.cases import PartyDraft
from desktop.services.scoring import ItemKind, NoCases
from desktop.services.warning_stats import month_stats, party_participation
from tests.services import warning_fixtures
from tests.services.case_fixtures import CLERK
from tests.services.warning_fixtures import report

warning_file = warning_fixtures.warning_file
db = warning_fixtures.warning_db
wtown = warning_fixtures.warning_town

H = timedelta(hours=1)


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour)


def walk(db, wtown, reported, urgency, *, dispatched=None, responded=None, closed=None, **changes):
    """A warning reported at `reported`, then dispatched, answered and closed at the times
    given (each None: not taken)."""
    warning = report(db, wtown, urgency=urgency, reported_at=reported, now=reported, **changes)
    if dispatched:
        warnings.dispatch(db, warning.id, "应急办", actor=CLERK, now=dispatched)
    if responded:
        warnings.respond(db, warning.id, actor=CLERK, now=responded)
    if closed:
        warnings.close(db, warning.id, "已处置", actor=CLERK, now=closed)
    return warning


@pytest.fixture
def march(db, wtown):
    """A: 紧急, answered in 1 h, closed the same day — in time.
    B: 一般, answered after 30 h (due 24 h), closed two days later — late (response).
    C: 一般, answered in 4 h, closed after 16 days (due 7) — late (completion).
    D: 紧急 (张网格's), answered in half an hour, still open.
    E: reported and dispatched in February, answered 1 March after 48 h, closed 2 March — late.
    F: 矛盾苗头, escalated, then turned into a case, never dispatched — concluded, not judged.
    G: reported in April — not March's.
    林党员 reports on A and C in March, and on E in February; 赵群众 is no party member."""
    a = walk(db, wtown, at(2), "紧急", dispatched=at(2), responded=at(2, 10), closed=at(2, 20))
    b = walk(db, wtown, at(3), "一般", dispatched=at(3, 10), responded=at(4, 16), closed=at(5))
    c = walk(db, wtown, at(4, 8), "一般", dispatched=at(4, 8), responded=at(4, 12), closed=at(20))
    walk(
        db,
        wtown,
        at(10),
        "紧急",
        dispatched=at(10),
        responded=at(10) + H / 2,
        unit_id=wtown.units["青山村第一网格"],
        reporter_id=wtown.people["张网格"],
    )
    e = walk(
        db,
        wtown,
        at(27, 9, 2),
        "一般",
        dispatched=at(27, 9, 2),
        responded=at(1, 9),
        closed=at(2, 9),
    )
    f = report(db, wtown, type_id=wtown.types["矛盾苗头"], reported_at=at(12), now=at(12))
    warnings.escalate(db, f.id, reason="双方情绪激动", actor=CLERK, now=at(12, 10))
    warnings.convert_to_case(
        db,
        f.id,
        (PartyDraft("甲某"), PartyDraft("乙某")),
        category_id=wtown.town.categories["邻里"],
        actor=CLERK,
        now=at(12, 11),
    )
    walk(db, wtown, at(1, 9, 4), "一般")
    member = wtown.people["林党员"]
    for warning, when in ((a, at(2, 11)), (c, at(4, 13)), (e, at(28, 9, 2))):
        warnings.party_report(db, warning.id, member, "到场值守", actor=CLERK, at=when, now=at(28))
    return {"a": a, "b": b, "c": c, "e": e, "f": f}


def test_march_in_figures(db, march):
    got = month_stats(db, date(2026, 3, 17))

    assert got.month == date(2026, 3, 1)
    assert got.reported == 5  # A B C D F
    assert got.dispatched == 4  # A B C D (E was dispatched in February)
    assert (got.closed, got.converted) == (5, 1)  # A B C E F
    assert (got.in_time, got.late) == (1, 3)  # A; B C E (F never dispatched: not judged)
    assert got.in_time_rate == 0.25
    assert got.median_response_hours == 4.0  # of 0.5 (D), 1 (A), 4 (C), 30 (B), 48 (E)
    assert got.escalated == 1
    assert got.by_type["安全隐患"] == 4 and got.by_type["矛盾苗头"] == 1
    assert got.by_type["地质灾害"] == 0 and len(got.by_type) == 8
    assert got.by_urgency == {"一般": 3, "紧急": 2}
    assert (got.party_reports, got.party_members) == (2, 1)
    assert [(p.name, p.reports, p.warnings) for p in got.participation] == [("林党员", 2, 2)]
    assert got.participation[0].posts == "青山一组 党员中心户"


def test_a_month_without_warnings_has_no_rates(db, march):
    got = month_stats(db, date(2026, 5, 1))
    assert (got.reported, got.closed, got.in_time_rate, got.median_response_hours) == (
        0,
        0,
        None,
        None,
    )
    # the party member in post shows, with nothing reported: what a secretary looks for
    assert [(p.name, p.reports) for p in party_participation(db, date(2026, 5, 1))] == [
        ("林党员", 0)
    ]


def test_the_assessment_reads_the_warnings_a_worker_reported(db, wtown, march):
    wang, zhang = wtown.people["王秀英"], wtown.people["张网格"]
    with db.session() as session:
        got = figures_in(
            session, wtown.units["示例镇"], date(2026, 3, 1), date(2026, 3, 31), [wang, zhang]
        )

    assert got[wang][WARNINGS_REPORTED] == 4  # A B C F
    assert got[wang][WARNINGS_IN_TIME_SHARE] == Decimal("25.0")  # A of A B C E
    assert got[zhang][WARNINGS_REPORTED] == 1  # D
    assert WARNINGS_IN_TIME_SHARE not in got[zhang]  # nothing of theirs concluded: no share
    assert METRICS[WARNINGS_REPORTED] == "当月上报网格预警（件）"


def test_a_party_member_whose_post_ended_on_the_first_is_not_counted_that_month(db, wtown):
    """The roster's rule: the end date is the first day out of post."""
    (post,) = roster.get_person(db, wtown.people["林党员"]).assignments
    roster.end_assignment(db, post.id, date(2026, 5, 1))
    assert [p.name for p in party_participation(db, date(2026, 4, 1))] == ["林党员"]
    assert party_participation(db, date(2026, 5, 1)) == ()


def warning_scheme() -> SchemeDraft:
    """A scheme for 微网格员 scoring the warnings they report, with no case item at all."""
    d = Decimal
    return SchemeDraft(
        name="微网格员预警考核细则",
        start_month=date(2026, 3, 1),
        roles=("微网格员",),
        sections=(
            SectionDraft(
                "网格预警",
                (
                    ItemDraft(
                        "预警上报",
                        ItemKind.AUTO,
                        max_points=d(10),
                        bands=((d(0), d(0)), (d(1), d(4)), (d(3), d(10))),
                        metric=WARNINGS_REPORTED,
                    ),
                    ItemDraft(
                        "预警按时办结",
                        ItemKind.AUTO,
                        max_points=d(10),
                        bands=((d(0), d(0)), (d(20), d(3)), (d(90), d(10))),
                        metric=WARNINGS_IN_TIME_SHARE,
                        no_cases=NoCases.FULL,
                    ),
                ),
            ),
        ),
    )


def test_a_scheme_scores_the_warnings_a_worker_reported(db, wtown, march, tmp_path):
    scheme = create_scheme(db, warning_scheme())
    sheet = month_sheet(db, wtown.units["示例镇"], date(2026, 3, 1), today=date(2026, 4, 5))
    (wang,) = [row for row in sheet.rows if row.name == "王秀英"]
    keys = {item.name: item.key for item in scheme.items}
    assert wang.figures[WARNINGS_REPORTED] == 4 and wang.figures[WARNINGS_IN_TIME_SHARE] == 25
    assert wang.score.points[keys["预警上报"]] == 10  # 4 reported: the ≥3 band
    assert wang.score.points[keys["预警按时办结"]] == 3  # 25%: the ≥20% band
    assert wang.score.total == 13

    # the workbook carries the figures by their Chinese labels, to another township whole
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path, scheme_id=scheme.id)
    column = ITEM_HEADERS.index("取数指标") + 1
    rows = load_workbook(path)[ITEMS_SHEET]
    labels = {rows.cell(row, column).value for row in range(1, rows.max_row + 1)}
    assert {"当月上报网格预警（件）", "上报预警按时办结率（%）"} <= labels
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        copy = import_scheme(other, path)
        assert copy.status == "created"
        assert [i.metric for i in copy.scheme.items] == [WARNINGS_REPORTED, WARNINGS_IN_TIME_SHARE]
    finally:
        other.close()
