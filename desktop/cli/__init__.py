"""fengwang-cli: everything the GUI does, scriptable. Errors are one line on stderr, never a
traceback: exit 2 for bad input or an unusable database, 1 for `check` finding problems, 3 for
an import that rejected some rows."""

from __future__ import annotations

import argparse
import dataclasses
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from importlib import import_module
from pathlib import Path

from desktop import __version__
from desktop.crashlog import log_exception
from desktop.db import Database
from desktop.errors import FengwangError
from desktop.shown import ERRORS as PRINTABLE
from desktop.vocabulary import CaseStatus

from . import argparse_chinese
from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_REJECTED,
    EXIT_USAGE,
    Parser,
    UsageError,
    actor_of,
    add_actor,
    add_period,
    add_today,
    check_outputs,
    existing_database_url,
    open_db,
    parse_year,
    period_of,
    print_summary,
    scheme_choice,
    scheme_family,
    today_of,
    whole_number,
    write_report,
)

EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl+C
argparse_chinese.install()  # before any parser is built: its --help headings too

# Areas with their own module under desktop/cli/: each has add_commands(commands, common), which
# adds its top-level commands and sets handler= on each parser it adds.
AREAS: tuple[str, ...] = (
    "reports",
    "warnings",
    "coverage",
    "users",
    "backup",
    "audit",
    "sync_history",
)


