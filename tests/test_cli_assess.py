"""`fengwang-cli assess`: a month's results as JSON, the steps to approval, the scheme list."""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.cli import main
from desktop.db import open_database
from desktop.services import grid
from desktop.services.assessment_months import open_month, set_entry
from desktop.services.assessment_schemes import list_schemes
from desktop.services.grid import UnitDraft
from desktop.vocabulary import Level
from tests.engines import sqlite_file
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, SCORER

assessment_file = assessment_fixtures.assessment_file
TOWNSHIP = ["--township", "511922100"]


@pytest.fixture
def town_file(assessment_file, tmp_path) -> str:
    """A copy of the assessment town with a few of March's cells filled in."""
    path = tmp_path / "town.sqlite"
    shutil.copyfile(sqlite_file(assessment_file[0]), path)
    town = assessment_file[1]
    db = open_database(f"sqlite:///{path}")
    try:
        (scheme,) = list_schemes(db)
        key = {item.name: item.key for item in scheme.items}
        month = open_month(db, town.units["示例镇"], MARCH)
        for person, item, value in (
            ("李青山", "日常走访", "18.5"),
            ("李青山", "宣传报道", "2"),
            ("赵石门", "日常走访", "20"),
            ("赵石门", "安全事故", "是"),
            ("张网格", "信息录入", "1"),
        ):
            set_entry(db, month.id, town.people[person], key[item], value, actor=SCORER)
    finally:
        db.close()
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_compute_gives_one_json_object_per_worker_in_rank_order(capsys, town_file):
    code, out, err = run(
        capsys, "--db", town_file, "assess", "compute", "--month", "2026-03", *TOWNSHIP, "--json"
    )
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["name"], r["total"], r["rank"]) for r in records] == [
        ("李青山", 50.5, 1),  # 18.5 + 2 reports + 信息录入 5 + 按期化解率 15 + 小事不出村 10
        ("孙新来", 30, 2),
        ("张网格", 28, 3),  # 信息录入 5 − 2
        ("赵石门", 50, 4),  # vetoed: after everyone else
    ]
    assert records[0] == {
        "name": "李青山",
        "village": "青山村",
        "total": 50.5,
        "grade": "不合格",
        "rank": 1,
        "village_rank": 1,
        "veto": False,
        "not_entered": [
            "台账资料",
            "矛盾纠纷排查",
            "安全隐患排查",
            "重点人员服务管理",
            "群众满意度",
        ],
        "points": {
            "日常走访": 18.5,
            "信息录入": 5,
            "台账资料": 0,
            "矛盾纠纷排查": 0,
            "按期化解率": 15,
            "小事不出村": 10,
            "安全隐患排查": 0,
            "重点人员服务管理": 0,
            "群众满意度": 0,
            "宣传报道": 2,
            "安全事故": 0,
        },
    }
    assert (records[3]["village"], records[3]["veto"], records[3]["village_rank"]) == (
        "石门社区",
        True,
        1,
    )


def test_compute_shows_no_grade_or_rank_for_a_worker_not_fully_scored(capsys, town_file):
    code, out, _ = run(
        capsys, "--db", town_file, "assess", "compute", "--month", "2026-03", *TOWNSHIP
    )
    assert code == 0
    [li] = [line for line in out.splitlines() if "李青山" in line]
    assert li.split("\t")[0] == "—"
    assert li.endswith(
        "未评完（未填：台账资料、矛盾纠纷排查、安全隐患排查、重点人员服务管理、群众满意度）"
    )


