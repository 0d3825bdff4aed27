"""fengwang-cli warnings: the list and a month's figures, as scripts use them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from desktop.cli import main
from desktop.db import open_database
from desktop.services import warnings
from tests.services.case_fixtures import CLERK, NOW
from tests.services.warning_fixtures import build_warning_town, report

H = timedelta(hours=1)


@pytest.fixture(scope="module")
def town_file(tmp_path_factory):
    """March 2026: an urgent warning dispatched at 09:00 and never answered; another answered in
    an hour, a party member on duty, closed in time; a 一般 one waiting for dispatch."""
    path = tmp_path_factory.mktemp("warnings") / "town.sqlite"
    db = open_database(f"sqlite:///{path}")
    try:
        town = build_warning_town(db)
        silent = report(
            db, town, urgency="紧急", type_id=town.types["地质灾害"], description="后山裂缝"
        )
        warnings.dispatch(db, silent.id, "自然资源所", actor=CLERK, now=NOW)
        done = report(db, town, urgency="紧急", type_id=town.types["森林防火"])
        warnings.dispatch(db, done.id, "应急办", actor=CLERK, now=NOW)
        warnings.respond(db, done.id, actor=CLERK, now=NOW + H)
        warnings.party_report(
            db, done.id, town.people["林党员"], "扑打余火", actor=CLERK, now=NOW + 2 * H
        )
        warnings.close(db, done.id, "明火已扑灭", actor=CLERK, now=NOW + 3 * H)
        report(db, town, now=NOW + 4 * H, reported_at=NOW + 4 * H)
    finally:
        db.close()
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_as_json_lines_judged_at_the_time_given(capsys, town_file):
    code, out, err = run(
        capsys, "--db", town_file, "warnings", "list", "--json", "--month", "2026-03",
        "--now", "2026-03-02 12:00",
    )  # fmt: skip
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["number"] for r in records] == [
        "示例镇预警〔2026〕0003号",
        "示例镇预警〔2026〕0002号",
        "示例镇预警〔2026〕0001号",
    ]
    waiting, closed, silent = records
    assert (silent["status"], silent["target"], silent["overdue"]) == (
        "dispatched",
        "自然资源所",
        "response",
    )
    assert silent["overdue_label"] == "响应超时" and silent["response_due"] == "2026-03-02 11:00:00"
    assert (closed["status_label"], closed["in_time"], closed["response_hours"]) == (
        "已办结",
        True,
        1.0,
    )
    assert closed["party_reports"] == [
        {"name": "林党员", "at": "2026-03-02 11:00:00", "work": "扑打余火"}
    ]
    assert (waiting["status_label"], waiting["target"], waiting["overdue"]) == (
        "待派单",
        None,
        "none",
    )
    assert set(silent) >= {"type", "urgency", "place", "level", "reporter", "closed_at", "case"}

    code, out, _ = run(
        capsys,
        "--db",
        town_file,
        "warnings",
        "list",
        "--json",
        "--now",
        "2026-03-02 10:00",
        "--overdue",
    )
    assert code == 0 and out == ""  # before 11:00 nobody is late yet


def test_list_as_text_and_its_filters(capsys, town_file):
    code, out, _ = run(
        capsys, "--db", town_file, "warnings", "list", "--type", "地质灾害", "--now", "2026-03-02"
    )
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "共 1 条"
    assert "自然资源所" in lines[0] and "已派单（办结超时）" not in lines[0]
    assert lines[0].endswith("已派单（响应超时）")  # a date alone: judged at its end
    code, _, err = run(capsys, "--db", town_file, "warnings", "list", "--now", "3月2日 25:00")
    assert code == 2 and "--now 应为时间" in err
    code, _, err = run(capsys, "--db", town_file, "warnings", "list", "--status", "无此状态")
    assert code == 2 and "未知的预警状态" in err
    code, _, err = run(capsys, "--db", town_file, "warnings", "list", "--type", "火灾")
    assert code == 2 and "未知的预警类型“火灾”" in err


def test_stats_of_a_month_as_json(capsys, town_file):
    code, out, err = run(
        capsys, "--db", town_file, "warnings", "stats", "--month", "2026-03", "--json"
    )
    assert code == 0 and err == ""
    got = json.loads(out)
    assert {k: got[k] for k in ("month", "reported", "dispatched", "closed", "in_time_rate")} == {
        "month": "2026-03",
        "reported": 3,
        "dispatched": 2,
        "closed": 1,
        "in_time_rate": 1.0,
    }
    assert got["median_response_hours"] == 1.0
    assert [got["by_type"][name] for name in ("安全隐患", "地质灾害", "森林防火", "治安")] == [
        1,
        1,
        1,
        0,
    ]
    assert got["party_reports"] == 1
    assert got["participation"][0] == {
        "name": "林党员",
        "posts": "青山一组 党员中心户",
        "reports": 1,
        "warnings": 1,
    }


def test_stats_as_text_and_a_bad_month(capsys, town_file):
    code, out, _ = run(capsys, "--db", town_file, "warnings", "stats", "--month", "2026-03")
    assert code == 0
    assert (
        "上报预警：3" in out and "按时办结率：100.0%" in out and "响应时间中位数：1.0 小时" in out
    )
    assert "党员报到：1 次，1 名党员" in out
    code, _, err = run(capsys, "--db", town_file, "warnings", "stats", "--month", "2026-13")
    assert code == 2 and "无法识别" in err
    code, _, err = run(capsys, "--db", town_file, "warnings", "stats")
    assert code == 2 and "--month" in err
