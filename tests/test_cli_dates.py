"""Months, years, days and moments beyond the calendar: one Chinese line and exit 2 from every
command that takes them, never an internal error."""

from __future__ import annotations

import pytest

from desktop.cli import main


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dates") / "demo.sqlite"
    assert main(["--db", str(path), "demo", "--seed", "3"]) == 0
    return path


OUT_OF_RANGE = [
    (["cases", "stats", "--month", "9999-12"], "月份“9999-12”超出范围"),
    (["cases", "stats", "--month", "9999-12", "--by-township"], "月份“9999-12”超出范围"),
    (
        ["cases", "stats", "--from", "0001-01-01", "--to", "9999-12-31"],
        "--from“0001-01-01”超出范围",
    ),
    (["cases", "stats", "--from", "2026-01-01", "--to", "9999-12-31"], "--to“9999-12-31”超出范围"),
    (["cases", "list", "--today", "9999-12-31"], "--today“9999-12-31”超出范围"),
    (["export", "case-stats", "OUT.xlsx", "--month", "9999-12"], "超出范围"),
    (["export", "ledger", "OUT.xlsx", "--month", "9999-12"], "超出范围"),
    (["report", "dispute-stats", "-o", "OUT.pdf", "--month", "9999-12"], "超出范围"),
    (["audit", "list", "--from", "9999-12-31", "--to", "9999-12-31"], "超出范围"),
    (
        ["assess", "period", "--year", "99999999999999999999"],
        "--year“99999999999999999999”超出范围",
    ),
    (["assess", "period", "--year", "0"], "--year“0”超出范围"),
    (["report", "period-assessment", "-o", "OUT.pdf", "--year", "0"], "--year“0”超出范围"),
    (["warnings", "list", "--month", "9999-12"], "超出范围"),
    (["warnings", "stats", "--month", "9999-12"], "超出范围"),
    (["warnings", "list", "--now", "9999-12-31T23:00+08:00"], "超出范围"),
    (["assess", "compute", "--month", "9999-12"], "超出范围"),
    (["export", "scores", "OUT.xlsx", "--month", "9999-12"], "超出范围"),
    (["report", "monthly-assessment", "-o", "OUT.pdf", "--month", "9999-12"], "超出范围"),
]


@pytest.mark.parametrize(("argv", "message"), OUT_OF_RANGE)
def test_dates_beyond_the_calendar_are_refused_in_one_line(
    capsys, tmp_path, demo_file, argv, message
):
    argv = [str(tmp_path / a) if a.startswith("OUT.") else a for a in argv]
    code = main(["--db", str(demo_file), *argv])
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert message in err and "1900 年至 2100 年" in err
    assert "内部错误" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing half-written


@pytest.mark.parametrize("now", ["2026-03-05T14:00+08:00", "2026-03-05T06:00Z"])
def test_a_zoned_now_is_read_as_local_time(capsys, demo_file, now):
    code = main(["--db", str(demo_file), "warnings", "list", "--now", now])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out.splitlines()[-1].startswith("共 ")
