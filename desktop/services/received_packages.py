"""The sync packages this database has imported: which township sent what, and when (the county
sees who sent what and when). Written by the import itself (desktop/exchange/sync.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from desktop.db import Database
from desktop.models.sync import ReceivedPackage


@dataclass(frozen=True)
class ReceivedInfo:
    township_code: str
    township_name: str
    exported_at: datetime
    imported_at: datetime
    imported_by: str  # the account, or 系统 before there is any
    added: int
    changed: int
    conflicts: int  # decided by the clerk during the import
    file_name: str


def list_received(db: Database, township_code: str | None = None) -> list[ReceivedInfo]:
    """Every package imported here (or those of one township), the newest import first."""
    query = select(ReceivedPackage).order_by(
        ReceivedPackage.imported_at.desc(), ReceivedPackage.id.desc()
    )
    if township_code:
        query = query.where(ReceivedPackage.township_code == township_code)
    with db.session() as session:
        return [
            ReceivedInfo(
                township_code=row.township_code,
                township_name=row.township_name,
                exported_at=row.exported_at,
                imported_at=row.imported_at,
                imported_by=row.imported_by,
                added=row.added,
                changed=row.changed,
                conflicts=row.conflicts,
                file_name=row.file_name,
            )
            for row in session.scalars(query)
        ]
