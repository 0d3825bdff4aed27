"""Who may do what: user accounts, their roles, passwords and log-in, and the check every service
makes before it changes anything.

The acting user is the database's `actor` (desktop.db.Database.actor), set by a log-in in the GUI or
by `fengwang-cli --user`. A database that has no account yet is in set-up mode: everything is
allowed, as "系统", until the first administrator is created (the GUI asks for one at the first
start; `fengwang-cli demo` creates the demo accounts).

Passwords are kept as scrypt hashes (memory-hard), never in clear; five wrong passwords in a row
lock the account for five minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from desktop.db import Actor, Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models.grid import GridUnit
from desktop.models.trust import User
from desktop.services import audit, jurisdiction
from desktop.services.grants import Permission, Role, may
from desktop.services.jurisdiction import EVERYWHERE
from desktop.services.text import clean_text
from desktop.vocabulary import Level

SETUP_ACTOR = "系统"  # who acts in a database that has no account yet
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 5
MIN_PASSWORD_LENGTH = 8
# scrypt's cost: 16 MiB of memory and about 50 ms per check on a township PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def require(db: Database, permission: Permission) -> None:
    """Refuse, in Chinese, what the acting user's role does not allow."""
    actor = db.actor
    if actor is None and has_users(db):
        raise RefusedError("请先登录")
    if not may(actor, permission):
        if permission is Permission.SETTINGS and actor.township_id is not None:
            raise RefusedError(
                f"规则、目录和名单等设置全县共用，由县级账户修改；{actor.name} 是本乡镇的账户。"
            )
        role = Role(actor.role).label
        raise RefusedError(f"{actor.name}（{role}）没有“{permission.label}”的权限")


def actor_name(db: Database) -> str:
    """Who acts now, for the records a service writes."""
    return db.actor.name if db.actor is not None else SETUP_ACTOR


def has_users(db: Database) -> bool:
    """Whether the database has any account (set-up mode ends with the first)."""
    return db.has_accounts()


# ------------------------------------------------------------------------------------ passwords


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:  # a damaged hash matches nothing
        return False
    return hmac.compare_digest(found, bytes.fromhex(digest))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r + 2**20
    )


def check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({field: f"密码至少 {MIN_PASSWORD_LENGTH} 位"})
    if password.isdigit() or password.isalpha():
        raise ValidationError({field: "密码须同时含有字母和数字"})