def build_parser() -> argparse.ArgumentParser:
    db_help = "数据库文件路径或 SQLAlchemy URL（默认取 FENGWANG_DB 或本机应用数据文件夹）"
    common = Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    common.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="以该用户登录（默认取 FENGWANG_USER）；密码取自 FENGWANG_PASSWORD 或提示输入",
    )

    parser = Parser(prog="fengwang-cli", description="枫网 命令行工具", parents=[common])
    parser.add_argument("--version", action="version", version=f"fengwang {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True

    demo = commands.add_parser("demo", parents=[common], help="在空数据库中生成演示乡镇（示例镇）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")

    commands.add_parser("check", parents=[common], help="检查数据库结构版本、完整性和外键")
    commands.add_parser(
        "migrate",
        parents=[common],
        help="建立或升级数据库结构（多台工作站共用的服务器数据库只由此升级）",
    )

    roster = commands.add_parser("roster", parents=[common], help="花名册")
    roster_commands = roster.add_subparsers(dest="action", metavar="ACTION")
    roster_commands.required = True
    listing = roster_commands.add_parser("list", parents=[common], help="列出人员及其任职")
    listing.add_argument("--json", action="store_true", help="每人一行 JSON")
    listing.add_argument("--unit", metavar="CODE", help="只列出该单位及其下级单位的人员")
    listing.add_argument("--unmasked", action="store_true", help="显示完整身份证号码和电话")
    roles = commands.add_parser("roles", parents=[common], help="岗位目录")
    role_commands = roles.add_subparsers(dest="action", metavar="ACTION")
    role_commands.required = True
    role_commands.add_parser("list", parents=[common], help="列出全部岗位")
    adding = role_commands.add_parser("add", parents=[common], help="新增一个岗位")
    adding.add_argument("name", help="岗位名称，如：平安志愿者")

    cases = commands.add_parser("cases", parents=[common], help="矛盾纠纷案件")
    case_commands = cases.add_subparsers(dest="action", metavar="ACTION")
    case_commands.required = True
    case_list = case_commands.add_parser(
        "list", parents=[common], help="列出案件（最近受理的在前）"
    )
    case_list.add_argument("--json", action="store_true", help="每案一行 JSON")
    case_list.add_argument("--month", metavar="YYYY-MM", help="只列出该月受理的案件")
    case_list.add_argument(
        "--status",
        metavar="STATUS",
        help="只列出该状态的案件："
        + "、".join(f"{s.value}（{s.label}）" for s in CaseStatus)
        + "，英文或中文均可",
    )
    add_today(case_list)
    case_stats = case_commands.add_parser(
        "stats", parents=[common], help="统计一个月或一段时间的矛盾纠纷数据（口径见用户手册）"
    )
    add_period(case_stats)
    case_stats.add_argument(
        "--by-township",
        action="store_true",
        help="县级数据库：各乡镇(街道)并列、按就地化解率排名，另列全县合计",
    )
    case_stats.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
    add_today(case_stats)

    importing = commands.add_parser("import", parents=[common], help="从表格导入")
    import_commands = importing.add_subparsers(dest="action", metavar="KIND")
    import_commands.required = True
    roster_import = import_commands.add_parser(
        "roster", parents=[common], help="导入村(社区)花名册（.xlsx/.xls/.xlsb/.ods/.csv）"
    )
    roster_import.add_argument("file", metavar="FILE", help="花名册表格文件")
    roster_import.add_argument("--sheet", metavar="NAME", help="工作表名称（默认第一个）")
    roster_import.add_argument("--dry-run", action="store_true", help="只检查，不写入数据库")
    roster_import.add_argument(
        "--atomic", action="store_true", help="全部或全不：有任何一行被拒绝则不导入任何一行"
    )
    roster_import.add_argument(
        "--report", metavar="OUT.xlsx", help="把被拒绝的行及原因写入该工作簿，改正后可重新导入"
    )
    roster_import.add_argument("--json", action="store_true", help="以一个 JSON 对象输出结果")

    exporting = commands.add_parser("export", parents=[common], help="导出为表格")
    export_commands = exporting.add_subparsers(dest="action", metavar="KIND")
    export_commands.required = True
    roster_export = export_commands.add_parser(
        "roster", parents=[common], help="按县级模板导出网格员花名册（每条在任任职一行）"
    )
    roster_export.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    roster_export.add_argument(
        "--unmasked", action="store_true", help="导出完整身份证号码和电话（默认打码）"
    )
    roster_export.add_argument("--unit", metavar="CODE", help="只导出该单位及其下级单位")
    template = export_commands.add_parser(
        "template", parents=[common], help="导出空白花名册模板（含下拉列表），供村(社区)填写"
    )
    template.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")

    sync_out = export_commands.add_parser(
        "sync", parents=[common], help="导出与县综治中心交换的同步包（含完整身份证号码，内部资料）"
    )
    sync_out.add_argument("out", metavar="OUT.xlsx")
    sync_out.add_argument("--township", metavar="CODE", help="库中有多个乡镇时，指定导出哪一个")

    county_out = export_commands.add_parser(
        "county-package",
        parents=[common],
        help="导出县级下发包：考核细则、岗位目录、纠纷类别及办结期限，供各乡镇导入",
    )
    county_out.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    county_out.add_argument("--scheme", metavar="NAME", help="细则名称（库中只有一套时可省略）")

    ledger = export_commands.add_parser(
        "ledger", parents=[common], help="导出矛盾纠纷排查化解台账（当事人身份证号码已打码）"
    )
    ledger.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    add_period(ledger)
    add_today(ledger)
    stats_out = export_commands.add_parser(
        "case-stats", parents=[common], help="导出矛盾纠纷统计表（含统计口径）"
    )
    stats_out.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    add_period(stats_out)
    add_today(stats_out)

    county_in = import_commands.add_parser(
        "county-package",
        parents=[common],
        help="导入县里下发的考核细则、岗位目录和纠纷类别（本乡镇自己添加的保留）",
    )
    county_in.add_argument("file", metavar="FILE")

    sync_in = import_commands.add_parser("sync", parents=[common], help="导入对方发来的同步包")
    sync_in.add_argument("file", metavar="FILE")
    sync_in.add_argument("--dry-run", action="store_true", help="只列出将会发生的变化，不写入")
    sync_in.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    sync_in.add_argument(
        "--resolve",
        action="append",
        default=[],
        metavar="UID=ours|theirs",
        help="处理一条冲突：保留本机（ours）或采用对方（theirs）；可重复",
    )
    sync_in.add_argument(
        "--resolve-all", choices=("ours", "theirs"), help="所有冲突都保留本机或都采用对方"
    )

    assess = commands.add_parser("assess", parents=[common], help="网格员月度考核")
    assess_commands = assess.add_subparsers(dest="action", metavar="ACTION")
    assess_commands.required = True
    compute = assess_commands.add_parser(
        "compute",
        parents=[common],
        help="计算一个月的考核得分、等次和排名（已审核的月份按审核结果）",
    )
    _add_assess_month(compute)
    compute.add_argument("--json", action="store_true", help="每人一行 JSON")
    submit = assess_commands.add_parser(
        "submit", parents=[common], help="提交一个月的考核，等待审核（须由另一人审核）"
    )
    _add_assess_month(submit)
    add_actor(submit)
    submit.add_argument(
        "--allow-blank", action="store_true", help="手工评分项有空白时仍然提交（空白按 0 分计）"
    )
    approve = assess_commands.add_parser(
        "approve", parents=[common], help="审核通过并锁定一个月的考核（提交人不能审核）"
    )
    _add_assess_month(approve)
    add_actor(approve)
    approve.add_argument(
        "--refresh",
        action="store_true",
        help="重新打开过的月份按今日名册和案件数据重新计分（默认沿用上次审核时的人员和数据）",
    )
    reopen = assess_commands.add_parser(
        "reopen", parents=[common], help="重新打开已审核的月份以便更正（须说明原因）"
    )
    _add_assess_month(reopen)
    add_actor(reopen)
    reopen.add_argument("--reason", metavar="TEXT", help="重新打开的原因（必填）")
    scheme = assess_commands.add_parser("scheme", parents=[common], help="考核细则")
    scheme_commands = scheme.add_subparsers(dest="scheme_action", metavar="ACTION")
    scheme_commands.required = True
    scheme_commands.add_parser("list", parents=[common], help="列出全部考核细则及其版本")
    scheme_out = scheme_commands.add_parser(
        "export", parents=[common], help="把考核细则（最新版本）导出为表格，供下发或交换"
    )
    scheme_out.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    scheme_out.add_argument("--scheme", metavar="NAME", help="细则名称（库中只有一套时可省略）")
    scheme_in = scheme_commands.add_parser(
        "import", parents=[common], help="从表格导入考核细则（已有同一细则时存为新版本）"
    )
    scheme_in.add_argument("file", metavar="FILE.xlsx", help="考核细则表格")
    score_in = assess_commands.add_parser(
        "import", parents=[common], help="导入村(社区)离线填写的考核表（逐格校验）"
    )
    score_in.add_argument("file", metavar="FILE.xlsx", help="用 export scores 导出并填好的考核表")
    _add_assess_month(score_in)
    add_actor(score_in)
    score_in.add_argument(
        "--atomic", action="store_true", help="全部或全不：有任何一格被拒绝则不写入任何一格"
    )
    score_in.add_argument(
        "--report", metavar="OUT.xlsx", help="把被拒绝的行及原因写入该工作簿，改正后可重新导入"
    )
    score_in.add_argument("--dry-run", action="store_true", help="只校验并报告结果，不保存任何一格")
    score_in.add_argument("--json", action="store_true", help="以一个 JSON 对象输出结果")
    period = assess_commands.add_parser(
        "period", parents=[common], help="季度或年度考核结果与排名（只计已审核的月份）"
    )
    period.add_argument("--year", metavar="YYYY", help="年份，如 2026（必填）")
    period.add_argument("--quarter", metavar="Q", help="季度 1～4（不填为全年）")
    period.add_argument(
        "--weights",
        metavar="40,60",
        help="分段权重（%%，合计 100），如全年 40,60 为上半年 40%% + 下半年 60%%；默认各月平均",
    )
    period.add_argument(
        "--min-months", metavar="N", help="参与排名的最少考核月数（默认 1），不足者列出但不排名"
    )
    period.add_argument("--township", metavar="CODE", help="库中有多个乡镇时，指定乡镇编码")
    period.add_argument("--scheme", metavar="NAME", help="期间内用过多套细则时，指定细则名称")
    period.add_argument("--json", action="store_true", help="每人一行 JSON")
    allowance = assess_commands.add_parser(
        "allowances", parents=[common], help="一个月的绩效补贴发放名单及合计（按已审核的等次）"
    )
    allowance.add_argument("--month", metavar="YYYY-MM", help="考核月份，如 2026-03（必填）")
    allowance.add_argument("--township", metavar="CODE", help="库中有多个乡镇时，指定乡镇编码")
    allowance.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
    allowance_set = assess_commands.add_parser(
        "allowance-set", parents=[common], help="设置某一等次每月的绩效补贴金额（元）"
    )
    allowance_set.add_argument("grade", metavar="GRADE", help="等次，如 优秀")
    allowance_set.add_argument("yuan", metavar="YUAN", help="每人每月金额（元），如 300 或 300.50")

    scores_out = export_commands.add_parser(
        "scores", parents=[common], help="导出一个月的考核表，供村(社区)离线填写后导入"
    )
    scores_out.add_argument("out", metavar="OUT.xlsx", help="要写入的工作簿")
    _add_assess_month(scores_out)
    for area in AREAS:
        import_module(f"desktop.cli.{area}").add_commands(commands, common)
    return parser


def _add_assess_month(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", help="考核月份，如 2026-03（必填）")
    parser.add_argument("--township", metavar="CODE", help="库中有多个乡镇时，指定乡镇编码")
    parser.add_argument(
        "--scheme", metavar="NAME", help="该月有多套考核细则适用时（如按岗位不同），指定细则名称"
    )


def _case_status(text: str) -> CaseStatus:
    wanted = text.strip()
    for status in CaseStatus:
        if wanted in (status.value, status.label):
            return status
    known = "、".join(f"{s.value}（{s.label}）" for s in CaseStatus)
    raise UsageError(f"未知的案件状态“{text}”，可用：{known}")


def _cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import build_demo

    with open_db(args, create=True) as db:
        counts = build_demo(db, seed=args.seed)
    print(
        f"已生成演示乡镇：{counts['villages']} 个村(社区)、{counts['grids']} 个网格、"
        f"{counts['micro_grids']} 个微网格、{counts['people']} 人、"
        f"{counts['assignments']} 条任职记录、{counts['cases']} 件矛盾纠纷案件、"
        f"{counts['assessment_months']} 个月网格员考核、{counts['warnings']} 条网格预警 → {db.describe()}"
    )
    return EXIT_OK


def _cmd_migrate(args: argparse.Namespace) -> int:
    """No log-in: whoever may reach the file or the server may upgrade it, and an old schema's
    accounts may not be readable by this version before it is upgraded."""
    from desktop.db import HEAD_REVISION, current_revision, open_database

    url = existing_database_url(args, empty_ok=True)
    before = open_database(url, migrate=False)
    try:
        revision = current_revision(before.engine)
    finally:
        before.close()
    open_database(url, upgrade_server=True).close()
    if revision == HEAD_REVISION:
        print(f"数据库结构已是最新版本（{HEAD_REVISION}）：{before.describe()}")
    elif revision is None:
        print(f"已建立数据库结构（{HEAD_REVISION}）：{before.describe()}")
    else:
        print(f"已将数据库结构从 {revision} 升级到 {HEAD_REVISION}：{before.describe()}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from desktop.db import HEAD_REVISION
    from desktop.services.audit import verify_chain
    from desktop.services.health import check_database

    with open_db(args, migrate=False) as db:  # report an old schema rather than upgrade it
        report = check_database(db)
        # the trail's table has its current shape only at the current schema
        chain = verify_chain(db) if report.schema_revision == HEAD_REVISION else None
    print(f"数据库：{db.describe()}")
    print(f"结构版本：{report.schema_revision or '（无）'}")
    for label, count in report.counts.items():
        print(f"{label}：{count}")
    if chain is not None:
        print(chain.message)
        if not chain.intact:
            report.problems.append(chain.message)
    if report.healthy:
        print("检查结果：正常")
        return EXIT_OK
    print(f"检查结果：发现 {len(report.problems)} 个问题")
    for problem in report.problems:
        print(f"  - {problem}")
    return EXIT_PROBLEMS


def _cmd_roster_list(args: argparse.Namespace) -> int:
    from desktop.services.roster import list_people, reveal

    with open_db(args) as db:
        people = list_people(db, unit_code=args.unit)
        if args.unmasked:  # needs the role, and is recorded
            reveal(db, people, where="命令行 roster list --unmasked")
    for person in people:
        citizen_id = person.citizen_id if args.unmasked else person.masked_id
        phone = person.phone if args.unmasked else person.masked_phone
        if args.json:
            record = {
                "name": person.name,
                "gender": person.gender,
                "citizen_id": citizen_id or None,
                "phone": phone or None,
                "assignments": [
                    {
                        "unit_code": a.unit_code,
                        "unit_name": a.unit_name,
                        "role": a.role,
                        "start": a.start_date.isoformat(),
                        "end": a.end_date.isoformat() if a.end_date else None,
                    }
                    for a in person.assignments
                ],
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            roles = "；".join(
                f"{a.unit_name} {a.role} {a.start_date:%Y-%m-%d}起"
                + (f"至{a.end_date:%Y-%m-%d}" if a.end_date else "")
                for a in person.assignments
            )
            print(f"{person.name}\t{person.gender or ''}\t{citizen_id}\t{phone}\t{roles}")
    return EXIT_OK


def _cmd_roles_list(args: argparse.Namespace) -> int:
    from desktop.services.lookups import list_roles

    with open_db(args) as db:
        for role in list_roles(db):
            print(f"{role.name}\t{'内置' if role.builtin else '自定义'}")
    return EXIT_OK


def _cmd_roles_add(args: argparse.Namespace) -> int:
    from desktop.services.roster import add_role

    with open_db(args) as db:
        role = add_role(db, args.name)
    print(f"已新增岗位：{role.name}")
    return EXIT_OK


def _cmd_cases_list(args: argparse.Namespace) -> int:
    from desktop.services.case_settings import DeadlineState
    from desktop.services.case_stats import month_period
    from desktop.services.cases import CaseFilter, list_cases

    start, end = month_period(args.month) if args.month else (None, None)
    status = _case_status(args.status) if args.status else None
    today = today_of(args)
    with open_db(args) as db:
        found = list_cases(
            db,
            CaseFilter(received_from=start, received_to=end, status=status),
            today=today,
            full=False,
        )
    for case in found:
        if args.json:
            record = {
                "number": case.number,
                "received": case.received_on.isoformat(),
                "category": case.category,
                "source": case.source,
                "place": case.place,
                "risk": case.risk,
                "level": case.level.value if case.level else None,
                "level_label": case.level.label if case.level else None,
                "transferred_to": case.transferred_to,
                "status": case.status.value,
                "status_label": case.status.label,
                "due": case.due_on.isoformat(),
                "original_due": case.original_due_on.isoformat(),
                "deadline": case.deadline.value,
                "deadline_label": case.deadline.label,
                "outcome": case.outcome.value if case.outcome else None,
                "concluded": case.concluded_on.isoformat() if case.concluded_on else None,
                "mediators": [m.name for m in case.current_mediators],
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            late = case.deadline in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE)
            deadline = f"（{case.deadline.label}）" if late else ""
            print(
                "\t".join(
                    (
                        case.number,
                        f"{case.received_on:%Y-%m-%d}",
                        case.category,
                        case.source,
                        case.level.label if case.level else "未分流",
                        f"{case.status.label}{deadline}",
                        f"期限 {case.due_on:%Y-%m-%d}",
                        case.mediator_names or "未指派调解员",
                    )
                )
            )
    if not args.json:
        print(f"共 {len(found)} 件")
    return EXIT_OK


def _cmd_cases_stats(args: argparse.Namespace) -> int:
    from desktop.services.case_stats import (
        FIGURE_LABELS,
        RATE_FIELDS,
        figures,
        format_rate,
        period_label,
    )

    start, end = period_of(args)
    today = today_of(args)
    if args.by_township:
        return _print_county_stats(args, start, end, today)
    with open_db(args) as db:
        got = figures(db, start, end, today=today)
    if args.json:
        record = {"period": period_label(start, end), **dataclasses.asdict(got)}
        print(json.dumps(record, ensure_ascii=False, default=date.isoformat))
        return EXIT_OK
    print(f"统计期间：{period_label(start, end)}")
    for name, label, _meaning in FIGURE_LABELS:
        value = getattr(got, name)
        print(f"{label}：{format_rate(value) if name in RATE_FIELDS else value}")
    for title, counts in (
        ("按纠纷类别（受理）", got.by_category),
        ("按来源（受理）", got.by_source),
        ("按处理层级（办结）", got.by_level),
        ("按涉及人数（受理）", {f"{band}人": n for band, n in got.people_bands.items()}),
    ):
        shown = "，".join(f"{key} {count}" for key, count in counts.items() if count)
        print(f"{title}：{shown or '无'}")
    return EXIT_OK


def _print_county_stats(args: argparse.Namespace, start: date, end: date, today: date) -> int:
    from desktop.services.case_stats import (
        TOWNSHIP_HEADERS,
        county_figures,
        period_label,
        township_cells,
    )

    with open_db(args) as db:
        got = county_figures(db, start, end, today=today)
    if args.json:
        record = {
            "period": period_label(start, end),
            "townships": [
                {
                    "code": row.code,
                    "name": row.name,
                    "rank": row.rank,
                    **dataclasses.asdict(row.figures),
                }
                for row in got.townships
            ],
            "total": dataclasses.asdict(got.total),
        }
        print(json.dumps(record, ensure_ascii=False, default=date.isoformat))
        return EXIT_OK
    print(
        f"统计期间：{period_label(start, end)}（排名依据：就地化解率，即大事不出镇，其次调解成功率）"
    )
    print("\t".join(("排名", "乡镇(街道)", *TOWNSHIP_HEADERS)))
    rows = [(str(row.rank or "—"), row.name, row.figures) for row in got.townships]
    for rank, name, shown in [*rows, ("", "全县合计", got.total)]:
        print("\t".join((rank, name, *township_cells(shown))))
    return EXIT_OK


@contextmanager
def interrupt_cancels() -> Iterator[Callable[[], bool]]:
    """Ctrl+C while the block runs asks the work to stop at its next check, as 取消 does in the
    GUI (the `cancelled` of import_roster): the transaction is then rolled back whole, never cut
    between its statements, its commit and what follows. The usual handler is back after."""
    pressed = threading.Event()
    try:
        previous = signal.signal(signal.SIGINT, lambda *_: pressed.set())
    except ValueError:  # not the main thread (a test's runner): Ctrl+C stays as it was
        yield lambda: False
        return
    try:
        yield pressed.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


def _cmd_import_roster(args: argparse.Namespace) -> int:
    """Import, print the summary (errors with ID numbers and phones masked), then the --report
    workbook. A --report path whose folder is missing, or that is a folder, is refused before
    anything is imported (exit 2). If the workbook still cannot be saved after the import (the
    file open in Excel, the disk full), the summary is printed all the same — the rows ARE
    committed — stderr says so, and the exit code is the import's own (3 when rows were
    rejected, else 0); --json then carries "report": {"path", "saved": false, "error"}."""
    from desktop.exchange.files import check_target
    from desktop.exchange.report import write_result_workbook
    from desktop.exchange.roster_import import ImportCancelled, import_roster

    if args.report:
        check_target(args.report)
    with open_db(args) as db, interrupt_cancels() as interrupted:
        try:
            result = import_roster(
                db,
                Path(args.file),
                sheet=args.sheet,
                atomic=args.atomic,
                dry_run=args.dry_run,
                cancelled=interrupted,
            )
        except ImportCancelled as err:
            print(f"fengwang-cli: {err.message}", file=sys.stderr)
            return EXIT_INTERRUPTED
    report_error = write_report(args, lambda path: write_result_workbook(result, path))
    if args.dry_run:
        outcome = "试导入（未写入数据库）"
    elif result.committed:
        outcome = "已导入"
    else:
        outcome = "有行被拒绝，按“全部或全不”未写入任何一行；若只导入有效行"
    if args.json:
        print_summary(args, result.summary(), report_error)
    else:
        print(
            f"{outcome}：读取 {result.read} 行，新增 {result.created} 人，更新 {result.updated} 人，"
            f"无变化 {result.unchanged} 人，拒绝 {result.rejected} 行"
        )
        if result.unknown_columns:
            print(f"未识别的列（已忽略）：{'、'.join(result.unknown_columns)}")
        for error in result.errors:
            print(f"  第 {error.row} 行 {error.column}“{error.shown_value}”：{error.shown_reason}")
        if args.report and report_error is None:
            print(f"导入结果已写入 {args.report}")
    if report_error is not None:
        done = "已导入" if result.committed else "导入已完成（数据库未改动）"
        print(f"fengwang-cli: {done}，但结果工作簿未能保存：{report_error}", file=sys.stderr)
    return EXIT_REJECTED if result.rejected else EXIT_OK


def _cmd_export_roster(args: argparse.Namespace) -> int:
    from desktop.exchange.roster_export import export_roster

    with open_db(args) as db:
        rows = export_roster(db, Path(args.out), masked=not args.unmasked, unit_code=args.unit)
    note = "（完整号码，请妥善保管）" if args.unmasked else "（身份证号码和电话已打码）"
    print(f"已导出 {rows} 条在任记录 → {args.out}{note}")
    return EXIT_OK


def _cmd_export_template(args: argparse.Namespace) -> int:
    from desktop.exchange.roster_export import export_template

    with open_db(args) as db:
        export_template(db, Path(args.out))
    print(f"已导出空白花名册模板 → {args.out}")
    return EXIT_OK


def _cmd_export_ledger(args: argparse.Namespace) -> int:
    from desktop.exchange.case_ledger import export_ledger

    count, period = _export_for_period(args, export_ledger)
    print(f"已导出{period}矛盾纠纷排查化解台账 {count} 件 → {args.out}（身份证号码已打码）")
    return EXIT_OK


def _cmd_export_case_stats(args: argparse.Namespace) -> int:
    from desktop.exchange.case_ledger import export_case_stats

    _figures, period = _export_for_period(args, export_case_stats)
    print(f"已导出{period}矛盾纠纷统计表 → {args.out}")
    return EXIT_OK


def _export_for_period(args: argparse.Namespace, write) -> tuple[object, str]:
    """Run `write(db, path, start, end, today=)` for the period the arguments name; returns what
    it returned and the period in words."""
    from desktop.exchange.files import check_target
    from desktop.services.case_stats import period_label

    start, end = period_of(args)
    check_target(args.out)
    today = today_of(args)
    with open_db(args) as db:
        written = write(db, Path(args.out), start, end, today=today)
    return written, period_label(start, end)


def _cmd_export_sync(args: argparse.Namespace) -> int:
    from desktop.exchange.sync import export_sync_package

    with open_db(args) as db:
        manifest = export_sync_package(db, Path(args.out), township_code=args.township)
    counts = "、".join(f"{title} {count} 行" for title, count in manifest.counts.items())
    print(f"已导出{manifest.township_name}的同步包：{args.out}（{counts}）")
    print(f"注意：同步包含完整身份证号码，属{manifest.classification}，请妥善保管和传递。")
    return EXIT_OK


def _cmd_export_county_package(args: argparse.Namespace) -> int:
    from desktop.exchange.county_package import export_county_package
    from desktop.exchange.scheme_workbook import choose_scheme

    with open_db(args) as db:
        scheme_id = choose_scheme(db, args.scheme).id
        summary = export_county_package(db, Path(args.out), scheme_id=scheme_id)
    print(f"已导出县级下发包：{args.out}（{summary}）")
    return EXIT_OK


def _cmd_import_county_package(args: argparse.Namespace) -> int:
    from desktop.exchange.county_package import import_county_package

    with open_db(args) as db:
        done = import_county_package(db, Path(args.file))
    print(done.message)
    return EXIT_OK


def _cmd_import_sync(args: argparse.Namespace) -> int:
    from desktop.exchange.sync import (
        STATUS_LABELS,
        UNCHANGED,
        apply_sync,
        preview_sync,
        read_sync_package,
    )

    package = read_sync_package(Path(args.file))
    with open_db(args) as db:
        preview = preview_sync(db, package)
        resolutions = _resolutions(args, preview)
        unresolved = [r for r in preview.conflicts if r.uid not in resolutions]
        report = preview.as_dict()
        result = None
        if not args.dry_run and not unresolved:
            result = apply_sync(db, package, preview, resolutions)
            report["result"] = result.as_dict()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=str))
    else:
        counts = "，".join(
            f"{STATUS_LABELS[status]} {count}" for status, count in preview.counts().items()
        )
        print(f"同步包来自{preview.township_name}（{preview.peer}）：{counts}")
        for record in preview.records:
            if record.status != UNCHANGED:
                values = "；".join(
                    f"{h}：本机 {o or '—'}，对方 {t or '—'}" for h, o, t in record.differences
                )
                detail = "；".join(part for part in (record.reason, values) if part)
                print(f"  [{STATUS_LABELS[record.status]}] {record.label} {detail} ({record.uid})")
        if result is not None:
            print(
                f"已应用：新增 {result.added}，更新 {result.updated}，保留本机 {result.kept_ours}"
                + (f"，删除对方已删除的单位 {result.deleted}" if result.deleted else "")
            )
            if result.categories_created:
                print(f"新增纠纷类别：{'、'.join(result.categories_created)}")
            if result.warning_types_created:
                print(f"新增预警类型：{'、'.join(result.warning_types_created)}")
            for reason in result.skipped:
                print(f"  未导入：{reason}")
        elif unresolved and not args.dry_run:
            print(
                f"有 {len(unresolved)} 条冲突未处理，未写入任何数据；"
                "请用 --resolve UID=ours|theirs 或 --resolve-all 逐条决定后重新导入"
            )
    if args.dry_run:
        return EXIT_OK
    return EXIT_REJECTED if unresolved else EXIT_OK


def _resolutions(args: argparse.Namespace, preview) -> dict[str, str]:
    conflicts = {record.uid for record in preview.conflicts}
    chosen = dict.fromkeys(conflicts, args.resolve_all) if args.resolve_all else {}
    for item in args.resolve:
        uid, _, side = item.partition("=")
        if side not in ("ours", "theirs"):
            raise UsageError(f"--resolve 应写成 UID=ours 或 UID=theirs，而不是“{item}”")
        if uid not in conflicts:
            raise UsageError(f"同步包中没有编号为 {uid} 的冲突记录")
        chosen[uid] = side
    return chosen


def _assess_month(args: argparse.Namespace, db: Database):
    """The month's sheet named by --month, --township and --scheme."""
    from desktop.services.assessment_months import find_township, month_sheet
    from desktop.services.case_stats import month_period

    if not args.month:
        raise UsageError("请用 --month YYYY-MM 指定考核月份")
    first, _last = month_period(args.month)
    township_id, _name = find_township(db, args.township)
    with scheme_choice():
        return month_sheet(db, township_id, first, scheme_family=scheme_family(args, db))


def _cmd_assess_compute(args: argparse.Namespace) -> int:
    from desktop.exchange.cells import as_number

    with open_db(args) as db:
        sheet = _assess_month(args, db)
    names = {item.key: item.name for item in sheet.items}
    scores = sheet.scores
    # a draft's worker with manual items still blank: the points so far, no grade nor rank yet
    # (--json gives the grade and ranks as computed, blanks counting 0, and what is blank)
    blank = {row.person_id: sheet.unfinished(row) for row in sheet.rows}
    if args.json:
        for score in scores:
            record = {
                "name": score.name,
                "village": score.village,
                "total": as_number(score.total),
                "grade": score.grade,
                "rank": score.rank,
                "village_rank": score.village_rank,
                "veto": score.veto,
                "not_entered": blank[score.person_id],
                "points": {names[key]: as_number(p) for key, p in score.points.items()},
            }
            print(json.dumps(record, ensure_ascii=False))
        return EXIT_OK
    scores.sort(key=lambda score: bool(blank[score.person_id]))
    month = sheet.month
    reopened = f"，已重新打开 {month.reopen_count} 次" if month.reopened else ""
    reopened += "" if month.opened else "，尚未录入（按现有数据试算，未保存）"
    print(f"{month.label} {month.scheme.label}：{month.status.label}{reopened}")
    for score in scores:
        if missing := blank[score.person_id]:
            print(
                f"—\t{score.name}\t{score.village}\t{score.total}\t未评完（未填：{'、'.join(missing)}）"
            )
            continue
        mark = (
            "（一票否决）" if score.veto else "（受名额限制）" if score.held_back_by_quota else ""
        )
        print(f"{score.rank}\t{score.name}\t{score.village}\t{score.total}\t{score.grade}{mark}")
    print(f"共 {len(scores)} 人")
    return EXIT_OK


def _cmd_assess_step(args: argparse.Namespace) -> int:
    from desktop.services.assessment_months import approve, reopen, submit

    actor = actor_of(args)
    with open_db(args) as db:
        sheet_month = _assess_month(args, db).month  # submitting opens a month not yet opened
        if args.action == "submit":
            month = submit(db, sheet_month, actor=actor, allow_blank=args.allow_blank)
        elif args.action == "approve":
            month = approve(db, sheet_month, actor=actor, refresh=args.refresh)
        else:
            month = reopen(db, sheet_month, args.reason or "", actor=actor)
    print(
        f"{month.label}的考核：{month.events[-1].action.label}，现为{month.status.label}（{actor}）"
    )
    return EXIT_OK


def _cmd_assess_scheme(args: argparse.Namespace) -> int:
    from desktop.services.assessment_schemes import list_schemes

    with open_db(args) as db:
        schemes = list_schemes(db)
    for scheme in schemes:
        items = sum(len(section.items) for section in scheme.sections)
        state = "已用于审核，锁定" if scheme.frozen else "可修改"
        print(
            f"{scheme.name}\t第{scheme.version}版\t{scheme.start_month:%Y-%m}起\t"
            f"{'、'.join(scheme.roles)}\t{items} 个小则\t{state}"
        )
    if not schemes:
        print("还没有考核细则")
    return EXIT_OK


def _cmd_assess_scheme_action(args: argparse.Namespace) -> int:
    return {
        "list": _cmd_assess_scheme,
        "export": _cmd_assess_scheme_export,
        "import": _cmd_assess_scheme_import,
    }[args.scheme_action](args)


def _cmd_assess_scheme_export(args: argparse.Namespace) -> int:
    from desktop.exchange.files import check_target
    from desktop.exchange.scheme_workbook import choose_scheme, export_scheme

    check_target(args.out)
    with open_db(args) as db:
        scheme = export_scheme(db, Path(args.out), scheme_id=choose_scheme(db, args.scheme).id)
    print(f"已导出考核细则 {scheme.label} → {args.out}")
    return EXIT_OK


def _cmd_assess_scheme_import(args: argparse.Namespace) -> int:
    from desktop.exchange.scheme_workbook import import_scheme

    with open_db(args) as db:
        result = import_scheme(db, Path(args.file))
    print(result.message)
    return EXIT_OK


def _cmd_export_scores(args: argparse.Namespace) -> int:
    from desktop.exchange.files import check_target
    from desktop.exchange.score_workbook import export_score_sheet

    check_target(args.out)
    with open_db(args) as db:
        month = _assess_month(args, db).month
        sheet = export_score_sheet(  # reading only: the month is not opened by exporting
            db,
            Path(args.out),
            month.township_id,
            month.month,
            scheme_family=month.scheme.family_uid,
        )
    locked = "（本月已审核锁定，仅供查看）" if sheet.month.locked else ""
    print(f"已导出{sheet.month.label}考核表：{len(sheet.rows)} 人 → {args.out}{locked}")
    return EXIT_OK


def _cmd_assess_import(args: argparse.Namespace) -> int:
    """Import a filled-in month sheet; the --report workbook as for `import roster`."""
    from desktop.exchange.files import check_target
    from desktop.exchange.score_workbook import (
        import_score_sheet,
        short_label,
        write_score_report,
    )
    from desktop.services.assessment_months import find_township
    from desktop.services.case_stats import month_period

    if not args.month:
        raise UsageError("请用 --month YYYY-MM 指定考核月份")
    first, _last = month_period(args.month)
    if args.report:
        check_target(args.report)
    actor = actor_of(args)
    with open_db(args) as db:
        township_id, _name = find_township(db, args.township)
        result = import_score_sheet(  # without --scheme, the file says which scheme it holds
            db,
            Path(args.file),
            township_id,
            first,
            actor=actor,
            atomic=args.atomic,
            dry_run=args.dry_run,
            scheme_family=scheme_family(args, db),
        )
    report_error = write_report(args, lambda path: write_score_report(result, path))
    if args.json:
        print_summary(args, result.summary(), report_error)
    else:
        if result.dry_run:
            outcome = "试导入（未保存）"
        elif result.committed:
            outcome = "已导入"
        elif args.atomic:
            outcome = "有单元格被拒绝，按“全部或全不”未写入任何一格"
        else:  # every changed cell was refused (or the month changed while it was written)
            outcome = "未写入任何一格（被拒绝的单元格见下）"
        print(
            f"{outcome}：{result.month.label}，读取 {result.read} 人，写入 {result.written} 格，"
            f"无变化 {result.unchanged} 格，拒绝 {result.rejected} 格"
        )
        if result.ignored_columns:
            print(f"未导入的列（自动计分项或未识别）：{'、'.join(result.ignored_columns)}")
        for error in result.errors:
            print(f"  第 {error.row} 行 {short_label(error.column)}“{error.value}”：{error.reason}")
        if args.report and report_error is None:
            print(f"导入结果已写入 {args.report}")
    if report_error is not None:
        print(f"fengwang-cli: 导入已完成，但结果工作簿未能保存：{report_error}", file=sys.stderr)
    return EXIT_REJECTED if result.rejected else EXIT_OK


def _cmd_assess_period(args: argparse.Namespace) -> int:
    import re

    from desktop.services.assessment_months import find_township
    from desktop.services.assessment_periods import period_results
    from desktop.services.identity import to_half_width
    from desktop.services.scoring import PeriodMethod

    year = parse_year(args.year)
    if year is None:
        raise UsageError("请用 --year YYYY 指定年份")
    weights = (100,)
    if args.weights:
        parts = re.split(r"[,/;、]", to_half_width(args.weights).replace(" ", ""))
        if not all(part.isdigit() for part in parts):
            raise UsageError(f"--weights 应写成 40,60 这样的百分比，而不是“{args.weights}”")
        weights = tuple(int(part) for part in parts)
    method = PeriodMethod(
        weights=weights, min_months=whole_number(args.min_months, "--min-months", 1)
    )
    with open_db(args) as db:
        township_id, township = find_township(db, args.township)
        with scheme_choice():
            result = period_results(
                db,
                township_id,
                year,
                whole_number(args.quarter, "--quarter"),
                method,
                scheme_family=scheme_family(args, db),
            )
    if args.json:
        from desktop.exchange.cells import as_number

        for row in result.rows:
            record = {
                "name": row.name,
                "village": row.village,
                "total": as_number(row.total),
                "grade": row.grade,
                "rank": row.rank,
                "village_rank": row.village_rank,
                "months": row.months_scored,
                "veto_months": row.veto_months,
            }
            print(json.dumps(record, ensure_ascii=False))
        return EXIT_OK
    method_text = (
        "各月平均"
        if weights == (100,)
        else "分段加权 " + " + ".join(f"{weight}%" for weight in weights)
    )
    print(
        f"{township}{result.label}考核结果（{method_text}，至少 {method.min_months} 个月参与排名）："
        f"已审核 {len(result.approved)} 个月"
    )
    if result.pending:
        print(f"未审核、未计入的月份：{'、'.join(f'{m:%Y-%m}' for m in result.pending)}")
    for row in result.rows:
        rank = str(row.rank) if row.rank is not None else "不排名"
        veto = f"（一票否决 {row.veto_months} 个月）" if row.veto_months else ""
        print(
            f"{rank}\t{row.name}\t{row.village}\t{row.total}\t{row.grade}{veto}\t"
            f"{row.months_scored} 个月"
        )
    print(f"共 {len(result.rows)} 人")
    if result.distribution:
        print("等次分布：" + "，".join(f"{g} {n}" for g, n in result.distribution.items()))
    return EXIT_OK


def _cmd_assess_allowances(args: argparse.Namespace) -> int:
    from desktop.services.assessment_months import find_township
    from desktop.services.assessment_periods import month_allowances
    from desktop.services.case_stats import month_period
    from desktop.services.cases import format_yuan

    if not args.month:
        raise UsageError("请用 --month YYYY-MM 指定考核月份")
    first, _last = month_period(args.month)
    with open_db(args) as db:
        township_id, _name = find_township(db, args.township)
        found = month_allowances(db, township_id, first)
    if args.json:
        record = {
            "month": f"{found.month:%Y-%m}",
            "township": found.township_name,
            "total_fen": found.total_fen,
            "by_grade": {
                grade: {"workers": count, "fen": fen}
                for grade, (count, fen) in found.by_grade.items()
            },
            "pending": list(found.pending),
            "rows": [
                {
                    "name": line.name,
                    "village": line.village,
                    "grade": line.grade,
                    "amount_fen": line.amount_fen,
                }
                for line in found.lines
            ],
        }
        print(json.dumps(record, ensure_ascii=False))
        return EXIT_OK
    print(f"{found.township_name}{found.month.year}年{found.month.month}月绩效补贴发放名单")
    for line in found.lines:
        print(f"{line.village}\t{line.name}\t{line.grade}\t{format_yuan(line.amount_fen)} 元")
    for grade, (count, fen) in found.by_grade.items():
        print(f"{grade}：{count} 人，{format_yuan(fen)} 元")
    print(f"合计：{len(found.lines)} 人，{format_yuan(found.total_fen)} 元")
    if found.pending:
        print(f"注意：{'、'.join(found.pending)}尚未审核，其人员不在名单中")
    return EXIT_OK


def _cmd_assess_allowance_set(args: argparse.Namespace) -> int:
    from desktop.services.assessment_periods import allowance_fen, set_allowance
    from desktop.services.cases import format_yuan

    try:
        fen = allowance_fen(args.yuan)
    except ValueError:
        fen = None
    if fen is None:
        raise UsageError(f"金额应为元，最多两位小数，如 300 或 300.50，而不是“{args.yuan}”")
    with open_db(args) as db:
        set_allowance(db, args.grade, fen)
    print(f"已设置：{args.grade.strip()} 每人每月绩效补贴 {format_yuan(fen)} 元")
    return EXIT_OK


COMMANDS = {
    ("demo", None): _cmd_demo,
    ("check", None): _cmd_check,
    ("migrate", None): _cmd_migrate,
    ("roster", "list"): _cmd_roster_list,
    ("roles", "list"): _cmd_roles_list,
    ("roles", "add"): _cmd_roles_add,
    ("cases", "list"): _cmd_cases_list,
    ("cases", "stats"): _cmd_cases_stats,
    ("import", "roster"): _cmd_import_roster,
    ("export", "roster"): _cmd_export_roster,
    ("export", "template"): _cmd_export_template,
    ("export", "ledger"): _cmd_export_ledger,
    ("export", "case-stats"): _cmd_export_case_stats,
    ("export", "sync"): _cmd_export_sync,
    ("import", "sync"): _cmd_import_sync,
    ("export", "county-package"): _cmd_export_county_package,
    ("import", "county-package"): _cmd_import_county_package,
    ("assess", "compute"): _cmd_assess_compute,
    ("assess", "submit"): _cmd_assess_step,
    ("assess", "approve"): _cmd_assess_step,
    ("assess", "reopen"): _cmd_assess_step,
    ("assess", "scheme"): _cmd_assess_scheme_action,
    ("export", "scores"): _cmd_export_scores,
    ("assess", "import"): _cmd_assess_import,
    ("assess", "period"): _cmd_assess_period,
    ("assess", "allowances"): _cmd_assess_allowances,
    ("assess", "allowance-set"): _cmd_assess_allowance_set,
}


def main(argv: Sequence[str] | None = None) -> int:
    write_files_in_utf8()
    try:
        args = build_parser().parse_args(argv)
        check_outputs(args)
        handler = (
            getattr(args, "handler", None)
            or COMMANDS[(args.command, getattr(args, "action", None))]
        )
        return handler(args)
    except FengwangError as err:
        print(f"fengwang-cli: {err.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("fengwang-cli: 已取消", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # the last line of defence: a sentence, and the details in a log
        where = log_exception(err)
        detail = f"，详情已记录在 {where}" if where else ""
        print(f"fengwang-cli: 内部错误（{type(err).__name__}）{detail}", file=sys.stderr)
        return EXIT_USAGE


def write_files_in_utf8() -> None:
    """Output redirected to a file on Windows would be written in the ANSI code page (GBK), which
    cannot hold every name (䶮): such a line would end the command. A console keeps its own.
    Everywhere, a file name that is not UTF-8 (a GBK name on Linux) prints with � for its
    undecodable bytes instead of failing after the work is done (desktop.shown)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if sys.platform == "win32" and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors=PRINTABLE)
        else:
            stream.reconfigure(errors=PRINTABLE)


if __name__ == "__main__":
    sys.exit(main())
