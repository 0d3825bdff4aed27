"""A month of warnings in figures, and party members' participation (党员报到) in it.

Definitions (a month runs from its first midnight to the next month's; see warnings.py for
"handled in time" and "response hours"):
- reported: warnings reported in the month; by_type and by_urgency split them (every type of the
  list appears, with 0 when none).
- dispatched: warnings first dispatched in the month.
- closed: warnings concluded in the month, closed or turned into a case (converted counts those).
- in_time_rate: of the warnings concluded in the month that had been dispatched, the share
  handled in time (0–1; None when there is none).
- median_response_hours: the median response hours of the warnings first responded to in the
  month (None when there is none).
- escalated: escalations (提级) made in the month.
- party_reports: duty reports made in the month; party_members: the party members who made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.db import Database
from desktop.models import Assignment, GridWarning, PartyReport, Person, WarningStep
from desktop.services.warnings import handled_in_time, month_span, response_hours
from desktop.vocabulary import (
    PARTY_MEMBER,
    URGENCIES,
    WarningAction,
    WarningStatus,
)


@dataclass(frozen=True)
class PartyParticipation:
    person_id: int
    name: str
    posts: str  # where they hold posts in the month, e.g. "青石村1组 微网格员"
    reports: int
    warnings: int  # distinct warnings reported on


@dataclass(frozen=True)
class WarningMonthStats:
    month: date  # its first day
    reported: int = 0
    dispatched: int = 0
    closed: int = 0
    converted: int = 0
    escalated: int = 0
    in_time: int = 0
    late: int = 0
    in_time_rate: float | None = None
    median_response_hours: float | None = None
    by_type: dict[str, int] = field(default_factory=dict)
    by_urgency: dict[str, int] = field(default_factory=dict)
    party_reports: int = 0
    party_members: int = 0
    participation: tuple[PartyParticipation, ...] = ()


def month_stats(db: Database, month: date, *, township_id: int | None = None) -> WarningMonthStats:
    """The month of `month` (any day of it), for one township or all in the database."""
    start, end = month_span(month)

    def within(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    types = [name for _id, name, _builtin in _types(db)]
    with db.session() as session:
        query = select(GridWarning).options(
            selectinload(GridWarning.type),
            selectinload(GridWarning.dispatches),
        )
        if township_id is not None:
            query = query.where(GridWarning.township_id == township_id)
        warnings = session.scalars(query).all()
        ids = {w.id for w in warnings}
        escalated = sum(
            1
            for warning_id in session.scalars(
                select(WarningStep.warning_id).where(
                    WarningStep.action == WarningAction.ESCALATE.value,
                    WarningStep.at >= start,
                    WarningStep.at < end,
                )
            )
            if warning_id in ids
        )
        participation = _participation(session, start, end, ids)
    reported = [w for w in warnings if within(w.reported_at)]
    by_type = dict.fromkeys(types, 0)
    by_urgency = dict.fromkeys(URGENCIES, 0)
    for warning in reported:
        by_type[warning.type.name] = by_type.get(warning.type.name, 0) + 1
        by_urgency[warning.urgency] += 1
    concluded = [w for w in warnings if within(w.closed_at)]
    judged = [handled_in_time(w.dispatches, w.closed_at) for w in concluded]
    in_time = judged.count(True)
    late = judged.count(False)
    waits = [
        response_hours(w.dispatches)
        for w in warnings
        if within(min((d.responded_at for d in w.dispatches if d.responded_at), default=None))
    ]
    reports = sum(p.reports for p in participation)
    return WarningMonthStats(
        month=start.date(),
        reported=len(reported),
        dispatched=sum(
            1 for w in warnings if w.dispatches and within(w.dispatches[0].dispatched_at)
        ),
        closed=len(concluded),
        converted=sum(1 for w in concluded if w.status == WarningStatus.CONVERTED.value),
        escalated=escalated,
        in_time=in_time,
        late=late,
        in_time_rate=in_time / (in_time + late) if in_time + late else None,
        median_response_hours=float(median(waits)) if waits else None,
        by_type=by_type,
        by_urgency=by_urgency,
        party_reports=reports,
        party_members=sum(1 for p in participation if p.reports),
        participation=participation,
    )


def _types(db: Database) -> list[tuple]:
    return db.read_rows("SELECT id, name, builtin FROM warning_type ORDER BY sort_order, id")


def _participation(
    session: Session, start: datetime, end: datetime, warning_ids: set[int]
) -> tuple[PartyParticipation, ...]:
    """Every party member in post in the month (and any other who reported), with their reports:
    a member who never reported shows 0, which is what a secretary looks for."""
    first, last = start.date(), (end - timedelta(days=1)).date()
    posts = session.execute(
        select(Person.id, Person.name, Assignment)
        .join(Assignment, Assignment.person_id == Person.id)
        .options(selectinload(Assignment.unit), selectinload(Assignment.role))
        .where(
            Person.political_status == PARTY_MEMBER,
            Assignment.start_date <= last,
            # held some day of the month: the end date is the first day out of post
            (Assignment.end_date.is_(None)) | (Assignment.end_date > first),
        )
    ).all()
    names: dict[int, str] = {}
    held: dict[int, list[str]] = {}
    for person_id, name, post in posts:
        names[person_id] = name
        held.setdefault(person_id, []).append(f"{post.unit.name} {post.role.name}")
    counts: dict[int, list[int]] = {}
    for person_id, name, warning_id in session.execute(
        select(PartyReport.person_id, Person.name, PartyReport.warning_id)
        .join(Person, Person.id == PartyReport.person_id)
        .where(PartyReport.at >= start, PartyReport.at < end)
    ):
        if warning_id in warning_ids:
            names[person_id] = name
            counts.setdefault(person_id, []).append(warning_id)
    found = [
        PartyParticipation(
            person_id,
            names[person_id],
            "、".join(sorted(set(held.get(person_id, [])))),
            len(counts.get(person_id, [])),
            len(set(counts.get(person_id, []))),
        )
        for person_id in names
    ]
    return tuple(sorted(found, key=lambda p: (-p.reports, p.name, p.person_id)))


def party_participation(
    db: Database, month: date, *, township_id: int | None = None
) -> tuple[PartyParticipation, ...]:
    """Party members' duty reports in the month of `month`, most active first."""
    return month_stats(db, month, township_id=township_id).participation
