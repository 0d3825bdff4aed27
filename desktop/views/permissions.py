"""What the logged-in user's role lets the GUI offer: a button or action that the role may not use
is disabled (or hidden) and says which permission it needs.

The services refuse on their own as well; this is for the clerk's eyes. Set-up mode (a database
without accounts, `db.actor` None) allows everything. A page gates its actions in its
`apply_permissions()`, which it calls when built and which runs again when the user changes;
a control whose enabled state also follows the selection goes through `enable()`, so that the
selection never re-enables what the role forbids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from desktop.services.grants import Permission, Role, may

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from desktop.db import Database

    Gated = QWidget | QAction

_DENIED = "fengwang_denied"  # dynamic property: the role does not allow this control
_OWN_TIP = "fengwang_tooltip"  # the tooltip the control had before it was gated


def allowed(db: Database, permission: Permission) -> bool:
    """Whether whoever is logged in may use `permission` (always, in set-up mode)."""
    return may(db.actor, permission)


def needs_text(db: Database, *permissions: Permission) -> str:
    """Why a control is off: the first permission the logged-in user lacks, and who they are
    (only asked when one is lacking, so never in set-up mode)."""
    missing = next(p for p in permissions if not allowed(db, p))
    actor = db.actor
    assert actor is not None  # no account: set-up mode lacks nothing
    return QCoreApplication.translate(
        "permissions", "Needs the “{0}” permission (now: {1}, {2})"
    ).format(missing.label, actor.name, Role(actor.role).label)


def gate(
    db: Database,
    permission: Permission | tuple[Permission, ...],
    *targets: Gated,
    hide: bool = False,
) -> bool:
    """Disable (or hide) `targets` unless the user holds every permission given; a disabled one
    explains itself in its tooltip. Allowed again, a control gets back its own tooltip and is
    enabled (a page then applies its own conditions, such as a selection, through `enable`)."""
    wanted = permission if isinstance(permission, tuple) else (permission,)
    ok = all(allowed(db, p) for p in wanted)
    for target in targets:
        own_tip = target.property(_OWN_TIP)
        if own_tip is None:
            own_tip = target.toolTip()
            target.setProperty(_OWN_TIP, own_tip)
        target.setProperty(_DENIED, not ok)
        target.setToolTip(own_tip if ok else needs_text(db, *wanted))
        if hide:
            target.setVisible(ok)
        else:
            target.setEnabled(ok)
    return ok


def denied(target: QObject) -> bool:
    """Whether `gate` last found the role lacking for `target`."""
    return bool(target.property(_DENIED))


def enable(target: Gated, condition: bool) -> None:
    """Enable `target` when `condition` holds and the role allows it."""
    target.setEnabled(condition and not denied(target))
