"""`fengwang-cli`: schemes and month sheets as workbooks, period results and allowances."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from tests.engines import sqlite_file
from tests.services import assessment_fixtures

assessment_file = assessment_fixtures.assessment_file
TOWNSHIP = ["--township", "511922100"]
MARCH = ["--month", "2026-03", *TOWNSHIP]


@pytest.fixture
def town_file(assessment_file, tmp_path) -> str:
    path = tmp_path / "town.sqlite"
    shutil.copyfile(sqlite_file(assessment_file[0]), path)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fill(path, cells: dict[tuple[str, str], object]) -> None:
    book = load_workbook(path)
    sheet = book["考核表"]
    header = {str(c.value).split("\n")[0]: c.column for c in sheet[3] if c.value}
    at = {sheet.cell(row, 3).value: row for row in range(4, sheet.max_row + 1)}
    for (name, item), value in cells.items():
        sheet.cell(at[name], header[item]).value = value
    book.save(path)


def test_a_scheme_goes_out_and_comes_back_unchanged(capsys, town_file, tmp_path):
    out = tmp_path / "细则.xlsx"
    code, text, err = run(capsys, "--db", town_file, "assess", "scheme", "export", str(out))
    assert code == 0 and err == ""
    assert text == f"已导出考核细则 网格员月度考核细则（第1版，2026-01起） → {out}\n"
    code, text, _ = run(capsys, "--db", town_file, "assess", "scheme", "import", str(out))
    assert code == 0 and "相同，未作改动" in text
    book = load_workbook(out)
    book["等次"]["B3"] = 85  # 良好 from 85: totals from 80 to 85 would have no grade
    book.save(out)
    code, text, err = run(capsys, "--db", town_file, "assess", "scheme", "import", str(out))
    assert code == 2 and text == ""
    assert "“合格”与“良好”之间有空档" in err and "Traceback" not in err


def test_an_unknown_scheme_name_is_refused(capsys, town_file, tmp_path):
    code, _, err = run(
        capsys, "--db", town_file, "assess", "scheme", "export", str(tmp_path / "x.xlsx"),
        "--scheme", "不存在的细则",
    )  # fmt: skip
    assert code == 2 and "没有名为“不存在的细则”的考核细则" in err


def test_the_month_sheet_goes_to_a_village_and_comes_back_with_a_report(
    capsys, town_file, tmp_path
):
    sheet = tmp_path / "三月.xlsx"
    code, text, _ = run(capsys, "--db", town_file, "export", "scores", *MARCH, str(sheet))
    assert code == 0 and text == f"已导出示例镇2026年3月考核表：4 人 → {sheet}\n"
    fill(sheet, {("李青山", "日常走访"): 18.5, ("赵石门", "日常走访"): 25})
    report = tmp_path / "结果.xlsx"
    code, text, err = run(
        capsys, "--db", town_file, "assess", "import", str(sheet), *MARCH,
        "--report", str(report), "--actor", "青山村文书", "--json",
    )  # fmt: skip
    assert code == 3 and err == ""
    summary = json.loads(text)
    assert (summary["written"], summary["rejected"], summary["committed"]) == (1, 1, True)
    assert summary["errors"] == [
        {
            "row": 7,
            "column": "日常走访",
            "field": "",
            "value": "25",
            "reason": "“日常走访”应为 0～20 分",
        }
    ]
    assert summary["report"] == {"path": str(report), "saved": True, "error": None}
    assert load_workbook(report).active.cell(2, 3).value == "赵石门"
    code, text, _ = run(capsys, "--db", town_file, "assess", "compute", *MARCH, "--json")
    totals = {r["name"]: r["total"] for r in map(json.loads, text.splitlines())}
    # 30 without entries (信息录入 5 and both shares' full points), + 18.5; 赵石门's row was
    # refused, so none of its cells counts
    assert totals["李青山"] == 48.5 and totals["赵石门"] == 30


def test_all_or_nothing_import_says_nothing_was_written(capsys, town_file, tmp_path):
    sheet = tmp_path / "三月.xlsx"
    run(capsys, "--db", town_file, "export", "scores", *MARCH, str(sheet))
    fill(sheet, {("李青山", "日常走访"): 18, ("赵石门", "安全事故"): "也许"})
    code, text, _ = run(
        capsys, "--db", town_file, "assess", "import", str(sheet), *MARCH, "--atomic"
    )
    assert code == 3
    assert text.splitlines()[0].startswith("有单元格被拒绝，按“全部或全不”未写入任何一格")
    assert "第 7 行 安全事故“也许”：“安全事故”应填“是”或“否”" in text
    code, text, _ = run(capsys, "--db", town_file, "assess", "compute", *MARCH, "--json")
    assert {json.loads(line)["total"] for line in text.splitlines()} == {30}


def test_an_import_whose_only_change_is_refused_does_not_speak_of_all_or_nothing(
    capsys, town_file, tmp_path
):
    sheet = tmp_path / "三月.xlsx"
    run(capsys, "--db", town_file, "export", "scores", *MARCH, str(sheet))
    fill(sheet, {("赵石门", "安全事故"): "也许"})
    code, text, _ = run(capsys, "--db", town_file, "assess", "import", str(sheet), *MARCH)
    assert code == 3
    assert text.splitlines()[0].startswith("未写入任何一格（被拒绝的单元格见下）")
    assert "全部或全不" not in text
    assert "第 7 行 安全事故“也许”：“安全事故”应填“是”或“否”" in text


def approve_march(capsys, town_file, tmp_path) -> None:
    sheet = tmp_path / "三月.xlsx"
    run(capsys, "--db", town_file, "export", "scores", *MARCH, str(sheet))
    full = {
        "日常走访": 20,
        "台账资料": 5,
        "矛盾纠纷排查": 5,
        "安全隐患排查": 15,
        "重点人员服务管理": 10,
    }
    fill(
        sheet,
        {("李青山", item): points for item, points in full.items()}  # 30 + 55 = 85
        | {("赵石门", item): points for item, points in full.items()}
        | {("赵石门", "群众满意度"): 5, ("赵石门", "宣传报道"): 3},  # 93
    )
    assert run(capsys, "--db", town_file, "assess", "import", str(sheet), *MARCH)[0] == 0
    submit = ("assess", "submit", *MARCH, "--actor", "小陈", "--allow-blank")
    assert run(capsys, "--db", town_file, *submit)[0] == 0
    assert run(capsys, "--db", town_file, "assess", "approve", *MARCH, "--actor", "老王")[0] == 0


def test_allowances_pay_each_grade_its_amount_in_fen(capsys, town_file, tmp_path):
    approve_march(capsys, town_file, tmp_path)
    for grade, yuan in (("优秀", "300"), ("良好", "200.50")):
        code, text, _ = run(capsys, "--db", town_file, "assess", "allowance-set", grade, yuan)
        assert code == 0 and text.startswith(f"已设置：{grade} 每人每月绩效补贴")
    code, text, _ = run(capsys, "--db", town_file, "assess", "allowances", *MARCH, "--json")
    record = json.loads(text)
    assert record["total_fen"] == 50050  # 赵石门 优秀 30000 + 李青山 良好 20050
    assert record["by_grade"] == {
        "良好": {"workers": 1, "fen": 20050},
        "不合格": {"workers": 2, "fen": 0},
        "优秀": {"workers": 1, "fen": 30000},
    }
    assert [(r["name"], r["amount_fen"]) for r in record["rows"]] == [
        ("李青山", 20050),
        ("孙新来", 0),
        ("张网格", 0),
        ("赵石门", 30000),
    ]
    code, text, _ = run(capsys, "--db", town_file, "assess", "allowances", *MARCH)
    assert text.splitlines()[-1] == "合计：4 人，500.50 元"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["allowance-set", "特优", "100"], "没有等次“特优”"),
        (["allowance-set", "优秀", "三百"], "金额应为元"),
        (["allowance-set", "优秀", "999999999999999"], "补贴金额应为 0～100,000.00 元"),
        (["allowance-set", "优秀", "100000.01"], "补贴金额应为 0～100,000.00 元"),
        (["allowances", "--month", "2026-04", *TOWNSHIP], "尚未审核，不能生成绩效补贴名单"),
        (["period", "--year", "二〇二六"], "--year“二〇二六”无法识别"),
        (["period", "--year", "2026", "--weights", "40,x"], "--weights 应写成 40,60"),
        (
            ["period", "--year", "2026", "--quarter", "1", "--weights", "40,60", *TOWNSHIP],
            "3 个月不能平均分为 2 部分",
        ),
        (["import", "nowhere.xlsx", *MARCH], "找不到文件"),
    ],
)
def test_bad_requests_get_one_chinese_line(capsys, town_file, argv, message):
    if argv[0] == "allowances":
        run(capsys, "--db", town_file, "assess", "compute", "--month", "2026-04", *TOWNSHIP)
    code, _, err = run(capsys, "--db", town_file, "assess", *argv)
    assert code == 2 and message in err and len(err.splitlines()) == 1


def test_period_results_as_json_with_the_minimum_months(capsys, town_file, tmp_path):
    approve_march(capsys, town_file, tmp_path)
    code, text, _ = run(
        capsys, "--db", town_file, "assess", "period", "--year", "2026", "--quarter", "1",
        *TOWNSHIP, "--json",
    )  # fmt: skip
    assert code == 0
    records = [json.loads(line) for line in text.splitlines()]
    assert [(r["name"], r["total"], r["grade"], r["rank"], r["village_rank"]) for r in records] == [
        ("赵石门", 93, "优秀", 1, 1),
        ("李青山", 85, "良好", 2, 1),
        ("孙新来", 30, "不合格", 3, 2),  # equal results: one rank, in pinyin order
        ("张网格", 30, "不合格", 3, 2),
    ]
    code, text, _ = run(
        capsys, "--db", town_file, "assess", "period", "--year", "2026", "--quarter", "1",
        "--min-months", "2", *TOWNSHIP,
    )  # fmt: skip
    lines = text.splitlines()
    assert lines[0] == "示例镇2026年第1季度考核结果（各月平均，至少 2 个月参与排名）：已审核 1 个月"
    assert all(line.startswith("不排名") for line in lines[1:5])
    assert lines[-1] == "等次分布：优秀 1，良好 1，合格 0，不合格 2"


def test_a_dry_run_import_reports_and_saves_nothing(capsys, town_file, tmp_path):
    sheet = tmp_path / "三月.xlsx"
    run(capsys, "--db", town_file, "export", "scores", *MARCH, str(sheet))
    fill(sheet, {("李青山", "日常走访"): 18})
    code, text, _ = run(
        capsys, "--db", town_file, "assess", "import", str(sheet), *MARCH, "--dry-run", "--json"
    )
    summary = json.loads(text)
    assert code == 0 and (summary["written"], summary["committed"], summary["dry_run"]) == (
        1,
        False,
        True,
    )
    assert [row["status"] for row in summary["rows"]] == [
        "written",
        "unchanged",
        "unchanged",
        "unchanged",
    ]
    code, text, _ = run(capsys, "--db", town_file, "assess", "compute", *MARCH, "--json")
    assert {json.loads(line)["total"] for line in text.splitlines()} == {30}
