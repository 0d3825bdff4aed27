"""What every paper is asked for and what it answers: the contract between the report modules and
those who print them (the 报表 centre, the CLI, the buttons where the data is).

Each report module under desktop/reports/ has a TITLE and
``render(db, request, out, progress=None) -> Rendered``; it raises NotFoundError (Chinese
message) when the scope it is asked for does not exist, and writes ``out`` whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

# Called with (done, total) as a long paper is laid out, so the GUI can show progress.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReportRequest:
    """The scope of one paper; each report reads the fields it needs and ignores the rest."""

    month: date | None = None  # the first day of the month
    start: date | None = None  # a range of days, both included (ledgers)
    end: date | None = None
    year: int | None = None
    quarter: int | None = None  # 1..4 with year; None for the whole year
    unit_code: str | None = None  # a village or the township; None for the whole township
    case_number: str | None = None  # 示例镇〔2026〕0012号
    worker_id: str | None = None  # the worker's citizen ID number
    scheme_family: str | None = None  # where several assessment schemes apply in one month
    today: date | None = None  # the generated date printed on the paper; today when None
    author: str = ""  # who prints it (the 制表人 line, and the log of full-detail papers)


@dataclass(frozen=True)
class Rendered:
    pages: int
    # Characters that no available font can draw; the paper shows them as a visible mark and
    # the user is told which ones, never a silent blank.
    missing_characters: frozenset[str] = field(default_factory=frozenset)
    # The paper carries full ID numbers or phones (the mediation agreement).
    full_details: bool = False
