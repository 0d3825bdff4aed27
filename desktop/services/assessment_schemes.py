"""Assessment schemes (考核细则): create, read, edit in versions, and find the one in force.

A scheme applies to chosen roles from a start month. The scheme in force for a role and month is
the one with the latest start month not after the month (the higher version when two versions
start the same month). A role belongs to one scheme family: a scheme that names a role the
latest version of another scheme names is refused (take the role out of the other one first),
so that nobody is scored, and paid, twice. A version used by an approved month is frozen: editing it makes the next
version of the same family, which the months not yet approved follow, while approved months
keep the version they were scored with. Items keep their `key` from version to version, so the
entries of a month carry over to a new version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.db import Database
from desktop.errors import NotFoundError, RefusedError, ValidationError
from desktop.models import (
    AssessmentScheme,
    GradeBandRow,
    Role,
    SchemeItem,
    SchemeRole,
    SchemeSection,
)
from desktop.models.base import new_uid
from desktop.services import access, scoring
from desktop.services.access import Permission
from desktop.services.assessment_figures import (
    CONCLUDED_IN_TIME_SHARE,
    METRICS,
    VILLAGE_CLOSED_SHARE,
)
from desktop.services.pinyin import initials
from desktop.services.scoring import GradeBand, ItemKind, ItemSpec, NoCases, SchemeSpec
from desktop.services.text import clean_text

MAX_NAME = 60

# ----------------------------------------------------------------------------------- the values


@dataclass(frozen=True)
class ItemDraft:
    name: str  # 小则
    kind: ItemKind
    max_points: Decimal = Decimal(0)
    per_count: Decimal = Decimal(0)
    bands: tuple[tuple[Decimal, Decimal], ...] = ()  # (figure at least, points), ascending
    metric: str = ""
    rule_text: str = ""  # the rule as the county wrote it, shown to scorers
    no_cases: NoCases = NoCases.ZERO  # automatic items: what a worker without cases earns
    key: str = ""  # kept from the version the item comes from; empty for a new item


@dataclass(frozen=True)
class SectionDraft:
    name: str  # 大则
    items: tuple[ItemDraft, ...]


@dataclass(frozen=True)
class SchemeDraft:
    name: str
    start_month: date  # any day of the month
    roles: tuple[str, ...]  # role names
    sections: tuple[SectionDraft, ...]
    bands: tuple[GradeBand, ...] = field(default_factory=lambda: tuple(scoring.DEFAULT_BANDS))
    top_quota_percent: int | None = None
    bonus_cap: Decimal | None = None


@dataclass(frozen=True)
class SchemeInfo:
    id: int
    uid: str
    family_uid: str
    version: int
    name: str
    start_month: date
    roles: tuple[str, ...]
    sections: tuple[SectionDraft, ...]  # every item with its key
    bands: tuple[GradeBand, ...]
    top_quota_percent: int | None
    bonus_cap: Decimal | None
    frozen: bool

    @property
    def label(self) -> str:
        return f"{self.name}（第{self.version}版，{self.start_month:%Y-%m}起）"

    @property
    def items(self) -> tuple[ItemSpec, ...]:
        return tuple(
            ItemSpec(
                key=item.key,
                section=section.name,
                name=item.name,
                kind=item.kind,
                max_points=item.max_points,
                per_count=item.per_count,
                bands=item.bands,
                metric=item.metric,
                no_cases=item.no_cases,
            )
            for section in self.sections
            for item in section.items
        )

    def spec(self) -> SchemeSpec:
        return SchemeSpec(
            items=self.items,
            bands=self.bands,
            top_quota_percent=self.top_quota_percent,
            bonus_cap=self.bonus_cap,
        )

    def draft(self) -> SchemeDraft:
        """The scheme as a draft to edit (items keep their keys)."""
        return SchemeDraft(
            name=self.name,
            start_month=self.start_month,
            roles=self.roles,
            sections=self.sections,
            bands=self.bands,
            top_quota_percent=self.top_quota_percent,
            bonus_cap=self.bonus_cap,
        )


@dataclass(frozen=True)
class SchemeUpdate:
    scheme: SchemeInfo
    new_version: bool  # the edited version was frozen: the edit became the next version

    @property
    def message(self) -> str:
        if self.new_version:
            return (
                f"原版本已用于审核过的月份，不能修改；已另存为第{self.scheme.version}版，"
                f"自 {self.scheme.start_month:%Y-%m} 起未审核的月份按新版本计分"
            )
        return f"已保存 {self.scheme.label}"


class SchemeChoiceNeeded(ValidationError):
    """Several schemes apply and none was chosen; `names` lists them for the caller to offer."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__({"scheme": message})
        self.names = names


