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
- Deletions do not travel: a record missing from a package is left alone.
- Re-importing a package changes nothing; applying is one transaction.

The package carries full citizen IDs of people and of case parties (the county needs them), so
its manifest is marked 内部资料.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import selectinload

from desktop import __version__
from desktop.db import HEAD_REVISION, Database
from desktop.errors import FengwangError, RefusedError
from desktop.exchange.files import check_target, writing
from desktop.exchange.reading import open_workbook
from desktop.exchange.sync_assessment import SHAPES, fill_scheme, item_names, parsed, scheme_texts
from desktop.exchange.sync_warnings import (
    WARNING_SHAPES,
    WARNING_SHEET,
    warning_people,
    warning_texts,
    write_warning,
)
from desktop.models import (
    Agreement,
    AssessmentEvent,
    AssessmentMonth,
    AssessmentScheme,
    Assignment,
    CaseCategory,
    CaseMediator,
    CaseParty,
    CaseStep,
    DisputeCase,
    FollowUp,
    GridUnit,
    GridWarning,
    Level,
    MediationSession,
    Person,
    Role,
    SchemeRole,
    SchemeSection,
    ScoreEntry,
    ScoreResult,
    Setting,
    SyncBase,
    WarningType,
)
from desktop.models.base import now
from desktop.services import access, audit
from desktop.services.access import Permission
from desktop.services.assessment_months import MonthAction, MonthStatus
from desktop.services.case_workflow import Action
from desktop.services.identity import mask_id, mask_phone
from desktop.services.pinyin import initials
from desktop.vocabulary import CaseOutcome, CaseStatus, HandlingLevel

FORMAT_VERSION = "4"
# 1: before the case sheets; 2: before the assessment ones; 3: before the warnings
READABLE_VERSIONS = ("1", "2", "3", "4")
MANIFEST_SHEET = "清单"
CLASSIFICATION = "内部资料"
CHECKSUM_REFUSED = "同步包校验失败：内容与清单不符，可能已被修改或损坏，已拒绝导入"
OLDER_REFUSED = (
    "这是一个较早的同步包（导出于 {theirs}），本机已导入过 {ours} 导出的同步包，已拒绝导入；"
    "请使用最新的同步包"
)
# Setting key of the exported_at of the last package imported from a peer (a township code)
LAST_IMPORT_KEY = "sync.last_import.{}"
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

ADDED, CHANGED, UNCHANGED, CONFLICT, LOCAL_ONLY = (
    "added",
    "changed",
    "unchanged",
    "conflict",
    "local_only",
)
STATUS_LABELS = {
    ADDED: "新增",
    CHANGED: "对方修改",
    UNCHANGED: "未变",
    CONFLICT: "冲突",
    LOCAL_ONLY: "本机修改（保留本机）",
}
OURS, THEIRS = "ours", "theirs"


@dataclass(frozen=True)
class SheetSpec:
    """One data sheet of the package: its kind, title and (field, header) columns, uid first.

    `types` says what a field must hold when not empty ("date", "datetime", "int", "bool" or a
    tuple of allowed values) and `required` which may not be empty: a package that breaks them is
    refused as it is read, before anything is shown or written. `append_only` sheets are history
    (see the module docstring); `since` is the format version that brought the sheet."""

    kind: str
    title: str
    columns: tuple[tuple[str, str], ...]
    types: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    required: tuple[str, ...] = ("uid",)
    append_only: bool = False
    since: str = "1"
    # fields held as JSON or a digest: checked by the sheet's own check, not by a column's size
    composite: tuple[str, ...] = ()

    @cached_property  # asked for every row of every digest
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @cached_property
    def headers(self) -> tuple[str, ...]:
        return tuple(header for _, header in self.columns)


