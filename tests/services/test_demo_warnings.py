"""The demo township's year of grid warnings, and the coverage gaps it leaves for a clerk to
find."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from desktop.db import open_database
from desktop.services import cases, roster, warnings
from desktop.services.demo import CROWDED_HOUSEHOLDS, build_demo
from desktop.services.warning_settings import WarningDeadlines
from desktop.services.warnings import ALLOWED, Overdue
from desktop.vocabulary import PARTY_MEMBER, WarningAction, WarningStatus

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 8, 30)  # the demo's clock on its today
RAINY = (5, 6, 7, 8, 9)


@pytest.fixture(scope="module")
def demo(engine):
    db = open_database(engine.new_url())
    build_demo(db, seed=7, today=TODAY)
    yield db, warnings.list_warnings(db, now=NOW, full=True)
    db.close()


def test_a_year_of_warnings_with_the_seasons(demo):
    _, found = demo
    assert 150 <= len(found) <= 300
    assert all(TODAY - timedelta(days=366) <= w.reported_at.date() <= TODAY for w in found)
    assert {w.type for w in found} == {
        "安全隐患", "地质灾害", "森林防火", "道路交通", "治安", "矛盾苗头", "民生诉求", "其他",
    }  # fmt: skip
    slides = Counter(w.reported_at.month in RAINY for w in found if w.type == "地质灾害")
    assert slides[True] / 5 > 3 * slides[False] / 7  # per month: the rains bring them
    fires = Counter(
        w.reported_at.month in (11, 12, 1, 2, 3, 4) for w in found if w.type == "森林防火"
    )
    assert fires[True] > 2 * fires[False]
    assert Counter(w.urgency for w in found)["紧急"] >= 20


def test_every_demo_warning_is_what_the_services_would_have_written(demo):
    _, found = demo
    hours = WarningDeadlines()
    for w in found:
        first, *rest = w.steps
        assert first.action is WarningAction.REPORT and first.at == w.reported_at
        status = first.status_to
        assert status is WarningStatus.REPORTED
        for step in rest:
            assert step.status_from is status and step.action in ALLOWED[status], w.number
            status = step.status_to
        assert status is w.status
        for d in w.dispatches:
            response, completion = hours.for_urgency(w.urgency)
            assert (d.response_due, d.complete_due) == (
                d.dispatched_at + response,
                d.dispatched_at + completion,
            )
            assert d.responded_at is None or d.responded_at >= d.dispatched_at
        if not w.status.open:
            assert w.closed_at == w.steps[-1].at or w.steps[-1].action is WarningAction.PARTY_REPORT


def test_most_are_handled_in_time_and_some_are_late(demo):
    _, found = demo
    judged = Counter(w.in_time for w in found if w.in_time is not None)
    assert 0.6 <= judged[True] / (judged[True] + judged[False]) <= 0.95
    late_answers = [
        d for w in found for d in w.dispatches if d.responded_at and d.responded_at > d.response_due
    ]
    assert len(late_answers) >= 10
    actions = Counter(s.action for w in found for s in w.steps)
    assert actions[WarningAction.ESCALATE] >= 3 and actions[WarningAction.REASSIGN] >= 3


def test_party_members_of_the_village_report_for_duty(demo):
    db, found = demo
    people = {p.id: p for p in roster.list_people(db)}
    reports = [(w, r) for w in found for r in w.party_reports]
    assert len(reports) >= 40
    for w, r in reports:
        person = people[r.person_id]
        assert person.political_status == PARTY_MEMBER
        assert any(a.start_date <= r.at.date() for a in person.assignments)
        assert r.at >= w.reported_at


def test_two_disputes_in_the_making_became_the_cases_they_started(demo):
    db, found = demo
    converted = [w for w in found if w.status is WarningStatus.CONVERTED]
    assert len(converted) == 2
    for w in converted:
        case = cases.get_case(db, w.case_id, today=TODAY)
        assert w.type == "矛盾苗头" and w.case_number == case.number
        assert (case.source, case.unit_id, case.reporter_id) == (
            "网格上报",
            w.unit_id,
            w.reporter_id,
        )
        assert w.closed_at == case.steps[0].at and w.reported_at < w.closed_at
        assert warnings.warning_of_case(db, case.id, now=NOW).number == w.number


def test_some_warnings_are_open_and_late_on_the_demo_s_today(demo):
    _, found = demo
    open_ = [w for w in found if w.status.open]
    assert any(w.status is WarningStatus.REPORTED for w in open_)
    assert {Overdue.RESPONSE, Overdue.COMPLETION, Overdue.ON_TIME} <= {w.overdue for w in open_}
    assert all(s.at < NOW for w in found for s in w.steps)


def test_the_demo_leaves_three_coverage_gaps(demo):
    db, _ = demo

    def in_post(role: str) -> dict[str, int]:
        """Unit code → people in post in that role on the demo's today."""
        rows = db.read_rows(
            "SELECT u.code, count(a.id) FROM grid_unit u LEFT JOIN assignment a ON a.unit_id = u.id"
            " AND (a.end_date IS NULL OR a.end_date > ?) AND a.role_id ="
            " (SELECT id FROM role WHERE name = ?) WHERE u.level = ? GROUP BY u.code",
            (TODAY.isoformat(), role, "village" if role == "辅警" else "micro"),
        )
        return dict(rows)

    # 红岩村, the first micro-grid of 杨柳村's first grid, and that of 龙潭村
    assert [code for code, n in in_post("辅警").items() if n == 0] == ["511922100204"]
    assert [code for code, n in in_post("微网格员").items() if n == 0] == ["5119221002060101"]
    crowded = db.read_rows(
        "SELECT code, name, households FROM grid_unit WHERE households > 30 AND level = 'micro'"
    )
    assert crowded == [("5119221002090101", "龙潭村1组", CROWDED_HOUSEHOLDS)]


def test_same_seed_same_warnings(demo, tmp_path):
    _, found = demo
    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    try:
        build_demo(again, seed=7, today=TODAY)
        repeat = warnings.list_warnings(again, now=NOW, full=True)
    finally:
        again.close()

    def lines(listed):
        return [
            (w.number, w.type, w.description, w.reporter, [s.at for s in w.steps]) for w in listed
        ]

    assert lines(repeat) == lines(found)