# ----------------------------------------------------------------------------- tenths of points


def to_tenths(value: Decimal, field_name: str, label: str) -> int:
    """Points as stored: integer tenths. More than one decimal is refused, never rounded."""
    tenths = value * 10
    if tenths != tenths.to_integral_value():
        raise ValidationError({field_name: f"{label}最多保留一位小数"})
    return int(tenths)


def from_tenths(tenths: int) -> Decimal:
    """Tenths as points with their one decimal place, as scoring rounds them: 550 → 55.0."""
    return Decimal(tenths).scaleb(-1)


# -------------------------------------------------------------------------------- the use cases


def create_scheme(db: Database, draft: SchemeDraft) -> SchemeInfo:
    """Save a new scheme (version 1 of a new family), validated (Chinese messages)."""
    access.require(db, Permission.SETTINGS)
    draft = _clean(draft)
    with db.session() as session:
        roles = _check(session, draft, family=None)
        scheme = AssessmentScheme(family_uid=new_uid(), version=1)
        _fill(scheme, draft, roles)
        session.add(scheme)
        session.flush()
        return _info(_load(session, scheme.id))


def update_scheme(db: Database, scheme_id: int, draft: SchemeDraft) -> SchemeUpdate:
    """Edit a scheme version in place, or, when a month scored with it has been approved, save
    the edit as the next version of the family (the return value says which)."""
    access.require(db, Permission.SETTINGS)
    draft = _clean(draft)
    with db.session() as session:
        scheme = _load(session, scheme_id)
        latest = session.scalar(
            select(func.max(AssessmentScheme.version)).where(
                AssessmentScheme.family_uid == scheme.family_uid
            )
        )
        if scheme.version != latest:
            raise RefusedError(
                f"“{scheme.name}”已有第{latest}版，第{scheme.version}版不能再修改；请修改最新版本"
            )
        roles = _check(session, draft, family=scheme.family_uid)
        if not scheme.frozen:
            scheme.roles.clear()
            scheme.sections.clear()
            scheme.bands.clear()
            session.flush()  # the old rows go before new ones take their keys and positions
            _fill(scheme, draft, roles)
            session.flush()
            session.expire(scheme)
            return SchemeUpdate(_info(_load(session, scheme.id)), new_version=False)
        successor = AssessmentScheme(family_uid=scheme.family_uid, version=scheme.version + 1)
        _fill(successor, draft, roles)
        session.add(successor)
        session.flush()
        return SchemeUpdate(_info(_load(session, successor.id)), new_version=True)


def get_scheme(db: Database, scheme_id: int) -> SchemeInfo:
    with db.session() as session:
        return _info(_load(session, scheme_id))


def list_schemes(db: Database) -> list[SchemeInfo]:
    """Every version of every scheme: by name (in pinyin order), then version."""
    with db.session() as session:
        schemes = session.scalars(
            _query().order_by(AssessmentScheme.name, AssessmentScheme.family_uid)
        ).all()
        return sorted(
            (_info(scheme) for scheme in schemes),
            key=lambda s: (initials(s.name), s.name, s.family_uid, s.version),
        )


def in_force(month: date):
    """Scheme versions started by the month, the one in force first."""
    return (
        _query()
        .where(AssessmentScheme.start_month <= month.replace(day=1))
        .order_by(
            AssessmentScheme.start_month.desc(),
            AssessmentScheme.version.desc(),
            AssessmentScheme.id.desc(),
        )
    )


def roles_in_force(session: Session, month: date) -> dict[int, AssessmentScheme]:
    """role id → the scheme version in force for the role in the month."""
    chosen: dict[int, AssessmentScheme] = {}
    for scheme in session.scalars(in_force(month)).unique():
        for link in scheme.roles:
            chosen.setdefault(link.role_id, scheme)
    return chosen


def schemes_in_force(session: Session, month: date) -> list[AssessmentScheme]:
    """One version per family: the schemes that apply to some role in the month."""
    families: dict[str, AssessmentScheme] = {}
    for scheme in roles_in_force(session, month).values():
        families.setdefault(scheme.family_uid, scheme)
    return sorted(families.values(), key=lambda s: (initials(s.name), s.name, s.id))


def load_info(session: Session, scheme_id: int) -> SchemeInfo:
    return _info(_load(session, scheme_id))


# ----------------------------------------------------------------------------------- the default