# The format, in the order the sheets are written, checksummed and applied. A later sheet (cases,
# scores) is one more entry here plus its reader and writer below.
SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "unit",
        "网格单位",
        (
            ("uid", "唯一标识"),
            ("parent_uid", "上级单位标识"),
            ("level", "层级"),
            ("code", "编码"),
            ("name", "名称"),
            ("kind", "类别"),
            ("stats_code", "统计用区划代码"),
            ("households", "户数"),
            ("population", "人数"),
        ),
        types=(
            ("level", tuple(level.value for level in Level)),
            ("households", "int"),
            ("population", "int"),
        ),
        required=("uid", "level", "code", "name"),
    ),
    SheetSpec(
        "person",
        "人员",
        (
            ("uid", "唯一标识"),
            ("name", "姓名"),
            ("gender", "性别"),
            ("citizen_id", "身份证号码"),
            ("birth_date", "出生日期"),
            ("phone", "联系电话"),
            ("political_status", "政治面貌"),
            ("education", "文化程度"),
            ("notes", "备注"),
        ),
        types=(("birth_date", "date"),),
        required=("uid", "name"),
    ),
    SheetSpec(
        "assignment",
        "任职",
        (
            ("uid", "唯一标识"),
            ("person_uid", "人员标识"),
            ("unit_uid", "单位标识"),
            ("role", "岗位"),
            ("start_date", "任职日期"),
            ("end_date", "离任日期"),
            ("note", "说明"),
        ),
        types=(("start_date", "date"), ("end_date", "date")),
        required=("uid", "person_uid", "unit_uid", "role", "start_date"),
    ),
    SheetSpec(
        "case",
        "矛盾纠纷",
        (
            ("uid", "唯一标识"),
            ("township_uid", "乡镇标识"),
            ("number", "案件编号"),
            ("year", "年度"),
            ("seq", "序号"),
            ("received_on", "受理日期"),
            ("source", "来源"),
            ("category", "纠纷类别"),
            ("unit_uid", "发生地标识"),
            ("people_involved", "涉及人数"),
            ("amount_fen", "涉及金额(分)"),
            ("summary", "简要情况"),
            ("risk", "风险等级"),
            ("criminal_risk", "民转刑风险"),
            ("group_risk", "群体性"),
            ("reporter_uid", "报告人标识"),
            ("status", "状态"),
            ("level", "处理层级"),
            ("transferred_to", "移送单位"),
            ("original_due_on", "原办结期限"),
            ("due_on", "办结期限"),
            ("outcome", "结果"),
            ("concluded_on", "结案日期"),
        ),
        types=(
            ("year", "int"),
            ("seq", "int"),
            ("received_on", "date"),
            ("people_involved", "int"),
            ("amount_fen", "int"),
            ("criminal_risk", "bool"),
            ("group_risk", "bool"),
            ("status", tuple(CaseStatus)),
            ("level", tuple(HandlingLevel)),
            ("original_due_on", "date"),
            ("due_on", "date"),
            ("outcome", tuple(CaseOutcome)),
            ("concluded_on", "date"),
        ),
        required=(
            "uid",
            "township_uid",
            "number",
            "year",
            "seq",
            "received_on",
            "source",
            "category",
            "unit_uid",
            "people_involved",
            "criminal_risk",
            "group_risk",
            "status",
            "original_due_on",
            "due_on",
        ),
        since="2",
    ),
    SheetSpec(
        "party",
        "当事人",
        (
            ("uid", "唯一标识"),
            ("case_uid", "案件标识"),
            ("position", "序号"),
            ("kind", "类型"),
            ("name", "姓名或名称"),
            ("citizen_id", "身份证号码"),
            ("phone", "联系电话"),
            ("address", "住址"),
            ("unit_uid", "所在单位标识"),
        ),
        types=(("position", "int"), ("kind", ("person", "organisation"))),
        required=("uid", "case_uid", "position", "kind", "name"),
        since="2",
    ),
    SheetSpec(
        "case_mediator",
        "案件调解员",
        (
            ("uid", "唯一标识"),
            ("case_uid", "案件标识"),
            ("person_uid", "人员标识"),
            ("lead", "主调解员"),
            ("assigned_at", "指派时间"),
            ("ended_at", "更换时间"),
            ("end_reason", "更换理由"),
        ),
        types=(("lead", "bool"), ("assigned_at", "datetime"), ("ended_at", "datetime")),
        required=("uid", "case_uid", "person_uid", "lead", "assigned_at"),
        since="2",
    ),
    SheetSpec(
        "step",
        "办理经过",
        (
            ("uid", "唯一标识"),
            ("case_uid", "案件标识"),
            ("at", "时间"),
            ("actor", "经办人"),
            ("action", "步骤"),
            ("status_from", "原状态"),
            ("status_to", "新状态"),
            ("level_from", "原处理层级"),
            ("level_to", "新处理层级"),
            ("note", "说明"),
        ),
        types=(
            ("at", "datetime"),
            ("action", tuple(Action)),
            ("status_from", tuple(CaseStatus)),
            ("status_to", tuple(CaseStatus)),
            ("level_from", tuple(HandlingLevel)),
            ("level_to", tuple(HandlingLevel)),
        ),
        required=("uid", "case_uid", "at", "actor", "action", "status_to"),
        append_only=True,
        since="2",
    ),
    SheetSpec(
        "session",
        "调解记录",
        (
            ("uid", "唯一标识"),
            ("case_uid", "案件标识"),
            ("held_on", "调解日期"),
            ("place", "地点"),
            ("mediators_present", "到场调解员"),
            ("parties_present", "到场当事人"),
            ("record", "记录"),
        ),
        types=(("held_on", "date"),),
        required=("uid", "case_uid", "held_on"),
        append_only=True,
        since="2",
    ),
    SheetSpec(
        "agreement",
        "调解协议",
        (
            ("uid", "唯一标识"),
            ("case_uid", "案件标识"),
            ("signed_on", "签订日期"),
            ("facts", "纠纷事实"),
            ("terms", "协议内容"),
            ("obligations", "各方义务"),
            ("performance", "履行方式"),
            ("perform_by", "履行期限"),
            ("confirmation_due_on", "司法确认期限"),
            ("follow_up_due_on", "回访期限"),
        ),
        types=(
            ("signed_on", "date"),
            ("perform_by", "date"),
            ("confirmation_due_on", "date"),
            ("follow_up_due_on", "date"),
        ),
        required=(
            "uid",
            "case_uid",
            "signed_on",
            "terms",
            "confirmation_due_on",
            "follow_up_due_on",
        ),
        since="2",
    ),
    SheetSpec(
        "follow_up",
        "回访",
        (
            ("uid", "唯一标识"),
            ("case_uid", "案件标识"),
            ("visited_on", "回访日期"),
            ("performed", "是否履行"),
            ("note", "说明"),
        ),
        types=(("visited_on", "date"), ("performed", "bool")),
        required=("uid", "case_uid", "visited_on", "performed"),
        append_only=True,
        since="2",
    ),
    SheetSpec(
        "scheme",
        "考核细则",
        (
            ("uid", "唯一标识"),
            ("family_uid", "细则标识"),
            ("version", "版本"),
            ("name", "名称"),
            ("start_month", "起始月份"),
            ("roles", "适用岗位"),
            ("top_quota_percent", "优秀比例上限(%)"),
            ("bonus_cap_tenths", "加分上限(0.1分)"),
            ("frozen", "已冻结"),
            ("sections", "大则与小则"),
            ("bands", "等级"),
        ),
        types=(
            ("version", "int"),
            ("start_month", "date"),
            ("top_quota_percent", "int"),
            ("bonus_cap_tenths", "int"),
            ("frozen", "bool"),
        ),
        required=(
            "uid",
            "family_uid",
            "version",
            "name",
            "start_month",
            "roles",
            "frozen",
            "sections",
            "bands",
        ),
        since="3",
        composite=("roles", "sections", "bands"),
    ),
    SheetSpec(
        "month",
        "考核月份",
        (
            ("uid", "唯一标识"),
            ("township_uid", "乡镇标识"),
            ("month", "月份"),
            ("family_uid", "细则标识"),
            ("scheme_uid", "所用细则版本标识"),
            ("status", "状态"),
            ("reopen_count", "重新打开次数"),
            ("entries", "各项得分校验码"),
        ),
        types=(("month", "date"), ("status", tuple(MonthStatus)), ("reopen_count", "int")),
        required=(
            "uid",
            "township_uid",
            "month",
            "family_uid",
            "scheme_uid",
            "status",
            "reopen_count",
            "entries",
        ),
        since="3",
        composite=("entries",),
    ),
    SheetSpec(
        "score_entry",
        "考核得分",
        (
            ("uid", "唯一标识"),
            ("month_uid", "考核月份标识"),
            ("person_uid", "人员标识"),
            ("item_key", "小则标识"),
            ("points_tenths", "得分(0.1分)"),
            ("count", "次数"),
            ("note", "备注"),
            ("entered_by", "录入人"),
        ),
        types=(("points_tenths", "int"), ("count", "int")),
        required=("uid", "month_uid", "person_uid", "item_key"),
        since="3",
    ),
    SheetSpec(
        "assessment_event",
        "考核经过",
        (
            ("uid", "唯一标识"),
            ("month_uid", "考核月份标识"),
            ("at", "时间"),
            ("actor", "经办人"),
            ("action", "步骤"),
            ("status_from", "原状态"),
            ("status_to", "新状态"),
            ("note", "说明"),
        ),
        types=(
            ("at", "datetime"),
            ("action", tuple(MonthAction)),
            ("status_from", tuple(MonthStatus)),
            ("status_to", tuple(MonthStatus)),
        ),
        required=("uid", "month_uid", "at", "actor", "action", "status_from", "status_to"),
        append_only=True,
        since="3",
    ),
    SheetSpec(
        "score_result",
        "考核结果",
        (
            ("uid", "唯一标识"),
            ("month_uid", "考核月份标识"),
            ("person_uid", "人员标识"),
            ("name", "姓名"),
            ("village", "村(社区)"),
            ("total_tenths", "总分(0.1分)"),
            ("grade", "等级"),
            ("rank", "乡镇排名"),
            ("village_rank", "村内排名"),
            ("veto", "一票否决"),
            ("held_back_by_quota", "受优秀比例限制"),
            ("points", "各项得分"),
            ("figures", "取数"),
        ),
        types=(
            ("total_tenths", "int"),
            ("rank", "int"),
            ("village_rank", "int"),
            ("veto", "bool"),
            ("held_back_by_quota", "bool"),
        ),
        required=(
            "uid",
            "month_uid",
            "person_uid",
            "name",
            "village",
            "total_tenths",
            "grade",
            "rank",
            "village_rank",
            "veto",
            "held_back_by_quota",
            "points",
        ),
        since="3",
        composite=("points", "figures"),
    ),
    SheetSpec(**WARNING_SHEET),
)
SHEET_BY_KIND = {spec.kind: spec for spec in SHEETS}
# The records that belong to a case, by kind: they travel with it.
CASE_PARTS = {
    "party": CaseParty,
    "case_mediator": CaseMediator,
    "step": CaseStep,
    "session": MediationSession,
    "agreement": Agreement,
    "follow_up": FollowUp,
}
# The records that belong to an assessment month: its entries, history and approved results.
MONTH_PARTS = {
    "score_entry": ScoreEntry,
    "assessment_event": AssessmentEvent,
    "score_result": ScoreResult,
}
# A part's owner: (owner kind, the part's field naming it). Parts are written only with it.
OWNER = {
    **{kind: ("case", "case_uid") for kind in CASE_PARTS},
    **{kind: ("month", "month_uid") for kind in MONTH_PARTS},
}
# Where each sheet is stored, and the columns of fields stored elsewhere (a reference by uid, a
# role or category by name): their sizes bound what a package may carry (see _limits).
MODELS = {
    "unit": GridUnit,
    "person": Person,
    "assignment": Assignment,
    "case": DisputeCase,
    **CASE_PARTS,
    "scheme": AssessmentScheme,
    "month": AssessmentMonth,
    **MONTH_PARTS,
    "warning": GridWarning,
}
STORED_AS = {
    "role": Role.__table__.c.name,
    "category": CaseCategory.__table__.c.name,
    "warning_type": WarningType.__table__.c.name,
}

