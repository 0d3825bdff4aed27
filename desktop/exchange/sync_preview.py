"""What importing a county sync package would do, record by record: each record of the package
classified against this database (added, changed, unchanged, local only, conflict), with what a
clerk needs to decide a conflict. Writes nothing. The rules are in desktop/exchange/sync.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.db import Database
from desktop.exchange.sync_assessment import item_names
from desktop.exchange.sync_format import (
    MONTH_PARTS,
    OWNER,
    SHEET_BY_KIND,
    SHEETS,
    Row,
    SheetSpec,
    SyncPackage,
    digest,
)
from desktop.exchange.sync_local import local_rows, place_under_county, refuse_older
from desktop.models import SyncBase
from desktop.services import access, jurisdiction
from desktop.services.access import Permission
from desktop.services.assessment_months import MonthAction
from desktop.services.case_workflow import Action
from desktop.services.identity import mask_id, mask_phone

HELD_REASON = "所属案件保留本机的版本，这条记录暂不导入；案件采用对方的版本后随案导入"
HELD_IF_OURS = "所属案件有冲突：案件采用对方时才导入，保留本机则暂不导入"
HELD_MONTH_REASON = "所属考核月份保留本机的版本，这条记录暂不导入；该月采用对方的版本后随之导入"
HELD_MONTH_IF_OURS = "所属考核月份有冲突：该月采用对方时才导入，保留本机则暂不导入"
# owner kind → (why a part is held, what a conflict of its owner means for it)
HELD = {"case": (HELD_REASON, HELD_IF_OURS), "month": (HELD_MONTH_REASON, HELD_MONTH_IF_OURS)}
FROZEN_CHANGED = (
    "这一版考核细则在本机已冻结（已有审核通过的月份用它计分），内容不能再改动；"
    "只能保留本机。如需修改，请在考核细则中另存为新版本"
)

ADDED, CHANGED, UNCHANGED, CONFLICT, LOCAL_ONLY, DELETED = (
    "added",
    "changed",
    "unchanged",
    "conflict",
    "local_only",
    "deleted",
)
STATUS_LABELS = {
    ADDED: "新增",
    CHANGED: "对方修改",
    UNCHANGED: "未变",
    CONFLICT: "冲突",
    LOCAL_ONLY: "本机修改（保留本机）",
    DELETED: "对方删除",
}
DELETED_BUT_CHANGED = "对方已删除此单位，但本机在上次交换后修改过它，保留本机"
OURS, THEIRS = "ours", "theirs"


@dataclass(frozen=True)
class RecordChange:
    kind: str  # unit / person / assignment / case / party / case_mediator / step / session …
    uid: str
    status: str  # added / changed / unchanged / conflict / local_only
    label: str  # what a user recognises: a unit's name and code, a person's name
    fields: tuple[str, ...] = ()  # headers of the fields that differ
    reason: str = ""  # why a conflict is one, in Chinese
    theirs_allowed: bool = True  # False when the conflict can only be resolved "ours"
    # (header, ours, theirs) of each differing field, ID numbers and phones masked: what a clerk
    # needs to see to decide a conflict, and no more.
    differences: tuple[tuple[str, str, str], ...] = ()


@dataclass
class SyncPreview:
    peer: str
    township_name: str
    records: list[RecordChange]

    def of(self, status: str) -> list[RecordChange]:
        return [record for record in self.records if record.status == status]

    @property
    def conflicts(self) -> list[RecordChange]:
        return self.of(CONFLICT)

    def counts(self) -> dict[str, int]:
        return {status: len(self.of(status)) for status in STATUS_LABELS}

    def as_dict(self) -> dict[str, Any]:
        """For `import sync --dry-run --json`: counts, and every record that is not unchanged."""
        return {
            "township_code": self.peer,
            "township_name": self.township_name,
            **self.counts(),
            "records": [asdict(r) for r in self.records if r.status != UNCHANGED],
        }


def preview_sync(db: Database, package: SyncPackage) -> SyncPreview:
    """What importing `package` would do, record by record; writes nothing (the dry run)."""
    access.require(db, Permission.EXCHANGE)
    jurisdiction.require_county(db, "导入乡镇的同步包")
    with db.session() as session:
        return classify(session, place_under_county(session, package))


def classify(session, package: SyncPackage) -> SyncPreview:
    refuse_older(session, package)
    local = local_rows(session)
    bases = dict(
        session.execute(
            select(SyncBase.uid, SyncBase.digest).where(SyncBase.peer == package.peer)
        ).all()
    )
    names = _names(local, package)
    # kind → (what the key is, the key of a row, how a key is shown): a record whose key is held
    # here by another uid is a conflict resolved only "ours"
    unique_keys: dict[str, tuple[str, Callable[[Row], Any], Callable[[Row], str]]] = {
        "unit": ("编码", lambda row: row["code"], lambda row: row["code"]),
        "person": (
            "身份证号码",
            lambda row: row["citizen_id"],
            lambda row: _shown("citizen_id", row["citizen_id"]),
        ),
        "case": ("案件编号", lambda row: row["number"], lambda row: row["number"]),
        # one agreement per case: a second one means both sides recorded 调解成功
        "agreement": (
            "调解协议所属案件",
            lambda row: row["case_uid"],
            lambda row: names.get(row["case_uid"], ""),
        ),
        "scheme": (
            "考核细则版本",
            lambda row: (row["family_uid"], row["version"]),
            lambda row: f"{row['name']} 第{row['version']}版",
        ),
        # a township scores a month once per scheme
        "month": (
            "考核月份",
            lambda row: (row["township_uid"], row["month"], row["family_uid"]),
            lambda row: label("month", row, names),
        ),
        "warning": ("预警编号", lambda row: row["number"], lambda row: row["number"]),
    }
    owners = {
        kind: {key(row): uid for uid, row in local[kind].items()}
        for kind, (_, key, _) in unique_keys.items()
    }
    records = []
    owner_status: dict[
        str, str
    ] = {}  # a case's or month's parts go with it (see desktop/exchange/sync.py)
    for spec in SHEETS:
        for theirs in package.rows[spec.kind]:
            uid = theirs["uid"]
            ours = local[spec.kind].get(uid)
            status, reason, fields = _status(spec, theirs, ours, bases.get(uid))
            record = RecordChange(
                spec.kind,
                uid,
                status,
                label(spec.kind, theirs, names),
                fields,
                reason,
                differences=_differences(spec, ours, theirs) if fields else (),
            )
            if spec.kind == "scheme" and fields:
                record = _scheme_status(record, ours, theirs)
            if spec.kind in MONTH_PARTS and status in (CONFLICT, LOCAL_ONLY):
                # decided by the month, never on their own (see desktop/exchange/sync.py)
                record = replace(record, status=CHANGED, reason="")
            held = None
            if spec.kind in OWNER and record.status != UNCHANGED:
                owner_kind, owner_field = OWNER[spec.kind]
                held = owner_status.get(theirs[owner_field])
                held_reason, held_if_ours = HELD[owner_kind]
            if held == LOCAL_ONLY:
                record = replace(record, status=LOCAL_ONLY, reason=held_reason)
            elif record.status in (ADDED, CHANGED, CONFLICT) and spec.kind in unique_keys:
                header, key, shown = unique_keys[spec.kind]
                owner = owners[spec.kind].get(key(theirs))
                if key(theirs) and owner is not None and owner != uid:
                    other = label(spec.kind, local[spec.kind][owner], names)
                    reason = f"{header} {shown(theirs)} 在本机已属于另一条记录（{other}）"
                    record = replace(record, status=CONFLICT, reason=reason, theirs_allowed=False)
            if held == CONFLICT:
                reason = "；".join(part for part in (record.reason, held_if_ours) if part)
                record = replace(record, reason=reason)
            if spec.kind in ("case", "month"):
                owner_status[uid] = record.status
            records.append(record)
    records.extend(_deleted_units(local, package, bases, names))
    return SyncPreview(package.peer, package.manifest.township_name, records)


def _deleted_units(
    local: dict[str, dict[str, Row]], package: SyncPackage, bases: dict[str, str], names
) -> list[RecordChange]:
    """Units of the package's township exchanged with it before and missing from its package:
    deleted there (a township deletes only empty units). Applied unless changed here since
    (see desktop/exchange/sync.py), deepest first."""
    township = next(
        (row["uid"] for row in package.rows["unit"] if row["code"] == package.peer), None
    )
    sent = {row["uid"] for row in package.rows["unit"]}
    children: dict[str, list[str]] = {}
    for uid, row in local["unit"].items():
        children.setdefault(row["parent_uid"], []).append(uid)
    gone, stack = [], list(children.get(township, ())) if township else []
    while stack:
        uid = stack.pop()
        stack.extend(children.get(uid, ()))
        if uid not in sent and uid in bases:
            gone.append(uid)
    order = {level: index for index, level in enumerate(("village", "grid", "micro"))}
    gone.sort(key=lambda uid: -order.get(local["unit"][uid]["level"], 0))
    records = []
    for uid in gone:
        ours = local["unit"][uid]
        changed_here = digest("unit", ours) != bases[uid]
        records.append(
            RecordChange(
                "unit",
                uid,
                LOCAL_ONLY if changed_here else DELETED,
                label("unit", ours, names),
                reason=DELETED_BUT_CHANGED if changed_here else "",
            )
        )
    return records


def _names(local: dict[str, dict[str, Row]], package: SyncPackage) -> dict[str, str]:
    """What labels show for a uid: a person's name, a case's number, a scheme version's name, a
    month; and for an item key, the item's name. The package's names win over ours."""

    def rows(kind: str) -> list[Row]:
        return [*local[kind].values(), *package.rows[kind]]

    names = {row["uid"]: row["name"] for row in rows("person")}
    names.update((row["uid"], row["number"]) for row in rows("case"))
    for row in rows("scheme"):
        names[row["uid"]] = f"{row['name']} 第{row['version']}版"
        names[row["family_uid"]] = row["name"]
        names.update(item_names(row["sections"]))  # checked as the package was read
    names.update((row["uid"], label("month", row, names)) for row in rows("month"))
    return names


def _scheme_status(record: RecordChange, ours: Row, theirs: Row) -> RecordChange:
    """A frozen scheme version never changes (see desktop/exchange/sync.py)."""
    if record.fields == (
        dict(SHEET_BY_KIND["scheme"].columns)["frozen"],
    ):  # only 已冻结: freezing is one way
        return replace(
            record, status=CHANGED if theirs["frozen"] == "是" else LOCAL_ONLY, reason=""
        )
    if ours["frozen"] == "是":
        return replace(record, status=CONFLICT, reason=FROZEN_CHANGED, theirs_allowed=False)
    return record


def _status(
    spec: SheetSpec, theirs: Row, ours: Row | None, base: str | None
) -> tuple[str, str, tuple[str, ...]]:
    if ours is None:
        return ADDED, "", ()
    if spec.append_only:  # history: what is here stays as it is
        return UNCHANGED, "", ()
    fields = tuple(header for name, header in spec.columns if ours[name] != theirs[name])
    if not fields:
        return UNCHANGED, "", ()
    if base is None:
        return CONFLICT, "首次交换，两边内容不同，无法判断哪一边较新", fields
    ours_changed = digest(spec.kind, ours) != base
    theirs_changed = digest(spec.kind, theirs) != base
    if ours_changed and theirs_changed:
        return CONFLICT, "上次交换后两边都修改了这条记录", fields
    if ours_changed:
        return LOCAL_ONLY, "", fields
    return CHANGED, "", fields


MASKS: dict[str, Callable[[str], str]] = {"citizen_id": mask_id, "phone": mask_phone}


def _shown(field: str, value: str) -> str:
    """A value as a screen may show it: ID numbers and phones masked (DESIGN.md, Privacy)."""
    mask = MASKS.get(field)
    return mask(value) if mask and value else value


def _differences(spec: SheetSpec, ours: Row, theirs: Row) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        ("各项得分", "本机的得分", "对方的得分")  # a digest means nothing to a clerk
        if name == "entries"
        else (header, _shown(name, ours[name]), _shown(name, theirs[name]))
        for name, header in spec.columns
        if ours[name] != theirs[name]
    )


def label(kind: str, row: Row, names: dict[str, str] | None = None) -> str:
    """What a clerk recognises a record by; `names` gives people's names and case numbers."""
    names = names or {}
    if kind == "unit":
        return f"{row['name']}（{row['code']}）"
    if kind == "person":
        return row["name"]
    if kind == "assignment":
        who = names.get(row["person_uid"], "")
        return f"{who + ' ' if who else ''}{row['role']}（{row['start_date']}起）"
    if kind in ("case", "warning"):
        return row["number"]
    if kind == "scheme":
        return f"{row['name']} 第{row['version']}版"
    if kind == "month":
        first = date.fromisoformat(row["month"])
        return f"{first.year}年{first.month}月 {names.get(row['family_uid'], '')}".strip()
    if kind in MONTH_PARTS:
        if kind == "score_entry":
            what = f"{names.get(row['person_uid'], '')} {names.get(row['item_key'], '')}"
        elif kind == "assessment_event":
            what = f"{MonthAction(row['action']).label}（{row['at']}）"
        else:
            what = f"{row['name']} 考核结果"
        return f"{names.get(row['month_uid'], '')} {what}".strip()
    if kind == "party":
        what = f"当事人 {row['name']}"
    elif kind == "case_mediator":
        what = f"调解员 {names.get(row['person_uid'], '')}"
    elif kind == "step":
        what = f"{Action(row['action']).label}（{row['at']}）"
    elif kind == "session":
        what = f"调解（{row['held_on']}）"
    elif kind == "agreement":
        what = "调解协议"
    else:
        what = f"回访（{row['visited_on']}）"
    return f"{names.get(row['case_uid'], '')} {what}".strip()
