"""County sync package: one workbook that carries a township's grid, people and assignments,
its dispute cases with their parties, mediators, timeline, sessions, agreement and follow-ups,
and its monthly assessment: every version of every scheme, and its months with their entries,
history and approved results.

Townships and the county exchange these workbooks by USB stick or e-mail. Every record travels
with its stable uid, so a renamed unit or a corrected name is still the same record; references
between sheets are uids too (roles by name, since role catalogues are not synchronised).

Rules worth knowing:
- Peer. Bases ("what both sides last agreed on") are kept per peer, and the peer is the township
  code of the package: a township exchanges with its county only, and a county keeps one base per
  township. Importing records the bases. Exporting only seeds a base for a record that has none
  yet (first contact): a package may never arrive, or arrive after the other side has sent its
  own, so what was sent is not yet agreed. Were it recorded, an edit made here and sent would
  look unchanged against the base, and the other side's older copy would silently overwrite it.
- Classification of a record of the package against this database, by uid:
  absent here → added; same content → unchanged; only the other side changed since the last
  exchange → changed (applied); only this side changed → local_only (ours is kept); both
  changed → conflict. On the first exchange with a peer there is no base, so a record present on
  both sides with different content is a conflict: nobody can tell which side is newer.
- A person whose citizen ID (or a unit whose code) belongs to a different uid here is a conflict
  too; it can only be resolved "ours" (the incoming record is skipped) until the duplicate is
  merged or corrected by hand.
- Roles named in the package that this database does not know are created (not built in); so
  are case categories (a case carries its category by name).
- A case's steps, mediation sessions and follow-up visits are history: one that is new here is
  added, one already here is left as it is (never a change, never a conflict). The case itself,
  its parties, mediators and agreement are records like the others. A case number (or, for an
  agreement, its case) held here by a record of another uid is a conflict resolved only "ours".
- A case's parts travel with it. When the case here is kept (changed only here, a conflict
  resolved "ours", or the case left out), none of its parts from the package is written: their steps would tell of a
  state the case is not in (a 调解不成 step under a case still 调解中). Their bases are not
  recorded either, so that they still come as added or changed once the case is taken.
- County. A county database holds many townships, each its own peer. Every township makes its
  own county unit, so the units above a package's township may be held here under another uid
  with the same code and level: the one here is kept and the package's rows are taken as naming
  it (sync_local.place_under_county). So the second township's package lands like the first, and
  no township's copy of the county changes what the others hang under. Every package imported is
  listed with who imported it and what it brought (ReceivedPackage: who sent what and when).
- Order. Packages from a peer must arrive in the order they were exported: one exported before
  the last package imported from that peer is refused (it would roll the records it changed back
  to an older state). The same package again is no older, and re-importing it stays harmless.
- Assessment. A scheme version is one record: its sections, items, bands and roles travel inside
  its row as JSON (desktop/exchange/sync_assessment.py). A frozen version (a month approved with
  it) never changes: one arriving with other content is a conflict resolved only "ours" (the
  clerk is told to save the edit as a new version); freezing itself is one way, so a version
  that differs only in being frozen is taken from the side where it is frozen. A month carries
  the digest of its entries (各项得分校验码), so an entry edited on one side and the month
  approved on the other is a conflict of the month. A month's entries, history and results are
  its parts, written only when the month is taken, like a case's; entries and results are never
  decided on their own (no base, no conflict of their own), and a month taken keeps exactly the
  entries and results of the package: an emptied cell, or results dropped by a reopening, go too.
  Its history (events) is append-only like a case's steps.
- Warnings. A grid warning is one record: its dispatches, timeline and party-member duty
  reports travel inside its row as JSON (desktop/exchange/sync_warnings.py).
- Format 2 added the case sheets, format 3 the assessment sheets, format 4 the warnings; older
  packages still import.
- Deletions. The only synchronised records the app deletes are empty grid units (people,
  cases, warnings and months are never deleted; a month's entries and results go with it, as
  above). A package holds its township's whole subtree, so a unit of that township that was
  exchanged with it before (it has a base) and is missing from its package was deleted there:
  the preview lists it as 对方删除 and applying deletes it here, unless it was changed here since
  (kept, 本机修改) or something here still needs it (kept, and the result says why). Any other
  record missing from a package is left alone.
- Re-importing a package changes nothing; applying is one transaction.

The package carries full citizen IDs of people and of case parties (the county needs them), so
its manifest is marked 内部资料.

The work is split by step: sync_format.py (the sheets, the manifest, digests and checksum),
sync_local.py (this database's records as rows, the bases, the order of packages), sync_export.py
(writing a package), sync_read.py (reading and checking one), sync_preview.py (classifying its
records). This module applies a previewed package, and is where callers import all of it from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import delete, func, insert, select

from desktop.db import Database
from desktop.errors import FengwangError, RefusedError
from desktop.exchange.sync_assessment import fill_scheme
from desktop.exchange.sync_export import export_sync_package
from desktop.exchange.sync_format import (
    BOOLEANS,
    CASE_PARTS,
    MODELS,
    MONTH_PARTS,
    OWNER,
    SHEET_BY_KIND,
    SHEETS,
    Row,
    SyncManifest,
    SyncPackage,
    as_text,
    checksum,
)
from desktop.exchange.sync_local import (
    place_under_county,
    record_bases,
    record_import,
    record_received,
)
from desktop.exchange.sync_preview import (
    ADDED,
    CHANGED,
    CONFLICT,
    DELETED,
    FROZEN_CHANGED,
    HELD_MONTH_IF_OURS,
    HELD_REASON,
    LOCAL_ONLY,
    OURS,
    STATUS_LABELS,
    THEIRS,
    UNCHANGED,
    RecordChange,
    SyncPreview,
    classify,
    label,
    preview_sync,
)
from desktop.exchange.sync_read import CHECKSUM_REFUSED, read_sync_package
from desktop.exchange.sync_warnings import write_warning
from desktop.models import (
    AssessmentMonth,
    AssessmentScheme,
    CaseCategory,
    Level,
    Role,
    ScoreEntry,
    ScoreResult,
    SyncBase,
    WarningType,
)
from desktop.models.base import now as current_time
from desktop.services import access, audit, jurisdiction
from desktop.services.access import Permission
from desktop.services.grid import why_kept
from desktop.services.pinyin import initials

__all__ = [
    "ADDED",
    "CHANGED",
    "CHECKSUM_REFUSED",
    "CONFLICT",
    "FROZEN_CHANGED",
    "HELD_MONTH_IF_OURS",
    "HELD_REASON",
    "LOCAL_ONLY",
    "OURS",
    "SHEETS",
    "SHEET_BY_KIND",
    "STATUS_LABELS",
    "THEIRS",
    "UNCHANGED",
    "RecordChange",
    "SyncManifest",
    "SyncPackage",
    "SyncPreview",
    "SyncResult",
    "apply_sync",
    "checksum",
    "export_sync_package",
    "preview_sync",
    "read_sync_package",
]

_text = as_text  # the name the sync tests rebuild package rows with


@dataclass
class SyncResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_ours: int = 0
    deleted: int = 0  # units the township deleted since the last exchange
    skipped: list[str] = field(default_factory=list)  # why a record was left out, in Chinese
    roles_created: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    warning_types_created: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _apply(
    db: Database,
    package: SyncPackage,
    preview: SyncPreview,
    resolutions: dict[str, str],
    at: datetime,
) -> SyncResult:
    bad = {uid: choice for uid, choice in resolutions.items() if choice not in (OURS, THEIRS)}
    if bad:
        raise FengwangError(
            f"冲突的处理方式只能是 ours（保留本机）或 theirs（采用对方），收到：{bad}"
        )
    open_conflicts = [r for r in preview.conflicts if r.uid not in resolutions]
    if open_conflicts:
        raise RefusedError(
            f"还有 {len(open_conflicts)} 条冲突未处理（保留本机或采用对方），同步未执行，数据未改动。"
        )
    blocked = [
        r for r in preview.conflicts if not r.theirs_allowed and resolutions[r.uid] == THEIRS
    ]
    if blocked:
        names = "、".join(r.label for r in blocked[:5])
        raise RefusedError(
            f"{len(blocked)} 条冲突不能采用对方的记录（{names}）：{blocked[0].reason}。"
            "请先在本机合并或更正，或选择保留本机。"
        )
    result = SyncResult()
    with db.session() as session:
        package = place_under_county(session, package)
        current = classify(session, package)
        if [(r.uid, r.status) for r in current.records] != [
            (r.uid, r.status) for r in preview.records
        ]:
            raise RefusedError("预览之后本机数据已有变动，请重新预览后再导入。")
        writer = _Writer(session, result, package)
        # rows now agreed on, whose bases are recorded: not those left out, which come again
        agreed: dict[str, list[Row]] = {spec.kind: [] for spec in SHEETS}
        held: set[str] = set()  # cases and months kept as they are here: their parts wait
        for spec in SHEETS:
            changes = {r.uid: r for r in current.records if r.kind == spec.kind}
            rows = package.rows[spec.kind]
            if spec.kind == "unit":  # parents first, whatever the file order
                order = {level.value: index for index, level in enumerate(Level)}
                rows = sorted(rows, key=lambda row: order.get(row["level"], len(order)))
            for row in rows:
                change = changes[row["uid"]]
                take = change.status in (ADDED, CHANGED) or (
                    change.status == CONFLICT and resolutions[change.uid] == THEIRS
                )
                if change.status == UNCHANGED:
                    result.unchanged += 1
                    agreed[spec.kind].append(row)
                elif spec.kind in OWNER and row[OWNER[spec.kind][1]] in held:
                    result.kept_ours += 1
                elif not take:
                    result.kept_ours += 1
                    agreed[spec.kind].append(row)
                    if writer.holds(spec.kind, row["uid"]):
                        held.add(row["uid"])
                elif WRITERS[spec.kind](writer, row, change.status == ADDED):
                    agreed[spec.kind].append(row)
                elif writer.holds(spec.kind, row["uid"]):
                    held.add(row["uid"])  # skipped, so kept as it is here
            writer.insert_pending()
            session.flush()  # the next sheets refer to these rows' ids
        _delete_units(session, writer, current, package.peer, result)
        record_bases(session, package.peer, agreed)
        record_import(session, package)
        record_received(
            session,
            package,
            added=result.added,
            changed=result.updated,
            conflicts=len(current.conflicts),
            at=at,
            by=access.actor_name(db),
        )
    return result


def apply_sync(
    db: Database,
    package: SyncPackage,
    preview: SyncPreview,
    resolutions: dict[str, str] | None = None,
    *,
    now: datetime | None = None,
) -> SyncResult:
    """Apply the added and changed records, and each conflict as resolved ("ours" keeps this
    database's record, "theirs" takes the package's), and list the package among those received
    (imported at `now`). One transaction: all or nothing."""
    from sqlalchemy.exc import SQLAlchemyError

    access.require(db, Permission.EXCHANGE)
    jurisdiction.require_county(db, "导入乡镇的同步包")
    try:
        result = _apply(db, package, preview, dict(resolutions or {}), now or current_time())
    except (ValueError, SQLAlchemyError) as err:
        reason = str(getattr(err, "orig", None) or err).splitlines()[0]
        raise FengwangError(
            f"同步包中的数据无法写入本机（{reason}），同步未执行，数据未改动。"
        ) from err
    audit.log_event(
        db,
        "import",
        entity="grid_unit",
        summary=f"导入同步包 {package.path.name}（{package.manifest.township_name}）："
        f"新增 {result.added}，更新 {result.updated}，保留本机 {result.kept_ours}，"
        f"跳过 {len(result.skipped)}",
        detail={
            "file": package.path.name,
            "township": package.peer,
            "exported_at": package.manifest.exported_at,
            "added": result.added,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "kept_ours": result.kept_ours,
            "skipped": len(result.skipped),
        },
    )
    return result


def _delete_units(
    session, writer: _Writer, preview: SyncPreview, peer: str, result: SyncResult
) -> None:
    """Delete the units the township deleted (deepest first, as the preview lists them), unless
    something here still needs one: then it stays, and the result says why."""
    for change in preview.records:
        if change.status != DELETED:
            continue
        unit = writer.units[change.uid]
        refusal = why_kept(session, unit)
        if refusal:
            result.skipped.append(f"网格单位 {change.label}：对方已删除，本机保留：{refusal}")
            continue
        session.delete(unit)
        session.flush()
        session.execute(delete(SyncBase).where(SyncBase.peer == peer, SyncBase.uid == change.uid))
        result.deleted += 1


class _Writer:
    """Turns package rows into ORM records inside one session, resolving uids to local ids."""

    def __init__(self, session, result: SyncResult, package: SyncPackage) -> None:
        self.session = session
        self.result = result
        # the records here by uid, of the kinds other rows name or that a row may change (the
        # other parts are history, only ever added)
        self.known: dict[str, dict[str, Any]] = {
            kind: {item.uid: item for item in session.scalars(select(MODELS[kind]))}
            for kind in KNOWN
        }
        self.months_touched: set[int] = set()  # months whose version this import bumped
        self.units = self.known["unit"]
        self.people = self.known["person"]
        self.cases = self.known["case"]
        # catalogues a package names entries of: by name, and where to list those it creates
        self.catalogues: dict[type, tuple[dict[str, Any], list[str]]] = {
            model: ({item.name: item for item in session.scalars(select(model))}, created)
            for model, created in (
                (Role, result.roles_created),
                (CaseCategory, result.categories_created),
                (WarningType, result.warning_types_created),
            )
        }
        # a month taken keeps exactly the entries and results the package has for it
        self.incoming: dict[str, set[str]] = {}
        for kind in ("score_entry", "score_result"):
            for row in package.rows[kind]:
                self.incoming.setdefault(row["month_uid"], set()).add(row["uid"])
        self.month_parts: dict[str, dict[str, Any]] = {}  # loaded when first changed
        self.pending: dict[str, list[dict[str, Any]]] = {}  # month parts added, by kind

    def insert_pending(self) -> None:
        for kind, values in self.pending.items():
            self.session.execute(insert(MONTH_PARTS[kind].__table__), values)
        self.pending.clear()

    def holds(self, kind: str, uid: str) -> bool:
        """Whether a case or month of that uid is here, its parts waiting while it is kept."""
        return kind in ("case", "month") and uid in self.known[kind]

    def record(self, kind: str, uid: str) -> Any:
        """The record here of that uid, or a new one."""
        return self.known.get(kind, {}).get(uid) or MODELS[kind](uid=uid)

    def month_part(self, kind: str, uid: str) -> Any:
        """The entry or result here of that uid (all loaded on the first asked)."""
        if kind not in self.month_parts:
            model = MONTH_PARTS[kind]
            self.month_parts[kind] = {
                item.uid: item for item in self.session.scalars(select(model))
            }
        return self.month_parts[kind][uid]

    def count(self, added: bool) -> None:
        if added:
            self.result.added += 1
        else:
            self.result.updated += 1

    def named(self, model: type[Role | CaseCategory | WarningType], name: str) -> Any:
        """The role, case category or warning type of that name, created (not built in, last)
        if unknown."""
        known, created = self.catalogues[model]
        if name not in known:
            last = self.session.scalar(select(func.max(model.sort_order))) or 0
            known[name] = model(name=name, builtin=False, sort_order=last + 1)
            self.session.add(known[name])
            self.session.flush()
            created.append(name)
        return known[name]

    def save(self, record: Any, added: bool) -> None:
        """Add `record`; it is flushed with the rest of its sheet (one flush for thousands of
        steps instead of one each)."""
        self.session.add(record)
        self.count(added)

    def keep(self, kind: str, record: Any, added: bool, *, flush: bool = False) -> bool:
        """Save `record` and know it by its uid; `flush` at once where rows after it need its id
        or should meet its constraints before the end of the sheet."""
        self.save(record, added)
        if flush:
            self.session.flush()
        if kind in self.known:
            self.known[kind][record.uid] = record
        return True

    def skip(self, kind: str, row: Row, missing: str) -> bool:
        """Leave the row out, saying which record it names is not here."""
        self.result.skipped.append(
            f"{SHEET_BY_KIND[kind].title} {label(kind, row)}：{missing}未导入（见上面的冲突或跳过）"
        )
        return False


# The kinds whose records a _Writer knows by uid.
KNOWN = ("unit", "person", "assignment", "case", "party", "case_mediator", "agreement")
KNOWN += ("scheme", "month")


def _none(text: str) -> str | None:
    return text or None


def _int(text: str) -> int | None:
    return int(text) if text else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# a field's value from its text, by the type its sheet gives it
FROM_TEXT: dict[Any, Callable[[str], Any]] = {
    "int": _int,
    "date": _date,
    "datetime": _datetime,
    "bool": BOOLEANS.__getitem__,
}


@cache
def _readers(kind: str) -> tuple[tuple[str, Callable[[str], Any]], ...]:
    """How each field of a sheet stored in a column of its own is read back from its text: by
    its type; a text stays as it is, or None where the column may be empty."""
    spec = SHEET_BY_KIND[kind]
    columns = MODELS[kind].__table__.c
    types = dict(spec.types)
    return tuple(
        (name, FROM_TEXT.get(types.get(name)) or (_none if columns[name].nullable else str))
        for name in spec.fields
        if name != "uid" and name in columns
    )


def _fields(kind: str, row: Row) -> dict[str, Any]:
    """The row's values of the fields stored in columns of their own."""
    return {name: read(row[name]) for name, read in _readers(kind)}


