"""The audit trail: who did what, when, to which record, field by field — append-only and chained.

Each entry's hash covers its own content and the hash of the entry before it (the first follows
GENESIS), so editing or deleting an entry breaks the chain from that entry on; `verify_chain`
finds the first broken one. Entries are chained as their rows are written, in the order of their
ids, under the database's write lock. (Cutting entries off the end leaves a shorter chain that is
still whole: the trail shows what happened, it cannot prove that nothing more did.)

Changes to records are written by a session hook, installed on every SQLAlchemy Session when this
module is imported (desktop.db imports it with the first session):

- after_flush reads each created, updated and deleted object of every mapped class but
  AuditEntry: by then new rows have their ids and the attribute history still holds the old
  values (SQLAlchemy resets it only after this event). after_flush_postexec adds the entries to
  the session, and Session.commit() flushes until the session is clean: the entries reach the
  database in the same transaction as the change, and a rollback leaves neither.
- do_orm_execute records an ORM bulk UPDATE or DELETE (session.execute(delete(Model)…)), which
  bypasses the flush, as one entry with the number of rows.

Writes through Core (the executemany of the roster import and of the sync import, the demo
build) bypass ORM events altogether: those operations record one "import" event of their own.

Citizen ID numbers and phones are recorded masked, password hashes never: any administrator reads
the trail, and it is exported.

`log_event` records what no table change shows: log-ins, reveals of a full ID number, imports,
exports, printed papers with full details.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, or_, select, text
from sqlalchemy.exc import CompileError
from sqlalchemy.orm import Session, object_mapper, object_session
from sqlalchemy.orm.attributes import instance_state

from desktop.models.base import now as current_time
from desktop.models.trust import AuditEntry
from desktop.services import access
from desktop.services.dates import check_day
from desktop.services.identity import mask_id, mask_phone, mask_sensitive
from desktop.shown import printable
from desktop.vocabulary import (
    CASE_STATUS_LABELS,
    HANDLING_LEVEL_LABELS,
    LEVEL_LABELS,
    WARNING_STATUS_LABELS,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import ORMExecuteState

    from desktop.db import Database

GENESIS = "0" * 64
SETUP_ACTOR = "系统"  # desktop.services.access.SETUP_ACTOR (access imports this module)
CHAIN_TIP = "audit.tip"  # a session.info key: the hash of the last entry this flush wrote
FLUSH_RECORDS = "audit.records"  # a session.info key: what a flush changed, until it is done
PAGE_SIZE = 200  # entries the viewer reads at a time
SUMMARY_LENGTH = 200  # AuditEntry.summary's length
CHANGE_ACTIONS = ("create", "update", "delete")

ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "login": "登录",
    "login_failed": "登录失败",
    "locked": "账户锁定",
    "logout": "退出登录",
    "password": "修改密码",
    "reveal": "查看完整信息",
    "import": "导入",
    "export": "导出",
    "print": "打印",
    "backup": "备份",
    "restore": "恢复",
}

ENTITY_LABELS = {
    "grid_unit": "网格单位",
    "person": "人员",
    "role": "岗位",
    "assignment": "任职",
    "case_category": "纠纷类别",
    "dispute_case": "纠纷案件",
    "case_party": "当事人",
    "case_step": "案件办理记录",
    "case_mediator": "案件调解员",
    "mediation_session": "调解记录",
    "agreement": "调解协议",
    "follow_up": "回访",
    "mediator_specialty": "调解员专长",
    "setting": "设置",
    "assessment_scheme": "考核细则",
    "scheme_role": "细则适用岗位",
    "scheme_section": "考核大则",
    "scheme_item": "考核小则",
    "grade_band": "等次分段",
    "assessment_month": "月度考核",
    "score_entry": "考核评分",
    "assessment_event": "考核审核记录",
    "score_result": "考核结果",
    "warning_type": "预警类型",
    "grid_warning": "网格预警",
    "warning_dispatch": "预警派单",
    "warning_step": "预警处置记录",
    "party_report": "党员报到",
    "app_user": "用户",
    "sync_base": "同步基线",
    "audit_entry": "操作日志",
}

FIELD_LABELS = {
    "name": "名称",
    "code": "编码",
    "level": "层级",
    "kind": "类型",
    "stats_code": "统计用区划代码",
    "households": "户数",
    "population": "人数",
    "parent_id": "上级单位",
    "gender": "性别",
    "citizen_id": "身份证号码",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "political_status": "政治面貌",
    "education": "文化程度",
    "notes": "备注",
    "note": "备注",
    "person_id": "人员",
    "unit_id": "单位",
    "role_id": "岗位",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "builtin": "内置",
    "sort_order": "排序",
    "due_days": "办理期限（天）",
    "township_id": "乡镇",
    "year": "年度",
    "seq": "序号",
    "number": "编号",
    "received_on": "受理日期",
    "source": "来源",
    "category_id": "类别",
    "people_involved": "涉及人数",
    "amount_fen": "涉及金额（分）",
    "summary": "简要情况",
    "risk": "风险等级",
    "criminal_risk": "民转刑风险",
    "group_risk": "群体性风险",
    "reporter_id": "上报人",
    "status": "状态",
    "transferred_to": "移送单位",
    "original_due_on": "原定期限",
    "due_on": "办结期限",
    "outcome": "结果",
    "concluded_on": "结案日期",
    "case_id": "案件",
    "position": "顺序",
    "address": "住址",
    "at": "时间",
    "actor": "操作人",
    "action": "操作",
    "status_from": "原状态",
    "status_to": "新状态",
    "level_from": "原层级",
    "level_to": "新层级",
    "lead": "主办",
    "assigned_at": "指派时间",
    "ended_at": "结束时间",
    "end_reason": "结束原因",
    "held_on": "调解日期",
    "place": "地点",
    "mediators_present": "到场调解员",
    "parties_present": "到场当事人",
    "record": "记录",
    "signed_on": "签订日期",
    "facts": "事实",
    "terms": "协议内容",
    "obligations": "各方义务",
    "performance": "履行方式",
    "perform_by": "履行期限",
    "confirmation_due_on": "司法确认期限",
    "follow_up_due_on": "回访期限",
    "visited_on": "回访日期",
    "performed": "已履行",
    "key": "设置项",
    "value": "值",
    "family_uid": "细则系列",
    "version": "版本",
    "start_month": "起用月份",
    "top_quota_percent": "优秀比例上限（%）",
    "bonus_cap_tenths": "加分上限（0.1 分）",
    "frozen": "已锁定",
    "scheme_id": "考核细则",
    "section_id": "大则",
    "max_tenths": "分值（0.1 分）",
    "per_count_tenths": "每次加减（0.1 分）",
    "bands": "分档",
    "metric": "统计指标",
    "rule_text": "评分规则",
    "grade": "等次",
    "lower_tenths": "下限（0.1 分）",
    "upper_tenths": "上限（0.1 分）",
    "month": "月份",
    "reopen_count": "重新打开次数",
    "month_id": "考核月",
    "item_key": "考核项",
    "points_tenths": "得分（0.1 分）",
    "count": "次数",
    "entered_by": "录入人",
    "village": "村(社区)",
    "total_tenths": "总分（0.1 分）",
    "rank": "排名",
    "village_rank": "村内排名",
    "veto": "一票否决",
    "held_back_by_quota": "受比例限制",
    "points": "各项得分",
    "figures": "统计数据",
    "reported_at": "上报时间",
    "type_id": "预警类型",
    "urgency": "紧急程度",
    "description": "情况描述",
    "people_affected": "涉及人数",
    "closed_at": "办结时间",
    "result": "处置结果",
    "warning_id": "预警",
    "target": "派单对象",
    "dispatched_at": "派单时间",
    "response_due": "响应期限",
    "complete_due": "办结期限",
    "responded_at": "响应时间",
    "work": "工作内容",
    "role": "角色",
    "password_hash": "密码",
    "active": "在用",
    "password_changed_at": "密码修改时间",
    "peer": "对方",
    "digest": "摘要",
    "exchanged_at": "交换时间",
    # facts of events (log_event's detail)
    "file": "文件",
    "sheet": "工作表",
    "read": "读取行数",
    "created": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "rejected": "拒绝",
    "rows": "条数",
    "where": "条件",
    "reason": "原因",
    "filters": "筛选条件",
}
FIELD_LABELS_BY_ENTITY = {
    ("person", "name"): "姓名",
    ("case_party", "name"): "姓名",
    ("score_result", "name"): "姓名",
    ("app_user", "name"): "用户名",
    ("role", "name"): "岗位名称",
}
MONTH_STATUS_LABELS = {"draft": "草稿", "submitted": "已提交", "approved": "已审核"}
VALUE_LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("grid_unit", "level"): dict(LEVEL_LABELS),
    ("dispute_case", "status"): dict(CASE_STATUS_LABELS),
    ("dispute_case", "level"): dict(HANDLING_LEVEL_LABELS),
    ("case_step", "status_from"): dict(CASE_STATUS_LABELS),
    ("case_step", "status_to"): dict(CASE_STATUS_LABELS),
    ("case_step", "level_from"): dict(HANDLING_LEVEL_LABELS),
    ("case_step", "level_to"): dict(HANDLING_LEVEL_LABELS),
    ("grid_warning", "status"): dict(WARNING_STATUS_LABELS),
    ("grid_warning", "level"): dict(LEVEL_LABELS),
    ("warning_step", "status_from"): dict(WARNING_STATUS_LABELS),
    ("warning_step", "status_to"): dict(WARNING_STATUS_LABELS),
    ("assessment_month", "status"): MONTH_STATUS_LABELS,
    ("assessment_event", "status_from"): MONTH_STATUS_LABELS,
    ("assessment_event", "status_to"): MONTH_STATUS_LABELS,
}

# Bookkeeping every synced record carries, derived search keys, and the lock state of an account
# (its own events "login_failed" and "locked" say what happened): not worth an entry.
SKIPPED_FIELDS = frozenset({"uid", "created_at", "updated_at", "name_initials", "row_version"})
SKIPPED_BY_ENTITY = {"app_user": frozenset({"failed_logins", "locked_until"})}
SECRET_FIELDS = frozenset({"password_hash"})
SECRETS_IN_TEXT = re.compile(r"\d{17}[\dXx]|\d{15}|1[3-9]\d{9}")
PASSWORD_SET, PASSWORD_CHANGED = "（已设置）", "（已修改）"
LABEL_FIELDS = ("number", "name", "key", "month")  # what names a record in a summary, first found


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def field_label(entity: str, field: str) -> str:
    return FIELD_LABELS_BY_ENTITY.get((entity, field)) or FIELD_LABELS.get(field, field)


def value_text(entity: str, field: str, value: Any) -> str:
    """A recorded value as a reader sees it: labels for coded values, 是/否, （空）."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if entity == "app_user" and field == "role":
        return next((r.label for r in access.Role if r.value == value), str(value))
    labels = VALUE_LABELS.get((entity, field))
    return labels.get(value, str(value)) if labels else str(value)


