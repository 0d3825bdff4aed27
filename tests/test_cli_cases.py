"""fengwang-cli for dispute cases: the list, the figures and the two workbooks, as scripts use them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from desktop.cli import main
from desktop.db import open_database
from tests.services.test_case_stats import build_cases

TODAY = ["--today", "2026-04-15"]


@pytest.fixture(scope="module")
def town_file(tmp_path_factory):
    """Built once: every test here only reads it."""
    path = tmp_path_factory.mktemp("town") / "town.sqlite"
    db = open_database(f"sqlite:///{path}")
    try:
        build_cases(db)
    finally:
        db.close()
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_as_json_lines(capsys, town_file):
    code, out, err = run(capsys, "--db", town_file, "cases", "list", "--json", *TODAY)
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 11  # A to K
    assert records[0]["number"] == "示例镇〔2026〕0011号"  # D, received last
    j = next(r for r in records if r["received"] == "2026-01-10")
    assert j == {
        "number": "示例镇〔2026〕0001号",
        "received": "2026-01-10",
        "category": "邻里",
        "source": "主动排查",
        "place": "青山村 / 青山一组",
        "risk": "一般",
        "level": "village",
        "level_label": "村级",
        "transferred_to": None,
        "status": "mediating",
        "status_label": "调解中",
        "due": "2026-02-09",
        "original_due": "2026-02-09",
        "deadline": "overdue",
        "deadline_label": "已超期",
        "outcome": None,
        "concluded": None,
        "mediators": ["张伟"],
    }
    i = next(r for r in records if r["received"] == "2026-03-12")
    assert (i["level"], i["transferred_to"], i["outcome"], i["concluded"]) == (
        "transferred",
        "人民法院",
        "transferred",
        "2026-03-14",
    )
    assert i["deadline"] == "none"  # concluded: no deadline runs


def test_list_by_month_and_status(capsys, town_file):
    def numbers(*argv):
        code, out, _ = run(capsys, "--db", town_file, "cases", "list", "--json", *argv, *TODAY)
        assert code == 0
        return [json.loads(line)["number"][-5:-1] for line in out.splitlines()]

    # Received in March: C (03-31) … B and K (03-01); not A (02-28) nor D (04-01).
    assert numbers("--month", "2026-03") == ["0010", "0009", "0008", "0007", "0006", "0005", "0004"]
    assert numbers("--status", "mediating") == ["0001"]  # J
    assert numbers("--status", "调解中") == ["0001"]
    assert numbers("--status", "结案", "--month", "2026-03") == ["0009", "0008"]  # I, H
    assert numbers("--month", "2025-03") == []


def test_list_as_a_table(capsys, town_file):
    code, out, _ = run(capsys, "--db", town_file, "cases", "list", "--month", "2026-03", *TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "共 7 件"
    k = next(line for line in lines if line.startswith("示例镇〔2026〕0005号"))
    assert k.split("\t") == [
        "示例镇〔2026〕0005号",
        "2026-03-01",
        "邻里",
        "网格上报",
        "未分流",
        "研判（已超期）",
        "期限 2026-03-31",
        "未指派调解员",
    ]


def test_stats_of_a_month_as_json(capsys, town_file):
    code, out, _ = run(
        capsys, "--db", town_file, "cases", "stats", "--month", "2026-03", "--json", *TODAY
    )
    assert code == 0
    got = json.loads(out)
    assert got["period"] == "2026年3月"
    assert (got["start"], got["end"]) == ("2026-03-01", "2026-03-31")
    assert (got["received"], got["concluded"], got["settled"]) == (7, 5, 3)
    assert (got["not_settled"], got["transferred"]) == (1, 1)
    assert got["success_rate"] == 0.75
    assert got["village_closed_rate"] == 0.4
    assert got["township_closed_rate"] == 0.6
    assert (got["escalated"], got["overdue"]) == (1, 2)
    assert got["by_level"] == {"村级": 2, "镇级": 2, "县级": 0, "移送": 1}
    assert got["by_category"]["邻里"] == 4 and got["by_category"]["合同"] == 1
    assert got["people_bands"] == {"<50": 2, "50–100": 2, "101–500": 2, ">500": 1}
    assert (got["criminal_prevented_cases"], got["criminal_prevented_people"]) == (1, 49)


def test_stats_of_a_date_range_and_empty_rates(capsys, town_file):
    argv = ["--db", town_file, "cases", "stats", "--json", *TODAY]
    code, out, _ = run(capsys, *argv, "--from", "2026-03-14", "--to", "2026-03-14")
    assert code == 0
    got = json.loads(out)
    assert got["period"] == "2026年3月14日至2026年3月14日"
    assert (got["concluded"], got["transferred"], got["success_rate"]) == (1, 1, None)
    code, out, _ = run(capsys, *argv, "--from", "2025-01-01", "--to", "2025-01-31")
    assert code == 0
    got = json.loads(out)
    assert (got["received"], got["village_closed_rate"]) == (0, None)


def test_stats_as_text(capsys, town_file):
    code, out, _ = run(capsys, "--db", town_file, "cases", "stats", "--month", "2026-03", *TODAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "统计期间：2026年3月"
    assert "调解成功率：75.0%" in lines
    assert "村级化解率：40.0%" in lines
    assert "超期未结：2" in lines
    assert "按处理层级（办结）：村级 2，镇级 2，移送 1" in lines
    assert "按涉及人数（受理）：<50人 2，50–100人 2，101–500人 2，>500人 1" in lines


def test_export_ledger_and_stats(capsys, town_file, tmp_path):
    ledger = tmp_path / "台账.xlsx"
    code, out, _ = run(
        capsys, "--db", town_file, "export", "ledger", "--month", "2026-03", str(ledger), *TODAY
    )
    assert code == 0
    assert out.strip() == f"已导出2026年3月矛盾纠纷排查化解台账 8 件 → {ledger}（身份证号码已打码）"
    rows = CalamineWorkbook.from_path(str(ledger)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "示例镇矛盾纠纷排查化解台账"
    assert len(rows) == 3 + 8
    assert rows[3][:2] == ["示例镇〔2026〕0003号", date(2026, 2, 28)]

    stats = tmp_path / "统计.xlsx"
    argv = ["--from", "2026-03-01", "--to", "2026-03-31", str(stats)]
    code, out, _ = run(capsys, "--db", town_file, "export", "case-stats", *argv, *TODAY)
    assert code == 0 and "已导出2026年3月矛盾纠纷统计表" in out
    rows = CalamineWorkbook.from_path(str(stats)).get_sheet_by_index(0).to_python()
    values = {row[0]: row[1] for row in rows}
    assert (values["受理案件"], values["调解成功率"]) == (7, 0.75)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cases", "stats", "--month", "2026-13"], "月份“2026-13”无法识别"),
        (["cases", "list", "--month", "三月"], "月份“三月”无法识别"),
        (["cases", "stats"], "请用 --month YYYY-MM，或同时用 --from 和 --to"),
        (["cases", "stats", "--from", "2026-03-01"], "同时用 --from 和 --to"),
        (["cases", "stats", "--month", "2026-03", "--to", "2026-03-05"], "只能选用一种"),
        (["cases", "stats", "--from", "2026-02-30", "--to", "2026-03-01"], "不存在"),
        (["cases", "stats", "--from", "2026-03-31", "--to", "2026-03-01"], "结束日期不能早于"),
        (["cases", "list", "--status", "open"], "未知的案件状态“open”"),
        (["cases", "list", "--today", "昨天"], "--today“昨天”无法识别"),
        (["export", "ledger", "--month", "2026-03", "NOWHERE/台账.xlsx"], "文件夹不存在"),
        (["export", "case-stats", "--month", "2026/3", "NOWHERE/统计.xlsx"], "文件夹不存在"),
        (["export", "ledger", "--month", "2026-3x", "HERE/台账.xlsx"], "无法识别"),
    ],
)
def test_bad_input_is_one_chinese_line_and_exit_2(capsys, town_file, tmp_path, argv, message):
    argv = [
        a.replace("NOWHERE", str(tmp_path / "no-such-folder")).replace("HERE", str(tmp_path))
        for a in argv
    ]
    code, out, err = run(capsys, "--db", town_file, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("fengwang-cli: ")
    assert message in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.xlsx"))


def test_stats_by_township_ranks_them_beside_the_county_total(capsys, town_file):
    stats = ("--db", str(town_file), "cases", "stats", "--month", "2026-03", "--by-township")
    code, out, _ = run(capsys, *stats, "--today", "2026-04-15")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split("\t")[:4] == ["排名", "乡镇(街道)", "受理", "办结"]
    assert lines[2].split("\t")[:4] == ["1", "示例镇", "7", "5"]
    assert lines[-1].split("\t")[:4] == ["", "全县合计", "7", "5"]

    code, out, _ = run(capsys, *stats, "--today", "2026-04-15", "--json")
    record = json.loads(out)
    assert [(t["name"], t["rank"], t["received"]) for t in record["townships"]] == [
        ("示例镇", 1, 7)
    ]
    assert record["total"]["concluded"] == 5