def _fill(record: Any, kind: str, row: Row, **references: Any) -> None:
    """Set the record's fields from the row, and the ids the row's references resolved to."""
    for name, value in {**_fields(kind, row), **references}.items():
        setattr(record, name, value)


def _write_unit(writer: _Writer, row: Row, added: bool) -> bool:
    parent = writer.units.get(row["parent_uid"]) if row["parent_uid"] else None
    if row["parent_uid"] and parent is None:
        writer.result.skipped.append(
            f"网格单位 {label('unit', row)}：上级单位不在本机也不在同步包中"
        )
        return False
    unit = writer.record("unit", row["uid"])
    _fill(unit, "unit", row, parent_id=parent.id if parent else None)
    return writer.keep("unit", unit, added, flush=True)  # its children name its id


def _write_person(writer: _Writer, row: Row, added: bool) -> bool:
    person = writer.record("person", row["uid"])
    _fill(person, "person", row, name_initials=initials(row["name"]))
    return writer.keep("person", person, added, flush=True)


def _write_assignment(writer: _Writer, row: Row, added: bool) -> bool:
    person = writer.people.get(row["person_uid"])
    unit = writer.units.get(row["unit_uid"])
    if person is None or unit is None:
        return writer.skip("assignment", row, "所属人员或单位")
    item = writer.record("assignment", row["uid"])
    role = writer.named(Role, row["role"])
    _fill(item, "assignment", row, person_id=person.id, unit_id=unit.id, role_id=role.id)
    if person.township_id is None:  # a person sent by a township: in the roster of their post's
        person.township_id = jurisdiction.township_above(writer.session, unit)
    return writer.keep("assignment", item, added, flush=True)


