"""Errors a user may see. Messages are Chinese sentences meant to be shown as they are."""

from __future__ import annotations


class FengwangError(Exception):
    """Anything that went wrong in a way a user can understand and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(FengwangError):
    """Input that cannot be saved; `fields` maps a field name to what is wrong with it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("；".join(fields.values()))
        self.fields = dict(fields)


class NotFoundError(FengwangError):
    pass


class RefusedError(FengwangError):
    """A rule of the trade forbids the action (e.g. deleting a unit that still has people)."""


class DatabaseError(FengwangError):
    """The database cannot be opened, upgraded or trusted."""


class ConflictError(RefusedError):
    """The record was changed by someone else (another workstation, an import) since it was
    read for this change: nothing was saved, and the message says what changed, by whom, when."""


class ConnectionLost(DatabaseError):
    """The database server could not be reached (network, server restarted): nothing of this
    step was saved, and trying again once the server answers is safe."""
