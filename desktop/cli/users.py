"""fengwang-cli users: the accounts of a database. Adding, changing roles and resetting another
user's password need an administrator (--user); the first account of a new database must be
an administrator and needs no log-in."""

from __future__ import annotations

import argparse
import json
import os
from datetime import datetime

from .common import EXIT_OK, UsageError, ask_password, open_db, password_of

NEW_PASSWORD_VARIABLE = "FENGWANG_NEW_PASSWORD"
ROLE_CHOICES = "admin（管理员）、clerk（经办人）、leader（领导）、viewer（查看）"


def add_commands(commands, common) -> None:
    users = commands.add_parser("users", parents=[common], help="用户和角色")
    actions = users.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", parents=[common], help="列出用户及其角色和状态")
    listing.add_argument("--json", action="store_true", help="每个用户一行 JSON")
    listing.set_defaults(handler=run_list)

    adding = actions.add_parser(
        "add", parents=[common], help=f"新增用户（密码取自 {NEW_PASSWORD_VARIABLE} 或提示输入两次）"
    )
    adding.add_argument("name", metavar="NAME", help="用户名")
    adding.add_argument("--role", required=True, metavar="ROLE", help=f"角色：{ROLE_CHOICES}")
    adding.add_argument(
        "--township",
        metavar="CODE",
        help="县级数据库中，该账户只在此乡镇工作（乡镇编码；默认：全部乡镇，即县级账户）",
    )
    adding.set_defaults(handler=run_add)

    passwd = actions.add_parser(
        "passwd",
        parents=[common],
        help=f"修改自己的密码，或由管理员重设 NAME 的密码（新密码取自 {NEW_PASSWORD_VARIABLE} 或提示输入两次）",
    )
    passwd.add_argument("name", metavar="NAME", nargs="?", help="要重设密码的用户（默认自己）")
    passwd.set_defaults(handler=run_passwd)

    role = actions.add_parser("role", parents=[common], help="更改用户的角色，或停用、启用用户")
    role.add_argument("name", metavar="NAME", help="用户名")
    role.add_argument("role", metavar="ROLE", help=f"角色：{ROLE_CHOICES}")
    state = role.add_mutually_exclusive_group()
    state.add_argument("--disable", action="store_true", help="停用该用户（不能再登录）")
    state.add_argument("--enable", action="store_true", help="重新启用该用户")
    role.set_defaults(handler=run_role)

    township = actions.add_parser(
        "township",
        parents=[common],
        help="县级数据库中更改账户的工作乡镇（下次登录起生效）",
    )
    township.add_argument("name", metavar="NAME", help="用户名")
    where = township.add_mutually_exclusive_group(required=True)
    where.add_argument("code", metavar="CODE", nargs="?", help="乡镇编码")
    where.add_argument("--county", action="store_true", help="改为县级账户（全部乡镇）")
    township.set_defaults(handler=run_township)


def parse_role(text: str):  # -> access.Role
    from desktop.services.access import Role

    wanted = text.strip()
    for role in Role:
        if wanted in (role.value, role.label):
            return role
    raise UsageError(f"未知的角色“{text}”，可用：{ROLE_CHOICES}")


def new_password() -> str:
    """The new password: $FENGWANG_NEW_PASSWORD, else asked twice (not echoed)."""
    from_env = os.environ.get(NEW_PASSWORD_VARIABLE)
    if from_env is not None:
        return from_env
    first = ask_password("新密码：", NEW_PASSWORD_VARIABLE)
    if ask_password("再次输入新密码：", NEW_PASSWORD_VARIABLE) != first:
        raise UsageError("两次输入的新密码不一致")
    return first


def _state(user, at: datetime) -> str:
    if not user.active:
        return "停用"
    return "已锁定" if user.locked(at) else "在用"


def run_list(args: argparse.Namespace) -> int:
    from desktop.services.access import list_users

    with open_db(args) as db:
        users = list_users(db)
    now = datetime.now()
    for user in users:
        if args.json:
            record = {
                "name": user.name,
                "role": user.role.value,
                "township": user.township_name,
                "state": _state(user, now),
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            township = user.township_name or "全部乡镇"
            print(f"{user.name}\t{user.role.label}\t{township}\t{_state(user, now)}")
    if not users and not args.json:
        print("尚未设立用户（用 users add NAME --role admin 设立管理员）")
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    from desktop.services.access import create_user
    from desktop.services.grid import find_unit

    role = parse_role(args.role)
    with open_db(args) as db:
        township = find_unit(db, args.township).id if args.township else None
        made = create_user(db, args.name, role, new_password(), township_id=township)
    where = f"，在{made.township_name}工作" if made.township_name else ""
    print(f"已新增用户“{made.name}”（{made.role.label}{where}）")
    return EXIT_OK


def run_passwd(args: argparse.Namespace) -> int:
    from desktop.services.access import change_password, reset_password

    with open_db(args) as db:
        if db.actor is None:
            raise UsageError("该数据库尚未设立用户：先用 users add NAME --role admin 设立管理员")
        name = (args.name or db.actor.name).strip()
        if name == db.actor.name:
            old = password_of(args, "原密码：")
            change_password(db, name, old, new_password())
        else:
            reset_password(db, name, new_password())
    print(f"已修改用户“{name}”的密码")
    return EXIT_OK


def run_role(args: argparse.Namespace) -> int:
    from desktop.services.access import list_users, set_role

    role = parse_role(args.role)
    with open_db(args) as db:
        current = next((u for u in list_users(db) if u.name == args.name.strip()), None)
        active = current.active if current is not None else True
        if args.disable or args.enable:
            active = args.enable
        changed = set_role(db, args.name, role, active=active)
    state = "在用" if changed.active else "停用"
    print(f"用户“{changed.name}”：{changed.role.label}，{state}")
    return EXIT_OK


def run_township(args: argparse.Namespace) -> int:
    from desktop.services.access import set_township
    from desktop.services.grid import find_unit

    with open_db(args) as db:
        township = None if args.county else find_unit(db, args.code).id
        changed = set_township(db, args.name, township)
    print(f"用户“{changed.name}”今后在{changed.township_name or '全部乡镇'}工作（下次登录起生效）")
    return EXIT_OK