Row = dict[str, str]  # a record as the package carries it: every field as text, "" for empty


@dataclass(frozen=True)
class SyncManifest:
    format_version: str
    township_code: str
    township_name: str
    exported_at: str  # ISO date and time
    app_version: str
    schema_version: str
    counts: dict[str, int]  # sheet title → data rows
    checksum: str
    classification: str = CLASSIFICATION


@dataclass(frozen=True)
class SyncPackage:
    path: Path
    manifest: SyncManifest
    rows: dict[str, list[Row]]  # kind → rows in file order

    @property
    def peer(self) -> str:
        return self.manifest.township_code

    @property
    def exported_at(self) -> datetime:
        return datetime.fromisoformat(self.manifest.exported_at)  # checked when read


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


@dataclass
class SyncResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_ours: int = 0
    skipped: list[str] = field(default_factory=list)  # why a record was left out, in Chinese
    roles_created: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    warning_types_created: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------- text and digests


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def digest(kind: str, row: Row) -> str:
    """sha256 of a record's synced fields, in the sheet's column order."""
    values = [kind, *(row.get(name, "") for name in SHEET_BY_KIND[kind].fields)]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def checksum(rows: dict[str, list[Row]]) -> str:
    """sha256 over every data row of every sheet, sheets in SHEETS order, rows in file order,
    one JSON line per row: [sheet title, value, value, ...]."""
    hasher = hashlib.sha256()
    for spec in SHEETS:
        for row in rows.get(spec.kind, []):
            line = [spec.title, *(row.get(name, "") for name in spec.fields)]
            hasher.update(json.dumps(line, ensure_ascii=False).encode())
            hasher.update(b"\n")
    return hasher.hexdigest()


# ---------------------------------------------------------------------------- local records