def _write_case(writer: _Writer, row: Row, added: bool) -> bool:
    township = writer.units.get(row["township_uid"])
    unit = writer.units.get(row["unit_uid"])
    reporter = writer.people.get(row["reporter_uid"]) if row["reporter_uid"] else None
    if township is None or unit is None or (row["reporter_uid"] and reporter is None):
        return writer.skip("case", row, "所属单位或报告人")
    case = writer.record("case", row["uid"])
    _fill(
        case,
        "case",
        row,
        township_id=township.id,
        category_id=writer.named(CaseCategory, row["category"]).id,
        unit_id=unit.id,
        reporter_id=reporter.id if reporter else None,
    )
    return writer.keep("case", case, added)


def _write_part(writer: _Writer, kind: str, row: Row, added: bool) -> bool:
    """A party, mediator, step, session, agreement or follow-up of a case already written."""
    case = writer.cases.get(row["case_uid"])
    person = writer.people.get(row["person_uid"]) if kind == "case_mediator" else None
    unit = writer.units.get(row["unit_uid"]) if kind == "party" and row["unit_uid"] else None
    missing = (
        "所属案件"
        if case is None
        else "调解员本人"
        if kind == "case_mediator" and person is None
        else "所在单位"
        if kind == "party" and row["unit_uid"] and unit is None
        else ""
    )
    if missing:
        return writer.skip(kind, row, missing)
    references = {"case_id": case.id}
    if kind == "party":
        references["unit_id"] = unit.id if unit else None
    elif kind == "case_mediator":
        references["person_id"] = person.id
    record = writer.record(kind, row["uid"])
    _fill(record, kind, row, **references)
    return writer.keep(kind, record, added)


