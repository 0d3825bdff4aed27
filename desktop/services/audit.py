"""The audit trail: who did what, when, to which record, field by field — append-only and chained.

Each entry's hash covers its own content and the hash of the entry before it (the first follows
GENESIS), so editing or deleting an entry breaks the chain from that entry on; `verify_chain`
finds the first broken one.

`log_event` records what no table change shows: log-ins, reveals of a full ID number, imports,
exports, printed papers with full details. Changes to records are written by the session hook
(see `install_hook`), in the same transaction as the change itself.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop.models.base import now as current_time
from desktop.models.trust import AuditEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.db import Database

GENESIS = "0" * 64
SETUP_ACTOR = "系统"  # desktop.services.access.SETUP_ACTOR (access imports this module)


def entry_hash(
    prev_hash: str,
    at: datetime,
    user_name: str,
    action: str,
    entity: str,
    entity_id: str,
    summary: str,
    detail: str,
) -> str:
    """The hash that chains an entry to the one before it."""
    content = json.dumps(
        [prev_hash, at.isoformat(), user_name, action, entity, entity_id, summary, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    user_name: str,
    action: str,
    entity: str = "",
    entity_id: str | int = "",
    summary: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry, chained to the last, to the session's transaction."""
    last = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    # entries added in this same flush are not in the table yet: chain to the newest of them
    pending = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    prev_hash = pending[-1].hash if pending else (last or GENESIS)
    when = at or current_time()
    text = json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True) if detail else ""
    summary = summary[:200]
    entry = AuditEntry(
        at=when,
        user_name=user_name,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        detail=text,
        prev_hash=prev_hash,
        hash=entry_hash(prev_hash, when, user_name, action, entity, str(entity_id), summary, text),
    )
    session.add(entry)
    return entry


def log_event(
    db: Database,
    action: str,
    *,
    entity: str = "",
    entity_id: str | int = "",
    summary: str = "",
    detail: dict[str, Any] | None = None,
    user_name: str | None = None,
) -> None:
    """Record an event that changes no record (a log-in, a reveal, an import, an export, a
    printed paper with full details) in a transaction of its own."""
    who = user_name or (db.actor.name if db.actor is not None else SETUP_ACTOR)
    with db.session() as session:
        append(
            session,
            user_name=who,
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
            detail=detail,
        )