def _local_rows(session) -> dict[str, dict[str, Row]]:
    """Every record of this database as package rows, by kind and uid (in id order, so that a
    case's steps keep the order of its timeline)."""
    units = session.scalars(select(GridUnit)).all()
    unit_uid = {unit.id: unit.uid for unit in units}
    people = session.scalars(select(Person)).all()
    person_uid = {person.id: person.uid for person in people}
    role_name = dict(session.execute(select(Role.id, Role.name)).all())
    rows: dict[str, dict[str, Row]] = {spec.kind: {} for spec in SHEETS}
    for unit in units:
        rows["unit"][unit.uid] = _row(
            "unit",
            unit,
            parent_uid=unit_uid.get(unit.parent_id) if unit.parent_id else None,
        )
    for person in people:
        rows["person"][person.uid] = _row("person", person)
    for item in session.scalars(select(Assignment)):
        rows["assignment"][item.uid] = _row(
            "assignment",
            item,
            person_uid=person_uid[item.person_id],
            unit_uid=unit_uid[item.unit_id],
            role=role_name[item.role_id],
        )
    category_name = dict(session.execute(select(CaseCategory.id, CaseCategory.name)).all())
    case_uid = {}
    for case in session.scalars(select(DisputeCase).order_by(DisputeCase.id)):
        case_uid[case.id] = case.uid
        rows["case"][case.uid] = _row(
            "case",
            case,
            township_uid=unit_uid[case.township_id],
            category=category_name[case.category_id],
            unit_uid=unit_uid[case.unit_id],
            reporter_uid=person_uid.get(case.reporter_id),
        )
    for kind, model in CASE_PARTS.items():
        for item in session.scalars(select(model).order_by(model.id)):
            references = {"case_uid": case_uid[item.case_id]}
            if kind == "party":
                references["unit_uid"] = unit_uid.get(item.unit_id)
            elif kind == "case_mediator":
                references["person_uid"] = person_uid[item.person_id]
            rows[kind][item.uid] = _row(kind, item, **references)
    _assessment_rows(session, rows, unit_uid, person_uid)
    warnings = session.scalars(
        select(GridWarning)
        .options(
            selectinload(GridWarning.type),
            selectinload(GridWarning.dispatches),
            selectinload(GridWarning.steps),
            selectinload(GridWarning.party_reports),
        )
        .order_by(GridWarning.id)
    )
    for warning in warnings:
        rows["warning"][warning.uid] = _row(
            "warning",
            warning,
            township_uid=unit_uid[warning.township_id],
            unit_uid=unit_uid[warning.unit_id],
            warning_type=warning.type.name,
            reporter_uid=person_uid[warning.reporter_id],
            case_uid=case_uid.get(warning.case_id),
            **warning_texts(warning, person_uid),
        )
    return rows


