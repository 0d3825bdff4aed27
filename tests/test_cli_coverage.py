"""fengwang-cli coverage: one JSON object per village, plain text for people, exit codes."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.db import open_database
from tests.services.coverage_fixtures import VILLAGE, add_empty_community, build_grid

TODAY = ["--today", "2025-06-01"]


@pytest.fixture(scope="module")
def grid_file(tmp_path_factory):
    """Built once: every test here only reads it."""
    path = tmp_path_factory.mktemp("grid") / "grid.sqlite"
    db = open_database(f"sqlite:///{path}")
    try:
        add_empty_community(build_grid(db))
    finally:
        db.close()
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_one_json_object_per_village_with_each_check_and_its_gaps(capsys, grid_file):
    code, out, err = run(capsys, "--db", grid_file, "coverage", "--json", *TODAY)
    assert code == 0 and err == ""  # gaps are what the command reports, not an error
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["code"], r["name"], r["passed"]) for r in records] == [
        (VILLAGE, "青山村", True),
        ("511922100202", "石门社区", False),
    ]
    community = records[1]
    assert [c["check"] for c in community["checks"]] == [
        "grid_leader",
        "auxiliary_police",
        "legal_adviser",
        "first_secretary",
        "mediator",
        "micro_worker",
        "households",
        "staffed",
    ]
    police = community["checks"][1]
    assert police == {
        "check": "auxiliary_police",
        "label": "一村一辅警",
        "passed": False,
        "applies": True,
        "note": "无人在岗",
        "gaps": [
            {
                "unit_code": "511922100202",
                "unit_name": "石门社区",
                "level": "village",
                "message": "“石门社区”没有在岗的辅警（一村一辅警），请为本村配备辅警并录入花名册。",
            }
        ],
    }
    secretary = community["checks"][3]
    assert (secretary["passed"], secretary["applies"], secretary["gaps"]) == (True, False, [])
    assert records[0]["checks"][0]["note"] == "1/1 个网格有网格长"
    assert (records[0]["grids"], records[0]["micro_grids"]) == (1, 2)


def test_the_day_decides_who_is_in_post(capsys, grid_file):
    code, out, _err = run(capsys, "--db", grid_file, "coverage", "--json", "--today", "2023-01-01")
    assert code == 0
    assert not any(json.loads(line)["passed"] for line in out.splitlines())


def test_one_village_by_its_code_or_a_unit_inside_it(capsys, grid_file):
    for unit in (VILLAGE, f"{VILLAGE}-01-01"):
        code, out, _err = run(
            capsys, "--db", grid_file, "coverage", "--json", "--unit", unit, *TODAY
        )
        assert code == 0
        assert [json.loads(line)["name"] for line in out.splitlines()] == ["青山村"]


def test_plain_text_lists_the_gaps_to_fix(capsys, grid_file):
    code, out, err = run(capsys, "--db", grid_file, "coverage", *TODAY)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        "示例镇网格覆盖情况（2025-06-01，微网格 10～30 户）：2 个村(社区)，1 个全部达标，5 处缺口"
    )
    assert lines[1].startswith("青山村（511922100201）  ✓网格长  ✓一村一辅警")
    assert "✓驻村第一书记（参考）" in lines[1]
    assert "✗一村一法律顾问" in out
    assert (
        "  - [一村一法律顾问] 石门社区（511922100202）：“石门社区”没有在岗的法律顾问（一村一法律顾问），"
        "请为本村聘请法律顾问并录入花名册。"
    ) in lines


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--unit", "nope"], "没有编码为“nope”的网格单位"),
        (["--unit", "511922"], "县(区)"),
        (["--today", "2025-13-01"], "--today"),
    ],
)
def test_bad_input_exits_2_with_a_sentence(capsys, grid_file, argv, words):
    code, out, err = run(capsys, "--db", grid_file, "coverage", *argv)
    assert code == 2 and out == ""
    assert err.startswith("fengwang-cli: ") and words in err


def test_a_missing_database_file_is_refused(capsys, tmp_path):
    code, _out, err = run(capsys, "--db", str(tmp_path / "none.sqlite"), "coverage")
    assert code == 2 and "数据库文件不存在" in err
