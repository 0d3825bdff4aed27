"""The typed ORM, one module per domain."""

from desktop.models.assessment import (
    AssessmentEvent,
    AssessmentMonth,
    AssessmentScheme,
    GradeBandRow,
    SchemeItem,
    SchemeRole,
    SchemeSection,
    ScoreEntry,
    ScoreResult,
)
from desktop.models.base import Base
from desktop.models.disputes import (
    Agreement,
    CaseCategory,
    CaseMediator,
    CaseParty,
    CaseStep,
    DisputeCase,
    FollowUp,
    MediationSession,
    MediatorSpecialty,
    Setting,
)
from desktop.models.grid import GridUnit, Level
from desktop.models.people import Assignment, Person, Role
from desktop.models.sync import SyncBase
from desktop.models.trust import AuditEntry, User
from desktop.models.warnings import (
    GridWarning,
    PartyReport,
    WarningDispatch,
    WarningStep,
    WarningType,
)

__all__ = [
    "Agreement",
    "AssessmentEvent",
    "AssessmentMonth",
    "AssessmentScheme",
    "Assignment",
    "AuditEntry",
    "Base",
    "CaseCategory",
    "CaseMediator",
    "CaseParty",
    "CaseStep",
    "DisputeCase",
    "FollowUp",
    "GradeBandRow",
    "GridUnit",
    "GridWarning",
    "Level",
    "MediationSession",
    "MediatorSpecialty",
    "PartyReport",
    "Person",
    "Role",
    "SchemeItem",
    "SchemeRole",
    "SchemeSection",
    "ScoreEntry",
    "ScoreResult",
    "Setting",
    "SyncBase",
    "User",
    "WarningDispatch",
    "WarningStep",
    "WarningType",
]