def default_scheme_draft(start_month: date | None = None) -> SchemeDraft:
    """A scheme modelled on the rules townships use for full-time grid workers: 100 points of
    outcomes (visits, records, disputes found and settled, safety), a capped bonus for reports,
    and a veto for a serious accident left unreported. Scores outcomes only: no log-in rates,
    online time or quotas (DESIGN.md) — finding disputes is judged by the scorer, never paid per
    case reported, and the two shares give a worker with no case concluded their full points
    (nothing was late, nothing left the village), as the rule text says."""
    d = Decimal
    return SchemeDraft(
        name="网格员月度考核细则",
        start_month=start_month or date.today().replace(day=1),
        roles=("专职网格员", "网格长"),
        sections=(
            SectionDraft(
                "基础工作（30分）",
                (
                    ItemDraft(
                        "日常走访",
                        ItemKind.MANUAL,
                        max_points=d(20),
                        rule_text="按月走访网格内住户，掌握社情民意，视走访质量评分，最高20分",
                    ),
                    ItemDraft(
                        "信息录入",
                        ItemKind.DEDUCTION,
                        max_points=d(5),
                        per_count=d(2),
                        rule_text="人口、房屋等基础信息及时更新；每发现一条未及时更新扣2分，扣完为止",
                    ),
                    ItemDraft(
                        "台账资料",
                        ItemKind.MANUAL,
                        max_points=d(5),
                        rule_text="工作台账齐全、记录规范",
                    ),
                ),
            ),
            SectionDraft(
                "矛盾纠纷排查化解（40分）",
                (
                    ItemDraft(
                        "矛盾纠纷排查",
                        ItemKind.MANUAL,
                        max_points=d(15),
                        rule_text="及时排查、如实上报网格内的矛盾纠纷，视排查是否及时、信息是否准确"
                        "评分，最高15分；不按上报件数计分",
                    ),
                    ItemDraft(
                        "按期化解率",
                        ItemKind.AUTO,
                        max_points=d(15),
                        bands=((d(0), d(0)), (d(60), d(8)), (d(80), d(12)), (d(90), d(15))),
                        metric=CONCLUDED_IN_TIME_SHARE,
                        no_cases=NoCases.FULL,
                        rule_text="本人上报的案件当月办结的，按期办结率≥90%得15分，≥80%得12分，"
                        "≥60%得8分，其余不得分；当月没有办结案件的得满分（无逾期）"
                        "（按案件办理自动计算）",
                    ),
                    ItemDraft(
                        "小事不出村",
                        ItemKind.AUTO,
                        max_points=d(10),
                        bands=((d(0), d(0)), (d(60), d(6)), (d(80), d(10))),
                        metric=VILLAGE_CLOSED_SHARE,
                        no_cases=NoCases.FULL,
                        rule_text="本人上报的案件当月办结的，村级化解率≥80%得10分，≥60%得6分；"
                        "当月没有办结案件的得满分（按案件办理自动计算）",
                    ),
                ),
            ),
            SectionDraft(
                "平安建设（30分）",
                (
                    ItemDraft(
                        "安全隐患排查",
                        ItemKind.MANUAL,
                        max_points=d(15),
                        rule_text="排查消防、交通、地质灾害等隐患并及时上报处置",
                    ),
                    ItemDraft(
                        "重点人员服务管理",
                        ItemKind.MANUAL,
                        max_points=d(10),
                        rule_text="对辖区重点人员落实走访帮扶、动态掌握",
                    ),
                    ItemDraft(
                        "群众满意度",
                        ItemKind.MANUAL,
                        max_points=d(5),
                        rule_text="以村(社区)测评结果为准",
                    ),
                ),
            ),
            SectionDraft(
                "加分项",
                (
                    ItemDraft(
                        "宣传报道",
                        ItemKind.BONUS,
                        max_points=d(3),
                        per_count=d(1),
                        rule_text="网格工作信息被县级以上媒体采用的，每篇加1分，最多加3分",
                    ),
                ),
            ),
            SectionDraft(
                "一票否决",
                (
                    ItemDraft(
                        "安全事故",
                        ItemKind.VETO,
                        rule_text="网格内发生重大安全事故或群体性事件且瞒报、迟报的，当月考核定为不合格",
                    ),
                ),
            ),
        ),
    )


# ------------------------------------------------------------------------------------ internals


def _query():
    return select(AssessmentScheme).options(
        selectinload(AssessmentScheme.roles).selectinload(SchemeRole.role),
        selectinload(AssessmentScheme.sections).selectinload(SchemeSection.items),
        selectinload(AssessmentScheme.bands),
    )