# --------------------------------------------------------------------------------- the chain


def entry_hash(
    prev_hash: str,
    at: datetime,
    user_name: str,
    action: str,
    entity: str,
    entity_id: str,
    summary: str,
    detail: str,
) -> str:
    """The hash that chains an entry to the one before it."""
    content = _HASHED_JSON.encode(
        [prev_hash, at.isoformat(), user_name, action, entity, entity_id, summary, detail]
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


# json.dumps with these arguments, made once: verifying a long trail hashes every entry
_HASHED_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class _Record:
    """An entry to be, before it is chained."""

    action: str
    entity: str = ""
    entity_id: str = ""
    summary: str = ""
    detail: dict[str, Any] | None = None


def append(
    session: Session,
    *,
    user_name: str,
    action: str,
    entity: str = "",
    entity_id: str | int = "",
    summary: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry, chained to the last, to the session's transaction."""
    record = _Record(action, entity, str(entity_id), summary, detail)
    return _append_all(session, [record], user_name, at)[0]


def _append_all(
    session: Session, records: list[_Record], user_name: str, at: datetime | None = None
) -> list[AuditEntry]:
    """Add entries to the session; they are chained as they are written (`_chain`)."""
    when = at or current_time()
    # printable: a file name that is not UTF-8 (desktop.shown) could be neither hashed nor stored
    entries = [
        AuditEntry(
            at=when,
            user_name=printable(user_name[:40]),
            action=record.action,
            entity=record.entity,
            entity_id=printable(record.entity_id),
            summary=printable(_clip(record.summary)),
            detail=printable(json.dumps(record.detail, ensure_ascii=False, default=str))
            if record.detail
            else "",
        )
        for record in records
    ]
    session.add_all(entries)
    return entries


def _chain(_mapper: object, connection: Connection, entry: AuditEntry) -> None:
    """before_insert of an entry: chain it to the entry written just before it.

    Chained here, in the order the rows are written (the order of their ids), not when they are
    added: a flush orders its inserts by when each object was added relative to the others then
    pending, which entries added across flushes do not follow."""
    session = object_session(entry)
    tip = session.info.get(CHAIN_TIP) if session is not None else None
    if tip is None:
        tip = _written_tip(connection)
    entry.prev_hash = tip
    entry.hash = entry_hash(
        tip,
        entry.at,
        entry.user_name,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        entry.detail,
    )
    if session is not None:
        session.info[CHAIN_TIP] = entry.hash


def _written_tip(connection: Connection) -> str:
    """The newest entry's hash, read under the write lock, so that two writers cannot both
    chain to it."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE audit_entry IN SHARE ROW EXCLUSIVE MODE"))
    else:  # SQLite takes its write lock with the first writing statement, even a no-op
        connection.execute(text("UPDATE audit_entry SET id = id WHERE 1 = 0"))
    last = connection.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return last or GENESIS


def _forget_tip(session: Session, *_args: object) -> None:
    """before_flush: each flush reads the newest written entry afresh, and a flush that failed
    half-way leaves nothing behind."""
    session.info.pop(CHAIN_TIP, None)
    session.info.pop(FLUSH_RECORDS, None)


def _clip(summary: str) -> str:
    return summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"


def _who(session: Session) -> str:
    db = session.info.get("db")
    actor = getattr(db, "actor", None)
    return actor.name if actor is not None else SETUP_ACTOR


def log_event(
    db: Database,
    action: str,
    *,
    entity: str = "",
    entity_id: str | int = "",
    summary: str = "",
    detail: dict[str, Any] | None = None,
    user_name: str | None = None,
    at: datetime | None = None,
    session: Session | None = None,
) -> None:
    """Record an event that changes no record (a log-in, a reveal, an import, an export, a
    printed paper with full details) in a transaction of its own, or in `session`'s: the entry
    of work written without the session hook (a bulk import) is then committed with the work."""
    who = user_name or (db.actor.name if db.actor is not None else SETUP_ACTOR)
    entry = dict(entity=entity, entity_id=entity_id, summary=summary, detail=detail, at=at)
    if session is not None:
        append(session, user_name=who, action=action, **entry)
        return
    with db.session() as own:
        append(own, user_name=who, action=action, **entry)


# ------------------------------------------------------------------------- the session hook


@dataclass(frozen=True)
class _Shape:
    """What the hook records of a mapped class."""

    entity: str
    fields: tuple[str, ...]  # column attributes in the table's order, the key's left out
    key: tuple[str, ...]  # the primary key's attributes


_shapes: dict[type, _Shape | None] = {}


def _shape_of(obj: object) -> _Shape | None:
    cls = type(obj)
    if cls in _shapes:
        return _shapes[cls]
    shape = None
    if cls is not AuditEntry:
        mapper = object_mapper(obj)
        entity = mapper.local_table.name
        skipped = SKIPPED_FIELDS | SKIPPED_BY_ENTITY.get(entity, frozenset())
        key = tuple(mapper.get_property_by_column(column).key for column in mapper.primary_key)
        fields = tuple(
            attr.key
            for attr in mapper.column_attrs
            if attr.key not in skipped and attr.key not in key
        )
        shape = _Shape(entity, fields, key)
    _shapes[cls] = shape
    return shape


def _plain(field: str, value: Any, *, old: bool = False, created: bool = False) -> Any:
    """A value as recorded: JSON-ready, ID numbers and phones masked, no password hash."""
    if value is None:
        return None
    if field in SECRET_FIELDS:
        return None if old else (PASSWORD_SET if created else PASSWORD_CHANGED)
    if field == "citizen_id":
        return mask_id(str(value))
    if field == "phone":
        return mask_phone(str(value))
    if isinstance(value, str):
        return mask_sensitive(value)  # an ID number or a phone typed into some other field
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _change_record(obj: object, action: str) -> _Record | None:
    shape = _shape_of(obj)
    if shape is None:
        return None
    state = instance_state(obj)
    values = state.dict  # only what is loaded: reading an attribute here could run a query
    changes: dict[str, list[Any]] = {}
    if action == "update":
        for field in shape.fields:
            history = state.attrs[field].history
            if not history.added and not history.deleted:
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before != after:
                changes[field] = [_plain(field, before, old=True), _plain(field, after)]
        if not changes:
            return None
    else:
        position, created = (1, True) if action == "create" else (0, False)
        for field in shape.fields:
            value = values.get(field)
            if value is not None and value != "":
                pair: list[Any] = [None, None]
                pair[position] = _plain(field, value, created=created)
                changes[field] = pair
    entity_id = "/".join(str(values.get(k, "")) for k in shape.key)
    name = next((str(values[f]) for f in LABEL_FIELDS if values.get(f)), f"#{entity_id}")
    return _Record(
        action, shape.entity, entity_id, _summary(action, shape.entity, name, changes), changes
    )


def _summary(action: str, entity: str, name: str, changes: dict[str, list[Any]]) -> str:
    head = f"{action_label(action)}{entity_label(entity)} {name}"
    if action != "update":
        return head
    parts = []
    for field, (before, after) in changes.items():
        label = field_label(entity, field)
        if field in SECRET_FIELDS:
            parts.append(f"{label}{PASSWORD_CHANGED}")
        else:
            parts.append(
                f"{label} {_brief(value_text(entity, field, before))} → "
                f"{_brief(value_text(entity, field, after))}"
            )
    return _clip(f"{head}：{'；'.join(parts)}")


def _brief(text_: str, length: int = 30) -> str:
    return text_ if len(text_) <= length else text_[: length - 1] + "…"


def _record_flush(session: Session, _flush_context: object) -> None:
    """after_flush: the records of each object this flush created, changed or deleted, read
    while new rows have their ids and the attribute history still holds the old values."""
    records = []
    for objects, action in (
        (session.new, "create"),
        (session.dirty, "update"),
        (session.deleted, "delete"),
    ):
        for obj in objects:
            record = _change_record(obj, action)
            if record is not None:
                records.append(record)
    if records:
        session.info[FLUSH_RECORDS] = records


def _write_records(session: Session, _flush_context: object) -> None:
    """after_flush_postexec: add the entries of the flush just done. Added here, not in
    after_flush: there the flushed objects still count as pending, and a flush orders its
    inserts by how many objects were pending when each was added."""
    records = session.info.pop(FLUSH_RECORDS, None)
    if records:
        _append_all(session, records, _who(session))


def _record_bulk(state: ORMExecuteState) -> object:
    """do_orm_execute: an ORM bulk UPDATE or DELETE, as one entry with the number of rows."""
    if not (state.is_update or state.is_delete) or not state.is_orm_statement:
        return None
    mapper = state.bind_mapper
    session = state.session
    if mapper is None or mapper.class_ is AuditEntry:
        return None
    result = state.invoke_statement()
    action = "update" if state.is_update else "delete"
    entity = mapper.local_table.name
    count = getattr(result, "rowcount", -1)
    count = count if count >= 0 else None
    detail: dict[str, Any] = {"rows": count}
    criteria = getattr(state.statement, "whereclause", None)
    if criteria is not None:
        detail["where"] = _where_text(criteria)
    summary = f"批量{action_label(action)}{entity_label(entity)}" + (
        f" {count} 条" if count is not None else ""
    )
    _append_all(session, [_Record(action, entity, "", summary, detail)], _who(session))
    return result


def _where_text(criteria) -> str:
    """A bulk statement's WHERE with its values, ID numbers and phones in it masked."""
    try:
        rendered = str(criteria.compile(compile_kwargs={"literal_binds": True}))
    except (CompileError, NotImplementedError):  # a value without a literal form
        rendered = str(criteria.compile(compile_kwargs={"render_postcompile": True}))
    return SECRETS_IN_TEXT.sub(lambda m: mask_sensitive(m.group()), rendered)


def install_hook() -> None:
    """Record every ORM change of every Session (done once, at the import of this module)."""
    if not event.contains(Session, "after_flush", _record_flush):
        event.listen(Session, "before_flush", _forget_tip)
        event.listen(Session, "after_flush", _record_flush)
        event.listen(Session, "after_flush_postexec", _write_records)
        event.listen(Session, "do_orm_execute", _record_bulk)
        event.listen(AuditEntry, "before_insert", _chain)


install_hook()


# ------------------------------------------------------------------------------ reading it


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show; empty fields do not filter. `start`/`end` are days, both in."""

    user: str = ""
    entity: str = ""  # a table name
    action: str = ""
    start: date | None = None
    end: date | None = None
    text: str = ""  # in the summary, or the record's id


@dataclass(frozen=True)
class DetailLine:
    """One line of an entry's detail: a field's old and new value, or a fact of an event."""

    label: str
    old: str
    new: str

    def __str__(self) -> str:
        if self.old and self.new:
            return f"{self.label}：{self.old} → {self.new}"
        return f"{self.label}：{self.old or self.new}"


@dataclass(frozen=True)
class EntryInfo:
    id: int
    at: datetime
    user_name: str
    action: str
    entity: str
    entity_id: str
    summary: str
    detail: str  # the JSON text as recorded

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity) if self.entity else ""

    def detail_data(self) -> dict[str, Any]:
        if not self.detail:
            return {}
        try:
            data = json.loads(self.detail)
        except ValueError:  # an entry edited by hand: show it as it is
            return {"detail": self.detail}
        return data if isinstance(data, dict) else {"detail": data}

    def lines(self) -> list[DetailLine]:
        """What the detail says, field by field."""
        lines = []
        for field, value in self.detail_data().items():
            label = field_label(self.entity, field)
            if self.action in CHANGE_ACTIONS and isinstance(value, list) and len(value) == 2:
                before, after = value
                lines.append(
                    DetailLine(
                        label,
                        "" if before is None else value_text(self.entity, field, before),
                        "" if after is None else value_text(self.entity, field, after),
                    )
                )
            else:
                lines.append(DetailLine(label, "", value_text(self.entity, field, value)))
        return lines


def _info(entry: AuditEntry) -> EntryInfo:
    return EntryInfo(
        entry.id,
        entry.at,
        entry.user_name,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        entry.detail,
    )


def _criteria(filters: AuditFilter) -> list:
    found = []
    if filters.user.strip():
        found.append(AuditEntry.user_name == filters.user.strip())
    if filters.entity:
        found.append(AuditEntry.entity == filters.entity)
    if filters.action:
        found.append(AuditEntry.action == filters.action)
    if filters.start is not None:
        check_day(filters.start, "开始日期", "start")
        found.append(AuditEntry.at >= datetime.combine(filters.start, time()))
    if filters.end is not None:
        check_day(filters.end, "结束日期", "end")
        found.append(AuditEntry.at < datetime.combine(filters.end + timedelta(days=1), time()))
    wanted = filters.text.strip()
    if wanted:
        pattern = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found.append(
            or_(AuditEntry.summary.like(pattern, escape="\\"), AuditEntry.entity_id == wanted)
        )
    return found


def list_entries(
    db: Database,
    filters: AuditFilter = AuditFilter(),
    *,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> list[EntryInfo]:
    """Up to `limit` matching entries, newest first, older than `before_id` when given (the
    next page). Only an administrator may read the trail."""
    access.require(db, access.Permission.USERS)
    query = select(AuditEntry).where(*_criteria(filters))
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    with db.session() as session:
        return [
            _info(e) for e in session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit))
        ]


def iter_entries(
    db: Database, filters: AuditFilter = AuditFilter(), *, batch: int = 1000
) -> Iterator[EntryInfo]:
    """Every matching entry, oldest first, read a batch at a time (a trail may hold millions)."""
    access.require(db, access.Permission.USERS)
    return _batches(db, select(AuditEntry).where(*_criteria(filters)), batch)


def _batches(db: Database, query, batch: int) -> Iterator[EntryInfo]:
    after = 0
    while True:
        with db.session() as session:
            page = [
                _info(e)
                for e in session.scalars(
                    query.where(AuditEntry.id > after).order_by(AuditEntry.id).limit(batch)
                )
            ]
        yield from page
        if len(page) < batch:
            return
        after = page[-1].id


def entry_users(db: Database) -> list[str]:
    """Everyone who appears in the trail, for the viewer's filter."""
    access.require(db, access.Permission.USERS)
    with db.session() as session:
        return list(
            session.scalars(select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name))
        )


# ---------------------------------------------------------------------------- verifying it


@dataclass(frozen=True)
class ChainReport:
    checked: int  # entries read until the first broken one (or all)
    broken_id: int | None = None
    problem: str = ""  # "hash": the entry was edited; "prev_hash": one before it went missing

    @property
    def intact(self) -> bool:
        return self.broken_id is None

    @property
    def message(self) -> str:
        if self.problem == "hash":
            return (
                f"操作日志第 {self.broken_id} 号记录的内容与其校验值不符：该记录被改动过"
                f"（已校验 {self.checked} 条）"
            )
        if self.problem == "prev_hash":
            return (
                f"操作日志第 {self.broken_id} 号记录接不上前一条记录：它前面的记录被删除、"
                f"插入或调换过（已校验 {self.checked} 条）"
            )
        if not self.checked:
            return "操作日志中还没有记录"
        return f"操作日志完整：{self.checked} 条记录均未被改动或删除"


def verify_chain(db: Database, *, batch: int = 5000) -> ChainReport:
    """Recompute the chain entry by entry, oldest first, and stop at the first broken entry."""
    c = AuditEntry.__table__.c
    # in entry_hash's order after the id and the two hashes
    query = select(
        c.id,
        c.prev_hash,
        c.hash,
        c.at,
        c.user_name,
        c.action,
        c.entity,
        c.entity_id,
        c.summary,
        c.detail,
    ).order_by(c.id)
    prev_hash, checked, after = GENESIS, 0, 0
    with db.engine.connect() as conn:
        while True:
            rows = conn.execute(query.where(c.id > after).limit(batch)).all()
            for entry_id, stored_prev, stored_hash, *content in rows:
                checked += 1
                if stored_prev != prev_hash:
                    return ChainReport(checked, entry_id, "prev_hash")
                if stored_hash != entry_hash(stored_prev, *content):
                    return ChainReport(checked, entry_id, "hash")
                prev_hash = stored_hash
            if len(rows) < batch:
                return ChainReport(checked)
            after = rows[-1][0]


# ---------------------------------------------------------------------------- exporting it

EXPORT_COLUMNS = (
    ("编号", 8),
    ("时间", 19),
    ("用户", 12),
    ("操作", 10),
    ("对象", 12),
    ("对象编号", 10),
    ("摘要", 60),
    ("详情", 60),
)


def export_entries(db: Database, path: Path | str, filters: AuditFilter = AuditFilter()) -> int:
    """Write the matching entries, oldest first, to an xlsx workbook; returns how many. The
    export is itself an entry of the trail."""
    import xlsxwriter

    from desktop.exchange.files import check_target, close_workbook, writing

    target = check_target(path)
    entries = iter_entries(db, filters)
    count = 0
    with writing(target) as temp:
        book = xlsxwriter.Workbook(
            str(temp),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        sheet = book.add_worksheet("操作日志")
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        for column, (header, width) in enumerate(EXPORT_COLUMNS):
            sheet.set_column(column, column, width)
            sheet.write_string(0, column, header, bold)
        sheet.freeze_panes(1, 0)
        for count, entry in enumerate(entries, start=1):
            cells = (
                entry.at.isoformat(sep=" "),
                entry.user_name,
                entry.action_label,
                entry.entity_label,
                entry.entity_id,
                entry.summary,
                "\n".join(str(line) for line in entry.lines()),
            )
            sheet.write_number(count, 0, entry.id)
            for column, value in enumerate(cells, start=1):
                sheet.write_string(count, column, value, wrap)
        close_workbook(book, target)
    log_event(
        db,
        "export",
        entity="audit_entry",
        summary=f"导出操作日志 {count} 条 → {target.name}",
        detail={"file": target.name, "rows": count, "filters": _filter_text(filters)},
    )
    return count


def _filter_text(filters: AuditFilter) -> str:
    parts = [
        f"用户 {filters.user}" if filters.user else "",
        f"对象 {entity_label(filters.entity)}" if filters.entity else "",
        f"操作 {action_label(filters.action)}" if filters.action else "",
        f"自 {filters.start}" if filters.start else "",
        f"至 {filters.end}" if filters.end else "",
        f"含“{filters.text}”" if filters.text.strip() else "",
    ]
    return "，".join(p for p in parts if p) or "全部"
