"""What every fengwang-cli command shares: the parser class, the exit codes, opening the database,
and reading dates, periods and the acting user from the arguments."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from desktop.db import Database, open_database, unknown_url_message
from desktop.errors import FengwangError
from desktop.paths import database_url

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3
USER_VARIABLE, PASSWORD_VARIABLE = "FENGWANG_USER", "FENGWANG_PASSWORD"


class UsageError(FengwangError):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits with its own text otherwise
        raise UsageError(f"参数错误：{message}（用 --help 查看用法）")


def add_actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actor",
        metavar="NAME",
        help="操作人姓名（默认取当前系统用户名；数据库已设用户时为登录的用户）",
    )


def add_period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", help="统计月份，如 2026-03")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="起始日期（含）")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="截止日期（含）")


def add_today(
    parser: argparse.ArgumentParser,
    meaning: str = "按该日判断将到期、已超期（默认今天），用于重出某一天的报表",
) -> None:
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=meaning)


def period_of(args: argparse.Namespace) -> tuple[date, date]:
    """The period of --month, or of --from and --to (both days included)."""
    from desktop.services.case_stats import check_period, month_period

    if args.month and (args.start or args.end):
        raise UsageError("--month 与 --from/--to 只能选用一种")
    if args.month:
        return month_period(args.month)
    if not (args.start and args.end):
        raise UsageError("请用 --month YYYY-MM，或同时用 --from 和 --to 指定统计期间")
    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    check_period(start, end)
    return start, end


def today_of(args: argparse.Namespace) -> date:
    return parse_day(args.today, "--today") if args.today else date.today()


def parse_day(text: str, label: str) -> date:
    from desktop.exchange.cells import CellError, parse_date
    from desktop.services.dates import check_day

    try:
        day = parse_date(text, label=label)
    except CellError as err:
        raise UsageError(str(err)) from None
    if day is None:
        raise UsageError(f"{label} 需要一个日期，如 2026-03-31")
    return check_day(day, label)


def parse_year(text: str | None, label: str = "--year") -> int | None:
    """A year from an option (1900–2100), or None when it is not given."""
    from desktop.services.dates import parse_year as parse

    return None if text is None else parse(text, label)


# The arguments that name a file a command writes, and the ones that name a file it reads.
OUTPUT_ARGUMENTS, INPUT_ARGUMENTS = ("out", "report"), ("file",)


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any work, a file to write that is the database (or a file SQLite keeps
    beside it) or the file the command reads: writing it would destroy the one or the other.
    The writers check again when they write (desktop.exchange.files.check_target)."""
    from desktop.db import sqlite_file
    from desktop.exchange.files import check_not_overwriting

    outputs = [getattr(args, name, None) for name in OUTPUT_ARGUMENTS]
    if not any(outputs):
        return
    database = sqlite_file(database_url(getattr(args, "db", None)))
    inputs = [Path(value) for name in INPUT_ARGUMENTS if (value := getattr(args, name, None))]
    for output in filter(None, outputs):
        check_not_overwriting(Path(output), databases=[database] if database else [], inputs=inputs)


def existing_database_url(args: argparse.Namespace, *, empty_ok: bool = False) -> str:
    """The URL --db (or $FENGWANG_DB, or the default) names; UsageError for a missing file, or
    for an empty one unless `empty_ok` (migrate builds the schema in it on purpose): a database
    cut to 0 bytes by a copy or a power cut must not quietly become a new, empty one."""
    url = database_url(getattr(args, "db", None))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as err:  # not a URL, or a port that is no number
        raise UsageError(unknown_url_message(url)) from err
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database
    if is_file and not Path(parsed.database).exists():
        raise UsageError(f"数据库文件不存在：{parsed.database}")
    if is_file and not empty_ok and Path(parsed.database).stat().st_size == 0:
        raise UsageError(
            f"数据库文件是空的（0 字节）：{parsed.database}；它可能在复制或保存时中断了。"
            "请从备份恢复（fengwang-cli restore 备份文件），或确认要在其中新建数据库时运行 "
            "fengwang-cli --db 该文件 migrate"
        )
    return url


