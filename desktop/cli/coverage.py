"""fengwang-cli coverage: the grid coverage checks per village (纵向到底、横向到边). Gaps are what
the command is for, not an error: it exits 0 with or without them."""

from __future__ import annotations

import argparse
import json

from .common import EXIT_OK, add_today, open_db, today_of


def add_commands(commands, common) -> None:
    parser = commands.add_parser(
        "coverage",
        parents=[common],
        help="网格覆盖情况：每个村(社区)的网格长、辅警、法律顾问、调解员、微网格员等是否到位",
    )
    parser.add_argument("--json", action="store_true", help="每个村(社区)一行 JSON")
    parser.add_argument(
        "--unit", metavar="CODE", help="只查该乡镇(街道)或村(社区)；网格、微网格编码查其所在村"
    )
    add_today(parser, "按该日的在岗情况检查（默认今天），用于重出某一天的情况")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services.coverage import coverage

    today = today_of(args)
    with open_db(args) as db:
        found = coverage(db, today=today, unit_code=args.unit)
    if args.json:
        for village in found.villages:
            print(json.dumps(_village_record(village), ensure_ascii=False))
        return EXIT_OK
    township = found.township
    low, high = found.settings.min_households, found.settings.max_households
    print(
        f"{township.name}网格覆盖情况（{found.today:%Y-%m-%d}，微网格 {low}～{high} 户）："
        f"{township.villages} 个村(社区)，{township.villages_covered} 个全部达标，"
        f"{township.gaps} 处缺口"
    )
    for village in found.villages:
        marks = "  ".join(
            f"{'✓' if result.passed else '✗'}{result.check.label}"
            + ("" if result.applies else "（参考）")
            for result in village.checks
        )
        print(f"{village.name}（{village.code}）  {marks}")
        for gap in village.gaps:
            print(f"  - [{gap.check.label}] {gap.unit_name}（{gap.unit_code}）：{gap.message}")
    return EXIT_OK


def _village_record(village) -> dict:
    return {
        "code": village.code,
        "name": village.name,
        "passed": village.passed,
        "grids": village.grids,
        "micro_grids": village.micro_grids,
        "checks": [
            {
                "check": result.check.value,
                "label": result.check.label,
                "passed": result.passed,
                "applies": result.applies,
                "note": result.note,
                "gaps": [
                    {
                        "unit_code": gap.unit_code,
                        "unit_name": gap.unit_name,
                        "level": gap.level.value,
                        "message": gap.message,
                    }
                    for gap in result.gaps
                ],
            }
            for result in village.checks
        ],
    }
