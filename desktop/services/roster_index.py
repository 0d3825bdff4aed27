"""The roster as the table shows it: one row per person, searched and filtered in memory.

A township holds up to ~100,000 people over the years. Filtering must keep up with typing, so the
rows are held as parallel column lists and filtered with list comprehensions; masked and joined
texts are made only for the rows a view asks for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import String, cast, select

from desktop.db import Database
from desktop.models import Assignment, GridUnit, Person, Role
from desktop.services.identity import mask_id, mask_phone


class Status(StrEnum):
    ALL = "all"
    ACTIVE = "active"  # holds at least one matching role today
    ENDED = "ended"  # held matching roles, none today
    UNASSIGNED = "unassigned"  # never held a role


@dataclass(frozen=True)
class RosterFilter:
    units: frozenset[int] | None = None  # a subtree's unit ids; None for everywhere
    role_id: int | None = None
    status: Status = Status.ALL
    text: str = ""


# One assignment as the index keeps it: unit id, role id, start and end as ISO date strings.
Held = tuple[int, int, str, str | None]


def normalise_query(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


class RosterIndex:
    def __init__(
        self,
        people: list[tuple[int, str, str, str | None, str | None, str | None]],
        held: dict[int, list[Held]],
        unit_names: dict[int, str],
        role_names: dict[int, str],
        today: date | None = None,
    ) -> None:
        self.person_ids = [p[0] for p in people]
        self.names = [p[1] for p in people]
        self.initials = [p[2] for p in people]
        self.genders = [p[3] or "" for p in people]
        self.citizen_ids = [p[4] or "" for p in people]
        self.phones = [p[5] or "" for p in people]
        self.held = [held.get(pid, []) for pid in self.person_ids]
        self.unit_names = unit_names
        self.role_names = role_names
        self.today = (today or date.today()).isoformat()
        self._keys: list[str] | None = None
        self._last: tuple[RosterFilter, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.person_ids)

    def row_of(self, person_id: int) -> int | None:
        try:
            return self.person_ids.index(person_id)
        except ValueError:
            return None

    # -------------------------------------------------------------------------------- filtering

    def filter(self, wanted: RosterFilter) -> list[int]:
        """Row numbers that match, in index order. Typing on from the last query narrows its
        result instead of searching every row again."""
        text = normalise_query(wanted.text)
        wanted = RosterFilter(wanted.units, wanted.role_id, wanted.status, text)
        last = self._last
        if (
            last is not None
            and last[0].text
            and text.startswith(last[0].text)
            and (last[0].units, last[0].role_id, last[0].status)
            == (wanted.units, wanted.role_id, wanted.status)
        ):
            rows = last[1]
        else:
            rows = self._structural(wanted)
        if text:
            keys = self._search_keys()
            rows = [i for i in rows if text in keys[i]]
        self._last = (wanted, rows)
        return rows

    def _structural(self, wanted: RosterFilter) -> list[int]:
        units, role_id, status = wanted.units, wanted.role_id, wanted.status
        if units is None and role_id is None and status is Status.ALL:
            return list(range(len(self)))
        if status is Status.UNASSIGNED:
            return [i for i, held in enumerate(self.held) if not held]
        today = self.today

        def matching(held: list[Held]) -> list[Held]:
            return [
                h
                for h in held
                if (units is None or h[0] in units) and (role_id is None or h[1] == role_id)
            ]

        def active(h: Held) -> bool:
            return h[2] <= today and (h[3] is None or h[3] > today)

        rows = []
        for i, held in enumerate(self.held):
            if not held:
                continue
            found = matching(held)
            if not found:
                continue
            if status is Status.ALL or (status is Status.ACTIVE) == any(active(h) for h in found):
                rows.append(i)
        return rows

    def _search_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [
                f"{name}\x00{initials}\x00{cid.lower()}\x00{phone}"
                for name, initials, cid, phone in zip(
                    self.names, self.initials, self.citizen_ids, self.phones, strict=True
                )
            ]
        return self._keys

    # ---------------------------------------------------------------------------------- display

    def active_held(self, row: int) -> list[Held]:
        today = self.today
        return [h for h in self.held[row] if h[2] <= today and (h[3] is None or h[3] > today)]

    def status(self, row: int) -> Status:
        if not self.held[row]:
            return Status.UNASSIGNED
        return Status.ACTIVE if self.active_held(row) else Status.ENDED

    def shown_held(self, row: int) -> list[Held]:
        """Today's roles, or for someone who has left, the roles last held."""
        return self.active_held(row) or self.held[row]

    def roles_text(self, row: int) -> str:
        names = dict.fromkeys(self.role_names.get(h[1], "") for h in self.shown_held(row))
        return "、".join(names)

    def units_text(self, row: int) -> str:
        names = dict.fromkeys(self.unit_names.get(h[0], "") for h in self.shown_held(row))
        return "、".join(names)

    def since(self, row: int) -> str:
        held = self.shown_held(row)
        return min(h[2] for h in held) if held else ""

    def masked_id(self, row: int) -> str:
        return mask_id(self.citizen_ids[row])

    def masked_phone(self, row: int) -> str:
        return mask_phone(self.phones[row])

    def sort_key(self, field: str) -> Callable[[int], object]:
        """How to order rows by a displayed field; names sort by pinyin as clerks expect."""
        keys: dict[str, Callable[[int], object]] = {
            "name": lambda i: (self.initials[i].split(" ", 1)[0], self.names[i]),
            "gender": lambda i: self.genders[i],
            "citizen_id": lambda i: self.citizen_ids[i],
            "phone": lambda i: self.phones[i],
            "roles": self.roles_text,
            "units": self.units_text,
            "since": self.since,
            "status": lambda i: list(Status).index(self.status(i)),
        }
        return keys[field]


def load_roster(db: Database, today: date | None = None) -> RosterIndex:
    """Read the whole roster in four plain queries (no ORM objects: this runs at start-up)."""
    with db.session() as session:
        people = session.execute(
            select(
                Person.id,
                Person.name,
                Person.name_initials,
                Person.gender,
                Person.citizen_id,
                Person.phone,
            ).order_by(Person.id)
        ).all()
        held: dict[int, list[Held]] = {}
        # Dates as ISO strings: comparing them is cheap, and no date objects need building.
        rows = session.execute(
            select(
                Assignment.person_id,
                Assignment.unit_id,
                Assignment.role_id,
                cast(Assignment.start_date, String),
                cast(Assignment.end_date, String),
            ).order_by(Assignment.start_date, Assignment.id)
        )
        for person_id, unit_id, role_id, start, end in rows:
            held.setdefault(person_id, []).append((unit_id, role_id, start, end))
        unit_names = dict(session.execute(select(GridUnit.id, GridUnit.name)).tuples().all())
        role_names = dict(session.execute(select(Role.id, Role.name)).tuples().all())
    return RosterIndex([tuple(p) for p in people], held, unit_names, role_names, today)
