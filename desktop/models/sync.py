"""What this database knew of each record at the last exchange with a peer (county sync)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, now


class SyncBase(Base):
    """The digest of a record's synced fields when it last went out or came in for a peer.

    A record whose digest here still equals the local one has not changed on this side since that
    exchange; one whose package digest equals it has not changed on the other side.
    """

    __tablename__ = "sync_base"
    __table_args__ = (UniqueConstraint("peer", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer: Mapped[str] = mapped_column(String(32))
    uid: Mapped[str] = mapped_column(String(36))
    digest: Mapped[str] = mapped_column(String(64))
    exchanged_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)


class ReceivedPackage(Base):
    """A sync package imported here: which township sent it, when it was exported and imported,
    by whom, and what it brought. The county sees who sent what and when."""

    __tablename__ = "received_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    township_code: Mapped[str] = mapped_column(String(32), index=True)  # SyncBase.peer
    township_name: Mapped[str] = mapped_column(String(60))
    exported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(40))
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    conflicts: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
