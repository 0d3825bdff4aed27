"""The roles of the accounts and what each may do: plain enums and a table, loaded at start-up by
the pages that enable their actions by role (so no SQLAlchemy here; accounts themselves are in
desktop.services.access)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.db import Actor


class Role(Enum):
    ADMIN = "admin"
    CLERK = "clerk"
    LEADER = "leader"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.ADMIN: "管理员", Role.CLERK: "经办人", Role.LEADER: "领导", Role.VIEWER: "查看"}


class Permission(Enum):
    EDIT = "edit"  # enter and change data: units, people, cases, scores, warnings
    EXCHANGE = "exchange"  # imports and exports, sync packages
    APPROVE = "approve"  # approve (and reopen) an assessment month
    PRINT = "print"  # make printed papers
    REVEAL = "reveal"  # see a full ID number or phone
    SETTINGS = "settings"  # rules, catalogues and lists of the township
    USERS = "users"  # accounts and the audit trail

    @property
    def label(self) -> str:
        return PERMISSION_LABELS[self]


PERMISSION_LABELS = {
    Permission.EDIT: "录入和修改数据",
    Permission.EXCHANGE: "导入导出",
    Permission.APPROVE: "审核考核",
    Permission.PRINT: "打印报表",
    Permission.REVEAL: "查看完整身份证号码和电话",
    Permission.SETTINGS: "修改设置",
    Permission.USERS: "管理用户和查看操作日志",
}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CLERK: frozenset(
        {Permission.EDIT, Permission.EXCHANGE, Permission.PRINT, Permission.REVEAL}
    ),
    Role.LEADER: frozenset({Permission.APPROVE, Permission.PRINT, Permission.REVEAL}),
    Role.VIEWER: frozenset(),
}


def may(actor: Actor | None, permission: Permission) -> bool:
    """Whether `actor` holds `permission`; None stands for set-up mode (no account yet). An
    account of one township in a county database changes no settings: they are the county's,
    for every township."""
    if actor is None:
        return True
    if permission is Permission.SETTINGS and actor.township_id is not None:
        return False
    return permission in GRANTS[Role(actor.role)]