def _assessment_rows(
    session, rows: dict[str, dict[str, Row]], unit_uid: dict[int, str], person_uid: dict[int, str]
) -> None:
    """Scheme versions (their sections, items, bands and roles as JSON in the row), months and
    their parts. Parts are read as plain rows: a demo township has tens of thousands."""
    schemes = session.scalars(
        select(AssessmentScheme)
        .options(
            selectinload(AssessmentScheme.roles).selectinload(SchemeRole.role),
            selectinload(AssessmentScheme.sections).selectinload(SchemeSection.items),
            selectinload(AssessmentScheme.bands),
        )
        .order_by(AssessmentScheme.id)
    )
    scheme_uid = {}
    for scheme in schemes:
        scheme_uid[scheme.id] = scheme.uid
        rows["scheme"][scheme.uid] = _row("scheme", scheme, **scheme_texts(scheme))
    month_uid = {}
    for month in session.scalars(select(AssessmentMonth).order_by(AssessmentMonth.id)):
        month_uid[month.id] = month.uid
        rows["month"][month.uid] = _row(
            "month",
            month,
            township_uid=unit_uid[month.township_id],
            scheme_uid=scheme_uid[month.scheme_id],
            entries="",  # below, from the entries
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
    digests = _entry_digests(rows["score_entry"].values())
    for uid, row in rows["month"].items():
        row["entries"] = digests.get(uid, digests[""])


def _entry_digests(entries) -> dict[str, str]:
    """Each month's 各项得分校验码, by month uid ("" for a month without entries): the entries
    are part of what a month is, so that one edited on one side and approved on the other is a
    conflict (see the module docstring)."""
    fields = SHEET_BY_KIND["score_entry"].fields
    by_month: dict[str, list[list[str]]] = {"": []}
    for row in entries:
        by_month.setdefault(row["month_uid"], []).append([row[name] for name in fields])
    return {
        uid: hashlib.sha256(json.dumps(sorted(values), ensure_ascii=False).encode()).hexdigest()
        for uid, values in by_month.items()
    }


def _row(kind: str, record: object, **references: object) -> Row:
    row = {}
    for name in SHEET_BY_KIND[kind].fields:
        value = references[name] if name in references else getattr(record, name)
        row[name] = _text(value)
    return row


def _township(session, code: str | None) -> GridUnit:
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


def _package_rows(session, township: GridUnit) -> dict[str, list[Row]]:
    """The township's ancestors and subtree, the assignments there and the people holding them
    (and, in a one-township database, people without any assignment); its cases and assessment
    months with their parts, and every version of every scheme."""
    local = _local_rows(session)
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
    township_count = session.scalar(
        select(func.count()).select_from(GridUnit).where(GridUnit.level == Level.TOWNSHIP.value)
    )
    if township_count == 1:
        assigned = set(session.scalars(select(Person.uid).join(Person.assignments)))
        person_uids |= set(local["person"]) - assigned
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


def _record_bases(
    session, peer: str, rows: dict[str, list[Row]], *, replace_existing: bool = True
) -> None:
    """Remember each record's digest as what both sides last agreed on. An import replaces the
    bases; an export only seeds records that have none (see the module docstring)."""
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


# ---------------------------------------------------------------------------- writing


def export_sync_package(
    db: Database,
    path: Path,
    *,
    township_code: str | None = None,
    clock: Callable[[], datetime] = now,
) -> SyncManifest:
    """Write the township's sync package to `path` (whole or not at all) and seed the bases of
    records sent for the first time. `township_code` is needed only when the database holds
    several townships. It carries full ID numbers and phones (the county needs them)."""
    import xlsxwriter

    access.require(db, Permission.EXCHANGE)
    path = check_target(path)  # before any work: a missing folder is a sentence, not a trace
    with db.session() as session:
        township = _township(session, township_code)
        rows = _package_rows(session, township)
        manifest = SyncManifest(
            format_version=FORMAT_VERSION,
            township_code=township.code,
            township_name=township.name,
            exported_at=clock().isoformat(sep=" ", timespec="seconds"),
            app_version=__version__,
            schema_version=HEAD_REVISION,
            counts={spec.title: len(rows[spec.kind]) for spec in SHEETS},
            checksum=checksum(rows),
        )
        with writing(path) as temporary:
            # constant memory: rows go to disk as written; every value a string, never a formula
            book = xlsxwriter.Workbook(
                str(temporary),
                {
                    "constant_memory": True,
                    "strings_to_formulas": False,
                    "strings_to_numbers": False,
                    "strings_to_urls": False,
                },
            )
            bold = book.add_format({"bold": True})
            for spec in SHEETS:
                sheet = book.add_worksheet(spec.title)
                sheet.freeze_panes(1, 0)
                sheet.write_row(0, 0, spec.headers, bold)
                for number, row in enumerate(rows[spec.kind], start=1):
                    for column, name in enumerate(spec.fields):
                        if row[name]:
                            sheet.write_string(number, column, row[name])
            sheet = book.add_worksheet(MANIFEST_SHEET)
            for number, (key, value) in enumerate(_manifest_items(manifest)):
                sheet.write_string(number, 0, key)
                sheet.write_string(number, 1, value)
            try:
                book.close()
            except Exception as err:  # xlsxwriter wraps OSError in its own FileCreateError
                cause = err.__cause__ or err
                reason = getattr(cause, "strerror", None) or str(cause)
                raise FengwangError(f"无法写入同步包 {path}：{reason}") from err
        _record_bases(session, manifest.township_code, rows, replace_existing=False)
    total = sum(manifest.counts.values())
    audit.log_event(
        db,
        "export",
        entity="grid_unit",
        summary=f"导出同步包 {path.name}（{manifest.township_name}）：{total} 条记录，"
        f"含完整身份证号码和电话（{manifest.classification}）",
        detail={
            "what": "同步包",
            "file": path.name,
            "township": manifest.township_code,
            "rows": total,
            "counts": manifest.counts,
            "masked": False,
        },
    )
    return manifest


def _manifest_items(manifest: SyncManifest) -> list[tuple[str, str]]:
    items = [
        ("密级", manifest.classification),
        ("格式版本", manifest.format_version),
        ("乡镇代码", manifest.township_code),
        ("乡镇名称", manifest.township_name),
        ("导出时间", manifest.exported_at),
        ("程序版本", manifest.app_version),
        ("结构版本", manifest.schema_version),
    ]
    items += [(f"行数:{title}", str(count)) for title, count in manifest.counts.items()]
    items.append(("校验码", manifest.checksum))
    return items


# ---------------------------------------------------------------------------- reading


def read_sync_package(path: Path) -> SyncPackage:
    """Read and check a package: manifest present, format known, checksum and counts match, and
    every value one this program can store."""
    path = Path(path)
    if not path.is_file():
        raise FengwangError(f"找不到同步包 {path}")
    book = open_workbook(path)  # refuses what is no workbook, damaged, encrypted or a bomb
    sheet_rows = book.rows
    try:
        names = set(book.workbook.sheet_names)
        if MANIFEST_SHEET not in names:
            raise FengwangError(f"{path.name} 不是枫网同步包：缺少“{MANIFEST_SHEET}”工作表")
        items = {
            _text(row[0]): _text(row[1]) if len(row) > 1 else ""
            for row in sheet_rows(MANIFEST_SHEET)
            if row and row[0] not in (None, "")
        }
        version = items.get("格式版本", "")
        if version not in READABLE_VERSIONS:
            raise FengwangError(
                f"同步包的格式版本（{version or '无'}）本程序不认识，请升级枫网后再导入。"
            )
        rows: dict[str, list[Row]] = {}
        for spec in SHEETS:
            if int(spec.since) > int(version):  # an older package: the sheet came later
                rows[spec.kind] = []
                continue
            if spec.title not in names:
                raise FengwangError(f"同步包缺少“{spec.title}”工作表，已拒绝导入")
            found = sheet_rows(spec.title)
            header = tuple(_text(value) for value in found[0]) if found else ()
            if header[: len(spec.headers)] != spec.headers:
                raise FengwangError(f"同步包“{spec.title}”工作表的表头不对，已拒绝导入")
            rows[spec.kind] = [
                {name: _text(value) for name, value in zip(spec.fields, values, strict=False)}
                for values in found[1:]
                if any(value not in (None, "") for value in values)
            ]
    finally:
        book.workbook.close()
    for spec in SHEETS:  # a short row reads as empty trailing fields
        for row in rows[spec.kind]:
            for name in spec.fields:
                row.setdefault(name, "")
    if checksum(rows) != items.get("校验码"):
        raise FengwangError(CHECKSUM_REFUSED)
    counts = {}
    for spec in SHEETS:
        if int(spec.since) > int(version):
            continue
        stated = items.get(f"行数:{spec.title}", "")
        if stated != str(len(rows[spec.kind])):
            raise FengwangError(
                f"同步包“{spec.title}”有 {len(rows[spec.kind])} 行，清单写的是 {stated or '无'}，已拒绝导入"
            )
        counts[spec.title] = int(stated)
    manifest = SyncManifest(
        format_version=version,
        township_code=items.get("乡镇代码", ""),
        township_name=items.get("乡镇名称", ""),
        exported_at=items.get("导出时间", ""),
        app_version=items.get("程序版本", ""),
        schema_version=items.get("结构版本", ""),
        counts=counts,
        checksum=items["校验码"],
        classification=items.get("密级", ""),
    )
    if not manifest.township_code:
        raise FengwangError("同步包清单缺少乡镇代码，已拒绝导入")
    longest = SyncBase.__table__.c.peer.type.length
    if len(manifest.township_code) > longest:
        raise FengwangError(f"同步包清单的乡镇代码超过 {longest} 个字，已拒绝导入")
    try:  # packages from a peer are ordered by it (see the module docstring)
        exported = datetime.fromisoformat(manifest.exported_at)
    except ValueError:
        exported = None
    if exported is None or exported.tzinfo is not None:  # ours are local times, never zoned
        raise FengwangError(
            f"同步包清单的导出时间（{manifest.exported_at or '无'}）不是有效的时间，已拒绝导入"
        )
    for spec in SHEETS:
        _check_rows(spec, rows[spec.kind])
    digests = _entry_digests(rows["score_entry"])
    for number, row in enumerate(rows["month"], start=2):
        if row["entries"] != digests.get(row["uid"], digests[""]):
            raise FengwangError(
                f"同步包“考核月份”第 {number} 行的各项得分校验码与“考核得分”工作表不符，"
                "可能已被修改或损坏，已拒绝导入"
            )
    return SyncPackage(path, manifest, rows)


TYPE_NAMES = {
    "date": "日期（如 2026-03-01）",
    "datetime": "时间（如 2026-03-01 09:30:00）",
    "int": "非负整数",
    "bool": "“是”或“否”",
}


def _check_rows(spec: SheetSpec, rows: list[Row]) -> None:
    """Refuse, in Chinese, a sheet whose values this program could not store: a damaged or
    hand-edited package is stopped before anything is previewed or written."""
    headers = dict(spec.columns)
    types = dict(spec.types)
    limits = _limits(spec.kind)
    for number, row in enumerate(rows, start=2):
        where = f"同步包“{spec.title}”第 {number} 行"
        for name in spec.required:
            if not row[name]:
                raise FengwangError(f"{where}缺少“{headers[name]}”，已拒绝导入")
        for name, kind in types.items():
            value = row[name]
            if value and not _valid(kind, value):
                problem = (
                    f"应为{TYPE_NAMES[kind]}" if isinstance(kind, str) else "不是本程序认识的取值"
                )
                raise FengwangError(f"{where}的“{headers[name]}”（{value}）{problem}，已拒绝导入")
        for name in spec.composite:
            shape = SHAPES.get(name) or WARNING_SHAPES.get(name)
            if shape and (row[name] or name in spec.required) and not shape(parsed(row[name])):
                raise FengwangError(
                    f"{where}的“{headers[name]}”内容不完整或格式不对，可能已被修改或损坏，已拒绝导入"
                )
        for name, limit in limits.items():
            value = row[name]
            if types.get(name) == "int":  # digits by now (checked above)
                if value and int(value) > limit:
                    raise FengwangError(
                        f"{where}的“{headers[name]}”（{value}）超出本程序能保存的范围，已拒绝导入"
                    )
            elif len(value) > limit:  # the value itself may be an ID number: not repeated
                raise FengwangError(
                    f"{where}的“{headers[name]}”超过 {limit} 个字（有 {len(value)} 个字），"
                    "已拒绝导入"
                )


@cache
def _limits(kind: str) -> dict[str, int]:
    """The most each field of a sheet may hold where its column sets a bound: the characters of
    a text column, the largest value of an integer one. SQLite stores more without a word;
    PostgreSQL refuses it, in English, half-way through an import."""
    table = MODELS[kind].__table__
    limits = {}
    spec = SHEET_BY_KIND[kind]
    for name in spec.fields:
        if name in spec.composite:
            continue
        if name in STORED_AS:
            column = STORED_AS[name]
        elif name in table.c:
            column = table.c[name]
        else:  # a reference to another record, by its uid
            column = SyncBase.__table__.c.uid
        if isinstance(column.type, BigInteger):
            limits[name] = 2**63 - 1
        elif isinstance(column.type, Integer):
            limits[name] = 2**31 - 1
        elif isinstance(column.type, String) and column.type.length:
            limits[name] = column.type.length
    return limits


def _valid(kind: str | tuple[str, ...], value: str) -> bool:
    if isinstance(kind, tuple):
        return value in kind
    if kind == "int":
        return value.isascii() and value.isdigit()
    if kind == "bool":
        return value in BOOLEANS
    try:
        (date if kind == "date" else datetime).fromisoformat(value)
    except ValueError:
        return False
    return kind == "datetime" or len(value) == 10


# ---------------------------------------------------------------------------- preview


def preview_sync(db: Database, package: SyncPackage) -> SyncPreview:
    """What importing `package` would do, record by record; writes nothing (the dry run)."""
    access.require(db, Permission.EXCHANGE)
    with db.session() as session:
        return _classify(session, package)


def _classify(session, package: SyncPackage) -> SyncPreview:
    _refuse_older(session, package)
    local = _local_rows(session)
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
            lambda row: _label("month", row, names),
        ),
        "warning": ("预警编号", lambda row: row["number"], lambda row: row["number"]),
    }
    owners = {
        kind: {key(row): uid for uid, row in local[kind].items()}
        for kind, (_, key, _) in unique_keys.items()
    }
    records = []
    owner_status: dict[str, str] = {}  # a case's or month's parts go with it (module docstring)
    for spec in SHEETS:
        for theirs in package.rows[spec.kind]:
            uid = theirs["uid"]
            ours = local[spec.kind].get(uid)
            status, reason, fields = _status(spec, theirs, ours, bases.get(uid))
            record = RecordChange(
                spec.kind,
                uid,
                status,
                _label(spec.kind, theirs, names),
                fields,
                reason,
                differences=_differences(spec, ours, theirs) if fields else (),
            )
            if spec.kind == "scheme" and fields:
                record = _scheme_status(record, ours, theirs)
            if spec.kind in MONTH_PARTS and status in (CONFLICT, LOCAL_ONLY):
                # decided by the month, never on their own (see the module docstring)
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
                    other = _label(spec.kind, local[spec.kind][owner], names)
                    reason = f"{header} {shown(theirs)} 在本机已属于另一条记录（{other}）"
                    record = replace(record, status=CONFLICT, reason=reason, theirs_allowed=False)
            if held == CONFLICT:
                reason = "；".join(part for part in (record.reason, held_if_ours) if part)
                record = replace(record, reason=reason)
            if spec.kind in ("case", "month"):
                owner_status[uid] = record.status
            records.append(record)
    return SyncPreview(package.peer, package.manifest.township_name, records)


