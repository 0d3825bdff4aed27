"""Grid warnings in the county sync package: the 网格预警 sheet, what a warning's row carries
beyond plain fields (its dispatches, timeline and party-member duty reports, as JSON text), the
checks that such text is what this program writes, and the warning written back from a row. The
matching and applying are those of every record (desktop/exchange/sync_format.py,
sync_preview.py, sync.py).

A warning's parts have no identity of their own: they travel inside its row, so a warning is one
record, compared and taken as a whole (as a scheme version is, see sync_assessment.py). A warning
handled on both sides since the last exchange is therefore a conflict of the warning.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from desktop.exchange.sync_assessment import parsed, to_json
from desktop.models import (
    GridWarning,
    PartyReport,
    Person,
    SyncBase,
    WarningDispatch,
    WarningStep,
    WarningType,
)
from desktop.vocabulary import URGENCIES, WARNING_LEVELS, WarningAction, WarningStatus

LEVELS = tuple(level.value for level in WARNING_LEVELS)

# The sheet, as keyword arguments of sync_format.SheetSpec (format 4 brought it).
WARNING_SHEET: dict = {
    "kind": "warning",
    "title": "网格预警",
    "columns": (
        ("uid", "唯一标识"),
        ("township_uid", "乡镇标识"),
        ("number", "预警编号"),
        ("year", "年度"),
        ("seq", "序号"),
        ("reported_at", "上报时间"),
        ("unit_uid", "发生地标识"),
        ("warning_type", "预警类型"),
        ("urgency", "紧急程度"),
        ("description", "情况"),
        ("people_affected", "涉及人数"),
        ("reporter_uid", "报告人标识"),
        ("status", "状态"),
        ("level", "处置层级"),
        ("case_uid", "所转案件标识"),
        ("closed_at", "办结时间"),
        ("result", "办结结果"),
        ("dispatches", "派单"),
        ("steps", "办理经过"),
        ("party_reports", "党员报到"),
    ),
    "types": (
        ("year", "int"),
        ("seq", "int"),
        ("reported_at", "datetime"),
        ("urgency", URGENCIES),
        ("people_affected", "int"),
        ("status", tuple(WarningStatus)),
        ("level", LEVELS),
        ("closed_at", "datetime"),
    ),
    "required": (
        "uid",
        "township_uid",
        "number",
        "year",
        "seq",
        "reported_at",
        "unit_uid",
        "warning_type",
        "urgency",
        "description",
        "people_affected",
        "reporter_uid",
        "status",
        "level",
        "dispatches",
        "steps",
        "party_reports",
    ),
    "since": "4",
    "composite": ("dispatches", "steps", "party_reports"),
}

DISPATCH_FIELDS = (
    "target",
    "person_uid",
    "level",
    "dispatched_at",
    "response_due",
    "complete_due",
    "responded_at",
    "ended_at",
    "end_reason",
)
STEP_FIELDS = (
    "at",
    "actor",
    "action",
    "status_from",
    "status_to",
    "level_from",
    "level_to",
    "note",
)
REPORT_FIELDS = ("person_uid", "at", "work")
TIMES = ("dispatched_at", "response_due", "complete_due", "responded_at", "ended_at", "at")


def _stamp(value: object) -> object:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def warning_texts(warning: GridWarning, person_uid: dict[int, str]) -> dict[str, str]:
    """The dispatches, steps and party_reports fields of the warning's row."""
    return {
        "dispatches": to_json(
            [
                {
                    name: person_uid.get(d.person_id)
                    if name == "person_uid"
                    else _stamp(getattr(d, name))
                    for name in DISPATCH_FIELDS
                }
                for d in warning.dispatches
            ]
        ),
        "steps": to_json(
            [{name: _stamp(getattr(s, name)) for name in STEP_FIELDS} for s in warning.steps]
        ),
        "party_reports": to_json(
            [
                {"person_uid": person_uid[r.person_id], "at": _stamp(r.at), "work": r.work}
                for r in warning.party_reports
            ]
        ),
    }


def warning_people(rows: list[dict[str, str]]) -> set[str]:
    """The people the warnings name (reporters, dispatched persons, party members): they travel
    with them even if no longer in post."""
    found = {row["reporter_uid"] for row in rows}
    for row in rows:
        found |= {d["person_uid"] for d in json.loads(row["dispatches"]) if d["person_uid"]}
        found |= {r["person_uid"] for r in json.loads(row["party_reports"])}
    return found


# ------------------------------------------------------------------------------------- checking


def _time(value: object, *, empty: bool = False) -> bool:
    if value is None:
        return empty
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is None
    except ValueError:
        return False


def _text(value: object, column, *, empty: bool = False) -> bool:
    if value is None:
        return empty
    length = column.type.length
    return (
        isinstance(value, str) and (empty or bool(value)) and (not length or len(value) <= length)
    )