def _load(session: Session, scheme_id: int) -> AssessmentScheme:
    scheme = session.scalars(_query().where(AssessmentScheme.id == scheme_id)).first()
    if scheme is None:
        raise NotFoundError("该考核细则不存在（可能已被删除）")
    return scheme


def _clean(draft: SchemeDraft) -> SchemeDraft:
    return replace(
        draft,
        name=clean_text(draft.name),
        start_month=draft.start_month.replace(day=1) if draft.start_month else draft.start_month,
        roles=tuple(dict.fromkeys(r.strip() for r in draft.roles if r and r.strip())),
        sections=tuple(
            SectionDraft(
                clean_text(section.name),
                tuple(
                    replace(item, name=clean_text(item.name), rule_text=clean_text(item.rule_text))
                    for item in section.items
                ),
            )
            for section in draft.sections
        ),
    )


def _check(session: Session, draft: SchemeDraft, *, family: str | None) -> list[Role]:
    """The roles of the draft (a version of `family`, None for a new scheme); ValidationError
    (Chinese) for anything wrong with it."""
    errors: dict[str, str] = {}
    if not draft.name:
        errors["name"] = "请填写细则名称"
    elif len(draft.name) > MAX_NAME:
        errors["name"] = f"细则名称不能超过{MAX_NAME}个字"
    if draft.start_month is None:
        errors["start_month"] = "请选择起始月份"
    roles = list(session.scalars(select(Role).where(Role.name.in_(draft.roles))))
    unknown = [name for name in draft.roles if name not in {role.name for role in roles}]
    if not draft.roles:
        errors["roles"] = "请至少选择一个适用岗位"
    elif unknown:
        errors["roles"] = f"岗位目录中没有：{'、'.join(unknown)}"
    errors.update(_check_items(draft))
    if errors:
        raise ValidationError(errors)
    _check_points(draft)
    scoring.check_scheme(_spec(draft))
    taken = _roles_taken(session, draft.roles, family)
    if taken:
        raise ValidationError(
            {
                "roles": "；".join(f"岗位“{role}”已适用考核细则“{name}”" for role, name in taken)
                + "。一个岗位只能适用一套细则，以免同一人被考核两次；"
                "如新细则取代原细则，请先从原细则中去掉该岗位"
            }
        )
    return roles


def _roles_taken(
    session: Session, roles: tuple[str, ...], family: str | None
) -> list[tuple[str, str]]:
    """(role, scheme name) for each role of `roles` that the latest version of another family
    names."""
    latest: dict[str, AssessmentScheme] = {}
    for scheme in session.scalars(_query().order_by(AssessmentScheme.version)):
        latest[scheme.family_uid] = scheme
    return [
        (link.role.name, scheme.name)
        for uid, scheme in latest.items()
        if uid != family
        for link in scheme.roles
        if link.role.name in roles
    ]


def _check_items(draft: SchemeDraft) -> dict[str, str]:
    """What scoring.check_scheme cannot know: sections, lengths, names, metrics."""
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for section in draft.sections:
        if not section.name:
            errors["sections"] = "每个大则都要有名称"
        elif len(section.name) > MAX_NAME:
            errors["sections"] = f"大则“{section.name[:10]}…”的名称不能超过{MAX_NAME}个字"
        for item in section.items:
            if len(item.name) > MAX_NAME:
                errors["items"] = f"小则“{item.name[:10]}…”的名称不能超过{MAX_NAME}个字"
            elif item.name and item.name in seen:
                errors["items"] = f"小则“{item.name}”重复：同一细则中小则名称不能相同"
            elif item.kind is ItemKind.AUTO and item.metric not in METRICS:
                known = "、".join(METRICS.values())
                errors["items"] = f"自动计分项“{item.name}”须选择取数口径：{known}"
            seen.add(item.name)
    return errors


def _check_points(draft: SchemeDraft) -> None:
    """Everything stored in tenths must have at most one decimal."""
    for section in draft.sections:
        for item in section.items:
            to_tenths(item.max_points, "items", f"“{item.name}”的分值")
            to_tenths(item.per_count, "items", f"“{item.name}”的每次分值")
            for _figure, points in item.bands:
                to_tenths(points, "items", f"“{item.name}”的档次分值")
    for band in draft.bands:
        to_tenths(band.lower, "bands", f"等次“{band.grade}”的分数线")
        if band.upper is not None:
            to_tenths(band.upper, "bands", f"等次“{band.grade}”的分数线")
    if draft.bonus_cap is not None:
        to_tenths(draft.bonus_cap, "bonus_cap", "加分上限")


