"""Printing papers: the ledger table engine against a plain reportlab Table, and the big papers
against their targets.

Prints, for the same machine and the same run (medians of --runs, interleaved):
- table: a 5,000-row ledger-like table (8 columns, long summaries that wrap) laid out and written
  as a landscape PDF by desktop.reports.table.LedgerTable, next to the baseline, a plain reportlab
  Table of the same rows (strings, no wrapping, header repeated); the ratio and pages per second;
- papers: the dispute ledger for 5,000 cases (target ≤ 3 s) and the monthly
  assessment report for 500 workers (target ≤ 1 s) on generated data, with pages per second, and
  the first render of the process apart (fonts loaded, queries compiled); made as the app and
  the CLI make them (desktop.reports.catalog.render).

Usage: python benchmarks/reports.py [--rows N] [--runs N] [--only table|papers]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import common  # puts the repository on sys.path; OUT caches the generated databases

from desktop.reports.paper import Paper
from desktop.reports.request import ReportRequest
from desktop.reports.table import Column, GroupRow, LedgerTable

TODAY = date(2026, 11, 29)
CATEGORIES = (
    "婚姻家庭",
    "邻里",
    "房屋宅基地",
    "山林土地(承包经营)",
    "合同",
    "损害赔偿",
    "劳动争议(欠薪)",
)
SUMMARIES = (
    "邻里间因排水沟堵塞发生口角。",
    "因宅基地界址不清引发争执，双方多次协商未果，经网格员上报后由村调委会组织调解。",
    "承包地流转费用未按约定支付，涉及农户十余户，部分群众情绪激动，有集体上访苗头，"
    "镇综治中心会同司法所、农业服务中心联合调处，当场兑现首期款项。",
)
COLUMNS = [
    Column("序号", 0.5, "center"),
    Column("案件编号", 1.6),
    Column("当事人", 1.4),
    Column("纠纷类型", 1.1),
    Column("简要情况", 4),
    Column("受理日期", 1, "center"),
    Column("涉及人数", 0.7, "right"),
    Column("办理结果", 0.9, "center"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗欧阳"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚喆堃珏犇昇"


def ledger_rows(count: int, seed: int = 1) -> list[tuple[str, ...]]:
    rng = random.Random(seed)

    def name() -> str:
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    return [
        (
            str(number),
            f"示例镇〔2026〕{number:04d}号",
            f"{name()}、{name()}",
            rng.choice(CATEGORIES),
            rng.choice(SUMMARIES),
            date(2026, 1 + number % 12, 1 + number % 28).isoformat(),
            str(rng.randint(2, 60)),
            rng.choice(("调解成功", "调解不成", "已移送", "调解中")),
        )
        for number in range(1, count + 1)
    ]


def ours(rows: list[tuple[str, ...]], out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    paper = Paper(
        out, title="矛盾纠纷排查化解台账", issuer="示例镇综合治理中心", today=TODAY, landscape=True
    )
    grouped: list = []
    for index, row in enumerate(rows):
        if index % 500 == 0:
            grouped.append(GroupRow(f"第{index // 500 + 1}村"))
        grouped.append(row)
    rendered = paper.build([LedgerTable(COLUMNS, grouped)])
    return time.perf_counter() - started, rendered.pages


def baseline(rows: list[tuple[str, ...]], out: Path) -> tuple[float, int]:
    """reportlab's own Table with the same rows as plain strings (it cannot wrap them) in the same
    CJK font, repeating the header: what a first attempt at the ledger looks like."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from desktop.reports.fonts import main_font_name

    started = time.perf_counter()
    doc = SimpleDocTemplate(
        str(out), pagesize=landscape(A4), leftMargin=18 * mm, rightMargin=15 * mm
    )
    weights = [c.width for c in COLUMNS]
    width = doc.width
    table = Table(
        [[c.header for c in COLUMNS], *rows],
        colWidths=[width * w / sum(weights) for w in weights],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), main_font_name(), 9),
                ("GRID", (0, 0), (-1, -1), 0.4, (0, 0, 0)),
                ("ALIGN", (6, 1), (6, -1), "RIGHT"),
            ]
        )
    )
    doc.build([table])
    return time.perf_counter() - started, doc.page


