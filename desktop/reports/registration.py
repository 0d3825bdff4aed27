"""人民调解登记表: one case's registration form on one page, a grid of label and value cells.

An internal form, so ID numbers and phones are masked as on every paper. What the system does not
record (the applicant's own request in their words) is left as an empty cell to fill in by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, TableStyle

from desktop.db import Database
from desktop.models import GridUnit
from desktop.reports.fonts import draw_text
from desktop.reports.issuer import Scope, scope_of
from desktop.reports.paper import Paper, Signatures, chinese_date, form_table, paragraph, spacer
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.services.case_workflow import Action
from desktop.services.cases import CaseInfo, PartyInfo, find_case
from desktop.services.identity import IdNumberError, parse_citizen_id

TITLE = "人民调解登记表"

# The form's six columns, in points of the portrait frame: the party rows use all six (当事人,
# 姓名或名称, 性别, 联系电话, 身份证号码 — a masked one on one line —, 住址); the other rows pair a
# label with a value: 0 | 1–2 | 3 | 4–5.
GRID = (60, 80, 32, 78, 118, 97)
PARTY_HEADERS = ("姓名或名称", "性别", "联系电话", "身份证号码", "住址")
# The steps that decide where and how a case is handled, shown as the acceptance decision.
DECISIONS = (Action.ASSESS, Action.ROUTE, Action.ESCALATE, Action.TRANSFER)


class Tall(Flowable):
    """A cell's content with room below it: at least `height_mm` tall, more when it needs it
    (reportlab's row heights are exact, and text would run out of a fixed one)."""

    def __init__(self, content: Flowable, height_mm: float) -> None:
        super().__init__()
        self.content, self.least = content, height_mm * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.needed = self.content.wrap(availWidth, availHeight)[1]
        self.width, self.height = availWidth, max(self.least, self.needed)
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, self.height - self.needed)


class CentredTitle(Flowable):
    """A document's title, centred and bold (the bundled font has no bold face: stroked)."""

    def __init__(self, text: str, size: float = 20) -> None:
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.size * 1.6
        return self.width, self.height

    def draw(self) -> None:
        draw_text(
            self.canv,
            self.width / 2,
            self.size * 0.4,
            self.text,
            self.size,
            align="center",
            bold=True,
        )


def case_of(db: Database, request: ReportRequest) -> CaseInfo:
    """The case the request names; NotFoundError (Chinese) when there is none."""
    return find_case(db, request.case_number or "", today=request.today)


def scope_of_case(db: Database, case: CaseInfo) -> Scope:
    """The township the case belongs to (a county database holds several)."""
    with db.session() as session:
        code = session.get(GridUnit, case.unit_id).code
    return scope_of(db, code)


def gender_of(party: PartyInfo) -> str:
    if party.kind != "person":
        return "单位"
    if not party.citizen_id:
        return ""
    try:
        return parse_citizen_id(party.citizen_id).gender
    except IdNumberError:
        return ""


def party_cells(party: PartyInfo, *, full: bool) -> tuple[str, ...]:
    """姓名或名称, 性别, 联系电话, 身份证号码, 住址 — masked unless `full`."""
    return (
        party.name,
        gender_of(party),
        (party.phone or "") if full else party.masked_phone,
        (party.citizen_id or "") if full else party.masked_id,
        party.address or "",
    )


def party_block(parties: Sequence[PartyInfo], first_row: int) -> tuple[list[list], list, list]:
    """The party rows of the form: a header row, then one row per party (masked), with 当事人 in
    a cell spanning them all. Returns (rows, spans, label cells) for form_table."""
    rows: list[list] = [["当事人", *PARTY_HEADERS]]
    rows += [["", *party_cells(p, full=False)] for p in parties]
    last = first_row + len(rows) - 1
    spans = [((0, first_row), (0, last))]
    labels = [(0, first_row), *((c, first_row) for c in range(1, 6))]
    return rows, spans, labels


def decision_text(case: CaseInfo) -> str:
    """予以受理, then each assessment and routing step with its date and note."""
    lines = [f"{chinese_date(case.received_on)}予以受理。"]
    for step in case.steps:
        if step.action in DECISIONS:
            said = f"：{step.note}" if step.note else ""
            lines.append(f"{chinese_date(step.at.date())} {step.label}{said}")
    if len(lines) == 1:
        lines.append("（待研判、分流）")
    return "\n".join(lines)


def registrar(case: CaseInfo) -> str:
    return next((s.actor for s in case.steps if s.action is Action.REGISTER), "")


def risk_text(case: CaseInfo) -> str:
    flags = [
        n for f, n in ((case.criminal_risk, "民转刑风险"), (case.group_risk, "群体性风险")) if f
    ]
    return f"{case.risk}（{'、'.join(flags)}）" if flags else case.risk


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    case = case_of(db, request)
    scope = scope_of_case(db, case)
    paper = Paper(out, title=TITLE, issuer=scope.centre, today=request.today or date.today())
    amount = f"{case.amount_text} 元" if case.amount_fen is not None else "—"
    rows: list[list] = [
        ["受理日期", chinese_date(case.received_on), None, "登记人", registrar(case), None],
        ["纠纷来源", case.source, None, "纠纷类别", case.category, None],
        ["发生地点", case.place, None, "报告人", case.reporter or "—", None],
        ["涉及人数", f"{case.people_involved} 人", None, "涉及金额", amount, None],
        ["风险等级", risk_text(case), None, "办结期限", chinese_date(case.due_on), None],
    ]
    spans = [sp for r in range(len(rows)) for sp in (((1, r), (2, r)), ((4, r), (5, r)))]
    labels = [cell for r in range(len(rows)) for cell in ((0, r), (3, r))]
    party_rows, party_spans, party_labels = party_block(case.parties, len(rows))
    rows += party_rows
    spans += party_spans
    labels += party_labels
    # The cells written in by hand have room, less of it for each party past two: one page.
    room = max(0.35, 1 - 0.3 * max(0, len(case.parties) - 2))
    tail = (
        ("纠纷简要情况", case.summary, 30 * room),
        ("请求事项", "", 20 * room),
        ("受理意见", decision_text(case), 26 * room),
        ("调解员", case.mediator_names or "（尚未指派）", 0),
    )
    for label, value, least in tail:
        r = len(rows)
        rows.append([label, Tall(paragraph(value), least) if least else value, *[None] * 4])
        spans.append(((1, r), (5, r)))
        labels.append((0, r))
    form = form_table(rows, GRID, total_width=paper.width, spans=spans, labels=labels)
    # The rows of a form filled in by hand are roomy.
    padding = [("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    form.setStyle(TableStyle(padding))
    story = [
        paragraph(f"编号：{case.number}", 10.5, align="right"),
        spacer(1.5),
        form,
        spacer(2),
        paragraph("注：当事人身份证号码、联系电话已作脱敏处理。", 9),
        spacer(3),
        Signatures(("登记人（签名）", "负责人（签名）", "日期"), dates=False),
    ]
    return paper.build(story)
