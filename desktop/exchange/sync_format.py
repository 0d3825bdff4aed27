"""The county sync package's format: its sheets and their columns, the manifest, and what a
record is in it (every field as text), with the digests and the checksum computed over that text.
The rules of the exchange are in desktop/exchange/sync.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from desktop import models
from desktop.exchange.sync_warnings import WARNING_SHEET
from desktop.services.assessment_months import MonthAction, MonthStatus
from desktop.services.case_workflow import Action
from desktop.vocabulary import CaseOutcome, CaseStatus, HandlingLevel

FORMAT_VERSION = "4"
# 1: before the case sheets; 2: before the assessment ones; 3: before the warnings
READABLE_VERSIONS = ("1", "2", "3", "4")
MANIFEST_SHEET = "清单"
CLASSIFICATION = "内部资料"
BOOLEANS = {"是": True, "否": False}  # how a yes/no field is written


@dataclass(frozen=True)
class SheetSpec:
    """One data sheet of the package: its kind, title and (field, header) columns, uid first.

    `types` says what a field must hold when not empty ("date", "datetime", "int", "bool" or a
    tuple of allowed values) and `required` which may not be empty: a package that breaks them is
    refused as it is read, before anything is shown or written. `append_only` sheets are history
    (see desktop/exchange/sync.py); `since` is the format version that brought the sheet."""

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
# scores) is one more entry here plus its writer in desktop/exchange/sync.py.
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
            ("level", tuple(level.value for level in models.Level)),
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
    "party": models.CaseParty,
    "case_mediator": models.CaseMediator,
    "step": models.CaseStep,
    "session": models.MediationSession,
    "agreement": models.Agreement,
    "follow_up": models.FollowUp,
}
# The records that belong to an assessment month: its entries, history and approved results.
MONTH_PARTS = {
    "score_entry": models.ScoreEntry,
    "assessment_event": models.AssessmentEvent,
    "score_result": models.ScoreResult,
}
# A part's owner: (owner kind, the part's field naming it). Parts are written only with it.
OWNER = {
    **{kind: ("case", "case_uid") for kind in CASE_PARTS},
    **{kind: ("month", "month_uid") for kind in MONTH_PARTS},
}
# Where each sheet is stored, and the columns of fields stored elsewhere (a reference by uid, a
# role or category by name): their sizes bound what a package may carry (see sync_read.py).
MODELS = {
    "unit": models.GridUnit,
    "person": models.Person,
    "assignment": models.Assignment,
    "case": models.DisputeCase,
    **CASE_PARTS,
    "scheme": models.AssessmentScheme,
    "month": models.AssessmentMonth,
    **MONTH_PARTS,
    "warning": models.GridWarning,
}
STORED_AS = {
    "role": models.Role.__table__.c.name,
    "category": models.CaseCategory.__table__.c.name,
    "warning_type": models.WarningType.__table__.c.name,
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


def as_text(value: object) -> str:
    """A value as the package carries it."""
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


def entry_digests(entries) -> dict[str, str]:
    """Each month's 各项得分校验码, by month uid ("" for a month without entries): the entries
    are part of what a month is, so that one edited on one side and approved on the other is a
    conflict (see desktop/exchange/sync.py)."""
    fields = SHEET_BY_KIND["score_entry"].fields
    by_month: dict[str, list[list[str]]] = {"": []}
    for row in entries:
        by_month.setdefault(row["month_uid"], []).append([row[name] for name in fields])
    return {
        uid: hashlib.sha256(json.dumps(sorted(values), ensure_ascii=False).encode()).hexdigest()
        for uid, values in by_month.items()
    }
