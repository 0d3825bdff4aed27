"""Who may use the data (user accounts with a role) and what was done with it (the audit trail)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, now


class User(Base):
    """An account of this database. The password is kept only as a scrypt hash."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'clerk', 'leader', 'viewer')", name="role"),
        CheckConstraint("failed_logins >= 0", name="failed_logins"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    # The township the account works in; None for the county (or a one-township database).
    township_id: Mapped[int | None] = mapped_column(ForeignKey("grid_unit.id"))


class AuditEntry(Base):
    """One thing done, append-only. Each entry's hash covers its content and the hash of the one
    before it, so an edited or removed entry breaks the chain from there on."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_name: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(20), index=True)  # create, update, login …
    entity: Mapped[str] = mapped_column(String(40), index=True)  # a table name, or "" for a login
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(String(200), default="")  # a line for the viewer
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON: {field: [old, new]} or facts
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