def _spec(draft: SchemeDraft) -> SchemeSpec:
    return SchemeSpec(
        items=tuple(
            ItemSpec(
                key=item.key or item.name,
                section=section.name,
                name=item.name,
                kind=item.kind,
                max_points=item.max_points,
                per_count=item.per_count,
                bands=item.bands,
                metric=item.metric,
                no_cases=item.no_cases,
            )
            for section in draft.sections
            for item in section.items
        ),
        bands=draft.bands,
        top_quota_percent=draft.top_quota_percent,
        bonus_cap=draft.bonus_cap,
    )


def _fill(scheme: AssessmentScheme, draft: SchemeDraft, roles: list[Role]) -> None:
    scheme.name = draft.name
    scheme.start_month = draft.start_month
    scheme.top_quota_percent = draft.top_quota_percent
    scheme.bonus_cap_tenths = (
        None if draft.bonus_cap is None else to_tenths(draft.bonus_cap, "bonus_cap", "加分上限")
    )
    scheme.roles = [SchemeRole(role_id=role.id) for role in roles]
    scheme.bands = [
        GradeBandRow(
            position=position,
            grade=band.grade,
            lower_tenths=to_tenths(band.lower, "bands", band.grade),
            upper_tenths=None if band.upper is None else to_tenths(band.upper, "bands", band.grade),
        )
        for position, band in enumerate(draft.bands)
    ]
    sections = []
    for position, section_draft in enumerate(draft.sections):
        section = SchemeSection(position=position, name=section_draft.name)
        section.items = [
            SchemeItem(
                scheme=scheme,
                position=index,
                key=item.key or new_uid(),
                name=item.name,
                kind=item.kind.value,
                max_tenths=to_tenths(item.max_points, "items", item.name),
                per_count_tenths=to_tenths(item.per_count, "items", item.name),
                bands=_rule_json(item),
                metric=item.metric if item.kind is ItemKind.AUTO else "",
                rule_text=item.rule_text,
            )
            for index, item in enumerate(section_draft.items)
        ]
        sections.append(section)
    scheme.sections = sections


def _rule_json(item: ItemDraft) -> str:
    """An automatic item's rule as stored in the `bands` column: {"bands": [[figure, points] …],
    "no_cases": "zero" | "full"}; other kinds store nothing. The column holds the whole rule so
    that saying what "no cases" earns needs no new column (older rows hold the bare list)."""
    if item.kind is not ItemKind.AUTO:
        return ""
    bands = [[str(f), str(p)] for f, p in item.bands]
    return json.dumps({"bands": bands, "no_cases": item.no_cases.value})


def _rule(text: str) -> tuple[tuple[tuple[Decimal, Decimal], ...], NoCases]:
    rule = json.loads(text or "[]")
    if isinstance(rule, list):  # stored before items said what "no cases" earns
        rule = {"bands": rule}
    bands = tuple((Decimal(f), Decimal(p)) for f, p in rule.get("bands", []))
    return bands, NoCases(rule.get("no_cases", NoCases.ZERO.value))


def _info(scheme: AssessmentScheme) -> SchemeInfo:
    return SchemeInfo(
        id=scheme.id,
        uid=scheme.uid,
        family_uid=scheme.family_uid,
        version=scheme.version,
        name=scheme.name,
        start_month=scheme.start_month,
        roles=tuple(
            link.role.name
            for link in sorted(scheme.roles, key=lambda r: (r.role.sort_order, r.role_id))
        ),
        sections=tuple(
            SectionDraft(
                section.name,
                tuple(
                    ItemDraft(
                        name=item.name,
                        kind=ItemKind(item.kind),
                        max_points=from_tenths(item.max_tenths),
                        per_count=from_tenths(item.per_count_tenths),
                        bands=_rule(item.bands)[0],
                        metric=item.metric,
                        rule_text=item.rule_text,
                        key=item.key,
                        no_cases=_rule(item.bands)[1],
                    )
                    for item in section.items
                ),
            )
            for section in scheme.sections
        ),
        bands=tuple(
            GradeBand(
                band.grade,
                from_tenths(band.lower_tenths),
                None if band.upper_tenths is None else from_tenths(band.upper_tenths),
            )
            for band in scheme.bands
        ),
        top_quota_percent=scheme.top_quota_percent,
        bonus_cap=None if scheme.bonus_cap_tenths is None else from_tenths(scheme.bonus_cap_tenths),
        frozen=scheme.frozen,
    )
