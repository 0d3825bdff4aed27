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

from desktop.collector import collector_paused
from desktop.db import Database
from desktop.services import jurisdiction
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

    def prepare_search(self) -> None:
        """Build what searching needs now (e.g. on a background thread), not on the first key."""
        self._search_keys()

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


# Portable SQL; dates cast to text so that SQLite and PostgreSQL both give ISO strings, which
# compare correctly and cost nothing to build.
PEOPLE_SQL = "SELECT id, name, name_initials, gender, citizen_id, phone FROM person"
HELD_SQL = (
    "SELECT person_id, unit_id, role_id, CAST(start_date AS VARCHAR(10)),"
    " CAST(end_date AS VARCHAR(10)) FROM assignment"
)


def count_people(db: Database) -> int:
    """How many people the roster holds (a whole county's, for an estimate of the load)."""
    return db.read_rows("SELECT COUNT(*) FROM person")[0][0]


def load_roster(db: Database, today: date | None = None, first: int | None = None) -> RosterIndex:
    """Read the roster with plain queries (no ORM objects: this runs at start-up).

    With `first`, only the first that many people (in registration order) are read: enough to
    fill a screen at once while the whole roster loads in the background.
    """
    with collector_paused():
        return _load_roster(db, today, first)


def _load_roster(db: Database, today: date | None, first: int | None) -> RosterIndex:
    if first is None:
        people = db.read_rows(f"{PEOPLE_SQL} ORDER BY id")
        rows = db.read_rows(HELD_SQL)
    else:
        people = db.read_rows(f"{PEOPLE_SQL} ORDER BY id LIMIT ?", (first,))
        last_id = people[-1][0] if people else 0
        rows = db.read_rows(f"{HELD_SQL} WHERE person_id <= ?", (last_id,))
    own = jurisdiction.own_unit_ids(db)
    all_rows = rows
    if own is not None:  # an account of one township: its people and their posts there
        rows = [row for row in rows if row[1] in own]
    held: dict[int, list[Held]] = {}
    for person_id, unit_id, role_id, start, end in rows:
        held.setdefault(person_id, []).append((unit_id, role_id, start, end))
    for assignments in held.values():
        if len(assignments) > 1:
            assignments.sort(key=lambda h: h[2])
    if own is not None:
        mine = jurisdiction.own_people(db, own, assignments=all_rows)
        people = [p for p in people if p[0] in mine]
    return RosterIndex(
        people,
        held,
        dict(db.read_rows("SELECT id, name FROM grid_unit")),
        dict(db.read_rows("SELECT id, name FROM role")),
        today,
    )