def _refuse_older(session, package: SyncPackage) -> None:
    """Refuse a package exported before the last one imported from its peer."""
    last = session.get(Setting, LAST_IMPORT_KEY.format(package.peer))
    if last is not None and package.exported_at < datetime.fromisoformat(last.value):
        raise RefusedError(
            OLDER_REFUSED.format(theirs=package.manifest.exported_at, ours=last.value)
        )


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
    names.update((row["uid"], _label("month", row, names)) for row in rows("month"))
    return names


def _scheme_status(record: RecordChange, ours: Row, theirs: Row) -> RecordChange:
    """A frozen scheme version never changes (see the module docstring)."""
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


def _label(kind: str, row: Row, names: dict[str, str] | None = None) -> str:
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


# ---------------------------------------------------------------------------- applying


def _apply(
    db: Database, package: SyncPackage, preview: SyncPreview, resolutions: dict[str, str]
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
        current = _classify(session, package)
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
        _record_bases(session, package.peer, agreed)
        session.merge(
            Setting(
                key=LAST_IMPORT_KEY.format(package.peer),
                value=package.exported_at.isoformat(sep=" "),
            )
        )
    return result


def apply_sync(
    db: Database,
    package: SyncPackage,
    preview: SyncPreview,
    resolutions: dict[str, str] | None = None,
) -> SyncResult:
    """Apply the added and changed records, and each conflict as resolved ("ours" keeps this
    database's record, "theirs" takes the package's). One transaction: all or nothing."""
    from sqlalchemy.exc import SQLAlchemyError

    access.require(db, Permission.EXCHANGE)
    try:
        result = _apply(db, package, preview, dict(resolutions or {}))
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


class _Writer:
    """Turns package rows into ORM records inside one session, resolving uids to local ids."""

    def __init__(self, session, result: SyncResult, package: SyncPackage) -> None:
        self.session = session
        self.result = result
        self.units = {u.uid: u for u in session.scalars(select(GridUnit))}
        self.people = {p.uid: p for p in session.scalars(select(Person))}
        self.assignments = {a.uid: a for a in session.scalars(select(Assignment))}
        self.cases = {c.uid: c for c in session.scalars(select(DisputeCase))}
        # catalogues a package names entries of: by name, and where to list those it creates
        self.catalogues: dict[type, tuple[dict[str, Any], list[str]]] = {
            model: ({item.name: item for item in session.scalars(select(model))}, created)
            for model, created in (
                (Role, result.roles_created),
                (CaseCategory, result.categories_created),
                (WarningType, result.warning_types_created),
            )
        }
        # parts that may change (the others are history, only ever added)
        self.parts: dict[str, dict[str, Any]] = {
            kind: {item.uid: item for item in session.scalars(select(CASE_PARTS[kind]))}
            for kind in ("party", "case_mediator", "agreement")
        }
        self.schemes = {s.uid: s for s in session.scalars(select(AssessmentScheme))}
        self.months = {m.uid: m for m in session.scalars(select(AssessmentMonth))}
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
        return uid in {"case": self.cases, "month": self.months}.get(kind, ())

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


def _none(text: str) -> str | None:
    return text or None


def _int(text: str) -> int | None:
    return int(text) if text else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


BOOLEANS = {"是": True, "否": False}
# a field's value from its text, by the type its sheet gives it (text stays as it is)
FROM_TEXT: dict[Any, Callable[[str], Any]] = {
    "int": _int,
    "date": _date,
    "datetime": _datetime,
    "bool": BOOLEANS.__getitem__,
}


def _write_unit(writer: _Writer, row: Row, added: bool) -> bool:
    parent = writer.units.get(row["parent_uid"]) if row["parent_uid"] else None
    if row["parent_uid"] and parent is None:
        writer.result.skipped.append(
            f"网格单位 {_label('unit', row)}：上级单位不在本机也不在同步包中"
        )
        return False
    unit = writer.units.get(row["uid"]) or GridUnit(uid=row["uid"])
    unit.parent_id = parent.id if parent else None
    unit.level = row["level"]
    unit.code = row["code"]
    unit.name = row["name"]
    unit.kind = _none(row["kind"])
    unit.stats_code = _none(row["stats_code"])
    unit.households = _int(row["households"])
    unit.population = _int(row["population"])
    writer.session.add(unit)
    writer.session.flush()
    writer.units[unit.uid] = unit
    writer.count(added)
    return True


def _write_person(writer: _Writer, row: Row, added: bool) -> bool:
    person = writer.people.get(row["uid"]) or Person(uid=row["uid"])
    person.name = row["name"]
    person.name_initials = initials(row["name"])
    person.gender = _none(row["gender"])
    person.citizen_id = _none(row["citizen_id"])
    person.birth_date = _date(row["birth_date"])
    person.phone = _none(row["phone"])
    person.political_status = _none(row["political_status"])
    person.education = _none(row["education"])
    person.notes = _none(row["notes"])
    writer.session.add(person)
    writer.session.flush()
    writer.people[person.uid] = person
    writer.count(added)
    return True


def _write_assignment(writer: _Writer, row: Row, added: bool) -> bool:
    person = writer.people.get(row["person_uid"])
    unit = writer.units.get(row["unit_uid"])
    if person is None or unit is None:
        writer.result.skipped.append(
            f"任职 {_label('assignment', row)}：所属人员或单位未导入（见上面的冲突或跳过）"
        )
        return False
    item = writer.assignments.get(row["uid"]) or Assignment(uid=row["uid"])
    item.person_id = person.id
    item.unit_id = unit.id
    item.role_id = writer.named(Role, row["role"]).id
    item.start_date = _date(row["start_date"])
    item.end_date = _date(row["end_date"])
    item.note = _none(row["note"])
    writer.session.add(item)
    writer.session.flush()
    writer.assignments[item.uid] = item
    writer.count(added)
    return True


def _write_case(writer: _Writer, row: Row, added: bool) -> bool:
    township = writer.units.get(row["township_uid"])
    unit = writer.units.get(row["unit_uid"])
    reporter = writer.people.get(row["reporter_uid"]) if row["reporter_uid"] else None
    if township is None or unit is None or (row["reporter_uid"] and reporter is None):
        writer.result.skipped.append(
            f"矛盾纠纷 {row['number']}：所属单位或报告人未导入（见上面的冲突或跳过）"
        )
        return False
    case = writer.cases.get(row["uid"]) or DisputeCase(uid=row["uid"])
    case.township_id = township.id
    case.year = int(row["year"])
    case.seq = int(row["seq"])
    case.number = row["number"]
    case.received_on = _date(row["received_on"])
    case.source = row["source"]
    case.category_id = writer.named(CaseCategory, row["category"]).id
    case.unit_id = unit.id
    case.people_involved = int(row["people_involved"])
    case.amount_fen = _int(row["amount_fen"])
    case.summary = row["summary"]
    case.risk = row["risk"]
    case.criminal_risk = BOOLEANS[row["criminal_risk"]]
    case.group_risk = BOOLEANS[row["group_risk"]]
    case.reporter_id = reporter.id if reporter else None
    case.status = row["status"]
    case.level = _none(row["level"])
    case.transferred_to = _none(row["transferred_to"])
    case.original_due_on = _date(row["original_due_on"])
    case.due_on = _date(row["due_on"])
    case.outcome = _none(row["outcome"])
    case.concluded_on = _date(row["concluded_on"])
    writer.save(case, added)
    writer.cases[case.uid] = case
    return True


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
        writer.result.skipped.append(
            f"{SHEET_BY_KIND[kind].title} {_label(kind, row)}：{missing}未导入（见上面的冲突或跳过）"
        )
        return False
    known = writer.parts.get(kind, {})
    record = known.get(row["uid"]) or CASE_PARTS[kind](uid=row["uid"])
    record.case_id = case.id
    if kind == "party":
        record.position = int(row["position"])
        record.kind = row["kind"]
        record.name = row["name"]
        record.citizen_id = _none(row["citizen_id"])
        record.phone = _none(row["phone"])
        record.address = _none(row["address"])
        record.unit_id = unit.id if unit else None
    elif kind == "case_mediator":
        record.person_id = person.id
        record.lead = BOOLEANS[row["lead"]]
        record.assigned_at = _datetime(row["assigned_at"])
        record.ended_at = _datetime(row["ended_at"])
        record.end_reason = _none(row["end_reason"])
    elif kind == "step":
        record.at = _datetime(row["at"])
        record.actor = row["actor"]
        record.action = row["action"]
        record.status_from = _none(row["status_from"])
        record.status_to = row["status_to"]
        record.level_from = _none(row["level_from"])
        record.level_to = _none(row["level_to"])
        record.note = row["note"]
    elif kind == "session":
        record.held_on = _date(row["held_on"])
        for name in ("place", "mediators_present", "parties_present", "record"):
            setattr(record, name, row[name])
    elif kind == "agreement":
        for name in ("signed_on", "perform_by", "confirmation_due_on", "follow_up_due_on"):
            setattr(record, name, _date(row[name]))
        for name in ("facts", "terms", "obligations", "performance"):
            setattr(record, name, row[name])
    else:
        record.visited_on = _date(row["visited_on"])
        record.performed = BOOLEANS[row["performed"]]
        record.note = row["note"]
    writer.save(record, added)
    if kind in writer.parts:
        known[record.uid] = record
    return True


def _write_scheme(writer: _Writer, row: Row, added: bool) -> bool:
    scheme = writer.schemes.get(row["uid"])
    if scheme is None:
        scheme = AssessmentScheme(uid=row["uid"])
    else:  # its parts are the package's: the old rows go before new ones take their keys
        scheme.roles.clear()
        scheme.sections.clear()
        scheme.bands.clear()
        writer.session.flush()
    scheme.family_uid = row["family_uid"]
    scheme.version = int(row["version"])
    scheme.name = row["name"]
    scheme.start_month = _date(row["start_month"])
    scheme.top_quota_percent = _int(row["top_quota_percent"])
    scheme.bonus_cap_tenths = _int(row["bonus_cap_tenths"])
    scheme.frozen = BOOLEANS[row["frozen"]]
    fill_scheme(scheme, row, lambda name: writer.named(Role, name))
    writer.session.add(scheme)
    writer.session.flush()
    writer.schemes[scheme.uid] = scheme
    writer.count(added)
    return True


def _write_month(writer: _Writer, row: Row, added: bool) -> bool:
    township = writer.units.get(row["township_uid"])
    scheme = writer.schemes.get(row["scheme_uid"])
    if township is None or scheme is None:
        writer.result.skipped.append(
            f"考核月份 {_label('month', row)}：所属乡镇或考核细则未导入（见上面的冲突或跳过）"
        )
        return False
    month = writer.months.get(row["uid"])
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
    month.township_id = township.id
    month.month = _date(row["month"])
    month.family_uid = row["family_uid"]
    month.scheme_id = scheme.id
    month.status = row["status"]
    month.reopen_count = int(row["reopen_count"])
    writer.save(month, added)
    writer.months[month.uid] = month
    return True


def _write_month_part(writer: _Writer, kind: str, row: Row, added: bool) -> bool:
    """An entry, event or result of a month already written."""
    month = writer.months.get(row["month_uid"])
    person = writer.people.get(row["person_uid"]) if kind != "assessment_event" else None
    if month is None or (kind != "assessment_event" and person is None):
        writer.result.skipped.append(
            f"{SHEET_BY_KIND[kind].title} {_label(kind, row)}："
            f"{'所属考核月份' if month is None else '人员'}未导入（见上面的冲突或跳过）"
        )
        return False
    values = {"uid": row["uid"], "month_id": month.id}
    if person is not None:
        values["person_id"] = person.id
    types = dict(SHEET_BY_KIND[kind].types)
    for name in SHEET_BY_KIND[kind].fields:
        if name not in values and name not in ("month_uid", "person_uid"):
            values[name] = FROM_TEXT.get(types.get(name), str)(row[name])
    if added:  # tens of thousands in a first exchange: inserted as rows, not ORM objects
        writer.pending.setdefault(kind, []).append(values)
        writer.count(added)
        return True
    record = writer.month_part(kind, row["uid"])
    for name, value in values.items():
        setattr(record, name, value)
    writer.save(record, added)
    return True


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
