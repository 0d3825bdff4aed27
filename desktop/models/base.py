"""Declarative base and the columns every synchronised record carries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    """A stable identity that survives renames (county sync matches on it) and change times."""

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)
