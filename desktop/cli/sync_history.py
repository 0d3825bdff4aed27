"""fengwang-cli sync history: the sync packages this database has imported, newest first (which
township sent what, exported and imported when, by whom)."""

from __future__ import annotations

import argparse
import json

from .common import EXIT_OK, open_db


def add_commands(commands, common) -> None:
    parser = commands.add_parser("sync", parents=[common], help="与乡镇交换的同步包")
    actions = parser.add_subparsers(dest="sync_action", metavar="ACTION")
    actions.required = True
    history = actions.add_parser(
        "history", parents=[common], help="列出收到的同步包：哪个乡镇、何时导出、何时由谁导入"
    )
    history.add_argument("--township", metavar="CODE", help="只列出该乡镇（乡镇编码）的同步包")
    history.add_argument("--json", action="store_true", help="每个同步包一行 JSON")
    history.set_defaults(handler=run_history)


def run_history(args: argparse.Namespace) -> int:
    from desktop.services.received_packages import list_received

    with open_db(args) as db:
        received = list_received(db, (args.township or "").strip() or None)
    for item in received:
        exported = item.exported_at.isoformat(sep=" ")
        imported = item.imported_at.isoformat(sep=" ")
        if args.json:
            record = {
                "township_code": item.township_code,
                "township_name": item.township_name,
                "exported_at": exported,
                "imported_at": imported,
                "imported_by": item.imported_by,
                "added": item.added,
                "changed": item.changed,
                "conflicts": item.conflicts,
                "file": item.file_name,
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(
                f"{item.township_name}（{item.township_code}）导出于 {exported}，"
                f"{imported} 由 {item.imported_by} 导入：新增 {item.added}，"
                f"修改 {item.changed}，冲突 {item.conflicts}（{item.file_name}）"
            )
    if not received and not args.json:
        print("还没有收到过同步包" if not args.township else "还没有收到过该乡镇的同步包")
    return EXIT_OK
