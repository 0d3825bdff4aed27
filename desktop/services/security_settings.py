"""How long a session may sit idle before the window locks (security.idle_minutes)."""

from __future__ import annotations

from desktop.db import Database
from desktop.errors import ValidationError
from desktop.models import Setting
from desktop.services import access
from desktop.services.access import Permission

IDLE_KEY = "security.idle_minutes"
DEFAULT_IDLE_MINUTES = 15
IDLE_LIMITS = (1, 240)


def idle_minutes(db: Database) -> int:
    """The idle time before the lock; read without the ORM, since the main window asks at start."""
    rows = db.read_rows("SELECT value FROM setting WHERE key = ?", (IDLE_KEY,))
    stored = rows[0][0] if rows else ""
    low, high = IDLE_LIMITS
    if stored.isdigit() and low <= int(stored) <= high:
        return int(stored)
    return DEFAULT_IDLE_MINUTES


def save_idle_minutes(db: Database, minutes: int) -> None:
    access.require(db, Permission.SETTINGS)
    low, high = IDLE_LIMITS
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        raise ValidationError({"idle_minutes": f"自动锁定时间应为 {low}～{high} 分钟"})
    with db.session() as session:
        session.merge(Setting(key=IDLE_KEY, value=str(minutes)))