def test_submit_approve_then_compute_reads_the_locked_month(capsys, town_file):
    month = ["--month", "2026-03", *TOWNSHIP]
    code, out, err = run(
        capsys, "--db", town_file, "assess", "approve", *month, "--actor", "分管领导老王"
    )
    assert code == 2 and out == ""
    assert "示例镇2026年3月的考核尚未提交，不能审核；请先提交" in err
    code, out, err = run(capsys, "--db", town_file, "assess", "submit", *month, "--actor", "小陈")
    assert code == 2 and "李青山（台账资料、矛盾纠纷排查" in err and "--allow-blank" in err
    code, out, _ = run(
        capsys, "--db", town_file, "assess", "submit", *month, "--actor", "小陈", "--allow-blank"
    )
    assert code == 0 and "现为已提交" in out
    code, out, err = run(capsys, "--db", town_file, "assess", "approve", *month, "--actor", "小陈")
    assert code == 2 and "不能由本人审核" in err
    code, out, _ = run(
        capsys, "--db", town_file, "assess", "approve", *month, "--actor", "分管领导老王"
    )
    assert code == 0
    assert out.strip() == "示例镇2026年3月的考核：审核通过，现为已审核（分管领导老王）"

    code, out, _ = run(capsys, "--db", town_file, "assess", "compute", *month)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "示例镇2026年3月 网格员月度考核细则（第1版，2026-01起）：已审核"
    assert lines[4] == "4\t赵石门\t石门社区\t50.0\t不合格（一票否决）"
    assert lines[-1] == "共 4 人"

    code, out, _ = run(capsys, "--db", town_file, "assess", "scheme", "list")
    assert code == 0
    assert out.splitlines() == [
        "网格员月度考核细则\t第1版\t2026-01起\t网格长、专职网格员\t11 个小则\t已用于审核，锁定"
    ]

    code, _, err = run(capsys, "--db", town_file, "assess", "reopen", *month, "--actor", "老王")
    assert code == 2 and "须填写原因" in err
    code, out, _ = run(
        capsys, "--db", town_file, "assess", "reopen", *month, "--reason", "更正走访分"
    )
    assert code == 0 and "重新打开，现为草稿" in out
    code, out, _ = run(capsys, "--db", town_file, "assess", "compute", *month)
    assert out.splitlines()[0].endswith("：草稿，已重新打开 1 次")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["assess", "compute", "--month", "2025-12", *TOWNSHIP],
            "还没有适用于2025年12月的考核细则",
        ),
        (["assess", "compute", "--month", "2026-03"], "数据库中有多个乡镇(街道)"),
        (["assess", "compute", *TOWNSHIP], "请用 --month YYYY-MM 指定考核月份"),
        (["assess", "compute", "--month", "3月", *TOWNSHIP], "月份“3月”无法识别"),
        (["assess", "compute", "--month", "2026-03", "--township", "9"], "没有编码为 9 的乡镇"),
        (
            ["assess", "approve", "--month", "2026-03", *TOWNSHIP, "--scheme", "无此细则"],
            "没有名为“无此细则”的考核细则",
        ),
    ],
)
def test_bad_input_is_one_chinese_line_and_exit_2(capsys, town_file, argv, message):
    code, out, err = run(capsys, "--db", town_file, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("fengwang-cli: ")
    assert message in err


def test_a_township_without_a_scheme_is_told_so(capsys, tmp_path):
    path = str(tmp_path / "no-scheme.sqlite")
    db = open_database(f"sqlite:///{path}")
    county = grid.create_unit(db, UnitDraft(Level.COUNTY, "511922", "南江县"))
    grid.create_unit(db, UnitDraft(Level.TOWNSHIP, "511922100", "示例镇", county.id))
    db.close()
    code, out, err = run(capsys, "--db", path, "assess", "scheme", "list")
    assert (code, out) == (0, "还没有考核细则\n")
    code, out, err = run(capsys, "--db", path, "assess", "compute", "--month", "2026-03", "--json")
    assert code == 2 and out == ""
    assert "还没有适用于2026年3月的考核细则" in err


def months_saved(path: str) -> int:
    db = open_database(f"sqlite:///{path}")
    try:
        return db.read_rows("SELECT COUNT(*) FROM assessment_month")[0][0]
    finally:
        db.close()


def test_compute_and_export_of_an_unopened_month_save_nothing(capsys, town_file, tmp_path):
    month = ["--month", "2026-02", *TOWNSHIP]
    code, out, _ = run(capsys, "--db", town_file, "assess", "compute", *month)
    assert code == 0 and "尚未录入（按现有数据试算，未保存）" in out.splitlines()[0]
    out_file = str(tmp_path / "二月.xlsx")
    assert run(capsys, "--db", town_file, "export", "scores", out_file, *month)[0] == 0
    assert months_saved(town_file) == 1  # March only, opened by the fixture


def test_a_month_after_the_current_one_is_refused(capsys, town_file):
    code, out, err = run(
        capsys, "--db", town_file, "assess", "compute", "--month", "2099-01", *TOWNSHIP
    )
    assert code == 2 and out == "" and "2099年1月尚未到来，不能考核" in err
    assert months_saved(town_file) == 1


def test_several_schemes_are_named_with_the_option_to_choose(capsys, town_file):
    from dataclasses import replace
    from decimal import Decimal

    from desktop.services.assessment_schemes import (
        ItemDraft,
        SectionDraft,
        create_scheme,
        default_scheme_draft,
    )
    from desktop.services.scoring import ItemKind

    db = open_database(f"sqlite:///{town_file}")
    try:
        create_scheme(
            db,
            replace(
                default_scheme_draft(MARCH),
                name="微网格员考核细则",
                roles=("微网格员",),
                sections=(
                    SectionDraft("联户", (ItemDraft("联户走访", ItemKind.MANUAL, Decimal(9)),)),
                ),
            ),
        )
    finally:
        db.close()
    code, out, err = run(
        capsys, "--db", town_file, "assess", "compute", "--month", "2026-03", *TOWNSHIP, "--json"
    )
    assert code == 2 and out == ""
    assert "请用 --scheme 指定：网格员月度考核细则、微网格员考核细则" in err
