"""Declarative base and the columns every synchronised record carries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints keep migrations portable (SQLite batch mode and PostgreSQL alike).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_uid() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


class SyncedMixin:
    """A stable identity that survives renames (county sync matches on it), change times, and a
    row version for optimistic locking.

    Several workstations may share one database: every ORM UPDATE of such a record carries
    `WHERE row_version = <the version read>` and bumps it, so a write based on a stale read fails
    (StaleDataError, turned into desktop.errors.ConflictError by Database.session) instead of
    silently overwriting. Bulk Core UPDATEs must bump it themselves (`row_version + 1`). Named
    `row_version`, not `version`: an assessment scheme's `version` is its edition.
    """

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)
    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}