def _write_scheme(writer: _Writer, row: Row, added: bool) -> bool:
    scheme = writer.known["scheme"].get(row["uid"])
    if scheme is None:
        scheme = AssessmentScheme(uid=row["uid"])
    else:  # its parts are the package's: the old rows go before new ones take their keys
        scheme.roles.clear()
        scheme.sections.clear()
        scheme.bands.clear()
        writer.session.flush()
    _fill(scheme, "scheme", row)
    fill_scheme(scheme, row, lambda name: writer.named(Role, name))
    return writer.keep("scheme", scheme, added, flush=True)


def _write_month(writer: _Writer, row: Row, added: bool) -> bool:
    township = writer.units.get(row["township_uid"])
    scheme = writer.known["scheme"].get(row["scheme_uid"])
    if township is None or scheme is None:
        return writer.skip("month", row, "所属乡镇或考核细则")
    month = writer.known["month"].get(row["uid"])
    if month is None:
        month = AssessmentMonth(uid=row["uid"])
    else:  # an entry emptied or a result dropped (reopened) over there goes here too
        kept = writer.incoming.get(row["uid"], set())
        for model in (ScoreEntry, ScoreResult):
            writer.session.execute(
                delete(model)
                .where(model.month_id == month.id, model.uid.not_in(kept))
                .execution_options(synchronize_session=False)
            )
    _fill(month, "month", row, township_id=township.id, scheme_id=scheme.id)
    return writer.keep("month", month, added)


