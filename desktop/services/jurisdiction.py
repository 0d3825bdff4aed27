"""The township an account works in (its 辖区), and how everything it reads is kept to it.

A county database holds many townships. An account tied to one of them (app_user.township_id)
works in that township only: whoever logs in with it lists, edits, exports and prints only what
belongs there. A county account (no township) sees them all.

Reads through the ORM are narrowed in one place: every ORM SELECT of a session made for such an
account gets a WHERE for each kind of record (SQLAlchemy's global criteria, see `_narrow`), so a
record of another township is simply not found, whichever screen or command asks. The few bulk
reads that go straight through the driver (`Database.read_rows`) filter with `own_unit_ids`,
`visible_unit_ids` and `own_people`.

What belongs to a township:
- its grid units (the township and everything below it); the county above it can be read (its
  name heads papers) but not changed;
- the people entered in its roster (person.township_id) and anyone holding or having held a post
  in one of its units;
- its cases, warnings and assessment months, with everything recorded under them;
- its accounts, and what they did (the audit trail's entries under their names; checking the
  whole trail's chain still reads every entry).
The lists the county decides (roles, categories, warning types, assessment schemes) and the
settings are shared.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from desktop.errors import RefusedError
from desktop.vocabulary import Level

if TYPE_CHECKING:  # SQLAlchemy is loaded only where the ORM is used: start-up reads without it
    from sqlalchemy.orm import ORMExecuteState, Session
    from sqlalchemy.sql import Select

    from desktop.db import Database
    from desktop.models import GridUnit

# Levels below a township, at most: village → grid → micro-grid.
DEPTH = 3

# An execution option (or a session's info key) for the reads that must see the whole database
# whoever asks: that a name or an ID number is not taken already, for instance, or the records a
# township's sync package must carry. What such a read finds is not shown beyond what it is for.
ALL_TOWNSHIPS = "all_townships"
EVERYWHERE = {ALL_TOWNSHIPS: True}  # .execution_options(**EVERYWHERE)


def township_of(db: Database) -> int | None:
    """The township the acting account works in; None for the county (and before a log-in)."""
    actor = db.actor
    return actor.township_id if actor is not None else None


def own_units(township_id: int) -> Select:
    """The ids of the township and every unit below it, as a subquery (plain tables, so that the
    criteria below do not apply to themselves)."""
    from sqlalchemy import select, union_all

    from desktop.models import GridUnit

    unit = GridUnit.__table__
    levels = [select(unit.c.id).where(unit.c.id == township_id)]
    for _ in range(DEPTH):
        levels.append(select(unit.c.id).where(unit.c.parent_id.in_(levels[-1])))
    return select(union_all(*levels).subquery().c.id)


Links = Iterable[tuple[int, int | None]]  # (unit id, parent id) of every unit


def own_unit_ids(
    db: Database, session: Session | None = None, *, links: Links | None = None
) -> set[int] | None:
    """The units the acting account may change; None when it may change them all. Read in
    `session` when given, else from `links` when the caller has read them already, else with a
    plain query (no ORM: the roster at start-up)."""
    township = township_of(db)
    if township is None:
        return None
    if session is not None:
        return set(session.scalars(own_units(township)))
    from desktop.services.lookups import subtree_ids

    return subtree_ids(_links(db, links), township)


def visible_unit_ids(db: Database, *, links: Links | None = None) -> set[int] | None:
    """The units the acting account sees: its own and those above its township."""
    township = township_of(db)
    if township is None:
        return None
    from desktop.services.lookups import subtree_ids

    parents = dict(_links(db, links))
    seen = subtree_ids(parents.items(), township)
    above = parents.get(township)
    while above is not None:
        seen.add(above)
        above = parents.get(above)
    return seen


def own_people(
    db: Database, own: set[int], *, assignments: Iterable[tuple] | None = None
) -> set[int]:
    """The ids of the people of the township whose units are `own` (for the bulk reads that do
    not go through the ORM; the same rule as the criteria below). `assignments`: rows starting
    with (person id, unit id), when the caller has read them already."""
    if assignments is None:
        assignments = db.read_rows("SELECT person_id, unit_id FROM assignment")
    held = {row[0] for row in assignments if row[1] in own}
    return held | {
        person
        for person, township in db.read_rows("SELECT id, township_id FROM person")
        if township in own
    }


def _links(db: Database, links: Links | None) -> Links:
    return db.read_rows("SELECT id, parent_id FROM grid_unit") if links is None else links


def home_township(session: Session) -> int | None:
    """The township whose roster a person entered now belongs to: the acting account's, else
    the only township of the database (None in a county database: their first post decides)."""
    township = township_of(session.info["db"])
    if township is not None:
        return township
    from sqlalchemy import select

    from desktop.models import GridUnit

    unit = GridUnit.__table__
    found = session.execute(
        select(unit.c.id).where(unit.c.level == Level.TOWNSHIP.value).limit(2)
    ).all()
    return found[0][0] if len(found) == 1 else None


def township_above(session: Session, unit: GridUnit) -> int | None:
    """The township a unit is in (itself for a township; None for the county)."""
    while unit is not None and unit.level != Level.TOWNSHIP.value:
        unit = session.get(type(unit), unit.parent_id) if unit.parent_id is not None else None
    return unit.id if unit is not None else None


def refuse_outside(session: Session, unit_id: int | None, what: str = "") -> None:
    """Refuse, in Chinese, a change to a unit outside the acting account's township."""
    db = session.info["db"]
    own = own_unit_ids(db, session)
    if own is None or unit_id in own:
        return
    actor = db.actor
    raise RefusedError(
        f"{actor.name} 只能修改本乡镇的数据{f'，不能修改{what}' if what else ''}。"
        "如确需修改，请县综治中心的账户办理。"
    )


