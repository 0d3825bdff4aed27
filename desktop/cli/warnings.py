"""fengwang-cli warnings: the warning list (JSON lines or text) and a month's figures."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, time

from desktop.cli.common import EXIT_OK, UsageError, open_db, parse_day


def add_commands(commands, common) -> None:
    warnings = commands.add_parser("warnings", parents=[common], help="网格预警与综治派单")
    actions = warnings.add_subparsers(dest="action", metavar="ACTION", parser_class=type(warnings))
    actions.required = True

    listing = actions.add_parser("list", parents=[common], help="预警列表（新上报的在前）")
    listing.add_argument("--month", metavar="YYYY-MM", help="只列该月上报的预警")
    listing.add_argument("--status", metavar="STATUS", help="状态，如 已派单 或 dispatched")
    listing.add_argument("--type", dest="kind", metavar="TYPE", help="预警类型，如 地质灾害")
    listing.add_argument("--urgency", choices=("一般", "紧急"), help="紧急程度")
    listing.add_argument("--overdue", action="store_true", help="只列已超时（响应或办结）的预警")
    listing.add_argument("--open", action="store_true", help="只列未办结的预警")
    _add_now(listing)
    listing.add_argument("--json", action="store_true", help="每条预警一行 JSON")
    listing.set_defaults(handler=_cmd_list)

    stats = actions.add_parser("stats", parents=[common], help="一个月的预警统计与党员报到")
    stats.add_argument("--month", metavar="YYYY-MM", required=True, help="统计月份，如 2026-03")
    stats.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
    stats.set_defaults(handler=_cmd_stats)


def _add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        metavar="TIME",
        help="按该时刻判断是否超时（默认现在），如 2026-03-05 14:00；只写日期则按当日结束时",
    )


def now_of(args: argparse.Namespace) -> datetime:
    from desktop.services.dates import parse_moment

    text = (args.now or "").strip()
    if not text:
        return datetime.now().replace(microsecond=0)
    if ":" not in text:  # a day alone: judged at its end, as a day's report is
        return datetime.combine(parse_day(text, "--now"), time(23, 59, 59))
    return parse_moment(text, "--now")


def _status(text: str):
    from desktop.vocabulary import WarningStatus

    wanted = text.strip()
    for status in WarningStatus:
        if wanted in (status.value, status.label):
            return status
    known = "、".join(f"{s.value}（{s.label}）" for s in WarningStatus)
    raise UsageError(f"未知的预警状态“{text}”，可用：{known}")


def _month(text: str):
    from desktop.services.case_stats import month_period

    return month_period(text)[0]


def _cmd_list(args: argparse.Namespace) -> int:
    from desktop.services.warning_settings import list_warning_types
    from desktop.services.warnings import WarningFilter, list_warnings

    month = _month(args.month) if args.month else None
    status = _status(args.status) if args.status else None
    now = now_of(args)
    with open_db(args) as db:
        type_id = None
        if args.kind:
            types = {t.name: t.id for t in list_warning_types(db)}
            if args.kind.strip() not in types:
                raise UsageError(f"未知的预警类型“{args.kind}”，可用：{'、'.join(types)}")
            type_id = types[args.kind.strip()]
        found = list_warnings(
            db,
            WarningFilter(
                month=month,
                status=status,
                type_id=type_id,
                urgency=args.urgency,
                overdue_only=args.overdue,
                open_only=args.open,
            ),
            now=now,
        )
    for warning in found:
        if args.json:
            print(json.dumps(_record(warning), ensure_ascii=False))
            continue
        late = f"（{warning.overdue.label}）" if warning.overdue.late else ""
        print(
            "\t".join(
                (
                    warning.number,
                    f"{warning.reported_at:%Y-%m-%d %H:%M}",
                    warning.type,
                    warning.urgency,
                    warning.place,
                    warning.target or "—",
                    warning.status.label + late,
                )
            )
        )
    if not args.json:
        print(f"共 {len(found)} 条")
    return EXIT_OK


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(sep=" ") if moment is not None else None


def _record(warning) -> dict:
    current = warning.current_dispatch
    return {
        "number": warning.number,
        "reported_at": _stamp(warning.reported_at),
        "type": warning.type,
        "urgency": warning.urgency,
        "place": warning.place,
        "level": warning.level.value,
        "level_label": warning.level.label,
        "description": warning.description,
        "people_affected": warning.people_affected,
        "reporter": warning.reporter,
        "status": warning.status.value,
        "status_label": warning.status.label,
        "target": warning.target or None,
        "response_due": _stamp(current.response_due) if current else None,
        "complete_due": _stamp(current.complete_due) if current else None,
        "overdue": warning.overdue.value,
        "overdue_label": warning.overdue.label,
        "response_hours": float(warning.response_hours)
        if warning.response_hours is not None
        else None,
        "in_time": warning.in_time,
        "closed_at": _stamp(warning.closed_at),
        "result": warning.result,
        "case": warning.case_number or None,
        "party_reports": [
            {"name": p.name, "at": _stamp(p.at), "work": p.work} for p in warning.party_reports
        ],
    }


def _cmd_stats(args: argparse.Namespace) -> int:
    from desktop.services.case_stats import format_rate
    from desktop.services.warning_stats import month_stats

    month = _month(args.month)
    with open_db(args) as db:
        got = month_stats(db, month)
    if args.json:
        record = {
            "month": f"{got.month:%Y-%m}",
            "reported": got.reported,
            "dispatched": got.dispatched,
            "closed": got.closed,
            "converted": got.converted,
            "escalated": got.escalated,
            "in_time": got.in_time,
            "late": got.late,
            "in_time_rate": got.in_time_rate,
            "median_response_hours": got.median_response_hours,
            "by_type": got.by_type,
            "by_urgency": got.by_urgency,
            "party_reports": got.party_reports,
            "party_members": got.party_members,
            "participation": [
                {"name": p.name, "posts": p.posts, "reports": p.reports, "warnings": p.warnings}
                for p in got.participation
            ],
        }
        print(json.dumps(record, ensure_ascii=False))
        return EXIT_OK
    hours = got.median_response_hours
    print(f"统计月份：{got.month.year}年{got.month.month}月")
    print(f"上报预警：{got.reported}")
    print(f"派单：{got.dispatched}")
    print(f"办结：{got.closed}（其中转为矛盾纠纷案件 {got.converted}）")
    print(f"提级：{got.escalated}")
    print(f"按时办结率：{format_rate(got.in_time_rate)}（按时 {got.in_time}，超时 {got.late}）")
    print(f"响应时间中位数：{'—' if hours is None else f'{hours:.1f} 小时'}")
    shown = "，".join(f"{name} {count}" for name, count in got.by_type.items() if count)
    print(f"按类型：{shown or '无'}")
    print(f"按紧急程度：{'，'.join(f'{k} {v}' for k, v in got.by_urgency.items())}")
    print(f"党员报到：{got.party_reports} 次，{got.party_members} 名党员")
    return EXIT_OK
