"""Accounts, roles and log-in: what a role may do, passwords kept as hashes, the lock after five
wrong passwords, and set-up mode before the first account."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.errors import RefusedError, ValidationError
from desktop.models.trust import User
from desktop.services import access
from desktop.services.access import Permission, Role

PASSWORD = "jiangnan2026"
AT = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def accounts(db):
    """An administrator, then a clerk, a leader and a viewer made by the administrator."""
    access.create_user(db, "管理员甲", Role.ADMIN, PASSWORD)
    access.log_in(db, "管理员甲", PASSWORD, now=AT)
    for name, role in (("经办人乙", Role.CLERK), ("领导丙", Role.LEADER), ("查看丁", Role.VIEWER)):
        access.create_user(db, name, role, PASSWORD)
    access.log_out(db)
    return db


def test_a_database_without_accounts_is_in_set_up_mode(db):
    access.require(db, Permission.USERS)  # nothing refused before the first account
    assert access.actor_name(db) == "系统"
    with pytest.raises(RefusedError, match="第一个用户必须是管理员"):
        access.create_user(db, "经办人乙", Role.CLERK, PASSWORD)


def test_once_there_is_an_account_nothing_changes_without_a_log_in(accounts):
    with pytest.raises(RefusedError, match="请先登录"):
        access.require(accounts, Permission.EDIT)


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("管理员甲", set(Permission), set()),
        (
            "经办人乙",
            {Permission.EDIT, Permission.EXCHANGE, Permission.PRINT, Permission.REVEAL},
            {Permission.APPROVE, Permission.SETTINGS, Permission.USERS},
        ),
        (
            "领导丙",
            {Permission.APPROVE, Permission.PRINT, Permission.REVEAL},
            {Permission.EDIT, Permission.EXCHANGE, Permission.SETTINGS, Permission.USERS},
        ),
        ("查看丁", set(), set(Permission)),
    ],
)
def test_each_role_may_do_what_the_issue_lists_and_nothing_else(accounts, name, allowed, refused):
    access.log_in(accounts, name, PASSWORD, now=AT)
    for permission in allowed:
        access.require(accounts, permission)
    for permission in refused:
        with pytest.raises(RefusedError, match=permission.label):
            access.require(accounts, permission)


def test_passwords_are_stored_as_scrypt_hashes_never_in_clear(accounts):
    with accounts.session() as session:
        stored = [u.password_hash for u in session.query(User)]
    assert all(h.startswith("scrypt$") and PASSWORD not in h for h in stored)
    assert len(set(stored)) == len(stored)  # a salt each: equal passwords, different hashes


def test_five_wrong_passwords_lock_the_account_for_five_minutes(accounts):
    for attempt in range(4):
        with pytest.raises(RefusedError, match=f"再错 {4 - attempt} 次"):
            access.log_in(accounts, "经办人乙", "wrong-123", now=AT)
    with pytest.raises(RefusedError, match="锁定 5 分钟"):
        access.log_in(accounts, "经办人乙", "wrong-123", now=AT)
    # locked: even the right password is refused until five minutes have passed
    with pytest.raises(RefusedError, match="已锁定"):
        access.log_in(accounts, "经办人乙", PASSWORD, now=AT + timedelta(minutes=4))
    assert accounts.actor is None
    actor = access.log_in(accounts, "经办人乙", PASSWORD, now=AT + timedelta(minutes=5, seconds=1))
    assert actor.name == "经办人乙" and accounts.actor == actor


def test_an_unknown_name_and_a_wrong_password_get_the_same_words(accounts):
    with pytest.raises(RefusedError) as unknown:
        access.log_in(accounts, "无此人", PASSWORD, now=AT)
    with pytest.raises(RefusedError) as wrong:
        access.log_in(accounts, "经办人乙", "wrong-123", now=AT)
    assert str(unknown.value) == "用户名或密码不正确"
    assert str(wrong.value).startswith("用户名或密码不正确")


def test_a_user_changes_their_password_with_the_old_one(accounts):
    with pytest.raises(ValidationError, match="原密码不正确"):
        access.change_password(accounts, "经办人乙", "wrong-123", "newpass2026")
    with pytest.raises(ValidationError, match="字母和数字"):
        access.change_password(accounts, "经办人乙", PASSWORD, "12345678")
    access.change_password(accounts, "经办人乙", PASSWORD, "newpass2026")
    with pytest.raises(RefusedError):
        access.log_in(accounts, "经办人乙", PASSWORD, now=AT)
    assert access.log_in(accounts, "经办人乙", "newpass2026", now=AT).name == "经办人乙"


def test_only_an_administrator_manages_accounts_and_one_always_remains(accounts):
    access.log_in(accounts, "经办人乙", PASSWORD, now=AT)
    with pytest.raises(RefusedError, match="管理用户"):
        access.create_user(accounts, "新人", Role.CLERK, PASSWORD)
    access.log_in(accounts, "管理员甲", PASSWORD, now=AT)
    with pytest.raises(RefusedError, match="至少要保留一个"):
        access.set_role(accounts, "管理员甲", Role.CLERK)
    access.set_role(accounts, "查看丁", Role.VIEWER, active=False)
    with pytest.raises(RefusedError, match="已停用"):
        access.log_in(accounts, "查看丁", PASSWORD, now=AT)
    with pytest.raises(ValidationError, match="已经存在"):
        access.create_user(accounts, "经办人乙", Role.CLERK, PASSWORD)
