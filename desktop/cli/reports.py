"""fengwang-cli report NAME: make one printable paper as a PDF.

Prints the file and its page count. Characters that no font could draw are named on stderr as a
warning (the paper marks them visibly) and the exit code stays 0: the file is written and usable,
the clerk decides whether to correct the name or write the character by hand. A scope that does
not exist, or a field the paper needs that is missing, exits 2 and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from .common import (
    EXIT_OK,
    UsageError,
    actor_of,
    add_actor,
    open_db,
    parse_day,
    parse_year,
    scheme_choice,
    scheme_family,
    today_of,
    whole_number,
)


def add_commands(commands, common) -> None:
    from desktop.reports.catalog import PAPERS

    listed = "\n".join(f"  {p.name:<20}{p.title}" for p in PAPERS)
    report = commands.add_parser(
        "report",
        parents=[common],
        help="生成可打印的报表（PDF）",
        description=f"生成可打印的报表（PDF）。NAME 可用：\n{listed}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("name", metavar="NAME", help="报表名称，如 monthly-assessment、roster")
    report.add_argument("-o", "--out", required=True, metavar="OUT.pdf", help="要写入的 PDF 文件")
    report.add_argument("--month", metavar="YYYY-MM", help="月份，如 2026-03")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="起始日期（含），台账等")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="截止日期（含）")
    report.add_argument("--year", metavar="YYYY", help="年份（季度、年度考核报表）")
    report.add_argument("--quarter", metavar="Q", help="季度 1～4（不填为全年）")
    report.add_argument("--unit", metavar="CODE", help="村(社区)或乡镇编码（不填为全镇）")
    report.add_argument("--case", metavar="NUMBER", help="案件编号，如 示例镇〔2026〕0012号")
    report.add_argument("--worker", metavar="ID", help="网格员的身份证号码（个人考核评分表）")
    report.add_argument("--scheme", metavar="NAME", help="该期间有多套考核细则适用时，指定细则名称")
    report.add_argument(
        "--today", metavar="YYYY-MM-DD", help="印在报表上的制表日期，并按该日判断期限（默认今天）"
    )
    report.add_argument(
        "--font",
        choices=("bundled", "simsun", "fangsong", "simhei"),
        default="bundled",
        help="正文字体：内置字体，或 Windows 的宋体、仿宋、黑体（本机没有时用内置字体）",
    )
    add_actor(report)
    report.set_defaults(handler=_cmd_report)


def _cmd_report(args: argparse.Namespace) -> int:
    from desktop.exchange.files import check_target
    from desktop.reports.catalog import check, paper, render
    from desktop.reports.request import ReportRequest

    chosen = paper(args.name.strip())
    request = ReportRequest(
        month=_month(args.month),
        start=parse_day(args.start, "--from") if args.start else None,
        end=parse_day(args.end, "--to") if args.end else None,
        year=parse_year(args.year),
        quarter=whole_number(args.quarter, "--quarter"),
        unit_code=_text(args.unit),
        case_number=_text(args.case),
        worker_id=_worker(args.worker),
        today=today_of(args),
    )
    if args.month and (args.start or args.end):
        raise UsageError("--month 与 --from/--to 只能选用一种")
    check(chosen, request)  # a missing field is refused before the database is opened
    out = check_target(args.out)
    if args.font != "bundled":
        from desktop.reports.fonts import use_main_font

        if use_main_font(args.font) != args.font:
            print(f"fengwang-cli: 注意：本机没有字体 {args.font}，改用内置字体", file=sys.stderr)
    with open_db(args) as db:
        request = replace(request, author=actor_of(args))  # the logged-in user, once known
        if chosen.scheme and args.scheme:
            request = replace(request, scheme_family=scheme_family(args, db))
        with scheme_choice():
            rendered = render(db, chosen.name, request, out)
    print(f"已生成{chosen.title}：{out}（共 {rendered.pages} 页）")
    if rendered.full_details:
        print("注意：本报表含完整身份证号码和电话，请妥善保管，不用时销毁多余副本。")
    if rendered.missing_characters:
        missing = " ".join(sorted(rendered.missing_characters))
        print(
            f"fengwang-cli: 注意：以下字符没有可用的字体，纸上已作标记，请核对后手写补正：{missing}",
            file=sys.stderr,
        )
    return EXIT_OK


def _month(text: str | None):
    from desktop.services.case_stats import month_period

    return month_period(text)[0] if text else None


def _text(text: str | None) -> str | None:
    return text.strip() or None if text else None


def _worker(text: str | None) -> str | None:
    from desktop.services.identity import to_half_width

    return to_half_width(text).strip().upper() or None if text else None
