"""人民调解协议书 for a settled case, with what 《人民调解法》§28–§33 asks of it: the parties' basic
details; the facts and the disputed points; the agreed rights and duties; how, where and by when
it is carried out; when it takes effect and the 30 days for judicial confirmation; signatures of
the parties, the mediator(s) and the recorder; the committee's seal; one copy per party and one
kept by the committee.

The parties sign it, so it carries their full ID numbers and phones (Rendered.full_details), and
the paper says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.models import GridUnit
from desktop.reports.paper import (
    Heading,
    Paper,
    SealArea,
    Signatures,
    chinese_date,
    form_table,
    paragraph,
    spacer,
)
from desktop.reports.registration import (
    PARTY_HEADERS,
    CentredTitle,
    case_of,
    party_cells,
)
from desktop.reports.request import Progress, Rendered, ReportRequest
from desktop.services.cases import CaseInfo, unit_above
from desktop.vocabulary import HandlingLevel, Level

TITLE = "人民调解协议书"
SIDES = "甲乙丙丁戊己庚辛壬癸"
DIGITS = "零一二三四五六七八九"
# Where a case was settled decides whose committee made the agreement.
COMMITTEE_LEVEL = {HandlingLevel.VILLAGE: Level.VILLAGE, HandlingLevel.COUNTY: Level.COUNTY}
# The parties' table (points of the portrait frame): a full phone and a full ID number fit on
# one line.
GRID = (48, 72, 32, 84, 130, 99)
FULL_DETAILS_NOTE = (
    "注：本协议书载有当事人完整的身份证号码和联系电话，仅供当事人和人民调解委员会存档，"
    "请妥善保管，不得复制、外传。"
)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 30 → 三十, 99 → 九十九 (counts on a legal paper)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def side(index: int) -> str:
    """甲方, 乙方 … for the parties in their order; 第十一方 past the ten stems."""
    return f"{SIDES[index]}方" if index < len(SIDES) else f"第{chinese_number(index + 1)}方"


def agreement_case(db: Database, request: ReportRequest) -> CaseInfo:
    """The case, which must have an agreement; NotFoundError (Chinese) otherwise."""
    case = case_of(db, request)
    if case.agreement is None:
        raise NotFoundError(
            f"案件{case.number}没有调解协议：调解协议书在调解成功、签订协议后制作，"
            f"该案件目前的状态是“{case.status.label}”"
        )
    return case


def committee_name(db: Database, case: CaseInfo) -> str:
    """The people's mediation committee of the level that settled the case (the township's when
    the level is unknown or the place lies above it)."""
    with db.session() as session:
        unit = session.get(GridUnit, case.unit_id)
        level = COMMITTEE_LEVEL.get(case.level, Level.TOWNSHIP)
        body = unit_above(unit, level) or unit_above(unit, Level.TOWNSHIP) or unit
        return f"{body.name}人民调解委员会"


def sections(case: CaseInfo) -> list[tuple[str, str]]:
    """The agreement's text: (heading, body) in the order the law lists the contents."""
    agreement = case.agreement
    assert agreement is not None
    agreed = agreement.terms
    if agreement.obligations:
        agreed += f"\n各方当事人的义务：\n{agreement.obligations}"
    performance = agreement.performance or "由各方当事人按照协议约定自行履行。"
    if agreement.perform_by is not None:
        performance += f"\n履行期限：{chinese_date(agreement.perform_by)}前履行完毕。"
    days = (agreement.confirmation_due_on - agreement.signed_on).days
    copies = chinese_number(len(case.parties) + 1)
    both = "双方" if len(case.parties) == 2 else "各方"
    return [
        ("一、纠纷主要事实、争议事项", agreement.facts or case.summary),
        ("二、经调解，各方当事人自愿达成如下协议", agreed),
        ("三、履行协议的方式、地点、期限", performance),
        (
            "四、其他事项",
            "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起"
            "生效，具有法律约束力，当事人应当按照约定履行。\n"
            f"{both}当事人认为有必要的，可以自本协议生效之日起{chinese_number(days)}日内"
            f"（即{chinese_date(agreement.confirmation_due_on)}前）共同向人民法院申请司法确认。\n"
            f"本协议一式{copies}份，当事人各执一份，人民调解委员会留存一份。",
        ),
    ]


def render(
    db: Database, request: ReportRequest, out: Path, progress: Progress | None = None
) -> Rendered:
    case = agreement_case(db, request)
    committee = committee_name(db, case)
    paper = Paper(
        out, title=TITLE, issuer=committee, today=request.today or date.today(), title_block=False
    )
    party_rows = [["当事人", *PARTY_HEADERS]]
    party_rows += [[side(i), *party_cells(p, full=True)] for i, p in enumerate(case.parties)]
    parties = form_table(
        party_rows,
        GRID,
        total_width=paper.width,
        labels=[(c, 0) for c in range(6)] + [(0, r) for r in range(1, len(party_rows))],
    )
    story = [
        CentredTitle(TITLE, 22),
        paragraph(f"编号：{case.number}", 10.5, align="right"),
        spacer(2),
        parties,
    ]
    texts = [
        [
            Heading(heading, 11, space_before=3 * mm, space_after=1 * mm, keep_mm=0),
            *(paragraph(line, 10.5, indent=2) for line in body.split("\n") if line.strip()),
        ]
        for heading, body in sections(case)
    ]
    for part in texts[:-1]:
        story.append(KeepTogether(part))
    # The last section goes with the signatures: no page of signatures without text above them.
    closing = texts[-1]
    if case.mediator_names:
        closing += [spacer(2), paragraph(f"主持调解的人民调解员：{case.mediator_names}", 10.5)]
    # Two signature lines a row: each party, each mediator on the case, the recorder; a spare
    # mediator's line evens the rows (a case may be mediated by two).
    mediator_lines = max(1, len(case.current_mediators))
    mediator_lines += (len(case.parties) + mediator_lines + 1) % 2
    signers = [f"{side(i)}（签名、盖章或按指印）" for i in range(len(case.parties))]
    signers += ["人民调解员（签名）"] * mediator_lines + ["记录人（签名）"]
    closing.append(spacer(6))
    closing += [Signatures(signers[i : i + 2], dates=False) for i in range(0, len(signers), 2)]
    closing += [
        SealArea(committee, when=case.agreement.signed_on),
        paragraph(FULL_DETAILS_NOTE, 8.5),
    ]
    story.append(KeepTogether(closing))
    return paper.build(story, full_details=True)