def bench_table(rows: int, runs: int, folder: Path) -> None:
    data = ledger_rows(rows)
    ours(data[:200], folder / "warm.pdf")  # fonts loaded and registered once per process
    mine, bare, pages = [], [], 0
    for run in range(runs):
        seconds, base_pages = baseline(data, folder / f"bare{run}.pdf")
        bare.append(seconds)
        seconds, pages = ours(data, folder / f"ours{run}.pdf")
        mine.append(seconds)
    bare_s, ours_s = statistics.median(bare), statistics.median(mine)
    print(f"ledger table, {rows:,} rows")
    print(
        f"  reportlab Table, same rows (no wrapping): {bare_s:6.2f} s  {base_pages:5d} pages  (median of {runs})"
    )
    print(
        f"  LedgerTable (wrapping, groups):           {ours_s:6.2f} s  {pages:5d} pages  {pages / ours_s:6.0f} pages/s"
    )
    print(f"  ratio:                                    {ours_s / bare_s:6.2f}×")


# The big papers: module, the data it is printed from, the target in seconds.
PAPERS = (
    ("dispute-ledger", "cases", 3.0),
    ("monthly-assessment", "workers", 1.0),
)
LEDGER_START = date(2024, 11, 1)  # the demo's cases run over the 24 months before TODAY
SCHEME = "网格员月度考核细则"  # the demo's scheme for 网格长 and 专职/兼职网格员


def paper_database(data: str) -> Path:
    """The demo township grown for one paper, built once and cached in benchmarks/out/:
    "cases": ~5,000 cases over 24 months; "workers": nine times the villages (~500 grid workers
    on the month sheet). The demo's sizes are module constants; they are enlarged while it builds."""
    from unittest import mock

    from desktop.db import open_database
    from desktop.services import demo

    path = common.OUT / f"reports-{data}.sqlite"
    if path.exists():
        return path
    common.OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in common.OUT.glob(partial.name + "*"):
        leftover.unlink()
    if data == "cases":
        sizes = {"CASES_PER_MONTH": (205, 212), "ASSESSED_MONTHS": 3}
    else:
        villages = tuple(
            (name if copy == 0 else f"{name}{copy + 1}", kind)
            for copy in range(9)
            for name, kind in demo.VILLAGES
        )
        sizes = {"VILLAGES": villages, "CASES_PER_MONTH": (1, 2), "ASSESSED_MONTHS": 3}
    db = open_database(f"sqlite:///{partial}")
    try:
        with contextlib.ExitStack() as patches:
            for name, value in sizes.items():
                patches.enter_context(mock.patch.object(demo, name, value))
            demo.build_demo(db, seed=1, today=TODAY)
    finally:
        db.close()
    partial.rename(path)
    return path


def paper_request(data: str) -> ReportRequest:
    if data == "cases":
        return ReportRequest(start=LEDGER_START, end=TODAY, today=TODAY)
    return ReportRequest(month=date(2026, 10, 1), today=TODAY, scheme_family=SCHEME)


def bench_papers(runs: int, folder: Path) -> None:
    from desktop.db import open_database
    from desktop.reports import catalog

    for name, data, target in PAPERS:
        db = open_database(f"sqlite:///{paper_database(data)}")
        request = paper_request(data)
        try:
            started = time.perf_counter()  # the first paper of a process loads fonts and warms up
            catalog.render(db, name, request, folder / "first.pdf")
            first = time.perf_counter() - started
            samples = []
            for run in range(runs):
                started = time.perf_counter()
                rendered = catalog.render(db, name, request, folder / f"{name}{run}.pdf")
                samples.append((time.perf_counter() - started, rendered.pages))
        finally:
            db.close()
        seconds = statistics.median(s for s, _ in samples)
        pages = samples[0][1]
        verdict = "ok" if seconds <= target else "OVER TARGET"
        print(f"{catalog.paper(name).title} ({data}):")
        print(
            f"  render(): {seconds:6.2f} s  {pages:5d} pages  {pages / seconds:6.0f} pages/s"
            f"  target ≤ {target:g} s: {verdict}  (median of {runs} after the first)"
        )
        print(f"  the first render of the process: {first:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("table", "papers"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.only != "papers":
            bench_table(args.rows, args.runs, Path(folder))
        if args.only != "table":
            bench_papers(args.runs, Path(folder))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