def _write_month_part(writer: _Writer, kind: str, row: Row, added: bool) -> bool:
    """An entry, event or result of a month already written."""
    month = writer.known["month"].get(row["month_uid"])
    person = writer.people.get(row["person_uid"]) if kind != "assessment_event" else None
    if month is None or (kind != "assessment_event" and person is None):
        return writer.skip(kind, row, "所属考核月份" if month is None else "人员")
    values = {"uid": row["uid"], "month_id": month.id}
    if person is not None:
        values["person_id"] = person.id
    values.update(_fields(kind, row))
    if month.id not in writer.months_touched:  # a sheet open on the month must see the change
        writer.months_touched.add(month.id)
        month.row_version += 1
    if added:  # tens of thousands in a first exchange: inserted as rows, not ORM objects
        writer.pending.setdefault(kind, []).append(values)
        writer.count(added)
        return True
    record = writer.month_part(kind, row["uid"])
    for name, value in values.items():
        setattr(record, name, value)
    return writer.keep(kind, record, added)


# Looked up at call time, so that a test can make one of them fail half-way through an import.
# Each says whether it wrote the row (False: skipped, the reason in SyncResult.skipped).
WRITERS: dict[str, Callable[[_Writer, Row, bool], bool]] = {
    "unit": lambda w, r, a: _write_unit(w, r, a),
    "person": lambda w, r, a: _write_person(w, r, a),
    "assignment": lambda w, r, a: _write_assignment(w, r, a),
    "case": lambda w, r, a: _write_case(w, r, a),
    **{kind: lambda w, r, a, kind=kind: _write_part(w, kind, r, a) for kind in CASE_PARTS},
    "scheme": lambda w, r, a: _write_scheme(w, r, a),
    "month": lambda w, r, a: _write_month(w, r, a),
    **{kind: lambda w, r, a, kind=kind: _write_month_part(w, kind, r, a) for kind in MONTH_PARTS},
    "warning": lambda w, r, a: write_warning(w, r, a),
}
