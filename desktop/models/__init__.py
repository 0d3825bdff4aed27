"""The typed ORM, one module per domain."""

from desktop.models.base import Base
from desktop.models.grid import GridUnit, Level
from desktop.models.people import Assignment, Person, Role
from desktop.models.sync import SyncBase

__all__ = ["Assignment", "Base", "GridUnit", "Level", "Person", "Role", "SyncBase"]
