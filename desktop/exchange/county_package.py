"""县级下发包: what the county decides, sent back to its townships as one workbook they import
(issue 9) — the assessment scheme (the scheme workbook's own sheets, read by the same code), the
role catalogue (岗位目录) and the dispute categories with their deadlines (纠纷类别).

Importing it at a township: the scheme as import_scheme takes any scheme workbook (created, a
new version, or unchanged); roles and categories the township lacks are added after its own, in
the county's order; a category the township has takes the county's deadline. Roles and
categories of the township's own that the county does not list are kept: a township may add its
own (DESIGN: 岗位目录). Every row is checked before anything is saved; the lists are saved in one
transaction after the scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import FengwangError, ValidationError
from desktop.exchange.cells import cell_text, put_cell
from desktop.exchange.files import check_target, save_workbook
from desktop.exchange.reading import read_sheet, sheet_names
from desktop.exchange.scheme_workbook import (
    SchemeImport,
    chosen_scheme,
    import_scheme,
    scheme_book,
)
from desktop.models import CaseCategory, Role
from desktop.services import access, audit, jurisdiction
from desktop.services.access import Permission
from desktop.services.case_settings import LIMITS, list_categories
from desktop.services.identity import to_half_width
from desktop.services.roster import list_roles

ROLES_SHEET = "岗位目录"
CATEGORIES_SHEET = "纠纷类别"
ROLE_HEADERS = ("岗位名称",)
CATEGORY_HEADERS = ("纠纷类别", "办结期限(天)")
NAME_LIMITS = {ROLES_SHEET: 20, CATEGORIES_SHEET: 30}


@dataclass(frozen=True)
class CountyImport:
    scheme: SchemeImport
    roles_added: tuple[str, ...]
    categories_added: tuple[str, ...]
    deadlines_changed: tuple[str, ...]

    @property
    def message(self) -> str:
        parts = [self.scheme.message]
        if self.roles_added:
            parts.append(f"新增岗位 {len(self.roles_added)} 个：{'、'.join(self.roles_added)}")
        if self.categories_added:
            added = "、".join(self.categories_added)
            parts.append(f"新增纠纷类别 {len(self.categories_added)} 个：{added}")
        if self.deadlines_changed:
            changed = "、".join(self.deadlines_changed)
            parts.append(f"按县里规定调整办结期限的类别：{changed}")
        if len(parts) == 1:
            parts.append("岗位目录和纠纷类别与县里一致")
        return "；".join(parts)


def export_county_package(db: Database, path: Path, *, scheme_id: int | None = None) -> str:
    """Write the county's package to `path` with the scheme `scheme_id` (by default the only
    one, latest version); returns what it holds, in words."""
    access.require(db, Permission.EXCHANGE)
    jurisdiction.require_county(db, "向乡镇下发方案和目录")
    check_target(path)
    scheme = chosen_scheme(db, scheme_id)
    book = scheme_book(scheme)
    roles = [role.name for role in list_roles(db)]
    categories = list_categories(db)
    for title, headers, rows in (
        (ROLES_SHEET, ROLE_HEADERS, [(name,) for name in roles]),
        (CATEGORIES_SHEET, CATEGORY_HEADERS, [(c.name, c.due_days) for c in categories]),
    ):
        sheet = book.create_sheet(title)
        for column, text in enumerate(headers, start=1):
            put_cell(sheet, 1, column, text)
            sheet.column_dimensions[chr(64 + column)].width = 22
        for row, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                put_cell(sheet, row, column, value)
    summary = f"{scheme.label}，岗位 {len(roles)} 个，纠纷类别 {len(categories)} 个"
    save_workbook(book, path)
    audit.log_event(
        db,
        "export",
        entity="assessment_scheme",
        entity_id=scheme.id,
        summary=f"导出县级下发包 {Path(path).name}：{summary}",
        detail={"what": "县级下发包", "file": Path(path).name},
    )
    return summary


def import_county_package(db: Database, path: Path) -> CountyImport:
    """Take the county's package (see the module docstring). ValidationError names every bad
    row, and nothing is saved then."""
    access.require(db, Permission.EXCHANGE)
    jurisdiction.require_county(db, "导入县里下发的方案和目录")
    access.require(db, Permission.SETTINGS)
    path = Path(path)
    names = sheet_names(path)
    missing = [title for title in (ROLES_SHEET, CATEGORIES_SHEET) if title not in names]
    if missing:
        raise FengwangError(
            f"{path.name} 不是县级下发包：没有“{'”“'.join(missing)}”工作表"
            "（只有考核细则的表格请在 考核 → 考核细则 中导入）"
        )
    errors: dict[str, str] = {}
    roles = [name for name, _days in _read_list(path, ROLES_SHEET, errors)]
    categories = _read_list(path, CATEGORIES_SHEET, errors, with_days=True)
    if errors:
        raise ValidationError(errors)
    scheme = import_scheme(db, path)
    with db.session() as session:
        have_roles = set(session.scalars(select(Role.name)))
        have = {c.name: c for c in session.scalars(select(CaseCategory))}
        roles_added = [name for name in roles if name not in have_roles]
        last = session.scalar(select(func.max(Role.sort_order))) or 0
        for offset, name in enumerate(roles_added, start=1):
            session.add(Role(name=name, builtin=False, sort_order=last + offset))
        added, changed = [], []
        last = session.scalar(select(func.max(CaseCategory.sort_order))) or 0
        for name, days in categories:
            category = have.get(name)
            if category is None:
                added.append(name)
                session.add(
                    CaseCategory(
                        name=name, builtin=False, sort_order=last + len(added), due_days=days
                    )
                )
            elif category.due_days != days:
                changed.append(name)
                category.due_days = days
    done = CountyImport(scheme, tuple(roles_added), tuple(added), tuple(changed))
    audit.log_event(
        db,
        "import",
        entity="case_category",
        summary=f"导入县级下发包 {path.name}：{done.message}",
        detail={"file": path.name, "roles": roles_added, "categories": added, "deadlines": changed},
    )
    return done


def _read_list(
    path: Path, title: str, errors: dict[str, str], *, with_days: bool = False
) -> list[tuple[str, int | None]]:
    """(name, deadline in days or None) of each row under the header, names as the services
    clean them; problems go into `errors` keyed by sheet and row."""
    low, high = LIMITS["due_days"]
    found: list[tuple[str, int | None]] = []
    seen: set[str] = set()
    for number, row in enumerate(read_sheet(path, title).rows[1:], start=2):
        name = re.sub(r"\s+", "", to_half_width(cell_text(row[0]) if row else ""))
        if not name:
            continue
        where = f"{title}第{number}行"
        if len(name) > NAME_LIMITS[title]:
            errors[where] = f"{where}：“{name}”超过 {NAME_LIMITS[title]} 个字"
        elif name in seen:
            errors[where] = f"{where}：“{name}”重复"
        seen.add(name)
        try:
            days = _days(row[1] if with_days and len(row) > 1 else None)
            if days is not None and not low <= days <= high:
                raise ValueError(days)
        except ValueError:
            errors[where] = f"{where}：办结期限应为 {low}～{high} 天的整数，或留空（按默认期限）"
            days = None
        found.append((name, days))
    return found


def _days(value: Any) -> int | None:
    """A cell's whole number of days, None for a blank; ValueError for anything else."""
    text = cell_text(value)
    if not text:
        return None
    number = float(text)
    if not number.is_integer():
        raise ValueError(text)
    return int(number)
