"""Refusing a save that would overwrite someone else's change (optimistic locking).

A form loads a record with its row version (desktop.models.base.SyncedMixin), the clerk edits
for minutes, and meanwhile another workstation (or an import) saves the same record. The save
then compares the version the form loaded with the record's current one and refuses, naming
what changed (the form's values against the current ones), who changed it and when (the audit
trail), so that the clerk reopens the record instead of silently undoing that change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import ConflictError
from desktop.models import AuditEntry
from desktop.models.base import SyncedMixin
from desktop.models.base import now as current_time
from desktop.services.audit import field_label

# An import (Core statements, no entry per record) logs one event for its entity.
CHANGE_ACTIONS = ("create", "update", "import")


def refuse_if_changed(
    session: Session,
    record: SyncedMixin,
    loaded: Any,
    fields: Sequence[str],
    *,
    title: str,
) -> None:
    """Raise ConflictError when `record` is no longer at the row version of `loaded` (the
    record's info as the form loaded it; None: the caller read nothing, nothing to check).

    The `fields` (columns of the record, attributes of `loaded` holding the same values) are
    compared to say what changed; `title` names the record ("张三 的记录")."""
    if loaded is None or loaded.row_version == record.row_version:
        return
    entity = record.__table__.name
    changed = [
        field_label(entity, name)
        for name in fields
        if getattr(loaded, name) != getattr(record, name)
    ]
    who, when = last_change(session, record)
    raise ConflictError(conflict_message(title, who, when, changed))


def last_change(session: Session, record: SyncedMixin) -> tuple[str | None, datetime]:
    """Who made the record's latest change (None when the trail does not say) and when."""
    table = record.__table__
    entity_id = str(record.id)
    entry = session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.entity == table.name,
            AuditEntry.action.in_(CHANGE_ACTIONS),
            or_(AuditEntry.entity_id == entity_id, AuditEntry.action == "import"),
            # entries and updated_at are stamped to the second by the same clock
            AuditEntry.at >= record.updated_at,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None:
        return None, record.updated_at
    return entry.user_name, entry.at


REOPEN = "请关闭此窗口，重新打开后再改。"


def conflict_message(
    title: str,
    who: str | None,
    when: datetime,
    changed: Sequence[str],
    *,
    advice: str = REOPEN,
) -> str:
    """保存未成功：<title>已被 <who> 于 <when> 修改（<changed>）。<advice>"""
    stamp = f"{when:%H:%M}" if when.date() == current_time().date() else f"{when:%Y-%m-%d %H:%M}"
    by = f"已被 {who} 于 {stamp} 修改" if who else f"已于 {stamp} 被修改"
    fields = f"（{'、'.join(changed)}）" if changed else ""
    return f"保存未成功：{title}{by}{fields}。{advice}"