# ------------------------------------------------------------------------------------- accounts


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: Role
    active: bool
    locked_until: datetime | None
    township_id: int | None = None  # the township the account works in; None: the county
    township_name: str = ""

    def locked(self, at: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > at


def _info(user: User, session) -> UserInfo:
    township = session.get(GridUnit, user.township_id) if user.township_id is not None else None
    return UserInfo(
        user.id,
        user.name,
        Role(user.role),
        user.active,
        user.locked_until,
        user.township_id,
        township.name if township is not None else "",
    )


def list_users(db: Database) -> list[UserInfo]:
    """The accounts the acting user may see: all of them, or those of its township."""
    with db.session() as session:
        return [_info(u, session) for u in session.scalars(select(User).order_by(User.id))]


def _township(session, township_id: int | None) -> int | None:
    """The township a new account (or a changed one) works in: the acting administrator's own
    if it has one; else the one asked for, which must be a township."""
    own = session.info["db"].actor
    if own is not None and own.township_id is not None:
        if township_id not in (None, own.township_id):
            raise RefusedError("乡镇的管理员只能为本乡镇设立账户")
        return own.township_id
    if township_id is None:
        return None
    unit = session.get(GridUnit, township_id)
    if unit is None or unit.level != Level.TOWNSHIP.value:
        raise ValidationError({"township": "请选择一个乡镇（或留空，作县级账户）"})
    return township_id


def create_user(
    db: Database, name: str, role: Role, password: str, *, township_id: int | None = None
) -> UserInfo:
    """A new account; the first one must be an administrator (it ends set-up mode). It works in
    `township_id` (see desktop.services.jurisdiction), or in the whole database when None."""
    name = clean_text(name)
    errors = {}
    if not name:
        errors["name"] = "请填写用户名"
    elif len(name) > 40:
        errors["name"] = "用户名不超过 40 个字"
    try:
        check_password(password)
    except ValidationError as err:
        errors.update(err.fields)
    if errors:
        raise ValidationError(errors)
    if has_users(db):
        require(db, Permission.USERS)
    elif role is not Role.ADMIN:
        raise RefusedError("第一个用户必须是管理员")
    with db.session() as session:
        taken = select(User).where(User.name == name).execution_options(**EVERYWHERE)
        if session.scalar(taken) is not None:
            raise ValidationError({"name": f"用户名“{name}”已经存在"})
        user = User(
            name=name,
            role=role.value,
            password_hash=hash_password(password),
            township_id=_township(session, township_id),
        )
        session.add(user)
        session.flush()
        made = _info(user, session)
    db.has_users = True
    return made


def log_in(db: Database, name: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password and make the user the database's actor. Refused in Chinese for a
    wrong name or password (the same words for both), a locked or a disabled account. Every
    attempt is an entry of the audit trail (the name tried, never the password)."""
    at = now or datetime.now()
    tried = name.strip()
    with db.session() as session:
        user = session.scalar(
            select(User).where(User.name == tried).execution_options(**EVERYWHERE)
        )
        action, refusal, reason, actor = "login_failed", "", "", None
        if user is None:
            refusal, reason = "用户名或密码不正确", "用户名不存在"
        elif not user.active:
            refusal = reason = f"用户“{user.name}”已停用，请找管理员"
        elif user.locked_until is not None and user.locked_until > at:
            minutes = max(1, round((user.locked_until - at).total_seconds() / 60))
            refusal = f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试"
            reason = "账户锁定中"
        elif not password_matches(password, user.password_hash):
            user.failed_logins += 1
            reason = f"密码错误（连续第 {user.failed_logins} 次）"
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins = 0
                user.locked_until = at + timedelta(minutes=LOCK_MINUTES)
                refusal = f"密码连续错误 {MAX_FAILED_LOGINS} 次，账户锁定 {LOCK_MINUTES} 分钟"
                action = "locked"
            else:
                left = MAX_FAILED_LOGINS - user.failed_logins
                refusal = f"用户名或密码不正确（再错 {left} 次将锁定 {LOCK_MINUTES} 分钟）"
        else:
            user.failed_logins = 0
            user.locked_until = None
            action, actor = "login", Actor(user.name, user.role, user.township_id)
        _log_attempt(session, tried, user, action, reason, now)
    if actor is None:
        raise RefusedError(refusal)
    db.actor = actor
    return actor


def _log_attempt(
    session, tried: str, user: User | None, action: str, reason: str, at: datetime | None
) -> None:
    """The audit entries of a log-in attempt; a lock is recorded after the failure that set it."""
    who = tried or "（空）"
    common = {
        "user_name": who,
        "entity": "app_user",
        "entity_id": user.id if user is not None else "",
        "at": at,
    }
    if action == "login":
        audit.append(session, action="login", summary=f"{who} 登录", **common)
        return
    audit.append(
        session,
        action="login_failed",
        summary=f"登录失败（用户名“{who}”）：{reason}",
        detail={"name": who, "reason": reason},
        **common,
    )
    if action == "locked":
        audit.append(
            session,
            action="locked",
            summary=f"密码连续错误 {MAX_FAILED_LOGINS} 次，用户“{who}”锁定 {LOCK_MINUTES} 分钟",
            **common,
        )


def log_out(db: Database) -> None:
    db.actor = None


def change_password(db: Database, name: str, old: str, new: str) -> None:
    """A user changes their own password (the old one is asked again)."""
    check_password(new, "new")
    with db.session() as session:
        user = _user(session, name)
        if not password_matches(old, user.password_hash):
            raise ValidationError({"old": "原密码不正确"})
        user.password_hash = hash_password(new)
        user.password_changed_at = datetime.now().replace(microsecond=0)
        audit.append(
            session,
            user_name=user.name,
            action="password",
            entity="app_user",
            entity_id=user.id,
            summary=f"{user.name} 修改了自己的密码",
        )


def reset_password(db: Database, name: str, new: str) -> None:
    """An administrator sets a user's password (a forgotten one) and lifts a lock."""
    require(db, Permission.USERS)
    check_password(new, "new")
    with db.session() as session:
        user = _user(session, name)
        user.password_hash = hash_password(new)
        user.failed_logins = 0
        user.locked_until = None
        user.password_changed_at = datetime.now().replace(microsecond=0)
        audit.append(
            session,
            user_name=actor_name(db),
            action="password",
            entity="app_user",
            entity_id=user.id,
            summary=f"重置用户“{user.name}”的密码",
        )


def set_role(db: Database, name: str, role: Role, *, active: bool = True) -> UserInfo:
    """An administrator changes a user's role or disables the account; the last active
    administrator stays."""
    require(db, Permission.USERS)
    with db.session() as session:
        user = _user(session, name)
        losing_admin = user.role == Role.ADMIN.value and (role is not Role.ADMIN or not active)
        if losing_admin and user.active:
            admins = session.scalar(
                select(func.count())
                .select_from(User)
                .where(User.role == Role.ADMIN.value, User.active.is_(True))
            )
            if admins <= 1:
                raise RefusedError("至少要保留一个在用的管理员")
        user.role, user.active = role.value, active
        return _info(user, session)


def set_township(db: Database, name: str, township_id: int | None) -> UserInfo:
    """A county administrator moves an account to another township, or makes it a county
    account (None); it takes effect at the account's next log-in. The last active county
    administrator stays one."""
    require(db, Permission.USERS)
    jurisdiction.require_county(db, "更改账户的工作乡镇")
    with db.session() as session:
        user = _user(session, name)
        township = _township(session, township_id)
        if user.township_id is None and township is not None and user.role == Role.ADMIN.value:
            county_admins = session.scalar(
                select(func.count())
                .select_from(User)
                .where(
                    User.role == Role.ADMIN.value,
                    User.active.is_(True),
                    User.township_id.is_(None),
                )
            )
            if user.active and county_admins <= 1:
                raise RefusedError("至少要保留一个在用的县级管理员（工作乡镇为“全部乡镇”）")
        user.township_id = township
        session.flush()
        return _info(user, session)


def _user(session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFoundError(f"没有用户“{name}”")
    return user