def require_county(db: Database, what: str) -> None:
    """Refuse, in Chinese, what only a county account does (what the county receives from or
    sends to every township)."""
    if township_of(db) is not None:
        raise RefusedError(f"{what}由县级账户办理；{db.actor.name} 是本乡镇的账户。")


@lru_cache(maxsize=8)
def _criteria(township_id: int) -> dict[type, object]:
    """model → the WHERE that keeps a query of it to the township (made once per township: a
    SQL expression serves any number of statements)."""
    from sqlalchemy import or_, select

    from desktop.models import (
        Agreement,
        AssessmentEvent,
        AssessmentMonth,
        Assignment,
        CaseMediator,
        CaseParty,
        CaseStep,
        DisputeCase,
        FollowUp,
        GridUnit,
        GridWarning,
        MediationSession,
        PartyReport,
        Person,
        ScoreEntry,
        ScoreResult,
        WarningDispatch,
        WarningStep,
    )
    from desktop.models.trust import AuditEntry, User

    def ids_of(model) -> Select:  # a plain table: the criteria do not apply to themselves
        table = model.__table__
        return select(table.c.id).where(table.c.township_id == township_id)

    units = own_units(township_id)
    assignment, unit = Assignment.__table__, GridUnit.__table__
    held = select(assignment.c.person_id).where(assignment.c.unit_id.in_(units))
    above = select(unit.c.parent_id).where(unit.c.id == township_id)  # the county
    accounts = select(User.__table__.c.name).where(User.__table__.c.township_id == township_id)
    where: dict[type, object] = {
        GridUnit: or_(GridUnit.id.in_(units), GridUnit.id.in_(above)),
        Assignment: Assignment.unit_id.in_(units),
        Person: or_(Person.township_id == township_id, Person.id.in_(held)),
        User: User.township_id == township_id,
        AuditEntry: AuditEntry.user_name.in_(accounts),
    }
    for model in (DisputeCase, GridWarning, AssessmentMonth):
        where[model] = model.township_id == township_id
    for parts, column, owner in (
        (
            (CaseParty, CaseStep, CaseMediator, MediationSession, Agreement, FollowUp),
            "case_id",
            DisputeCase,
        ),
        ((WarningDispatch, WarningStep, PartyReport), "warning_id", GridWarning),
        ((ScoreEntry, AssessmentEvent, ScoreResult), "month_id", AssessmentMonth),
    ):
        for model in parts:
            where[model] = getattr(model, column).in_(ids_of(owner))
    return where


def _narrow(state: ORMExecuteState) -> None:
    """Narrow what a query asks for: the entities it selects (and counts) are kept to the
    township. What a record found refers to, loaded with it or later, is loaded whole: the
    mediator of one of its cases may be on another township's roster, and the case shows the
    name (the mediator's own record stays out of reach)."""
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get(ALL_TOWNSHIPS) or state.session.info.get(ALL_TOWNSHIPS):
        return
    db = state.session.info.get("db")
    township = township_of(db) if db is not None else None
    if township is None:
        return
    from sqlalchemy import Table
    from sqlalchemy.orm import with_loader_criteria
    from sqlalchemy.sql import visitors

    # The tables the statement names anywhere (its entities, FROM, a join to a model, a
    # subquery); not those its loader options reach, nor a join along a relationship, which the
    # statement's own records (already narrowed) lead to.
    named = {element for element in visitors.iterate(state.statement) if isinstance(element, Table)}
    selected = {mapper.class_ for mapper in state.all_mappers}
    state.statement = state.statement.options(
        *(
            with_loader_criteria(model, where, include_aliases=True, propagate_to_loaders=False)
            for model, where in _criteria(township).items()
            if model in selected or model.__table__ in named
        )
    )


def install() -> None:
    """Narrow the sessions of township accounts (desktop.db.Database makes its sessions after
    calling this)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "do_orm_execute", _narrow):
        event.listen(Session, "do_orm_execute", _narrow)
