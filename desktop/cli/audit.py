"""fengwang-cli audit: read and export the audit trail (操作日志). Administrators only, as in the
GUI; `fengwang-cli check` verifies the trail's chain."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import EXIT_OK, UsageError, open_db, parse_day


def add_commands(commands, common) -> None:
    parser = commands.add_parser("audit", parents=[common], help="操作日志（仅管理员）")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", parents=[common], help="按时间顺序列出操作日志")
    _add_filters(listing)
    listing.add_argument("--json", action="store_true", help="每条一行 JSON（含逐字段的变化）")
    listing.set_defaults(handler=run_list)
    exporting = actions.add_parser("export", parents=[common], help="把操作日志导出为表格")
    exporting.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    _add_filters(exporting)
    exporting.set_defaults(handler=run_export)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    # --user is who logs in (every command has it): the user whose actions to list is --by
    parser.add_argument("--by", metavar="NAME", help="只列出该用户的操作")
    parser.add_argument(
        "--entity", metavar="E", help="只列出该类对象，如 person 或 人员（表名或中文名）"
    )
    parser.add_argument("--action", metavar="A", help="只列出该类操作，如 update 或 修改")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="起始日期（含）")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="截止日期（含）")
    parser.add_argument("--text", metavar="TEXT", help="摘要中含有该文字，或对象编号等于它")


def _filters(args: argparse.Namespace):
    from desktop.services.audit import ACTION_LABELS, ENTITY_LABELS, AuditFilter

    start = parse_day(args.start, "--from") if args.start else None
    end = parse_day(args.end, "--to") if args.end else None
    if start and end and end < start:
        raise UsageError("--to 不能早于 --from")
    return AuditFilter(
        user=(args.by or "").strip(),
        entity=_code(args.entity, ENTITY_LABELS, "--entity"),
        action=_code(args.action, ACTION_LABELS, "--action"),
        start=start,
        end=end,
        text=args.text or "",
    )


def _code(text: str | None, labels: dict[str, str], option: str) -> str:
    """The code of an entity or action given as its code or its Chinese name."""
    if not text or not text.strip():
        return ""
    wanted = text.strip()
    for code, label in labels.items():
        if wanted in (code, label):
            return code
    known = "、".join(f"{code}（{label}）" for code, label in labels.items())
    raise UsageError(f"{option} 不认识“{text}”，可用：{known}")


def run_list(args: argparse.Namespace) -> int:
    from desktop.services.audit import iter_entries

    filters = _filters(args)
    with open_db(args) as db:
        for entry in iter_entries(db, filters):
            if args.json:
                record = {
                    "id": entry.id,
                    "at": entry.at.isoformat(sep=" "),
                    "user": entry.user_name,
                    "action": entry.action,
                    "entity": entry.entity,
                    "entity_id": entry.entity_id,
                    "summary": entry.summary,
                    "detail": entry.detail_data(),
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                print(
                    f"{entry.id}\t{entry.at:%Y-%m-%d %H:%M:%S}\t{entry.user_name}\t"
                    f"{entry.action_label}\t{entry.summary}"
                )
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from desktop.services.audit import export_entries

    filters = _filters(args)
    with open_db(args) as db:
        count = export_entries(db, Path(args.out), filters)
    print(f"已导出操作日志 {count} 条 → {args.out}")
    return EXIT_OK
