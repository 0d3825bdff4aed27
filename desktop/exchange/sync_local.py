"""This database's side of a sync exchange: its records as package rows (all of them, or those
a township's package carries), the bases agreed with each peer, and the order of the packages
imported from each. The rules are in desktop/exchange/sync.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import selectinload

from desktop.errors import FengwangError, RefusedError
from desktop.exchange.sync_assessment import scheme_texts
from desktop.exchange.sync_format import (
    CASE_PARTS,
    MONTH_PARTS,
    SHEET_BY_KIND,
    SHEETS,
    Row,
    SyncPackage,
    as_text,
    digest,
    entry_digests,
)
from desktop.exchange.sync_warnings import warning_people, warning_texts
from desktop.models import (
    AssessmentMonth,
    AssessmentScheme,
    Assignment,
    CaseCategory,
    DisputeCase,
    GridUnit,
    GridWarning,
    Level,
    Person,
    Role,
    SchemeRole,
    SchemeSection,
    Setting,
    SyncBase,
)
from desktop.models.sync import ReceivedPackage
from desktop.services.jurisdiction import ALL_TOWNSHIPS

OLDER_REFUSED = (
    "{township}（{code}）的这个同步包导出于 {theirs}，是较早的同步包：本机已导入过该乡镇 "
    "{ours} 导出的同步包，导入它会把记录退回到较早的状态，已拒绝导入。请使用该乡镇最新的同步包"
)
# Setting key of the exported_at of the last package imported from a peer (a township code)
LAST_IMPORT_KEY = "sync.last_import.{}"


def local_rows(session) -> dict[str, dict[str, Row]]:
    """Every record of this database as package rows, by kind and uid (in id order, so that a
    case's steps keep the order of its timeline)."""
    rows: dict[str, dict[str, Row]] = {spec.kind: {} for spec in SHEETS}
    units = session.scalars(select(GridUnit)).all()
    unit_uid = {unit.id: unit.uid for unit in units}
    _add(rows, "unit", units, lambda unit: {"parent_uid": unit_uid.get(unit.parent_id)})
    person_uid = _add(rows, "person", session.scalars(select(Person)))
    role_name = dict(session.execute(select(Role.id, Role.name)).all())
    _add(
        rows,
        "assignment",
        session.scalars(select(Assignment)),
        lambda item: {
            "person_uid": person_uid[item.person_id],
            "unit_uid": unit_uid[item.unit_id],
            "role": role_name[item.role_id],
        },
    )
    category_name = dict(session.execute(select(CaseCategory.id, CaseCategory.name)).all())
    case_uid = _add(
        rows,
        "case",
        _by_id(session, DisputeCase),
        lambda case: {
            "township_uid": unit_uid[case.township_id],
            "category": category_name[case.category_id],
            "unit_uid": unit_uid[case.unit_id],
            "reporter_uid": person_uid.get(case.reporter_id),
        },
    )
    for kind, model in CASE_PARTS.items():
        for item in _by_id(session, model):
            references = {"case_uid": case_uid[item.case_id]}
            if kind == "party":
                references["unit_uid"] = unit_uid.get(item.unit_id)
            elif kind == "case_mediator":
                references["person_uid"] = person_uid[item.person_id]
            rows[kind][item.uid] = _row(kind, item, **references)
    _assessment_rows(session, rows, unit_uid, person_uid)
    warnings = _by_id(
        session,
        GridWarning,
        selectinload(GridWarning.type),
        selectinload(GridWarning.dispatches),
        selectinload(GridWarning.steps),
        selectinload(GridWarning.party_reports),
    )
    _add(
        rows,
        "warning",
        warnings,
        lambda warning: {
            "township_uid": unit_uid[warning.township_id],
            "unit_uid": unit_uid[warning.unit_id],
            "warning_type": warning.type.name,
            "reporter_uid": person_uid[warning.reporter_id],
            "case_uid": case_uid.get(warning.case_id),
            **warning_texts(warning, person_uid),
        },
    )
    return rows


def _assessment_rows(
    session, rows: dict[str, dict[str, Row]], unit_uid: dict[int, str], person_uid: dict[int, str]
) -> None:
    """Scheme versions (their sections, items, bands and roles as JSON in the row), months and
    their parts. Parts are read as plain rows: a demo township has tens of thousands."""
    schemes = _by_id(
        session,
        AssessmentScheme,
        selectinload(AssessmentScheme.roles).selectinload(SchemeRole.role),
        selectinload(AssessmentScheme.sections).selectinload(SchemeSection.items),
        selectinload(AssessmentScheme.bands),
    )
    scheme_uid = _add(rows, "scheme", schemes, scheme_texts)
    month_uid = _add(
        rows,
        "month",
        _by_id(session, AssessmentMonth),
        lambda month: {
            "township_uid": unit_uid[month.township_id],
            "scheme_uid": scheme_uid[month.scheme_id],
            "entries": "",  # below, from the entries
        },
    )
    for kind, model in MONTH_PARTS.items():
        table = model.__table__.c
        stored = [name for name in SHEET_BY_KIND[kind].fields if name in table]
        references_too = ["month_id", *(["person_id"] if "person_id" in table else [])]
        query = select(*(table[name] for name in stored + references_too)).order_by(table.id)
        for item in session.execute(query):
            references = {"month_uid": month_uid[item.month_id]}
            if "person_id" in table:
                references["person_uid"] = person_uid[item.person_id]
            rows[kind][item.uid] = _row(kind, item, **references)
    digests = entry_digests(rows["score_entry"].values())
    for uid, row in rows["month"].items():
        row["entries"] = digests.get(uid, digests[""])


def _by_id(session, model: type, *options: Any) -> Iterable[Any]:
    return session.scalars(select(model).options(*options).order_by(model.id))


def _add(
    rows: dict[str, dict[str, Row]],
    kind: str,
    records: Iterable[Any],
    references: Callable[[Any], dict[str, object]] = lambda _record: {},
) -> dict[int, str]:
    """Each record as a row of `kind`, with the fields `references` gives it (other records'
    uids, names of catalogue entries); the records' uids by id, for the rows that name them."""
    uids = {}
    for record in records:
        uids[record.id] = record.uid
        rows[kind][record.uid] = _row(kind, record, **references(record))
    return uids


def _row(kind: str, record: object, **references: object) -> Row:
    row = {}
    for name in SHEET_BY_KIND[kind].fields:
        value = references[name] if name in references else getattr(record, name)
        row[name] = as_text(value)
    return row


def find_township(session, code: str | None) -> GridUnit:
    query = select(GridUnit).where(GridUnit.level == Level.TOWNSHIP.value)
    if code:
        query = query.where(GridUnit.code == code)
    townships = session.scalars(query.order_by(GridUnit.code)).all()
    if not townships:
        raise FengwangError(
            f"数据库中没有编码为 {code} 的乡镇(街道)。" if code else "数据库中还没有乡镇(街道)。"
        )
    if len(townships) > 1:
        codes = "、".join(f"{t.name}（{t.code}）" for t in townships)
        raise FengwangError(f"数据库中有多个乡镇(街道)：{codes}；请指定要导出哪一个。")
    return townships[0]


def package_rows(session, township: GridUnit) -> dict[str, list[Row]]:
    """The township's ancestors and subtree, the assignments there, the people holding them and
    those entered in its roster; its cases and assessment months with their parts, and every
    version of every scheme. Read whole, whoever asks (`township` is theirs to send): a case of
    the township may name a mediator from the county's roster."""
    session.info[ALL_TOWNSHIPS] = True
    local = local_rows(session)
    units = session.scalars(select(GridUnit)).all()
    by_id = {unit.id: unit for unit in units}
    children: dict[int | None, list[GridUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    chosen: list[GridUnit] = []
    ancestor = township.parent_id
    while ancestor is not None:
        chosen.insert(0, by_id[ancestor])
        ancestor = by_id[ancestor].parent_id
    stack = [township]
    while stack:  # depth first: every unit comes after its parent
        unit = stack.pop(0)
        chosen.append(unit)
        stack[:0] = sorted(children.get(unit.id, []), key=lambda u: u.code)
    unit_uids = {unit.uid for unit in chosen}
    assignments = [row for row in local["assignment"].values() if row["unit_uid"] in unit_uids]
    assignments.sort(key=lambda row: row["uid"])
    person_uids = {row["person_uid"] for row in assignments}
    # and the people entered in its roster, with a post or not
    person_uids |= set(session.scalars(select(Person.uid).where(Person.township_id == township.id)))
    cases = [row for row in local["case"].values() if row["township_uid"] == township.uid]
    case_uids = {row["uid"] for row in cases}
    parts = {
        kind: [row for row in local[kind].values() if row["case_uid"] in case_uids]
        for kind in CASE_PARTS
    }
    # a case names its reporter and mediators: they travel even if no longer in post here
    person_uids |= {row["reporter_uid"] for row in cases if row["reporter_uid"]}
    person_uids |= {row["person_uid"] for row in parts["case_mediator"]}
    months = [row for row in local["month"].values() if row["township_uid"] == township.uid]
    month_uids = {row["uid"] for row in months}
    month_parts = {
        kind: [row for row in local[kind].values() if row["month_uid"] in month_uids]
        for kind in MONTH_PARTS
    }
    # so do the workers a month scored, in post then
    for kind in ("score_entry", "score_result"):
        person_uids |= {row["person_uid"] for row in month_parts[kind]}
    warnings = [row for row in local["warning"].values() if row["township_uid"] == township.uid]
    person_uids |= warning_people(warnings)
    return {
        "unit": [local["unit"][unit.uid] for unit in chosen],
        "person": sorted((local["person"][uid] for uid in person_uids), key=lambda row: row["uid"]),
        "assignment": assignments,
        "case": cases,
        **parts,
        "scheme": list(local["scheme"].values()),
        "month": months,
        **month_parts,
        "warning": warnings,
    }


def record_bases(
    session, peer: str, rows: dict[str, list[Row]], *, replace_existing: bool = True
) -> None:
    """Remember each record's digest as what both sides last agreed on. An import replaces the
    bases; an export only seeds records that have none (see desktop/exchange/sync.py)."""
    table = SyncBase.__table__
    known = {
        uid: (base_id, value)
        for base_id, uid, value in session.execute(
            select(SyncBase.id, SyncBase.uid, SyncBase.digest).where(SyncBase.peer == peer)
        )
    }
    added, changed = [], []
    for kind, kind_rows in rows.items():
        if kind in MONTH_PARTS:  # decided by their month, whose digest covers the entries
            continue
        for row in kind_rows:
            value = digest(kind, row)
            base = known.get(row["uid"])
            if base is None:
                added.append({"peer": peer, "uid": row["uid"], "digest": value})
            elif replace_existing and base[1] != value:
                changed.append({"base_id": base[0], "new_digest": value})
    # Core statements: a package holds thousands of records, and ORM objects cost more than rows
    if added:
        session.execute(insert(table), added)
    if changed:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("base_id"))
            .values(digest=bindparam("new_digest")),
            changed,
        )


def refuse_older(session, package: SyncPackage) -> None:
    """Refuse a package exported before the last one imported from its peer."""
    last = session.get(Setting, LAST_IMPORT_KEY.format(package.peer))
    if last is not None and package.exported_at < datetime.fromisoformat(last.value):
        raise RefusedError(
            OLDER_REFUSED.format(
                township=package.manifest.township_name,
                code=package.peer,
                theirs=package.manifest.exported_at,
                ours=last.value,
            )
        )


def record_import(session, package: SyncPackage) -> None:
    """Remember when the package just imported was exported: an older one is refused after it."""
    session.merge(
        Setting(
            key=LAST_IMPORT_KEY.format(package.peer),
            value=package.exported_at.isoformat(sep=" "),
        )
    )


def place_under_county(session, package: SyncPackage) -> SyncPackage:
    """The package with the units above its township that this database holds under another uid
    (same code and level) named by the uid here, and left out.

    Each township makes its own county unit, so the county units of two townships' packages share
    a code but not a uid. The county's database keeps the one it has: a township's package only
    says where the township belongs, and one township's copy of the county must neither stop its
    township from landing (a code held by another uid) nor change what the others hang under."""
    units = {row["uid"]: row for row in package.rows["unit"]}
    township = next(
        (
            row
            for row in units.values()
            if row["code"] == package.peer and row["level"] == Level.TOWNSHIP.value
        ),
        None,
    )
    here = {
        (code, level): uid
        for code, level, uid in session.execute(select(GridUnit.code, GridUnit.level, GridUnit.uid))
    }
    held = set(here.values())
    renamed: dict[str, str] = {}
    ancestor = units.get(township["parent_uid"]) if township else None
    while ancestor is not None:
        local = here.get((ancestor["code"], ancestor["level"]))
        if ancestor["uid"] not in held and local is not None:
            renamed[ancestor["uid"]] = local
        ancestor = units.get(ancestor["parent_uid"])
    if not renamed:
        return package
    rows = {
        kind: [
            {
                name: renamed.get(value, value) if name.endswith("_uid") else value
                for name, value in row.items()
            }
            for row in kind_rows
            if not (kind == "unit" and row["uid"] in renamed)
        ]
        for kind, kind_rows in package.rows.items()
    }
    return replace(package, rows=rows)


def record_received(
    session,
    package: SyncPackage,
    *,
    added: int,
    changed: int,
    conflicts: int,
    at: datetime,
    by: str,
) -> None:
    """Add the package to the list of those received (who sent what and when). A Core insert:
    the import's own audit event tells of it, one entry is enough."""
    session.execute(
        insert(ReceivedPackage.__table__).values(
            township_code=package.peer,
            township_name=package.manifest.township_name,
            exported_at=package.exported_at,
            imported_at=at,
            imported_by=by,
            added=added,
            changed=changed,
            conflicts=conflicts,
            file_name=package.path.name,
        )
    )
