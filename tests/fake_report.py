"""A stand-in paper for testing what chooses, previews, prints and saves papers: it follows the
contract of desktop/reports/request.py and writes a real PDF with reportlab.

`install(monkeypatch)` registers it in the catalog as "fake" (a month and an optional unit) and
"fake-case" (a case number, full details). Set `behaviour` to change what the next render does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.errors import NotFoundError
from desktop.exchange.files import writing
from desktop.reports import catalog
from desktop.reports.catalog import PaperInfo, Period
from desktop.reports.request import Rendered, ReportRequest

TITLE = "测试报表"
MODULE = "desktop.reports.fake_for_tests"


@dataclass
class Behaviour:
    pages: int = 2
    missing: frozenset[str] = frozenset()
    landscape_pages: frozenset[int] = frozenset()  # 0-based
    failure: Exception | None = None
    requests: list[ReportRequest] = field(default_factory=list)
    before_writing: object = None  # called with no arguments before the file is written


behaviour = Behaviour()


def render(db, request: ReportRequest, out: Path, progress=None) -> Rendered:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    behaviour.requests.append(request)
    if request.case_number == "不存在":
        raise NotFoundError(f"没有编号为 {request.case_number} 的案件")
    if behaviour.failure is not None:
        raise behaviour.failure
    if callable(behaviour.before_writing):
        behaviour.before_writing()
    with writing(out) as temp:
        canvas = Canvas(str(temp), pagesize=A4)
        for page in range(behaviour.pages):
            size = landscape(A4) if page in behaviour.landscape_pages else A4
            canvas.setPageSize(size)
            canvas.setFont("Helvetica-Bold", 48)
            canvas.drawString(72, size[1] - 120, f"PAGE {page + 1} OF {behaviour.pages}")
            canvas.rect(36, 36, size[0] - 72, size[1] - 72)
            canvas.showPage()
            if progress is not None:
                progress(page + 1, behaviour.pages)
        canvas.save()
    return Rendered(
        pages=behaviour.pages,
        missing_characters=behaviour.missing,
        full_details=request.case_number is not None,
    )


FAKE = PaperInfo(
    "fake",
    TITLE,
    catalog.ASSESSMENT,
    MODULE,
    "一份测试用的报表。",
    period=Period.MONTH,
    unit=True,
)
FAKE_CASE = PaperInfo(
    "fake-case",
    "测试协议书",
    catalog.DISPUTES,
    MODULE,
    "一份测试用的协议书。",
    case=True,
    full_details=True,
)


def install(monkeypatch, *instead_of: str) -> Behaviour:
    """Put the fake papers first in the catalog, and let them make the papers named
    `instead_of` too (whose scope checks stay their own); a fresh behaviour for each test."""
    global behaviour
    behaviour = Behaviour()
    monkeypatch.setitem(sys.modules, MODULE, sys.modules[__name__])
    papers = (replace(p, module=MODULE) if p.name in instead_of else p for p in catalog.PAPERS)
    monkeypatch.setattr(catalog, "PAPERS", (FAKE, FAKE_CASE, *papers))
    return behaviour