def open_db(args: argparse.Namespace, *, create: bool = False, migrate: bool = True) -> Database:
    url = database_url(getattr(args, "db", None)) if create else existing_database_url(args)
    db = open_database(url, migrate=migrate)
    try:
        _log_in(args, db, check_schema=not migrate)
    except BaseException:
        db.close()
        raise
    return db


def _log_in(args: argparse.Namespace, db: Database, *, check_schema: bool) -> None:
    """Act as --user (or $FENGWANG_USER) when the database has accounts; a database in set-up
    mode (no account yet) needs no log-in."""
    from desktop.services import access

    if check_schema and not _has_accounts_table(db):  # an old schema, inspected as it is
        return
    if not access.has_users(db):
        return
    name = (getattr(args, "user", None) or os.environ.get(USER_VARIABLE) or "").strip()
    if not name:
        raise UsageError(
            f"该数据库已设用户，请用 --user 指定用户名（密码取自 {PASSWORD_VARIABLE} 或提示输入）"
        )
    access.log_in(db, name, password_of(args, f"{name} 的密码："))
    args.actor = name  # steps and papers record the logged-in user, whatever --actor said


def _has_accounts_table(db: Database) -> bool:
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        return inspect(conn).has_table("app_user")


def password_of(args: argparse.Namespace, prompt: str) -> str:
    """The log-in password: $FENGWANG_PASSWORD, else asked once (not echoed) and kept on args
    for a command that needs it again (changing one's own password)."""
    if getattr(args, "login_password", None) is None:
        from_env = os.environ.get(PASSWORD_VARIABLE)
        args.login_password = from_env if from_env is not None else ask_password(prompt)
    return args.login_password


def ask_password(prompt: str, variable: str = PASSWORD_VARIABLE) -> str:
    """A password typed at the terminal (not echoed). Without a terminal getpass would read it
    from standard input, echoed, after an English warning: refused instead, naming `variable`."""
    import getpass
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except (EOFError, getpass.GetPassWarning):
        raise UsageError(
            f"没有读到密码：请在终端中运行，或用环境变量 {variable} 提供密码"
        ) from None


def actor_of(args: argparse.Namespace) -> str:
    import getpass

    if args.actor and args.actor.strip():
        return args.actor.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        return "命令行"


def write_report(args: argparse.Namespace, write) -> str | None:
    """Write the --report workbook when asked; the reason it could not be saved, else None."""
    if not args.report:
        return None
    try:
        write(Path(args.report))
    except FengwangError as err:
        return err.message
    return None


def print_summary(args: argparse.Namespace, summary: dict, report_error: str | None) -> None:
    """An import's --json line, with where its --report went (or why it did not)."""
    if args.report:
        summary["report"] = {
            "path": str(args.report),
            "saved": report_error is None,
            "error": report_error,
        }
    print(json.dumps(summary, ensure_ascii=False))


@contextmanager
def scheme_choice() -> Iterator[None]:
    """Several schemes apply and --scheme was not given: say how to choose one."""
    from desktop.services.assessment_schemes import SchemeChoiceNeeded

    try:
        yield
    except SchemeChoiceNeeded as err:
        raise UsageError(
            err.message.split("；")[0] + f"；请用 --scheme 指定：{'、'.join(err.names)}"
        ) from err


def scheme_family(args: argparse.Namespace, db: Database) -> str | None:
    """The family_uid of the scheme named by --scheme, or None when it is not given."""
    from desktop.services.assessment_schemes import list_schemes

    if not args.scheme:
        return None
    families = {s.family_uid for s in list_schemes(db) if s.name == args.scheme.strip()}
    if not families:
        raise UsageError(f"没有名为“{args.scheme}”的考核细则（用 assess scheme list 查看）")
    if len(families) > 1:
        raise UsageError(f"有多套细则都名为“{args.scheme}”，请先在考核细则中改名区分")
    (family,) = families
    return family


def whole_number(text: str | None, label: str, default: int | None = None) -> int | None:
    """A whole number from an option, or UsageError in Chinese."""
    from desktop.services.identity import to_half_width

    if text is None:
        return default
    cleaned = to_half_width(text).strip()
    if not cleaned.isdigit():
        raise UsageError(f"{label} 应为整数，而不是“{text}”")
    return int(cleaned)