def _uid(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= SyncBase.__table__.c.uid.type.length


def _choice(value: object, allowed: tuple[str, ...], *, empty: bool = False) -> bool:
    return (empty and value is None) or value in allowed


def _dispatch_shape(item: object) -> bool:
    columns = WarningDispatch.__table__.c
    return (
        isinstance(item, dict)
        and tuple(item) == DISPATCH_FIELDS
        and _text(item["target"], columns.target)
        and (item["person_uid"] is None or _uid(item["person_uid"]))
        and _choice(item["level"], LEVELS)
        and all(_time(item[name]) for name in ("dispatched_at", "response_due", "complete_due"))
        and _time(item["responded_at"], empty=True)
        and _time(item["ended_at"], empty=True)
        and _text(item["end_reason"], columns.end_reason, empty=True)
    )


def _step_shape(item: object) -> bool:
    columns = WarningStep.__table__.c
    return (
        isinstance(item, dict)
        and tuple(item) == STEP_FIELDS
        and _time(item["at"])
        and _text(item["actor"], columns.actor)
        and _choice(item["action"], tuple(WarningAction))
        and _choice(item["status_from"], tuple(WarningStatus), empty=True)
        and _choice(item["status_to"], tuple(WarningStatus))
        and _choice(item["level_from"], LEVELS, empty=True)
        and _choice(item["level_to"], LEVELS)
        and isinstance(item["note"], str)
    )


def _report_shape(item: object) -> bool:
    return (
        isinstance(item, dict)
        and tuple(item) == REPORT_FIELDS
        and _uid(item["person_uid"])
        and _time(item["at"])
        and isinstance(item["work"], str)
    )


def _list_of(shape: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, list) and all(shape(item) for item in value)


# What a JSON field of the sheet must hold (see sync_format.SheetSpec.composite).
WARNING_SHAPES: dict[str, Callable[[object], bool]] = {
    "dispatches": _list_of(_dispatch_shape),
    "steps": _list_of(_step_shape),
    "party_reports": _list_of(_report_shape),
}


# -------------------------------------------------------------------------------------- writing


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def write_warning(writer, row: dict[str, str], added: bool) -> bool:
    """Write a warning row through sync's writer (its session, the units, people and cases it
    knows by uid); False, with the reason in the result, when something it names is missing."""
    session = writer.session
    township = writer.units.get(row["township_uid"])
    unit = writer.units.get(row["unit_uid"])
    reporter = writer.people.get(row["reporter_uid"])
    case = writer.cases.get(row["case_uid"]) if row["case_uid"] else None
    dispatches = parsed(row["dispatches"])
    reports = parsed(row["party_reports"])
    named = {d["person_uid"] for d in dispatches if d["person_uid"]}
    named |= {r["person_uid"] for r in reports}
    if (
        township is None
        or unit is None
        or reporter is None
        or (row["case_uid"] and case is None)
        or any(uid not in writer.people for uid in named)
    ):
        writer.result.skipped.append(
            f"网格预警 {row['number']}：所属单位、相关人员或所转案件未导入（见上面的冲突或跳过）"
        )
        return False
    warning = session.scalar(select(GridWarning).where(GridWarning.uid == row["uid"]))
    if warning is None:
        warning = GridWarning(uid=row["uid"])
    else:  # its parts are the package's
        warning.dispatches.clear()
        warning.steps.clear()
        warning.party_reports.clear()
        session.flush()
        # A form open on the warning here must see that it changed, even where only its parts
        # did (services.conflicts): one version more, as a step taken here gives it.
        warning.row_version += 1
    warning.township_id = township.id
    warning.year = int(row["year"])
    warning.seq = int(row["seq"])
    warning.number = row["number"]
    warning.reported_at = _when(row["reported_at"])
    warning.unit_id = unit.id
    warning.type_id = writer.named(WarningType, row["warning_type"]).id
    warning.urgency = row["urgency"]
    warning.description = row["description"]
    warning.people_affected = int(row["people_affected"])
    warning.reporter_id = reporter.id
    warning.status = row["status"]
    warning.level = row["level"]
    warning.case_id = case.id if case is not None else None
    warning.closed_at = _when(row["closed_at"])
    warning.result = row["result"]
    people: dict[str, Person] = writer.people
    warning.dispatches = [
        WarningDispatch(
            **{
                name: _when(d[name]) if name in TIMES else d[name]
                for name in DISPATCH_FIELDS
                if name != "person_uid"
            },
            person_id=people[d["person_uid"]].id if d["person_uid"] else None,
        )
        for d in dispatches
    ]
    warning.steps = [
        WarningStep(**{name: _when(s[name]) if name in TIMES else s[name] for name in STEP_FIELDS})
        for s in parsed(row["steps"])
    ]
    warning.party_reports = [
        PartyReport(person_id=people[r["person_uid"]].id, at=_when(r["at"]), work=r["work"])
        for r in reports
    ]
    writer.save(warning, added)
    return True
